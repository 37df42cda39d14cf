"""The copies an instructor hands out hold: every link and anchor works in every copy, the exam copy
cannot mark itself (run with wrong and with right answers in every exercise, it prints no verdict, model
answer or rubric), and no copy promises what it lacks."""

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest
from conftest import LOOPBACK

from kratom_course import exercises, teaching
from kratom_course.exercises.engine import Choice, Critique, Numeric

NOTEBOOKS = teaching.course_notebooks()
EXERCISES = exercises.load_all()
ANSWER_LINE = re.compile(r"^((?:answer|prediction|my_answer)_(\d\d)_(\d+)) = None\b", re.M)
VERDICTS = re.compile(
    r"Exercise \d\d\.\d+: (?:correct|not yet|not this one|your prediction)|Model answer to exercise|A good answer:"
    r"|Enter your answer to exercise|prediction '.*' recorded|no answer yet"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    return out, teaching.build_copies(out)


def copy_folders(out: Path) -> list[Path]:
    return [out / kind for kind in teaching.KINDS] + sorted((out / "nbgrader" / "source").iterdir())


def markdown_of(path: Path) -> str:
    """The Markdown of a notebook or a .md file, without code (a link written in backticks is an example)."""
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    return re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)


def anchors_of(path: Path) -> set[str]:
    """The anchors a heading makes: JupyterLab's (text, spaces as hyphens) and GitHub's (lower-case slug)."""
    headings = re.findall(r"^#{1,6} (.+?)\s*$", markdown_of(path), re.M)
    jupyterlab = {h.replace(" ", "-") for h in headings}
    github = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    return jupyterlab | github


def test_every_relative_link_and_anchor_works_in_every_copy(built):
    out, _ = built
    checked = 0
    for folder in copy_folders(out):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".ipynb", ".md"):
                continue
            for match in re.finditer(r"\]\((?!https?:|mailto:)([^)\s#]*)(#[^)\s]*)?\)", markdown_of(path)):
                target, anchor = match.group(1), match.group(2)
                resolved = (path.parent / target) if target else path
                assert resolved.is_file(), f"{path.relative_to(out)}: link to missing {target}"
                if anchor:
                    assert anchor[1:] in anchors_of(resolved), f"{path.relative_to(out)}: no anchor {anchor} in {target}"
                checked += 1
    assert checked > 100, checked


def test_the_glossary_travels_with_every_copy(built):
    out, _ = built
    for folder in copy_folders(out):
        assert (folder / "glossary.md").is_file(), folder


def test_the_instructor_copy_carries_the_guide_and_the_plans(built):
    out, _ = built
    assert (out / "instructor" / teaching.GUIDE_FILE).is_file()
    assert json.loads((out / "instructor" / teaching.PLANS_FILE).read_text(encoding="utf-8"))["plans"]


def test_a_copy_of_each_kind_for_every_notebook(built):
    _, written = built
    for kind in teaching.KINDS:
        assert [p.name for p in written[kind]] == [p.name for p in NOTEBOOKS], kind


def test_student_copy_keeps_collapsed_solutions_and_drops_instructor_notes(built):
    _, written = built
    for path in written["student"]:
        text = json.dumps(nbformat.read(path, as_version=4))
        assert "## Instructor notes" not in text, path.name
        assert "<summary>Worked solution" in text, path.name


def test_student_copy_code_is_the_tested_notebook_code_with_outputs_cleared(built):
    """So it runs wherever the notebook runs (nbval runs the notebook)."""
    _, written = built
    for original, path in zip(NOTEBOOKS, written["student"]):
        code = [c.source for c in nbformat.read(original, as_version=4).cells if c.cell_type == "code"]
        copy = nbformat.read(path, as_version=4)
        assert [c.source for c in copy.cells if c.cell_type == "code"] == code, path
        assert not any(c.outputs for c in copy.cells if c.cell_type == "code"), f"{path}: outputs not cleared"


def exam_names(path: Path) -> set[str]:
    names = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Name):
                    names.add(node.id)
                elif isinstance(node, ast.Attribute):
                    names.add(node.attr)
                elif isinstance(node, ast.ImportFrom):
                    names.add(node.module or "")
                    names.update(alias.name for alias in node.names)
    return names


def test_the_exam_copy_holds_no_call_that_checks_or_reveals(built):
    _, written = built
    for path in written["exam"]:
        found = exam_names(path) & (teaching.SELF_CHECKS | {"kratom_course.exercises", "exercises", "EXERCISES"})
        assert not found, f"{path.name}: {found}"
        text = json.dumps(nbformat.read(path, as_version=4))
        assert "<summary>Worked solution" not in text and "## Instructor notes" not in text, path.name


def test_the_exam_copy_keeps_a_place_for_every_answer(built):
    _, written = built
    for original, path in zip(NOTEBOOKS, written["exam"]):
        before = set(ANSWER_LINE.findall(markdown_and_code(original)))
        after = set(ANSWER_LINE.findall(markdown_and_code(path)))
        assert before and before == after, path.name


def markdown_and_code(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)


@pytest.mark.parametrize("kind", ["exam"])
def test_no_copy_promises_what_it_lacks(built, kind):
    _, written = built
    for path in written[kind]:
        text = markdown_of(path).split("\n", 1)[1].lower()  # after the banner, which says what the copy lacks
        for promise in teaching.PROMISES:
            assert promise not in text, f"{path.name}: '{promise}'"


def test_promises_are_cut_at_the_clause():
    assert teaching.without_promises(
        "Write one line per claim, then run the cell: the ledger's split appears once your answer has a few sentences."
    ) == ("Write one line per claim, then run the cell.")
    assert teaching.without_promises("Limits differ (the table above, once you have answered 04.2), so.") == "Limits differ, so."
    assert teaching.without_promises("# Title\n\nAfter your own answer, the ledger's reasons:") == "# Title"


def test_cells_tagged_reveal_stay_out_of_the_exam_copy_only():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("Question."),
        nbformat.v4.new_markdown_cell("Several dozen, as the result shows."),
    ]
    notebook.cells[1].metadata["tags"] = [teaching.REVEAL_TAG]
    assert len(teaching.learner_copy(notebook, "student").cells) == 2
    assert [c.source for c in teaching.learner_copy(notebook, "exam").cells][1:] == ["Question."]


def test_self_checks_and_gated_reveals_are_taken_out_of_code():
    source = (
        "from kratom_course.exercises import answered, check\nfrom kratom_course import data\n"
        "answer_05_2 = None  # your number\ncheck('05.2', answer_05_2)\n"
        "claims = data.load('claims')\n# shown only once you have answered\n"
        "if answer_05_2 is None:\n    print('wait')\nelse:\n    print(claims)\n"
        "if answered('05.4', my_answer_05_4, 'the row'):\n    display(claims)\n"
    )
    kept, removed = teaching.without_self_checks(source)
    assert removed
    assert kept == "from kratom_course import data\nanswer_05_2 = None  # your number\nclaims = data.load('claims')"


def test_the_line_that_introduces_a_gated_reveal_leaves_the_exam_copy_with_it():
    """Read back from JSON, as notebooks are: the cells' strings are not the interned literals of the code."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("## Exercise 05.4"),
        nbformat.v4.new_code_cell("my_answer_05_4 = None"),
        nbformat.v4.new_markdown_cell("The row of the ledger for this claim:"),
        nbformat.v4.new_code_cell("if answered('05.4', my_answer_05_4, 'the row'):\n    display(claims)"),
        nbformat.v4.new_markdown_cell("## Next section"),
        nbformat.v4.new_code_cell("if answered('05.5', my_answer_05_5, 'the row'):\n    display(claims)"),
    ]
    notebook = nbformat.reads(nbformat.writes(notebook), as_version=4)
    kept = [cell.source for cell in teaching.exam_cells(notebook.cells)]
    assert kept == ["## Exercise 05.4", "my_answer_05_4 = None", "## Next section"]
    raw = nbformat.reads(nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_raw_cell("raw text")])), 4)
    assert [c.source for c in teaching.exam_cells([*raw.cells, notebook.cells[3]])] == ["raw text"]  # only text goes


def test_a_comment_on_the_first_line_goes_with_the_gated_reveal_below_it():
    kept, removed = teaching.without_self_checks("# shown once you have answered\nif answered('05.4', a, 'x'):\n    show()")
    assert removed and kept == ""


def test_clearing_outputs_touches_only_code_cells():
    output = nbformat.v4.new_output("stream", name="stdout", text="2")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("Text."), nbformat.v4.new_code_cell("1 + 1", outputs=[output], execution_count=3)]
    )
    notebook = teaching._cleared(nbformat.reads(nbformat.writes(notebook), as_version=4))
    assert "outputs" not in notebook.cells[0] and "execution_count" not in notebook.cells[0]
    assert notebook.cells[1].outputs == [] and notebook.cells[1].execution_count is None
    nbformat.validate(notebook)


# --- the exam copy, run: wrong answers, then right answers, in every exercise ----------------------------
def answer_for(exercise, right: bool):
    if isinstance(exercise, Numeric):
        expected = float(exercise.expected())
        return expected if right else expected * 3 + 7
    if isinstance(exercise, Choice):
        return exercise.correct if right else sorted(set(exercise.feedback) - {exercise.correct})[0]
    if isinstance(exercise, Critique):
        return exercise.text(exercise.model_answer) if right else " ".join(f"word{i}" for i in range(20))
    raise TypeError(exercise)


def filled(path: Path, right: bool):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for variable, nb, number in ANSWER_LINE.findall(cell.source):
                value = answer_for(EXERCISES[f"{nb}.{number}"], right)
                cell.source = re.sub(
                    rf"^{variable} = None", lambda _, line=f"{variable} = {value!r}": line, cell.source, flags=re.M
                )
    return notebook


def revealing_texts() -> list[str]:
    """Fragments of every model answer and rubric point, as the engine would print them."""
    texts = []
    for exercise in EXERCISES.values():
        if isinstance(exercise, Critique):
            texts += [exercise.text(exercise.model_answer)[:60]] + [exercise.text(p)[:60] for p in exercise.rubric]
    return texts


@pytest.mark.allow_hosts(LOOPBACK)  # the kernel talks to the test over loopback; the offline guard refuses the rest
@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[p.stem[:2] for p in NOTEBOOKS])
def test_the_exam_copy_run_with_any_answers_prints_no_verdict_or_model_answer(built, index, tmp_path):
    from nbclient import NotebookClient

    out, written = built
    path = written["exam"][index]
    fragments = revealing_texts()
    for right in (False, True):
        notebook = filled(path, right)
        NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            shown = "\n".join(
                o.get("text", "")
                + json.dumps(o.get("data", {}).get("text/plain", ""))
                + json.dumps(o.get("data", {}).get("text/html", ""))
                for o in cell.outputs
            )
            verdict = VERDICTS.search(shown)
            assert not verdict, (
                f"{path.name} ({'right' if right else 'wrong'} answers): '{verdict.group(0)}' in {cell.source[:80]!r}"
            )
            leaked = [f for f in fragments if f and f in shown]
            assert not leaked, f"{path.name}: model answer or rubric printed: {leaked[0]!r}"
            assert not any(o.get("output_type") == "error" for o in cell.outputs), f"{path.name}: error in {cell.source[:80]!r}"
