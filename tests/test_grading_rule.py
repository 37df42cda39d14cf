"""One grading rule for every reference: the level follows from the design (data/evidence_levels.csv),
and every departure is listed, with its reason, in data/evidence_level_exceptions.csv."""

import pandas as pd
import pytest

from kratom_course import data, evidence


@pytest.fixture(scope="module")
def rules():
    return data.load("evidence_levels")


def test_the_rule_covers_every_design_the_references_may_use(rules):
    field = next(f for f in data.resource_descriptor("references")["schema"]["fields"] if f["name"] == "study_design")
    assert set(rules["study_design"]) == set(field["constraints"]["enum"])


def test_the_rule_is_the_protocol_table(rules):
    # evidence protocol: 1 reviews of randomized trials, 2 randomized trials, 3 controlled observational studies,
    # 4 uncontrolled human data, 5 animal, in vitro or mechanistic; documents that are not studies carry none
    level = evidence.level_of_design(rules)
    expected = {
        1: {"systematic-review", "meta-analysis"},
        2: {"rct"},
        3: {"cohort", "case-control", "non-randomized-controlled"},
        4: {"cross-sectional-survey", "qualitative", "case-series", "case-report", "surveillance", "pk-study"},
        5: {"animal", "in-vitro", "chemical-analysis"},
        None: {"narrative-review", "guideline", "regulatory", "bibliometric", "other"},
    }
    for lv, designs in expected.items():
        assert {d for d, v in level.items() if v == lv} == designs, lv
    for row in rules.dropna(subset=["evidence_level"]).itertuples():
        assert row.protocol_design.split(":")[0] in evidence.LEVELS[int(row.evidence_level)], row.study_design


def test_every_reference_has_the_level_of_its_design_or_a_listed_reason(rules):
    departures = evidence.level_departures(data.load("references"), rules, data.load("evidence_level_exceptions"))
    assert not departures["unknown_design"], f"designs the rule does not cover: {departures['unknown_design']}"
    assert not departures["unexplained"], (
        "levels that do not follow from the design (data/evidence_levels.csv); fix the level or the design, or "
        f"list the reference in data/evidence_level_exceptions.csv with its reason: {departures['unexplained']}"
    )
    assert not departures["stale"], f"exceptions the rule no longer needs (remove them): {departures['stale']}"


def test_no_registration_carries_a_level():
    refs = data.load("references")
    registrations = refs[refs["doc_type"] == "trial-registration"]
    assert registrations["evidence_level"].isna().all()


def test_departures_are_found_and_named():
    rules = pd.DataFrame({"study_design": ["rct", "case-report", "systematic-review"], "evidence_level": [2, 4, 1]})
    refs = pd.DataFrame(
        {
            "ref_id": ["trial", "wrong", "review_of_cases", "listed_but_fine", "odd"],
            "study_design": ["rct", "case-report", "systematic-review", "rct", "telepathy"],
            "evidence_level": pd.array([2, 3, 4, 2, 5], dtype="Int64"),
        }
    )
    exceptions = pd.DataFrame({"ref_id": ["review_of_cases", "listed_but_fine"], "reason": ["", ""]})
    found = evidence.level_departures(refs, rules, exceptions)
    assert found["unexplained"] == ["wrong: case-report is level 4, stored 3"]
    assert found["stale"] == ["listed_but_fine"]
    assert found["unknown_design"] == ["odd (telepathy)"]
