"""Seminar material generated from the notebooks and the exercises, never edited by hand.

Cell tags every notebook uses (the README's contributor section says how):
- `solution`: a worked solution, a collapsed `<details>` block in markdown (no executed code, so
  Run All shows nothing of it);
- `instructor`: the instructor notes.

Copies (`python -m kratom_course copies`), written to build/:
- `student/`: outputs cleared; instructor notes removed; collapsed worked solutions kept, so a
  learner working alone can open them when ready (formative use);
- `exam/`: outputs cleared; instructor notes and worked solutions removed (for marked work);
- `instructor/`: everything, with a banner.
`python -m kratom_course answer-key` writes build/answer-key.md: every exercise's answer, computed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .paths import course_root

SOLUTION_TAG = "solution"
INSTRUCTOR_TAG = "instructor"
REMOVED_FROM = {"student": {INSTRUCTOR_TAG}, "exam": {INSTRUCTOR_TAG, SOLUTION_TAG}, "instructor": set()}


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


def session_plans(path: Path | None = None) -> list[dict]:
    """The seminar guide's session plans, validated against the notebooks as they are now.

    Each plan: id, series, title, minutes (= the sum of its slots), 3-5 objectives, slots (minutes and an
    activity; a slot naming a notebook and its sections takes exactly those sections' minutes as the
    notebook's headings state them), exercises (ids done in the session), homework (ids set for after it),
    figures (registered names, slide order), prompts, cut (what to cut), and optionally cut_to (minutes,
    sections dropped and exercises set as homework to fit a shorter slot). Raises PlanError naming the plan.
    """
    plans = json.loads(Path(path or plans_path()).read_text(encoding="utf-8"))["plans"]
    problems = _plan_problems(plans)
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
    lines += ["", f"**Cut to fit:** {plan['cut']}", ""]
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
            lines.append(f"| {session['id']}: {session['title']} | {session['minutes']} | as Plan {same[0]} | {session['cut']} |")
            continue
        parts = []
        for slot in session["slots"]:
            where = f"notebook {slot['notebook']} §{_sections_cell(slot)}: " if "notebook" in slot else ""
            parts.append(f"{where}{slot['activity']} ({slot['minutes']})")
        lines.append(f"| {session['id']}: {session['title']} | {session['minutes']} | {'<br>'.join(parts)} | {session['cut']} |")
    return lines + [""]


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


def learner_copy(notebook, kind: str):
    """A student or exam copy: tagged cells removed, outputs cleared for the learner to run."""
    copy = _clone(notebook)
    copy.cells = [c for c in copy.cells if not cell_tags(c) & REMOVED_FROM[kind]]
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return copy


def instructor_copy(notebook):
    """The full notebook, with a banner saying it holds the answer key."""
    copy = _clone(notebook)
    banner = nbformat.v4.new_markdown_cell(
        "> **Instructor copy**: contains worked solutions and instructor notes. "
        "Generated by `python -m kratom_course copies`; the answers to every self-check are in "
        "`build/answer-key.md` (`python -m kratom_course answer-key`)."
    )
    banner["id"] = "instructor-banner"
    copy.cells.insert(0, banner)
    return copy


def build_copies(out_dir: Path | None = None) -> dict[str, list[Path]]:
    """Write student, exam and instructor copies of every notebook under out_dir (default build/)."""
    out_dir = Path(out_dir or build_dir())
    written: dict[str, list[Path]] = {kind: [] for kind in REMOVED_FROM}
    for path in course_notebooks():
        notebook = nbformat.read(path, as_version=4)
        for kind in REMOVED_FROM:
            copy = instructor_copy(notebook) if kind == "instructor" else learner_copy(notebook, kind)
            target = out_dir / kind / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(copy, target)
            written[kind].append(target)
    return written


def answer_key() -> str:
    """A one-page answer key (Markdown): each exercise's kind, what it assesses and its answer."""
    from .exercises import expected_answer, load_all

    lines = [
        "# Answer key",
        "",
        "Generated by `python -m kratom_course answer-key` from the exercise definitions and data/; do not hand out.",
        "",
        "| exercise | kind | assesses | answer |",
        "|---|---|---|---|",
    ]
    for exercise_id, exercise in load_all().items():
        answer = expected_answer(exercise_id).replace("\n", " ").replace("|", "/")
        lines.append(f"| {exercise_id} | {exercise.kind} | {exercise.assesses} | {answer} |")
    return "\n".join(lines) + "\n"


def write_answer_key(out_dir: Path | None = None) -> Path:
    out_dir = Path(out_dir or build_dir())
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "answer-key.md"
    path.write_text(answer_key(), encoding="utf-8")
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
