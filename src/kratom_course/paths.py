"""Where the course's folders are.

Installed editable from the repository (the README's way), the course folder is two levels above
this file. Installed as a regular package, the course folder is found from the working directory
(it or a parent holds data/datapackage.json), or named by the KRATOM_COURSE_ROOT variable.
"""

import os
from pathlib import Path

MARKER = Path("data") / "datapackage.json"


class CourseFolderNotFound(FileNotFoundError):
    pass


def course_root() -> Path:
    override = os.environ.get("KRATOM_COURSE_ROOT")
    if override:
        if not (Path(override) / MARKER).exists():
            raise CourseFolderNotFound(f"KRATOM_COURSE_ROOT={override} has no {MARKER}; point it at the course folder")
        return Path(override)
    candidates = [Path(__file__).resolve().parents[2], *[Path.cwd(), *Path.cwd().parents]]
    for candidate in candidates:
        if (candidate / MARKER).exists():
            return candidate
    raise CourseFolderNotFound(
        f"kratom_course could not find the course folder (the one holding {MARKER}). Run from inside the "
        "course folder, or set KRATOM_COURSE_ROOT=/path/to/the/course."
    )


def data_dir() -> Path:
    return course_root() / "data"


def figures_dir() -> Path:
    return course_root() / "figures"
