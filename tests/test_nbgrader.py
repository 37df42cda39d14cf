"""The nbgrader source that `python -m kratom_course copies` writes: solution regions and hidden tests
in place for every exercise, nothing of them left in what nbgrader releases, and one round trip offline:
generate the release, fill in a copy (right answers for one exercise, wrong for another, a critique),
autograde it, read the score back from the gradebook."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import LOOPBACK

from kratom_course import exercises, teaching
from kratom_course.exercises.engine import Choice, Critique, Numeric, Prediction

EXERCISES = exercises.load_all()
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n.*?### END \1\n?", re.S)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nbgrader") / "nbgrader"
    teaching.write_nbgrader_source(folder)
    return folder


def graded_cells(path: Path) -> dict[str, dict]:
    notebook = nbformat.read(path, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells if "nbgrader" in c.metadata}


def test_one_assignment_per_notebook_with_its_config(source):
    assignments = sorted(p.name for p in (source / "source").iterdir())
    assert assignments == [p.stem for p in teaching.course_notebooks()]
    assert "ClearSolutions.code_stub" in (source / "nbgrader_config.py").read_text(encoding="utf-8")


def test_every_exercise_is_marked_the_way_its_kind_allows(source):
    found: dict[str, dict] = {}
    for path in sorted((source / "source").glob("*/*.ipynb")):
        found.update(graded_cells(path))
    for exercise_id, exercise in EXERCISES.items():
        key = exercise_id.replace(".", "_")
        if isinstance(exercise, Prediction):
            assert f"answer_{key}" not in found, f"{exercise_id}: a prediction is not marked (its result is shown below it)"
            continue
        answer = found[f"answer_{key}"]
        assert answer.metadata["nbgrader"]["solution"] and "### BEGIN SOLUTION" in answer.source, exercise_id
        if isinstance(exercise, Critique):
            assert answer.metadata["nbgrader"]["points"] == teaching.CRITIQUE_POINTS, exercise_id
            assert f"test_{key}" not in found
        else:
            assert isinstance(exercise, Numeric | Choice)
            test = found[f"test_{key}"]
            meta = test.metadata["nbgrader"]
            assert meta["grade"] and meta["locked"] and not meta["solution"] and meta["points"] == 1, exercise_id
            assert "### BEGIN HIDDEN TESTS" in test.source, exercise_id


def test_what_nbgrader_releases_holds_no_answer(source):
    """The release is the source with its regions cleared: no expected value, option or model answer left."""
    for path in sorted((source / "source").glob("*/*.ipynb")):
        released = "\n".join(REGION.sub("", c.source) for c in nbformat.read(path, as_version=4).cells)
        for exercise_id, exercise in EXERCISES.items():
            if exercise_id[:2] != path.name[:2] or isinstance(exercise, Prediction):
                continue
            if isinstance(exercise, Numeric):
                assert repr(float(exercise.expected())) not in released, exercise_id
            if isinstance(exercise, Critique):
                assert exercise.text(exercise.model_answer)[:60] not in released, exercise_id
        assert not re.search(r"\b(check|model_answer|answered|predict)\(", released), path.name


def nbgrader(*args, cwd: Path) -> subprocess.CompletedProcess:
    """Run nbgrader from this environment (its database migrations call the `alembic` script beside it)."""
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def filled(release: Path, answers: dict[str, str]):
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        for variable, value in answers.items():
            cell.source = re.sub(rf"^{variable} = None", lambda _, line=f"{variable} = {value}": line, cell.source, flags=re.M)
    return notebook


@pytest.mark.allow_hosts(LOOPBACK)  # nbgrader's kernel talks over loopback; the offline guard refuses the rest
def test_generate_fill_autograde_and_read_the_score(source, tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(source, course)
    assignment = "05_kratom_and_prolactin_evidence"
    nbgrader("generate_assignment", assignment, "--force", cwd=course)
    release = course / "release" / assignment / f"{assignment}.ipynb"
    assert (course / "release" / assignment / "glossary.md").is_file()

    right = float(EXERCISES["05.2"].expected())
    submission = filled(
        release,
        {
            "answer_05_2": repr(right),  # right: 1 point
            "answer_05_3": "3",  # wrong: 0 points
            "my_answer_05_4": repr("One second-hand case near a low limit cannot show that kratom caused the rise."),
        },
    )
    submitted = course / "submitted" / "learner1" / assignment
    submitted.mkdir(parents=True)
    nbformat.write(submission, submitted / f"{assignment}.ipynb")
    nbgrader("autograde", assignment, "--create", "--force", cwd=course)

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        graded = gradebook.find_submission(assignment, "learner1")
        grades = {grade.name: grade for grade in graded.notebooks[0].grades}
        assert grades["test_05_2"].auto_score == 1
        assert grades["test_05_3"].auto_score == 0
        assert grades["answer_05_4"].needs_manual_grade and grades["answer_05_4"].max_score == teaching.CRITIQUE_POINTS
        assert graded.score == 1 and graded.max_score == 2 + teaching.CRITIQUE_POINTS
