"""Each vocabulary is declared once (an enum or constraint in data/datapackage.json); the code's order, words
and looks are tied to that declaration here, and code that groups by a vocabulary raises on a value it does
not know instead of dropping it (the code review's probe: a new status made a claim vanish from 01's counts)."""

import pandas as pd
import pytest

from kratom_course import data, evidence, literature_map, regulation, tables, withdrawal
from kratom_course.paths import data_dir
from kratom_course.plots import style


def _constraints(table: str, column: str) -> dict:
    fields = data.resource_descriptor(table)["schema"]["fields"]
    return next(f for f in fields if f["name"] == column).get("constraints", {})


# --- one declaration, one order and one set of words for each vocabulary ----------------------------------


def test_enum_reads_the_declared_values_in_order():
    assert data.enum("claims", "status") == _constraints("claims", "status")["enum"]
    with pytest.raises(KeyError, match="no enum"):
        data.enum("claims", "claim")
    with pytest.raises(KeyError, match="no column"):
        data.enum("claims", "no_such_column")


def test_claim_statuses_follow_the_data_package():
    assert list(evidence.CLAIM_STATUSES) == data.enum("claims", "status")
    assert evidence.STATUS_ORDER == data.enum("claims", "status")
    assert data.enum("claims", "status_before") == data.enum("claims", "status")
    assert set(evidence.WEAK_STATUSES) <= set(evidence.STATUS_ORDER)
    assert set(style.STATUS_LOOK) == {*evidence.STATUS_ORDER, "context"}  # context rows have a look of their own


def test_levels_follow_the_data_package():
    bounds = _constraints("references", "evidence_level")
    assert list(evidence.LEVELS) == list(range(bounds["minimum"], bounds["maximum"] + 1))
    assert set(style.LEVEL_LOOK) == {*evidence.LEVELS, None}
    assert literature_map.LEVELS == [*evidence.LEVELS, None]


def test_every_population_and_compound_drawn_has_a_look():
    assert set(data.enum("prolactin_timing", "population")) <= set(style.POPULATION_LOOK)
    compounds = set(data.load("receptor_values")["compound"]) | set(data.load("receptor_values")["comparator"].dropna())
    assert compounds <= set(style.COMPOUND_LOOK)


def test_regulatory_statuses_follow_the_data_package():
    assert regulation.STATUS_ORDER == data.enum("regulation", "status")
    assert set(style.REGULATION_LOOK) == {*regulation.STATUS_ORDER, regulation.UNCONFIRMED}


def test_study_designs_are_declared_once_and_every_design_has_its_groups():
    designs = data.enum("references", "study_design")
    assert data.enum("evidence_levels", "study_design") == designs
    rules = data.load("evidence_levels")
    assert sorted(rules["study_design"]) == sorted(designs)
    assert set(literature_map.design_groups()) == set(designs)
    assert set(withdrawal.design_groups()) == set(designs)
    assert set(rules["map_group"]) == set(literature_map.design_group_order())
    assert set(rules["withdrawal_group"]) == set(withdrawal.design_order())


READ_AS_WRITTEN = {"meta-analysis", "case-control"}  # codes whose hyphen is the English word's own


@pytest.mark.parametrize("table, column", [("claims", "status"), ("claims", "claim_type"), ("references", "study_design")])
def test_every_coded_value_a_learner_reads_has_plain_words(table, column):
    hyphenated = [v for v in data.enum(table, column) if "-" in v and v not in READ_AS_WRITTEN]
    missing = [v for v in hyphenated if tables.in_words(v) == v]
    assert not missing, f"tables.PLAIN_WORDS has no words for {table}.{column}: {missing}"
    stale = [k for k in tables.PLAIN_WORDS if k in data.enum(table, column) and tables.in_words(k) == k]
    assert not stale


def test_curation_views_are_declared_once_and_each_is_used_by_the_code():
    views = data.enum("curation", "view")
    assert sorted(set(data.load("curation")["view"])) == sorted(views), "a declared view chooses no rows"
    source = "\n".join(p.read_text(encoding="utf-8") for p in (data_dir().parent / "src").rglob("*.py"))
    unused = [v for v in views if f'"{v}"' not in source]
    assert not unused, f"views no code asks for: {unused}"


# --- grouping code raises on a value it does not know ----------------------------------------------------


def test_a_new_claim_status_is_an_error_not_a_vanished_claim():
    claims = data.load("claims")
    claims.loc[claims.index[0], "status"] = "retracted-evidence"
    with pytest.raises(ValueError, match="retracted-evidence"):
        evidence.claims_by_paragraph_and_status(claims)
    table = literature_map.claims_on_the_map().assign(status="retracted-evidence")
    with pytest.raises(ValueError, match="retracted-evidence"):
        literature_map.status_by_need(table)


def test_a_new_regulatory_status_is_an_error():
    latest = regulation.latest_by_jurisdiction()
    latest.loc[latest.index[0], "status"] = "decriminalised"
    with pytest.raises(ValueError, match="decriminalised"):
        regulation.target_by_status(latest)


def test_a_design_without_a_group_is_an_error(monkeypatch):
    monkeypatch.setattr(withdrawal, "design_groups", lambda: {"rct": "randomized trials"})
    with pytest.raises(ValueError, match="withdrawal_group"):
        withdrawal.kratom_by_design()
    with pytest.raises(KeyError, match="no-such-design"):
        literature_map.design_group("no-such-design")


def test_a_category_without_a_look_is_an_error():
    assert style.look("status", "supported") == style.STATUS_LOOK["supported"]
    assert style.look("level", 2.0) == style.LEVEL_LOOK[2]
    with pytest.raises(KeyError, match="no look for status"):
        style.look("status", "retracted-evidence")
    with pytest.raises(KeyError, match="no looks of kind"):
        style.look("colour", "blue")


def test_require_known_names_the_unknown_values_and_ignores_blanks():
    data.require_known(["a", None, pd.NA, float("nan")], ["a"], "test vocabulary")
    with pytest.raises(ValueError, match="test vocabulary: unknown value.*'b'"):
        data.require_known(["a", "b"], ["a"], "test vocabulary")


# --- one rule for the newest copy of a registry record ----------------------------------------------------


def test_the_newest_copy_of_a_record_is_chosen_by_date_one_rule_for_the_course():
    trials = data.load("trials")
    first = trials.iloc[[0]].assign(record_id="zz_month", status_as_of="2030-06", status="Recruiting")
    second = trials.iloc[[0]].assign(record_id="aa_day", status_as_of="2030-06-15", status="Completed")
    latest = literature_map.latest_trial_copies(pd.concat([trials, first, second], ignore_index=True))
    row = latest.set_index("registry_id").loc[trials.iloc[0]["registry_id"]]
    assert row["record_id"] == "aa_day"  # a day in June is later than 'June' (which counts from the 1st)
    assert int(row["copies"]) == int((trials["registry_id"] == trials.iloc[0]["registry_id"]).sum()) + 2
    newest = withdrawal.registered_trials()
    assert newest["registry_id"].is_unique
    expected = literature_map.latest_trial_copies()
    assert set(zip(newest["registry_id"], newest["status_as_of"])) == set(zip(expected["registry_id"], expected["status_as_of"]))
