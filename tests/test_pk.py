"""Pharmacokinetic formulas: closed forms against an ODE solver, superposition, accumulation, input checks."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from kratom_course import pk

KA, KE, V, DOSE = 1.2, pk.ke_from_half_life(23.0), 150.0, 20.0
# a two-compartment model with made-up, plausible apparent parameters
TWO = dict(ka_per_h=1.1, cl_l_per_h=200.0, v1_l=400.0, q_l_per_h=180.0, v2_l=6000.0)


def ode_one_compartment(t_eval, dose_times, dose, ka, ke, volume):
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


def ode_two_compartment(t_eval, dose, ka_per_h, cl_l_per_h, v1_l, q_l_per_h, v2_l):
    """gut -> central <-> peripheral, elimination from central; returns central concentration (mg/L)."""

    def rhs(_, y):
        gut, a1, a2 = y
        c1, c2 = a1 / v1_l, a2 / v2_l
        return [-ka_per_h * gut, ka_per_h * gut - cl_l_per_h * c1 - q_l_per_h * (c1 - c2), q_l_per_h * (c1 - c2)]

    sol = solve_ivp(rhs, (0, t_eval[-1]), [dose, 0.0, 0.0], t_eval=t_eval, rtol=1e-10, atol=1e-12, method="LSODA")
    return sol.y[1] / v1_l


def test_single_dose_matches_ode():
    t = np.linspace(0, 96, 400)
    closed = pk.single_dose(t, DOSE, V, KA, KE)
    numeric = ode_one_compartment(t, [0.0], DOSE, KA, KE, V)
    mask = closed > 1e-6
    np.testing.assert_allclose(closed[mask], numeric[mask], rtol=1e-6)


def test_superposition_matches_ode_for_repeated_doses():
    t = np.linspace(0, 24 * 7, 800)
    closed = pk.repeated_doses(t, DOSE, 24.0, 7, V, KA, KE)
    numeric = ode_one_compartment(t, [24.0 * k for k in range(7)], DOSE, KA, KE, V)
    mask = closed > 1e-6
    np.testing.assert_allclose(closed[mask], numeric[mask], rtol=1e-6)


def test_two_compartment_closed_form_matches_ode():
    t = np.linspace(0.05, 240, 500)
    closed = pk.two_compartment_oral(t, 39.0, **TWO)
    numeric = ode_two_compartment(t, 39.0, **TWO)
    np.testing.assert_allclose(closed, numeric, rtol=1e-5)


def test_two_compartment_summary_agrees_with_numerical_integration_and_mass_balance():
    c, lam = pk.two_compartment_oral_terms(39.0, **TWO)
    summary = pk.curve_summary(c, lam)
    t = np.linspace(0, 3000, 300001)
    conc = pk.sum_of_exponentials(t, c, lam)
    assert summary["auc"] == pytest.approx(np.trapezoid(conc, t), rel=1e-4)
    assert summary["auc"] == pytest.approx(39.0 / TWO["cl_l_per_h"], rel=1e-9)  # AUC = F dose / CL
    assert summary["tmax_h"] == pytest.approx(t[conc.argmax()], abs=0.02)
    assert summary["cmax"] >= conc.max() and summary["cmax"] == pytest.approx(conc.max(), rel=1e-4)
    alpha, beta = pk.two_compartment_exponents(TWO["cl_l_per_h"], TWO["v1_l"], TWO["q_l_per_h"], TWO["v2_l"])
    assert summary["terminal_half_life_h"] == pytest.approx(np.log(2) / beta)
    assert alpha > beta > 0
    assert pk.sum_of_exponentials([0.0], c, lam)[0] == pytest.approx(0.0, abs=1e-12)  # nothing absorbed yet


def test_steady_state_closed_form_matches_many_superposed_doses():
    c, lam = pk.two_compartment_oral_terms(25.0, **TWO)
    tau, n = 24.0, 80
    t_since = np.linspace(0, tau, 25)
    closed = pk.sum_of_exponentials_steady_state(t_since, c, lam, tau)
    summed = sum(pk.sum_of_exponentials((n - 1) * tau + t_since - k * tau, c, lam) for k in range(n))
    np.testing.assert_allclose(closed, summed, rtol=1e-6)
    one = pk.steady_state(t_since, DOSE, tau, V, KA, KE)
    np.testing.assert_allclose(one, pk.repeated_doses((n - 1) * tau + t_since, DOSE, tau, n, V, KA, KE), rtol=1e-6)


def test_accumulation_names_peak_trough_and_auc():
    c, lam = pk.two_compartment_oral_terms(25.0, **TWO)
    tau = 24.0
    acc = pk.accumulation(c, lam, tau)
    t = np.linspace(0, 60 * tau, 60 * 2400 + 1)
    series = sum(pk.sum_of_exponentials(t - k * tau, c, lam) for k in range(60))
    first = t <= tau
    last = t >= 59 * tau
    assert acc["peak"] == pytest.approx(series[last].max() / series[first].max(), rel=1e-3)
    assert acc["trough"] == pytest.approx(series[-1] / series[first][-1], rel=1e-3)
    assert acc["auc"] == pytest.approx(np.trapezoid(series[last], t[last]) / np.trapezoid(series[first], t[first]), rel=1e-3)
    assert 1 < acc["peak"] < acc["auc"] < acc["trough"]  # a slow terminal phase lifts troughs far more than peaks


def test_one_compartment_accumulation_ratio_is_the_trough_ratio():
    tau = 24.0
    ratio = pk.accumulation_ratio(KE, tau)
    assert ratio == pytest.approx(1 / (1 - np.exp(-KE * tau)))
    first = pk.single_dose(np.array([tau]), DOSE, V, KA, KE)[0]
    steady = pk.repeated_doses(np.array([40 * tau]), DOSE, tau, 40, V, KA, KE)[0]
    assert steady / first == pytest.approx(ratio, rel=1e-3)


def test_calibration_reproduces_four_statistics_within_10_percent():
    c, lam = pk.two_compartment_oral_terms(39.0, **TWO)
    target = pk.curve_summary(c, lam)
    fitted = pk.calibrate_two_compartment(
        39.0, target["cmax"], target["tmax_h"], target["auc"], target["terminal_half_life_h"], ka_per_h=TWO["ka_per_h"]
    )
    got = pk.curve_summary(*fitted.terms(39.0))
    for key in ("cmax", "tmax_h", "auc", "terminal_half_life_h"):
        assert got[key] == pytest.approx(target[key], rel=0.10), key
    assert fitted.cl_l_per_h == pytest.approx(TWO["cl_l_per_h"], rel=1e-4)


def test_calibration_refuses_an_impossible_absorption_rate():
    c, lam = pk.two_compartment_oral_terms(39.0, **TWO)
    target = pk.curve_summary(c, lam)
    with pytest.raises(ValueError, match="reproduces"):
        pk.calibrate_two_compartment(
            39.0, target["cmax"], target["tmax_h"], target["auc"], target["terminal_half_life_h"], ka_per_h=20.0
        )


def _ka_from_tmax_brentq(tmax_target, ke):
    """The former root-finding implementation, kept here as the reference."""
    return brentq(lambda ka: pk.tmax_h(ka, ke) - tmax_target, ke * (1 + 1e-9), 1e4)


@pytest.mark.parametrize("tmax, t_half", [(1.0, 45.3), (0.83, 23.24), (2.5, 5.67), (1.5, 10.0)])
def test_ka_from_tmax_closed_form_equals_root_finder(tmax, t_half):
    ke = pk.ke_from_half_life(t_half)
    assert pk.ka_from_tmax(tmax, ke) == pytest.approx(_ka_from_tmax_brentq(tmax, ke), rel=1e-9)
    assert pk.tmax_h(pk.ka_from_tmax(tmax, ke), ke) == pytest.approx(tmax, rel=1e-9)


def test_ka_from_tmax_is_vectorised():
    tmax = np.array([1.0, 0.83, 2.5])
    ke = pk.ke_from_half_life(np.array([45.3, 23.24, 5.67]))
    expected = [_ka_from_tmax_brentq(t, k) for t, k in zip(tmax, ke)]
    np.testing.assert_allclose(pk.ka_from_tmax(tmax, ke), expected, rtol=1e-9)
    with pytest.raises(ValueError, match="shorter than 1/ke"):
        pk.ka_from_tmax(np.array([1.0, 30.0]), 0.05)


def test_equal_rate_constants_use_the_limit():
    t = np.linspace(0.1, 48, 50)
    near = pk.single_dose(t, DOSE, V, 0.5, 0.5 * (1 + 1e-7))
    exact = pk.single_dose(t, DOSE, V, 0.5, 0.5)
    np.testing.assert_allclose(near, exact, rtol=1e-5)


def test_time_to_steady_state():
    assert pk.time_to_steady_state_fraction(10.0, 0.5) == pytest.approx(10.0)
    assert pk.time_to_steady_state_fraction(10.0, 0.875) == pytest.approx(30.0)


def test_half_life_round_trip_scalar_and_array():
    assert pk.half_life_from_ke(pk.ke_from_half_life(23.24)) == pytest.approx(23.24)
    np.testing.assert_allclose(pk.half_life_from_ke(pk.ke_from_half_life(np.array([5.0, 45.3]))), [5.0, 45.3])


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
    assert pk.leaf_to_alkaloid_mg(0.0, 1.5) == 0.0  # zero is a valid amount, not replaced by a default
    with pytest.raises(ValueError):
        pk.leaf_to_alkaloid_mg(2.0, 150.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"dose_mg": -1.0}, "dose"),
        ({"volume_l": 0.0}, "volume"),
        ({"ka_per_h": float("nan")}, "ka"),
        ({"ke_per_h": -0.1}, "ke"),
        ({"bioavailability": 1.5}, "bioavailability"),
        ({"t_h": [1.0, float("nan")]}, "time"),
    ],
)
def test_bad_inputs_raise_clear_errors(kwargs, message):
    args = {"t_h": [1.0], "dose_mg": DOSE, "volume_l": V, "ka_per_h": KA, "ke_per_h": KE}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        pk.single_dose(**args)


@pytest.mark.parametrize(
    "function, args",
    [
        (pk.ke_from_half_life, (np.array([10.0, np.nan]),)),
        (pk.ke_from_half_life, (np.array([10.0, 0.0]),)),
        (pk.two_compartment_exponents, (200.0, -400.0, 180.0, 6000.0)),
        (pk.two_compartment_oral_terms, (39.0, 1.1, 200.0, 400.0, 0.0, 6000.0)),
        (pk.sum_of_exponentials_steady_state, ([1.0], [1.0, -1.0], [0.1, 1.0], 0.0)),
        (pk.calibrate_two_compartment, (39.0, 0.03, 1.0, float("nan"), 45.3, 1.0)),
    ],
)
def test_every_model_function_checks_its_inputs_element_wise(function, args):
    with pytest.raises(ValueError):
        function(*args)


def test_negative_time_is_before_the_dose():
    assert pk.single_dose([-1.0], DOSE, V, KA, KE)[0] == 0.0
    c, lam = pk.two_compartment_oral_terms(39.0, **TWO)
    assert pk.sum_of_exponentials([-1.0], c, lam)[0] == 0.0


def test_equal_rate_constants_give_the_bateman_limit_by_hand():
    """ka = ke: C = F dose / V * k t e^(-k t), and the general formula approaches it as ka -> ke."""
    t = np.linspace(0.1, 48, 50)
    k = 0.5
    by_hand = DOSE / V * k * t * np.exp(-k * t)
    np.testing.assert_allclose(pk.single_dose(t, DOSE, V, k, k), by_hand, rtol=1e-12)
    apart = pk.single_dose(t, DOSE, V, k * (1 + 1e-4), k)  # beyond np.isclose: the general formula
    np.testing.assert_allclose(apart, by_hand, rtol=5e-3)  # relative gap ~ (ka - ke) t / 2
