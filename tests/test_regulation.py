"""The regulation module: every record coded, dated facts kept dated, latest status chosen by date and standing."""

import json

import pandas as pd
import pytest

from kratom_course import data, regulation
from kratom_course.paths import course_root
from kratom_course.plots.style import REGULATION_LOOK


def _schema_enum(resource: str, field: str) -> list[str]:
    package = json.loads((course_root() / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in package["resources"] if r["name"] == resource)["schema"]["fields"]
    return next(f for f in fields if f["name"] == field)["constraints"]["enum"]


def test_every_record_has_a_coded_target_and_the_vocabularies_agree():
    table = data.load("regulation")
    assert set(table["target"]) <= set(regulation.TARGETS)
    assert set(regulation.TARGETS) == set(regulation.TARGET_SHORT) == set(_schema_enum("regulation", "target"))


def test_an_uncoded_target_is_named():
    table = data.load("regulation")
    extra = table.iloc[[0]].assign(rule_id="reg999", target="the moon")
    with pytest.raises(KeyError, match="the moon"):
        regulation.rules(pd.concat([table, extra]))


def test_statuses_are_defined_once_with_words_and_a_look():
    assert set(regulation.STATUS_ORDER) == set(_schema_enum("regulation", "status"))
    assert set(regulation.STATUS_WORDS) == set(regulation.STATUS_ORDER)
    assert set(REGULATION_LOOK) == {*regulation.STATUS_ORDER, regulation.UNCONFIRMED}


def test_a_supply_ban_ranks_below_a_controlled_substance():
    order = regulation.STATUS_ORDER
    assert order.index("supply-prohibited") < order.index("controlled") < order.index("banned")
    uk = regulation.latest_by_jurisdiction().set_index("jurisdiction").loc["United Kingdom"]
    assert uk["status"] == "supply-prohibited"


@pytest.mark.parametrize("text, expected", [("2016", "2016-01-01"), ("2016-08", "2016-08-01"), ("2016-08-31", "2016-08-31")])
def test_partial_dates(text, expected):
    assert regulation.parse_partial_date(text) == pd.Timestamp(expected)


@pytest.mark.parametrize("text, expected", [("2016", "2016-12-31"), ("2016-02", "2016-02-29"), ("2016-08-31", "2016-08-31")])
def test_partial_date_ends(text, expected):
    assert regulation.partial_date_end(text) == pd.Timestamp(expected)


def test_as_of_is_never_before_the_date_in_force():
    table = data.load("regulation").dropna(subset=["date_in_force"])
    as_of_end = table["as_of"].map(regulation.partial_date_end)
    in_force = table["date_in_force"].map(regulation.parse_partial_date)
    assert (as_of_end >= in_force).all(), table.loc[as_of_end < in_force, "rule_id"].tolist()


def test_latest_status_is_one_row_per_jurisdiction_and_never_a_proposal_when_a_status_exists():
    table = data.load("regulation")
    latest = regulation.latest_by_jurisdiction(table)
    assert len(latest) == table["jurisdiction"].nunique() >= 15
    has_status = table[table["status"] != regulation.PROPOSAL]["jurisdiction"].unique()
    chosen = latest.set_index("jurisdiction")["status"]
    assert (chosen[list(has_status)] != regulation.PROPOSAL).all()


def _rows(**columns) -> pd.DataFrame:
    n = len(columns["rule_id"])
    base = {
        "jurisdiction": ["X"] * n,
        "level": ["country"] * n,
        "target": ["alkaloids"] * n,
        "instrument": ["i"] * n,
        "date_in_force": [pd.NA] * n,
        "ends": [pd.NA] * n,
        "later_change": ["none-reported"] * n,
        "ref_id": ["r"] * n,
        "source_location": ["text"] * n,
        "notes": [""] * n,
    }
    return pd.DataFrame(base | columns)


def test_latest_is_chosen_by_date_and_later_proposals_are_pending():
    rows = _rows(
        rule_id=["reg01", "reg02", "reg03"],
        status=["proposed-control", "legal-unregulated", "proposed-control"],
        as_of=["2016-08-31", "2016-10-13", "2025-07-29"],
    )
    latest = regulation.latest_by_jurisdiction(rows, reference="2026-01-01").iloc[0]
    assert latest["rule_id"] == "reg02"
    assert latest["pending_as_of"] == "2025-07-29" and "control proposed" in latest["pending"]
    assert latest["standing"] == regulation.ON_RECORD


def test_a_reported_later_change_or_an_ended_temporary_rule_is_not_counted_as_standing():
    reported = _rows(rule_id=["reg01"], status=["banned"], as_of=["2016"], later_change=["reported-not-verified"])
    ended = _rows(rule_id=["reg01"], status=["controlled"], as_of=["2025-12-17"], ends=["2026-06-10"])
    assert regulation.latest_by_jurisdiction(reported, reference="2026-12-07")["standing"].iloc[0] == "later-change-reported"
    assert regulation.latest_by_jurisdiction(ended, reference="2026-12-07")["standing"].iloc[0] == "temporary-rule-ended"
    assert regulation.latest_by_jurisdiction(ended, reference="2026-01-01")["standing"].iloc[0] == regulation.ON_RECORD
    apart = regulation.latest_by_jurisdiction(reported, reference="2026-12-07")
    assert regulation.leaf_effects(apart).iloc[0] == regulation.UNCONFIRMED
    assert regulation.shown_status(apart).iloc[0] == regulation.UNCONFIRMED


def test_the_courses_historical_records_are_set_apart():
    latest = regulation.latest_by_jurisdiction().set_index("jurisdiction")
    assert latest.loc["Tennessee", "standing"] != regulation.ON_RECORD


def test_a_verified_later_law_replaces_the_old_record_instead_of_setting_it_apart():
    # Rhode Island: the Kratom Act (in force 2026-04-01, read on the statute pages) supersedes the Schedule I record
    latest = regulation.latest_by_jurisdiction(reference="2026-12-07").set_index("jurisdiction")
    assert latest.loc["Rhode Island", "standing"] == regulation.ON_RECORD
    assert latest.loc["Rhode Island", "status"] == "legal-regulated"
    assert regulation.leaf_effect(latest.loc["Rhode Island", "status"], latest.loc["Rhode Island", "target"]) == "conditions"
    history = regulation.rules().query("jurisdiction == 'Rhode Island'")
    assert set(history["status"]) == {"controlled", "legal-regulated"}


@pytest.mark.parametrize(
    "status, target, effect",
    [
        ("controlled", "concentrated 7-OH", "unrestricted"),
        ("controlled", "alkaloids", "offence"),
        ("supply-prohibited", "psychoactive substances", "offence"),
        ("legal-regulated", "plant", "conditions"),
        ("not-approved-for-sale", "product law", "conditions"),
        ("legal-unregulated", "no control", "unrestricted"),
    ],
)
def test_leaf_effect_applies_one_rule(status, target, effect):
    assert regulation.leaf_effect(status, target) == effect


def test_tallies_count_every_jurisdiction_once():
    latest = regulation.latest_by_jurisdiction()
    assert regulation.target_by_status(latest).to_numpy().sum() == len(latest)
    counts = regulation.leaf_effect_counts(latest)
    assert counts["jurisdictions"].sum() == len(latest)
    assert list(counts["effect"]) == list(regulation.LEAF_EFFECTS)


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


def test_describe_latest_puts_dates_in_words():
    described = regulation.describe_latest()
    assert described["dates"].str.contains("as of ").all()
    assert described["status_words"].str.len().gt(0).all() and described["names"].notna().all()


def test_claims_read_against_records_keep_regulation_and_advice_apart():
    regulatory = regulation.article_regulatory_claims()
    assert "C26" in set(regulatory["claim_id"]) and "C25" not in set(regulatory["claim_id"])
    assert regulatory["article_words"].notna().all()
    both = regulation.claims_read_against_records()
    assert set(both["claim_type"]) <= {regulation.REGULATORY_CLAIM_TYPE, regulation.CONTRAST_CLAIM_TYPE}
    assert "C25" in set(both["claim_id"]) and both["kind"].notna().all()


def test_record_quality_counts_every_record():
    assert regulation.record_quality()["records"].sum() == len(data.load("regulation"))


def test_every_record_has_a_known_source_kind():
    kinds = regulation.source_kind(data.load("regulation")["ref_id"])
    assert set(kinds) <= set(regulation.SOURCE_KINDS)
    quality = regulation.record_quality()
    assert set(quality["source_kind"]) <= set(regulation.SOURCE_KINDS) and quality["meaning"].str.len().gt(0).all()
