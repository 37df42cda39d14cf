"""Kratom's legal status by jurisdiction, what each rule targets, and the timeline of regulatory events.

Everything comes from `data/regulation.csv`: one row per rule or action a source described, with what the
rule names (`target`, the course's coding), the instrument, the date in force (where the source gave one),
`as_of` (the date at which the source says the status held), `ends` (the reported end of a temporary rule)
and `later_change` (whether a later change was reported but not checked against the instrument). A status
is a dated fact: this module never calls a record "current"; it says how old the record is, and whether it
still stands as far as the records go, on a reference date that the caller chooses.

Nothing here is legal advice: the table says what sources reported at their dates.
"""

from __future__ import annotations

import pandas as pd

from . import data

# --- what each rule is aimed at: the `target` column of data/regulation.csv (a judgement, coded in data) ---
# Why statuses differ is mostly *what* a rule names: the plant, its alkaloids, concentrated 7-OH products,
# or the way products are sold (food, supplement and medicine law, consumer-protection standards).
TARGETS = {
    "plant": "the plant itself (leaf and products made from it)",
    "alkaloids": "the alkaloids mitragynine and 7-OH (which usually catches the leaf that contains them)",
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

# Statuses in order from least to most restrictive (one order for tables, legends and tallies).
# 'supply-prohibited' (production, supply and import are offences, possession is not: the UK's Psychoactive
# Substances Act, Finland's consumer-market ban) ranks below 'controlled', where possession is an offence too.
# 'proposed-control' is an event, not a status in force: it comes last.
STATUS_ORDER = [
    "legal-unregulated",
    "legal-regulated",
    "not-approved-for-sale",
    "prescription-only",
    "supply-prohibited",
    "controlled",
    "banned",
    "proposed-control",
]
STATUS_WORDS = {
    "legal-unregulated": "not controlled",
    "legal-regulated": "legal under product rules",
    "not-approved-for-sale": "not approved for sale as food, supplement or medicine",
    "prescription-only": "prescription only",
    "supply-prohibited": "supply and import prohibited; possession not an offence",
    "controlled": "controlled substance",
    "banned": "banned",
    "proposed-control": "control proposed",
}
PROPOSAL = "proposed-control"

# Whether the latest record still stands as far as the records go, on a reference date.
ON_RECORD = "on-record"
STANDING_WORDS = {
    ON_RECORD: "",
    "later-change-reported": "a later change was reported, not confirmed against the instrument",
    "temporary-rule-ended": "a temporary rule whose reported end date has passed",
}
# The tallies set apart jurisdictions whose latest record does not stand as far as the records go; figures
# draw them with this key (its look is in plots.style.REGULATION_LOOK).
UNCONFIRMED = "unconfirmed"
UNCONFIRMED_WORDS = "status not confirmed since the record's date"

# Level order for tables: international first, then countries, then US states.
LEVEL_ORDER = {"supranational": 0, "country": 1, "us-state": 2}


def rules(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """data/regulation.csv with a sortable event date.

    `event_date` is the date in force where the source gave one, else `as_of`; a year alone counts
    from 1 January and a year-month from the first of the month (`date_precision` says which).
    """
    table = data.load("regulation") if table is None else table.copy()
    unknown = sorted(set(table["target"]) - set(TARGETS))
    if unknown:
        raise KeyError(f"target not in regulation.TARGETS: {', '.join(unknown)}")
    when = table["date_in_force"].fillna(table["as_of"]).astype(str)
    table["event_date"] = when.map(parse_partial_date)
    table["date_precision"] = when.map(lambda s: {4: "year", 7: "month"}.get(len(s), "day"))
    table["as_of_date"] = table["as_of"].astype(str).map(parse_partial_date)
    return table


def parse_partial_date(text: str) -> pd.Timestamp:
    """'2016' -> 2016-01-01, '2016-08' -> 2016-08-01, '2016-08-31' -> 2016-08-31 (the start of the period)."""
    text = str(text)
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return pd.Timestamp(text)


def partial_date_end(text: str) -> pd.Timestamp:
    """'2016' -> 2016-12-31, '2016-08' -> 2016-08-31, '2016-08-31' -> 2016-08-31 (the end of the period)."""
    text = str(text)
    if len(text) == 4:
        return pd.Timestamp(f"{text}-12-31")
    if len(text) == 7:
        return pd.Timestamp(f"{text}-01") + pd.offsets.MonthEnd(0)
    return pd.Timestamp(text)


def _order(frame: pd.DataFrame) -> pd.DataFrame:
    return (
        frame.assign(_level=frame["level"].map(LEVEL_ORDER))
        .sort_values(["_level", "jurisdiction"])
        .drop(columns="_level")
        .reset_index(drop=True)
    )


def _standing(record: dict, reference: pd.Timestamp) -> str:
    if record["later_change"] == "reported-not-verified":
        return "later-change-reported"
    ends = record.get("ends")
    if isinstance(ends, str) and ends and partial_date_end(ends) < reference:
        return "temporary-rule-ended"
    return ON_RECORD


def latest_by_jurisdiction(table: pd.DataFrame | None = None, reference: str | None = None) -> pd.DataFrame:
    """One row per jurisdiction: its most recent record in force (by `as_of`), any later proposal, and its standing.

    A proposal (status 'proposed-control') is an event, not a status: it is shown as `pending` beside
    the latest status in force when it is dated later, and stands as the status only where a
    jurisdiction has nothing else. `standing` says whether the record still stands on `reference`
    (default: reference_date()) as far as the records go: 'on-record', 'later-change-reported' or
    'temporary-rule-ended' (STANDING_WORDS); `since_then` puts the standing and any later proposal in words.
    """
    coded = rules(table)
    when = pd.Timestamp(reference or reference_date())
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
        current["standing"] = _standing(current, when)
        current["since_then"] = "; ".join(p for p in (STANDING_WORDS[current["standing"]], current["pending"]) if p)
        current["n_records"] = len(group)
        rows.append(current)
    return _order(pd.DataFrame(rows))


def describe_latest(latest: pd.DataFrame | None = None) -> pd.DataFrame:
    """The latest records with plain-word columns for a table: status_words, names (the target) and dates
    ('in force from 2016-05-10; as of 2016-05-10', or 'as of 2021-12' where the source gave no date in force)."""
    latest = latest_by_jurisdiction() if latest is None else latest
    in_force = ("in force from " + latest["date_in_force"].astype("string") + "; ").fillna("")
    return latest.assign(
        status_words=latest["status"].map(status_words),
        names=latest["target"].map(TARGET_SHORT),
        dates=in_force + "as of " + latest["as_of"].astype(str),
    )


def status_words(status: str) -> str:
    return UNCONFIRMED_WORDS if status == UNCONFIRMED else STATUS_WORDS.get(status, status)


def shown_status(latest: pd.DataFrame) -> pd.Series:
    """The status a tally shows for each jurisdiction: its latest record's, or UNCONFIRMED where it does not stand."""
    return latest["status"].where(latest["standing"] == ON_RECORD, UNCONFIRMED)


def target_by_status(latest: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count of jurisdictions by what their latest record targets (rows) and its shown status (columns)."""
    latest = latest_by_jurisdiction() if latest is None else latest
    data.require_known(latest["status"], STATUS_ORDER, "regulation.STATUS_ORDER (regulation.status in datapackage.json)")
    table = pd.crosstab(latest["target"], shown_status(latest))
    columns = [s for s in [*STATUS_ORDER, UNCONFIRMED] if s in table.columns]
    rows = [t for t in TARGETS if t in table.index]
    return table.reindex(index=rows, columns=columns, fill_value=0)


# --- what the latest record does to someone selling plain dried leaf (notebook 08, exercise 08.1) ---
# One rule for every record: a rule aimed only at concentrated 7-OH, or no control, leaves plain leaf
# unrestricted; product rules let it be sold with conditions; a control, ban or supply prohibition makes
# selling it an offence. Jurisdictions whose latest record does not stand are counted apart.
LEAF_EFFECTS = {
    "offence": "makes selling plain leaf an offence",
    "conditions": "lets plain leaf be sold, with conditions",
    "unrestricted": "leaves plain leaf unrestricted",
    UNCONFIRMED: "counted apart: a later change was reported, or a temporary rule ended",
}
_EFFECT_OF_STATUS = {
    "legal-unregulated": "unrestricted",
    "legal-regulated": "conditions",
    "not-approved-for-sale": "conditions",
    "prescription-only": "conditions",
    "supply-prohibited": "offence",
    "controlled": "offence",
    "banned": "offence",
}
LEAF_UNTOUCHED_TARGETS = ("concentrated 7-OH", "no control")


def leaf_effect(status: str, target: str, standing: str = ON_RECORD) -> str:
    """A key of LEAF_EFFECTS for one record (its status, target and standing)."""
    if standing != ON_RECORD:
        return UNCONFIRMED
    if target in LEAF_UNTOUCHED_TARGETS:
        return "unrestricted"
    return _EFFECT_OF_STATUS.get(status, "conditions")


def leaf_effects(latest: pd.DataFrame | None = None) -> pd.Series:
    """For each jurisdiction's latest record, the key of LEAF_EFFECTS it falls under."""
    latest = latest_by_jurisdiction() if latest is None else latest
    return latest.apply(lambda r: leaf_effect(r["status"], r["target"], r["standing"]), axis=1)


def leaf_effect_counts(latest: pd.DataFrame | None = None) -> pd.DataFrame:
    """Jurisdictions by what their latest record does to plain leaf: key, meaning and count (LEAF_EFFECTS order)."""
    counts = leaf_effects(latest).value_counts()
    return pd.DataFrame(
        [{"effect": key, "meaning": words, "jurisdictions": int(counts.get(key, 0))} for key, words in LEAF_EFFECTS.items()]
    )


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


# --- the article's sentences about regulation (notebook 08, section 5) ---
REGULATORY_CLAIM_TYPE = "regulatory"
# Read beside them: the article's treatment recommendations in the same paragraphs. Regulators' records are
# context for such advice (no authorisation is an absence, not evidence against it), not evidence for its grade.
CONTRAST_CLAIM_TYPE = "clinical-recommendation"
_CLAIM_COLUMNS = ["claim_id", "paragraph", "claim_type", "article_words", "claim", "status", "rationale"]
CLAIM_KIND_WORDS = {REGULATORY_CLAIM_TYPE: "about regulation", CONTRAST_CLAIM_TYPE: "a recommendation about treatment"}


def article_regulatory_claims(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The article's claims of type 'regulatory', with the article's words and status."""
    claims = data.load("claims") if claims is None else claims
    rows = claims[(claims["claim_kind"] == "article") & (claims["claim_type"] == REGULATORY_CLAIM_TYPE)]
    return rows[_CLAIM_COLUMNS].reset_index(drop=True)


def recommendations_beside_regulatory_claims(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The article's clinical recommendations made in the paragraphs that also hold its regulatory claims."""
    claims = data.load("claims") if claims is None else claims
    paragraphs = set(article_regulatory_claims(claims)["paragraph"])
    made = claims[claims["claim_kind"] == "article"]
    rows = made[(made["claim_type"] == CONTRAST_CLAIM_TYPE) & made["paragraph"].isin(paragraphs)]
    return rows[_CLAIM_COLUMNS].reset_index(drop=True)


def claims_read_against_records(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The regulatory claims, then the recommendations beside them (section 5 of notebook 08), with `kind` in words."""
    rows = pd.concat([article_regulatory_claims(claims), recommendations_beside_regulatory_claims(claims)], ignore_index=True)
    return rows.assign(kind=rows["claim_type"].map(CLAIM_KIND_WORDS))


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
    "official, authority's site": "an official document (act, rule, notice, statement) on the authority's own site",
    "official, copy or summary": "an official document known from a copy or summary on another site",
    "news, law firm or NGO": "a report about the rule (news, law-firm briefing, NGO or industry commentary), not the rule itself",
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
