"""Levels of evidence, claim statuses, and summaries of the evidence base.

Vocabulary from the course's evidence protocol (shared/guide/evidence-protocol.md).
"""

from __future__ import annotations

import pandas as pd

from .data import require_known

# The vocabularies are declared once, as enums and constraints in data/datapackage.json (claims.status,
# references.evidence_level); here they get their order and their meaning in words, and tests/test_evidence.py
# ties each to its declaration. Code that groups by them raises on a value it does not know.
LEVELS = {
    1: "systematic review or meta-analysis of randomized trials",
    2: "randomized controlled trial",
    3: "controlled observational study (cohort, case-control, non-randomized controlled)",
    4: "uncontrolled human data (survey, case series or report, poison-centre or registry counts)",
    5: "animal, in vitro or mechanistic reasoning",
}

# In the order of claims.status's enum (from support to contradiction).
CLAIM_STATUSES = {
    "supported": "consistent direct evidence of the kind the claim needs",
    "partly-supported": "some direct evidence, with important limits",
    "plausible-untested": "follows from mechanism or other drugs of the class, not measured for kratom",
    "unsupported": "no evidence found, or the evidence does not address it",
    "contradicted": "evidence points the other way",
}

NOT_GRADED = "not graded (review, document, record)"
STATUS_ORDER = list(CLAIM_STATUSES)
WEAK_STATUSES = ("unsupported", "contradicted")
STATUS_SOURCE = "evidence.CLAIM_STATUSES (the order of claims.status in datapackage.json)"


# --- the grading rule: a study's level follows from its design (data/evidence_levels.csv) ------------------


def level_of_design(rules: pd.DataFrame) -> dict[str, int | None]:
    """The level (1-5) each study design earns, None for documents that are not studies."""
    return {row.study_design: (None if pd.isna(row.evidence_level) else int(row.evidence_level)) for row in rules.itertuples()}


def level_departures(references: pd.DataFrame, rules: pd.DataFrame, exceptions: pd.DataFrame) -> dict[str, list[str]]:
    """Where references.csv departs from the design rule: `unexplained` (a level that is not the design's and
    is not listed in evidence_level_exceptions.csv), `stale` (a listed exception whose level now agrees with
    the rule) and `unknown_design` (a design the rule does not cover). Empty lists mean one rule holds."""
    rule = level_of_design(rules)
    excepted = set(exceptions["ref_id"])
    unexplained, stale, unknown = [], [], []
    for row in references.itertuples():
        if row.study_design not in rule:
            unknown.append(f"{row.ref_id} ({row.study_design})")
            continue
        stored = None if pd.isna(row.evidence_level) else int(row.evidence_level)
        expected = rule[row.study_design]
        if stored != expected and row.ref_id not in excepted:
            unexplained.append(f"{row.ref_id}: {row.study_design} is level {expected}, stored {stored}")
        if stored == expected and row.ref_id in excepted:
            stale.append(row.ref_id)
    return {"unexplained": unexplained, "stale": stale, "unknown_design": unknown}


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


def _paragraph_order(paragraph: str) -> int:
    return int(str(paragraph)[1:])


def article_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims the article makes: context rows the course adds (claim_kind 'context') left out."""
    return claims[claims["claim_kind"] == "article"]


def paragraph_labels(paragraphs: pd.DataFrame) -> dict[str, str]:
    """'P7 · prolactin and withdrawal relief' for each paragraph (from article_paragraphs.csv)."""
    return {row.paragraph: f"{row.paragraph} · {row.topic}" for row in paragraphs.itertuples()}


def claims_by_paragraph_and_status(claims: pd.DataFrame) -> pd.DataFrame:
    """Number of the article's claims per paragraph (rows, in article order) and status (columns).

    Context rows (claim_kind 'context') are not the article's and are left out of the counts.
    """
    made = article_claims(claims)
    require_known(made["status"], STATUS_ORDER, STATUS_SOURCE)
    table = pd.crosstab(made["paragraph"], made["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    return table.loc[sorted(table.index, key=_paragraph_order)]


def weak_share_by_paragraph(claims: pd.DataFrame) -> pd.DataFrame:
    """Per paragraph: the article's claims, how many are unsupported or contradicted, and that share."""
    table = claims_by_paragraph_and_status(claims)
    out = pd.DataFrame({"claims": table.sum(axis=1), "weak": table[list(WEAK_STATUSES)].sum(axis=1)})
    out["weak_share"] = out["weak"] / out["claims"]
    return out


def paragraph_claims(claims: pd.DataFrame, paragraph: str) -> pd.DataFrame:
    """The article's claims from one paragraph, each next to the article's words it tests."""
    rows = article_claims(claims)
    rows = rows[rows["paragraph"] == paragraph]
    return rows[["claim_id", "article_words", "claim", "claim_type", "status"]].reset_index(drop=True)


def key_phrases(claims: pd.DataFrame, paragraph: str) -> list[str]:
    """The article's words that the ledger quotes from one paragraph, without ids or statuses.

    Sorted by claim id (the ledger's order, not always the article's); a phrase quoted twice appears once.
    """
    rows = article_claims(claims)
    rows = rows[rows["paragraph"] == paragraph].sort_values("claim_id")
    return list(dict.fromkeys(rows["article_words"].dropna()))


def quoted_passage(claims: pd.DataFrame, paragraph: str) -> str:
    """The article's words quoted from one paragraph, run together as one Markdown quotation ('…' between fragments).

    In the ledger's order (not always the article's); a fragment contained in a longer one is left out, so the
    reader has to decide where one claim ends and the next begins (notebook 01, exercise 01.1).
    """
    phrases = key_phrases(claims, paragraph)
    kept = [p for p in phrases if not any(p != other and p in other for other in phrases)]
    return "> \u201c" + " \u2026 ".join(kept) + "\u201d"


def stated_as_known_gaps(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims the article presents as known although the evidence does not support them."""
    rows = article_claims(claims)
    gap = rows[(rows["presented_as_known"] == "yes") & rows["status"].isin(["plausible-untested", *WEAK_STATUSES])]
    return gap[["claim_id", "paragraph", "article_words", "status"]].reset_index(drop=True)


def _surname(first_author: str) -> str:
    """'Chan V' -> 'Chan', 'de Vries F' -> 'de Vries', 'AL.com' -> 'AL.com' (trailing initials dropped)."""
    words = str(first_author).split()
    if len(words) > 1 and words[-1].isalpha() and words[-1].isupper() and len(words[-1]) <= 3:
        words = words[:-1]
    return " ".join(words)


def short_source_name(reference: pd.Series) -> str:
    """A source named for people, not by its id: 'Chan 1979'; else the journal and year; else the title's first words."""
    year = "" if pd.isna(reference["year"]) else f" {int(reference['year'])}"
    if not pd.isna(reference["first_author"]) and str(reference["first_author"]):
        return _surname(reference["first_author"]) + year
    if not pd.isna(reference["journal"]) and str(reference["journal"]):
        return str(reference["journal"]) + year
    words = str(reference["title"]).split()
    title = " ".join(words[:5]) + (" \u2026" if len(words) > 5 else "")
    return f"\u201c{title}\u201d" + (year or " (year not known)")


# --- a claim's best level: one rule for every row of claims.csv ---------------------------------------------
# The links of data/claim_evidence.csv that count towards a claim's best level of evidence: the studies its
# status rests on, whichever way they point. Context links (background, another drug, another time or
# population than the claim's) do not count. claims.highest_level stores the result of this rule, and
# tests/test_claim_levels.py checks that it does for every claim.
LEVEL_RELATIONS = ("supports", "contradicts")


def highest_level_by_rule(claims: pd.DataFrame, links: pd.DataFrame, references: pd.DataFrame) -> pd.Series:
    """Per claim_id (every claim in `claims`): the best (lowest-numbered) evidence level among the references
    linked to it by a relation in LEVEL_RELATIONS; missing (NA) where none of them carries a level."""
    levels = references.set_index("ref_id")["evidence_level"]
    counted = links[links["relation"].isin(LEVEL_RELATIONS)]
    best = counted.assign(level=counted["ref_id"].map(levels).astype("Float64")).groupby("claim_id")["level"].min()
    return best.reindex(claims["claim_id"]).astype("Int64").rename("highest_level")


def evidence_behind(claim_ids, links: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """The references linked to some claims, with design, level, year and a short `source` name, strongest level first."""
    refs = references.set_index("ref_id")
    refs = refs[["first_author", "year", "study_design", "evidence_level", "population"]].assign(
        source=refs.apply(short_source_name, axis=1)
    )
    rows = links[links["claim_id"].isin(list(claim_ids))].join(refs, on="ref_id")
    rows = rows.assign(_level=rows["evidence_level"].astype("Float64").fillna(9))
    return rows.sort_values(["claim_id", "_level", "year"]).drop(columns="_level").reset_index(drop=True)


def randomized_trials(references: pd.DataFrame, evidence_map: pd.DataFrame, exposure: str | None = None) -> pd.DataFrame:
    """References graded level 2 (randomized trials with results), optionally only those whose exposure
    (evidence_map.csv) is `exposure`, e.g. 'kratom-or-alkaloids'."""
    trials = references[references["evidence_level"] == 2]
    if exposure is not None:
        ids = set(evidence_map.loc[evidence_map["exposure"] == exposure, "ref_id"])
        trials = trials[trials["ref_id"].isin(ids)]
    return trials.reset_index(drop=True)
