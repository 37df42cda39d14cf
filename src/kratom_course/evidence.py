"""Levels of evidence, claim statuses, and summaries of the evidence base.

Vocabulary from the course's evidence protocol (shared/guide/evidence-protocol.md).
"""

from __future__ import annotations

import pandas as pd


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

