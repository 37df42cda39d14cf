"""The course's conventions, enforced (see the README's section on writing a notebook).

No spoilers in committed outputs; exercises defined, placed and phrased as the engine expects; no
typed numbers in feedback, captions or alt text; sections carry their time; links resolve; language.
"""

import json
import re

import pytest

from kratom_course import exercises, plots, teaching
from kratom_course.exercises.engine import Choice, Critique, Numeric, Prediction

NOTEBOOKS = teaching.course_notebooks()
IDS = [p.stem for p in NOTEBOOKS]
EXERCISES = exercises.load_all()

VERDICT = re.compile(r"Exercise \d\d\.\d: (correct|not this one|not yet)|Model answer to exercise|prediction .+ recorded")
PLACEHOLDER_MESSAGES = ("no answer yet", "no prediction yet", "write your own answer first")
CALL = re.compile(r"\b(check|predict|model_answer)\(\s*\"(\d\d\.\d)\"")
# A number standing alone (not part of an identifier such as P7, C12, 7-OH or CYP3A4).
TYPED_NUMBER = re.compile(r"(?<![\w.\-/])\d+(?:[.,]\d+)*(?![\w\-])")
ALLOWED_NUMBERS = {"0", "1", "2", "3", "4", "5", "6", "10", "50", "90", "95", "100"}
YEAR = re.compile(r"(19[5-9]\d|20[0-3]\d)")
SECTION = re.compile(r"^## (\d+)\. .+\*\((core|optional), \d+ min\)\*\s*$", re.M)
NOT_PERSON_FIRST = re.compile(r"\b(addicts?|abusers?|junkies?|drug abuse)\b", re.I)


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"])


def output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        for value in out.get("data", {}).values():
            parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else "")
    return "\n".join(parts)


def notebook_id(path) -> str:
    return path.name[:2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_committed_output_reveals_an_answer(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            found = VERDICT.search(output_text(cell))
            assert not found, f"{path.name}: a committed output gives an answer away: {found.group(0)!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_untouched_exercise_cells_ask_for_an_answer(path):
    for cell in cells(path):
        calls = [(m.group(1), m.group(2)) for m in CALL.finditer(source(cell))] if cell["cell_type"] == "code" else []
        if not calls:
            continue
        # checking a recorded prediction reuses the learner's variable; every other exercise cell starts from None
        rechecks = all(kind == "check" and isinstance(EXERCISES.get(i), Prediction) for kind, i in calls)
        if not rechecks:
            assert re.search(r"^(answer|prediction|my_answer)_\d\d_\d = None\b", source(cell), re.M), (
                f"{path.name}: an exercise cell does not start from a None placeholder:\n{source(cell)}"
            )
        assert any(m in output_text(cell) for m in PLACEHOLDER_MESSAGES), (
            f"{path.name}: an exercise cell's committed output is not a 'no answer yet' message"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_solutions_are_collapsed_markdown(path):
    for cell in cells(path):
        tags = set(cell.get("metadata", {}).get("tags", []))
        text = source(cell)
        if teaching.SOLUTION_TAG in tags:
            assert cell["cell_type"] == "markdown", f"{path.name}: an executed solution cell (code) would print its answer"
            assert text.lstrip().startswith("<details>") and "</details>" in text, f"{path.name}: solution not collapsed"
        if "<summary>Worked solution" in text:
            assert teaching.SOLUTION_TAG in tags, f"{path.name}: untagged worked solution"
        if "## Instructor notes" in text:
            assert teaching.INSTRUCTOR_TAG in tags, f"{path.name}: untagged instructor notes"
            assert text.lstrip().startswith("<details>"), f"{path.name}: instructor notes (they hold answers) not folded"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercises_in_the_notebook_match_their_definitions(path):
    used = {m.group(2) for c in cells(path) if c["cell_type"] == "code" for m in CALL.finditer(source(c))}
    defined = {i for i in EXERCISES if i.startswith(notebook_id(path) + ".")}
    assert used == defined, f"{path.name}: used {sorted(used)}, defined {sorted(defined)}"
    assert 3 <= len(defined) <= 4, f"{path.name}: {len(defined)} exercises; the course asks for 3-4"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_checked_exercise_has_a_worked_solution(path):
    text = "\n".join(source(c) for c in cells(path))
    checked = [i for i, e in EXERCISES.items() if i.startswith(notebook_id(path) + ".") and not isinstance(e, Critique)]
    assert text.count("<summary>Worked solution") >= len(checked), f"{path.name}: fewer worked solutions than exercises"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_predictions_are_recorded_before_they_are_checked(path):
    positions = {}
    for index, cell in enumerate(cells(path)):
        for match in CALL.finditer(source(cell)):
            positions.setdefault((match.group(1), match.group(2)), index)
    for exercise_id, exercise in EXERCISES.items():
        if exercise_id.startswith(notebook_id(path) + ".") and isinstance(exercise, Prediction):
            recorded, checked = positions.get(("predict", exercise_id)), positions.get(("check", exercise_id))
            assert recorded is not None and checked is not None, f"{exercise_id}: needs predict(...) and later check(...)"
            assert checked > recorded + 1, f"{exercise_id}: the result must be shown between prediction and check"


def typed_numbers(text: str) -> list[str]:
    text = re.sub(r"\{[^}]*\}", "", text)  # computed fields are fine
    return [n for n in TYPED_NUMBER.findall(text) if n not in ALLOWED_NUMBERS and not YEAR.fullmatch(n)]


def exercise_texts(exercise) -> list[str]:
    texts = []
    if isinstance(exercise, Numeric):
        texts += [exercise.why, exercise.hint, *(s.message for s in exercise.slips.values())]
    if isinstance(exercise, Choice):
        texts += list(exercise.feedback.values())
    if isinstance(exercise, Critique):
        texts += [exercise.model_answer, *exercise.rubric]
    return texts


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_feedback_holds_no_typed_numbers(exercise_id):
    for text in exercise_texts(EXERCISES[exercise_id]):
        assert not typed_numbers(text), (
            f"{exercise_id}: typed number(s) {typed_numbers(text)} in {text!r}: compute them in facts()"
        )


@pytest.mark.parametrize("name", sorted(plots.registry()))
def test_captions_and_alt_text_hold_no_typed_numbers(name):
    spec = plots.registry()[name]
    for text in (spec.caption_template, spec.alt_template):
        assert not typed_numbers(text), f"{name}: typed number(s) {typed_numbers(text)}: compute them in facts()"
    assert spec.caption and spec.sources and len(spec.alt) >= 40


@pytest.mark.parametrize("name", sorted(plots.registry()))
def test_each_figure_is_shown_in_its_notebook(name):
    spec = plots.registry()[name]
    path = teaching.notebooks_dir() / f"{spec.notebook}.ipynb"
    assert any(f'plots.show("{name}")' in source(c) for c in cells(path) if c["cell_type"] == "code"), (
        f"{name} not shown in {path.name}"
    )


def test_every_exercise_says_what_it_assesses():
    for exercise_id, exercise in EXERCISES.items():
        assert exercise.kind in {"predict", "compute", "choice", "critique"}, exercise_id
        assert exercise.assesses and "to be written" not in exercise.assesses, f"{exercise_id}: what does it assess?"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_anatomy_and_timed_sections(path):
    text = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    for heading in ("## Overview", "## Prerequisites", "## Summary", "## What next", "## References", "## Instructor notes"):
        assert heading in text, f"{path.name}: no '{heading}' section"
    numbered = re.findall(r"^## \d+\. .*$", text, re.M)
    assert numbered, f"{path.name}: no numbered sections"
    for heading in numbered:
        assert SECTION.match(heading), f"{path.name}: section without '*(core|optional, N min)*': {heading}"


@pytest.mark.parametrize("path", NOTEBOOKS + [teaching.notebooks_dir() / "instructor_guide.md"], ids=lambda p: p.name)
def test_links_to_course_files_resolve(path):
    text = path.read_text(encoding="utf-8")
    glossary = (teaching.notebooks_dir() / "glossary.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+)$", glossary, re.M)
    # JupyterLab's anchor is the heading text with spaces as hyphens; GitHub's is the lower-case slug.
    anchors = {h.strip().replace(" ", "-") for h in headings}
    assert anchors == {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}, (
        "glossary headings must be lower case without punctuation so both anchors agree"
    )
    for target in re.findall(r"\]\((?!https?:)([^)#\s]+)(#[^)\s]*)?\)", text):
        file, anchor = target
        assert (path.parent / file).exists(), f"{path.name}: link to missing file {file}"
        if file == "glossary.md" and anchor:
            assert anchor[1:].lower() in anchors, f"{path.name}: no glossary entry for {anchor}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_person_first_language(path):
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            found = NOT_PERSON_FIRST.search(source(cell))
            assert not found, f"{path.name}: '{found.group(0)}' (write person-first: people who use opioids)"
