"""One reveal.js deck per session plan (notebooks/session_plans.json), every asset local.

    python -m kratom_course slides [--out build/slides]

A deck: title (with the care line), the plan's objectives, the running order, then slot by slot the
slot's activity (with the article's words where the slot quotes claims) and the plan's exercise prompts
and figures that sit in its notebook sections, in the notebook's order (a prediction comes before the
figure that answers it); the discussion prompts; the key points where the plan names them. Figures are the committed PNGs of figures/, one per slide, as
large as the slide allows: each figure's own title states its take-away (a course convention), and the
registry's alt text is on the image.
Exercise slides carry the question only, never an answer, in the room's wording where the notebook's
points at what only the notebook has (`plans.room_prompt`). Speaker notes (press S), one paragraph
each: the slide's slot, its minutes and clock time, the instructor's part of the activity, the full
caption and sources, and what to cut if time runs short.

A plan that does not hold (a section that no longer exists, minutes that do not add up) stops only its
own deck: the others are written and the command ends with one line naming it.

reveal.js comes from the PyPI package sphinx-revealjs (its `_static/revealjs`: reveal.js 5 with its
white theme, the theme's fonts and the notes plugin), locked with hashes in requirements-site.txt, so
no JavaScript is vendored in the repository and nothing is fetched when a deck is shown.
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import time
from pathlib import Path

from ..paths import course_root, figures_dir
from . import plans as session
from .text import first_sentence, markup, plain

REVEAL_PACKAGE = "sphinx_revealjs"
REVEAL_FILES = (  # what a deck uses, relative to the package's _static/revealjs
    "LICENSE",
    "dist/reset.css",
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/theme/white.css",
    "dist/theme/fonts/source-sans-pro",
    "plugin/notes/notes.js",
)
CARE_LINE = "Education, not medical advice: no dose or treatment is recommended here."

CSS = """\
.reveal { font-size: 34px; }
.reveal h1 { font-size: 2.0em; text-transform: none; }
.reveal h2 { font-size: 1.25em; line-height: 1.2; text-transform: none; }
.reveal .kicker { font-size: 0.6em; color: #555; text-transform: uppercase; letter-spacing: 0.05em; margin: 0; }
.reveal .care { font-size: 0.65em; color: #444; margin-top: 2em; }
.reveal section.figure-slide img { max-height: 640px; max-width: 100%; margin: 0; border: 0; box-shadow: none; }
.reveal ul, .reveal ol { display: block; }
.reveal .prompt { font-size: 0.85em; text-align: left; }
.reveal .prompt li { margin: 0.3em 0; }
.reveal .order { font-size: 0.85em; width: 100%; }
.reveal .order td { padding: 0.2em 0.5em; border-bottom: 1px solid #ddd; vertical-align: top; }
.reveal .order td.clock { white-space: nowrap; width: 5.5em; font-variant-numeric: tabular-nums; }
.reveal .quotes { font-size: 0.8em; text-align: left; }
.reveal .quotes blockquote { width: 100%; margin: 0.35em 0; padding: 0.1em 0.6em; box-shadow: none;
  border-left: 6px solid #bbb; font-style: normal; }
.reveal .quotes .where { font-size: 0.7em; color: #555; }
.reveal .small { font-size: 0.6em; }
"""

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="_reveal/dist/reset.css">
<link rel="stylesheet" href="_reveal/dist/reveal.css">
<link rel="stylesheet" href="_reveal/dist/theme/white.css">
<link rel="stylesheet" href="_reveal/deck.css">
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="_reveal/dist/reveal.js"></script>
<script src="_reveal/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({{hash: true, slideNumber: "c/t", width: 1280, height: 720, margin: 0.04,
  transition: "none", plugins: [RevealNotes]}});
</script>
</body>
</html>
"""


def default_out() -> Path:
    return course_root() / "build" / "slides"


def reveal_dir() -> Path:
    spec = importlib.util.find_spec(REVEAL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"{REVEAL_PACKAGE} (which ships reveal.js) is not installed: pip install -r requirements-site.txt",
            name=REVEAL_PACKAGE,
        )
    return Path(spec.submodule_search_locations[0]) / "_static" / "revealjs"


def reveal_version() -> str:
    match = re.search(r"reveal\.js (\d+\.\d+\.\d+)", (reveal_dir() / "dist" / "reveal.js").read_text(encoding="utf-8")[:300])
    return match.group(1) if match else "unknown"


def copy_reveal(target: Path) -> None:
    source = reveal_dir()
    for relative in REVEAL_FILES:
        path, destination = source / relative, target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            shutil.copytree(path, destination)
        else:
            shutil.copyfile(path, destination)
    (target / "deck.css").write_text(CSS, encoding="utf-8")


def _section(body: str, notes: list[str], css_class: str = "") -> str:
    """A slide with its speaker notes, one paragraph each."""
    attribute = f' class="{css_class}"' if css_class else ""
    paragraphs = "".join(f"<p>{html.escape(note)}</p>" for note in notes if note)
    return f'<section{attribute}>\n{body}\n<aside class="notes">{paragraphs}</aside>\n</section>'


def _bullets(items: list[str], css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<ul{attribute}>" + "".join(f"<li>{markup(item)}</li>" for item in items) + "</ul>"


def _prompt_html(prompt: str) -> str:
    """An exercise's question: sentences as paragraphs, runs of '- ' lines and options (a, b, c) as lists, a
    quoted passage ('> ') as a block quote."""
    blocks: list[str] = []
    items: list[str] = []
    for line in [line.strip() for line in prompt.splitlines() if line.strip()]:
        if re.match(r"\*\*[a-d]\*\* ", line) and " · " in line:  # options on one line: **a** ... · **b** ...
            items += line.split(" · ")
        elif line.startswith("- "):
            items.append(line[2:])
        elif not line.startswith("|"):  # a table stays in the notebook
            if items:
                blocks.append(_bullets(items))
                items = []
            quoted = line.startswith("> ")
            text = markup(line[2:] if quoted else line)
            blocks.append(f"<blockquote>{text}</blockquote>" if quoted else f"<p>{text}</p>")
    if items:
        blocks.append(_bullets(items))
    return f'<div class="prompt">{"".join(blocks)}</div>'


def _slot_label(slot: session.Slot) -> str:
    where = ""
    if slot.notebook:
        sections = ", ".join(str(s) for s in slot.sections)
        where = f"notebook {slot.notebook}, section{'s' if len(slot.sections) > 1 else ''} {sections} · "
    return f"{where}{slot.minutes} min"


def _slot_notes(slot: session.Slot, total: int) -> list[str]:
    end = slot.start_min + slot.minutes
    return [
        f"Slot {slot.number} of {total}: {session.clock(slot.start_min)}-{session.clock(end)} ({slot.minutes} min).",
        _sentence(plain(slot.activity)),
    ]


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".") if text else ""


# the part of a slot's activity after its topic is put to the room when it is the room's task
ROOM_TASK = re.compile(r"\b(?:task|question)\b")


def _slot_slide(slot: session.Slot, notes: list[str]) -> str:
    """The slot's topic (its activity up to the first colon); the rest of the activity is for the instructor
    and goes to the notes, except a question put to the room or the room's task (an exit task)."""
    topic, _, rest = plain(slot.activity).partition(":")
    topic = first_sentence(topic, 90)
    task = rest.strip() if rest.strip().endswith("?") or (ROOM_TASK.search(topic) and not slot.notebook) else ""
    body = f'<p class="kicker">{session.clock(slot.start_min)} · {html.escape(_slot_label(slot))}</p>\n'
    body += f"<h2>{html.escape(_sentence(topic).rstrip('.'))}</h2>"
    body += f'\n<div class="prompt"><p>{html.escape(_sentence(task))}</p></div>' if task else ""
    return _section(body, notes)


def quotes_slide(slot: session.Slot, claim_ids: list[str], notes: list[str]) -> str:
    """The article's own words for the claims a slot puts on the board (data/claims.csv), no status: the
    session grades them later."""
    words = session.article_words()
    quotes = "".join(
        f"<blockquote>\u201c{html.escape(_fragment(words[claim][1]))}\u201d "
        f'<span class="where">{words[claim][0]} · {claim}</span></blockquote>'
        for claim in claim_ids
    )
    body = f'<p class="kicker">{session.clock(slot.start_min)} · the article</p>\n<h2>In the article\u2019s words</h2>\n'
    body += f'<div class="quotes">{quotes}</div>'
    return _section(
        body, [*notes, "Quoted from the article (data/claims.csv, article_words); the paragraph and claim id follow each quote."]
    )


def _fragment(words: str) -> str:
    """A quotation that starts mid-sentence (lower case) is marked as a fragment with a leading ellipsis."""
    return f"\u2026{words}" if words[:1].islower() else words


def item_slide(item: session.Item, notes: list[str], plan: dict | None = None) -> str:
    if item.kind == "exercise":
        exercise = _exercise_kind(item.name)
        body = f'<p class="kicker">Exercise {item.name} ({exercise})</p>\n{_prompt_html(session.room_prompt(item.name, plan))}'
        return _section(body, [*notes, "Ask for answers before moving on; the next slides may answer it."])
    from .. import plots

    figure = plots.registry()[item.name]
    where = f"notebook {item.notebook}" + (f", section {item.section}" if item.section else "")
    body = (
        f'<p class="kicker">Figure · {where}</p>\n'
        f'<img src="figures/{item.name}.png" alt="{html.escape(" ".join(figure.alt.split()))}">'
    )
    return _section(body, [*notes, f"Caption: {figure.caption}", f"Sources: {figure.sources}"], "figure-slide")


def _exercise_kind(exercise_id: str) -> str:
    from ..exercises import load_all

    return load_all()[exercise_id].kind


def deck(plan: dict) -> str:
    slots, rest = session.running_order(plan)
    title = _sentence(plan["title"]).rstrip(".")
    cut = f"If time runs short: {plain(plan['cut'])}"
    slides = [
        _section(
            f'<p class="kicker">Session plan {plan["id"]} · {plan["minutes"]} minutes</p>\n'
            f'<h1>{html.escape(title)}</h1>\n<p class="care">{html.escape(CARE_LINE)}</p>',
            [f"{plan['minutes']} minutes in {len(slots)} slots.", cut],
        ),
        _section(
            "<h2>By the end of this session you can</h2>\n" + _bullets(plan["objectives"], "prompt"),
            ["Read the objectives aloud; come back to them at the end."],
        ),
        _section(
            '<h2>Running order</h2>\n<table class="order">'
            + "".join(
                f'<tr><td class="clock">{session.clock(s.start_min)}</td><td class="clock">{s.minutes}&nbsp;min</td>'
                f"<td>{html.escape(first_sentence(plain(s.activity), 90))}</td></tr>"
                for s in slots
            )
            + "</table>",
            [f"Total {plan['minutes']} minutes.", cut],
        ),
    ]
    for slot, written in zip(slots, plan["slots"]):
        notes = _slot_notes(slot, len(slots))
        slides.append(_slot_slide(slot, notes))
        if written.get("quotes"):
            slides.append(quotes_slide(slot, written["quotes"], notes[:1]))
        slides += [item_slide(item, notes[:1], plan) for item in slot.items]
    slides += [item_slide(item, ["Not placed in a slot of the plan."], plan) for item in rest]
    if plan.get("prompts"):
        slides.append(_section("<h2>Discuss</h2>\n" + _bullets(plan["prompts"], "prompt"), ["Discussion prompts of the plan."]))
    if plan.get("key_points"):
        slides.append(_section("<h2>Key points</h2>\n" + _bullets(plan["key_points"], "prompt"), ["Key points of the plan."]))
    return PAGE.format(title=html.escape(f"Plan {plan['id']}: {title}"), slides="\n".join(slides))


def index_page(all_plans: list[dict]) -> str:
    rows = "".join(
        f'<li><a href="{p["id"]}.html">Plan {p["id"]}: {html.escape(p["title"])}</a> ({p["minutes"]} min)</li>' for p in all_plans
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Slide decks</title>'
        '<link rel="stylesheet" href="_reveal/dist/theme/fonts/source-sans-pro/source-sans-pro.css">'
        "<style>body{font-family:'Source Sans Pro',sans-serif;max-width:48em;margin:2em auto;font-size:1.2em}</style>"
        "</head>\n<body>\n<h1>Slide decks, one per session plan</h1>\n"
        "<p>Open a deck; arrow keys move, S opens the speaker notes (timings, captions, sources), F is full "
        f"screen. Everything is in this folder; no network needed. reveal.js {reveal_version()}.</p>\n"
        f"<ul>{rows}</ul>\n</body>\n</html>\n"
    )


def build(out: Path | None = None) -> Path:
    """Write every deck, their figures and reveal.js into `out` (default build/slides/), all at once."""
    from ..outputs import writing_folder
    from . import RoomError, prepare, require

    out = Path(out or default_out())
    prepare(out)
    require(REVEAL_PACKAGE, "slides")
    all_plans, problems = session.checked_plans()
    with writing_folder(out) as tmp:
        copy_reveal(tmp / "_reveal")
        (tmp / "figures").mkdir()
        for name in sorted({name for plan in all_plans for name in plan.get("figures", [])}):
            shutil.copyfile(figures_dir() / f"{name}.png", tmp / "figures" / f"{name}.png")
        for plan in all_plans:
            (tmp / f"{plan['id']}.html").write_text(deck(plan), encoding="utf-8")
        (tmp / "index.html").write_text(index_page(all_plans), encoding="utf-8")
    if problems:
        raise RoomError(f"{out}: {len(all_plans)} decks written; not written: " + " | ".join(problems))
    return out


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/slides/)")


def run(args) -> int:
    start = time.perf_counter()
    out = build(args.out)
    print(f"{out / 'index.html'} ({time.perf_counter() - start:.1f} s)")
    return 0
