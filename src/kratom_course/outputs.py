"""Write a file or a folder all at once: readers see the old version or the new one, never half of one.

    with writing_file(build / "answer-key.md") as tmp:
        tmp.write_text(text, encoding="utf-8")          # write to `tmp`, never to the target

    with writing_folder(figures) as tmp:
        (tmp / "01_a.svg").write_bytes(svg)             # fill `tmp`; it replaces `figures` as a whole

Both yield a temporary path next to the target (same folder, so the same file system, so a rename
is atomic). When the block ends normally the temporary replaces the target in one step; when it
raises, the temporary is removed and the target is left exactly as it was (and so are folders that
did not exist: parents created for the target are removed again). A folder is swapped with Linux
`renameat2(RENAME_EXCHANGE)` where available; elsewhere the old folder is renamed aside, the new one
renamed in, and the old one put back if that second rename fails. `replace_folder` is that one swap,
used by the literature refresh too.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["check_writable", "replace_folder", "sync_folder", "writing_file", "writing_folder"]


# --- the swap ------------------------------------------------------------------------------------------
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # old kernel, or a file system (some network or FUSE mounts) without exchange
    raise OSError(err, os.strerror(err), str(b))


def sync_folder(path: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_folder(new: Path, target: Path, trash: Path) -> None:
    """Put folder `new` at `target` in one step. The previous `target`, if any, ends at `new` (after an
    exchange) or at `trash` (after two renames); the caller removes it. On failure nothing has moved."""
    new, target, trash = Path(new), Path(target), Path(trash)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(target))
    if not target.exists():
        os.rename(new, target)  # atomic; fails rather than overwrite if a folder appears meanwhile
    elif not _exchange(new, target):
        os.rename(target, trash)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(trash, target)
            raise
    sync_folder(target.parent)


# --- the context managers ------------------------------------------------------------------------------
def _create_parents(folder: Path) -> list[Path]:
    """mkdir -p, returning the folders it created (deepest last) so a failure can remove them again."""
    missing = []
    for parent in [folder, *folder.parents]:
        if parent.exists():
            break
        missing.append(parent)
    for parent in reversed(missing):
        parent.mkdir()
    return missing[::-1]


def _remove_created(created: list[Path]) -> None:
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if still empty


def _default_mode(is_folder: bool) -> int:
    """The permissions a plain open()/mkdir() would give (tempfile makes 0600/0700, too strict to publish)."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if is_folder else 0o666) & ~umask


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def check_writable(folder: str | os.PathLike) -> None:
    """Raise OSError now if files cannot be created in `folder`: a tool checks its output before long work
    (network, kernels). Folders created for the check are removed again, so nothing is left behind."""
    folder = Path(folder)
    created = _create_parents(folder)
    try:
        fd, name = tempfile.mkstemp(prefix=".write-check-", dir=folder)
        os.close(fd)
        os.unlink(name)
    finally:
        _remove_created(created)


@contextlib.contextmanager
def writing_file(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary file path next to `path`; on success it replaces `path` atomically."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))
    created = _create_parents(target.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except BaseException:
        _remove_created(created)
        raise
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        mode = target.stat().st_mode & 0o7777 if target.exists() else _default_mode(is_folder=False)
        os.chmod(tmp, mode)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)  # atomic on POSIX and on Windows (MoveFileEx with REPLACE_EXISTING)
        sync_folder(target.parent)
    except BaseException:
        _remove(tmp)
        _remove_created(created)
        raise


@contextlib.contextmanager
def writing_folder(path: str | os.PathLike) -> Iterator[Path]:
    """Yield an empty temporary folder next to `path`; on success it replaces the folder `path` as a whole."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(target))
    created = _create_parents(target.parent)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except BaseException:
        _remove_created(created)
        raise
    trash = tmp.with_name(tmp.name[: -len(".tmp")] + ".old")
    try:
        yield tmp
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else _default_mode(is_folder=True))
        replace_folder(tmp, target, trash)
    except BaseException:
        _remove(tmp)
        _remove_created(created)
        raise
    # the old folder now sits at `tmp` (exchanged) or at `trash` (renamed aside): remove it
    _remove(tmp)
    _remove(trash)
