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
    for row in miu.itertuples():
        factor = prolactin.conversion_factor(prolactin.ASSAY_OF_MIU_INTERVALS[row.ref_id])
        assert row.upper_ng_per_ml == pytest.approx(row.upper / factor)
    other = table[table["unit"] != "mIU/L"]
    assert (other["upper_ng_per_ml"] == other["upper"].astype(float)).all()


def test_reference_interval_lookup_by_sex_and_assay():
    by_assay = prolactin.reference_interval("male", assay="Roche Elecsys")
    by_ref = prolactin.reference_interval("male", "adhb_labplus")
    assert by_assay == by_ref and by_assay[0] < by_assay[1]
    with pytest.raises(LookupError):
        prolactin.reference_interval("female", "questnichols")  # several groups: must name one


# --- one person near the limit ------------------------------------------------------------------------


def test_at_the_limit_half_of_single_draws_are_raised():
    assert prolactin.probability_above(12.0, 12.0, 0.3) == pytest.approx(0.5)


def test_probability_above_is_the_lognormal_tail():
    cv = 0.4
    sigma = math.sqrt(math.log(1 + cv**2))
    expected = 0.5 * math.erfc(math.log(2.0) / sigma / math.sqrt(2))
    assert prolactin.probability_above(24.0, 12.0, cv) == pytest.approx(expected)
    assert prolactin.probability_above(24.0, 12.0, cv) + prolactin.probability_below(24.0, 12.0, cv) == pytest.approx(1)


def test_simulation_is_reproducible_with_its_seed_and_agrees_with_the_analytic_tail():
    first = prolactin.simulate_repeated_draws(10.0, 12.0, cv=0.5, occasions=5000)
    again = prolactin.simulate_repeated_draws(10.0, 12.0, cv=0.5, occasions=5000)
    other = prolactin.simulate_repeated_draws(10.0, 12.0, cv=0.5, occasions=5000, seed=1)
    np.testing.assert_array_equal(first.draws_ng_per_ml, again.draws_ng_per_ml)
    assert not np.array_equal(first.draws_ng_per_ml, other.draws_ng_per_ml)
    big = prolactin.simulate_repeated_draws(10.0, 12.0, cv=0.5, occasions=40000)
    assert big.first_raised == pytest.approx(prolactin.probability_above(12.0, 10.0, 0.5), abs=0.01)
    # draws on different days are independent: a repeat is normal as often as any draw is
    assert big.repeat_normal_after_raised == pytest.approx(prolactin.probability_below(12.0, 10.0, 0.5), abs=0.015)


def test_case_values_are_read_from_data():
    case = prolactin.case_values()
    assert case["upper_ng_per_ml"] < case["first_ng_per_ml"] and case["repeat_ng_per_ml"] < case["upper_ng_per_ml"]
    assert f"{case['first_ng_per_ml']:g} ng/mL" in case["finding"] and f"{case['repeat_ng_per_ml']:g} ng/mL" in case["finding"]


# --- power and sample size -----------------------------------------------------------------------------


def test_textbook_two_sample_case():
    # Cohen (1988), two-sided t-test, d = 0.5, alpha 0.05, power 0.80: 64 per group
    assert prolactin.sample_size(0.5, 0.05, 0.80) == 64
    # exact non-central t results for a "large" (0.8) and a "small" (0.2) effect
    assert prolactin.sample_size(0.8, 0.05, 0.80) == 26
    assert prolactin.sample_size(0.2, 0.05, 0.80) == 394


@pytest.mark.parametrize("d, power", [(0.3, 0.8), (0.5, 0.9), (1.0, 0.8), (0.513, 0.8)])
def test_power_at_the_computed_n_reaches_the_target_and_one_fewer_does_not(d, power):
    n = prolactin.sample_size(d, 0.05, power)
    assert prolactin.power_two_sample(n, d) >= power
    assert prolactin.power_two_sample(n - 1, d) < power


def test_power_without_an_effect_is_alpha_and_grows_with_n():
    assert prolactin.power_two_sample(50, 0.0, 0.05) == pytest.approx(0.05, abs=1e-9)
    powers = [prolactin.power_two_sample(n, 0.5) for n in (10, 20, 40, 80)]
    assert powers == sorted(powers)


def test_study_size_uses_the_published_variation():
    size = prolactin.study_size()
    expected_sd = math.sqrt(math.log(1 + prolactin.cv_between() ** 2) + math.log(1 + prolactin.cv_within() ** 2))
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


def test_teaching_sketch_rises_with_mu_and_is_flat_when_d2_is_blocked():
    sketch = prolactin.teaching_sketch()
    assert np.all(np.diff(sketch["prolactin"]) >= 0)
    blocked = prolactin.teaching_sketch(d2_block=1.0)
    assert np.ptp(blocked["prolactin"]) == pytest.approx(0.0)


def test_prolactin_ledger_shows_the_articles_words():
    ledger = prolactin.prolactin_ledger()
    assert set(ledger["paragraph"]) == {"P7", "P9", "P12"}
    assert ledger["article_words"].notna().all()
