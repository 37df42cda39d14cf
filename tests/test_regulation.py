"""The regulation module: every record coded, dated facts kept dated, latest status chosen by date."""

import pandas as pd
import pytest

from kratom_course import data, regulation


def test_every_record_has_a_coded_target():
    table = data.load("regulation")
    assert set(table["rule_id"]) <= set(regulation.RULE_TARGET)
    assert set(regulation.RULE_TARGET.values()) <= set(regulation.TARGETS)
    assert set(regulation.TARGETS) == set(regulation.TARGET_SHORT)


def test_an_uncoded_record_is_named():
    table = data.load("regulation")
    extra = table.iloc[[0]].assign(rule_id="reg999")
    with pytest.raises(KeyError, match="reg999"):
        regulation.rules(pd.concat([table, extra]))


@pytest.mark.parametrize("text, expected", [("2016", "2016-01-01"), ("2016-08", "2016-08-01"), ("2016-08-31", "2016-08-31")])
def test_partial_dates(text, expected):
    assert regulation.parse_partial_date(text) == pd.Timestamp(expected)


def test_latest_status_is_one_row_per_jurisdiction_and_never_a_proposal_when_a_status_exists():
    table = data.load("regulation")
    latest = regulation.latest_by_jurisdiction(table)
    assert len(latest) == table["jurisdiction"].nunique() >= 15
    has_status = table[table["status"] != regulation.PROPOSAL]["jurisdiction"].unique()
    chosen = latest.set_index("jurisdiction")["status"]
    assert (chosen[list(has_status)] != regulation.PROPOSAL).all()


def test_latest_is_chosen_by_date_and_later_proposals_are_pending():
    rows = pd.DataFrame(
        {
            "rule_id": ["reg01", "reg02", "reg03"],
            "jurisdiction": ["X"] * 3,
            "level": ["country"] * 3,
            "status": ["proposed-control", "legal-unregulated", "proposed-control"],
            "instrument": ["a", "b", "c"],
            "date_in_force": [pd.NA, pd.NA, pd.NA],
            "as_of": ["2016-08-31", "2016-10-13", "2025-07-29"],
            "ref_id": ["r"] * 3,
            "source_location": ["text"] * 3,
            "notes": [""] * 3,
        }
    )
    latest = regulation.latest_by_jurisdiction(rows).iloc[0]
    assert latest["rule_id"] == "reg02"
    assert latest["pending_as_of"] == "2025-07-29" and "control proposed" in latest["pending"]


def test_target_by_status_counts_every_jurisdiction():
    latest = regulation.latest_by_jurisdiction()
    assert regulation.target_by_status(latest).to_numpy().sum() == len(latest)
    assert regulation.measure_kinds(latest).sum() == len(latest)


def test_timeline_is_ordered_and_dated():
    events = regulation.timeline()
    assert events["event_date"].is_monotonic_increasing
    assert len(events) == len(data.load("regulation"))
    assert events["label"].str.len().gt(0).all()


def test_age_and_share_older_than():
    ages = regulation.age_years(pd.Series(["2016", "2026-11-30"]), "2026-11-30")
    assert ages.iloc[0] == pytest.approx(10.91, abs=0.01) and ages.iloc[1] == 0
    share = regulation.share_older_than(5)
    assert 0 <= share <= 1
    assert regulation.share_older_than(0) == 1.0


def test_newest_fact_is_the_latest_as_of():
    table = data.load("regulation")
    newest = regulation.newest_as_of(table)
    assert regulation.parse_partial_date(newest) == table["as_of"].astype(str).map(regulation.parse_partial_date).max()


def test_article_regulatory_claims_keep_the_articles_words():
    claims = regulation.article_regulatory_claims()
    assert set(claims["claim_id"]) >= {"C25", "C26"}
    assert claims["article_words"].notna().all()


def test_record_quality_counts_every_record():
    assert regulation.record_quality()["records"].sum() == len(data.load("regulation"))


def test_every_record_has_a_known_source_kind():
    kinds = regulation.source_kind(data.load("regulation")["ref_id"])
    assert set(kinds) <= set(regulation.SOURCE_KINDS)
    quality = regulation.record_quality()
    assert set(quality["source_kind"]) <= set(regulation.SOURCE_KINDS) and quality["meaning"].str.len().gt(0).all()
