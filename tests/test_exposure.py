"""The mg-of-mitragynine-to-receptor chain of notebook 03: calibration, model check, selection by meaning."""

import numpy as np
import pytest
from helpers import set_cell

from kratom_course import data, exposure, pk
from kratom_course.units import nm_to_ng_per_ml


@pytest.fixture(scope="module")
def check():
    return exposure.model_check()


@pytest.mark.parametrize("statistic", ["Cmax (nM)", "tmax (h)", "AUC (nM*h)", "terminal t1/2 (h)"])
def test_two_compartment_model_reproduces_each_statistic_within_10_percent(check, statistic):
    assert check.loc[statistic, "two / observed"] == pytest.approx(1.0, rel=0.10)


def test_clearance_check_holds_auc_equals_dose_over_cl(check):
    # AUC = dose / CL with 39 mg and mitragynine's molar mass gives the study's own CL/F (pk014)
    obs = exposure.observed()
    dose_nmol = obs.dose_mg / obs.molar_mass * 1e6
    assert dose_nmol / obs.auc_nm_h == pytest.approx(obs.cl_f_l_per_h, rel=0.01)
    assert check.loc["CL/F (L/h)", "two / observed"] == pytest.approx(1.0, rel=0.10)
    # Vz/F = CL/F / lambda_z of the medians is about 20% above the median of individual Vz/F values:
    # medians of ratios need not equal ratios of medians; the notebook says so.
    assert 1.0 < check.loc["Vz/F (L)", "two / observed"] < 1.3


def test_one_compartment_counter_example_shows_the_contradiction(check):
    one = exposure.one_compartment()
    assert check.loc["Cmax (nM)", "one / observed"] == pytest.approx(1.0, rel=1e-6)
    assert check.loc["terminal t1/2 (h)", "one / observed"] == pytest.approx(1.0, rel=1e-6)
    assert one.cl_l_per_h == pytest.approx(one.ke * one.volume_l())  # CL = k V
    assert check.loc["AUC (nM*h)", "one / observed"] > 10  # over tenfold too much exposure
    assert check.loc["CL/F (L/h)", "one / observed"] < 0.1


def test_peak_and_trough_accumulation_differ_under_daily_dosing():
    table = exposure.accumulation_table(24.0)
    two = table["two_compartment"]
    assert two["peak"] < 1.2  # peaks barely rise
    assert 2.8 < two["trough"] < 3.6  # troughs about threefold
    assert table.loc["peak", "one_compartment"] > 3  # the counter-example's wrong peak claim


def test_absorption_rate_assumption_hardly_moves_the_headline_numbers():
    table = exposure.ka_identifiability((0.7, 1.0, 1.5))
    assert table["peak accumulation"].max() / table["peak accumulation"].min() < 1.05
    assert table["trough accumulation"].max() / table["trough accumulation"].min() < 1.05


def test_the_ka_grid_spans_the_whole_range_that_fits():
    # every grid value fits the four statistics exactly; just outside the grid no curve does
    assert exposure.ka_identifiability().index.tolist() == list(exposure.KA_VALUES_PER_H)
    below, above = exposure.KA_FIT_BREAKS_PER_H
    assert below < min(exposure.KA_VALUES_PER_H) and above > max(exposure.KA_VALUES_PER_H)
    for ka in (below, above):
        with pytest.raises(ValueError, match="no two-compartment curve"):
            exposure.two_compartment(ka)


def test_inputs_are_selected_by_meaning_with_units():
    assert exposure.model_input("cmax_nm") == pytest.approx(81.9)
    assert exposure.model_input("cmax_7oh_nm") == pytest.approx(16.1)
    assert exposure.observed_range("t_half_h") == (pytest.approx(31.9), pytest.approx(50.2))
    low, high = exposure.fraction_unbound_range()
    assert (low, high) == (pytest.approx(0.05), pytest.approx(0.15))
    assert exposure.molar_mass() == pytest.approx(398.4953)
    # 81.9 nM of mitragynine is about 32.6 ng/mL
    assert nm_to_ng_per_ml(81.9, exposure.molar_mass()) == pytest.approx(32.64, abs=0.05)


def test_ki_scenarios_are_two_readings_not_one_range():
    table = exposure.ki_scenarios()
    assert table.loc["as printed", "mitragynine_ki_nM"] == table.loc["transposed", "7oh_ki_nM"]
    assert table.loc["as printed", "7oh_ki_nM"] == table.loc["transposed", "mitragynine_ki_nM"]
    assert set(exposure.KI_SCENARIOS) == {"as printed", "transposed"}


def test_a_cmax_in_ng_per_ml_is_refused(scratch_course):
    set_cell(scratch_course / "pk_parameters.csv", "pk009", "unit", "ng/mL")
    with pytest.raises(data.SelectionError, match="pk_parameters.*nM"):
        exposure.model_input("cmax_nm")


def test_highest_dose_studied_is_read_from_data():
    assert exposure.highest_dose_studied_mg() == pytest.approx(53.2)
    assert exposure.highest_dose_row()["ref_id"] == "huestis2024"


def test_tea_infusion_recovers_a_fraction_of_the_methanol_assay():
    table = exposure.tea_extraction()
    low, high = table.loc["fraction recovered by infusion"]
    assert 0 < low < high < 0.5


def test_learner_table_exclusions_match_the_data_column():
    named = set(exposure.rows_left_out_of_learner_tables()["value_id"])
    flagged = set(data.select("pk_parameters", many=True, learner_facing="no")["value_id"])
    assert named == flagged
    assert "pk006" in named  # the review's restatement of Trakulsrichai's half-life
    assert not set(exposure.human_half_lives_h().index).intersection(named)
    assert 23.0 not in set(exposure.human_half_lives_h()["value"])


def test_monte_carlo_is_repeatable_vectorised_and_scales_with_dose():
    a, b = exposure.monte_carlo(20.0, n_draws=300), exposure.monte_carlo(20.0, n_draws=300)
    assert a.equals(b)
    triple = exposure.monte_carlo(60.0, n_draws=300)
    np.testing.assert_allclose(triple["peak_total_nM"], 3 * a["peak_total_nM"], rtol=1e-9)


def test_monte_carlo_stays_within_its_ranges_and_takes_ranges_as_arguments():
    draws = exposure.monte_carlo(25.0, n_draws=500)
    for name, (low, high) in exposure.default_ranges().items():
        assert draws[f"draw_{name}"].between(low * (1 - 1e-12), high * (1 + 1e-12)).all(), name
    assert draws["occupancy_both"].between(0, 1).all()
    narrow = exposure.monte_carlo(25.0, n_draws=200, ranges={"fraction_unbound": (0.1, 0.1)})
    np.testing.assert_allclose(narrow["draw_fraction_unbound"], 0.1)
    with pytest.raises(KeyError):
        exposure.monte_carlo(25.0, n_draws=10, ranges={"no_such_input": (1, 2)})


def test_single_dose_peak_matches_the_calibration_at_central_values():
    result = exposure.peak_exposure(39.0)
    assert result["peak_total_nM"].iloc[0] == pytest.approx(exposure.model_input("cmax_nm"), rel=0.01)


def test_steady_state_peaks_rise_little_and_troughs_exist():
    single = exposure.monte_carlo(25.0, n_draws=200)
    daily = exposure.monte_carlo(25.0, n_draws=200, interval_h=24.0)
    ratio = daily["peak_total_nM"] / single["peak_total_nM"]
    assert (ratio > 1).all() and (ratio < 1.3).all()
    assert (daily["trough_total_nM"] < daily["peak_total_nM"]).all()


def test_exposure_by_dose_marks_extrapolation_and_both_scenarios():
    table = exposure.exposure_by_dose((25, 75), n_draws=200)
    assert set(table["scenario"]) == set(exposure.KI_SCENARIOS)
    assert table.set_index(["scenario", "dose_mg"])["beyond_studied"].to_dict() == {
        ("as printed", 25.0): False,
        ("as printed", 75.0): True,
        ("transposed", 25.0): False,
        ("transposed", 75.0): True,
    }


def test_sensitivity_ranks_inputs_by_swing_from_the_base_case():
    table = exposure.sensitivity(25.0)
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    assert table["swing"].iloc[0] > 0
    ki = table.set_index("input").loc["MOR Ki reading (transposed vs as printed)"]
    base = exposure.peak_exposure(25.0, interval_h=24.0, scenario="transposed", **exposure.central_values())
    assert ki["at_low"] == pytest.approx(base["occupancy_both"].iloc[0])  # the baseline is the base-case reading


def test_the_base_case_is_the_transposed_reading_everywhere():
    # d01: the evidence favours a transposition in the abstract, so every default and every table starts there
    assert exposure.BASE_READING == "transposed" == next(iter(exposure.KI_SCENARIOS))
    assert exposure.mor_ki_nm("7-hydroxymitragynine") < exposure.mor_ki_nm("mitragynine")
    default = exposure.peak_exposure(25.0)
    assert default["scenario"].iloc[0] == "transposed"
    assert list(exposure.occupancy_table((25,))["scenario"]) == [exposure.SCENARIO_WORDS[s] for s in exposure.KI_SCENARIOS]


def test_occupancy_table_says_inside_the_studied_range_not_safety():
    table = exposure.occupancy_table((25, 75))
    assert "beyond_studied" not in table
    assert set(table.loc[table["dose_mg"] == 25, "inside_studied"]) == {"yes"}
    assert set(table.loc[table["dose_mg"] == 75, "inside_studied"]) == {"no: extrapolated"}


def test_auc_accumulation_is_not_identified_but_peak_accumulation_is():
    auc_low, auc_high = exposure.accumulation_range("auc")
    assert 1.0 < auc_low < 1.1 and 1.45 < auc_high < 1.6  # from almost none to about 1.5 across the ka that fit
    peak_low, peak_high = exposure.accumulation_range("peak")
    assert peak_high / peak_low < 1.1
    trough_low, trough_high = exposure.accumulation_range("trough")
    assert 3.2 < trough_high < 3.3 and trough_low < 2.5  # about threefold, less only near the top of the range
    middle = exposure.accumulation_range("trough", ka_values=(0.4, 0.7, 1.0, 1.5, 2.0))
    assert middle[1] / middle[0] < 1.01
    troughs = exposure.ka_identifiability()["steady-state trough (nM)"]
    assert troughs.max() / troughs.min() > 5  # the absolute trough moves with the assumed ka


def test_liver_blood_flow_bounds_bioavailability():
    bound = exposure.bioavailability_ceiling()
    # 1.1-1.8 L/min of liver blood flow against the study's CL/F of 233 L/h
    assert bound["flow_low_l_per_h"] == pytest.approx(66.0)
    assert bound["flow_high_l_per_h"] == pytest.approx(108.0)
    assert bound["f_max_low"] == pytest.approx(66.0 / 233.0)
    assert bound["f_max_high"] == pytest.approx(108.0 / 233.0)
    assert bound["f_max_high"] < 0.5
    assert bound["overstatement_at_least"] == pytest.approx(233.0 / 108.0)
    assert bound["urine_unchanged_percent"] < 1  # why clearance is taken to be hepatic


def test_in_the_fitted_model_a_one_day_window_already_finds_the_slow_phase():
    fitted = exposure.window_fits()
    assert list(fitted["window_h"]) == [24.0, 120.0]
    assert fitted["fitted_half_life_h"].iloc[0] == pytest.approx(exposure.observed().t_half_h, rel=0.05)
    made_up = exposure.window_fits(curve="illustrative")
    assert made_up["fitted_half_life_h"].iloc[0] < 0.4 * made_up["fitted_half_life_h"].iloc[1]
    table = exposure.window_sensitivity()
    assert table.loc[1.0, "short window, one dose"] == pytest.approx(45.3, rel=0.02)
    assert table.loc[1.0, "short window, steady state"] == pytest.approx(45.3, rel=0.02)
    assert table.loc[2.0, "short window, one dose"] < 35  # a faster absorption and distribution shortens it


def test_how_much_the_window_explains_is_not_identified():
    # review RA S2-A: no effect at ka 0.7-1.5, the whole 23 h vs 45 h gap near ka 2.1-2.3
    table = exposure.window_sensitivity()
    assert table.loc[2.1, "short window, one dose"] == pytest.approx(22, abs=1.5)
    assert table.loc[2.2, "short window, one dose"] == pytest.approx(15, abs=1.5)
    assert table.loc[2.3, "short window, steady state"] == pytest.approx(20, abs=1.5)
    summary = exposure.window_effect_summary()
    assert (summary["no_effect_ka_low"], summary["no_effect_ka_high"]) == (0.7, 1.5)
    assert summary["short_single_low"] < 23 < summary["short_single_high"]
    assert summary["long_h"] == pytest.approx(exposure.observed().t_half_h, rel=0.01)


def test_concentration_scales_with_dose_and_models_differ():
    t = np.array([1.0, 24.0])
    two = exposure.concentration_nm(t, 39.0)
    assert two[0] == pytest.approx(81.9, rel=1e-3)
    np.testing.assert_allclose(exposure.concentration_nm(t, 78.0), 2 * two)
    one = exposure.concentration_nm(t, 39.0, model="one_compartment")
    assert one[1] / one[0] > 0.6 > two[1] / two[0]  # the one-compartment curve keeps ~70% at 24 h


def test_ka_closed_form_used_by_the_one_compartment_model():
    one = exposure.one_compartment()
    assert pk.tmax_h(one.ka, one.ke) == pytest.approx(one.tmax_h, rel=1e-9)
