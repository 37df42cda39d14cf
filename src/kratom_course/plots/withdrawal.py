"""Figures of notebook 06: drawing only. Every number drawn or stated comes from `withdrawal`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from .. import withdrawal
from . import OKABE_ITO, look, register

NOTEBOOK = "06_kratom_and_opioid_withdrawal"
FRACTION = 0.25  # the level the decline figure marks: a quarter of the level at the last dose

# Each design group drawn with the look of its level of evidence (fixed across the course).
DESIGN_LEVEL = {
    "randomized trials": 2,
    "reviews": 1,
    "surveys": 4,
    "case reports and series": 4,
    "poison-centre counts": 4,
    "animal experiments": 5,
}
COMPARATOR_LOOK = {
    "gowing2017": ("compound", "buprenorphine"),
    "amato2013": ("compound", "methadone"),
    "gowing2016": ("compound", "lofexidine"),
    "mattick2009": ("compound", "methadone"),
}


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
    withdrawal_reviews = comp[~comp["ref_id"].eq("mattick2009")]
    return {
        "n_kratom": int(kratom["studies"].sum()),
        "n_relief": int(kratom["about_relief"].sum()),
        "kratom_rcts": withdrawal.kratom_withdrawal_trials(),
        "min_trials": int(withdrawal_reviews["randomized_trials"].min()),
        "max_trials": int(withdrawal_reviews["randomized_trials"].max()),
        "maint_trials": int(comp.loc[comp["ref_id"].eq("mattick2009"), "randomized_trials"].iloc[0]),
    }


@register(
    "06_evidence_by_design",
    notebook=NOTEBOOK,
    caption=(
        "Left: the {n_kratom} kratom studies in data/ tagged with withdrawal, by design; {n_relief} of them looked "
        "at relief of opioid withdrawal, and {kratom_rcts} randomized trials tested it (the one randomized trial "
        "among them measured pain tolerance). Right, on its own axis: each established treatment rests on a systematic review "
        "of {min_trials}-{max_trials} randomized trials of withdrawal management, and methadone maintenance on one "
        "of {maint_trials}. Counts of studies, not of participants or of quality."
    ),
    sources=(
        "data/references.csv (study_design of the references tagged withdrawal-kratom); "
        "data/treatment_effects.csv (gowing2017, amato2013, gowing2016, mattick2009)"
    ),
    alt=(
        "Two separate bar charts. Left, horizontal bars of kratom studies by design: surveys are the longest bar, then "
        "animal experiments, reviews, case reports, one poison-centre study and one randomized trial, whose bar is "
        "marked as measuring pain, not withdrawal; the solid part of each bar counts studies about relief of opioid "
        "withdrawal. Right, horizontal bars of the randomized trials in each comparator's systematic review, all in "
        "the tens. Legends under the charts give the level of evidence for each colour and hatch on the left and "
        "the drug on the right."
    ),
    facts=_design_facts,
)
def plot_evidence_by_design():
    parts = withdrawal.studies_by_design_for_plot()
    kratom, comp = parts["kratom"], parts["comparators"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6.0), layout="constrained", gridspec_kw={"width_ratios": [1, 1]})
    y = np.arange(len(kratom))[::-1]
    for yi, row in zip(y, kratom.itertuples()):
        shape = look("level", DESIGN_LEVEL[row.design])
        left.barh(yi, row.studies, color="white", edgecolor=shape.colour, hatch=shape.hatch or "//", linewidth=2)
        left.barh(yi, row.about_relief, color=shape.colour, edgecolor=shape.colour, linewidth=2)
        note = f"{row.studies}"
        if row.design == "randomized trials":
            note += "  (pain tolerance, not withdrawal)"
        left.text(row.studies + 0.2, yi, note, va="center", fontsize=11)
    left.set_yticks(y, kratom["design"])
    left.set_xlabel("number of studies (solid: about relief of opioid withdrawal)")
    left.set_xlim(0, max(kratom["studies"].max() * 1.9, 5))
    left.set_title("Kratom and withdrawal", fontsize=14)
    levels = {}
    for design in kratom["design"]:
        levels.setdefault(DESIGN_LEVEL[design], []).append(design)
    handles = []
    for level, designs in sorted(levels.items()):
        shape = look("level", level)
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=shape.colour,
                hatch=shape.hatch or "//",
                linewidth=2,
                label=f"level {level}: {', '.join(designs)}",
            )
        )
    handles.append(Patch(facecolor=OKABE_ITO["grey"], label="solid part: about relief of opioid withdrawal"))
    handles.append(Patch(facecolor="white", edgecolor=OKABE_ITO["grey"], hatch="//", label="hatched part: other questions"))
    fig.legend(
        handles=handles,
        loc="outside lower left",
        ncols=2,
        fontsize=10,
        frameon=False,
        title="left, colour and hatch: level of evidence",
    )

    y2 = np.arange(len(comp))[::-1]
    for yi, row in zip(y2, comp.itertuples()):
        kind, key = COMPARATOR_LOOK.get(row.ref_id, ("compound", None))
        shape = look(kind, key)
        right.barh(yi, row.randomized_trials, color=shape.colour, hatch=shape.hatch, edgecolor="black", alpha=0.8)
        right.text(row.randomized_trials + 0.4, yi, f"{row.randomized_trials} ({row.ref_id})", va="center", fontsize=11)
    right.set_yticks(y2, [t.replace(" (", "\n(") for t in comp["treatment"]], fontsize=11)
    right.set_xlabel("randomized trials in one systematic review")
    right.set_xlim(0, comp["randomized_trials"].max() * 1.5)
    right.set_title("Established treatments (separate axis)", fontsize=14)
    seen = {}
    for ref_id in comp["ref_id"]:
        kind, key = COMPARATOR_LOOK.get(ref_id, ("compound", None))
        seen.setdefault(key, look(kind, key))
    fig.legend(
        handles=[
            Patch(facecolor=sh.colour, hatch=sh.hatch, edgecolor="black", alpha=0.8, label=str(key)) for key, sh in seen.items()
        ],
        loc="lower right",
        fontsize=10,
        frameon=False,
        title="colour: drug",
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
        "r_max": mid["response_ratio"].max(),
        "rep_max": mid.loc[mid["response_ratio"].idxmax(), "expected_reported"],
        "survey": reported,
        "implied_3": withdrawal.true_share_for(reported, 3.0),
        "seed": withdrawal.SEED,
        "pop": withdrawal.POPULATION,
    }


@register(
    "06_selection_bias",
    notebook=NOTEBOOK,
    caption=(
        "Simulated self-selected surveys (seed {seed}, {pop:,} people each): if {p:.0%} of people were helped but "
        "those helped answer {r_max:.0f} times as often, the survey reports about {rep_max:.0%}. A reported "
        "{survey:.0%} (the lower bound in one survey recruited through an advocacy group) is what a true share of "
        "{implied_3:.0%} gives when helped people answer three times as often. Illustrative inputs; the real "
        "response ratio is unknown."
    ),
    sources=(
        "kratom_course.withdrawal.simulate_survey (seeded); data/survey_doses.csv (kratom_substitute_survey, "
        "share who found kratom helpful)"
    ),
    alt=(
        "Line chart of the share of respondents reporting help against how many times more often helped people "
        "answer, from one to eight, for three true shares (lower, middle, higher); each line rises steeply from its "
        "true share; simulated surveys sit on the lines as markers with short error bars; a dashed horizontal line "
        "marks the share reported in one advocacy-recruited survey."
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
        ratios = np.linspace(1, rows["response_ratio"].max(), 100)
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
    ax.text(1.05, survey + 0.015, "share reported in one advocacy-recruited survey (lower bound)", fontsize=11)
    ax.set_xlabel("how many times more often people who were helped answer")
    ax.set_ylabel("share of respondents reporting help")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.legend(loc="lower right", frameon=False)
    ax.set_title("When helped people answer more often, a survey reports more help than there is")
    return fig
