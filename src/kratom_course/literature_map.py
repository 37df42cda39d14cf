"""The literature and its gaps: the curated corpus, the evidence gap map, the claims beside it, registered trials.

Everything here reads the *curated* corpus: the references the course collected and checked by hand to
test the article's claims (`data/references.csv`), coded by exposure and outcome in
`data/evidence_map.csv`. Its counts describe the course's reading, not the whole literature: the map is
a map of that corpus, not a systematic map built from a screened search. References that report parts
of one study (`data/study_reports.csv`) count once in a cell. Metadata
refreshed from PubMed and ClinicalTrials.gov (`python -m kratom_course refresh`) is read only through
`literature.snapshot`, shown beside the curated corpus and labelled as such, and only when it exists.
"""

from __future__ import annotations

import pandas as pd

from . import data, evidence, tables
from . import literature_snapshot as snapshot

# --- what the map shows, and what it leaves out (choices, to be read and argued with) ----------------------

KRATOM = "kratom-or-alkaloids"
EXPOSURES = {
    KRATOM: "kratom or its alkaloids",
    "other-opioids": "other opioids",
    "withdrawal-treatments": "treatments for opioid withdrawal",
    "none": "no drug (physiology)",
}
OUTCOME_GROUPS = {
    "mechanism": ["receptor-activity", "metabolism", "pharmacokinetics", "alkaloid-content"],
    "hormones": ["prolactin", "reproductive-hormones"],
    "clinical": ["withdrawal-relief", "analgesia", "dependence", "use-and-dose"],
    "harms": ["poisoning-and-deaths", "liver-injury", "seizures", "neonatal"],
}
OUTCOMES = {
    "receptor-activity": "receptor activity",
    "metabolism": "metabolism",
    "pharmacokinetics": "pharmacokinetics",
    "alkaloid-content": "alkaloid content",
    "prolactin": "prolactin",
    "reproductive-hormones": "reproductive hormones",
    "withdrawal-relief": "withdrawal relief",
    "analgesia": "pain relief",
    "dependence": "dependence",
    "use-and-dose": "use and dose",
    "poisoning-and-deaths": "poisoning and deaths",
    "liver-injury": "liver injury",
    "seizures": "seizures",
    "neonatal": "newborns",
}
LEFT_OUT_OUTCOMES = {
    "regulation": "laws and agency documents, not studies (notebook 08)",
    "literature-size": "counts of publications, not studies",
}
LEFT_OUT_DOC_TYPES = {
    "trial-registration": "a registration without results is a plan, not a finding: shown with the registered trials",
}
LEVELS = [1, 2, 3, 4, 5, None]  # None: reviews, guidelines and other documents (not graded)

# The cell of the map each of the article's claims needs, and the weakest level of evidence that can support
# it, with the reason: data/claim_needs.csv (evidence protocol: clinical or causal claims about people need
# levels 1-3; descriptive claims about people levels 1-4; mechanism and chemistry claims replicated
# laboratory or animal work, level 5). Which design falls in which row of the map: evidence_levels.csv
# `map_group` (its enum order in datapackage.json is the map's order).
# The declared PubMed query whose refreshed counts per year notebook 09 shows (data/curation.csv).
LITERATURE_SIZE_VIEW = "literature-size-query"
PERIODS = [(None, 2009, "before 2010"), (2010, 2014, "2010-2014"), (2015, 2019, "2015-2019"), (2020, None, "2020 on")]


def design_groups() -> dict[str, str]:
    """Study design -> the row of the evidence gap map (evidence_levels.csv `map_group`), for every design."""
    rules = data.load("evidence_levels")
    return dict(zip(rules["study_design"], rules["map_group"]))


def design_group_order() -> list[str]:
    """The map's design rows, in order (the enum of evidence_levels.map_group in datapackage.json)."""
    return data.enum("evidence_levels", "map_group")


def design_group(study_design: str) -> str:
    """The map row of one study design; a design the grading rule does not know is an error."""
    groups = design_groups()
    if study_design not in groups:
        raise KeyError(f"study design {study_design!r} has no row in data/evidence_levels.csv (map_group)")
    return groups[study_design]


def _period(year) -> str:
    if pd.isna(year):
        return "year not recorded"
    for low, high, label in PERIODS:
        if (low is None or year >= low) and (high is None or year <= high):
            return label
    raise ValueError(year)


# --- the curated corpus ----------------------------------------------------------------------------------


def coded_studies(
    references: pd.DataFrame | None = None,
    evidence_map: pd.DataFrame | None = None,
    study_reports: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (reference, exposure, outcome) of the map, with year, design, level and population,
    and `study`: the study the reference reports (data/study_reports.csv), or its own ref_id.

    Outcomes in LEFT_OUT_OUTCOMES and documents in LEFT_OUT_DOC_TYPES are left out.
    """
    references = data.load("references") if references is None else references
    evidence_map = data.load("evidence_map") if evidence_map is None else evidence_map
    study_reports = data.load("study_reports") if study_reports is None else study_reports
    columns = ["ref_id", "year", "doc_type", "study_design", "evidence_level", "population", "first_author"]
    coded = evidence_map[["ref_id", "exposure", "outcome"]].merge(references[columns], on="ref_id", how="left")
    study_of = study_reports.set_index("ref_id")["study_id"]
    coded["study"] = coded["ref_id"].map(study_of).fillna(coded["ref_id"]).astype(str)
    keep = ~coded["outcome"].isin(list(LEFT_OUT_OUTCOMES)) & ~coded["doc_type"].isin(list(LEFT_OUT_DOC_TYPES))
    return coded[keep].reset_index(drop=True)


def _studies(rows: pd.DataFrame) -> int:
    """Distinct studies among some coded rows: two references that report one study count once."""
    column = "study" if "study" in rows else "ref_id"
    return int(rows[column].nunique())


def kratom_references(references: pd.DataFrame | None = None, evidence_map: pd.DataFrame | None = None) -> pd.DataFrame:
    """The curated references about kratom or its alkaloids (any outcome of the map), one row each."""
    references = data.load("references") if references is None else references
    coded = coded_studies(references, evidence_map)
    ids = set(coded.loc[coded["exposure"] == KRATOM, "ref_id"])
    return references[references["ref_id"].isin(ids)].reset_index(drop=True)


def corpus_by_period_and_design(refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Curated kratom references by design group (rows) and period of publication (columns), with totals."""
    refs = kratom_references() if refs is None else refs
    groups = refs["study_design"].map(design_group)
    order = design_group_order()
    data.require_known(groups, order, "evidence_levels.map_group (datapackage.json enum)")
    periods = refs["year"].map(_period)
    table = pd.crosstab(groups, periods)
    columns = [label for *_, label in PERIODS] + (["year not recorded"] if "year not recorded" in table else [])
    table = table.reindex(index=order, columns=columns, fill_value=0)
    table["all years"] = table.sum(axis=1)
    table.loc["all designs"] = table.sum(axis=0)
    return table.rename_axis(index="design", columns=None)


def corpus_by_year_and_level(refs: pd.DataFrame | None = None, start_year: int = 1995) -> pd.DataFrame:
    """Curated kratom references per publication year (rows) and level (columns), as in notebook 00."""
    refs = kratom_references() if refs is None else refs
    return evidence.references_by_year_and_level(refs, start_year=start_year)


def questions(refs_coded: pd.DataFrame | None = None, exposure: str = KRATOM) -> pd.DataFrame:
    """Number of curated references per outcome (question) for one exposure, in map order."""
    coded = coded_studies() if refs_coded is None else refs_coded
    rows = coded[coded["exposure"] == exposure]
    counts = rows.groupby("outcome")["ref_id"].nunique().reindex(list(OUTCOMES), fill_value=0)
    return pd.DataFrame({"outcome": list(OUTCOMES), "question": list(OUTCOMES.values()), "references": counts.to_numpy()})


# --- the evidence gap map ---------------------------------------------------------------------------------


def _level_key(level):
    return None if pd.isna(level) else int(level)


def gap_map(coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table: exposure, outcome, level (1-5, or None for ungraded documents) and number of studies.

    A study counts once per cell, at the strongest level among the papers that report it. Only non-empty (cell, level) pairs appear; `cell_totals` gives every cell, empty ones included.
    """
    coded = coded_studies() if coded is None else coded
    coded = coded.assign(level=coded["evidence_level"].map(_level_key))
    counted = "study" if "study" in coded else "ref_id"
    # One study reported in several papers (data/study_reports.csv) is drawn once per cell, at its strongest design
    # (lowest level; ungraded last): a trial whose interaction part is controlled and whose kratom-only arm is not
    # must not appear in both the controlled and the uncontrolled row of the same column.
    rank = coded["level"].map(lambda lv: 9 if pd.isna(lv) else int(lv))
    strongest = rank.groupby([coded["exposure"], coded["outcome"], coded[counted]]).transform("min")
    coded = coded[rank == strongest]
    grouped = coded.groupby(["exposure", "outcome", coded["level"].fillna(0)], dropna=False)[counted].nunique()
    out = grouped.rename("n_studies").reset_index()
    out["level"] = pd.Series([None if int(v) == 0 else int(v) for v in out["level"]], index=out.index, dtype=object)
    order_e = {e: i for i, e in enumerate(EXPOSURES)}
    order_o = {o: i for i, o in enumerate(OUTCOMES)}
    out = out[out["exposure"].isin(order_e) & out["outcome"].isin(order_o)]
    out = out.assign(_e=out["exposure"].map(order_e), _o=out["outcome"].map(order_o), _l=out["level"].fillna(9))
    return out.sort_values(["_e", "_o", "_l"]).drop(columns=["_e", "_o", "_l"]).reset_index(drop=True)


def cell_totals(coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Wide table: exposures (rows) x outcomes (columns), number of distinct studies per cell, 0 where empty."""
    coded = coded_studies() if coded is None else coded
    counted = "study" if "study" in coded else "ref_id"
    table = coded.groupby(["exposure", "outcome"])[counted].nunique().unstack(fill_value=0)
    return table.reindex(index=list(EXPOSURES), columns=list(OUTCOMES), fill_value=0)


def studies_in_cell(
    exposure: str,
    outcome: str,
    max_level: int | None = None,
    coded: pd.DataFrame | None = None,
    exclude_levels: tuple[int, ...] = (),
) -> int:
    """Distinct studies in one cell; with max_level, only graded studies at that level or stronger (lower),
    leaving out any level in `exclude_levels`."""
    coded = coded_studies() if coded is None else coded
    rows = coded[(coded["exposure"] == exposure) & (coded["outcome"] == outcome)]
    if max_level is not None:
        rows = rows[rows["evidence_level"].notna() & (rows["evidence_level"] <= max_level)]
    if exclude_levels:
        rows = rows[~rows["evidence_level"].isin(list(exclude_levels))]
    return _studies(rows)


def empty_cells(exposure: str = KRATOM, max_level: int | None = None, coded: pd.DataFrame | None = None) -> list[str]:
    """Outcomes with no study for `exposure` (or none at `max_level` or stronger)."""
    coded = coded_studies() if coded is None else coded
    return [o for o in OUTCOMES if studies_in_cell(exposure, o, max_level, coded) == 0]


# Rows of the drawn map: kratom split by tier of design, so that missing controlled human studies show as
# empty cells; the comparison rows pool all designs (coded only where one of the article's claims needed them).
MAP_ROWS = [
    ("kratom: controlled human studies (levels 1-3)", KRATOM, (1, 2, 3)),
    ("kratom: uncontrolled human data (level 4)", KRATOM, (4,)),
    ("kratom: animal and laboratory (level 5)", KRATOM, (5,)),
    ("kratom: reviews and documents (not graded)", KRATOM, (None,)),
    ("other opioids: all designs", "other-opioids", tuple(LEVELS)),
    ("withdrawal treatments: all designs", "withdrawal-treatments", tuple(LEVELS)),
    ("no drug (physiology): all designs", "none", tuple(LEVELS)),
]


def gap_map_rows(coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """The drawn map as a long table: row label, row index, outcome, level, number of studies (non-zero only)."""
    long = gap_map(coded)
    parts = []
    for index, (label, exposure, levels) in enumerate(MAP_ROWS):
        rows = long[
            (long["exposure"] == exposure) & long["level"].map(lambda lv, ls=levels: (None if pd.isna(lv) else int(lv)) in ls)
        ]
        parts.append(rows.assign(row=label, row_index=index))
    return pd.concat(parts, ignore_index=True)[["row", "row_index", "outcome", "level", "n_studies"]]


def map_row_totals(coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Studies per drawn row (rows) and outcome (columns), 0 where the cell is empty."""
    rows = gap_map_rows(coded)
    table = rows.groupby(["row", "outcome"])["n_studies"].sum().unstack(fill_value=0)
    return table.reindex(index=[r[0] for r in MAP_ROWS], columns=list(OUTCOMES), fill_value=0)


def controlled_kratom_studies(coded: pd.DataFrame | None = None) -> int:
    """Distinct controlled human studies of kratom (levels 1-3) in the map, whatever their outcome."""
    coded = coded_studies() if coded is None else coded
    rows = coded[(coded["exposure"] == KRATOM) & (coded["evidence_level"] <= 3).fillna(False)]
    return _studies(rows)


def claims_needing_controlled_evidence(table: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Per outcome of the kratom row: the claims that need controlled human studies (level 3 or stronger)
    and whose cell has none of that kind."""
    table = claims_on_the_map() if table is None else table
    rows = table[(table["exposure"] == KRATOM) & (table["max_level"] <= 3) & table["empty_for_need"]]
    return {outcome: sorted(group["claim_id"]) for outcome, group in rows.groupby("outcome")}


# --- the claims beside the map -----------------------------------------------------------------------------


def claims_on_the_map(claims: pd.DataFrame | None = None, coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article claim in data/claim_needs.csv: the cell it needs, the weakest level that could support it,
    the studies in that cell (all, and of the needed kind), and its status in the ledger."""
    claims = data.load("claims") if claims is None else claims
    coded = coded_studies() if coded is None else coded
    by_id = claims.set_index("claim_id")
    rows = []
    for need in data.load("claim_needs").itertuples():
        claim_id, exposure, outcome, max_level = need.claim_id, need.exposure, need.outcome, int(need.max_level)
        claim = by_id.loc[claim_id]
        excluded = (4,) if need.level_4_counts == "no" else ()
        needed = studies_in_cell(exposure, outcome, max_level, coded, exclude_levels=excluded)
        needs = f"level {max_level} or stronger" if max_level > 1 else "level 1"
        if excluded:
            needs = f"level {max_level} or levels 1-3 (not surveys or case reports)"
        rows.append(
            {
                "claim_id": claim_id,
                "paragraph": claim["paragraph"],
                "article_words": claim["article_words"],
                "status": claim["status"],
                "exposure": exposure,
                "outcome": outcome,
                "cell": f"{EXPOSURES[exposure]} x {OUTCOMES[outcome]}",
                "max_level": max_level,
                "needs": needs,
                "n_in_cell": studies_in_cell(exposure, outcome, None, coded),
                "n_needed_kind": needed,
                "empty_for_need": needed == 0,
            }
        )
    return pd.DataFrame(rows)


def claim_links_by_cell(links: pd.DataFrame | None = None, coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which cells each claim's linked studies sit in (data/claim_evidence.csv), by relation, context left out."""
    links = data.load("claim_evidence") if links is None else links
    coded = coded_studies() if coded is None else coded
    linked = links[links["relation"] != "context"].merge(coded[["ref_id", "exposure", "outcome"]], on="ref_id")
    linked = linked[linked["outcome"].isin(list(OUTCOMES)) & linked["exposure"].isin(list(EXPOSURES))]
    linked["cell"] = linked["exposure"].map(EXPOSURES) + " x " + linked["outcome"].map(OUTCOMES)
    out = linked.groupby(["claim_id", "cell", "relation"])["ref_id"].nunique().rename("studies").reset_index()
    return out.sort_values(["claim_id", "cell", "relation"]).reset_index(drop=True)


def status_by_need(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims on the map by whether their cell holds evidence of the kind they need (rows) and status (columns).

    Every status is a column, 0 where no claim has it: an empty column (no claim contradicted, say) is a result."""
    table = claims_on_the_map() if table is None else table
    labels = table["empty_for_need"].map({True: "no study of the kind needed", False: "some study of the kind needed"})
    data.require_known(table["status"], evidence.STATUS_ORDER, evidence.STATUS_SOURCE)
    out = pd.crosstab(labels, table["status"])
    return out.reindex(columns=list(evidence.STATUS_ORDER), fill_value=0)


def claims_by_cell(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims beside the map, one row per cell and kind of evidence needed (a compact view of
    `claims_on_the_map`): the claims with their statuses, and the studies of that kind the cell holds."""
    table = claims_on_the_map() if table is None else table
    table = table.assign(_claim=table["claim_id"] + " " + table["status"].map(tables.in_words))
    grouped = table.groupby(["cell", "needs"], sort=False)
    out = grouped.agg(
        claims=("_claim", "; ".join),
        n_claims=("claim_id", "size"),
        n_needed_kind=("n_needed_kind", "first"),
        n_in_cell=("n_in_cell", "first"),
        max_level=("max_level", "first"),
    ).reset_index()
    return out.sort_values(["n_needed_kind", "n_claims"], ascending=[True, False]).reset_index(drop=True)


def claims_filled_by(
    level: int, exposure: str, outcome: str, coded: pd.DataFrame | None = None, claims: pd.DataFrame | None = None
) -> list[str]:
    """What-if: the claims that stand on a cell without the evidence they need today and would have it if one
    new study of `level` were added to the cell (exposure, outcome)."""
    coded = coded_studies() if coded is None else coded
    before = claims_on_the_map(claims, coded).set_index("claim_id")["empty_for_need"]
    new_study = {"ref_id": "new_study", "study": "new_study", "exposure": exposure, "outcome": outcome}
    added = pd.concat([coded, pd.DataFrame([new_study | {"evidence_level": level}])], ignore_index=True)
    added["evidence_level"] = added["evidence_level"].astype("Float64")
    after = claims_on_the_map(claims, added).set_index("claim_id")["empty_for_need"]
    return sorted(before.index[before & ~after])


def published_counts(bibliometrics: pd.DataFrame | None = None, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of the kratom literature reported by published studies (data/bibliometrics.csv), with who
    reported them, what they counted and the caveat. No per-year PubMed count is stored in data/."""
    bibliometrics = data.load("bibliometrics") if bibliometrics is None else bibliometrics
    references = data.load("references") if references is None else references
    cited = references.set_index("ref_id")[["first_author", "year"]]
    out = bibliometrics.join(cited, on="ref_id")
    out["source"] = out["first_author"].str.split().str[0] + " " + out["year"].astype("string")
    qualifier = {">": "more than ", "<": "fewer than ", "~": "about "}
    out["count_stated"] = out["count_qualifier"].map(qualifier).fillna("") + out["count"].astype(str)
    out["database"] = out["database"].fillna("not stated")
    return out[["source", "database", "period", "count_stated", "unit", "caveat"]].reset_index(drop=True)


# --- registered trials --------------------------------------------------------------------------------------


def _as_date(text) -> pd.Timestamp:
    text = str(text)
    return pd.Timestamp(text + ("-01-01" if len(text) == 4 else "-01" if len(text) == 7 else ""))


STATUS_NOT_KNOWN = "not known"  # no dated registry status in data/trials.csv for this study
PHASE_WORDS = {
    "N/A": "no phase given (observational)",  # the registry's N/A and a missing phase read the same
    "Not Applicable": "no phase given (not a drug-development trial)",
    "none given": "no phase given (observational)",
}


def latest_trial_copies(trials: pd.DataFrame | None = None) -> pd.DataFrame:
    """The newest dated copy of each registry record in data/trials.csv (the course's one rule: status_as_of
    parsed as a date, a partial date counting from the start of its period, ties broken by record_id), with
    `copies` (how many dated copies were seen) and the parsed date in `_date`."""
    trials = data.load("trials") if trials is None else trials
    dated = trials.assign(_date=trials["status_as_of"].map(_as_date)).sort_values(["registry_id", "_date", "record_id"])
    latest = dated.groupby("registry_id").tail(1)
    return latest.assign(copies=latest["registry_id"].map(trials.groupby("registry_id").size()))


def registered_trials(trials: pd.DataFrame | None = None, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per registered study: its latest dated copy in data/trials.csv (phase, status, status_as_of),
    and registrations in references.csv without a dated status (status and phase 'not known')."""
    references = data.load("references") if references is None else references
    latest = latest_trial_copies(trials).drop(columns=["_date", "copies", "measures_withdrawal"])
    latest = latest.assign(phase=latest["phase"].fillna("none given"), status=latest["status"].fillna(STATUS_NOT_KNOWN))
    registrations = references[references["doc_type"] == "trial-registration"]
    missing = registrations[~registrations["registry_id"].isin(latest["registry_id"])]
    extra = pd.DataFrame(
        {
            "registry_id": missing["registry_id"],
            "title": missing["title"],
            "phase": "not known",
            "status": STATUS_NOT_KNOWN,
            "status_as_of": "",
            "ref_id": missing["ref_id"],
        }
    )
    out = pd.concat([latest, extra], ignore_index=True)
    out["phase_plain"] = out["phase"].map(lambda p: PHASE_WORDS.get(p, p))
    # an outcome the stored record does not give is 'not recorded', whatever word the row used for it
    out["primary_outcome"] = out["primary_outcome"].str.replace(r"^not seen", "not recorded", regex=True).fillna("not recorded")
    # about kratom: as the registry record was judged (trials.csv `about_kratom`), or, for a registration without
    # a dated copy, as the reference is coded (evidence_map.csv exposure)
    kratom = set(data.load("evidence_map").query("exposure == @KRATOM")["ref_id"])
    judged = out.pop("about_kratom").eq("yes").fillna(False).astype("boolean")
    out["about_kratom"] = judged | out["ref_id"].isin(kratom)
    return out.sort_values(["about_kratom", "registry_id"], ascending=[False, True]).reset_index(drop=True)


def trials_by_phase_and_status(trials: pd.DataFrame | None = None) -> pd.DataFrame:
    """Registered kratom studies with a dated status: counts by phase (rows) and status in lower case (columns)."""
    trials = registered_trials() if trials is None else trials
    dated = trials[trials["about_kratom"] & (trials["status_as_of"].astype(str) != "")]
    table = pd.crosstab(dated["phase_plain"], dated["status"].str.lower())
    return table.rename_axis(index="phase", columns=None)


def newest_trial_as_of(trials: pd.DataFrame | None = None) -> str:
    trials = data.load("trials") if trials is None else trials
    return str(trials.loc[trials["status_as_of"].map(_as_date).idxmax(), "status_as_of"])


# --- refreshed metadata, beside the curated corpus (only when a refresh has been run) ------------------------


def refreshed_year_counts(query_id: str | None = None):
    """PubMed records per year for one declared query (default: the whole-literature query chosen in
    data/curation.csv) from the refreshed snapshot, or None if no refresh ran."""
    counts = snapshot.load("pubmed_year_counts")
    if counts is None:
        return None
    if query_id is None:
        query_id = data.chosen(LITERATURE_SIZE_VIEW)["query_id"].iloc[0]
    rows = counts[counts["query_id"] == query_id]
    return rows[["year", "n_records"]].reset_index(drop=True)


def refresh_note() -> str:
    """One sentence for the notebook: what refreshed metadata exists, or that no refresh has been run."""
    provenance = snapshot.provenance()
    if provenance is None:
        return (
            "No refresh has been run in this copy of the course, so only the curated corpus is shown. "
            "Online, `python -m kratom_course refresh` fetches PubMed and ClinicalTrials.gov metadata for the "
            "queries declared in data/literature_queries.csv and stores it, with its provenance, in data/literature/."
        )
    return (
        f"Refreshed metadata from PubMed and ClinicalTrials.gov, retrieved {provenance.get('created')}, is shown "
        "beside the curated corpus and labelled as refreshed: it counts every record matching the declared queries, "
        "unscreened, so it is larger than the curated corpus and not graded."
    )
