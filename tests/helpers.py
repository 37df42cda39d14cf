"""Shared test helpers: a scratch copy of data/ to break on purpose, and one cell changed in it."""

import csv
import io
import shutil
from pathlib import Path

from kratom_course.paths import data_dir


def copy_data(tmp_path: Path) -> Path:
    """A private copy of data/ (tables and datapackage.json) under tmp_path."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def set_cell(path: Path, row_id: str, column: str, value: str) -> None:
    """Set one cell of a CSV table (the row whose first column is row_id), keeping the rest as it was."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    index = rows[0].index(column)
    for row in rows[1:]:
        if row[0] == row_id:
            row[index] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
