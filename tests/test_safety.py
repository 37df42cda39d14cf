"""Notebook 07's domain module: reported amounts, leaf to mg (reusing notebook 03), products, surveillance."""

import pytest

from kratom_course import exposure, pk, safety


def test_article_range_is_notebook_03s():
    assert safety.ARTICLE_RANGE_G == exposure.ARTICLE_RANGE_G


def test_reported_amounts_are_grams_with_a_basis():
    rows = safety.reported_amounts()
    assert set(rows["unit"]) == {"g"}
    assert set(rows["per"]) <= {"occasion", "day", "unstated"}
    assert safety.daily_over_article_top() > 1


def test_leaf_to_mg_reuses_the_exposure_functions():
    low, high = exposure.leaf_content_range_percent()
    row = safety.leaf_to_mitragynine([6.0]).iloc[0]
    assert row["mg_low"] == pytest.approx(float(pk.leaf_to_alkaloid_mg(6.0, low)))
    assert row["mg_high"] == pytest.approx(float(pk.leaf_to_alkaloid_mg(6.0, high)))
    assert row["highest_studied_mg"] == exposure.highest_dose_studied_mg()


def test_extrapolation_is_marked():
    edge = exposure.highest_dose_studied_mg()
    table = safety.leaf_to_mitragynine([0.5, 6.0, 40.0])
    assert list(table["beyond_studied"]) == ["no", "partly", "all"]
    assert (table.loc[table["beyond_studied"] == "all", "mg_low"] > edge).all()


def test_tea_scales_down_and_content_is_explorable():
    plain = safety.leaf_to_mitragynine([2.0]).iloc[0]
    tea = safety.leaf_to_mitragynine([2.0], tea=True).iloc[0]
    assert tea["mg_high"] < plain["mg_high"]
    fixed = safety.leaf_to_mitragynine([2.0], content_percent=(1.0, 1.0)).iloc[0]
    assert fixed["mg_low"] == pytest.approx(20.0) and fixed["fold"] == pytest.approx(1.0)


def test_times_highest_studied():
    row = safety.leaf_to_mitragynine([35.0]).iloc[0]
    assert safety.times_highest_studied(35.0) == pytest.approx(row["mg_low"] / row["highest_studied_mg"])


def test_poisson_interval_contains_the_count_and_handles_zero():
    low, high = safety.poisson_interval(26)
    assert low < 26 < high
    assert safety.poisson_interval(0)[0] == 0.0 and safety.poisson_interval(0)[1] > 0


def test_share_with_other_substances_uses_the_sources_denominator():
    shares = safety.share_with_other_substances().set_index("ref_id")
    row = shares.loc["anwar2016"]
    assert row["with_others"] + row["single_substance"] == row["total"]
    assert row["ci_low"] < row["share"] < row["ci_high"]
    assert (shares["share"].between(0, 1)).all()


def test_counts_for_plot_carry_a_period():
    counts = safety.counts_for_plot()
    assert (counts["years"] > 0).all()
    assert (counts["per_year_low"] <= counts["per_year"]).all()


def test_harms_cover_liver_seizures_and_neonatal():
    harms = safety.harm_findings()
    assert set(harms["harm"]) == set(safety.HARM_OUTCOMES)


def test_ledger_rows_carry_the_articles_words():
    rows = safety.ledger_rows()
    assert rows["article_words"].notna().all()
    assert set(rows["claim_id"]) == set(safety.DOSE_AND_SAFETY_CLAIMS)
