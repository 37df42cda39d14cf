"""The seminar guide's numbers hold: the glance table matches the notebooks' own section times, and
every session plan adds up to its length."""

import json
import re

import pytest

from kratom_course import teaching

GUIDE = (teaching.notebooks_dir() / "instructor_guide.md").read_text(encoding="utf-8")
SECTION = re.compile(r"^## \d+\. .+\*\((core|optional), (\d+) min\)\*", re.M)


def section_minutes(path) -> dict[str, int]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    minutes = {"core": 0, "optional": 0}
    for role, value in SECTION.findall(text):
        minutes[role] += int(value)
    return minutes


@pytest.mark.parametrize("path", teaching.course_notebooks(), ids=lambda p: p.stem)
def test_glance_table_matches_the_notebook(path):
    row = re.search(rf"^\| {path.name[:2]} [^|]+\| (\d+) \| (\d+) \|$", GUIDE, re.M)
    assert row, f"instructor_guide.md: no row for notebook {path.name[:2]} in 'The notebooks at a glance'"
    assert section_minutes(path) == {"core": int(row.group(1)), "optional": int(row.group(2))}, path.name


def plans():
    for match in re.finditer(
        r"^### (Plan [A-Z]: .+?\((?:\d+ × )?[\d–]*?(\d+) min\))\n(.*?)(?=^### |^## |\Z)", GUIDE, re.M | re.S
    ):
        yield match.group(1), int(match.group(2)), match.group(3)


@pytest.mark.parametrize(
    "title, length, body", list(plans()), ids=lambda v: v if isinstance(v, str) and v.startswith("Plan") else ""
)
def test_session_plan_adds_up(title, length, body):
    minutes = [int(m) for m in re.findall(r"^\| (\d+) \|", body, re.M)]
    if "×" in title:  # a series of sessions: each row is one session, within the slot's range
        low, high = (int(v) for v in re.search(r"(\d+)–(\d+) min", title).groups())
        assert all(low <= m <= high for m in minutes), f"{title}: a session outside its slot: {minutes}"
    else:
        assert sum(minutes) == length, f"{title}: rows add up to {sum(minutes)}, not {length}"
    assert "Cut to fit" in body or "×" not in title, f"{title}: say what to cut"
