"""Figures of notebook 06: drawing only. Every number drawn or stated comes from `withdrawal`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from .. import withdrawal
from . import OKABE_ITO, look, register

NOTEBOOK = "06_kratom_and_opioid_withdrawal"
FRACTION = 0.25  # the level the decline figure marks: a quarter of the level at the last dose

# Colour and hatch mean one thing across the evidence figure: the level of evidence of each study, read from
# data/references.csv (never fixed per design here). Drugs are named on the axis, not coded by colour.
LEVEL_WORDS = {1: "level 1", 2: "level 2", 3: "level 3", 4: "level 4", 5: "level 5", None: "not graded"}


def _level(value):
    """A level of evidence as an int, or None where the data grade none (NaN in a table)."""
    return None if value is None or value != value else int(value)


# --- 1. time course ----------------------------------------------------------------------------


def _course_facts() -> dict:
    table = withdrawal.decline_table(FRACTION).set_index("drug")
    names = list(table.index)
    course = withdrawal.time_course().set_index(["opioid_group", "phase"])
    short, long_ = course.xs("onset", level="phase").index
    s_on, s_end = course.loc[(short, "onset")], course.loc[(short, "easing")]
    l_on, l_last = course.loc[(long_, "onset")], course.loc[(long_, "lasting")]
    return {
        "short": table.loc[names[0], "half_life_h"],
        "h_short": table.loc[names[0], "hours_to_fraction"],
        "long": table.loc[names[1], "half_life_h"],
        "h_long": table.loc[names[1], "hours_to_fraction"],
        "mg": table.loc[names[2], "half_life_h"],
        "h_mg": table.loc[names[2], "hours_to_fraction"],
        "quarter": FRACTION,
        "s_on_lo": s_on["low"],
        "s_on_hi": s_on["high"],
        "s_end_lo": s_end["low"],
        "s_end_hi": s_end["high"],
        "l_on_lo": l_on["low"],
        "l_on_hi": l_on["high"],
        "l_last": l_last["high"],
    }


@register(
    "06_withdrawal_time_course",
    notebook=NOTEBOOK,
    caption=(
        "Left, illustrative: after the last dose a drug with a {short:.0f} h half-life falls to a quarter of its "
        "level in {h_short:.0f} h, one with {long:.0f} h in {h_long:.0f} h, and mitragynine (terminal half-life "
        "{mg:.0f} h) in about {h_mg:.0f} h. Right, reported: withdrawal from short-acting opioids begins "
        "{s_on_lo:.0f}-{s_on_hi:.0f} h after the last use and eases over {s_end_lo:.0f}-{s_end_hi:.0f} days; from "
        "long-acting opioids symptoms appear within {l_on_lo:.0f}-{l_on_hi:.0f} days and can last {l_last:.0f} days. "
        "Typical windows from one guidance page (other sources give other hours), not predictions for a person; "
        "modelled curves, not a dose guide."
    ),
    sources=(
        "data/withdrawal_course.csv (camh2023); half-life of mitragynine from data/pk_parameters.csv "
        "(tanna2022 via tanna2023); kratom_course.withdrawal.decline_curves (first-order decline)"
    ),
    alt=(
        "Two panels. Left: three falling curves of the fraction of the last-dose level over seven days, for "
        "half-lives of {short:.0f} h, {long:.0f} h and {mg:.0f} h; a dotted line marks one quarter, which the short "
        "half-life reaches within the first day and mitragynine only after several days. Right: horizontal bars on a "
        "day axis for short- and long-acting opioids, showing when withdrawal begins, peaks and ends; the bars for "
        "long-acting opioids start later and reach further."
    ),
    facts=_course_facts,
)
def plot_withdrawal_time_course():
    curves = withdrawal.decline_curves()
    names = [c for c in curves.columns if c != "t_h"]
    styles = [("grey", "--", "o"), ("black", "-.", "s"), (None, "-", None)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.6), layout="constrained")
    mg = look("compound", "mitragynine")
    for name, (colour, ls, _) in zip(names, styles):
        left.plot(
            curves["t_h"] / 24.0,
            curves[name],
            color=OKABE_ITO[colour] if colour else mg.colour,
            linestyle=ls,
            linewidth=2.5,
            label=name,
        )
    left.axhline(FRACTION, color="dimgrey", linestyle=":", linewidth=1.5)
    left.text(6.9, FRACTION + 0.02, "one quarter", ha="right", fontsize=11, color="dimgrey")
    left.set_xlabel("days since the last dose")
    left.set_ylabel("fraction of the level at the last dose")
    left.set_xlim(0, 7)
    left.set_ylim(0, 1.02)
    left.legend(loc="upper right", fontsize=10.5, frameon=False)
    left.set_title("Modelled decline (illustrative half-lives)", fontsize=14)

    course = withdrawal.time_course()
    groups = list(dict.fromkeys(course["opioid_group"]))
    phase_style = {
        "onset": ("//", OKABE_ITO["sky_blue"]),
        "peak": ("", OKABE_ITO["vermillion"]),
        "easing": ("..", OKABE_ITO["bluish_green"]),
        "lasting": ("..", OKABE_ITO["bluish_green"]),
    }
    for i, group in enumerate(groups):
        rows = course[course["opioid_group"] == group]
        y = len(groups) - 1 - i
        for _, row in rows.iterrows():
            low = row["low_h"] if not np.isnan(row["low_h"]) else rows["high_h"].min()
            hatch, colour = phase_style[row["phase"]]
            right.barh(
                y,
                (row["high_h"] - low) / 24.0,
                left=low / 24.0,
                height=0.5,
                color=colour,
                alpha=0.55,
                hatch=hatch,
                edgecolor="black",
            )
        right.text(0.05, y + 0.36, group, fontsize=12, va="bottom")
    right.set_yticks([])
    right.set_ylim(-0.6, len(groups) - 0.1)
    right.set_xlabel("days since the last use")
    right.set_xlim(0, 11)
    fig.legend(
        handles=[
            Patch(facecolor=phase_style[p][1], alpha=0.55, hatch=phase_style[p][0], edgecolor="black", label=label)
            for p, label in (("onset", "symptoms begin"), ("peak", "peak"), ("easing", "easing / can last until"))
        ],
        loc="upper right",
        fontsize=10.5,
        frameon=False,
    )
    right.set_title("Reported withdrawal windows (typical)", fontsize=14)
    fig.suptitle("The longer the half-life, the later withdrawal starts and the longer it lasts")
    return fig


# --- 2. evidence by design ---------------------------------------------------------------------


def _design_facts() -> dict:
    parts = withdrawal.studies_by_design_for_plot()
    kratom, comp = parts["kratom"], parts["comparators"]
    withdrawal_reviews = comp[~comp["treatment"].str.contains("not withdrawal management")]
    maintenance = comp[comp["treatment"].str.contains("not withdrawal management")]
    reviews = kratom[kratom["design"] == "reviews"]
    graded = reviews["level"].dropna()
    return {
        "n_kratom": int(kratom["studies"].sum()),
        "n_relief": int(kratom["about_relief"].sum()),
        "kratom_rcts": withdrawal.kratom_withdrawal_trials(),
        "n_reviews": int(reviews["studies"].sum()),
        "review_level": int(graded.min()) if len(graded) else 0,
        "comp_level": int(comp["level"].dropna().min()),
        "min_trials": int(withdrawal_reviews["randomized_trials"].min()),
        "max_trials": int(withdrawal_reviews["randomized_trials"].max()),
        "maint_trials": int(maintenance["randomized_trials"].iloc[0]),
    }


@register(
    "06_evidence_by_design",
    notebook=NOTEBOOK,
    caption=(
        "Left: the {n_kratom} kratom studies in data/ tagged with withdrawal, by design and level of evidence as "
        "graded in data/references.csv; {n_relief} of them looked at relief of opioid withdrawal, and {kratom_rcts} "
        "randomized trials tested it (the one randomized trial among them measured pain tolerance). The {n_reviews} "
        "reviews are at best level {review_level}: a review is as strong as the studies it gathers, here uncontrolled "
        "human data and animal work. Right, on its own axis: each established treatment rests on a systematic review "
        "of {min_trials}-{max_trials} randomized trials of withdrawal management (level {comp_level}), and methadone "
        "maintenance on one of {maint_trials}. Counts of studies, not of participants or of quality."
    ),
    sources=(
        "data/references.csv (study_design and evidence_level of the references tagged withdrawal-kratom, and of the "
        "comparator reviews); data/treatment_effects.csv (gowing2017, amato2013, gowing2016, mattick2009)"
    ),
    alt=(
        "Two separate bar charts sharing one legend, in which colour and hatch give the level of evidence. Left, "
        "horizontal stacked bars of kratom studies by design: surveys are the longest bar, then animal experiments, "
        "reviews (split into level 4 and not graded), case reports and online posts, one poison-centre study and one "
        "randomized trial, marked as measuring pain, not withdrawal; the dark part of each bar counts studies about "
        "relief of opioid withdrawal, the pale part other questions. Right, horizontal bars of the randomized trials "
        "in each comparator's systematic review, all in the tens and all at level 1, with the drug named on the axis."
    ),
    facts=_design_facts,
)
def plot_evidence_by_design():
    parts = withdrawal.studies_by_design_for_plot()
    kratom, comp = parts["kratom"], parts["comparators"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6.4), layout="constrained", gridspec_kw={"width_ratios": [1, 1]})
    designs = list(dict.fromkeys(kratom["design"]))
    y_of = {d: len(designs) - 1 - i for i, d in enumerate(designs)}
    start = dict.fromkeys(designs, 0.0)
    levels_seen = set()
    for row in kratom.itertuples():
        level = _level(row.level)
        shape = look("level", level)
        levels_seen.add(level)
        yi = y_of[row.design]
        relief, other = int(row.about_relief), int(row.studies - row.about_relief)
        if relief:
            left.barh(yi, relief, left=start[row.design], color=shape.colour, hatch=shape.hatch, edgecolor="black")
        if other:
            left.barh(
                yi, other, left=start[row.design] + relief, color=shape.colour, alpha=0.3, hatch=shape.hatch, edgecolor="black"
            )
        start[row.design] += row.studies
    for design in designs:
        note = f"{start[design]:.0f}"
        if design == "randomized trials":
            note += "  (pain tolerance, not withdrawal)"
        left.text(start[design] + 0.2, y_of[design], note, va="center", fontsize=11)
    left.set_yticks([y_of[d] for d in designs], designs)
    left.set_xlabel("number of studies (dark: about relief of opioid withdrawal; pale: other questions)")
    left.set_xlim(0, max(max(start.values()) * 1.9, 5))
    left.set_title("Kratom and withdrawal", fontsize=14)

    y2 = np.arange(len(comp))[::-1]
    for yi, row in zip(y2, comp.itertuples()):
        level = _level(row.level)
        shape = look("level", level)
        levels_seen.add(level)
        right.barh(yi, row.randomized_trials, color=shape.colour, hatch=shape.hatch, edgecolor="black")
        right.text(row.randomized_trials + 0.4, yi, f"{row.randomized_trials} trials", va="center", fontsize=11)
    right.set_yticks(y2, [t.replace(" (", "\n(") for t in comp["treatment"]], fontsize=11)
    right.set_xlabel("randomized trials in one systematic review")
    right.set_xlim(0, comp["randomized_trials"].max() * 1.5)
    right.set_title("Established treatments (separate axis)", fontsize=14)

    order = sorted(levels_seen, key=lambda v: (v is None, v or 0))
    handles = [
        Patch(facecolor=look("level", lv).colour, hatch=look("level", lv).hatch, edgecolor="black", label=LEVEL_WORDS[lv])
        for lv in order
    ]
    handles.append(Patch(facecolor=OKABE_ITO["grey"], edgecolor="black", label="dark: about relief of opioid withdrawal"))
    handles.append(Patch(facecolor=OKABE_ITO["grey"], alpha=0.3, edgecolor="black", label="pale: other questions"))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=4,
        fontsize=10.5,
        frameon=False,
        title="colour and hatch, both panels: level of evidence of each study (data/references.csv)",
    )
    fig.suptitle("Kratom: no randomized trial of withdrawal relief; each comparator: a review of many trials")
    return fig


# --- 3. selection bias -------------------------------------------------------------------------


def _selection_facts() -> dict:
    table = withdrawal.selection_table()
    mid = table[table["true_share"] == withdrawal.DEFAULT_TRUE_SHARE]
    reported = withdrawal.survey_reported_helpful_share()
    return {
        "p": withdrawal.DEFAULT_TRUE_SHARE,
        "r_min": mid["response_ratio"].min(),
        "rep_min": mid.loc[mid["response_ratio"].idxmin(), "expected_reported"],
        "r_max": mid["response_ratio"].max(),
        "rep_max": mid.loc[mid["response_ratio"].idxmax(), "expected_reported"],
        "survey": reported,
        "seed": withdrawal.SEED,
        "pop": withdrawal.POPULATION,
    }


@register(
    "06_selection_bias",
    notebook=NOTEBOOK,
    caption=(
        "Simulated self-selected surveys (seed {seed}, {pop:,} people each): if {p:.0%} of people were helped but those "
        "helped answer {r_max:.0f} times as often, the survey reports about {rep_max:.0%}; if they answer half as often "
        "(people who were harmed or relapsed answer more), about {rep_min:.0%}. Bias can run either way. The dashed line "
        "is a different quantity: the share (over {survey:.0%}) who found kratom helpful among those who used it in "
        "place of opioids, for pain, opioid reduction or withdrawal, in one survey recruited through an advocacy group. "
        "Even an unbiased survey (ratio one) measures perceived help with no comparison: withdrawal eases over days "
        "anyway. Illustrative inputs; the real response ratio is unknown."
    ),
    sources=(
        "kratom_course.withdrawal.simulate_survey (seeded); data/survey_doses.csv (kratom_substitute_survey, "
        "share who found kratom helpful)"
    ),
    alt=(
        "Line chart of the share of respondents reporting help against how many times more often helped people answer, "
        "on a logarithmic axis from one half to eight, for three true shares (lower, middle, higher); each line passes "
        "its true share at a ratio of one, falls below it to the left and rises steeply to the right; simulated surveys "
        "sit on the lines as markers with short error bars; a dashed horizontal line marks a share reported in one "
        "advocacy-recruited survey for a different question."
    ),
    facts=_selection_facts,
)
def plot_selection_bias():
    table = withdrawal.selection_table()
    fig, ax = plt.subplots(layout="constrained")
    levels = sorted(table["true_share"].unique())
    line_looks = [(OKABE_ITO["sky_blue"], "o", ":"), (OKABE_ITO["blue"], "s", "-"), (OKABE_ITO["orange"], "D", "--")]
    for share, (colour, marker, ls) in zip(levels, line_looks):
        rows = table[table["true_share"] == share]
        ratios = np.geomspace(rows["response_ratio"].min(), rows["response_ratio"].max(), 100)
        ax.plot(
            ratios,
            [withdrawal.reported_share(share, r) for r in ratios],
            color=colour,
            linestyle=ls,
            linewidth=2.2,
            label=f"true share {share:.0%}",
        )
        ax.errorbar(
            rows["response_ratio"],
            rows["reported_share"],
            yerr=[rows["reported_share"] - rows["ci_low"], rows["ci_high"] - rows["reported_share"]],
            fmt=marker,
            color=colour,
            markersize=7,
            capsize=3,
            linestyle="none",
        )
    survey = withdrawal.survey_reported_helpful_share()
    ax.axhline(survey, color="black", linestyle="--", linewidth=1.5)
    ax.text(
        0.52, survey + 0.015, "a different quantity: 'helpful' among substitute users, one advocacy-recruited survey", fontsize=10
    )
    ax.axvline(1.0, color="dimgrey", linestyle=":", linewidth=1)
    ax.text(1.04, 0.02, "ratio 1: no selection", ha="left", fontsize=10, color="dimgrey")
    ax.set_xscale("log")
    ax.set_xticks([0.5, 1, 2, 3, 5, 8], ["1/2", "1", "2", "3", "5", "8"])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.set_xlabel("how many times as often people who were helped answer (log scale)")
    ax.set_ylabel("share of respondents reporting help")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.legend(loc="lower right", frameon=False)
    ax.set_title("Who chooses to answer moves what a survey reports, up or down")
    return fig
