"""Figures of notebook 07: drawing only. Every number drawn or stated comes from `safety` (and `exposure`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import exposure, safety
from . import OKABE_ITO, look, register

NOTEBOOK = "07_dose_variability_and_safety"
PEOPLE = look("population", "people who use kratom")
TREATED = look("population", "people in opioid treatment")
STAT_MARKER = {"range_low": ">", "range_high": "<", "mean": "o", "percent": "o"}
STAT_WORDS = {"range_low": "or more", "range_high": "or less", "mean": "mean"}


# --- 1. reported amounts ----------------------------------------------------------------------


def _amount_facts() -> dict:
    rows = safety.reported_amounts()
    day = rows[rows["per"] == "day"]
    occ = rows[rows["per"] == "occasion"]
    low, high = safety.ARTICLE_RANGE_G
    common = occ[occ["ref_id"] == "garciaromeu2020"]  # the most common category, a range
    threshold = occ[occ["ref_id"] == "grundmann2017"]  # the threshold of negative effects, 'or more'
    return {
        "low": low,
        "high": high,
        "occ_low": occ["value"].min(),
        "occ_high": occ["value"].max(),
        "day_low": day["value"].min(),
        "day_high": day["value"].max(),
        "day_mean": day[day["statistic"] == "mean"]["value"].max(),
        "fold": int(safety.daily_over_article_top()),
        "occ_start": _where(common["value"].min(), low, high, "below", "inside", "above"),
        "occ_end": _where(common["value"].max(), low, high, "below", "inside", "above"),
        "thr_where": _where(threshold["value"].max(), low, high, "below", "inside", "to the right of"),
    }


def _where(value: float, low: float, high: float, below: str, inside: str, above: str) -> str:
    """Where a value lies against the article's band, in words for the alt text."""
    return below if value < low else above if value > high else inside


@register(
    "07_reported_amounts",
    notebook=NOTEBOOK,
    caption=(
        "Amounts people reported, against the article's {low:.0f}-{high:.0f} g: per occasion, surveys report "
        "{occ_low:.0f}-{occ_high:.0f} g (the most common category, and the threshold above which negative effects "
        "clustered); per day, the case series of people treated for kratom dependence name {day_mean:.0f} g (two "
        "people) and group people by use under {day_low:.0f} g or over {day_high:.0f} g; over {day_high:.0f} g is more "
        "than {fold:.0f} times the top of the article's range. Self-report in convenience samples and case series; "
        "grams of leaf, whatever the product held."
    ),
    sources="data/survey_doses.csv (garciaromeu2020, grundmann2017, weiss2021, kiyokawa2023)",
    alt=(
        "Dot-and-line chart on a logarithmic gram axis. The article's range is a hatched vertical band. Lower rows, per "
        "occasion: one survey's most common category as a thick line that starts {occ_start} the band and ends "
        "{occ_end} it, and another survey's threshold as a right-pointing marker ('or more') {thr_where} the band. "
        "Upper rows, per day: case-series amounts as markers far to the right of the band, at tens of grams: a round "
        "marker for a mean, a left-pointing marker for an upper bound ('or less') and a right-pointing one for a lower "
        "bound ('or more'). A legend under the chart explains the colours, the line and the marker shapes."
    ),
    facts=_amount_facts,
)
def plot_reported_amounts():
    rows = safety.reported_amounts().sort_values(["per", "value"], ascending=[False, True])
    fig, ax = plt.subplots(layout="constrained")
    low, high = safety.ARTICLE_RANGE_G
    ax.axvspan(low, high, color=OKABE_ITO["grey"], alpha=0.25, hatch="//", label="article: 2-6 g")
    labels = []
    for i, (key, group) in enumerate(rows.groupby(["per", "ref_id"], sort=False)):
        per, ref = key
        shape = TREATED if per == "day" else PEOPLE
        y = i
        labels.append(f"{ref}\n({'g per day' if per == 'day' else 'g per occasion'})")
        if {"range_low", "range_high"} <= set(group["statistic"]) and group["ref_id"].iloc[0] != "weiss2021":
            ax.plot(group["value"], [y, y], color=shape.colour, linewidth=5, solid_capstyle="butt")
        for _, r in group.iterrows():
            ax.plot(
                r["value"], y, marker=STAT_MARKER.get(r["statistic"], "o"), color=shape.colour, markersize=13, linestyle="none"
            )
            words = STAT_WORDS.get(r["statistic"], "")
            if r["ref_id"] != "garciaromeu2020":
                ax.annotate(
                    f"{r['value']:g} g {words}".strip(),
                    (r["value"], y),
                    xytext=(0, 12),
                    textcoords="offset points",
                    ha="center",
                    fontsize=10.5,
                )
    ax.set_yticks(range(len(labels)), labels, fontsize=11)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_xscale("log")
    ax.set_xlim(0.5, 100)
    ax.set_xlabel("grams of kratom leaf (log scale)")
    grey = OKABE_ITO["grey"]
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=PEOPLE.colour, label="colour: survey respondents (per occasion)"),
        plt.Rectangle((0, 0), 1, 1, color=TREATED.colour, label="colour: people treated for dependence (per day)"),
        Line2D(
            [], [], color=grey, linewidth=5, solid_capstyle="butt", label="thick line: a category from its lower to upper bound"
        ),
        Line2D(
            [],
            [],
            color=grey,
            marker=STAT_MARKER["range_low"],
            linestyle="",
            markersize=10,
            label="lower bound: that amount or more",
        ),
        Line2D(
            [],
            [],
            color=grey,
            marker=STAT_MARKER["range_high"],
            linestyle="",
            markersize=10,
            label="upper bound: that amount or less",
        ),
        Line2D([], [], color=grey, marker=STAT_MARKER["mean"], linestyle="", markersize=10, label="mean"),
        plt.Rectangle((0, 0), 1, 1, color=grey, alpha=0.25, hatch="//", label="the article's 2-6 g"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=10, frameon=False)
    ax.set_title("Reported daily amounts in dependence lie far beyond the article's 2-6 g")
    return fig


# --- 2. grams to milligrams ---------------------------------------------------------------------


def _mg_facts() -> dict:
    table = safety.reported_amounts_in_mg()
    edge = safety.highest_studied_mg()
    low_pct, high_pct = exposure.leaf_content_range_percent()
    day = table[table["per"] == "day"]
    bound = day["reported_as"].str.contains("or less")  # a group's upper bound ('20 g or less'), not an amount named
    return {
        "edge": edge,
        "fold": table["fold"].iloc[0],
        "low_pct": low_pct,
        "high_pct": high_pct,
        "day_min_low": day.loc[~bound, "mg_low"].min(),
        "bound_g": day.loc[bound, "leaf_g"].max(),
        "day_max_high": day["mg_high"].max(),
        "n_occ": int((table["per"] == "occasion").sum()),
        "n_occ_over": int(((table["per"] == "occasion") & (table["mg_high"] > edge)).sum()),
        "n_partly": int((table["beyond_studied"] == "partly").sum()),
        "n_all": int((table["beyond_studied"] == "all").sum()),
    }


def _tick(row) -> str:
    """'20 g or less / weiss2021 / per day' from the reported_as label of one amount."""
    first = row.reported_as.split(";")[0]
    ref = first.split(" (")[0]
    words = " or less" if "or less" in first else " or more" if "or more" in first else ""
    return f"{row.leaf_g:g} g{words}\n{ref}\n{'per day' if row.per == 'day' else 'per occasion'}"


@register(
    "07_leaf_to_mg",
    notebook=NOTEBOOK,
    caption=(
        "Each reported amount of leaf holds a {fold:.0f}-fold range of mitragynine ({low_pct:g}-{high_pct:g}% w/w of "
        "dried leaf). The highest dose given to people in a pharmacokinetic study was {edge:g} mg: {n_occ_over} of the "
        "{n_occ} per-occasion amounts can exceed it at high leaf content, and the daily amounts that the dependence "
        "case series name exceed it even at the lowest content ({day_min_low:.0f} mg a day or more, up to about {day_max_high:,.0f} mg), "
        "while their lower group ({bound_g:g} g a day or less) can fall below it. Above the line nothing was measured in people. "
        "Modelled; not a dose guide."
    ),
    sources=(
        "kratom_course.safety.leaf_to_mitragynine, reusing kratom_course.exposure (data/alkaloid_content.csv: "
        "sengnon2023; highest studied dose from data/pk_parameters.csv: huestis2024); amounts from data/survey_doses.csv"
    ),
    alt=(
        "Vertical range bars on a logarithmic milligram axis, one per reported amount of leaf from a few grams to tens of "
        "grams, each spanning the lowest to the highest leaf content. A dashed horizontal line marks the highest dose of "
        "mitragynine given to people in a study; the parts of the bars above it are hatched as extrapolation. Bars for "
        "the daily amounts of the case series lie entirely above the line."
    ),
    facts=_mg_facts,
)
def plot_leaf_to_mg():
    table = safety.reported_amounts_in_mg()
    edge = safety.highest_studied_mg()
    fig, ax = plt.subplots(figsize=(12.5, 5.8), layout="constrained")
    mg = look("compound", "mitragynine")
    x = np.arange(len(table))
    for xi, row in zip(x, table.itertuples()):
        shape = TREATED if row.per == "day" else PEOPLE
        below_top = min(row.mg_high, edge)
        if row.mg_low < edge:
            ax.bar(xi, below_top - row.mg_low, bottom=row.mg_low, width=0.55, color=shape.colour, alpha=0.85, edgecolor="black")
        if row.mg_high > edge:
            start = max(row.mg_low, edge)
            ax.bar(
                xi, row.mg_high - start, bottom=start, width=0.55, color="white", edgecolor=shape.colour, hatch="xx", linewidth=2
            )
    ax.axhline(edge, color=mg.colour, linestyle="--", linewidth=2)
    ax.set_yscale("log")
    ax.set_ylim(1, table["mg_high"].max() * 3)
    ax.set_xticks(x, [_tick(row) for row in table.itertuples()], fontsize=10)
    ax.set_ylabel("mg of mitragynine (log scale)")
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=PEOPLE.colour, label="per occasion, within studied doses"),
        plt.Rectangle((0, 0), 1, 1, color=TREATED.colour, label="per day"),
        plt.Rectangle(
            (0, 0), 1, 1, facecolor="white", edgecolor="black", hatch="xx", label="beyond studied doses: extrapolation"
        ),
        Line2D([], [], color=mg.colour, linestyle="--", linewidth=2, label="highest mitragynine dose given to people"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=10.5, frameon=False)
    ax.set_title("The daily amounts named in dependence case series lie beyond the doses studied in people")
    return fig


# --- 3. surveillance ------------------------------------------------------------------------------


def _surveillance_facts() -> dict:
    counts = safety.counts_for_plot()
    shares = safety.share_with_other_substances().set_index("ref_id")
    first = counts[(counts["ref_id"] == "anwar2016") & (counts["years"] < 1.5)].sort_values("start")
    return {
        "first": int(first["count"].iloc[0]),
        "last": int(first["count"].iloc[-1]),
        "y0": first["start"].iloc[0].year,
        "y1": first["start"].iloc[-1].year,
        "exp_share": shares.loc["anwar2016", "share"],
        "death_share": shares.loc["olsen2019", "share"],
        "death_total": int(shares.loc["olsen2019", "total"]),
    }


@register(
    "07_surveillance",
    notebook=NOTEBOOK,
    caption=(
        "Left: US poison-centre kratom exposures per year over each source's period, with 95% intervals; calls rose "
        "from {first} in {y0} to {last} in {y1}. They count calls, not people who use kratom, so no rate follows. "
        "Right: share of counted cases in which other substances were recorded, with 95% intervals: {exp_share:.0%} "
        "of exposure calls in one series, {death_share:.0%} of the {death_total} overdose deaths with kratom as a "
        "cause in another. 'Kratom alone' means no other substance was recorded, not that none was present."
    ),
    sources=(
        "data/surveillance_counts.csv (anwar2016, post2019, graves2021, forrester2013, eggleston2019, olsen2019); "
        "periods and denominators as reported; overlapping periods are not added"
    ),
    alt=(
        "Two panels. Left: horizontal segments on a time axis from the late 1990s to about 2020, each spanning one "
        "source's period at its count per year, with vertical error bars; the segments climb from near zero before 2010 "
        "to hundreds per year after 2015. Right: horizontal bars with error bars for four sources, giving the share of "
        "cases with other substances; exposure calls have the lowest share and deaths the highest."
    ),
    facts=_surveillance_facts,
)
def plot_surveillance():
    counts = safety.counts_for_plot()
    shares = safety.share_with_other_substances()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), layout="constrained", gridspec_kw={"width_ratios": [1.2, 1]})
    markers = {
        "anwar2016": ("o", OKABE_ITO["blue"]),
        "post2019": ("s", OKABE_ITO["vermillion"]),
        "graves2021": ("D", OKABE_ITO["bluish_green"]),
        "forrester2013": ("^", OKABE_ITO["orange"]),
    }
    seen = set()
    for row in counts.itertuples():
        marker, colour = markers[row.ref_id]
        mid = row.start + (row.end - row.start) / 2
        left.hlines(
            row.per_year, row.start, row.end, color=colour, linewidth=3, label=row.ref_id if row.ref_id not in seen else None
        )
        left.errorbar(
            mid,
            row.per_year,
            yerr=[[row.per_year - row.per_year_low], [row.per_year_high - row.per_year]],
            fmt=marker,
            color=colour,
            markersize=8,
            capsize=4,
        )
        seen.add(row.ref_id)
    left.set_ylabel("exposures per year (count / years in period)")
    left.set_xlabel("period covered by each count")
    left.legend(loc="upper left", fontsize=10.5, frameon=False, title="source (Texas only: forrester2013)", title_fontsize=10.5)
    left.set_title("Exposure calls per year (counts, not rates)", fontsize=14)

    y = np.arange(len(shares))[::-1]
    colours = [OKABE_ITO["blue"], OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"], OKABE_ITO["reddish_purple"]]
    for yi, row, colour in zip(y, shares.itertuples(), colours):
        right.barh(yi, row.share, color=colour, alpha=0.8, edgecolor="black")
        right.errorbar(
            row.share, yi, xerr=[[row.share - row.ci_low], [row.ci_high - row.share]], fmt="none", color="black", capsize=4
        )
        right.text(0.02, yi + 0.3, f"{row.with_others} of {row.total}", fontsize=10.5, va="center")
    right.set_yticks(y, [f"{r.ref_id}\n{r.context}" for r in shares.itertuples()], fontsize=9.5)
    right.set_xlim(0, 1)
    right.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    right.set_xlabel("share with other substances recorded")
    right.set_title("Other substances recorded", fontsize=14)
    fig.suptitle("Counted exposures rose, and most counted deaths involved other substances")
    return fig
