"""Seminar material generated from the notebooks, the exercises and the plans, never edited by hand.

Cell tags the notebooks use (the README's contributor section says how):
- `solution`: a worked solution, a collapsed `<details>` block in markdown (no executed code, so
  Run All shows nothing of it);
- `instructor`: the instructor notes;
- `reveal` (optional): prose or code after an exercise that discusses its result; the exam copy leaves it out.

Copies (`python -m kratom_course copies`), written to build/, each folder swapped in whole and
carrying the glossary and every other file its notebooks link to:
- `student/`: outputs cleared; instructor notes removed; self-checks and collapsed worked solutions
  kept, so a learner working alone can check and open them when ready (formative use);
- `exam/`: outputs cleared; instructor notes, worked solutions, `reveal` cells, every self-check call,
  gated reveal and sentence promising one removed: each exercise keeps its question, skeleton and
  placeholder, and nothing in the copy can mark it;
- `instructor/`: everything, with a banner, the seminar guide and the session plans;
- `nbgrader/`: an nbgrader course source, one assignment per notebook (`nbgrader_notebook`).
`python -m kratom_course answer-key` writes build/answer-key.md. The session plans
(notebooks/session_plans.json) are read and checked by `session_plans()`, and the seminar guide's
tables are generated from them and from the notebooks' section headings (`python -m kratom_course.teaching`).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .outputs import writing_file, writing_folder
from .paths import course_root

SOLUTION_TAG = "solution"
INSTRUCTOR_TAG = "instructor"
REVEAL_TAG = "reveal"  # prose or code that discusses an exercise's result: kept for learners, not in an exam
REMOVED_FROM = {"student": {INSTRUCTOR_TAG}, "exam": {INSTRUCTOR_TAG, SOLUTION_TAG, REVEAL_TAG}, "instructor": set()}


def notebooks_dir() -> Path:
    return course_root() / "notebooks"


def build_dir() -> Path:
    return course_root() / "build"


def course_notebooks() -> list[Path]:
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def cell_tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _clone(notebook):
    return nbformat.from_dict(json.loads(json.dumps(notebook)))


# --- the notebooks' own outline: sections, their minutes, exercises and figures -------------------------
SECTION_HEADING = re.compile(r"^## (\d+)\. (.+?)\s*\*\((core|optional), (\d+) min\)\*", re.M)
EXERCISE_CALL = re.compile(r"""(?:check|predict|model_answer|answered)\(\s*["'](\d\d\.\d+)["']""")
EXERCISE_HEADING = re.compile(r"^###\s+Exercise\s+(\d\d\.\d+)", re.M)
FIGURE_CALL = re.compile(r"""plots\.show\(\s*["']([\w-]+)["']""")


@dataclass(frozen=True)
class Section:
    """One numbered section of a notebook, as its heading states it: `## 3. Title *(core, 12 min)*`."""

    notebook: str  # the two-digit id, "04"
    number: int
    title: str
    role: str  # core or optional
    minutes: int
    exercises: tuple[str, ...]  # exercise ids asked in the section, in order
    figures: tuple[str, ...]  # registered figure names shown in the section, in order


def notebook_path(notebook_id: str) -> Path:
    matches = [p for p in course_notebooks() if p.name[:2] == notebook_id]
    if len(matches) != 1:
        raise KeyError(f"no notebook {notebook_id!r} in {notebooks_dir()}")
    return matches[0]


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def notebook_sections(notebook_id: str) -> dict[int, Section]:
    """The numbered sections of notebook `notebook_id`, read from its headings (the one source of minutes)."""
    cells = nbformat.read(notebook_path(notebook_id), as_version=4).cells
    found: dict[int, dict] = {}
    current = None
    for cell in cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            heading = SECTION_HEADING.match(cell.source)
            current = int(heading.group(1)) if heading else None
            if heading:
                found[current] = {"heading": heading.groups(), "exercises": [], "figures": []}
        if current is None or SOLUTION_TAG in cell_tags(cell) or INSTRUCTOR_TAG in cell_tags(cell):
            continue
        found[current]["exercises"] += EXERCISE_HEADING.findall(cell.source) + EXERCISE_CALL.findall(cell.source)
        found[current]["figures"] += FIGURE_CALL.findall(cell.source)
    return {
        number: Section(
            notebook_id,
            number,
            part["heading"][1],
            part["heading"][2],
            int(part["heading"][3]),
            _unique(part["exercises"]),
            _unique(part["figures"]),
        )
        for number, part in found.items()
    }


# --- session plans (notebooks/session_plans.json): course design, read by the guide and the slide builder ---
PLANS_FILE = "session_plans.json"
PLAN_FIELDS = ("id", "series", "title", "minutes", "objectives", "slots", "exercises", "figures", "prompts", "cut")


class PlanError(ValueError):
    """A session plan that does not hold: minutes that do not add up, a section or an exercise that does not exist."""


def plans_path() -> Path:
    return notebooks_dir() / PLANS_FILE


def session_plans(path: Path | None = None, *, check: bool = True) -> list[dict]:
    """The seminar guide's session plans, validated against the notebooks as they are now.

    Each plan: id, series, title, minutes (= the sum of its slots), 3-5 objectives, slots (minutes and an
    activity; a slot naming a notebook and its sections takes exactly those sections' minutes as the
    notebook's headings state them), exercises (ids done in the session), homework (ids set for after it),
    figures (registered names, slide order), prompts, cut (what to cut), and optionally cut_to (minutes,
    sections dropped and exercises set as homework to fit a shorter slot). Raises PlanError naming the plan.
    """
    plans = json.loads(Path(path or plans_path()).read_text(encoding="utf-8"))["plans"]
    problems = _plan_problems(plans) if check else []
    if problems:
        raise PlanError(f"{PLANS_FILE}: " + "; ".join(problems))
    return plans


def slot_sections(slot: dict) -> list[Section]:
    """The notebook sections a slot (or a cut) names; [] for a slot that is only an activity."""
    if "notebook" not in slot:
        return []
    sections = notebook_sections(slot["notebook"])
    missing = [n for n in slot.get("sections", []) if n not in sections]
    if missing:
        raise PlanError(f"notebook {slot['notebook']} has no section {', '.join(map(str, missing))}")
    return [sections[n] for n in slot.get("sections", [])]


def plan_sections(plan: dict) -> list[Section]:
    return [section for slot in plan["slots"] for section in slot_sections(slot)]


def _plan_problems(plans: list[dict]) -> list[str]:
    from . import plots
    from .exercises import load_all

    exercise_ids, figure_names = set(load_all()), set(plots.registry())
    problems, seen = [], set()
    for plan in plans:
        pid = plan.get("id", "?")
        problems += [f"plan {pid}: no {name}" for name in PLAN_FIELDS if name not in plan]
        if pid in seen:
            problems.append(f"plan id {pid} twice")
        seen.add(pid)
        if not 3 <= len(plan.get("objectives", [])) <= 5:
            problems.append(f"plan {pid}: {len(plan.get('objectives', []))} objectives, not 3-5")
        slots = plan.get("slots", [])
        if sum(slot["minutes"] for slot in slots) != plan.get("minutes"):
            problems.append(f"plan {pid}: slots add up to {sum(s['minutes'] for s in slots)} min, not {plan.get('minutes')}")
        for slot in slots:
            try:
                needed = sum(section.minutes for section in slot_sections(slot))
            except (PlanError, KeyError) as error:
                problems.append(f"plan {pid}: {error}")
                continue
            if "notebook" in slot and needed != slot["minutes"]:
                problems.append(
                    f"plan {pid}: notebook {slot['notebook']} sections {slot.get('sections')} take {needed} min "
                    f"by their headings, the slot gives {slot['minutes']}"
                )
        for field_name, known in (("exercises", exercise_ids), ("homework", exercise_ids), ("figures", figure_names)):
            unknown = [item for item in plan.get(field_name, []) if item not in known]
            if unknown:
                problems.append(f"plan {pid}: unknown {field_name} {', '.join(unknown)}")
    return problems


# --- the seminar guide's generated blocks ---------------------------------------------------------------
GUIDE_FILE = "instructor_guide.md"
OVERHEAD_NOTE = "overview, setup and summary"


def guide_path() -> Path:
    return notebooks_dir() / GUIDE_FILE


def glance_markdown() -> str:
    """'The notebooks at a glance': core and optional minutes per notebook, summed from its section headings."""
    lines = ["| notebook | core sections (min) | optional sections (min) |", "|---|---|---|"]
    for path in course_notebooks():
        sections = notebook_sections(path.name[:2]).values()
        core = sum(s.minutes for s in sections if s.role == "core")
        optional = sum(s.minutes for s in sections if s.role == "optional")
        lines.append(f"| {path.stem[:2]} {path.stem[3:].replace('_', ' ')} | {core} | {optional} |")
    return "\n".join(lines)


def _sections_cell(slot: dict) -> str:
    """A slot's sections as the guide prints them: runs of consecutive numbers as ranges (1–4, 6)."""
    numbers = [section.number for section in slot_sections(slot)]
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs) or "—"


def _single_plan_markdown(plan: dict) -> list[str]:
    lines = [f"### Plan {plan['id']}: {plan['title']} ({plan['minutes']} min)", "", "Learners will be able to:", ""]
    lines += [
        f"- {objective};" if i < len(plan["objectives"]) - 1 else f"- {objective}."
        for i, objective in enumerate(plan["objectives"])
    ]
    lines += ["", "| minutes | notebook | sections | what to do |", "|---|---|---|---|"]
    for slot in plan["slots"]:
        lines.append(f"| {slot['minutes']} | {slot.get('notebook', '—')} | {_sections_cell(slot)} | {slot['activity']} |")
    lines.append("")
    if plan["exercises"]:
        lines.append(f"**Exercises in the session:** {', '.join(plan['exercises'])}.")
    if plan.get("homework"):
        lines.append(f"**Homework:** {', '.join(plan['homework'])}.")
    if plan["figures"]:
        lines.append(f"**Figures, in slide order:** {', '.join(f'`{name}`' for name in plan['figures'])}.")
    lines += ["", "**Prompts:**", ""] + [f"- {prompt}" for prompt in plan["prompts"]]
    lines += ["", f"**Cut to fit:** {_cut_cell(plan)}", ""]
    return lines


def _series_markdown(series: str, title: str, sessions: list[dict], plans: list[dict]) -> list[str]:
    lengths = [s["minutes"] for s in sessions]
    lines = [
        f"### Plan {series}: {title} ({len(sessions)} sessions, {min(lengths)}–{max(lengths)} min)",
        "",
        "| session | minutes | notebook sections and what to do | to fit a shorter slot |",
        "|---|---|---|---|",
    ]
    for session in sessions:
        same = [plan["id"] for plan in plans if plan["slots"] == session["slots"] and plan["id"] != session["id"]]
        if same:
            lines.append(
                f"| {session['id']}: {session['title']} | {session['minutes']} | as Plan {same[0]} | {_cut_cell(session)} |"
            )
            continue
        parts = []
        for slot in session["slots"]:
            where = f"notebook {slot['notebook']} §{_sections_cell(slot)}: " if "notebook" in slot else ""
            parts.append(f"{where}{slot['activity']} ({slot['minutes']})")
        lines.append(
            f"| {session['id']}: {session['title']} | {session['minutes']} | {'<br>'.join(parts)} | {_cut_cell(session)} |"
        )
    return lines + [""]


def cut_minutes(plan: dict) -> int | None:
    """The plan's length once its `cut_to` sections are dropped (None without a cut_to)."""
    if "cut_to" not in plan:
        return None
    return plan["minutes"] - sum(s.minutes for part in plan["cut_to"]["drop"] for s in slot_sections(part))


def _cut_cell(plan: dict) -> str:
    left = cut_minutes(plan)
    return plan["cut"] if left is None else f"{plan['cut']} Then {left} min."


def plans_markdown(plans: list[dict] | None = None, series_titles: dict[str, str] | None = None) -> str:
    """The guide's session plans, generated from notebooks/session_plans.json."""
    plans = plans if plans is not None else session_plans()
    titles = series_titles if series_titles is not None else plan_series_titles()
    lines: list[str] = []
    for series in dict.fromkeys(plan["series"] for plan in plans):
        members = [plan for plan in plans if plan["series"] == series]
        if len(members) == 1 and members[0]["id"] == series:
            lines += _single_plan_markdown(members[0])
        else:
            lines += _series_markdown(series, titles.get(series, f"series {series}"), members, plans)
    return "\n".join(lines).rstrip()


def plan_series_titles(path: Path | None = None) -> dict[str, str]:
    return json.loads(Path(path or plans_path()).read_text(encoding="utf-8")).get("series_titles", {})


GENERATED_BLOCKS = {"glance": glance_markdown, "plans": plans_markdown}


def guide_with_generated_blocks(text: str) -> str:
    """The guide's text with each `<!-- name:start -->...<!-- name:end -->` block regenerated."""
    for name, make in GENERATED_BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise PlanError(f"{GUIDE_FILE}: no <!-- {name}:start --> ... <!-- {name}:end --> block")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def update_guide() -> Path:
    """Regenerate the guide's plan tables and glance table from session_plans.json and the notebooks."""
    path = guide_path()
    path.write_text(guide_with_generated_blocks(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


# --- copies for the room --------------------------------------------------------------------------------
SELF_CHECKS = frozenset({"check", "predict", "model_answer", "answered", "evaluate", "expected_answer"})
ANSWER_VARIABLE = re.compile(r"^(?:answer|prediction|my_answer)_(\d\d)_(\d+)$")
# Learner text that promises a check, a model answer or a reveal; the exam copy has none of them, so
# sentences and parentheses with these words are taken out of its markdown.
PROMISES = (
    "model answer",
    "worked solution",
    "appears once",
    "once you have answered",
    "once your answer",
    "after your answer",
    "after your own answer",
    "after your own grade",
    "the next cell waits",
    "shown only once",
    "checks it afterwards",
    "says whether you are right",
)
_PROMISE = "|".join(re.escape(p) for p in PROMISES)
PROMISE_PARENTHESIS = re.compile(rf"\s*\([^()]*(?:{_PROMISE})[^()]*\)", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(\[`\"])")
LINK = re.compile(r"""\]\((?!https?:|mailto:|#)([^)\s#]+)(#[^)\s]*)?\)|(?:href|src)=["'](?!https?:|#)([^"'#]+)""")
EXAM_BANNER = (
    "> **Exam copy.** Write your answers where the cells ask for them (replace each `None`) and save the "
    "notebook. This copy does not check answers, show model answers or open worked solutions: your "
    "instructor marks your work."
)
INSTRUCTOR_BANNER = (
    "> **Instructor copy**: contains worked solutions and instructor notes. Generated by "
    "`python -m kratom_course copies`; every exercise's answer, options, rubric and method are in "
    "`build/answer-key.md` (`python -m kratom_course answer-key`)."
)
KINDS = ("student", "exam", "instructor")
EXTRA_FILES = {"instructor": (GUIDE_FILE, PLANS_FILE)}  # shipped beside the copies of this kind


class CopyError(ValueError):
    """A notebook that cannot be turned into a copy that holds (a link leaving the notebooks folder, say)."""


def _new_cell(cell_type: str, source: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(source) if cell_type == "markdown" else nbformat.v4.new_code_cell(source)
    cell["id"] = cell_id
    return cell


def _cleared(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    return notebook


def learner_copy(notebook, kind: str):
    """A student or exam copy, outputs cleared for the learner to run.

    student: instructor notes removed; collapsed worked solutions kept (formative use).
    exam: instructor notes and worked solutions removed, and no call that checks, predicts, reveals or
    prints an answer (`exam_cells`)."""
    copy = _clone(notebook)
    copy.cells = [c for c in copy.cells if not cell_tags(c) & REMOVED_FROM[kind]]
    if kind == "exam":
        copy.cells = [_new_cell("markdown", EXAM_BANNER, "exam-banner"), *exam_cells(copy.cells)]
    return _cleared(copy)


def instructor_copy(notebook):
    """The full notebook, with a banner saying it holds the answer key."""
    copy = _clone(notebook)
    copy.cells.insert(0, _new_cell("markdown", INSTRUCTOR_BANNER, "instructor-banner"))
    return copy


def exam_cells(cells: list) -> list:
    """The cells of an exam copy: self-check calls and imports taken out of code cells, gated reveals
    (an `if` on an answer or on `answered(...)`) removed with the markdown line that introduces them,
    cells left empty dropped, and text promising a check or a reveal taken out of the markdown."""
    kept: list = []
    for cell in cells:
        if cell.cell_type == "code":
            source, removed_reveal = without_self_checks(cell.source)
            if removed_reveal and kept and kept[-1].cell_type == "markdown" and not kept[-1].source.lstrip().startswith("#"):
                kept.pop()  # "The simulation as a picture ... appears once you have answered:"
            if not _has_code(source):
                continue
            cell.source = source
        elif cell.cell_type == "markdown":
            cell.source = without_promises(cell.source)
            if not cell.source.strip():
                continue
        kept.append(cell)
    return kept


def _has_code(source: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in source.splitlines())


def _calls_self_check(node) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in SELF_CHECKS for n in ast.walk(node))


def _names_an_answer(node) -> bool:
    return any(isinstance(n, ast.Name) and ANSWER_VARIABLE.match(n.id) for n in ast.walk(node))


def without_self_checks(source: str) -> tuple[str, bool]:
    """(source without self-check calls, imports of them and gated reveals; whether a reveal was removed).

    A gated reveal is an `if` whose test asks whether an answer was given (`if answer_05_2 is None:`,
    `if answered("05.4", ...):`); it goes with the comment lines right above it."""
    tree = ast.parse(source)
    lines = source.splitlines()
    drop: set[int] = set()  # 0-based line numbers
    replace: dict[int, str] = {}
    removed_reveal = False
    for node in tree.body:
        span = range(node.lineno - 1, node.end_lineno)
        if isinstance(node, ast.If) and (_calls_self_check(node.test) or _names_an_answer(node.test)):
            drop.update(span)
            removed_reveal = True
            above = node.lineno - 2
            while above >= 0 and lines[above].strip().startswith("#"):
                drop.add(above)
                above -= 1
        elif isinstance(node, ast.Expr) and _calls_self_check(node):
            drop.update(span)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("exercises"):
            names = [a for a in node.names if a.name not in SELF_CHECKS]
            drop.update(span)
            if names:
                replace[node.lineno - 1] = ast.unparse(ast.ImportFrom(node.module, names, node.level))
    kept = [replace.get(i, line) for i, line in enumerate(lines) if i not in drop or i in replace]
    return "\n".join(kept).strip("\n"), removed_reveal


def without_promises(markdown: str) -> str:
    """Markdown without the parentheses, clauses and sentences that promise a check, model answer or reveal.

    "Write one line per claim, then run the cell: the ledger's split appears once ..." keeps its
    instruction ("Write one line per claim, then run the cell."); a sentence that opens with the promise goes."""
    markdown = PROMISE_PARENTHESIS.sub("", markdown)
    paragraphs = []
    for paragraph in markdown.split("\n\n"):
        sentences = [_before_promise(s) for s in SENTENCE.split(paragraph)]
        if all(s is not None for s in sentences) and not any(re.search(_PROMISE, s, re.I) for s in SENTENCE.split(paragraph)):
            paragraphs.append(paragraph)  # untouched: keep its line breaks
        elif any(sentences):
            paragraphs.append(" ".join(s for s in sentences if s))
    return "\n\n".join(paragraphs)


def _before_promise(sentence: str) -> str | None:
    """The sentence up to the clause (after ':' or ';') that promises; '' when it opens with the promise."""
    if not re.search(_PROMISE, sentence, re.I):
        return sentence
    clauses = re.split(r"(?<=[:;])\s+", sentence)
    kept = []
    for clause in clauses:
        if re.search(_PROMISE, clause, re.I):
            break
        kept.append(clause)
    return " ".join(kept)[:-1].rstrip() + "." if kept else ""


def linked_files(text: str) -> list[str]:
    """Relative link targets of a text (markdown links and HTML src/href), anchors and web links left out."""
    return [m.group(1) or m.group(3) for m in LINK.finditer(text)]


def _copy_linked_files(folder: Path, texts: list[str]) -> list[Path]:
    """Copy every file the copies link to (the glossary, ...) from notebooks/ into `folder`, following
    links inside copied Markdown files too. A link that leaves notebooks/ is an error: it would break."""
    source_root = notebooks_dir().resolve()
    copied: list[Path] = []
    pending = [target for text in texts for target in linked_files(text)]
    while pending:
        target = pending.pop()
        source = (source_root / target).resolve()
        if source_root not in source.parents:
            raise CopyError(f"a notebook links to {target}, outside notebooks/: the copies cannot carry it")
        if target.endswith(".ipynb") or (folder / target).exists():
            continue
        if not source.is_file():
            raise CopyError(f"a notebook links to {target}, which does not exist")
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / target)
        copied.append(folder / target)
        if source.suffix == ".md":
            pending += linked_files(source.read_text(encoding="utf-8"))
    return copied


def _markdown_text(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def build_copies(out_dir: Path | None = None) -> dict[str, list[Path]]:
    """Write student, exam and instructor copies of every notebook, each folder with the files its
    notebooks link to, and the nbgrader source (`nbgrader_source`), under out_dir (default build/).
    Each folder is written to a temporary folder and swapped in whole, so a failure leaves the old one."""
    out_dir = Path(out_dir or build_dir())
    notebooks = {path.name: nbformat.read(path, as_version=4) for path in course_notebooks()}
    written: dict[str, list[Path]] = {}
    for kind in KINDS:
        made = {
            name: instructor_copy(notebook) if kind == "instructor" else learner_copy(notebook, kind)
            for name, notebook in notebooks.items()
        }
        with writing_folder(out_dir / kind) as folder:
            for name, copy in made.items():
                nbformat.write(copy, folder / name)
            extras = [notebooks_dir() / name for name in EXTRA_FILES.get(kind, ())]
            for extra in extras:
                shutil.copyfile(extra, folder / extra.name)
            texts = [_markdown_text(copy) for copy in made.values()] + [e.read_text(encoding="utf-8") for e in extras]
            linked = _copy_linked_files(folder, texts)
        written[kind] = [out_dir / kind / name for name in made]
        written[f"{kind} files"] = sorted(out_dir / kind / p.relative_to(folder) for p in linked) + [
            out_dir / kind / e.name for e in extras
        ]
    written["nbgrader"] = write_nbgrader_source(out_dir / "nbgrader", notebooks)
    return written


# --- nbgrader source: the ecosystem's tool for marked work --------------------------------------------
NBGRADER_CONFIG = """\
# nbgrader configuration written by `python -m kratom_course copies`; run nbgrader from this folder.
c = get_config()  # noqa: F821 (nbgrader provides it)
# A released notebook must still run top to bottom: the stub says where to answer instead of raising.
c.ClearSolutions.code_stub = {"python": "# your answer here: replace None above"}
c.ClearSolutions.text_stub = "Your answer here."
c.ExecutePreprocessor.timeout = 600
"""
CRITIQUE_POINTS = 2  # the guide's 0-2 rubric scale
AUTOGRADED_POINTS = 1


def _nbgrader_metadata(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: int = 0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def _exercise_calls(source: str) -> list[tuple[str, str, str]]:
    """(function, exercise id, answer variable) of every self-check call in a cell: check("05.2", answer_05_2)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SELF_CHECKS
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[1], ast.Name)
        ):
            found.append((node.func.id, node.args[0].value, node.args[1].id))
    return found


def _solution_value(exercise) -> str:
    """The answer as Python source, for the instructor's solution region (never in a release)."""
    from .exercises.engine import Choice, Critique, Numeric

    if isinstance(exercise, Numeric):
        return repr(float(exercise.expected()))
    if isinstance(exercise, Choice):
        return repr(exercise.correct)
    if isinstance(exercise, Critique):
        return repr(exercise.text(exercise.model_answer))
    raise TypeError(exercise)


def _rubric_comment(exercise) -> str:
    """A critique's rubric as comments above its model answer, for whoever marks it by hand."""
    if not getattr(exercise, "rubric", ()):
        return ""
    points = "".join(f"# - {exercise.text(point)}\n" for point in exercise.rubric)
    return f"# Rubric ({CRITIQUE_POINTS} points, the guide's 0-2 scale):\n{points}"


def _grade_id(prefix: str, exercise_id: str) -> str:
    return f"{prefix}_{exercise_id.replace('.', '_')}"  # nbgrader ids: letters, digits, _ and -


def _hidden_test(exercise, variable: str) -> str:
    from .exercises.engine import Numeric

    if isinstance(exercise, Numeric):
        check = (
            f"assert math.isclose(float({variable}), {float(exercise.expected())!r}, "
            f"rel_tol={exercise.rel_tol!r}, abs_tol={exercise.abs_tol!r}), 'not the expected value'"
        )
        body = f"import math\n\nassert {variable} is not None, 'no answer'\n{check}"
    else:
        body = f"assert str({variable}).strip().lower() == {exercise.correct!r}, 'not the expected option'"
    return (
        f"# Exercise {exercise.exercise_id}: marked by the autograder ({AUTOGRADED_POINTS} point).\n"
        f"### BEGIN HIDDEN TESTS\n{body}\n### END HIDDEN TESTS"
    )


def nbgrader_notebook(notebook):
    """An nbgrader source notebook: the exam copy's cells, with each compute and choice answer in a
    solution region and followed by a locked cell of hidden tests (1 point), each critique a manually
    graded answer (2 points, model answer and rubric in its solution region). Predictions stay
    ungraded: the result they predict is shown further down the same notebook."""
    from .exercises import load_all
    from .exercises.engine import Critique, Prediction

    known = load_all()
    copy = _clone(notebook)
    originals = [c for c in copy.cells if not cell_tags(c) & REMOVED_FROM["exam"]]
    calls = {id(c): _exercise_calls(c.source) for c in originals if c.cell_type == "code"}
    cells = []
    for cell in exam_cells(originals):
        cells.append(cell)
        for _, exercise_id, variable in calls.get(id(cell), []):
            exercise = known[exercise_id]
            if isinstance(exercise, Prediction) or not re.search(rf"^{variable}\s*=", cell.source, re.M):
                continue
            critique = isinstance(exercise, Critique)
            cell.source += (
                f"\n### BEGIN SOLUTION\n{_rubric_comment(exercise)}{variable} = {_solution_value(exercise)}\n### END SOLUTION"
            )
            cell.metadata["nbgrader"] = _nbgrader_metadata(
                _grade_id("answer", exercise_id), solution=True, grade=critique, locked=False, points=CRITIQUE_POINTS
            )
            if not critique:
                test = _new_cell("code", _hidden_test(exercise, variable), f"test-{exercise_id.replace('.', '-')}")
                test.metadata["nbgrader"] = _nbgrader_metadata(
                    _grade_id("test", exercise_id), solution=False, grade=True, locked=True, points=AUTOGRADED_POINTS
                )
                cells.append(test)
    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source = _without_links_to_other_notebooks(cell.source)
    copy.cells = [_new_cell("markdown", EXAM_BANNER, "exam-banner"), *cells]
    return _cleared(copy)


def _without_links_to_other_notebooks(markdown: str) -> str:
    """[notebook 02](02_x.ipynb) as plain 'notebook 02': each nbgrader assignment holds one notebook."""
    return re.sub(r"\[([^\]]+)\]\((?!https?:)[^)\s]+\.ipynb(?:#[^)\s]*)?\)", r"\1", markdown)


def write_nbgrader_source(folder: Path, notebooks: dict | None = None) -> list[Path]:
    """`folder/source/<notebook>/<notebook>.ipynb` for every notebook (one assignment per notebook: a
    notebook is the unit a session plan teaches, and one plan's notebooks can be released together),
    each with the files it links to, and `folder/nbgrader_config.py`."""
    if notebooks is None:
        notebooks = {path.name: nbformat.read(path, as_version=4) for path in course_notebooks()}
    written = []
    with writing_folder(folder) as tmp:
        (tmp / "nbgrader_config.py").write_text(NBGRADER_CONFIG, encoding="utf-8")
        for name, notebook in notebooks.items():
            assignment = tmp / "source" / Path(name).stem
            assignment.mkdir(parents=True)
            made = nbgrader_notebook(notebook)
            nbformat.write(made, assignment / name)
            _copy_linked_files(assignment, [_markdown_text(made)])
            written.append(folder / "source" / Path(name).stem / name)
    return written


WORDS_PER_PRINTED_PAGE = 500  # a printed A4 page of prose, for saying how long the key is


def exercise_prompts() -> dict[str, str]:
    """Each exercise's question as its notebook asks it: the markdown from `### Exercise NN.N` on, or,
    for a prediction asked inside a section's text, from its "**Predict" paragraph in the markdown
    cell right above the cell that records it."""
    prompts: dict[str, str] = {}
    for path in course_notebooks():
        previous_markdown = ""
        for cell in nbformat.read(path, as_version=4).cells:
            if cell_tags(cell) & {SOLUTION_TAG, INSTRUCTOR_TAG}:
                continue
            if cell.cell_type == "markdown":
                previous_markdown = cell.source
                for match in re.finditer(r"^###\s+Exercise\s+(\d\d\.\d+)[^\n]*\n(.*?)(?=^###? |\Z)", cell.source, re.M | re.S):
                    prompts[match.group(1)] = match.group(2).strip()
                continue
            for exercise_id in re.findall(r"""\bpredict\(\s*["'](\d\d\.\d+)["']""", cell.source):
                asked = list(re.finditer(r"^\*\*Predict", previous_markdown, re.M | re.I))
                if exercise_id not in prompts and asked:
                    prompts[exercise_id] = previous_markdown[asked[-1].start() :].strip()
    return prompts


def _option_texts(prompt: str) -> dict[str, str]:
    """The options of a choice as the notebook lists them: `- **b** rule X only`, or on one line,
    `**a** both · **b** neither`."""
    return dict(re.findall(r"(?:^\s*[-*]\s+|^|·\s+)\*\*([a-e])\*\*\s*[).:]?\s*(.+?)(?=\s+·\s+\*\*[a-e]\*\*|$)", prompt, re.M))


def _key_entry(exercise_id: str, exercise, prompt: str) -> list[str]:
    from .exercises.engine import Choice, Critique, Numeric

    lines = [f"## {exercise_id} · {exercise.kind}", "", f"**Assesses:** {exercise.assesses}.", ""]
    if prompt:
        lines += ["**Question:**", "", *[f"> {line}" if line else ">" for line in prompt.splitlines()], ""]
    if isinstance(exercise, Numeric):
        tolerance = (
            f"within {exercise.rel_tol:.0%}"
            if exercise.rel_tol
            else f"within ±{exercise.abs_tol:g} {exercise.unit}"
            if exercise.abs_tol
            else "exactly"
        )
        lines.append(f"**Answer:** {float(exercise.expected()):.4g} {exercise.unit} (accepted {tolerance}).")
        lines.append(f"**Method:** {exercise.text(exercise.why) or '(see the worked solution in the instructor copy)'}")
        if exercise.slips:
            lines.append(f"**Slips the self-check names:** {', '.join(name.replace('_', ' ') for name in exercise.slips)}.")
    elif isinstance(exercise, Choice):
        option = _option_texts(prompt).get(exercise.correct, "")
        lines.append(f"**Answer:** ({exercise.correct}) {option}".rstrip().rstrip(".") + ".")
        lines.append(f"**Why:** {exercise.text(exercise.feedback[exercise.correct])}")
    elif isinstance(exercise, Critique):
        lines += [f"**Model answer:** {exercise.text(exercise.model_answer)}", ""]
        lines += [
            "**Rubric** (2 = every point; 1 = the share the notebook's instructor notes name, or about half; 0 = fewer, or a dose):",
            "",
        ]
        lines += [f"- {exercise.text(point)}" for point in exercise.rubric]
    return lines + [""]


def answer_key() -> str:
    """The answer key (Markdown): for each exercise, what it assesses, the question with its options,
    the answer, and the method (compute), the option's text and why (choice), or the model answer and
    rubric (critique). Its header says how long it is."""
    from .exercises import load_all

    prompts = exercise_prompts()
    body: list[str] = []
    for exercise_id, exercise in load_all().items():
        body += _key_entry(exercise_id, exercise, prompts.get(exercise_id, ""))
    words = len(" ".join(body).split())
    pages = max(1, round(words / WORDS_PER_PRINTED_PAGE))
    header = [
        "# Answer key",
        "",
        f"Generated by `python -m kratom_course answer-key` from the exercise definitions, the notebooks and "
        f"`data/`. {len(load_all())} exercises, about {words:,} words: some {pages} printed pages. For the "
        "instructor; anyone with the package can generate it, so it cannot keep an exam secret (see the "
        "seminar guide on marked work).",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


def write_answer_key(out_dir: Path | None = None) -> Path:
    path = Path(out_dir or build_dir()) / "answer-key.md"
    with writing_file(path) as tmp:
        tmp.write_text(answer_key(), encoding="utf-8")
    return path


def execute_in_place(path: Path, timeout_s: int = 600) -> None:
    """Run a notebook top to bottom in its folder and save it with its outputs, without the
    execution timestamps Jupyter stores in cell metadata (they would change on every run)."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=timeout_s, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _merged_streams(cell.outputs)
    nbformat.write(notebook, path)


def _merged_streams(outputs: list) -> list:
    """Consecutive chunks of one stream (stdout, stderr) as one output, as Jupyter shows them."""
    merged = []
    for output in outputs:
        if merged and output.output_type == "stream" and merged[-1].output_type == "stream" and merged[-1].name == output.name:
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


if __name__ == "__main__":  # python -m kratom_course.teaching: regenerate the guide's tables
    print(update_guide())
