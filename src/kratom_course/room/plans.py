"""What a session plan puts in front of the room, in order: the plan's slots, and within each slot the
exercises and figures of its notebook sections in the order the notebook has them (so a prediction is
asked before the figure that answers it). Read from notebooks/session_plans.json through
`teaching.session_plans()`; exercise prompts are the question text under each `### Exercise NN.N`
heading of the notebook (never the worked solution, the instructor notes or a check's feedback).

A prompt written for the notebook can point at what only the notebook has ("the table above", "sections
1 and 2", a variable). Where it does, `room_prompts` of session_plans.json (for every plan, or in a plan
for that plan only) gives the question as the room sees it; its `{named}` fields are filled from the
exercise's own `facts()`, so the inputs on a slide are computed from data/ like its feedback, never typed.
"""

from __future__ import annotations

import json
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
# a sentence about running a cell, filling in code or what the notebook opens later is for the notebook,
# not for the room
ABOUT_CELLS = re.compile(
    r"\b(?:run|running)\b[^.?!]*\bcells?\b|\bcell (?:below|above)\b|\bskeleton\b"
    r"|\bbefore (?:reading on|you look at)\b|\bopens? after (?:it|your answer)\b"
)
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
def notebook_items(number: str) -> tuple[tuple[Item, ...], dict[str, str], dict[str, str]]:
    """Exercises and figures of a notebook with their sections, each exercise's question (Markdown) and the
    material computed for it (a list or a quoted passage a code cell displays between question and answer)."""
    notebook = nbformat.read(notebook_path(number), as_version=4)
    items, prompts, materials, section, previous_markdown, open_exercise = [], {}, {}, None, "", None
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
            shown = [_markdown_output(output) for output in cell.get("outputs", [])]
            materials[open_exercise] = "\n".join(m for m in [materials.get(open_exercise, ""), *shown] if m)
        items += [Item("figure", name, number, section, index) for name in SHOW.findall(cell.source)]
        for exercise_id in CALL.findall(cell.source):
            if exercise_id not in prompts:  # a prediction asked in the prose just above its cell, no heading
                items.append(Item("exercise", exercise_id, number, section, index))
                prompts[exercise_id] = _prompt_above(previous_markdown)
    return tuple(items), prompts, materials


def _markdown_output(output) -> str:
    """A list or a quoted passage a code cell displayed as Markdown (tables stay in the notebook)."""
    text = (
        output.get("data", {}).get("text/markdown", "") if output.get("output_type") in ("display_data", "execute_result") else ""
    )
    text = text if isinstance(text, str) else "".join(text)
    lines = text.strip().splitlines()
    return text.strip() if lines and all(line.startswith(("- ", "> ")) for line in lines) else ""


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
        sentences = re.split(r"(?<=[.?!])\s+|(?<=[.?!]\*\*)\s+", line)  # a bold sentence ends after its **
        lines.append(" ".join(s for s in sentences if not ABOUT_CELLS.search(s)))
    return "\n".join(line for line in lines if line.strip())


def exercise_prompt(exercise_id: str) -> str:
    """The question as the notebook asks it, with the material shown for it."""
    _, prompts, materials = notebook_items(exercise_id.split(".")[0])
    return "\n".join(part for part in (prompts.get(exercise_id, ""), materials.get(exercise_id, "")) if part)


def room_prompts(plan: dict | None = None) -> dict[str, str | dict[str, str]]:
    """Exercise id -> how the room is asked it (session_plans.json `room_prompts`), a plan's own first: the
    question written for the room, or {notebook words: room words} to replace in the notebook's question."""
    shared = json.loads(teaching.plans_path().read_text(encoding="utf-8")).get("room_prompts", {})
    return {**shared, **((plan or {}).get("room_prompts", {}))}


def room_prompt(exercise_id: str, plan: dict | None = None) -> str:
    """The question as a slide shows it: in the room's words where session_plans.json gives them (their
    `{named}` fields filled from the exercise's facts, computed from data/), else the notebook's; then
    the material shown for it. Raises ValueError when a replacement no longer matches the notebook."""
    written = room_prompts(plan).get(exercise_id)
    if written is None:
        return exercise_prompt(exercise_id)
    from ..exercises import load_all

    facts = load_all()[exercise_id].facts()
    _, prompts, materials = notebook_items(exercise_id.split(".")[0])
    if isinstance(written, dict):
        text = prompts.get(exercise_id, "")
        for old, new in written.items():
            if old not in text:
                raise ValueError(
                    f"the room prompt of {exercise_id} replaces {old!r}, which the notebook's question no longer says"
                )
            text = text.replace(old, new.format(**facts))
    else:
        text = written.format(**facts)
    return "\n".join(part for part in (text, materials.get(exercise_id, "")) if part)


def checked_plans() -> tuple[list[dict], list[str]]:
    """The plans that hold, and one line for each plan that does not, naming it: a stale plan stops only its
    own deck and handout. A plan's own checks are teaching's; the room adds its quotes and room prompts."""
    good, problems, seen = [], [], set()
    for candidate in teaching.session_plans(check=False):
        pid = candidate.get("id", "?")
        found = teaching._plan_problems([candidate]) + _room_problems(candidate)
        if pid in seen:
            found.append(f"plan {pid}: its id is used by another plan")
        seen.add(pid)
        if found:
            problems.append("; ".join(found))
        else:
            good.append(candidate)
    return good, problems


def _room_problems(plan: dict) -> list[str]:
    """What the room reads beyond teaching's checks: quoted claims that exist, room prompts that fill."""
    problems = [
        f"plan {plan.get('id', '?')}: slot {n} quotes {claim}, not a claim of the article with its words"
        for n, slot in enumerate(plan.get("slots", []), start=1)
        for claim in slot.get("quotes", [])
        if claim not in article_words()
    ]
    for exercise_id in plan.get("exercises", []):
        try:
            room_prompt(exercise_id, plan)
        except (KeyError, IndexError, ValueError) as error:
            problems.append(f"plan {plan.get('id', '?')}: the room prompt of {exercise_id} does not fill ({error})")
    return problems


def article_words() -> dict[str, tuple[str, str]]:
    """Claim id -> (paragraph, the article's words) for every article claim that quotes the article."""
    from .. import data, evidence

    claims = evidence.article_claims(data.load("claims")).dropna(subset=["article_words"])
    return {row.claim_id: (row.paragraph, row.article_words) for row in claims.itertuples()}


def plans() -> list[dict]:
    """The plans that hold (see `checked_plans` for the others)."""
    return checked_plans()[0]


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
