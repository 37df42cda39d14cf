"""The teaching layer: student, exam and instructor copies, answer key, reading list, figures for slides."""

import json

import nbformat
import pytest

from kratom_course import data, plots, references, teaching
from kratom_course.paths import figures_dir

NOTEBOOKS = teaching.course_notebooks()


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    return teaching.build_copies(tmp_path_factory.mktemp("build"))


def test_a_copy_of_each_kind_for_every_notebook(copies):
    for kind in ("student", "exam", "instructor"):
        assert [p.name for p in copies[kind]] == [p.name for p in NOTEBOOKS], kind


def test_student_copy_keeps_collapsed_solutions_and_drops_instructor_notes(copies):
    for path in copies["student"]:
        text = json.dumps(nbformat.read(path, as_version=4))
        assert "## Instructor notes" not in text, path.name
        assert "<summary>Worked solution" in text, path.name


def test_exam_copy_has_neither_solutions_nor_instructor_notes(copies):
    for path in copies["exam"]:
        text = json.dumps(nbformat.read(path, as_version=4))
        assert "<summary>Worked solution" not in text and "## Instructor notes" not in text, path.name


def test_copies_differ_from_the_tested_notebook_only_in_markdown_and_outputs(copies):
    """So they run wherever the notebook runs (nbval runs the notebook): no code cell is removed."""
    for original, *made in zip(NOTEBOOKS, copies["student"], copies["exam"]):
        code = [c.source for c in nbformat.read(original, as_version=4).cells if c.cell_type == "code"]
        for path in made:
            copy = nbformat.read(path, as_version=4)
            assert [c.source for c in copy.cells if c.cell_type == "code"] == code, path
            assert not any(c.outputs for c in copy.cells if c.cell_type == "code"), f"{path}: outputs not cleared"


def test_answer_key_lists_every_exercise():
    from kratom_course import exercises

    key = teaching.answer_key()
    for exercise_id in exercises.load_all():
        assert f"| {exercise_id} |" in key


def test_reading_list_round_trips(tmp_path):
    import bibtexparser
    import rispy

    ris, bib, csl = references.export_reading_list(tmp_path)
    refs = data.load("references")
    ids = sorted(refs["ref_id"])
    ris_entries = rispy.loads(ris.read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in ris_entries) == ids
    by_id = {e["id"]: e for e in ris_entries}
    for _, row in refs.iterrows():
        assert by_id[row["ref_id"]]["title"] == row["title"]
        if not isinstance(row["doi"], type(refs["doi"].dtype.na_value)):
            assert by_id[row["ref_id"]].get("doi") == row["doi"]
    library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert sorted(e.key for e in library.entries) == ids
    assert sorted(item["id"] for item in json.loads(csl.read_text(encoding="utf-8"))) == ids


def test_committed_svgs_are_reproduced_byte_for_byte(tmp_path):
    plots.export_all(tmp_path)
    for spec in plots.registry():
        committed = figures_dir() / f"{spec}.svg"
        assert committed.exists(), f"figures/{spec}.svg missing: run python -m kratom_course figures"
        assert (tmp_path / f"{spec}.svg").read_bytes() == committed.read_bytes(), f"figures/{spec}.svg is stale"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (figures_dir() / "README.md").read_text(encoding="utf-8")
