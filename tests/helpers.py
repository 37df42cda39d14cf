"""Shared test helpers: a scratch copy of data/ to break on purpose."""

import shutil
from pathlib import Path

from kratom_course.paths import data_dir


def copy_data(tmp_path: Path) -> Path:
    """A private copy of data/ (tables and datapackage.json) under tmp_path."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target
