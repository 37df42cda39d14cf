"""The teaching layer: student and instructor copies, reading list, figures for slides."""

import json

import nbformat
import pytest
from nbclient import NotebookClient

from kratom_course import data, figures, teaching
from kratom_course.paths import figures_dir

from conftest import LOOPBACK

NOTEBOOKS = sorted(teaching.notebooks_dir().glob("*.ipynb"))


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    return teaching.build_copies(tmp_path_factory.mktemp("build"))


def test_a_copy_of_each_kind_for_every_notebook(copies):
    assert [p.name for p in copies["student"]] == [p.name for p in NOTEBOOKS]
    assert [p.name for p in copies["instructor"]] == [p.name for p in NOTEBOOKS]


def test_student_copy_contains_no_solution_or_instructor_text(copies):
    for path in copies["student"]:
        notebook = nbformat.read(path, as_version=4)
        text = json.dumps(notebook)
        assert "<summary>Worked solution" not in text and "## Instructor notes" not in text, path.name
        assert not any(teaching.cell_tags(c) & teaching.STUDENT_REMOVES for c in notebook.cells)


def test_every_notebook_marks_its_solutions_and_instructor_notes():
    for path in NOTEBOOKS:
        tags = [teaching.cell_tags(c) for c in nbformat.read(path, as_version=4).cells]
        assert any(teaching.SOLUTION_TAG in t for t in tags), f"{path.name} has no solution cells"
        assert any(teaching.INSTRUCTOR_TAG in t for t in tags), f"{path.name} has no instructor notes"


def test_solutions_are_only_in_tagged_cells():
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if "<summary>Worked solution" in cell.source:
                assert teaching.SOLUTION_TAG in teaching.cell_tags(cell), f"untagged solution in {path.name}"
            if "## Instructor notes" in cell.source:
                assert teaching.INSTRUCTOR_TAG in teaching.cell_tags(cell), f"untagged instructor notes in {path.name}"


def run(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(teaching.notebooks_dir())}}).execute()
    return notebook


@pytest.mark.allow_hosts(LOOPBACK)
@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[p.stem for p in NOTEBOOKS])
def test_student_copy_runs_and_its_self_checks_answer(copies, index):
    notebook = run(copies["student"][index])
    outputs = " ".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    checks = sum("exercises.check(" in c.source for c in notebook.cells if c.cell_type == "code")
    assert outputs.count("no answer yet") == checks


@pytest.mark.allow_hosts(LOOPBACK)
@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[p.stem for p in NOTEBOOKS])
def test_instructor_copy_runs(copies, index):
    notebook = run(copies["instructor"][index])
    assert not any(o.output_type == "error" for c in notebook.cells if c.cell_type == "code" for o in c.outputs)


def test_reading_list_round_trips(tmp_path):
    import bibtexparser
    import rispy

    ris, bib, csl = teaching.export_reading_list(tmp_path)
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
    figures.export_all(tmp_path)
    for spec in figures.registry():
        committed = figures_dir() / f"{spec}.svg"
        assert committed.exists(), f"figures/{spec}.svg missing: run python -m kratom_course.figures"
        assert (tmp_path / f"{spec}.svg").read_bytes() == committed.read_bytes(), f"figures/{spec}.svg is stale"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (figures_dir() / "README.md").read_text(encoding="utf-8")


def test_every_registered_figure_has_caption_sources_and_alt_text():
    for spec in figures.registry().values():
        assert spec.caption and spec.sources and len(spec.alt) > 40, spec.name


def test_each_registered_figure_is_shown_in_its_notebook_with_alt_text():
    for spec in figures.registry().values():
        path = teaching.notebooks_dir() / f"{spec.notebook}.ipynb"
        cells = nbformat.read(path, as_version=4).cells
        shows = [i for i, c in enumerate(cells) if f'show("{spec.name}")' in c.source]
        assert shows, f"{spec.name} is not shown in {path.name}"
        intro = cells[shows[0] - 1]
        assert intro.cell_type == "markdown" and "Alt text" in intro.source, f"{spec.name}: no alt text before it"
