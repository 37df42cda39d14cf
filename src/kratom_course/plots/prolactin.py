"""Figures of notebooks 04 and 05: the prolactin axis, a teaching sketch, opioid studies on a time
axis, the kratom hormone evidence, repeated draws near a limit, and power against sample size.

Drawing only: every number comes from kratom_course.prolactin (which reads data/).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .. import prolactin
from . import register
from .style import OKABE_ITO, look

INK = OKABE_ITO["black"]
MUTED = OKABE_ITO["grey"]
DIRECTION_TEXT = {
    "increase": "up",
    "decrease": "down",
    "no-change": "no change",
    "not-measured": "not measured",
    "described": "as described",
}


# --- 04: the axis --------------------------------------------------------------------------------------


def _box(ax, xy, width, height, text, *, face="white", edge=INK, weight="normal"):
    ax.add_patch(FancyBboxPatch(xy, width, height, boxstyle="round,pad=0.08", facecolor=face, edgecolor=edge, linewidth=1.5))
    ax.text(xy[0] + width / 2, xy[1] + height / 2, text, ha="center", va="center", fontsize=11, weight=weight, wrap=True)


def _arrow(ax, start, end, label="", *, inhibit=False, dashed=False, label_xy=None, rad=0.0):
    style = "-[" if inhibit else "-|>"
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle=style + ",widthB=0.6" if inhibit else style,
            mutation_scale=16,
            linewidth=1.8,
            color=INK,
            linestyle="--" if dashed else "-",
            connectionstyle=f"arc3,rad={rad}",
        )
    )
    if label:
        x, y = label_xy or ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        ax.text(x, y, label, fontsize=10, ha="center", va="center", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})


@register(
    "04_prolactin_axis",
    caption=(
        "Schematic, not to scale and without quantities: dopamine from tuberoinfundibular neurons tonically "
        "inhibits lactotrophs through D2 receptors; mu-opioid agonists lower that dopamine, so prolactin "
        "rises, and they also suppress GnRH and with it LH, FSH and sex hormones, the main route of "
        "opioid-induced hypogonadism. High prolactin can suppress GnRH too, a second, smaller route."
    ),
    sources="benjonathan2001, freeman2000, levine2018 (dopamine and D2 control); delitala1983 (morphine acts "
    "through dopamine); ali2016, devries2020 (GnRH suppression and hypogonadism)",
    alt=(
        "Box-and-arrow diagram in two columns. Left: hypothalamic dopamine neurons send dopamine that blocks "
        "prolactin-making cells of the anterior pituitary, which send prolactin to the breast. Right: hypothalamic "
        "GnRH neurons drive LH and FSH, which drive the testes or ovaries. A box of mu-opioid agonists at the top "
        "has blocking arrows to both the dopamine neurons and the GnRH neurons; a dashed blocking arrow runs from "
        "prolactin to the GnRH neurons."
    ),
    notebook="04_the_prolactin_axis",
)
def plot_prolactin_axis():
    fig, ax = plt.subplots(figsize=(11.0, 7.0))
    ax.set_xlim(0, 12)
    ax.set_ylim(0, 8.2)
    ax.axis("off")
    _box(
        ax,
        (3.6, 7.0),
        4.8,
        0.8,
        "mu-opioid agonists\n(morphine, heroin, methadone, buprenorphine)",
        face="#f2f2f2",
        weight="bold",
    )
    _box(ax, (0.4, 4.9), 4.2, 1.1, "hypothalamus: tuberoinfundibular\ndopamine (TIDA) neurons")
    _box(ax, (7.4, 4.9), 4.2, 1.1, "hypothalamus:\nGnRH neurons")
    _box(ax, (0.4, 2.6), 4.2, 1.1, "anterior pituitary:\nlactotrophs (D2 receptors)")
    _box(ax, (7.4, 2.6), 4.2, 1.1, "anterior pituitary:\ngonadotrophs")
    _box(ax, (0.4, 0.3), 4.2, 1.0, "breast: milk secretion\n(galactorrhoea if outside lactation)")
    _box(ax, (7.4, 0.3), 4.2, 1.0, "testes or ovaries:\ntestosterone, oestradiol, cycles")
    _arrow(ax, (5.0, 7.0), (3.2, 6.15), "less dopamine", inhibit=True, label_xy=(3.7, 6.6))
    _arrow(ax, (7.0, 7.0), (8.8, 6.15), "less GnRH", inhibit=True, label_xy=(8.3, 6.6))
    _arrow(ax, (2.5, 4.85), (2.5, 3.8), "dopamine (portal blood)\ninhibits tonically", inhibit=True, label_xy=(2.5, 4.3))
    _arrow(ax, (2.5, 2.55), (2.5, 1.4), "prolactin", label_xy=(2.5, 2.0))
    _arrow(ax, (9.5, 4.85), (9.5, 3.8), "GnRH", label_xy=(9.5, 4.3))
    _arrow(ax, (9.5, 2.55), (9.5, 1.4), "LH, FSH", label_xy=(9.5, 2.0))
    _arrow(ax, (4.7, 3.15), (7.3, 5.2), "high prolactin\nsuppresses GnRH", inhibit=True, dashed=True, label_xy=(6.0, 3.9))
    ax.set_title("Dopamine holds prolactin down; opioids lower dopamine and, separately, GnRH")
    return fig


# --- 04: the teaching sketch --------------------------------------------------------------------------


@register(
    "04_teaching_sketch",
    caption=(
        "Teaching sketch, not fitted to data (arbitrary units): as mu-opioid activation lowers hypothalamic "
        "dopamine, D2 inhibition of lactotrophs falls and prolactin rises. With D2 receptors already blocked, "
        "as by metoclopramide, prolactin is high from the start and an opioid adds nothing, which is what a "
        "morphine challenge after metoclopramide pretreatment found."
    ),
    sources="kratom_course.prolactin.teaching_sketch (qualitative); mechanism from benjonathan2001, delitala1983, "
    "jclinendocrinolmetab1978",
    alt=(
        "Line chart of prolactin in arbitrary units against mu-opioid receptor activation from none to full. A "
        "solid line for normal dopamine control rises steadily; a dashed line for blocked D2 receptors runs flat "
        "at the top; a dotted line for half-blocked receptors lies between them and rises less."
    ),
    notebook="04_the_prolactin_axis",
)
def plot_teaching_sketch():
    fig, ax = plt.subplots()
    for block, style, label in (
        (0.0, "-", "dopamine control intact"),
        (0.5, ":", "D2 receptors half blocked"),
        (1.0, "--", "D2 receptors blocked (as by metoclopramide)"),
    ):
        sketch = prolactin.teaching_sketch(d2_block=block)
        ax.plot(
            sketch["mu_activation"],
            sketch["prolactin"],
            linestyle=style,
            color=INK if block != 0.5 else MUTED,
            linewidth=2.5,
            label=label,
        )
    ax.set_xlabel("mu-opioid receptor activation (0 = none, 1 = full; arbitrary)")
    ax.set_ylabel("prolactin (multiples of an arbitrary baseline)")
    ax.set_ylim(0, None)
    ax.text(
        0.98,
        0.04,
        "TEACHING SKETCH: qualitative, not fitted to data",
        transform=ax.transAxes,
        ha="right",
        fontsize=11,
        color=MUTED,
    )
    ax.set_title("Teaching sketch: less dopamine, more prolactin, unless D2 is already blocked", fontsize=14)
    ax.legend(loc="center right")
    return fig


# --- 04: opioid studies on a time axis -------------------------------------------------------------------

_ZONES = [(0.1, 12.0, "hours after\na dose"), (12.0, 36.0, "next-dose\ntrough"), (36.0, 1.0e5, "withdrawal and\nabstinence")]
_FLOOR_H = 0.1
_UNKNOWN_START_H = 24.0  # where a window that starts at "day 0 of abstinence" is drawn from


def _direction_mark(direction: str) -> str:
    return {
        "increase": "raised",
        "decrease": "lower",
        "no-change": "not different",
        "not-compared": "no comparison",
    }[direction]


@register(
    "04_opioid_timeline",
    caption=(
        "All {n_dose} single-dose studies found prolactin raised, the {n_dose_timed} that give a time within "
        "{latest_dose_h:.1f} h of the dose; the one study that sampled {first_day_from_h:.0f}-{first_day_to_h:.0f} h "
        "after the last heroin still found it raised, in a window that mixes the end of the dose's effect with early "
        "withdrawal; none of the {n_late} observations days to years after withdrawal found it raised, though "
        "{n_late_not_compared} of them (one study) report no comparison with controls; {n_untimed} of {n_rows} "
        "observations do not say when blood was drawn relative to the last dose (right panel)."
    ),
    sources="data/prolactin_timing.csv and data/findings.csv (mendelson1989, jclinendocrinolmetab1978, bowen2002, "
    "delitala1983, jpharmacolexpther2003, neurotoxicology1992, neuroendocrinollett2017, chan1979, kley1977, "
    "hallinan2009, mcgowan2012, uhoegbu2011, moshtaghikashanian2005, heroin_women_trh_nd)",
    alt=(
        "Two panels. Left: studies as horizontal bars on a logarithmic axis of hours since the last opioid dose, "
        "with zones for the hours after a dose, the next-dose trough and withdrawal; the bars in the first hours and "
        "the first day say raised, the one at the trough not different, those from days to years lower or marked no "
        "comparison with controls. Right: studies that give no sampling time, grouped by phase, each labelled raised, lower "
        "or not different. Marker shape and colour give the population."
    ),
    notebook="04_the_prolactin_axis",
    facts=prolactin.timeline_facts,
)
def plot_opioid_timeline():
    table = prolactin.opioid_timeline()
    timed, untimed = table[table["timed"]], table[~table["timed"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(16.0, 7.5), gridspec_kw={"width_ratios": [1.55, 1.0]})
    left.axvspan(12.0, 36.0, color=MUTED, alpha=0.12, zorder=0)
    for low, high, name in _ZONES:
        left.text(np.sqrt(low * min(high, 6.0e4)), -0.75, name, ha="center", va="bottom", fontsize=10, color=INK)
    for edge in (12.0, 36.0):
        left.axvline(edge, color=MUTED, linewidth=1, linestyle=":")
    for y, row in enumerate(timed.itertuples()):
        style = look("population", row.population)
        start = row.from_h if row.from_h > 0 else _UNKNOWN_START_H
        end = max(row.to_h, start)
        if row.from_h == 0:
            left.plot([12.0, start], [y, y], color=style.colour, linestyle=":", linewidth=2)
        left.plot([start, end], [y, y], color=style.colour, linewidth=5, solid_capstyle="round")
        left.plot([end], [y], linestyle="none", marker=style.marker, color=style.colour, markersize=10, markeredgecolor=INK)
        left.text(end * 1.6, y, _direction_mark(row.direction), va="center", fontsize=10)
    left.set_yticks(range(len(timed)), [f"{lab} ({win})" for lab, win in zip(timed["label"], timed["window"])], fontsize=10)
    left.set_xscale("log")
    left.set_xlim(_FLOOR_H, 1.0e6)
    left.set_ylim(len(timed) - 0.4, -1.0)
    left.set_xlabel("time since the last dose (h, log scale)")
    left.grid(axis="y", visible=False)
    for y, row in enumerate(untimed.itertuples()):
        style = look("population", row.population)
        phase = row.phase.replace(", time not reported", "").replace("withdrawal and abstinence", "after withdrawal")
        right.plot(0.1, y, marker=style.marker, color=style.colour, markersize=10, markeredgecolor=INK, linestyle="none")
        right.text(0.25, y, f"{phase} · {row.label}: {_direction_mark(row.direction)}", va="center", fontsize=10)
    right.set_xlim(0.0, 4.0)
    right.set_ylim(len(untimed) - 0.4, -1.0)
    right.axis("off")
    right.text(0.0, -0.9, "time since the last dose not reported", fontsize=12, va="bottom")
    populations = sorted(set(table["population"]))
    handles = [
        plt.Line2D(
            [],
            [],
            marker=look("population", p).marker,
            color=look("population", p).colour,
            markeredgecolor=INK,
            linestyle="none",
            markersize=9,
            label=p,
        )
        for p in populations
    ]
    fig.legend(
        handles=handles, title="population", loc="lower center", ncols=len(populations), fontsize=10, bbox_to_anchor=(0.5, -0.02)
    )
    fig.suptitle("Prolactin rises within hours of a dose; days to years after the last dose no study found it raised")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


# --- 05: the kratom evidence ----------------------------------------------------------------------------


def _kratom_facts() -> dict:
    return prolactin.kratom_evidence_counts()


_OUTCOME_ORDER = ["prolactin", "testosterone", "LH and FSH"]
_X_STEP = 1.6


@register(
    "05_kratom_evidence",
    caption=(
        "Everything in data/ on kratom or its alkaloids and prolactin or reproductive hormones: {n_findings} "
        "findings from {n_sources} sources, none of them controlled; prolactin was measured in "
        "{n_prolactin_measured_cases} case, known only from a news summary and a blog copy of a monograph."
    ),
    sources="data/findings.csv and data/references.csv (singh2018, sabetghadam2013, emprnd, tryl2012_blog); "
    "levels from the evidence protocol",
    alt=(
        "Grid of sources (rows) against outcomes (columns: prolactin, testosterone, LH and FSH). Filled markers "
        "mark a measurement, labelled with its direction, and hollow markers an outcome the source did not "
        "measure; marker shape and colour give the level of evidence, and second-hand sources are labelled. The "
        "prolactin column holds one measured case, reported second-hand, and two sources that did not measure it."
    ),
    notebook="05_kratom_and_prolactin_evidence",
    facts=_kratom_facts,
)
def plot_kratom_evidence():
    matrix = prolactin.kratom_evidence_matrix()
    sources = list(dict.fromkeys(matrix["source"]))
    fig, ax = plt.subplots(figsize=(14.0, 5.6))
    for row in matrix.itertuples():
        level = (
            None
            if row.evidence_level is None or (isinstance(row.evidence_level, float) and np.isnan(row.evidence_level))
            else row.evidence_level
        )
        try:
            level = None if level is None or str(level) == "<NA>" else int(level)
        except (TypeError, ValueError):
            level = None
        style = look("level", level)
        x, y = _X_STEP * _OUTCOME_ORDER.index(row.outcome_group), sources.index(row.source)
        ax.plot(
            x,
            y,
            marker=style.marker,
            markersize=16,
            linestyle="none",
            markeredgecolor=style.colour if not row.measured else INK,
            markerfacecolor=style.colour if row.measured else "white",
            markeredgewidth=2,
        )
        ax.text(x + 0.15, y, DIRECTION_TEXT[row.direction], va="center", fontsize=10)
    for y, source in enumerate(sources):
        if matrix.loc[matrix["source"] == source, "second_hand"].any():
            ax.text(_X_STEP * 2.75, y, "second-hand", va="center", fontsize=10, color=MUTED, style="italic")
    ax.set_xticks([_X_STEP * i for i in range(len(_OUTCOME_ORDER))], _OUTCOME_ORDER)
    ax.set_yticks(range(len(sources)), sources)
    ax.set_xlim(-0.5, _X_STEP * 3.3)
    ax.set_ylim(len(sources) - 0.5, -0.5)
    ax.grid(False)
    levels = sorted({int(v) for v in matrix["evidence_level"].dropna()})
    handles = [
        plt.Line2D(
            [],
            [],
            marker=look("level", lv).marker,
            color=look("level", lv).colour,
            markeredgecolor=INK,
            linestyle="none",
            markersize=11,
            label=f"level {lv}",
        )
        for lv in levels
    ]
    handles.append(
        plt.Line2D(
            [],
            [],
            marker=look("level", None).marker,
            color=look("level", None).colour,
            markeredgecolor=INK,
            linestyle="none",
            markersize=11,
            label="not graded",
        )
    )
    handles.append(
        plt.Line2D(
            [], [], marker="o", color="white", markeredgecolor=INK, linestyle="none", markersize=11, label="hollow: not measured"
        )
    )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    ax.set_title("Prolactin in people who use kratom: one case, seen second-hand")
    fig.tight_layout()
    return fig


# --- 05: one person near the limit -------------------------------------------------------------------------


def _repeat_facts() -> dict:
    case = prolactin.case_values()
    sim = prolactin.simulate_repeated_draws()
    return {
        "upper": case["upper_ng_per_ml"],
        "first": case["first_ng_per_ml"],
        "repeat": case["repeat_ng_per_ml"],
        "cv": prolactin.cv_within(),
        "share_raised": sim.first_raised,
        "share_twice": sim.share_at_least(case["first_ng_per_ml"]),
        "share_low": sim.share_at_most(case["repeat_ng_per_ml"]),
        "repeat_normal": sim.repeat_normal_after_raised,
    }


@register(
    "05_repeated_draws",
    caption=(
        "Simulated draws from one man whose usual prolactin equals his laboratory's upper limit "
        "({upper:g} ng/mL), with the published within-person CV of {cv:.0%}: {share_raised:.0%} of single draws "
        "read raised, {share_twice:.0%} reach the case's first value ({first:g} ng/mL) and {share_low:.0%} fall to "
        "its repeat value ({repeat:g} ng/mL); after a raised draw, a repeat is normal {repeat_normal:.0%} of the "
        "time. Right: the same two shares for usual values below and above the limit. Modelled; seed fixed."
    ),
    sources="kratom_course.prolactin.simulate_repeated_draws; within-person CV from data/prolactin_parameters.csv "
    "(garde2000, as corrected); limit and case values second-hand from emprnd",
    alt=(
        "Left: histogram of simulated single prolactin values on a logarithmic axis in ng/mL, centred on the "
        "upper reference limit, with vertical lines at the limit, at the case's first value (twice the limit) and "
        "at its repeat value (half the limit); the tails beyond both case values are shaded. Right: two curves "
        "against the usual value as a multiple of the limit: the chance that one draw is raised rises, and the "
        "chance that a repeat after a raised draw is normal falls."
    ),
    notebook="05_kratom_and_prolactin_evidence",
    facts=_repeat_facts,
)
def plot_repeated_draws():
    facts = _repeat_facts()
    sim = prolactin.simulate_repeated_draws()
    values = sim.draws_ng_per_ml.ravel()
    fig, (left, right) = plt.subplots(1, 2, figsize=(13.0, 5.6))
    bins = np.geomspace(values.min(), values.max(), 60)
    counts, edges, patches = left.hist(values, bins=bins, color=MUTED, edgecolor="white")
    for patch, low_edge, high_edge in zip(patches, edges[:-1], edges[1:]):
        if low_edge >= facts["first"] or high_edge <= facts["repeat"]:
            patch.set_facecolor(INK)
            patch.set_hatch("//")
    for x, text, style in (
        (facts["upper"], "upper limit", "-"),
        (facts["first"], "case: first value", "--"),
        (facts["repeat"], "case: after stopping", ":"),
    ):
        left.axvline(x, color=INK, linestyle=style, linewidth=2)
        left.text(x * 1.04, counts.max() * 0.95, text, rotation=90, va="top", fontsize=10)
    left.set_xscale("log")
    left.set_xlabel("one draw of prolactin (ng/mL, log scale)")
    left.set_ylabel("simulated draws (count)")
    left.set_title("usual value at the limit")
    ratios = np.linspace(0.5, 1.5, 21)
    table = prolactin.repeat_table(ratios)
    right.plot(table["usual_over_upper"], table["first_raised"], color=INK, linewidth=2.5, label="one draw reads raised")
    right.plot(
        table["usual_over_upper"],
        table["repeat_normal_after_raised"],
        color=MUTED,
        linestyle="--",
        linewidth=2.5,
        label="repeat normal after a raised draw",
    )
    right.axvline(1.0, color=INK, linestyle=":", linewidth=1)
    right.set_xlabel("the person's usual value / upper limit")
    right.set_ylabel("share of occasions (0 to 1)")
    right.set_ylim(0, 1)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=10)
    right.set_title("usual values around the limit")
    fig.suptitle(f"At the limit, one draw in {1 / facts['share_twice']:.0f} reads twice the limit, with no cause at all")
    fig.tight_layout()
    return fig


# --- 05: power against sample size ----------------------------------------------------------------------------


def _power_facts() -> dict:
    one, two = prolactin.study_size(), prolactin.study_size(draws_per_person=2)
    return {
        "ratio": one.ratio,
        "n_one": one.n_per_group,
        "n_two": two.n_per_group,
        "power": one.power,
        "alpha": one.alpha,
        "cv_between": prolactin.cv_between(),
        "cv_within": prolactin.cv_within(),
        "difference": one.difference_ng_per_ml,
        "mean": one.group_mean_ng_per_ml,
    }


@register(
    "05_power_curve",
    caption=(
        "To detect prolactin {ratio:g} times higher (geometric mean) in people who use kratom than in a "
        "comparison group, with a two-sided t-test on log prolactin at alpha {alpha:g} and {power:.0%} power, "
        "{n_one} people per group are needed with one draw each and {n_two} with the mean of two draws; the SD "
        "combines the published between-person ({cv_between:.0%}) and within-person ({cv_within:.0%}) variation."
    ),
    sources="kratom_course.prolactin.power_curve (SciPy non-central t); variation from data/prolactin_parameters.csv "
    "(garde2000, healthy women, as corrected)",
    alt=(
        "Two rising curves of statistical power (0 to 1) against people per group, one for a single draw per "
        "person (solid) and one for the mean of two draws (dashed), which rises faster; a horizontal line marks "
        "the target power and vertical lines the smallest group size reaching it for each design."
    ),
    notebook="05_kratom_and_prolactin_evidence",
    facts=_power_facts,
)
def plot_power_curve():
    facts = _power_facts()
    fig, ax = plt.subplots()
    for draws, style, colour in ((1, "-", INK), (2, "--", MUTED)):
        curve = prolactin.power_curve(np.arange(4, 3 * facts["n_one"]), draws_per_person=draws)
        n_needed = prolactin.study_size(draws_per_person=draws).n_per_group
        ax.plot(
            curve["n_per_group"],
            curve["power"],
            linestyle=style,
            color=colour,
            linewidth=2.5,
            label=f"{'one draw' if draws == 1 else 'mean of two draws'} per person: {n_needed} per group",
        )
        ax.axvline(n_needed, color=colour, linestyle=":", linewidth=1.5)
    ax.axhline(facts["power"], color=INK, linewidth=1)
    ax.set_xlabel("people per group (count)")
    ax.set_ylabel("power (0 to 1)")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right")
    ax.set_title(
        f"About {facts['n_one']} people per group to detect a {facts['ratio']:g}-fold difference in prolactin", fontsize=14
    )
    return fig
