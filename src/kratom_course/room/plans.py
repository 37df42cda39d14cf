"""What a session plan puts in front of the room, in order: the plan's slots, and within each slot the
exercises and figures of its notebook sections in the order the notebook has them (so a prediction is
asked before the figure that answers it). Read from notebooks/session_plans.json through
`teaching.session_plans()`; exercise prompts are the question text under each `### Exercise NN.N`
heading of the notebook (never the worked solution, the instructor notes or a check's feedback).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import nbformat

from .. import teaching

SECTION = re.compile(r"^## (\d+)\. ", re.M)
EXERCISE = re.compile(r"^### Exercise (\d\d\.\d+)\s*\((\w+)\)\s*$", re.M)
SHOW = re.compile(r"plots\.show\(\s*[\"']([\w]+)[\"']")
CALL = re.compile(r"\b(?:predict|check|model_answer)\(\s*[\"'](\d\d\.\d+)[\"']")
# a sentence about running a cell or filling in code is for the notebook, not for the room
ABOUT_CELLS = re.compile(r"\b(?:run|running)\b[^.?!]*\bcells?\b|\bcell (?:below|above)\b|\bskeleton\b")
PREDICT_FIRST = "**Predict first.**"


@dataclass(frozen=True)
class Item:
    kind: str  # "exercise" or "figure"
    name: str  # exercise id ("04.3") or figure name ("04_opioid_timeline")
    notebook: str  # "04"
    section: int | None  # numbered section of the notebook it sits in
    cell: int  # its cell's position in the notebook


@dataclass
class Slot:
    number: int
    minutes: int
    start_min: int  # minutes since the session began
    activity: str
    notebook: str | None
    sections: list[int]
    items: list[Item] = field(default_factory=list)


def notebook_path(number: str) -> Path:
    matches = sorted(teaching.notebooks_dir().glob(f"{number}_*.ipynb"))
    if not matches:
        raise FileNotFoundError(f"no notebook {number}_*.ipynb in {teaching.notebooks_dir()}")
    return matches[0]


@cache
def notebook_items(number: str) -> tuple[tuple[Item, ...], dict[str, str]]:
    """Exercises and figures of a notebook with their sections, and each exercise's prompt (Markdown)."""
    notebook = nbformat.read(notebook_path(number), as_version=4)
    items, prompts, section, previous_markdown, open_exercise = [], {}, None, "", None
    for index, cell in enumerate(notebook.cells):
        if teaching.cell_tags(cell) & {teaching.SOLUTION_TAG, teaching.INSTRUCTOR_TAG}:
            continue
        if cell.cell_type == "markdown":
            for match in re.finditer(rf"{SECTION.pattern}|{EXERCISE.pattern}", cell.source, re.M):
                if match.group(1):
                    section = int(match.group(1))
                else:
                    exercise_id = match.group(2)
                    items.append(Item("exercise", exercise_id, number, section, index))
                    prompts[exercise_id] = _prompt_after(cell.source, match.end())
                    open_exercise = exercise_id
            if cell.source.lstrip().startswith("## ") and not SECTION.match(cell.source.lstrip()):
                section = None  # Summary, What next, References: outside the numbered sections
            previous_markdown = cell.source
            continue
        if "= None" in cell.source:  # the learner's answer cell: the question's material ends here
            open_exercise = None
        elif open_exercise:  # material computed for the question (a list of quoted phrases): part of it
            prompts[open_exercise] += "".join("\n" + _markdown_output(output) for output in cell.get("outputs", []))
        items += [Item("figure", name, number, section, index) for name in SHOW.findall(cell.source)]
        for exercise_id in CALL.findall(cell.source):
            if exercise_id not in prompts:  # a prediction asked in the prose just above its cell, no heading
                items.append(Item("exercise", exercise_id, number, section, index))
                prompts[exercise_id] = _prompt_above(previous_markdown)
    return tuple(items), prompts


def _markdown_output(output) -> str:
    """A list a code cell displayed as Markdown (tables and anything else stay in the notebook)."""
    text = (
        output.get("data", {}).get("text/markdown", "") if output.get("output_type") in ("display_data", "execute_result") else ""
    )
    text = text if isinstance(text, str) else "".join(text)
    lines = text.strip().splitlines()
    return text.strip() if lines and all(line.startswith("- ") for line in lines) else ""


def _prompt_above(markdown: str) -> str:
    """A question in the prose above an exercise cell: from 'Predict first.' on, else its last paragraph."""
    start = markdown.rfind(PREDICT_FIRST)
    text = markdown[start + len(PREDICT_FIRST) :] if start >= 0 else re.split(r"\n\s*\n", markdown.strip())[-1]
    return _question(text)


def _prompt_after(markdown: str, start: int) -> str:
    """The question under an exercise heading: up to the next heading, without 'run the cell' instructions."""
    return _question(re.split(r"^#{1,6} ", markdown[start:], maxsplit=1, flags=re.M)[0])


def _question(text: str) -> str:
    """The question's words: no code block, no sentence about cells or skeletons."""
    text = text.split("```")[0]
    lines = []
    for line in text.strip().splitlines():
        sentences = re.split(r"(?<=[.?!])\s+", line)
        lines.append(" ".join(s for s in sentences if not ABOUT_CELLS.search(s)))
    return "\n".join(line for line in lines if line.strip())


def exercise_prompt(exercise_id: str) -> str:
    return notebook_items(exercise_id.split(".")[0])[1].get(exercise_id, "")


def plans() -> list[dict]:
    return teaching.session_plans()


def plan(plan_id: str) -> dict:
    for candidate in plans():
        if candidate["id"] == plan_id:
            return candidate
    raise KeyError(f"no session plan {plan_id!r}; plans: {', '.join(p['id'] for p in plans())}")


def running_order(plan: dict) -> tuple[list[Slot], list[Item]]:
    """The plan's slots, each with the plan's exercises and figures that sit in its sections (notebook
    order), and the plan's exercises and figures that no slot covers (plan order), for the end."""
    wanted = {("exercise", e) for e in plan.get("exercises", [])} | {("figure", f) for f in plan.get("figures", [])}
    slots, placed, clock = [], set(), 0
    for number, slot in enumerate(plan["slots"], start=1):
        notebook = slot.get("notebook")
        sections = list(slot.get("sections", []))
        current = Slot(number, slot["minutes"], clock, slot["activity"], notebook, sections)
        if notebook:
            for item in notebook_items(notebook)[0]:
                key = (item.kind, item.name)
                if key in wanted and key not in placed and item.section in sections:
                    current.items.append(item)
                    placed.add(key)
        slots.append(current)
        clock += slot["minutes"]
    rest = [
        Item(kind, name, name[:2], None, 0)
        for kind, names in (("exercise", plan.get("exercises", [])), ("figure", plan.get("figures", [])))
        for name in names
        if (kind, name) not in placed
    ]
    return slots, rest


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"
