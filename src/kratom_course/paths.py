"""Where the course's folders are. The package is installed editable from the repository,
so the repository root is two levels above this file; KRATOM_COURSE_ROOT overrides it."""

import os
from pathlib import Path


def course_root() -> Path:
    override = os.environ.get("KRATOM_COURSE_ROOT")
    return Path(override) if override else Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return course_root() / "data"


def figures_dir() -> Path:
    return course_root() / "figures"
