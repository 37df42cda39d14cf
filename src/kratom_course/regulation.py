"""Kratom's legal status by jurisdiction, what each rule targets, and the timeline of regulatory events.

Everything comes from `data/regulation.csv`: one row per rule or action a source described, with the
instrument, the date in force (where the source gave one) and `as_of`, the date at which the source
says the status held. A status is a dated fact: this module never calls a record "current"; it says
how old the record is on a reference date that the caller chooses.

Nothing here is legal advice: the table says what sources reported at their dates.
"""

from __future__ import annotations

import pandas as pd

from . import data

# --- the course's coding of what each rule is aimed at (a judgement, kept here to be read and argued with) ---
# Why statuses differ is mostly *what* a rule names: the plant, its alkaloids, concentrated 7-OH products,
# or the way products are sold (food, supplement and medicine law, consumer-protection standards).
TARGETS = {
    "plant": "the plant itself (leaf and products made from it)",
    "alkaloids": "the alkaloids mitragynine and 7-OH (which catches the leaf that contains them)",
    "concentrated 7-OH": "concentrated 7-OH and semi-synthetic derivatives (leaf exempt or not named)",
    "product law": "how products may be sold: food, supplement or medicine law (no scheduling)",
    "consumer protection": "product standards: age limits, labels, 7-OH limits, registration",
    "psychoactive substances": "psychoactive substances in general (kratom not named)",
    "no control": "a decision not to control, or the absence of a listing",
    "not named": "the source does not name the instrument",
}

TARGET_SHORT = {
    "plant": "the plant",
    "alkaloids": "its alkaloids",
    "concentrated 7-OH": "concentrated 7-OH",
    "product law": "food, supplement or medicine law",
    "consumer protection": "consumer-protection rules",
    "psychoactive substances": "psychoactive substances in general",
    "no control": "no control",
    "not named": "instrument not named",
}

RULE_TARGET = {
    "reg01": "alkaloids",
    "reg02": "no control",
    "reg03": "no control",
    "reg04": "product law",
    "reg05": "product law",
    "reg06": "concentrated 7-OH",
    "reg08": "alkaloids",
    "reg09": "alkaloids",
    "reg10": "alkaloids",
    "reg11": "consumer protection",
    "reg12": "consumer protection",
    "reg14": "consumer protection",
    "reg15": "consumer protection",
    "reg16": "consumer protection",
    "reg17": "alkaloids",
    "reg18": "not named",
    "reg19": "not named",
    "reg20": "not named",
    "reg21": "plant",
    "reg22": "plant",
    "reg23": "alkaloids",
    "reg25": "plant",
    "reg26": "psychoactive substances",
    "reg27": "alkaloids",
    "reg28": "plant",
    "reg30": "product law",
    "reg31": "product law",
    "reg32": "not named",
    "reg33": "alkaloids",
    "reg36": "no control",
    "reg37": "concentrated 7-OH",
    "reg38": "plant",
    "reg39": "concentrated 7-OH",
    "reg40": "concentrated 7-OH",
}

# Statuses in order from least to most restrictive; 'proposed-control' is an event, not a status in force.
STATUS_ORDER = [
    "legal-unregulated",
    "legal-regulated",
    "not-approved-for-sale",
    "prescription-only",
    "controlled",
    "banned",
    "proposed-control",
]
STATUS_WORDS = {
    "legal-unregulated": "not controlled",
    "legal-regulated": "legal under product rules",
    "not-approved-for-sale": "not approved for sale as food, supplement or medicine",
    "prescription-only": "prescription only",
    "controlled": "controlled substance",
    "banned": "banned",
    "proposed-control": "control proposed",
}
PROPOSAL = "proposed-control"

# Level order for tables: international first, then countries, then US states.
LEVEL_ORDER = {"supranational": 0, "country": 1, "us-state": 2}


def rules(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """data/regulation.csv with the course's coding of each rule's target and a sortable event date.

    `event_date` is the date in force where the source gave one, else `as_of`; a year alone counts
    from 1 January and a year-month from the first of the month (`date_precision` says which).
    """
    table = data.load("regulation") if table is None else table.copy()
    unknown = sorted(set(table["rule_id"]) - set(RULE_TARGET))
    if unknown:
        raise KeyError(f"no target coded in regulation.RULE_TARGET for: {', '.join(unknown)}")
    table["target"] = table["rule_id"].map(RULE_TARGET)
    when = table["date_in_force"].fillna(table["as_of"]).astype(str)
    table["event_date"] = when.map(parse_partial_date)
    table["date_precision"] = when.map(lambda s: {4: "year", 7: "month"}.get(len(s), "day"))
    table["as_of_date"] = table["as_of"].astype(str).map(parse_partial_date)
    return table


def parse_partial_date(text: str) -> pd.Timestamp:
    """'2016' -> 2016-01-01, '2016-08' -> 2016-08-01, '2016-08-31' -> 2016-08-31."""
    text = str(text)
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return pd.Timestamp(text)


def _order(frame: pd.DataFrame) -> pd.DataFrame:
    return (
        frame.assign(_level=frame["level"].map(LEVEL_ORDER))
        .sort_values(["_level", "jurisdiction"])
        .drop(columns="_level")
        .reset_index(drop=True)
    )


def latest_by_jurisdiction(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per jurisdiction: its most recent record in force (by `as_of`), and any later proposal.

    A proposal (status 'proposed-control') is an event, not a status: it is shown as `pending` beside
    the latest status in force when it is dated later, and stands as the status only where a
    jurisdiction has nothing else.
    """
    coded = rules(table)
    rows = []
    for _, group in coded.groupby("jurisdiction", sort=False):
        group = group.sort_values(["as_of_date", "rule_id"])
        in_force = group[group["status"] != PROPOSAL]
        current = (in_force if len(in_force) else group).iloc[-1].to_dict()
        later = group[(group["status"] == PROPOSAL) & (group["as_of_date"] > current["as_of_date"])]
        current["pending"] = "; ".join(
            f"control proposed: {TARGET_SHORT[t]}, as of {d}" for t, d in zip(later["target"], later["as_of"])
        )
        current["pending_as_of"] = later["as_of"].iloc[-1] if len(later) else ""
        current["n_records"] = len(group)
        rows.append(current)
    return _order(pd.DataFrame(rows))


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def target_by_status(latest: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count of jurisdictions by what their latest record targets (rows) and its status (columns)."""
    latest = latest_by_jurisdiction() if latest is None else latest
    table = pd.crosstab(latest["target"], latest["status"])
    columns = [s for s in STATUS_ORDER if s in table.columns]
    rows = [t for t in TARGETS if t in table.index]
    return table.reindex(index=rows, columns=columns, fill_value=0)


# Kinds of measure, for "what does the latest record do?" (notebook 08, exercise 08.1).
MEASURE_KIND = {
    "plant": "controls or bans the plant or its alkaloids",
    "alkaloids": "controls or bans the plant or its alkaloids",
    "concentrated 7-OH": "controls concentrated 7-OH products only",
    "product law": "regulates how products are sold, without scheduling",
    "consumer protection": "regulates how products are sold, without scheduling",
    "psychoactive substances": "controls or bans the plant or its alkaloids",
    "no control": "leaves kratom uncontrolled",
    "not named": "controls or bans the plant or its alkaloids",
}


def measure_kinds(latest: pd.DataFrame | None = None) -> pd.Series:
    """Number of jurisdictions whose latest record does each kind of thing (MEASURE_KIND), largest first.

    A record whose target is the plant but whose status is 'legal-...' (Thailand after 2021) counts as
    leaving kratom uncontrolled or regulating its sale, not as a control.
    """
    latest = latest_by_jurisdiction() if latest is None else latest

    def kind(row) -> str:
        if row["status"] == "legal-unregulated":
            return MEASURE_KIND["no control"]
        if row["status"] == "legal-regulated":
            return MEASURE_KIND["consumer protection"]
        return MEASURE_KIND[row["target"]]

    return latest.apply(kind, axis=1).value_counts()


def timeline(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every record as a dated event, oldest first, with a short label for plots and tables."""
    coded = rules(table).sort_values(["event_date", "rule_id"]).reset_index(drop=True)
    coded["label"] = coded.apply(lambda r: f"{r['jurisdiction']}: {status_words(r['status'])} ({r['target']})", axis=1)
    return coded


def age_years(as_of: pd.Series, reference_date: str) -> pd.Series:
    """Years from each `as_of` (partial dates allowed) to `reference_date` (YYYY-MM-DD)."""
    reference = pd.Timestamp(reference_date)
    dates = as_of.astype(str).map(parse_partial_date)
    return (reference - dates).dt.days / 365.25


def reference_date() -> str:
    """The course's default reference date: the newest `verified_on` of the references (ISO date)."""
    return str(data.load("references")["verified_on"].max())[:10]


def share_older_than(years: float = 5.0, reference: str | None = None, latest: pd.DataFrame | None = None) -> float:
    """Fraction (0-1) of jurisdictions whose latest record is more than `years` old on `reference`."""
    latest = latest_by_jurisdiction() if latest is None else latest
    reference = reference or reference_date()
    return float((age_years(latest["as_of"], reference) > years).mean())


def newest_as_of(table: pd.DataFrame | None = None) -> str:
    """The newest `as_of` in the table, as written there."""
    coded = rules(table)
    return str(coded.loc[coded["as_of_date"].idxmax(), "as_of"])


def article_regulatory_claims(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The article's claims of type 'regulatory', with the article's words and status."""
    claims = data.load("claims") if claims is None else claims
    rows = claims[(claims["claim_kind"] == "article") & (claims["claim_type"] == "regulatory")]
    return rows[["claim_id", "paragraph", "article_words", "claim", "status", "rationale"]].reset_index(drop=True)


def target_definitions(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The course's target categories: short name, meaning, and how many records carry each."""
    counts = rules(table)["target"].value_counts()
    return pd.DataFrame(
        [
            {"target": key, "short": TARGET_SHORT[key], "meaning": meaning, "records": int(counts.get(key, 0))}
            for key, meaning in TARGETS.items()
        ]
    )


# How close each record's source is to the instrument itself, from the reference's `doc_type` and
# `verified_record` in references.csv. A news report or a law firm's briefing is one step from the
# instrument even when it was read on its publisher's own page.
SOURCE_KINDS = {
    "official, authority's site": "an official document (act, rule, notice, statement) read on the authority's own site",
    "official, copy or summary": "an official document read only as a copy or summary on another site",
    "news, law firm or NGO": "a report about the rule (news, law-firm briefing, NGO commentary), not the rule itself",
    "journal article": "a journal article describing the rule",
}


def _source_kind(doc_type, verified_record) -> str:
    if doc_type == "journal-article":
        return "journal article"
    if doc_type == "government-document":
        return "official, authority's site" if verified_record == "agency" else "official, copy or summary"
    return "news, law firm or NGO"


def source_kind(ref_ids: pd.Series, references: pd.DataFrame | None = None) -> pd.Series:
    """For each ref_id, how close its source is to the instrument (a key of SOURCE_KINDS)."""
    references = data.load("references") if references is None else references
    refs = references.set_index("ref_id")
    kinds = {r: _source_kind(refs.at[r, "doc_type"], refs.at[r, "verified_record"]) for r in set(ref_ids) if r in refs.index}
    return ref_ids.map(kinds).fillna("not recorded")


def record_quality(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Records and jurisdictions by how close their source is to the instrument (SOURCE_KINDS)."""
    coded = rules(table)
    coded["source_kind"] = source_kind(coded["ref_id"])
    out = coded.groupby("source_kind").agg(records=("rule_id", "size"), jurisdictions=("jurisdiction", "nunique"))
    out = out.reindex([k for k in SOURCE_KINDS if k in out.index] + [k for k in out.index if k not in SOURCE_KINDS])
    out["meaning"] = [SOURCE_KINDS.get(k, "") for k in out.index]
    return out.reset_index()
