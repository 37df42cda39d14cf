"""One reveal.js deck per session plan (notebooks/session_plans.json), every asset local.

    python -m kratom_course slides [--out build/slides]

A deck: title (with the care line), the plan's objectives, the running order, then slot by slot the
slot's activity and the plan's exercise prompts and figures that sit in its notebook sections, in the
notebook's order (a prediction comes before the figure that answers it); the discussion prompts; the
key points where the plan names them. Figures are the committed PNGs of figures/, one per slide, as
large as the slide allows: each figure's own title states its take-away (a course convention), and the
registry's alt text is on the image.
Exercise slides carry the question only, never an answer. Speaker notes (press S) give each slide's
slot, its minutes and clock time, the full caption and sources, and what to cut if time runs short.

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
.reveal .care { font-size: 0.55em; color: #444; margin-top: 2em; }
.reveal section.figure-slide img { max-height: 640px; max-width: 100%; margin: 0; border: 0; box-shadow: none; }
.reveal ul, .reveal ol { display: block; }
.reveal .prompt { font-size: 0.85em; text-align: left; }
.reveal .prompt li { margin: 0.3em 0; }
.reveal .order { font-size: 0.5em; width: 100%; }
.reveal .order td { padding: 0.15em 0.5em; border-bottom: 1px solid #ddd; vertical-align: top; }
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


def _section(body: str, notes: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f'<section{attribute}>\n{body}\n<aside class="notes">{notes}</aside>\n</section>'


def _bullets(items: list[str], css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<ul{attribute}>" + "".join(f"<li>{markup(item)}</li>" for item in items) + "</ul>"


def _prompt_html(prompt: str) -> str:
    """An exercise's question: sentences as paragraphs, runs of '- ' lines and options (a, b, c) as lists."""
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
            blocks.append(f"<p>{markup(line)}</p>")
    if items:
        blocks.append(_bullets(items))
    return f'<div class="prompt">{"".join(blocks)}</div>'


def _slot_label(slot: session.Slot) -> str:
    where = ""
    if slot.notebook:
        sections = ", ".join(str(s) for s in slot.sections)
        where = f"notebook {slot.notebook}, section{'s' if len(slot.sections) > 1 else ''} {sections} · "
    return f"{where}{slot.minutes} min"


def _slot_notes(slot: session.Slot, total: int) -> str:
    end = slot.start_min + slot.minutes
    return html.escape(
        f"Slot {slot.number} of {total}: {session.clock(slot.start_min)}-{session.clock(end)} "
        f"({slot.minutes} min). {plain(slot.activity)}"
    )


def _slot_slide(slot: session.Slot, notes: str) -> str:
    """The slot's topic (its activity up to the first colon or semicolon); the rest of the activity is for the
    instructor and goes to the notes, except a question put to the room."""
    topic, _, rest = plain(slot.activity).partition(":")
    topic = first_sentence(topic, 90)
    question = rest.strip() if rest.strip().endswith("?") else ""
    body = f'<p class="kicker">{session.clock(slot.start_min)} · {html.escape(_slot_label(slot))}</p>\n'
    body += f"<h2>{html.escape(topic[0].upper() + topic[1:])}</h2>"
    body += f'\n<div class="prompt"><p>{html.escape(question[0].upper() + question[1:])}</p></div>' if question else ""
    return _section(body, notes)


def item_slide(item: session.Item, notes: str) -> str:
    if item.kind == "exercise":
        exercise = _exercise_kind(item.name)
        body = f'<p class="kicker">Exercise {item.name} ({exercise})</p>\n{_prompt_html(session.exercise_prompt(item.name))}'
        return _section(body, notes + html.escape(" Ask for answers before moving on; the next slides may answer it."))
    from .. import plots

    figure = plots.registry()[item.name]
    where = f"notebook {item.notebook}" + (f", section {item.section}" if item.section else "")
    body = (
        f'<p class="kicker">Figure · {where}</p>\n'
        f'<img src="figures/{item.name}.png" alt="{html.escape(" ".join(figure.alt.split()))}">'
    )
    figure_notes = html.escape(f" Caption: {figure.caption} Sources: {figure.sources}")
    return _section(body, notes + figure_notes, "figure-slide")


def _exercise_kind(exercise_id: str) -> str:
    from ..exercises import load_all

    return load_all()[exercise_id].kind


def deck(plan: dict) -> str:
    slots, rest = session.running_order(plan)
    title = f"Plan {plan['id']}: {plan['title']}"
    slides = [
        _section(
            f'<p class="kicker">Session plan {plan["id"]} · {plan["minutes"]} minutes</p>\n'
            f'<h1>{html.escape(plan["title"])}</h1>\n<p class="care">{html.escape(CARE_LINE)}</p>',
            html.escape(f"{plan['minutes']} minutes in {len(slots)} slots. If time runs short: {plain(plan['cut'])}"),
        ),
        _section(
            "<h2>By the end of this session you can</h2>\n" + _bullets(plan["objectives"], "prompt"),
            html.escape("Read the objectives aloud; come back to them at the end."),
        ),
        _section(
            '<h2>Running order</h2>\n<table class="order">'
            + "".join(
                f"<tr><td>{session.clock(s.start_min)}</td><td>{s.minutes}&nbsp;min</td>"
                f"<td>{html.escape(first_sentence(plain(s.activity), 90))}</td></tr>"
                for s in slots
            )
            + "</table>",
            html.escape(f"Total {plan['minutes']} minutes. If time runs short: {plain(plan['cut'])}"),
        ),
    ]
    for slot in slots:
        notes = _slot_notes(slot, len(slots))
        slides.append(_slot_slide(slot, notes))
        slides += [item_slide(item, notes + " ") for item in slot.items]
    slides += [item_slide(item, "Not placed in a slot of the plan. ") for item in rest]
    if plan.get("prompts"):
        slides.append(
            _section("<h2>Discuss</h2>\n" + _bullets(plan["prompts"], "prompt"), html.escape("Discussion prompts of the plan."))
        )
    if plan.get("key_points"):
        slides.append(_section("<h2>Key points</h2>\n" + _bullets(plan["key_points"], "prompt"), ""))
    return PAGE.format(title=html.escape(title), slides="\n".join(slides))


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
    from . import prepare, require

    out = Path(out or default_out())
    prepare(out)
    require(REVEAL_PACKAGE, "slides")
    all_plans = session.plans()
    with writing_folder(out) as tmp:
        copy_reveal(tmp / "_reveal")
        (tmp / "figures").mkdir()
        for name in sorted({name for plan in all_plans for name in plan.get("figures", [])}):
            shutil.copyfile(figures_dir() / f"{name}.png", tmp / "figures" / f"{name}.png")
        for plan in all_plans:
            (tmp / f"{plan['id']}.html").write_text(deck(plan), encoding="utf-8")
        (tmp / "index.html").write_text(index_page(all_plans), encoding="utf-8")
    return out


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/slides/)")


def run(args) -> int:
    start = time.perf_counter()
    out = build(args.out)
    print(f"{out / 'index.html'} ({time.perf_counter() - start:.1f} s)")
    return 0
