"""The prolactin domain module (notebooks 04-05) against analytic cases and its data."""

import math

import numpy as np
import pytest

from kratom_course import data, prolactin, units

# --- units and reference intervals ---------------------------------------------------------------------


def test_conversion_factor_comes_from_data_with_its_standard():
    factor = prolactin.conversion_factor()
    row = data.select("prolactin_parameters", parameter="conversion factor", standard_or_assay=prolactin.DEFAULT_STANDARD)
    assert factor == pytest.approx(float(row["value"]))
    assert row["secondary"] == "yes"  # the tie to IS 84/500 was seen only on a secondary page, and says so


@pytest.mark.parametrize("value", [0.0, 1.0, 6.4, 24.0, 350.0])
def test_conversion_round_trips(value):
    factor = prolactin.conversion_factor("Roche Elecsys Prolactin II")
    there = units.prolactin_ng_per_ml_to_miu_per_l(value, factor)
    assert float(units.prolactin_miu_per_l_to_ng_per_ml(there, factor)) == pytest.approx(value)
    assert float(prolactin.to_ng_per_ml(there, "mIU/L", "Roche Elecsys Prolactin II")) == pytest.approx(value)


def test_ug_per_l_is_ng_per_ml_and_unknown_units_are_refused():
    assert float(prolactin.to_ng_per_ml(12.0, "ug/L")) == 12.0
    with pytest.raises(ValueError):
        prolactin.to_ng_per_ml(12.0, "nmol/L")


def test_miu_intervals_are_converted_with_their_assays_factor():
    table = prolactin.reference_intervals()
    miu = table[table["unit"] == "mIU/L"]
    assert not miu.empty
    assays = data.labels(prolactin.MIU_ASSAY_VIEW)
    assert set(miu["value_id"]) <= set(assays), "every mIU/L interval names the assay whose factor converts it"
    for row in miu.itertuples():
        factor = prolactin.conversion_factor(assays[row.value_id])
        assert row.upper_ng_per_ml == pytest.approx(row.upper / factor)
    other = table[table["unit"] != "mIU/L"]
    assert (other["upper_ng_per_ml"] == other["upper"].astype(float)).all()


def test_reference_interval_lookup_by_sex_and_assay():
    by_assay = prolactin.reference_interval("male", assay="Roche Elecsys")
    by_ref = prolactin.reference_interval("male", "adhb_labplus")
    assert by_assay == by_ref and by_assay[0] < by_assay[1]
    with pytest.raises(LookupError):
        prolactin.reference_interval("female", "questnichols")  # several groups: must name one


# --- how the published variation is read ----------------------------------------------------------------


def test_the_published_variation_is_read_as_data_says_and_the_other_reading_is_kept():
    reading = prolactin.variation_reading()
    assert reading in prolactin.READINGS
    as_data = prolactin.within_person_sd_log()
    assert as_data == pytest.approx(prolactin.sd_log_from_fraction(prolactin.cv_within(), reading))
    # SD of ln x 100: the percent is the SD of ln; read as an ordinary CV it is smaller on the log scale
    assert prolactin.sd_log_from_fraction(0.58, "sd-ln-x100") == pytest.approx(0.58)
    assert prolactin.sd_log_from_fraction(0.58, "raw-cv") == pytest.approx(math.sqrt(math.log(1 + 0.58**2)))
    with pytest.raises(ValueError):
        prolactin.sd_log_from_fraction(0.58, "percent")


def test_the_two_readings_bracket_the_review_numbers():
    # independent arithmetic: SD(ln) reading sqrt(0.63^2 + 0.58^2) = 0.856; raw-CV reading 0.790
    assert prolactin.sd_log_single_value(reading="sd-ln-x100") == pytest.approx(math.hypot(0.63, 0.58))
    raw = math.sqrt(math.log(1 + 0.63**2) + math.log(1 + 0.58**2))
    assert prolactin.sd_log_single_value(reading="raw-cv") == pytest.approx(raw)
    assert prolactin.study_size(reading="sd-ln-x100").n_per_group == 71
    assert prolactin.study_size(reading="raw-cv").n_per_group == 61


# --- one person near the limit ------------------------------------------------------------------------


def test_at_the_limit_half_of_single_draws_are_raised():
    assert prolactin.probability_above(12.0, 12.0, 0.3) == pytest.approx(0.5)


def test_probability_above_is_the_lognormal_tail():
    sigma = 0.4
    expected = 0.5 * math.erfc(math.log(2.0) / sigma / math.sqrt(2))
    assert prolactin.probability_above(24.0, 12.0, sigma) == pytest.approx(expected)
    assert prolactin.probability_above(24.0, 12.0, sigma) + prolactin.probability_below(24.0, 12.0, sigma) == pytest.approx(1)


def test_twice_the_limit_moves_steeply_with_the_spread():
    table = prolactin.twice_limit_table((0.25, 0.58))
    # review's numbers: about 0.3 % at an SD of ln of 0.25, 11.6 % at 0.58
    assert table["share_at_least_twice"].tolist() == pytest.approx([0.0028, 0.116], abs=0.0005)
    assert (table["both_in_order"] == table["share_at_least_twice"] * table["share_at_most_half"]).all()


def test_simulation_is_reproducible_with_its_seed_and_agrees_with_the_analytic_tail():
    first = prolactin.simulate_repeated_draws(10.0, 12.0, within_sd_log=0.5, occasions=5000)
    again = prolactin.simulate_repeated_draws(10.0, 12.0, within_sd_log=0.5, occasions=5000)
    other = prolactin.simulate_repeated_draws(10.0, 12.0, within_sd_log=0.5, occasions=5000, seed=1)
    np.testing.assert_array_equal(first.draws_ng_per_ml, again.draws_ng_per_ml)
    assert not np.array_equal(first.draws_ng_per_ml, other.draws_ng_per_ml)
    big = prolactin.simulate_repeated_draws(10.0, 12.0, within_sd_log=0.5, occasions=40000)
    assert big.first_raised == pytest.approx(prolactin.probability_above(12.0, 10.0, 0.5), abs=0.01)
    # draws on different days are independent: a repeat is normal as often as any draw is
    assert big.repeat_normal_after_raised == pytest.approx(prolactin.probability_below(12.0, 10.0, 0.5), abs=0.015)


def _bivariate_conditional(sb, sw, first_at_least, repeat_at_most, percentile=97.5):
    """P(repeat <= r x limit | first >= f x limit) for two draws sharing a usual value: exact, from the
    bivariate normal of the log values (independent of the course's simulation)."""
    from scipy.stats import multivariate_normal, norm

    total = math.hypot(sb, sw)
    log_limit = norm.ppf(percentile / 100) * total
    a, b = log_limit + math.log(first_at_least), log_limit + math.log(repeat_at_most)
    joint = multivariate_normal(mean=[0, 0], cov=[[total**2, sb**2], [sb**2, total**2]])
    both = norm.cdf(b / total) - joint.cdf([a, b])
    return both / norm.sf(a / total)


@pytest.mark.parametrize("reading", ["sd-ln-x100", "raw-cv"])
def test_population_repeat_after_a_raised_first_value_matches_the_bivariate_normal(reading):
    sb, sw = prolactin.between_person_sd_log(reading), prolactin.within_person_sd_log(reading)
    sim = prolactin.population_repeat(between_sd_log=sb, within_sd_log=sw)
    assert sim.repeat_within_limit == pytest.approx(_bivariate_conditional(sb, sw, 2.0, 1.0), abs=0.02)
    assert sim.repeat_at_most_half == pytest.approx(_bivariate_conditional(sb, sw, 2.0, 0.5), abs=0.02)
    assert sim.n_selected > 1000  # enough selected people for the shares to be stable


def test_raw_reading_reproduces_the_reviews_conditional_probabilities():
    # review S2-8 (course variances, raw-CV reading): 25 % at or below half the limit, 63 % within it
    sb, sw = prolactin.between_person_sd_log("raw-cv"), prolactin.within_person_sd_log("raw-cv")
    assert _bivariate_conditional(sb, sw, 2.0, 0.5) == pytest.approx(0.25, abs=0.01)
    assert _bivariate_conditional(sb, sw, 2.0, 1.0) == pytest.approx(0.63, abs=0.01)


def test_case_values_are_read_from_data():
    case = prolactin.case_values()
    assert case["upper_ng_per_ml"] < case["first_ng_per_ml"] and case["repeat_ng_per_ml"] < case["upper_ng_per_ml"]
    assert f"{case['first_ng_per_ml']:g} ng/mL" in case["finding"] and f"{case['repeat_ng_per_ml']:g} ng/mL" in case["finding"]


# --- the spread implied by reference intervals --------------------------------------------------------------


def test_interval_spreads_use_only_laboratory_intervals_marked_in_data():
    spreads = prolactin.interval_spreads()
    marked = data.load("prolactin_reference_intervals").query("use_for_spread == 'yes'")
    assert set(spreads["ref_id"]) == set(marked["ref_id"]) and len(spreads) == len(marked)
    # ln(upper / lower) / 3.92 for a central 95 % interval: UCSF men 3.6-18 ng/mL
    ucsf_men = spreads[(spreads["ref_id"] == "ucsflabmed") & (spreads["sex"] == "male")]["sd_log"].item()
    assert ucsf_men == pytest.approx(math.log(18.0 / 3.6) / (2 * 1.959964), rel=1e-6)
    low, high = prolactin.interval_spread_range()
    assert 0.3 < low < high < 0.65  # review: 0.36 to 0.59


def test_study_size_sensitivity_spans_the_reviews_range():
    table = prolactin.study_size_sensitivity()
    assert table["n_per_group"].tolist() == [71, 61, 49, 14, 34]  # Garde both ways, Maes 1997, the intervals
    assert table["spread_from"].is_unique


def test_a_second_published_variation_estimate_is_a_labelled_sensitivity():
    # review RA S2-F: Maes 1997 (13 men and 13 women, monthly for a year) beside the base case Garde 2000
    estimates = prolactin.variation_estimates()
    assert estimates["study"].tolist() == ["Garde 2000", "Maes 1997"]
    assert estimates["base"].tolist() == [True, False]
    maes = estimates.iloc[1]
    assert maes["reading"] == "raw-cv"
    assert maes["within_sd_log"] == pytest.approx(math.sqrt(math.log1p(0.392**2)))
    assert prolactin.within_person_sd_log() == pytest.approx(0.58)  # the base case is unchanged
    rows = prolactin.variation_rows()
    garde_within = rows[(rows["study"] == "Garde 2000") & (rows["parameter"] == "within-person CV")]
    assert garde_within["n"].item() == 11  # the monthly arm (review RA S3-1), not the 21 women of the whole study
    assert any("Maes 1997" in name for name in prolactin.twice_limit_by_source()["spread_from"])


def test_the_timeline_says_what_is_not_known_not_what_was_read():
    words = " ".join(prolactin.opioid_timeline()[["window", "timing_basis", "phase"]].astype(str).stack())
    assert "abstract" not in words and "not reported" not in words


# --- power and sample size -----------------------------------------------------------------------------


def test_study_size_uses_the_published_variation():
    size = prolactin.study_size()
    expected_sd = math.hypot(prolactin.between_person_sd_log(), prolactin.within_person_sd_log())
    assert size.sd_log == pytest.approx(expected_sd)
    assert size.effect_size == pytest.approx(math.log(size.ratio) / expected_sd)
    assert size.achieved_power >= size.power
    assert prolactin.study_size(draws_per_person=3).n_per_group < size.n_per_group
    assert prolactin.study_size(ratio=2.0).n_per_group < size.n_per_group


# --- evidence tables -------------------------------------------------------------------------------------


def test_kratom_evidence_holds_one_case_with_prolactin():
    counts = prolactin.kratom_evidence_counts()
    assert counts["n_prolactin_measured_cases"] == 1
    assert counts["n_controlled"] == 0


def test_timeline_converts_reported_times_to_hours():
    table = prolactin.opioid_timeline().set_index("timing_id")
    assert table.loc["t01", "from_h"] == pytest.approx(0.5)
    assert table.loc["t11", "from_h"] == pytest.approx(120.0)
    assert table.loc["t12", "from_h"] == pytest.approx(prolactin.DAYS_PER_MONTH * 24)
    assert table["phase"].tolist() == sorted(table["phase"], key=prolactin.PHASE_ORDER.index)
    # labels are plain short names from data/, never a reference id or a note about the citation
    for label in table["label"]:
        assert "not seen" not in label and "_" not in label


def test_teaching_sketch_rises_with_mu_and_is_flat_when_d2_is_blocked():
    sketch = prolactin.teaching_sketch()
    assert np.all(np.diff(sketch["prolactin"]) >= 0)
    blocked = prolactin.teaching_sketch(d2_block=1.0)
    assert np.ptp(blocked["prolactin"]) == pytest.approx(0.0)


def test_prolactin_ledger_shows_the_articles_words():
    ledger = prolactin.prolactin_ledger()
    assert set(ledger["paragraph"]) == {"P7", "P9", "P12"}
    assert ledger["article_words"].notna().all()
