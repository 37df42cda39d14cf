"""Figures of notebook 09 (the literature and its gaps): the curated corpus by year, and the evidence gap map."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from .. import literature_map as lm
from ..evidence import NOT_GRADED
from . import register, stacked_bars
from .style import look

RECENT_FROM = 2015


def _corpus_facts() -> dict:
    refs = lm.kratom_references()
    dated = refs[refs["year"].notna()]
    graded = refs[refs["evidence_level"].notna()]
    return {
        "n_refs": len(refs),
        "n_dated": len(dated),
        "recent_from": RECENT_FROM,
        "recent_share": float((dated["year"] >= RECENT_FROM).mean()),
        "n_graded": len(graded),
        "n_controlled": int((graded["evidence_level"] <= 3).sum()),
        "n_level_4_5": int(graded["evidence_level"].isin([4, 5]).sum()),
        "controlled_years": _years_in_words(
            sorted(int(y) for y in graded.loc[graded["evidence_level"] <= 3, "year"].dropna().unique())
        ),
    }


def _years_in_words(years: list[int]) -> str:
    """'one year (2020)' or 'two years (2020, 2024)': where the controlled studies sit, for the alt text."""
    words = {1: "one year", 2: "two years", 3: "three years", 4: "four years", 5: "five years"}
    listed = ", ".join(str(y) for y in years)
    return f"{words.get(len(years), f'{len(years)} years')} ({listed})" if years else "no year"


@register(
    "09_corpus_by_year",
    caption=(
        "The curated corpus on kratom or its alkaloids: {n_refs} references, {recent_share:.0%} of the {n_dated} with a "
        "verified year published in {recent_from} or later; of the {n_graded} graded ones, {n_level_4_5} are uncontrolled "
        "human data or animal and laboratory work and {n_controlled} report controlled human studies (levels 1-3). Curated by hand to "
        "test the article, so not a census of the literature; no per-year PubMed count is stored, and refreshed counts are drawn "
        "beside it only after a refresh."
    ),
    sources="data/references.csv and data/evidence_map.csv (references coded to kratom or its alkaloids; registrations, "
    "laws and bibliometric counts left out); data/literature/ when a refresh has been run",
    alt=(
        "Stacked bar chart of curated references on kratom per publication year, each bar split by level of evidence "
        "with its own colour and hatch; the bars are low before {recent_from} and taller after it, made mostly of "
        "level 4, level 5 and ungraded documents, with controlled human studies a thin sliver in {controlled_years}."
    ),
    notebook="09_the_literature_and_its_gaps",
    facts=_corpus_facts,
)
def plot_corpus_by_year():
    table = lm.corpus_by_year_and_level()
    fig, ax = plt.subplots()
    stacked_bars(
        ax,
        table,
        look_of=lambda column: look("level", None if column == "ungraded" else int(column)),
        label_of=lambda column: NOT_GRADED if column == "ungraded" else f"level {column}",
    )
    refreshed = lm.refreshed_year_counts()
    if refreshed is not None and len(refreshed):
        twin = ax.twinx()
        twin.plot(
            refreshed["year"],
            refreshed["n_records"],
            color="black",
            linestyle="--",
            marker=".",
            label="refreshed PubMed records (all matching, unscreened)",
        )
        twin.set_ylabel("refreshed PubMed records per year (count)")
        twin.legend(loc="upper center", fontsize=10)
    ax.set_xlabel("publication year")
    ax.set_ylabel("curated references on kratom (count)")
    ax.set_title("The curated kratom literature is recent and mostly uncontrolled")
    ax.legend(title="level of evidence", ncols=2, loc="upper left", fontsize=10)
    fig.tight_layout()
    return fig


def _map_facts() -> dict:
    totals = lm.map_row_totals()
    controlled = totals.iloc[0]
    claims = lm.claims_on_the_map()
    waiting = lm.claims_needing_controlled_evidence()
    return {
        "n_outcomes": totals.shape[1],
        "n_controlled_cells": int((controlled > 0).sum()),
        "n_controlled_studies": int(lm.controlled_kratom_studies()),
        "controlled_outcomes": ", ".join(lm.OUTCOMES[o] for o in controlled[controlled > 0].index) or "none",
        "n_claims": len(claims),
        "n_claims_empty": int(claims["empty_for_need"].sum()),
        "withdrawal_note": "none on withdrawal relief"
        if controlled["withdrawal-relief"] == 0
        else f"{int(controlled['withdrawal-relief'])} on withdrawal relief",
        "waiting_columns": ", ".join(f"{lm.OUTCOMES[o]} ({len(ids)})" for o, ids in waiting.items()) or "none",
    }


@register(
    "09_evidence_gap_map",
    caption=(
        "Evidence gap map of the course's curated corpus (a reading list, not a screened systematic search): kratom has "
        "studies in every column, but controlled human studies (levels 1-3) in only {n_controlled_cells} of the "
        "{n_outcomes} outcomes ({controlled_outcomes}; {n_controlled_studies} studies in all; {withdrawal_note}). A study reported in several papers counts once per column, in the row of its strongest design. The numbers in the empty cells of that row count the "
        "article's claims that need such studies and have none (listed in section 4). Comparison rows were coded only "
        "where a claim needed them, so their empty cells mean 'not looked for'."
    ),
    sources="data/evidence_map.csv, data/references.csv (levels); data/claims.csv and data/claim_needs.csv (the cell "
    "and level each claim needs)",
    alt=(
        "Grid with outcomes as columns, grouped into mechanism, hormones, clinical and harms, and rows for kratom split "
        "by design tier (controlled human, uncontrolled human, animal and laboratory, reviews) followed by other opioids, "
        "withdrawal treatments and physiology; each non-empty cell holds bubbles sized by the number of studies, one per "
        "level with that level's colour and marker; empty cells are shaded grey. The top kratom row is empty except "
        "for {controlled_outcomes}; in its empty cells a large number says how many of the article's claims need a "
        "controlled study there: {waiting_columns}."
    ),
    notebook="09_the_literature_and_its_gaps",
    facts=_map_facts,
)
def plot_evidence_gap_map():
    rows = lm.gap_map_rows()
    totals = lm.map_row_totals()
    outcomes = list(lm.OUTCOMES)
    col = {o: i for i, o in enumerate(outcomes)}
    n_rows, n_cols = totals.shape
    fig, ax = plt.subplots(figsize=(15.0, 8.6))
    for r in range(n_rows):
        for c in range(n_cols):
            if totals.iat[r, c] == 0:
                ax.add_patch(
                    Rectangle(
                        (c - 0.5, r - 0.5), 1, 1, facecolor="#EEEEEE", edgecolor="white", hatch="..", linewidth=0.0, zorder=0
                    )
                )
    biggest = float(rows["n_studies"].max())
    for _, cell in rows.iterrows():
        level = _level(cell["level"])
        style = look("level", level)
        single = len(lm.MAP_ROWS[int(cell["row_index"])][2]) == 1
        dx, dy = (0.0, 0.0) if single else SLOTS[level]
        ax.scatter(
            col[cell["outcome"]] + dx,
            cell["row_index"] + dy,
            s=_area(cell["n_studies"], biggest),
            marker=style.marker,
            color=style.colour,
            edgecolors="black",
            linewidths=0.5,
            zorder=3,
        )
    for outcome, claim_ids in lm.claims_needing_controlled_evidence().items():
        # a count in plain words, legible on a projector; which claims they are is the table of section 4
        ax.text(col[outcome], -0.1, str(len(claim_ids)), ha="center", va="center", fontsize=20, fontweight="bold", zorder=4)
        word = "claim" if len(claim_ids) == 1 else "claims"
        ax.text(col[outcome], 0.28, word, ha="center", va="center", fontsize=11, zorder=4)
    start = 0
    for group, members in lm.OUTCOME_GROUPS.items():
        if start:
            ax.axvline(start - 0.5, color="black", linewidth=0.8)
        ax.text(start + (len(members) - 1) / 2, -0.6, group, ha="center", va="bottom", fontsize=12, fontweight="bold")
        start += len(members)
    ax.axhline(3.5, color="black", linewidth=0.8)
    ax.set_xticks(range(n_cols), [lm.OUTCOMES[o] for o in outcomes], rotation=35, ha="right")
    ax.set_yticks(range(n_rows), list(totals.index), fontsize=12)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.grid(False)
    ax.set_title("Kratom has been studied on every question, rarely with a controlled human study", pad=28)
    level_handles = [
        plt.Line2D(
            [],
            [],
            linestyle="",
            marker=look("level", lv).marker,
            markersize=9,
            markerfacecolor=look("level", lv).colour,
            markeredgecolor="black",
        )
        for lv in lm.LEVELS
    ]
    level_labels = [NOT_GRADED if lv is None else f"level {lv}" for lv in lm.LEVELS]
    level_handles.append(Rectangle((0, 0), 1, 1, facecolor="#EEEEEE", hatch="..", edgecolor="white"))
    level_labels.append("empty cell")
    fig.legend(
        level_handles, level_labels, title="colour and marker: level", loc="upper left", bbox_to_anchor=(0.81, 0.9), fontsize=10
    )
    keys = (1, 10, int(biggest))
    size_handles = [ax.scatter([], [], s=_area(n, biggest), color="white", edgecolors="black") for n in keys]
    ax.legend(
        size_handles,
        [f"{n} {'study' if n == 1 else 'studies'}" for n in keys],
        title="bubble area",
        loc="lower left",
        bbox_to_anchor=(1.01, 0.0),
        fontsize=10,
        labelspacing=1.3,
        borderpad=0.9,
    )
    fig.subplots_adjust(left=0.25, right=0.8, bottom=0.2, top=0.9)
    return fig


def _level(value):
    return None if value is None or value != value else int(value)


def _area(n_studies: float, biggest: float) -> float:
    """Marker area in points squared: proportional to the number of studies, with a visible minimum."""
    return 20.0 + 420.0 * float(n_studies) / biggest


# Where each level sits inside a cell (column, row offsets): a 3 x 2 grid, strongest designs top left,
# so that bubbles of one cell never cover each other and position repeats what colour says.
SLOTS = {1: (-0.3, -0.22), 2: (0.0, -0.22), 3: (0.3, -0.22), 4: (-0.3, 0.22), 5: (0.0, 0.22), None: (0.3, 0.22)}
