"""Levels of evidence, claim statuses, and summaries of the evidence base.

Vocabulary from the course's evidence protocol (shared/guide/evidence-protocol.md).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import data
from .figures import HATCHES, PALETTE, register

LEVELS = {
    1: "systematic review or meta-analysis of randomized trials",
    2: "randomized controlled trial",
    3: "controlled observational study (cohort, case-control, non-randomized controlled)",
    4: "uncontrolled human data (survey, case series or report, poison-centre or registry counts)",
    5: "animal, in vitro or mechanistic reasoning",
}

CLAIM_STATUSES = {
    "supported": "consistent direct evidence of the kind the claim needs",
    "partly-supported": "some direct evidence, with important limits",
    "plausible-untested": "follows from mechanism or other drugs of the class, not measured for kratom",
    "unsupported": "no evidence found, or the evidence does not address it",
    "contradicted": "evidence points the other way",
}

NOT_GRADED = "not graded (review, document, record)"


def level_label(level) -> str:
    """'Level 2: randomized controlled trial', or NOT_GRADED for a missing level."""
    if pd.isna(level):
        return NOT_GRADED
    return f"Level {int(level)}: {LEVELS[int(level)]}"


def level_counts(references: pd.DataFrame) -> pd.DataFrame:
    """Number of references per level of evidence (ungraded documents as their own row)."""
    labels = references["evidence_level"].map(level_label)
    order = [level_label(k) for k in LEVELS] + [NOT_GRADED]
    counts = labels.value_counts().reindex(order, fill_value=0)
    return counts.rename_axis("level").reset_index(name="references")


def references_by_year_and_level(references: pd.DataFrame, start_year: int = 1990) -> pd.DataFrame:
    """Counts of references per publication year (rows) and level (columns 1-5, 'ungraded').

    References without a verified year are left out (count them with references["year"].isna()).
    """
    dated = references[references["year"].notna()]
    level = dated["evidence_level"].astype("Float64").fillna(0).astype(int)
    table = pd.crosstab(dated["year"].astype(int), level)
    table = table.reindex(columns=[1, 2, 3, 4, 5, 0], fill_value=0)
    table.columns = ["1", "2", "3", "4", "5", "ungraded"]
    years = range(min(start_year, int(table.index.min())), int(table.index.max()) + 1)
    return table.reindex(years, fill_value=0).rename_axis("year")


@register(
    "00_references_by_year_level",
    caption="Most of the course's references are recent, and few are randomized trials.",
    sources="data/references.csv (all rows)",
    alt=(
        "Stacked bar chart of the number of references per publication year, each bar split by level of "
        "evidence with a distinct colour and hatch pattern; the bars grow after 2015 and levels 4 and 5 dominate."
    ),
    notebook="00_start_here",
)
def plot_references_by_year_level():
    table = references_by_year_and_level(data.load("references"))
    fig, ax = plt.subplots()
    bottom = np.zeros(len(table))
    for i, column in enumerate(table.columns):
        label = f"level {column}" if column != "ungraded" else NOT_GRADED
        ax.bar(table.index, table[column], bottom=bottom, color=PALETTE[i], hatch=HATCHES[i],
               edgecolor="white", linewidth=0.5, label=label)
        bottom += table[column].to_numpy()
    ax.set_xlabel("publication year")
    ax.set_ylabel("references (count)")
    ax.set_title("Course references by year: most are recent, few are trials")
    ax.legend(title="level of evidence", ncols=2, loc="upper left")
    return fig


STATUS_ORDER = list(CLAIM_STATUSES)


def claims_by_paragraph_and_status(claims: pd.DataFrame) -> pd.DataFrame:
    """Number of claims per article paragraph (rows, in article order) and status (columns)."""
    table = pd.crosstab(claims["paragraph"], claims["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    order = sorted(table.index, key=lambda p: int(p[1:]))
    return table.loc[order]


def claim_evidence_summary(claims: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Per claim: status, highest level, and the number of supporting, contradicting and context references."""
    counts = pd.crosstab(links["claim_id"], links["relation"]).reindex(columns=["supports", "contradicts", "context"], fill_value=0)
    summary = claims.set_index("claim_id")[["paragraph", "claim_type", "status", "highest_level", "presented_as_known"]]
    return summary.join(counts).fillna({"supports": 0, "contradicts": 0, "context": 0}).astype(
        {"supports": int, "contradicts": int, "context": int})


@register(
    "01_claims_by_status",
    caption="Unsupported claims outnumber supported ones; what is supported concerns chemistry, receptors, physiology and regulation, not kratom's benefits.",
    sources="data/claims.csv (all claims); status vocabulary from the evidence protocol",
    alt=("Horizontal stacked bars, one per article paragraph (P1, P2, P7, P9, P11, P12, P13), counting the claims "
         "taken from it by status: supported, partly supported, plausible but untested, unsupported, contradicted; "
         "each status has its own colour and hatch pattern, and unsupported claims dominate paragraphs P7, P9 and P12."),
    notebook="01_claims_under_the_microscope",
)
def plot_claims_by_status():
    table = claims_by_paragraph_and_status(data.load("claims"))
    fig, ax = plt.subplots()
    left = np.zeros(len(table))
    positions = np.arange(len(table))
    for i, status in enumerate(table.columns):
        ax.barh(positions, table[status], left=left, color=PALETTE[i], hatch=HATCHES[i], edgecolor="white",
                linewidth=0.5, label=status.replace("-", " "))
        left += table[status].to_numpy()
    ax.set_yticks(positions, table.index)
    ax.invert_yaxis()
    ax.set_xlabel("claims (count)")
    ax.set_ylabel("paragraph of the article")
    ax.set_title("What the evidence says about each paragraph's claims")
    ax.legend(loc="lower right", title="status")
    return fig
