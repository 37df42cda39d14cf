"""Pharmacokinetics: pure formulas for oral dosing, with units in the names.

Units: time in h, dose in mg, volume in L, clearance in L/h, rate constants in 1/h,
concentrations in mg/L (= ug/mL; x1000 for ng/mL). Nothing here reads data/: the domain module
`exposure` chooses the inputs. The models are for teaching what shapes a concentration curve;
they are not fitted models of any product and give no dosing guidance.

Two models:
- one compartment with first-order absorption (the Bateman function), kept as the simplest
  curve and, in notebook 03, as a counter-example;
- two compartments with first-order absorption, written as a sum of three exponentials
  C(t) = sum_i c_i exp(-lambda_i t), which is what `calibrate_two_compartment` fits to a study's
  summary statistics (Cmax, tmax, AUC, terminal half-life).

Accumulation under regular dosing is reported three ways, never interchangeably: the *peak*
(Cmax at steady state over Cmax after the first dose), the *trough* (the concentration just before
a dose at steady state over the one just before the second dose) and the *AUC* (exposure over one
interval at steady state over the same interval after the first dose).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .units import checked

LN2 = float(np.log(2.0))


# --- one input check for every function ---------------------------------------------------------


def _checked(name: str, value, *, allow_zero: bool = False, upper: float | None = None):
    """`value` as a float array (or float for scalars) after refusing NaN, negatives, zero unless allowed."""
    array = checked(name, value, allow_zero=allow_zero, upper=upper)
    return float(array) if array.ndim == 0 else array


def _times(t_h) -> np.ndarray:
    t = np.asarray(t_h, dtype=float)
    if np.isnan(t).any():
        raise ValueError("time (h) contains NaN")
    return t


# --- rates and half-lives ---------------------------------------------------------------------


def ke_from_half_life(t_half_h):
    """Elimination rate constant (1/h) from a half-life (h); arrays element-wise."""
    return LN2 / _checked("half-life (h)", t_half_h)


def half_life_from_ke(ke_per_h):
    """Half-life (h) from an elimination rate constant (1/h); arrays element-wise."""
    return LN2 / _checked("ke (1/h)", ke_per_h)


def leaf_to_alkaloid_mg(leaf_g, content_percent_w_w):
    """Milligrams of an alkaloid in `leaf_g` grams of leaf containing content_percent_w_w % (w/w)."""
    leaf = _checked("leaf mass (g)", leaf_g, allow_zero=True)
    content = _checked("content (% w/w)", content_percent_w_w, allow_zero=True, upper=100.0)
    return leaf * 1000.0 * content / 100.0


# --- one compartment (Bateman) ------------------------------------------------------------------


def single_dose(t_h, dose_mg, volume_l, ka_per_h, ke_per_h, bioavailability: float = 1.0):
    """Plasma concentration (mg/L) after one oral dose at t = 0 (one compartment); 0 before the dose."""
    dose = _checked("dose (mg)", dose_mg, allow_zero=True)
    volume = _checked("volume (L)", volume_l)
    ka = np.asarray(_checked("ka (1/h)", ka_per_h), dtype=float)
    ke = np.asarray(_checked("ke (1/h)", ke_per_h), dtype=float)
    f = _checked("bioavailability", bioavailability, allow_zero=True, upper=1.0)
    t = _times(t_h)
    tp = np.clip(t, 0, None)
    scale = f * dose / volume
    same = np.isclose(ka, ke)
    with np.errstate(divide="ignore", invalid="ignore"):
        general = scale * ka / (ka - ke) * (np.exp(-ke * tp) - np.exp(-ka * tp))
    limit = scale * ke * tp * np.exp(-ke * tp)  # the limit ka -> ke of the Bateman function
    conc = np.where(same, limit, general)
    return np.where(t < 0, 0.0, conc)


def repeated_doses(t_h, dose_mg, interval_h, n_doses, volume_l, ka_per_h, ke_per_h, bioavailability: float = 1.0):
    """Concentration (mg/L) after n_doses equal doses every interval_h hours, by superposition (one compartment)."""
    interval = _checked("dosing interval (h)", interval_h)
    if int(n_doses) != n_doses or n_doses < 1:
        raise ValueError(f"n_doses must be a positive whole number, got {n_doses}")
    t = _times(t_h)
    return sum(single_dose(t - k * interval, dose_mg, volume_l, ka_per_h, ke_per_h, bioavailability) for k in range(int(n_doses)))


def accumulation_ratio(ke_per_h, interval_h):
    """1 / (1 - exp(-ke tau)): how much one exponential term builds up under dosing every tau hours.

    For a one-compartment model with absorption much faster than elimination this is the *trough*
    accumulation (and the AUC accumulation); it is not the peak accumulation, which is smaller.
    """
    ke, tau = _checked("ke (1/h)", ke_per_h), _checked("dosing interval (h)", interval_h)
    return 1.0 / (1.0 - np.exp(-ke * tau))


def time_to_steady_state_fraction(t_half_h, fraction: float = 0.9):
    """Hours of regular dosing until `fraction` of steady state is reached: log2(1/(1-f)) half-lives."""
    if fraction is None or not 0 < fraction < 1:
        raise ValueError("fraction must be strictly between 0 and 1")
    return _checked("half-life (h)", t_half_h) * np.log(1 / (1 - fraction)) / LN2


def tmax_h(ka_per_h, ke_per_h):
    """Time of the peak after one oral dose (h), one compartment: ln(ka/ke) / (ka - ke); arrays element-wise."""
    ka = np.asarray(_checked("ka (1/h)", ka_per_h), dtype=float)
    ke = np.asarray(_checked("ke (1/h)", ke_per_h), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        general = np.log(ka / ke) / (ka - ke)
    result = np.where(np.isclose(ka, ke), 1.0 / ke, general)
    return float(result) if np.ndim(result) == 0 else result


def ka_from_tmax(tmax_hours, ke_per_h):
    """Absorption rate constant (1/h, > ke) that puts the one-compartment peak at tmax_hours.

    Closed form: with T = ke tmax < 1, ka = -W_{-1}(-T exp(-T)) / tmax, where W_{-1} is the lower
    branch of Lambert's W (scipy.special.lambertw); works element-wise on arrays, no root finder.
    """
    from scipy.special import lambertw

    tmax_target, ke = _checked("tmax (h)", tmax_hours), _checked("ke (1/h)", ke_per_h)
    product = np.asarray(ke * tmax_target, dtype=float)
    if (product >= 1.0).any():
        raise ValueError("tmax must be shorter than 1/ke for absorption faster than elimination")
    w = lambertw(-product * np.exp(-product), k=-1).real
    result = -w / tmax_target
    return float(result) if np.ndim(result) == 0 else result


def volume_for_cmax(dose_mg, cmax_mg_per_l, ka_per_h, ke_per_h):
    """Apparent volume (L) for which one dose gives the observed peak concentration (one compartment)."""
    peak_time = np.asarray(tmax_h(ka_per_h, ke_per_h), dtype=float)
    per_litre = single_dose(peak_time, dose_mg, 1.0, ka_per_h, ke_per_h)
    result = per_litre / _checked("Cmax (mg/L)", cmax_mg_per_l)
    return float(result) if np.ndim(result) == 0 else result


def steady_state(t_since_dose_h, dose_mg, interval_h, volume_l, ka_per_h, ke_per_h):
    """Concentration (mg/L) at steady state, t_since_dose_h after the latest of regular doses (one compartment).

    The closed form of infinite superposition; works element-wise on arrays of parameters.
    """
    ka, ke = _checked("ka (1/h)", ka_per_h), _checked("ke (1/h)", ke_per_h)
    if np.any(np.asarray(ka) <= np.asarray(ke)):
        raise ValueError("need ka > ke")
    scale = _checked("dose (mg)", dose_mg, allow_zero=True) * ka / (_checked("volume (L)", volume_l) * (ka - ke))
    scale, ke, ka = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (scale, ke, ka)))
    coefficients, rates = np.stack([scale, -scale], axis=-1), np.stack([ke, ka], axis=-1)
    return sum_of_exponentials_steady_state(t_since_dose_h, coefficients, rates, interval_h)


# --- sums of exponentials (any linear model) --------------------------------------------------


def sum_of_exponentials(t_h, coefficients, rates_per_h):
    """C(t) = sum_i c_i exp(-lambda_i t) for t >= 0, 0 before; coefficients (..., n), rates (..., n).

    t_h broadcasts against the leading axes of coefficients and rates (e.g. t of shape (m, 1) with
    parameter arrays of shape (k, n) gives (m, k)).
    """
    c = np.asarray(coefficients, dtype=float)
    lam = _checked("rate constants (1/h)", rates_per_h)
    t = _times(t_h)
    tp = np.clip(t, 0, None)[..., None]
    conc = (c * np.exp(-lam * tp)).sum(axis=-1)
    return np.where(t < 0, 0.0, conc)


def sum_of_exponentials_steady_state(t_since_dose_h, coefficients, rates_per_h, interval_h):
    """Steady-state concentration t_since_dose_h (0..tau) after the latest of doses every interval_h hours.

    Infinite superposition in closed form: sum_i c_i exp(-lambda_i t) / (1 - exp(-lambda_i tau)).
    """
    c = np.asarray(coefficients, dtype=float)
    lam = _checked("rate constants (1/h)", rates_per_h)
    tau = np.asarray(_checked("dosing interval (h)", interval_h), dtype=float)[..., None]
    t = np.asarray(_checked("time since dose (h)", t_since_dose_h, allow_zero=True), dtype=float)[..., None]
    return (c * np.exp(-lam * t) / (1.0 - np.exp(-lam * tau))).sum(axis=-1)


# --- two compartments with first-order absorption ----------------------------------------------


@dataclass(frozen=True)
class TwoCompartment:
    """Apparent (divided by F) parameters of an oral two-compartment model."""

    ka_per_h: float  # absorption rate constant
    cl_l_per_h: float  # clearance from the central compartment, CL/F
    v1_l: float  # central volume, V1/F
    q_l_per_h: float  # intercompartmental clearance, Q/F
    v2_l: float  # peripheral volume, V2/F

    def exponents_per_h(self) -> tuple[float, float]:
        """The distribution (alpha) and terminal (beta) rate constants, alpha > beta."""
        return two_compartment_exponents(self.cl_l_per_h, self.v1_l, self.q_l_per_h, self.v2_l)

    def terms(self, dose_mg: float = 1.0):
        """(coefficients in mg/L, rates in 1/h) of C(t) = sum c_i exp(-lambda_i t) for one dose."""
        return two_compartment_oral_terms(dose_mg, self.ka_per_h, self.cl_l_per_h, self.v1_l, self.q_l_per_h, self.v2_l)

    @property
    def vz_l(self) -> float:
        """Apparent volume during the terminal phase, Vz/F = CL/F / beta."""
        return self.cl_l_per_h / self.exponents_per_h()[1]


def two_compartment_exponents(cl_l_per_h, v1_l, q_l_per_h, v2_l):
    """alpha and beta (1/h) of a two-compartment model: the roots of s^2 - (k10+k12+k21)s + k10 k21."""
    cl, v1 = _checked("CL (L/h)", cl_l_per_h), _checked("V1 (L)", v1_l)
    q, v2 = _checked("Q (L/h)", q_l_per_h), _checked("V2 (L)", v2_l)
    k10, k12, k21 = cl / v1, q / v1, q / v2
    total, product = k10 + k12 + k21, k10 * k21
    root = np.sqrt(total * total - 4.0 * product)
    return (total + root) / 2.0, (total - root) / 2.0


def two_compartment_oral_terms(dose_mg, ka_per_h, cl_l_per_h, v1_l, q_l_per_h, v2_l, bioavailability: float = 1.0):
    """Coefficients (mg/L) and rates (1/h) of the three exponentials after one oral dose.

    C(t) = F D ka / V1 * sum over lambda in (alpha, beta, ka) of (k21 - lambda) / prod_(mu != lambda)(mu - lambda)
    * exp(-lambda t). Works element-wise on arrays of parameters; the last axis holds the three terms.
    """
    dose = _checked("dose (mg)", dose_mg, allow_zero=True)
    f = _checked("bioavailability", bioavailability, allow_zero=True, upper=1.0)
    ka = np.asarray(_checked("ka (1/h)", ka_per_h), dtype=float)
    alpha, beta = (np.asarray(x, dtype=float) for x in two_compartment_exponents(cl_l_per_h, v1_l, q_l_per_h, v2_l))
    v1 = np.asarray(_checked("V1 (L)", v1_l), dtype=float)
    k21 = np.asarray(q_l_per_h, dtype=float) / np.asarray(v2_l, dtype=float)
    if np.any(np.isclose(ka, alpha)) or np.any(np.isclose(ka, beta)):
        raise ValueError("ka must differ from the distribution and terminal rate constants")
    scale = f * dose * ka / v1
    c_alpha = scale * (k21 - alpha) / ((ka - alpha) * (beta - alpha))
    c_beta = scale * (k21 - beta) / ((ka - beta) * (alpha - beta))
    c_ka = scale * (k21 - ka) / ((alpha - ka) * (beta - ka))
    coefficients = np.stack(np.broadcast_arrays(c_alpha, c_beta, c_ka), axis=-1)
    rates = np.stack(np.broadcast_arrays(alpha, beta, ka), axis=-1)
    return coefficients, rates


def two_compartment_oral(t_h, dose_mg, ka_per_h, cl_l_per_h, v1_l, q_l_per_h, v2_l, bioavailability: float = 1.0):
    """Plasma concentration (mg/L) after one oral dose at t = 0 (two compartments); 0 before the dose."""
    coefficients, rates = two_compartment_oral_terms(dose_mg, ka_per_h, cl_l_per_h, v1_l, q_l_per_h, v2_l, bioavailability)
    return sum_of_exponentials(t_h, coefficients, rates)


def curve_summary(coefficients, rates_per_h) -> dict[str, float]:
    """Cmax (mg/L), tmax (h), AUC 0-inf (mg*h/L) and terminal half-life (h) of one sum of exponentials.

    AUC = sum c_i / lambda_i; the terminal half-life is ln 2 over the smallest rate; the peak is the
    first zero of the derivative, found on a grid and refined with brentq (one curve at a time).
    """
    from scipy.optimize import brentq

    c = np.asarray(coefficients, dtype=float).ravel()
    lam = np.asarray(_checked("rate constants (1/h)", rates_per_h), dtype=float).ravel()

    def slope(t):
        return float(-(c * lam * np.exp(-lam * t)).sum())

    grid = np.concatenate([[0.0], np.geomspace(1e-4, 10.0 / lam.min(), 1000)])
    values = -(c * lam * np.exp(-np.outer(grid, lam))).sum(axis=1)
    sign_change = np.nonzero((values[:-1] > 0) & (values[1:] <= 0))[0]
    if len(sign_change) == 0:
        raise ValueError("the curve has no peak after t = 0")
    i = sign_change[0]
    peak_time = brentq(slope, grid[i], grid[i + 1], xtol=1e-12)
    return {
        "cmax": float((c * np.exp(-lam * peak_time)).sum()),
        "tmax_h": float(peak_time),
        "auc": float((c / lam).sum()),
        "terminal_half_life_h": float(LN2 / lam.min()),
    }


def accumulation(coefficients, rates_per_h, interval_h, n_grid: int = 2001) -> dict[str, float]:
    """Peak, trough and AUC accumulation for dosing every interval_h hours (see the module docstring).

    peak: max of the steady-state curve over max of the first-dose curve within the first interval;
    trough: steady-state concentration at tau over the first dose's concentration at tau;
    auc: AUC over one interval at steady state (= AUC 0-inf of one dose) over AUC 0-tau of the first dose.
    """
    tau = _checked("dosing interval (h)", interval_h)
    c = np.asarray(coefficients, dtype=float)
    lam = np.asarray(rates_per_h, dtype=float)
    grid = np.linspace(0.0, tau, n_grid)
    first = sum_of_exponentials(grid, c, lam)
    steady = sum_of_exponentials_steady_state(grid, c, lam, tau)
    auc_first = float((c / lam * (1 - np.exp(-lam * tau))).sum())
    return {
        "peak": float(steady.max() / first.max()),
        "trough": float(steady[-1] / first[-1]),
        "auc": float((c / lam).sum() / auc_first),
    }


def calibrate_two_compartment(
    dose_mg: float, cmax_mg_per_l: float, tmax_hours: float, auc_mg_h_per_l: float, terminal_half_life_h: float, ka_per_h: float
) -> TwoCompartment:
    """Fit CL/F, V1/F, Q/F and V2/F (SciPy least squares) so that one dose reproduces four summary statistics.

    Four statistics cannot determine five parameters, so the absorption rate constant ka is an
    input, not a fitted value: the caller states it. Residuals are relative (log ratios for Cmax,
    AUC and half-life; a fraction of tmax). Raises if no exact fit is found.
    """
    from scipy.optimize import least_squares

    dose = _checked("dose (mg)", dose_mg)
    cmax, tmax = _checked("Cmax (mg/L)", cmax_mg_per_l), _checked("tmax (h)", tmax_hours)
    auc, half = _checked("AUC (mg*h/L)", auc_mg_h_per_l), _checked("terminal half-life (h)", terminal_half_life_h)
    ka = _checked("ka (1/h)", ka_per_h)

    def residuals(log_params):
        cl, v1, q, v2 = np.exp(log_params)
        try:
            summary = curve_summary(*two_compartment_oral_terms(dose, ka, cl, v1, q, v2))
        except ValueError:
            return np.full(4, 10.0)
        return [
            np.log(summary["cmax"] / cmax),
            summary["tmax_h"] / tmax - 1.0,
            np.log(summary["auc"] / auc),
            np.log(summary["terminal_half_life_h"] / half),
        ]

    cl0 = dose / auc
    vz0 = cl0 * half / LN2
    starts = [
        (cl0, dose / cmax * f1, cl0 * f2, vz0 * f3)
        for f1, f2, f3 in ((0.4, 1.0, 0.5), (0.2, 0.5, 0.8), (0.6, 2.0, 0.4), (0.1, 3.0, 0.9))
    ]
    best = None
    for start in starts:  # deterministic starts, tried in order until one fits exactly
        fit = least_squares(residuals, np.log(start), xtol=1e-12, ftol=1e-12, gtol=1e-12)
        if best is None or fit.cost < best.cost:
            best = fit
        if best.cost <= 1e-12:
            break
    if best.cost > 1e-8:
        raise ValueError(f"no two-compartment curve with ka = {ka:g} 1/h reproduces these statistics (cost {best.cost:.2g})")
    cl, v1, q, v2 = (float(x) for x in np.exp(best.x))
    return TwoCompartment(ka_per_h=ka, cl_l_per_h=cl, v1_l=v1, q_l_per_h=q, v2_l=v2)


# --- terminal half-life from sampled data -----------------------------------------------------


def two_phase_decline(t_h, fast_amount, fast_half_life_h, slow_amount, slow_half_life_h):
    """A bi-exponential decline: the sum of a fast and a slow phase (same unit as the amounts)."""
    t = _times(t_h)
    return _checked("fast amount", fast_amount, allow_zero=True) * np.exp(-ke_from_half_life(fast_half_life_h) * t) + _checked(
        "slow amount", slow_amount, allow_zero=True
    ) * np.exp(-ke_from_half_life(slow_half_life_h) * t)


def fit_terminal_half_life(t_h, conc, n_last: int = 4) -> float:
    """Half-life (h) from a log-linear least-squares fit to the last n_last sampled points."""
    t = _times(t_h)[-n_last:]
    c = np.asarray(conc, dtype=float)[-n_last:]
    if len(t) < 2 or np.isnan(c).any() or (c <= 0).any():
        raise ValueError("need at least two positive concentrations to fit a half-life")
    slope = np.polyfit(t, np.log(c), 1)[0]
    if slope >= 0:
        raise ValueError("concentrations are not declining over the fitted points")
    return LN2 / -slope


def sampled_half_life(curve, window_h: float, n_samples: int = 12, n_last: int = 4) -> float:
    """Sample `curve(t)` at n_samples evenly spaced times up to window_h and fit the terminal half-life."""
    window = _checked("sampling window (h)", window_h)
    times = np.linspace(window / n_samples, window, n_samples)
    return fit_terminal_half_life(times, curve(times), n_last=n_last)
