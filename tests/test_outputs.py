"""Outputs are written all at once: on success the target is replaced whole, on any error it is left
exactly as it was and no temporary remains (kratom_course.outputs)."""

import errno
import os
import sys

import pytest

from kratom_course import outputs
from kratom_course.outputs import replace_folder, writing_file, writing_folder


def snapshot_of(root):
    """Every path under `root` with its bytes (files) or None (folders): a before/after comparison."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


class Boom(Exception):
    pass


@pytest.fixture(params=["renameat2", "two renames"])
def swap(request, monkeypatch):
    """Run folder tests both with the Linux exchange and with the portable rename-aside path."""
    if request.param == "two renames":
        monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    elif not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only")
    return request.param


# --- files ---------------------------------------------------------------------------------------------
def test_a_file_is_replaced_and_no_temporary_remains(tmp_path):
    target = tmp_path / "key.md"
    target.write_text("old")
    with writing_file(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_text("new")
        assert target.read_text() == "old"  # nothing visible before the block ends
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["key.md"]


def test_a_new_file_gets_ordinary_permissions_and_its_missing_folders(tmp_path):
    target = tmp_path / "build" / "deep" / "key.md"
    with writing_file(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "key.md"
    target.write_text("old")
    target.chmod(0o640)
    with writing_file(target) as tmp:
        tmp.write_text("new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_an_error_in_the_block_leaves_the_file_and_its_folder_as_they_were(tmp_path):
    target = tmp_path / "key.md"
    target.write_text("old")
    before = snapshot_of(tmp_path)
    with pytest.raises(Boom), writing_file(target) as tmp:
        tmp.write_text("half")
        raise Boom
    assert snapshot_of(tmp_path) == before


def test_an_error_removes_the_folders_it_created(tmp_path):
    with pytest.raises(Boom), writing_file(tmp_path / "build" / "deep" / "key.md"):
        raise Boom
    assert list(tmp_path.iterdir()) == []


def test_a_failing_replace_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "key.md"
    target.write_text("old")
    before = snapshot_of(tmp_path)

    def replace(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(dst))

    monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(OSError, match="cross-device"), writing_file(target) as tmp:
        tmp.write_text("new")
    assert snapshot_of(tmp_path) == before


def test_a_folder_in_the_way_of_a_file_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "key.md").mkdir()
    with pytest.raises(IsADirectoryError), writing_file(tmp_path / "key.md"):
        pytest.fail("the block must not run")
    assert snapshot_of(tmp_path) == {"key.md": None}


def test_a_file_where_a_parent_folder_should_be_fails_and_writes_nothing(tmp_path):
    (tmp_path / "build").write_text("a file, not a folder")
    before = snapshot_of(tmp_path)
    with pytest.raises(OSError), writing_file(tmp_path / "build" / "key.md"):
        pytest.fail("the block must not run")
    assert snapshot_of(tmp_path) == before


# --- folders -------------------------------------------------------------------------------------------
def make_old(folder):
    (folder / "sub").mkdir(parents=True)
    (folder / "stale.svg").write_text("stale")
    (folder / "sub" / "kept.txt").write_text("old")


def test_a_folder_is_replaced_whole(tmp_path, swap):
    target = tmp_path / "figures"
    make_old(target)
    with writing_folder(target) as tmp:
        assert tmp.parent == tmp_path and tmp.is_dir() and not list(tmp.iterdir())
        (tmp / "new.svg").write_text("new")
        assert (target / "stale.svg").exists()  # nothing visible before the block ends
    assert snapshot_of(tmp_path) == {"figures": None, "figures/new.svg": b"new"}


def test_a_new_folder_is_created_with_its_parents(tmp_path):
    target = tmp_path / "build" / "site"
    with writing_folder(target) as tmp:
        (tmp / "index.html").write_text("<p>")
    assert snapshot_of(tmp_path) == {"build": None, "build/site": None, "build/site/index.html": b"<p>"}
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        assert target.stat().st_mode & 0o777 == 0o777 & ~umask


def test_an_error_in_the_block_leaves_the_folder_as_it_was(tmp_path, swap):
    make_old(tmp_path / "figures")
    before = snapshot_of(tmp_path)
    with pytest.raises(Boom), writing_folder(tmp_path / "figures") as tmp:
        (tmp / "half.svg").write_text("half")
        raise Boom
    assert snapshot_of(tmp_path) == before


def test_an_error_with_no_folder_before_leaves_no_folder(tmp_path):
    with pytest.raises(Boom), writing_folder(tmp_path / "build" / "site") as tmp:
        (tmp / "index.html").write_text("<p>")
        raise Boom
    assert list(tmp_path.iterdir()) == []


def test_a_failing_second_rename_is_rolled_back(tmp_path, monkeypatch):
    """Without renameat2: old aside, new in; if the new cannot go in, the old comes back."""
    make_old(tmp_path / "figures")
    before = snapshot_of(tmp_path)
    monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    real_rename, calls = os.rename, []

    def rename(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:
            raise OSError(errno.EACCES, "Permission denied", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(outputs.os, "rename", rename)
    with pytest.raises(PermissionError), writing_folder(tmp_path / "figures") as tmp:
        (tmp / "new.svg").write_text("new")
    assert len(calls) == 3  # aside, in (failed), back
    assert snapshot_of(tmp_path) == before


def test_a_failing_exchange_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    make_old(tmp_path / "figures")
    before = snapshot_of(tmp_path)

    def exchange(a, b):
        raise OSError(errno.EIO, "Input/output error", str(b))

    monkeypatch.setattr(outputs, "_exchange", exchange)
    with pytest.raises(OSError, match="Input/output"), writing_folder(tmp_path / "figures") as tmp:
        (tmp / "new.svg").write_text("new")
    assert snapshot_of(tmp_path) == before


def test_a_file_in_the_way_of_a_folder_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "figures").write_text("a file")
    with pytest.raises(NotADirectoryError), writing_folder(tmp_path / "figures"):
        pytest.fail("the block must not run")
    assert snapshot_of(tmp_path) == {"figures": b"a file"}


def test_replace_folder_refuses_a_file_target(tmp_path):
    (tmp_path / "new").mkdir()
    (tmp_path / "target").write_text("file")
    with pytest.raises(NotADirectoryError):
        replace_folder(tmp_path / "new", tmp_path / "target", tmp_path / "trash")
    assert snapshot_of(tmp_path) == {"new": None, "target": b"file"}


def test_the_exchange_really_swaps_on_linux(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "from-a").write_text("a")
    if not outputs._exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this file system has no RENAME_EXCHANGE")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert list((tmp_path / "a").iterdir()) == []


# --- checking before long work ---------------------------------------------------------------------------
def test_check_writable_leaves_nothing_behind(tmp_path):
    outputs.check_writable(tmp_path / "build" / "deep")
    assert list(tmp_path.iterdir()) == []
    outputs.check_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_check_writable_raises_under_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OSError):
        outputs.check_writable(tmp_path / "afile" / "sub")
    assert snapshot_of(tmp_path) == {"afile": b"x"}


# --- the exchange and the permissions, each on its own (mutants the tests above let through) ---------------
def fake_libc(monkeypatch, *, result=0, err=0, missing=False, unloadable=False):
    """Replace ctypes.CDLL for outputs._exchange: a libc whose renameat2 records its calls and fails with
    `err`, one without renameat2, or one that cannot be loaded."""
    calls = []

    def renameat2(*args):
        calls.append(args)
        outputs.ctypes.set_errno(err)
        return result

    def cdll(*args, **kwargs):
        if unloadable:
            raise OSError("no libc")
        return type("Libc", (), {} if missing else {"renameat2": staticmethod(renameat2)})()

    monkeypatch.setattr(outputs.ctypes, "CDLL", cdll)
    monkeypatch.setattr(outputs.sys, "platform", "linux")
    return calls


def test_on_linux_the_exchange_asks_renameat2_to_exchange_the_two_paths(monkeypatch, tmp_path):
    calls = fake_libc(monkeypatch)
    assert outputs._exchange(tmp_path / "a", tmp_path / "b") is True
    assert [call[4] for call in calls] == [outputs._RENAME_EXCHANGE]
    assert calls[0][1] == os.fsencode(tmp_path / "a") and calls[0][3] == os.fsencode(tmp_path / "b")


@pytest.mark.parametrize("libc", [{"unloadable": True}, {"missing": True}, {"result": -1, "err": errno.EINVAL}])
def test_without_a_working_renameat2_the_exchange_says_no(monkeypatch, tmp_path, libc):
    fake_libc(monkeypatch, **libc)
    assert outputs._exchange(tmp_path / "a", tmp_path / "b") is False


def test_an_exchange_refused_for_another_reason_is_an_error(monkeypatch, tmp_path):
    fake_libc(monkeypatch, result=-1, err=errno.EACCES)
    with pytest.raises(PermissionError):
        outputs._exchange(tmp_path / "a", tmp_path / "b")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_replaced_folder_keeps_its_permissions(tmp_path, swap):
    target = tmp_path / "site"
    target.mkdir()
    target.chmod(0o750)
    with writing_folder(target) as tmp:
        (tmp / "index.html").write_text("new")
    assert target.stat().st_mode & 0o7777 == 0o750


def test_the_old_folder_is_set_aside_under_a_name_of_this_write_only(tmp_path, monkeypatch):
    """Renamed aside next to the target under the temporary's own unique name, so no sibling is touched."""
    monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    seen = []
    original = outputs.replace_folder
    monkeypatch.setattr(
        outputs, "replace_folder", lambda new, target, trash: (seen.append((new, trash)), original(new, target, trash))
    )
    target = tmp_path / "figures"
    target.mkdir()
    with writing_folder(target) as tmp:
        (tmp / "a.svg").write_text("new")
    ((new, trash),) = seen
    assert trash.parent == tmp_path and trash.name == new.name[: -len(".tmp")] + ".old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures"]
