"""The course in front of a room, built from the committed notebooks and data/ so it never drifts:

- `summary`: the course's key points (from each notebook's Summary) and the one-page claims table
  (from data/), committed as notebooks/key_points.md and notebooks/claims_summary.md;
- `site`: a static website of the notebooks' committed outputs (Sphinx + MyST-NB), offline;
- `slides`: one reveal.js deck per session plan of notebooks/session_plans.json;
- `handouts`: printable PDFs (ReportLab): the claims sheet and one handout per session plan.

The site, slides and handouts need the build-only packages of requirements-site.txt; they are
imported inside the functions that use them, so the rest of the course works without them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


class RoomError(Exception):
    """A build of the site, slides or handouts cannot run here (e.g. its packages are not installed)."""


def prepare(out: Path) -> None:
    """Before any long work: the output folder can take files, and every table of data/ is valid (a build
    reads many of them through the figures' captions; a malformed one stops it before anything is written)."""
    from .. import data
    from ..outputs import check_writable

    check_writable(out)
    for name in data.table_names():
        data.load(name)


def require(module: str, command: str) -> None:
    """Stop with one line naming the install command when a build-only package is missing."""
    if importlib.util.find_spec(module) is None:
        raise RoomError(
            f"{command} needs the build packages of requirements-site.txt ({module} is missing): "
            ".venv/bin/pip install -r requirements-site.txt"
        )
