"""The leaf-to-receptor chain of notebook 03."""

import numpy as np
import pytest

from kratom_course import exposure, pk
from kratom_course.pharmacology import nm_to_ng_per_ml


def test_calibration_reproduces_the_observed_peak():
    cal = exposure.tanna_calibration()
    peak = exposure.concentration_nm(np.array([cal.tmax_h]), 2.0, 100 * cal.dose_mg / 2000, cal)[0]
    assert peak == pytest.approx(cal.cmax_nm[0], rel=1e-6)
    assert pk.tmax_h(cal.ka, cal.ke) == pytest.approx(cal.tmax_h, rel=1e-6)


def test_steady_state_closed_form_matches_many_superposed_doses():
    ka, ke, tau, volume, dose = 2.0, pk.ke_from_half_life(30.0), 24.0, 800.0, 50.0
    t_since = np.linspace(0, tau, 25)
    closed = pk.steady_state(t_since, dose, tau, volume, ka, ke)
    n = 60
    summed = pk.repeated_doses((n - 1) * tau + t_since, dose, tau, n, volume, ka, ke)
    np.testing.assert_allclose(closed, summed, rtol=1e-6)


def test_monte_carlo_is_repeatable_and_scales_with_dose():
    a, b = exposure.monte_carlo_peaks(2.0, n_draws=200), exposure.monte_carlo_peaks(2.0, n_draws=200)
    assert a.equals(b)
    six = exposure.monte_carlo_peaks(6.0, n_draws=200)
    np.testing.assert_allclose(six["peak_total_nM"], 3 * a["peak_total_nM"], rtol=1e-9)


def test_monte_carlo_stays_within_its_ranges():
    draws = exposure.monte_carlo_peaks(4.0, n_draws=500)
    for name, (low, high) in exposure.parameter_ranges().items():
        assert draws[f"draw_{name}"].between(low * (1 - 1e-12), high * (1 + 1e-12)).all(), name
    assert draws["mor_occupancy"].between(0, 1).all()


def test_steady_state_peaks_exceed_single_dose_peaks():
    single = exposure.monte_carlo_peaks(2.0, n_draws=200)
    daily = exposure.monte_carlo_peaks(2.0, n_draws=200, interval_h=24.0)
    assert (daily["peak_total_nM"] > single["peak_total_nM"]).all()


def test_molar_mass_conversion_of_the_calibration_peak():
    # 81.9 nM of mitragynine is about 32.6 ng/mL
    assert nm_to_ng_per_ml(81.9, exposure.molar_mass()) == pytest.approx(32.64, abs=0.05)
