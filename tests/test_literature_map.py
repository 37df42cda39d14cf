"""The literature map: the curated corpus, the gap map, the claims beside it, registered trials, the refresh note."""

import pandas as pd
import pytest

from kratom_course import data
from kratom_course import literature_map as lm
from kratom_course.literature import snapshot


def test_every_design_in_the_corpus_has_a_group():
    for design in data.load("references")["study_design"].unique():
        assert lm.design_group(design) in lm.design_group_order()


def test_coded_studies_leave_out_documents_and_registrations():
    coded = lm.coded_studies()
    assert not coded["outcome"].isin(list(lm.LEFT_OUT_OUTCOMES)).any()
    assert not coded["doc_type"].isin(list(lm.LEFT_OUT_DOC_TYPES)).any()
    assert set(coded["outcome"]) <= set(lm.OUTCOMES)
    assert set(lm.OUTCOMES) == {o for group in lm.OUTCOME_GROUPS.values() for o in group}


def test_corpus_table_adds_up():
    refs = lm.kratom_references()
    table = lm.corpus_by_period_and_design(refs)
    assert table.loc["all designs", "all years"] == len(refs)
    assert (table.drop(index="all designs")["all years"].sum()) == len(refs)


def test_gap_map_counts_distinct_studies_per_cell_and_level():
    coded = pd.DataFrame(
        {
            "ref_id": ["a", "a", "b", "c"],
            "exposure": [lm.KRATOM, lm.KRATOM, lm.KRATOM, "other-opioids"],
            "outcome": ["prolactin", "dependence", "prolactin", "prolactin"],
            "evidence_level": pd.array([4, 4, pd.NA, 3], dtype="Int64"),
        }
    )
    long = lm.gap_map(coded)
    cell = long[(long["exposure"] == lm.KRATOM) & (long["outcome"] == "prolactin")]
    assert sorted(cell["n_studies"]) == [1, 1]
    assert None in list(cell["level"]) and 4 in list(cell["level"])
    totals = lm.cell_totals(coded)
    assert totals.loc[lm.KRATOM, "prolactin"] == 2 and totals.loc["none", "seizures"] == 0
    assert lm.studies_in_cell(lm.KRATOM, "prolactin", max_level=3, coded=coded) == 0
    assert lm.studies_in_cell("other-opioids", "prolactin", max_level=3, coded=coded) == 1
    assert "prolactin" in lm.empty_cells(lm.KRATOM, max_level=3, coded=coded)


def test_a_study_reported_in_several_papers_is_drawn_once_at_its_strongest_level():
    coded = pd.DataFrame(
        {
            "ref_id": ["pk_arm", "interaction_part", "other"],
            "study": ["trial", "trial", "other"],
            "exposure": [lm.KRATOM] * 3,
            "outcome": ["pharmacokinetics"] * 3,
            "evidence_level": pd.array([4, 3, 4], dtype="Int64"),
        }
    )
    long = lm.gap_map(coded).set_index("level")
    assert long.loc[3, "n_studies"] == 1 and long.loc[4, "n_studies"] == 1
    assert lm.cell_totals(coded).loc[lm.KRATOM, "pharmacokinetics"] == 2


def test_drawn_rows_hold_every_study_once():
    rows = lm.gap_map_rows()
    assert rows["n_studies"].sum() == lm.gap_map()["n_studies"].sum()
    assert lm.map_row_totals().shape == (len(lm.MAP_ROWS), len(lm.OUTCOMES))


def test_claim_needs_point_at_article_claims_and_map_cells():
    claims = data.load("claims").set_index("claim_id")
    for need in data.load("claim_needs").itertuples():
        assert claims.loc[need.claim_id, "claim_kind"] == "article", need.claim_id
        assert need.exposure in lm.EXPOSURES and need.outcome in lm.OUTCOMES and 1 <= need.max_level <= 5


def test_claims_on_the_map_agree_with_the_ledger_where_it_matters():
    table = lm.claims_on_the_map()
    assert len(table) == len(data.load("claim_needs"))
    # a claim graded supported never stands on a cell without the evidence it needs
    assert not table[(table["status"] == "supported") & table["empty_for_need"]].shape[0]
    assert (table["n_needed_kind"] <= table["n_in_cell"]).all()
    assert lm.status_by_need(table).to_numpy().sum() == len(table)


def test_claim_links_by_cell_use_only_supporting_or_contradicting_links():
    links = lm.claim_links_by_cell()
    assert set(links["relation"]) <= {"supports", "contradicts"}
    assert (links["studies"] > 0).all()


def test_registered_trials_keep_the_latest_dated_copy():
    trials = lm.registered_trials()
    assert trials["registry_id"].is_unique
    raw = data.load("trials")
    for registry_id, group in raw.groupby("registry_id"):
        latest = trials.set_index("registry_id").loc[registry_id, "status_as_of"]
        assert latest == max(group["status_as_of"], key=lambda d: pd.Timestamp(d if len(d) > 7 else d + "-01"))
    registrations = data.load("references").query("doc_type == 'trial-registration'")["registry_id"]
    assert set(registrations) <= set(trials["registry_id"])
    assert lm.newest_trial_as_of() in set(raw["status_as_of"])


def test_refresh_note_without_a_snapshot(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "exists", lambda data_dir=None: False)
    assert lm.refreshed_year_counts() is None
    assert lm.refresh_note().startswith("No refresh has been run")


def test_refresh_note_with_a_snapshot(monkeypatch):
    monkeypatch.setattr(snapshot, "provenance", lambda data_dir=None: {"created": "2026-12-01T00:00:00Z"})
    assert "2026-12-01" in lm.refresh_note() and "refreshed" in lm.refresh_note()


def test_refreshed_counts_are_read_from_the_snapshot(monkeypatch):
    fake = pd.DataFrame(
        {"query_id": ["pm_kratom_all", "pm_kratom_all", "other"], "year": [2020, 2021, 2020], "n_records": [5, 7, 1]}
    )
    monkeypatch.setattr(snapshot, "load", lambda name, data_dir=None: fake)
    counts = lm.refreshed_year_counts()
    assert list(counts["n_records"]) == [5, 7]


@pytest.mark.parametrize("design", ["no-such-design"])
def test_unknown_design_is_named(design):
    with pytest.raises(KeyError, match=design):
        lm.design_group(design)
