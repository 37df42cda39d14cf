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
        "opioid-induced hypogonadism. High prolactin can suppress GnRH too, a second, smaller route. Less "
        "dopamine is the main route from an opioid to prolactin, not the only one: in rats, restoring the "
        "dopamine only partly blocked the rise after morphine."
    ),
    sources="benjonathan2001, freeman2000, levine2018 (dopamine and D2 control); delitala1983 (morphine acts "
    "through dopamine); arita1984 (not dopamine alone, in rats); ali2016, devries2020 (GnRH suppression and hypogonadism)",
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
        (2.4, 7.0),
        7.2,
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
    sources="kratom_course.prolactin.teaching_sketch (qualitative); mechanism from "
    "benjonathan2001, delitala1983, jclinendocrinolmetab1978",
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

_TROUGH_H = (12.0, 36.0)  # between a once-daily dose's effect and the next dose
_START_H = 0.25  # left edge of the axis: earliest sampling is at 25 min
_UNKNOWN_START_H = 24.0  # where a window that starts at "day 0 of abstinence" is drawn from
_TIME_TICKS = [(1.0, "1 h"), (24.0, "1 day"), (730.0, "1 month"), (8760.0, "1 year")]
_SLIDE_FONT = 16  # points at the figure's own width; a little over 14 pt when scaled to a 16:9 slide


def _direction_mark(direction: str) -> str:
    return {
        "increase": "raised",
        "decrease": "lower",
        "no-change": "not different",
        "not-compared": "no comparison",
    }[direction]


def _time_ticks(last_h: float) -> list[tuple[float, str]]:
    return [(h, text) for h, text in _TIME_TICKS if h <= last_h]


@register(
    "04_opioid_timeline",
    caption=(
        "All {n_dose} single-dose studies found prolactin raised, the {n_dose_timed} that give a time within "
        "{latest_dose_h:.1f} h of the dose; the one study that sampled {first_day_from_h:.0f}-{first_day_to_h:.0f} h "
        "after the last heroin still found it raised, in a window that mixes the end of the dose's effect with early "
        "withdrawal; none of the {n_late} observations days to years after withdrawal found it raised, though "
        "{n_late_not_compared} of them (one study) report no comparison with controls. {n_untimed} of {n_rows} "
        "observations do not say when blood was drawn relative to the last dose: they are in the table under the "
        "figure, not on the axis. Rat studies of withdrawal are not on this axis (see the text)."
    ),
    sources="data/prolactin_timing.csv and data/findings.csv (mendelson1989, jclinendocrinolmetab1978, bowen2002, "
    "delitala1983, jpharmacolexpther2003, neurotoxicology1992, neuroendocrinollett2017, chan1979, kley1977, "
    "hallinan2009, mcgowan2012, uhoegbu2011, moshtaghikashanian2005, heroin_women_trh_nd)",
    alt=(
        "Studies drawn as horizontal bars on a logarithmic axis of time since the last opioid dose, from minutes to "
        "years, with a shaded zone for the next-dose trough between the hours after a dose and withdrawal. Each row "
        "is labelled with the study, the drug and the sampling window, and on the right with what was found: the "
        "rows in the first hours and the first day say raised, the one at the trough not different, those from days "
        "to years lower or no comparison. Marker shape and colour give the population. A line under the axis says "
        "how many observations give no sampling time."
    ),
    notebook="04_the_prolactin_axis",
    facts=prolactin.timeline_facts,
)
def plot_opioid_timeline():
    from matplotlib.transforms import blended_transform_factory

    table = prolactin.opioid_timeline()
    facts = prolactin.timeline_facts()
    timed = table[table["timed"]].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(14.0, 9.2))
    last_h = facts["last_h"]
    right_edge = last_h * 1.6
    ax.axvspan(*_TROUGH_H, color=MUTED, alpha=0.15, zorder=0)
    for edge in _TROUGH_H:
        ax.axvline(edge, color=MUTED, linewidth=1, linestyle=":")
    on_top = blended_transform_factory(ax.transData, ax.transAxes)
    for x, text in (
        (np.sqrt(_START_H * _TROUGH_H[0] / 4.0), "hours after\na dose"),
        (np.sqrt(_TROUGH_H[0] * _TROUGH_H[1]), "trough"),
        (np.sqrt(_TROUGH_H[1] * 4.0 * right_edge), "withdrawal and\nabstinence"),
    ):
        ax.text(x, 1.015, text, transform=on_top, ha="center", va="bottom", fontsize=_SLIDE_FONT, color=INK)
    beside = blended_transform_factory(ax.transAxes, ax.transData)
    for y, row in enumerate(timed.itertuples()):
        style = look("population", row.population)
        start = row.from_h if row.from_h > 0 else _UNKNOWN_START_H
        end = max(row.to_h, start)
        if row.from_h == 0:
            ax.plot([_TROUGH_H[0], start], [y, y], color=style.colour, linestyle=":", linewidth=2.5)
        ax.plot([start, end], [y, y], color=style.colour, linewidth=7, solid_capstyle="round")
        ax.plot([end], [y], linestyle="none", marker=style.marker, color=style.colour, markersize=13, markeredgecolor=INK)
        ax.text(1.015, y, _direction_mark(row.direction), transform=beside, va="center", fontsize=_SLIDE_FONT)
    ax.text(1.015, -0.9, "prolactin", transform=beside, va="center", fontsize=_SLIDE_FONT, weight="bold")
    ax.set_yticks(range(len(timed)), [f"{lab}\n{win}" for lab, win in zip(timed["label"], timed["window"])])
    ax.tick_params(axis="y", labelsize=_SLIDE_FONT)
    ax.set_xscale("log")
    ax.set_xlim(_START_H, right_edge)
    ticks = _time_ticks(last_h)
    ax.set_xticks([h for h, _ in ticks], [text for _, text in ticks], fontsize=_SLIDE_FONT)
    ax.minorticks_off()
    ax.set_ylim(len(timed) - 0.4, -0.6)
    ax.set_xlabel("time since the last dose (log scale)", fontsize=_SLIDE_FONT)
    ax.grid(axis="y", visible=False)
    populations = sorted(set(timed["population"]))
    handles = [
        plt.Line2D(
            [],
            [],
            marker=look("population", p).marker,
            color=look("population", p).colour,
            markeredgecolor=INK,
            linestyle="none",
            markersize=12,
            label=p,
        )
        for p in populations
    ]
    fig.legend(handles=handles, loc="lower center", ncols=len(populations), fontsize=_SLIDE_FONT - 1, bbox_to_anchor=(0.55, 0.0))
    fig.text(
        0.55,
        0.075,
        f"Not on the axis: {facts['n_untimed']} of {facts['n_rows']} observations do not say when blood was drawn "
        "(see the table).",
        ha="center",
        fontsize=_SLIDE_FONT - 1,
        color=INK,
        style="italic",
    )
    fig.suptitle(
        "Prolactin rises within hours of a dose; days to years after the last dose,\nno study in people found it raised",
        fontsize=_SLIDE_FONT + 3,
    )
    fig.tight_layout(rect=(0, 0.11, 1, 1))
    return fig


# --- 05: the kratom evidence ----------------------------------------------------------------------------


def _kratom_facts() -> dict:
    return prolactin.kratom_evidence_counts()


_OUTCOME_ORDER = ["prolactin", "testosterone", "LH and FSH"]
_X_STEP = 1.6
_FONT_05 = 14


def _level_of(value):
    try:
        return None if value is None or str(value) in ("<NA>", "nan") else int(value)
    except (TypeError, ValueError):
        return None


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
    fig, ax = plt.subplots(figsize=(12.0, 0.8 * len(sources) + 2.2))
    for row in matrix.itertuples():
        style = look("level", _level_of(row.evidence_level))
        x, y = _X_STEP * _OUTCOME_ORDER.index(row.outcome_group), sources.index(row.source)
        ax.plot(
            x,
            y,
            marker=style.marker,
            markersize=18,
            linestyle="none",
            markeredgecolor=style.colour if not row.measured else INK,
            markerfacecolor=style.colour if row.measured else "white",
            markeredgewidth=2,
        )
        ax.text(x + 0.18, y, DIRECTION_TEXT[row.direction], va="center", fontsize=_FONT_05)
    for y, source in enumerate(sources):
        if matrix.loc[matrix["source"] == source, "second_hand"].any():
            ax.text(_X_STEP * 2.65, y, "second-hand", va="center", fontsize=_FONT_05, color=INK, style="italic")
    ax.set_xticks([_X_STEP * i for i in range(len(_OUTCOME_ORDER))], _OUTCOME_ORDER, fontsize=_FONT_05)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(sources)), sources, fontsize=_FONT_05)
    ax.set_xlim(-0.4, _X_STEP * 3.3)
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
            markersize=12,
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
            markersize=12,
            label="not graded",
        )
    )
    handles.append(
        plt.Line2D(
            [], [], marker="o", color="white", markeredgecolor=INK, linestyle="none", markersize=12, label="hollow: not measured"
        )
    )
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.45, -0.04), ncols=len(handles), fontsize=_FONT_05 - 1)
    ax.set_title("Prolactin in people who use kratom: one case, seen second-hand", fontsize=_FONT_05 + 2, pad=34)
    fig.tight_layout()
    return fig


# --- 05: one person near the limit -------------------------------------------------------------------------

_SPREAD_AXIS = np.linspace(0.15, 0.75, 61)  # within-person SD of ln(prolactin) on the right panel


def _repeat_facts() -> dict:
    case = prolactin.case_values()
    sim = prolactin.simulate_repeated_draws()
    low, high = prolactin.within_sd_log_implied_by_intervals()
    raw = prolactin.within_person_sd_log("raw-cv")
    other = prolactin.other_variation_estimates().iloc[0]  # the first published estimate beside the base case
    return {
        "base_study": prolactin.base_study_label(),
        "other_study": other["study"],
        "sd_other": other["within_sd_log"],
        "twice_other": prolactin.probability_above(2.0, 1.0, other["within_sd_log"]),
        "upper": case["upper_ng_per_ml"],
        "first": case["first_ng_per_ml"],
        "repeat": case["repeat_ng_per_ml"],
        "sd": sim.within_sd_log,
        "share_raised": sim.first_raised,
        "share_twice": sim.share_at_least(case["first_ng_per_ml"]),
        "share_low": sim.share_at_most(case["repeat_ng_per_ml"]),
        "sd_low": low,
        "sd_high": high,
        "twice_low": prolactin.probability_above(2.0, 1.0, low),
        "twice_high": prolactin.probability_above(2.0, 1.0, high),
        "sd_raw": raw,
        "twice_raw": prolactin.probability_above(2.0, 1.0, raw),
    }


@register(
    "05_repeated_draws",
    caption=(
        "Left: simulated draws from one man whose usual prolactin equals his laboratory's upper limit "
        "({upper:g} ng/mL), with the base-case within-person spread (SD of ln(prolactin) {sd:.2f}, {base_study}, "
        "healthy women sampled monthly for a year): {share_raised:.0%} of single draws read raised, {share_twice:.0%} reach "
        "the case's first value ({first:g} ng/mL) and {share_low:.0%} fall to its repeat value ({repeat:g} ng/mL). "
        "Right: the share of draws at least twice the limit against the within-person spread: {twice_low:.1%} to "
        "{twice_high:.1%} over the spreads the laboratories' reference intervals suggest ({sd_low:.2f} to "
        "{sd_high:.2f}), {twice_other:.1%} with the estimate from men and women ({other_study}, SD of ln "
        "{sd_other:.2f}), {twice_raw:.0%} if the base-case values are read as ordinary CVs (SD of ln {sd_raw:.2f}). "
        "Modelled; seed fixed."
    ),
    sources="kratom_course.prolactin.simulate_repeated_draws and probability_above; within-person variation from "
    "data/prolactin_parameters.csv (garde2000, as corrected; maes1997); laboratory intervals from "
    "data/prolactin_reference_intervals.csv; limit and case values second-hand from emprnd",
    alt=(
        "Left: histogram of simulated single prolactin values on a logarithmic axis in ng/mL, centred on the "
        "upper reference limit, with vertical lines at the limit, at the case's first value (twice the limit) and "
        "at its repeat value (half the limit); the tails beyond both case values are dark and hatched. Right: a "
        "rising curve on a logarithmic scale: the share of single draws at least twice the limit rises "
        "steeply with the within-person spread, with a shaded band for the spreads the laboratories' intervals "
        "suggest, vertical lines for the base-case published value read two ways and a dash-dot line for the "
        "estimate from men and women."
    ),
    notebook="05_kratom_and_prolactin_evidence",
    facts=_repeat_facts,
)
def plot_repeated_draws():
    facts = _repeat_facts()
    sim = prolactin.simulate_repeated_draws()
    values = sim.draws_ng_per_ml.ravel()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14.0, 6.6))
    bins = np.geomspace(values.min(), values.max(), 60)
    _counts, edges, patches = left.hist(values, bins=bins, color=MUTED, edgecolor="white")
    for patch, low_edge, high_edge in zip(patches, edges[:-1], edges[1:]):
        if low_edge >= facts["first"] or high_edge <= facts["repeat"]:
            patch.set_facecolor(INK)
            patch.set_hatch("//")
    for x, text, style in (
        (facts["repeat"], f"case, after stopping ({facts['repeat']:g} ng/mL)", ":"),
        (facts["upper"], f"upper limit ({facts['upper']:g} ng/mL)", "-"),
        (facts["first"], f"case, first value ({facts['first']:g} ng/mL)", "--"),
    ):
        left.axvline(x, color=INK, linestyle=style, linewidth=2.5, label=text)
    left.set_xscale("log")
    left.set_xlabel("one draw of prolactin (ng/mL, log scale)", fontsize=_FONT_05)
    left.set_ylabel("simulated draws (count)", fontsize=_FONT_05)
    left.set_title("a man whose usual value is his limit", fontsize=_FONT_05)
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=_FONT_05 - 2, ncols=1, frameon=False)
    shares = [prolactin.probability_above(2.0, 1.0, sd) for sd in _SPREAD_AXIS]
    right.axvspan(
        facts["sd_low"],
        facts["sd_high"],
        facecolor=OKABE_ITO["sky_blue"],
        alpha=0.25,
        hatch="..",
        edgecolor=MUTED,
        label="spreads the laboratories' intervals suggest",
    )
    right.plot(_SPREAD_AXIS, shares, color=INK, linewidth=2.8, label="share of draws at least twice the limit")
    right.axvline(facts["sd"], color=INK, linestyle="--", linewidth=2, label=f"{facts['base_study']}, read as SD of ln")
    right.axvline(
        facts["sd_raw"], color=MUTED, linestyle=":", linewidth=2.5, label=f"{facts['base_study']}, read as an ordinary CV"
    )
    right.axvline(
        facts["sd_other"],
        color=OKABE_ITO["vermillion"],
        linestyle="-.",
        linewidth=2.5,
        label=f"{facts['other_study']}, men and women",
    )
    right.set_yscale("log")
    right.set_xlabel("within-person spread (SD of ln(prolactin))", fontsize=_FONT_05)
    right.set_ylabel("share of single draws (0 to 1, log scale)", fontsize=_FONT_05)
    right.set_title("how that share depends on the spread", fontsize=_FONT_05)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=_FONT_05 - 2, ncols=1, frameon=False)
    for ax in (left, right):
        ax.tick_params(labelsize=_FONT_05 - 1)
    fig.suptitle(
        "How often one draw reads twice the limit, with no cause at all, depends steeply on the within-person spread",
        fontsize=_FONT_05 + 2,
    )
    fig.tight_layout()
    return fig


# --- 05: power against sample size ----------------------------------------------------------------------------


def _power_facts() -> dict:
    one, two = prolactin.study_size(), prolactin.study_size(draws_per_person=2)
    sensitivity = prolactin.study_size_sensitivity()
    by_interval = sensitivity[sensitivity["spread_from"].str.contains("laboratory interval")]["n_per_group"]
    other = prolactin.other_variation_estimates().iloc[0]  # the first published estimate beside the base case
    return {
        "ratio": one.ratio,
        "n_one": one.n_per_group,
        "n_two": two.n_per_group,
        "n_raw": prolactin.study_size(reading="raw-cv").n_per_group,
        "other_study": other["study"],
        "n_other": prolactin.study_size(
            total_sd_log=float(np.hypot(other["between_sd_log"], other["within_sd_log"]))
        ).n_per_group,
        "n_narrow": int(by_interval.min()),
        "n_wide": int(by_interval.max()),
        "n_low": int(sensitivity["n_per_group"].min()),
        "n_high": int(sensitivity["n_per_group"].max()),
        "power": one.power,
        "alpha": one.alpha,
        "sd": one.sd_log,
        "difference": one.difference_ng_per_ml,
        "mean": one.group_mean_ng_per_ml,
    }


@register(
    "05_power_curve",
    caption=(
        "To detect prolactin {ratio:g} times higher (geometric mean) in people who use kratom than in a "
        "comparison group, with a two-sided t-test on log prolactin at alpha {alpha:g} and {power:.0%} power: "
        "{n_one} people per group with one draw each and {n_two} with the mean of two draws, from the published "
        "between- and within-person variation of healthy women read as SDs of ln (SD of one draw {sd:.2f}); {n_raw} if "
        "they are read as ordinary CVs; {n_other} with the estimate from men and women ({other_study}); {n_narrow} to "
        "{n_wide} with the narrower spreads implied by the laboratories' reference intervals."
    ),
    sources="kratom_course.prolactin.power_curve and study_size_sensitivity (SciPy non-central t); variation from "
    "data/prolactin_parameters.csv (garde2000, healthy women, as corrected; maes1997, men and women) and "
    "data/prolactin_reference_intervals.csv",
    alt=(
        "Rising curves of statistical power (0 to 1) against people per group: a solid curve for one draw per "
        "person and a dashed one for the mean of two draws, both from the published variation of healthy women, a "
        "dash-dot curve for the estimate from men and women, and two thin dotted curves for the narrowest and widest "
        "spreads implied by laboratory reference intervals, which rise much sooner; a horizontal line marks the target power and short vertical lines the group size each design needs."
    ),
    notebook="05_kratom_and_prolactin_evidence",
    facts=_power_facts,
)
def plot_power_curve():
    facts = _power_facts()
    fig, ax = plt.subplots(figsize=(12.0, 6.4))
    n_axis = np.arange(4, int(1.6 * facts["n_one"]))
    low, high = prolactin.interval_spread_range()
    other = prolactin.other_variation_estimates().iloc[0]
    other_sd = float(np.hypot(other["between_sd_log"], other["within_sd_log"]))
    base = prolactin.base_study_label()
    designs = (
        ({"draws_per_person": 1}, "-", INK, 2.8, f"{base}, healthy women, one draw per person"),
        ({"draws_per_person": 2}, "--", INK, 2.2, f"{base}, healthy women, mean of two draws"),
        ({"total_sd_log": other_sd}, "-.", OKABE_ITO["bluish_green"], 2.2, f"{facts['other_study']}, men and women, one draw"),
        ({"total_sd_log": high}, ":", OKABE_ITO["blue"], 2.2, "widest laboratory interval, one draw"),
        ({"total_sd_log": low}, ":", OKABE_ITO["vermillion"], 2.2, "narrowest laboratory interval, one draw"),
    )
    for design, style, colour, width, label in designs:
        curve = prolactin.power_curve(n_axis, **design)
        n_needed = prolactin.study_size(**design).n_per_group
        ax.plot(
            curve["n_per_group"], curve["power"], linestyle=style, color=colour, linewidth=width, label=f"{label}: {n_needed}"
        )
        ax.plot([n_needed, n_needed], [0, facts["power"]], color=colour, linestyle=style, linewidth=1.2)
    ax.axhline(facts["power"], color=MUTED, linewidth=1)
    ax.set_xlabel("people per group (count)", fontsize=_FONT_05)
    ax.set_ylabel("power (0 to 1)", fontsize=_FONT_05)
    ax.tick_params(labelsize=_FONT_05 - 1)
    ax.set_ylim(0, 1)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncols=2,
        fontsize=_FONT_05 - 2,
        title="spread assumed: people per group",
        title_fontsize=_FONT_05 - 2,
        frameon=False,
    )
    ax.set_title(
        f"{facts['n_low']} to {facts['n_high']} people per group to detect a {facts['ratio']:g}-fold difference, "
        "depending on the spread assumed",
        fontsize=_FONT_05 + 1,
    )
    return fig
