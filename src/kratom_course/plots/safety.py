"""Figures of notebook 07: drawing only. Every number drawn or stated comes from `safety` (and `exposure`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import exposure, safety, withdrawal
from ..withdrawal import cited_as
from . import OKABE_ITO, look, register

NOTEBOOK = "07_dose_variability_and_safety"
PEOPLE = look("population", "people who use kratom")
TREATED = look("population", "people in opioid treatment")
STAT_MARKER = {"range_low": ">", "range_high": "<", "mean": "o", "percent": "o"}
STAT_WORDS = {"range_low": "or more", "range_high": "or less", "mean": "mean"}


# --- 1. reported amounts ----------------------------------------------------------------------

BASIS_WORDS = {"occasion": "per use", "day": "per day"}


def _amount_rows():
    """What the figure draws: amounts as reported (per use or per day), never a computed daily amount."""
    rows = safety.amounts_for_plot()
    return rows[~rows["computed"]].reset_index(drop=True)


def _amount_facts() -> dict:
    rows = safety.reported_amounts()
    occ = rows[rows["per"] == "occasion"]
    day = rows[rows["per"] == "day"]
    per_use = safety.amounts_per_use_with_frequency()
    surveys = occ[occ["uses_per_day"].isna()]
    low, high = safety.ARTICLE_RANGE_G
    return {
        "low": low,
        "high": high,
        "occ_low": surveys["value"].min(),
        "occ_high": surveys["value"].max(),
        "case_low": per_use["value"].min(),
        "case_high": per_use["value"].max(),
        "uses": per_use["uses_per_day"].iloc[0],
        "day": day["value"].max(),
        "day_fold": day["value"].max() / high,
    }


@register(
    "07_reported_amounts",
    notebook=NOTEBOOK,
    caption=(
        "Amounts people reported, against the article's {low:.0f}-{high:.0f} g. Per use, surveys report "
        "{occ_low:.0f}-{occ_high:.0f} g (the most common category in one survey, and the threshold above which negative "
        "effects clustered in another); one woman treated for kratom dependence used {case_low:.0f}-{case_high:.0f} g per "
        "use, {uses:.0f} times a day. Per day, two patients treated for kratom use disorder each used {day:.0f} g, "
        "{day_fold:.1f} times the top of the article's range. Only amounts as reported are drawn; self-report in "
        "convenience samples and case reports; grams of leaf, whatever the product held."
    ),
    sources="data/survey_doses.csv (garciaromeu2020, grundmann2017, mackay2018, kiyokawa2023)",
    alt=(
        "Dot-and-line chart on a logarithmic gram axis. The article's range is a hatched vertical band. Rows per use: one "
        "survey's most common category as a thick line inside and just left of the band, another survey's threshold as a "
        "right-pointing marker ('or more') just right of it, and one case-report amount as a thick line several times "
        "the band's top, labelled with its uses a day. Row per day: one case-report amount as a round marker far to the "
        "right of the band. A legend under the chart explains the colours, the line and the marker shapes."
    ),
    facts=_amount_facts,
)
def plot_reported_amounts():
    rows = _amount_rows().sort_values(["per", "low"], ascending=[False, True]).reset_index(drop=True)
    uses = safety.amounts_per_use_with_frequency().groupby("ref_id")["uses_per_day"].first()
    fig, ax = plt.subplots(layout="constrained")
    low, high = safety.ARTICLE_RANGE_G
    ax.axvspan(low, high, color=OKABE_ITO["grey"], alpha=0.25, hatch="//")
    labels = []
    for y, row in rows.iterrows():
        in_treatment = row.ref_id in set(uses.index) or row.per == "day"
        shape = TREATED if in_treatment else PEOPLE
        labels.append(f"{row.source}\n({BASIS_WORDS.get(row.per, row.per)})")
        if row.high > row.low:
            ax.plot([row.low, row.high], [y, y], color=shape.colour, linewidth=6, solid_capstyle="butt")
            words = f"{row.low:g}-{row.high:g} g"
            if row.ref_id in uses.index:
                words += f", {uses[row.ref_id]:g} times a day"
            ax.annotate(words, (row.high, y), xytext=(8, 0), textcoords="offset points", va="center", fontsize=11)
            continue
        statistic = row.statistics.split(",")[0]
        ax.plot(row.low, y, marker=STAT_MARKER.get(statistic, "o"), color=shape.colour, markersize=13, linestyle="none")
        words = f"{row.low:g} g {STAT_WORDS.get(statistic, '')}".strip()
        if row.per == "day" and row.n > 1:
            words = f"{row.low:g} g a day (each of {row.n:.0f} people)"
        ax.annotate(words, (row.low, y), xytext=(0, 13), textcoords="offset points", ha="center", fontsize=11)
    ax.set_yticks(range(len(labels)), labels, fontsize=11)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_xscale("log")
    ax.set_xlim(0.5, 200)
    ax.set_xticks([1, 2, 5, 10, 20, 50, 100], ["1", "2", "5", "10", "20", "50", "100"])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.set_xlabel("grams of kratom leaf (log scale)")
    grey = OKABE_ITO["grey"]
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=PEOPLE.colour, label="colour: survey respondents"),
        plt.Rectangle((0, 0), 1, 1, color=TREATED.colour, label="colour: people treated for kratom dependence"),
        Line2D([], [], color=grey, linewidth=6, solid_capstyle="butt", label="thick line: a reported range"),
        Line2D(
            [],
            [],
            color=grey,
            marker=STAT_MARKER["range_low"],
            linestyle="",
            markersize=10,
            label="lower bound: that amount or more",
        ),
        Line2D([], [], color=grey, marker=STAT_MARKER["mean"], linestyle="", markersize=10, label="an amount as reported"),
        plt.Rectangle((0, 0), 1, 1, color=grey, alpha=0.25, hatch="//", label="the article's 2-6 g"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=10, frameon=False)
    ax.set_title("Amounts named in two case reports are several times the article's 2-6 g")
    return fig


# --- 2. grams to milligrams ---------------------------------------------------------------------

NEUTRAL = OKABE_ITO["grey"]


def _mg_facts() -> dict:
    table = safety.reported_amounts_in_mg()
    edge = safety.highest_studied_mg()
    low_pct, high_pct = exposure.leaf_content_range_percent()
    per_use = table[table["basis"] == "per use"]
    return {
        "edge": edge,
        "fold": table["fold"].iloc[0],
        "low_pct": low_pct,
        "high_pct": high_pct,
        "n_use": len(per_use),
        "n_use_over": int((per_use["mg_high"] > edge).sum()),
        "n_bars": len(table),
    }


def _tick(row) -> str:
    """'54 g / Mackay / 2018 (computed)' for one bar: amount, then source on two short lines."""
    first = row.source.split(";")[0].strip()
    words = first.rsplit(" ", 1)
    source = "\n".join(words) if len(words) == 2 else first
    note = "\n(computed)" if row.computed else ""
    return f"{row.leaf_g:g} g\n{source}{note}"


@register(
    "07_leaf_to_mg",
    notebook=NOTEBOOK,
    caption=(
        "Each amount of leaf holds a {fold:.0f}-fold range of mitragynine ({low_pct:g}-{high_pct:g}% w/w of dried leaf). "
        "The dashed line is the highest dose given in one pharmacokinetic study in healthy volunteers ({edge:g} mg): "
        "not a safe dose, only the edge of what was measured in people. {n_use_over} of the {n_use} amounts per use "
        "reported can exceed it at the highest content, and the amounts per day named in case reports exceed it even at "
        "the lowest content; above the line nothing was measured in people. The amounts per day of one case are "
        "computed (per use x uses a day). Modelled; not a dose guide."
    ),
    sources=(
        "kratom_course.safety.leaf_to_mitragynine, reusing kratom_course.exposure (data/alkaloid_content.csv: "
        "sengnon2023; highest studied dose from data/pk_parameters.csv: huestis2024); amounts from data/survey_doses.csv"
    ),
    alt=(
        "Vertical range bars on a logarithmic milligram axis, {n_bars} in all, one per amount of leaf from the article's "
        "range and the reported amounts per use and per day, each spanning the lowest to the highest leaf content, all "
        "in one neutral grey (per-day bars hatched). A dashed horizontal line marks the highest dose of mitragynine "
        "given in one pharmacokinetic study; the bars of the daily amounts lie entirely above it. The words 'Modelled; "
        "not a dose guide' are printed on the chart."
    ),
    facts=_mg_facts,
)
def plot_leaf_to_mg():
    table = safety.reported_amounts_in_mg()
    edge = safety.highest_studied_mg()
    fig, ax = plt.subplots(figsize=(14, 6.4), layout="constrained")
    x = np.arange(len(table))
    for xi, row in zip(x, table.itertuples()):
        hatch = "//" if row.basis == "per day" else ""
        ax.bar(
            xi,
            row.mg_high - row.mg_low,
            bottom=row.mg_low,
            width=0.55,
            color=NEUTRAL,
            alpha=0.55,
            hatch=hatch,
            edgecolor="black",
        )
    ax.axhline(edge, color="black", linestyle="--", linewidth=2)
    ax.text(
        len(table) - 0.5,
        edge * 0.8,
        "highest dose given in one PK study in healthy volunteers (not a safe dose)",
        ha="right",
        va="top",
        fontsize=10.5,
    )
    ax.text(
        0.01,
        0.97,
        "Modelled; not a dose guide",
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=13,
        fontweight="bold",
    )
    ax.set_yscale("log")
    ax.set_ylim(1, table["mg_high"].max() * 4)
    ax.set_xticks(x, [_tick(row) for row in table.itertuples()], fontsize=10)
    ax.set_ylabel("mg of mitragynine, lowest to highest leaf content (log scale)")
    handles = [
        plt.Rectangle(
            (0, 0), 1, 1, facecolor=NEUTRAL, alpha=0.55, edgecolor="black", label="amount per use (article or reported)"
        ),
        plt.Rectangle((0, 0), 1, 1, facecolor=NEUTRAL, alpha=0.55, hatch="//", edgecolor="black", label="amount per day"),
        Line2D([], [], color="black", linestyle="--", linewidth=2, label="edge of what was measured in people"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.9), fontsize=10.5, frameon=False)
    ax.set_title("The daily amounts named in case reports lie beyond the doses studied in people")
    return fig


# --- 3. surveillance ------------------------------------------------------------------------------

# One marker and colour per source, given in the order the sources first appear (counts panel, then shares
# panel); each series' scope, where narrower than all ages nationwide, is data (safety.counts_for_plot `scope`).
SERIES_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h")
SERIES_COLOURS = ("blue", "vermillion", "bluish_green", "orange", "sky_blue", "reddish_purple", "yellow", "black")


def _series_looks(counts, shares) -> dict:
    sources = list(dict.fromkeys([*counts["ref_id"], *shares["ref_id"]]))
    if len(sources) > len(SERIES_MARKERS):
        raise ValueError(f"{len(sources)} surveillance sources, but only {len(SERIES_MARKERS)} series looks")
    return {ref: (SERIES_MARKERS[i], OKABE_ITO[SERIES_COLOURS[i]]) for i, ref in enumerate(sources)}


def _series_label(ref_id: str, scope: str) -> str:
    return cited_as(ref_id) + (f" ({scope})" if scope else "")


def _surveillance_facts() -> dict:
    counts = safety.counts_for_plot()
    shares = safety.share_with_other_substances()
    # the one series with counts for single years; exposure calls; the deaths in which kratom was a cause
    first = counts[counts["years"] < 1.5].sort_values("start")
    if first["ref_id"].nunique() != 1:
        raise ValueError("the caption quotes one series of yearly counts; found " + ", ".join(sorted(set(first["ref_id"]))))
    calls = shares[shares["context"].str.startswith("poison-centre")]
    deaths = shares.set_index("outcome").loc[withdrawal.DEATHS_KRATOM_ONLY]
    return {
        "first": int(first["count"].iloc[0]),
        "last": int(first["count"].iloc[-1]),
        "y0": first["start"].iloc[0].year,
        "y1": first["start"].iloc[-1].year,
        "exp_low": calls["share"].min(),
        "exp_high": calls["share"].max(),
        "death_share": deaths["share"],
        "death_total": int(deaths["total"]),
    }


@register(
    "07_surveillance",
    notebook=NOTEBOOK,
    caption=(
        "Left: US poison-centre kratom exposures per year over each source's period, with exact Poisson 95% intervals "
        "(counts from one system over a stated period); calls rose from {first} in {y0} to {last} in {y1}. One series "
        "counts adults only and one Texas only. They count calls, not people who use kratom, so no rate follows. Right: "
        "share of counted cases in which other substances were recorded, a part of a stated total, with Wilson 95% "
        "intervals: {exp_low:.0%}-{exp_high:.0%} of exposure calls in two series, {death_share:.0%} of the "
        "{death_total} overdose deaths with kratom as a cause in another. 'Kratom alone' means no other substance was "
        "recorded, not that none was present."
    ),
    sources=(
        "data/surveillance_counts.csv (anwar2016, post2019, graves2021, forrester2013, eggleston2019, olsen2019); "
        "periods and denominators as reported; overlapping periods are not added"
    ),
    alt=(
        "Two panels. Left: horizontal segments on a time axis from the late 1990s to about 2020, each spanning one "
        "source's period at its count per year, with vertical error bars; the segments climb from near zero before 2010 "
        "to hundreds per year after 2015; the legend marks one series as adults only and one as Texas only. Right: "
        "horizontal bars with error bars for four sources, giving the share of cases with other substances; exposure "
        "calls have the lowest shares and deaths the highest."
    ),
    facts=_surveillance_facts,
)
def plot_surveillance():
    counts = safety.counts_for_plot()
    shares = safety.share_with_other_substances()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), layout="constrained", gridspec_kw={"width_ratios": [1.2, 1]})
    looks = _series_looks(counts, shares)
    seen = set()
    for row in counts.itertuples():
        marker, colour = looks[row.ref_id]
        mid = row.start + (row.end - row.start) / 2
        left.hlines(
            row.per_year,
            row.start,
            row.end,
            color=colour,
            linewidth=3,
            label=_series_label(row.ref_id, row.scope) if row.ref_id not in seen else None,
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
    left.legend(loc="upper left", fontsize=10.5, frameon=False, title="source", title_fontsize=10.5)
    left.set_title("Exposure calls per year (counts, not rates)", fontsize=14)

    y = np.arange(len(shares))[::-1]
    for yi, row in zip(y, shares.itertuples()):
        marker, colour = looks[row.ref_id]
        right.barh(yi, row.share, color=colour, alpha=0.8, edgecolor="black")
        right.errorbar(
            row.share, yi, xerr=[[row.share - row.ci_low], [row.ci_high - row.share]], fmt="none", color="black", capsize=4
        )
        right.text(0.02, yi + 0.3, f"{row.with_others} of {row.total}", fontsize=10.5, va="center")
    right.set_yticks(y, [f"{cited_as(r.ref_id)}\n{r.context}" for r in shares.itertuples()], fontsize=9.5)
    right.set_xlim(0, 1)
    right.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    right.set_xlabel("share with other substances recorded")
    right.set_title("Other substances recorded", fontsize=14)
    fig.suptitle("Counted exposures rose, and most counted deaths involved other substances")
    return fig
