"""Pharmacokinetic model: closed form against an ODE solver, superposition, accumulation, input checks."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from kratom_course import pk

KA, KE, V, DOSE = 1.2, pk.ke_from_half_life(23.0), 150.0, 20.0


def ode_concentration(t_eval, dose_times, dose, ka, ke, volume):
    """Integrate gut -> plasma with doses added to the gut at dose_times."""
    def rhs(_, y):
        gut, central = y
        return [-ka * gut, ka * gut - ke * central]

    y = np.zeros(2)
    out = np.zeros_like(t_eval)
    edges = list(dose_times) + [t_eval[-1] + 1]
    for start, stop in zip(edges[:-1], edges[1:]):
        y[0] += dose
        mask = (t_eval >= start) & (t_eval < stop)
        sol = solve_ivp(rhs, (start, stop), y, t_eval=t_eval[mask], rtol=1e-10, atol=1e-12, dense_output=True)
        out[mask] = sol.y[1] / volume
        y = sol.sol(stop)
    return out


def test_single_dose_matches_ode():
    t = np.linspace(0, 96, 400)
    closed = pk.single_dose(t, DOSE, V, KA, KE)
    numeric = ode_concentration(t, [0.0], DOSE, KA, KE, V)
    mask = closed > 1e-6
    np.testing.assert_allclose(closed[mask], numeric[mask], rtol=1e-6)


def test_superposition_matches_ode_for_repeated_doses():
    t = np.linspace(0, 24 * 7, 800)
    closed = pk.repeated_doses(t, DOSE, 24.0, 7, V, KA, KE)
    numeric = ode_concentration(t, [24.0 * k for k in range(7)], DOSE, KA, KE, V)
    mask = closed > 1e-6
    np.testing.assert_allclose(closed[mask], numeric[mask], rtol=1e-6)


def test_equal_rate_constants_use_the_limit():
    t = np.linspace(0.1, 48, 50)
    near = pk.single_dose(t, DOSE, V, 0.5, 0.5 * (1 + 1e-7))
    exact = pk.single_dose(t, DOSE, V, 0.5, 0.5)
    np.testing.assert_allclose(near, exact, rtol=1e-5)


def test_accumulation_ratio_formula_and_simulation():
    tau = 24.0
    ratio = pk.accumulation_ratio(KE, tau)
    assert ratio == pytest.approx(1 / (1 - np.exp(-KE * tau)))
    # trough after many doses over trough after the first dose
    first = pk.single_dose(np.array([tau]), DOSE, V, KA, KE)[0]
    steady = pk.repeated_doses(np.array([40 * tau]), DOSE, tau, 40, V, KA, KE)[0]
    assert steady / first == pytest.approx(ratio, rel=1e-3)


def test_time_to_steady_state():
    assert pk.time_to_steady_state_fraction(10.0, 0.5) == pytest.approx(10.0)
    assert pk.time_to_steady_state_fraction(10.0, 0.875) == pytest.approx(30.0)


def test_half_life_round_trip():
    assert pk.half_life_from_ke(pk.ke_from_half_life(23.24)) == pytest.approx(23.24)


def test_fitted_half_life_of_a_single_exponential_is_exact():
    def curve(t):
        return 100 * np.exp(-pk.ke_from_half_life(20.0) * t)

    assert pk.sampled_half_life(curve, 48.0) == pytest.approx(20.0)


def test_short_window_underestimates_two_phase_half_life():
    def curve(t):
        return pk.two_phase_decline(t, 90, 3.0, 10, 40.0)

    short, long = pk.sampled_half_life(curve, 24.0), pk.sampled_half_life(curve, 168.0)
    assert short < long
    assert long == pytest.approx(40.0, rel=0.1)


def test_leaf_to_alkaloid():
    assert pk.leaf_to_alkaloid_mg(2.0, 1.5) == pytest.approx(30.0)
    with pytest.raises(ValueError):
        pk.leaf_to_alkaloid_mg(2.0, 150.0)


@pytest.mark.parametrize("kwargs, message", [
    ({"dose_mg": -1.0}, "dose"),
    ({"volume_l": 0.0}, "volume"),
    ({"ka_per_h": float("nan")}, "ka"),
    ({"bioavailability": 1.5}, "bioavailability"),
])
def test_bad_inputs_raise_clear_errors(kwargs, message):
    args = {"t_h": [1.0], "dose_mg": DOSE, "volume_l": V, "ka_per_h": KA, "ke_per_h": KE}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        pk.single_dose(**args)


def test_negative_time_is_before_the_dose():
    assert pk.single_dose([-1.0], DOSE, V, KA, KE)[0] == 0.0
