"""Notebook 06's domain module: time course, evidence by design, comparators, interactions, selection bias."""

import numpy as np
import pytest

from kratom_course import data, pk, withdrawal


def test_time_course_converts_days_to_hours_and_long_acting_starts_later():
    course = withdrawal.time_course()
    assert set(course["unit"]) <= {"h", "day"}
    onset = course[course["phase"] == "onset"].set_index("opioid_group")["low_h"]
    short = [g for g in onset.index if g.startswith("short")][0]
    long_ = [g for g in onset.index if g.startswith("long")][0]
    assert onset[long_] > onset[short]
    day_rows = course[course["unit"] == "day"]
    assert np.allclose(day_rows["high_h"], day_rows["high"].astype(float) * 24)


def test_first_order_decline_matches_pk_and_log2_rule():
    assert withdrawal.fraction_remaining(10.0, 10.0) == pytest.approx(0.5)
    assert withdrawal.time_to_fraction_h(10.0, 0.25) == pytest.approx(20.0)
    assert withdrawal.fraction_remaining(7.0, 3.0) == pytest.approx(np.exp(-pk.ke_from_half_life(3.0) * 7.0))
    with pytest.raises(ValueError):
        withdrawal.time_to_fraction_h(10.0, 1.5)


def test_decline_is_explorable_with_other_half_lives():
    curves = withdrawal.decline_curves({"a": 2.0, "b": 20.0}, hours=48, n=49)
    assert list(curves.columns) == ["t_h", "a", "b"]
    assert curves["a"].iloc[-1] < curves["b"].iloc[-1]


def test_no_randomized_trial_of_kratom_for_withdrawal_and_the_pain_trial_is_labelled():
    studies = withdrawal.kratom_studies()
    rct = studies[studies["design_group"] == "randomized trials"]
    assert set(rct["ref_id"]) == {"vicknasingam2020"}
    assert not rct["withdrawal_outcome"].any() and "pain" in rct["caveat"].iloc[0]
    assert withdrawal.kratom_withdrawal_trials() == 0


def test_design_table_counts_add_up():
    table = withdrawal.kratom_by_design()
    assert table["studies"].sum() == len(withdrawal.kratom_studies())
    assert (table["about_relief"] <= table["studies"]).all()


def test_levels_in_the_design_figure_come_from_the_data():
    table = withdrawal.kratom_by_design_and_level()
    studies = withdrawal.kratom_studies()
    assert table["studies"].sum() == len(studies)
    for row in table.itertuples():
        group = studies[studies["design_group"] == row.design]
        levels = group["evidence_level"].astype("Int64")
        count = int((levels.isna()).sum()) if row.level is None or row.level != row.level else int((levels == row.level).sum())
        assert count == row.studies, (row.design, row.level)
    # no review of uncontrolled studies is level 1
    reviews = table[table["design"] == "reviews"]
    assert 1 not in set(reviews["level"].dropna())


def test_the_anchoring_review_is_graded_by_what_it_gathers():
    review = withdrawal.review_anchor()
    assert review["design"] == "systematic-review" and review["level"] == 4 and review["studies"] > 0


def test_cited_as_gives_author_and_year_never_an_id():
    assert withdrawal.cited_as("gowing2017") == "Gowing 2017"
    label = withdrawal.cited_as("kratom_substitute_survey")
    assert "kratom_substitute_survey" not in label and label.endswith("2019")


def test_every_comparator_has_one_review_with_its_trial_count():
    reviews = withdrawal.comparator_reviews().set_index("ref_id")
    assert reviews.index.is_unique and reviews["treatment"].notna().all() and reviews["treatment"].is_unique
    assert len(reviews) == len(data.curation(withdrawal.COMPARATOR_VIEW))
    assert (reviews["n_studies"] >= 10).all()
    refs = data.load("references").set_index("ref_id")
    assert (refs.loc[list(reviews.index), "study_design"] == "systematic-review").all()


def test_registered_trials_keep_the_newest_copy_with_a_date():
    trials = withdrawal.registered_trials()
    assert trials["registry_id"].is_unique
    assert trials["status_as_of"].notna().all()
    assert withdrawal.newest_trial_as_of() == trials["status_as_of"].max()


def test_interactions_cover_kratom_and_both_treatments():
    rows = withdrawal.interaction_findings()
    text = " ".join(rows["finding"])
    assert "CYP3A4" in text and "methadone" in text.lower() and "buprenorphine" in text.lower()
    assert withdrawal.midazolam_auc_increase_percent() == pytest.approx(39.0, abs=0.5)
    # the study that tested methadone against strong CYP3A inhibition is among the methadone rows
    methadone = rows[rows["group"].str.startswith("methadone")]
    assert len(methadone) >= 2 and methadone["finding"].str.contains("did not change").any()


def test_pharmacodynamic_interactions_and_deaths_with_other_substances():
    rows = withdrawal.pharmacodynamic_findings()
    text = " ".join(rows["finding"]).lower()
    assert "benzodiazepine" in text and "fentanyl" in text and "breathing" in text
    deaths = withdrawal.deaths_with_other_substances()
    assert deaths["with_others"] < deaths["total"] and deaths["low"] < deaths["share"] < deaths["high"] <= 1


def test_survey_rows_say_which_question_they_answer_and_whom_a_percentage_is_of():
    rows = withdrawal.survey_withdrawal_findings()
    assert set(rows["question"]) == set(withdrawal.SURVEY_QUESTIONS)
    percents = rows[rows["unit"] == "percent"]
    assert percents["denominator_label"].notna().all()
    sampling = withdrawal.survey_sampling()
    assert sampling["ref_id"].is_unique and sampling["sampling"].notna().all()


def test_withdrawal_from_kratom_observed_in_people():
    rows = withdrawal.kratom_withdrawal_observations()
    assert len(rows) >= 1 and rows["finding"].str.contains("withdrawal").all()


@pytest.mark.parametrize("p,r", [(0.3, 1.0), (0.5, 4.0), (0.1, 10.0)])
def test_reported_share_formula_and_its_inverse(p, r):
    reported = withdrawal.reported_share(p, r)
    assert reported == pytest.approx(p * r / (p * r + 1 - p))
    assert withdrawal.true_share_for(reported, r) == pytest.approx(p)


def test_unbiased_survey_reports_the_true_share_and_bias_runs_both_ways():
    assert withdrawal.reported_share(0.37, 1.0) == pytest.approx(0.37)
    assert min(withdrawal.DEFAULT_RATIOS) < 1 < max(withdrawal.DEFAULT_RATIOS)
    assert withdrawal.reported_share(0.4, 0.5) < 0.4 < withdrawal.reported_share(0.4, 2.0)


def test_simulation_is_seeded_and_agrees_with_the_formula():
    a = withdrawal.simulate_survey(0.4, 3.0)
    b = withdrawal.simulate_survey(0.4, 3.0)
    assert a == b
    assert a["ci_low"] <= withdrawal.reported_share(0.4, 3.0) <= a["ci_high"]
