"""Shared by the tests of the site, slides and handouts: whether the build packages (and Chromium) are
here, and a folder-tree fingerprint for determinism checks.

Where requirements-site.txt is not installed the tests skip, except under KRATOM_REQUIRE_BROWSER=1
(set by .ci/run, whose install includes it), where a missing package fails them."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REQUIRED = os.environ.get("KRATOM_REQUIRE_BROWSER") == "1"


def need(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed (pip install -r requirements-site.txt)"
        if REQUIRED:
            pytest.fail(message, pytrace=False)
        pytest.skip(message, allow_module_level=True)


def need_chromium() -> str:
    from room_browser import CHROMIUM

    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("no chromium on PATH (apt-get install chromium)", pytrace=False)
        pytest.skip("Chromium is not installed; browser checks skipped")
    return CHROMIUM


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    a, b = tree_bytes(first), tree_bytes(second)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def artifacts() -> Path:
    from kratom_course.paths import course_root

    folder = course_root() / "test-artifacts" / "room"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
