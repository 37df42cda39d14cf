"""Notebook 07's domain module: reported amounts, leaf to mg (reusing notebook 03), products, surveillance."""

import pytest

from kratom_course import data, exposure, pk, safety


def test_article_range_is_notebook_03s():
    assert safety.ARTICLE_RANGE_G == exposure.ARTICLE_RANGE_G


def test_reported_amounts_are_grams_with_a_basis():
    rows = safety.reported_amounts()
    assert set(rows["unit"]) == {"g"}
    assert set(rows["per"]) <= {"occasion", "day", "unstated"}
    assert safety.daily_over_article_top() > 1


def test_only_amounts_people_reported_are_stored():
    # A paper's proposed treatment thresholds are not amounts: every gram amount is a mean, a range end or a
    # threshold category people reported, and each row says who was sampled.
    rows = data.load("survey_doses")
    grams = rows[rows["unit"] == "g"]
    assert not grams["measure"].str.contains("starting dose|group for", case=False).any()
    assert rows["sample"].notna().all() and rows["question"].notna().all()


def test_daily_amounts_are_computed_from_per_use_and_uses_a_day():
    per_use = safety.amounts_per_use_with_frequency()
    assert len(per_use) and (per_use["per"] == "occasion").all()
    daily = safety.observed_daily_amounts()
    computed = daily[daily["computed"]]
    expected = sorted(per_use["value"] * per_use["uses_per_day"])
    assert sorted(computed["value"]) == pytest.approx(expected)
    assert safety.grams_per_day(20.0, 3) == pytest.approx(60.0)
    assert safety.daily_over_article_top() == pytest.approx(daily["value"].max() / safety.ARTICLE_RANGE_G[1])


def test_past_year_prevalence_says_how_each_survey_sampled():
    table = safety.past_year_prevalence()
    assert table["sample"].str.contains("probability sample").any()
    assert table["sample"].str.contains("non-probability").any()


def test_leaf_to_mg_reuses_the_exposure_functions():
    low, high = exposure.leaf_content_range_percent()
    row = safety.leaf_to_mitragynine([6.0]).iloc[0]
    assert row["mg_low"] == pytest.approx(float(pk.leaf_to_alkaloid_mg(6.0, low)))
    assert row["mg_high"] == pytest.approx(float(pk.leaf_to_alkaloid_mg(6.0, high)))
    assert row["highest_pk_dose_mg"] == exposure.highest_dose_studied_mg()


def test_extrapolation_is_marked():
    edge = exposure.highest_dose_studied_mg()
    table = safety.leaf_to_mitragynine([0.5, 6.0, 40.0])
    assert list(table["vs_highest_pk_dose"]) == [
        "at or below",
        "above at the highest content",
        "above even at the lowest content",
    ]
    assert (table.loc[table["vs_highest_pk_dose"] == "above even at the lowest content", "mg_low"] > edge).all()


def test_span_of_the_articles_range_is_notebook_03s_fiftyfold_not_the_fold_of_one_amount():
    one_amount = safety.leaf_to_mitragynine([2.0]).iloc[0]["fold"]
    assert safety.article_span_fold() == pytest.approx(one_amount * safety.ARTICLE_RANGE_G[1] / safety.ARTICLE_RANGE_G[0])


def test_tea_scales_down_and_content_is_explorable():
    plain = safety.leaf_to_mitragynine([2.0]).iloc[0]
    tea = safety.leaf_to_mitragynine([2.0], tea=True).iloc[0]
    assert tea["mg_high"] < plain["mg_high"]
    fixed = safety.leaf_to_mitragynine([2.0], content_percent=(1.0, 1.0)).iloc[0]
    assert fixed["mg_low"] == pytest.approx(20.0) and fixed["fold"] == pytest.approx(1.0)


def test_times_highest_studied():
    row = safety.leaf_to_mitragynine([35.0]).iloc[0]
    assert safety.times_highest_studied(35.0) == pytest.approx(row["mg_low"] / row["highest_pk_dose_mg"])


def test_each_quantity_gets_the_interval_that_fits_it():
    table = safety.surveillance_table()
    # a part of a stated total is a proportion: a Wilson interval inside 0-1, never a Poisson interval on the count
    parts = table[table["denominator"].notna()]
    assert (parts["interval"] == "wilson").all()
    assert (parts["share_low"] >= 0).all() and (parts["share_high"] <= 1).all() and parts["ci_low"].isna().all()
    # compilations and statements carry none, and say why
    none = table[table["interval"] == "none"]
    assert none["ci_low"].isna().all() and none["share"].isna().all() and none["interval_reason"].str.len().gt(10).all()
    # Poisson intervals only on counts over a stated period
    poisson = table[table["interval"] == "poisson"]
    assert poisson["period_start"].notna().all() and poisson["period_end"].notna().all()
    assert set(safety.surveillance_table("none")["value_id"]) == set(none["value_id"])


def test_five_of_seven_is_a_proportion_whose_interval_stays_inside_its_total():
    example = safety.interval_example("neonatal exposures with withdrawal")
    assert example["interval"] == "wilson"
    assert example["share"] == pytest.approx(5 / 7)
    assert example["share_low"] == pytest.approx(0.36, abs=0.01) and example["share_high"] == pytest.approx(0.92, abs=0.01)
    assert example["poisson_high"] > example["denominator"]  # why a Poisson interval does not fit


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


def test_harms_cover_liver_seizures_and_neonatal_and_label_surveillance_apart():
    harms = safety.harm_findings()
    assert {"liver injury", "seizures", "neonatal abstinence"} <= set(harms["harm"])
    findings = data.load("findings").set_index("ref_id")
    surveillance = harms[harms["harm"] == safety.SURVEILLANCE_HARM]
    assert len(surveillance)
    case_rows = harms[harms["harm"] != safety.SURVEILLANCE_HARM]
    designs = findings.loc[case_rows["ref_id"], "design"]
    assert not (designs == safety.SURVEILLANCE_DESIGN).any()


def test_ledger_rows_carry_the_articles_words():
    rows = safety.ledger_rows()
    assert rows["article_words"].notna().all()
    assert list(rows["claim_id"]) == list(data.curation(safety.LEDGER_VIEW)["row_id"])
