"""Printable handouts (PDF, ReportLab), generated from data/, the notebooks and the session plans.

    python -m kratom_course handouts [--out build/handouts]

- `claims.pdf`: one sheet (two landscape pages, print double-sided), every claim of the article with its
  words, status, best level and key study (the table of notebooks/claims_summary.md; the key-study rule
  is in `summary`), across the full page width, no text smaller than `CLAIMS_TEXT_PT`.
- `plan-<id>.pdf`, one per session plan, at most two pages. Page 1, for the session: objectives and
  running order; where the plan teaches prolactin (notebook 04 or 05), the mIU/L <-> ng/mL rule with the
  factor of a named assay, from data/ as notebook 04 computes it; where it reads a case report
  (notebook 05) or is a journal club on the evidence (no notebook), the case-report checklist, the
  questions of notebook 05's table. Page 2, headed for after the exercises because it carries their
  findings: the plan's first figure with its caption, and the key points (the plan's own, else the
  Summary of each notebook it uses).

Fonts: DejaVu Sans from matplotlib's own data (µ, ↔, ≤ and Greek letters print). Deterministic:
ReportLab's invariant mode fixes the dates and ids, so two builds give the same bytes.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat

from ..paths import course_root, figures_dir
from . import plans as session
from . import summary
from .text import markup, plain

FONT = "DejaVuSans"
PROLACTIN_NOTEBOOKS = {"04", "05"}
CASE_REPORT_NOTEBOOK = "05"
CHECKLIST_HEADER = re.compile(r"^\|\s*question\s*\|", re.M)
CLAIMS_TEXT_PT = 8.5  # the smallest text of the claims sheet: legible on paper
CLAIMS_COLUMNS = (0.045, 0.03, 0.385, 0.125, 0.075, 0.34)  # shares of the page width: id, ¶, words, status, level, key study
CARE_LINE = "Education, not medical advice: the course reports what studies measured; it recommends no dose or treatment."


def default_out() -> Path:
    return course_root() / "build" / "handouts"


def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import matplotlib

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = {
        FONT: "DejaVuSans.ttf",
        f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
        f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
        f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
        "DejaVuSansMono": "DejaVuSansMono.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(ttf / file)))
    for bold, italic, name in ((0, 0, FONT), (1, 0, f"{FONT}-Bold"), (0, 1, f"{FONT}-Oblique"), (1, 1, f"{FONT}-BoldOblique")):
        addMapping(FONT, bold, italic, name)


def _styles(size: float = 9.5):
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.25, spaceAfter=size * 0.3)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=f"{FONT}-Bold", fontSize=size * 1.7, leading=size * 2.1),
        "h2": ParagraphStyle("h2", parent=body, fontName=f"{FONT}-Bold", fontSize=size * 1.15, spaceBefore=size * 0.6),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=size * 0.8, leading=size),
        "cell": ParagraphStyle("cell", parent=body, fontSize=size * 0.8, leading=size * 0.95, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=f"{FONT}-Bold", fontSize=size * 0.8, leading=size * 0.95),
    }


def _p(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(markup(text, code_font="DejaVuSansMono"), style)


def _bullets(items: list[str], style):
    from reportlab.platypus import ListFlowable, ListItem

    return ListFlowable(
        [ListItem(_p(item, style), leftIndent=12) for item in items], bulletType="bullet", start="•", leftIndent=12
    )


def _document(path: Path, pagesize, title: str):
    from reportlab.platypus import SimpleDocTemplate

    margin = 28
    return SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author="kratom_course",
        subject="Generated from the course's notebooks and data/",
        creator="kratom_course handouts (ReportLab)",
        invariant=1,
    )


# --- the claims sheet ------------------------------------------------------------------------------


def status_colours() -> dict[str, str]:
    """The course's fixed colour per claim status (plain words -> hex), as in every figure."""
    from ..plots.style import STATUS_LOOK
    from ..tables import in_words

    return {in_words(status): look.colour for status, look in STATUS_LOOK.items()}


def write_claims_sheet(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Table, TableStyle

    _register_fonts()
    styles = _styles(CLAIMS_TEXT_PT / 0.8)  # table cells are 0.8 of the body size
    table = summary.claims_table()
    counts = table["status"].value_counts()
    chips = status_colours()
    header = ["claim", "¶", "the article's words", "status", "best level", "key study (design, level; relation)"]
    rows = [[_p(f"**{h}**", styles["cellbold"]) for h in header]]
    for row in table.itertuples():
        chip = f'<font color="{chips.get(row.status, "#000000")}">■</font> '
        rows.append(
            [
                _p(row.claim_id, styles["cell"]),
                _p(row.paragraph, styles["cell"]),
                _p(f"“{row.article_words}”", styles["cell"]),
                _p_raw(chip + row.status, styles["cell"]),
                _p(row.best_level, styles["cell"]),
                _p(row.key_study, styles["cell"]),
            ]
        )
    document = _document(path, landscape(A4), "The article's claims and their evidence")
    grid = Table(rows, colWidths=[share * document.width for share in CLAIMS_COLUMNS], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    statuses = ", ".join(f"{counts[s]} {s}" for s in chips if s in counts)
    intro = (
        f"{len(table)} claims of the article, in its paragraph order: {statuses}. Statuses and levels follow the "
        f"course's evidence protocol (notebook 00); notebook 01 gives each claim's reasons. {summary.KEY_STUDY_RULE}"
    )
    story = [
        _p("The article's claims and their evidence", styles["title"]),
        _p(intro, styles["small"]),
        grid,
        _p(
            "Levels: 1 systematic review of randomized trials · 2 randomized trial · 3 controlled observational study · "
            "4 uncontrolled human data · 5 animal, in vitro or mechanism. " + CARE_LINE,
            styles["small"],
        ),
    ]
    document.build(story)
    return path


def _p_raw(html_text: str, style):
    """A paragraph whose text is already ReportLab markup (a coloured chip before plain words)."""
    from reportlab.platypus import Paragraph

    return Paragraph(html_text, style)


# --- session handouts ------------------------------------------------------------------------------


def plan_notebooks(plan: dict) -> list[str]:
    seen: list[str] = []
    for slot in plan["slots"]:
        if slot.get("notebook") and slot["notebook"] not in seen:
            seen.append(slot["notebook"])
    return seen


def unit_rule() -> str:
    """The mIU/L <-> ng/mL rule with the factor of the first assay data/ names from a primary record."""
    from .. import prolactin

    rows = prolactin.conversion_rows()
    primary = rows[(rows["parameter"] == "conversion factor") & (rows["secondary"] == "no")].iloc[0]
    factor = prolactin.conversion_factor(primary["standard_or_assay"])
    return (
        "**Prolactin units.** ng/mL is the same number as µg/L. mIU/L counts international units of the "
        "standard the assay is calibrated against, so the factor belongs to the assay, not to prolactin: "
        f"for the {primary['standard_or_assay']} assay, mIU/L = ng/mL × {factor:g}, and ng/mL = mIU/L ÷ {factor:g} "
        f"({primary['unit']}; {_source_label(primary['ref_id'])}). Use the factor the laboratory gives for its own assay, and "
        "read a value only against that laboratory's interval for the person's sex."
    )


def _source_label(ref_id: str) -> str:
    from .. import data

    references = data.load("references").set_index("ref_id")
    return summary.reference_label(references.loc[ref_id])


def case_report_checklist() -> list[str]:
    """The questions of notebook 05's table of what a case report can and cannot carry."""
    notebook = nbformat.read(session.notebook_path(CASE_REPORT_NOTEBOOK), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and CHECKLIST_HEADER.search(cell.source):
            table = cell.source[CHECKLIST_HEADER.search(cell.source).start() :]
            lines = [line for line in table.splitlines() if line.startswith("|")][2:]
            return [plain(line.strip("|").split("|")[0].strip()) for line in lines]
    return []


def key_points(plan: dict) -> list[str]:
    if plan.get("key_points"):
        return list(plan["key_points"])
    summaries = {s.name[:2]: s for s in summary.course_summaries()}
    return [point for number in plan_notebooks(plan) if number in summaries for point in summaries[number].key_points]


def _figure(name: str, width: float, max_height: float):
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    path = figures_dir() / f"{name}.png"
    pixels_w, pixels_h = ImageReader(str(path)).getSize()
    scale = min(width / pixels_w, max_height / pixels_h)
    return Image(str(path), width=pixels_w * scale, height=pixels_h * scale)


def write_plan_handout(plan: dict, path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import KeepInFrame, PageBreak, Spacer, Table, TableStyle

    _register_fonts()
    styles = _styles(9.5)
    title = f"Plan {plan['id']}: {plan['title'][0].upper()}{plan['title'][1:]}"
    document = _document(path, A4, title)
    notebooks = plan_notebooks(plan)
    slots, _ = session.running_order(plan)

    first = [
        _p(title, styles["title"]),
        _p(
            f"{plan['minutes']} minutes · " + (f"notebooks {', '.join(notebooks)}" if notebooks else "no notebook"),
            styles["small"],
        ),
        _p(CARE_LINE, styles["small"]),
        _p("By the end of this session you can", styles["h2"]),
        _bullets(plan["objectives"], styles["body"]),
        _p("Running order", styles["h2"]),
    ]
    order = Table(
        [
            [
                _p(session.clock(s.start_min), styles["cell"]),
                _p(f"{s.minutes} min", styles["cell"]),
                _p(plain(s.activity), styles["cell"]),
            ]
            for s in slots
        ],
        colWidths=[32, 40, document.width - 72],
    )
    order.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    first.append(order)
    if PROLACTIN_NOTEBOOKS & set(notebooks):
        first += [Spacer(0, 6), _p(unit_rule(), styles["body"])]
    if CASE_REPORT_NOTEBOOK in notebooks or not notebooks:
        first += [_p("Reading a case report: ask of it", styles["h2"]), _bullets(case_report_checklist(), styles["body"])]

    second = [
        _p("After the exercises", styles["title"]),
        _p("This page holds what the session's exercises find: hand it out, or turn to it, afterwards.", styles["small"]),
    ]
    if plan.get("figures"):
        name = plan["figures"][0]
        from .. import plots

        figure = plots.registry()[name]
        share = max(0.25, 0.5 - 0.012 * len(key_points(plan)))  # the more key points, the smaller the figure
        second += [_figure(name, document.width, document.height * share), _p(f"{figure.caption}", styles["small"])]
    points = key_points(plan)
    if points:
        second += [_p("Key points", styles["h2"]), _bullets(points, styles["body"])]
    else:
        second += [
            _p("The claims sheet (claims.pdf) lists every claim with its status, best level and key study.", styles["body"])
        ]
    page = (document.width, document.height)
    document.build([KeepInFrame(*page, first, mode="shrink"), PageBreak(), KeepInFrame(*page, second, mode="shrink")])
    return path


def build(out: Path | None = None) -> Path:
    from ..outputs import writing_folder
    from . import RoomError, prepare, require

    out = Path(out or default_out())
    prepare(out)
    require("reportlab", "handouts")
    plans, problems = session.checked_plans()
    with writing_folder(out) as tmp:
        write_claims_sheet(tmp / "claims.pdf")
        for plan in plans:
            write_plan_handout(plan, tmp / f"plan-{plan['id']}.pdf")
    if problems:  # the other handouts are written; the plan that does not hold is named
        raise RoomError(f"{out}: {len(plans)} plan handouts written; not written: " + " | ".join(problems))
    return out


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/handouts/)")


def run(args) -> int:
    start = time.perf_counter()
    out = build(args.out)
    print(f"{out} ({time.perf_counter() - start:.1f} s)")
    return 0
