"""Pharmacokinetics: a one-compartment model with first-order absorption, in closed form.

Units: time in h, dose in mg, volume in L, concentrations in mg/L (= ug/mL; x1000 for ng/mL),
rate constants in 1/h. The model is for teaching what shapes a concentration curve; it is not a
fitted model of any product and gives no dosing guidance.
"""

from __future__ import annotations

import numpy as np

LN2 = np.log(2.0)


def _positive(name: str, value, allow_zero: bool = False) -> float:
    value = float(value)
    if np.isnan(value):
        raise ValueError(f"{name} is NaN")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'non-negative' if allow_zero else 'positive'}, got {value}")
    return value


def ke_from_half_life(t_half_h: float) -> float:
    """Elimination rate constant (1/h) from a half-life (h)."""
    return LN2 / _positive("half-life (h)", t_half_h)


def half_life_from_ke(ke_per_h: float) -> float:
    """Half-life (h) from an elimination rate constant (1/h)."""
    return LN2 / _positive("ke (1/h)", ke_per_h)


def leaf_to_alkaloid_mg(leaf_g, content_percent_w_w):
    """Milligrams of an alkaloid in `leaf_g` grams of leaf containing content_percent_w_w % (w/w)."""
    leaf = np.asarray(leaf_g, dtype=float)
    content = np.asarray(content_percent_w_w, dtype=float)
    if np.isnan(leaf).any() or np.isnan(content).any():
        raise ValueError("leaf mass or content is NaN")
    if (leaf < 0).any() or (content < 0).any() or (content > 100).any():
        raise ValueError("leaf mass must be >= 0 g and content between 0 and 100 %")
    return leaf * 1000.0 * content / 100.0


def single_dose(t_h, dose_mg, volume_l, ka_per_h, ke_per_h, bioavailability: float = 1.0):
    """Plasma concentration (mg/L) after one oral dose at t = 0 (Bateman function); 0 before the dose."""
    dose = _positive("dose (mg)", dose_mg, allow_zero=True)
    volume = _positive("volume (L)", volume_l)
    ka, ke = _positive("ka (1/h)", ka_per_h), _positive("ke (1/h)", ke_per_h)
    f = _positive("bioavailability", bioavailability, allow_zero=True)
    if f > 1:
        raise ValueError(f"bioavailability must be between 0 and 1, got {f}")
    t = np.asarray(t_h, dtype=float)
    if np.isnan(t).any():
        raise ValueError("time contains NaN")
    tp = np.clip(t, 0, None)
    scale = f * dose / volume
    if np.isclose(ka, ke):  # the limit ka -> ke of the Bateman function
        conc = scale * ke * tp * np.exp(-ke * tp)
    else:
        conc = scale * ka / (ka - ke) * (np.exp(-ke * tp) - np.exp(-ka * tp))
    return np.where(t < 0, 0.0, conc)


def repeated_doses(t_h, dose_mg, interval_h, n_doses, volume_l, ka_per_h, ke_per_h, bioavailability: float = 1.0):
    """Concentration (mg/L) after n_doses equal doses every interval_h hours, by superposition."""
    interval = _positive("dosing interval (h)", interval_h)
    if int(n_doses) != n_doses or n_doses < 1:
        raise ValueError(f"n_doses must be a positive whole number, got {n_doses}")
    t = np.asarray(t_h, dtype=float)
    return sum(single_dose(t - k * interval, dose_mg, volume_l, ka_per_h, ke_per_h, bioavailability)
               for k in range(int(n_doses)))


def accumulation_ratio(ke_per_h: float, interval_h: float) -> float:
    """Steady-state over first-dose exposure for dosing every interval_h: 1 / (1 - exp(-ke tau))."""
    ke, tau = _positive("ke (1/h)", ke_per_h), _positive("dosing interval (h)", interval_h)
    return 1.0 / (1.0 - np.exp(-ke * tau))


def time_to_steady_state_fraction(t_half_h: float, fraction: float = 0.9) -> float:
    """Hours of regular dosing until `fraction` of steady state is reached: log2(1/(1-f)) half-lives."""
    if not 0 < fraction < 1:
        raise ValueError("fraction must be strictly between 0 and 1")
    return _positive("half-life (h)", t_half_h) * np.log(1 / (1 - fraction)) / LN2


def two_phase_decline(t_h, fast_amount, fast_half_life_h, slow_amount, slow_half_life_h):
    """A bi-exponential decline: the sum of a fast and a slow phase (same unit as the amounts)."""
    t = np.asarray(t_h, dtype=float)
    return (fast_amount * np.exp(-ke_from_half_life(fast_half_life_h) * t)
            + slow_amount * np.exp(-ke_from_half_life(slow_half_life_h) * t))


def fit_terminal_half_life(t_h, conc, n_last: int = 4) -> float:
    """Half-life (h) from a log-linear least-squares fit to the last n_last sampled points."""
    t = np.asarray(t_h, dtype=float)[-n_last:]
    c = np.asarray(conc, dtype=float)[-n_last:]
    if len(t) < 2 or (c <= 0).any() or np.isnan(c).any():
        raise ValueError("need at least two positive concentrations to fit a half-life")
    slope = np.polyfit(t, np.log(c), 1)[0]
    if slope >= 0:
        raise ValueError("concentrations are not declining over the fitted points")
    return LN2 / -slope


def sampled_half_life(curve, window_h: float, n_samples: int = 12, n_last: int = 4) -> float:
    """Sample `curve(t)` at n_samples evenly spaced times up to window_h and fit the terminal half-life."""
    times = np.linspace(window_h / n_samples, window_h, n_samples)
    return fit_terminal_half_life(times, curve(times), n_last=n_last)


def tmax_h(ka_per_h: float, ke_per_h: float) -> float:
    """Time of the peak after one oral dose (h): ln(ka/ke) / (ka - ke)."""
    ka, ke = _positive("ka (1/h)", ka_per_h), _positive("ke (1/h)", ke_per_h)
    return 1.0 / ke if np.isclose(ka, ke) else np.log(ka / ke) / (ka - ke)


def ka_from_tmax(tmax_hours: float, ke_per_h: float) -> float:
    """Absorption rate constant (1/h, > ke) that puts the peak at tmax_hours."""
    from scipy.optimize import brentq

    tmax_target, ke = _positive("tmax (h)", tmax_hours), _positive("ke (1/h)", ke_per_h)
    if tmax_target >= 1.0 / ke:
        raise ValueError("tmax must be shorter than 1/ke for absorption faster than elimination")
    return brentq(lambda ka: tmax_h(ka, ke) - tmax_target, ke * (1 + 1e-9), 1e4)


def volume_for_cmax(dose_mg: float, cmax_mg_per_l: float, ka_per_h: float, ke_per_h: float) -> float:
    """Apparent volume (L) for which a single dose gives the observed peak concentration."""
    peak_time = tmax_h(ka_per_h, ke_per_h)
    per_litre = single_dose(np.array([peak_time]), dose_mg, 1.0, ka_per_h, ke_per_h)[0]
    return per_litre / _positive("Cmax (mg/L)", cmax_mg_per_l)


def steady_state(t_since_dose_h, dose_mg, interval_h, volume_l, ka_per_h, ke_per_h):
    """Concentration (mg/L) at steady state, t_since_dose_h after the latest of regular doses.

    The closed form of infinite superposition; works element-wise on arrays of parameters.
    """
    t = np.asarray(t_since_dose_h, dtype=float)
    ka, ke = np.asarray(ka_per_h, dtype=float), np.asarray(ke_per_h, dtype=float)
    tau, volume = np.asarray(interval_h, dtype=float), np.asarray(volume_l, dtype=float)
    if np.any(volume <= 0) or np.any(tau <= 0) or np.any(ke <= 0) or np.any(ka <= ke):
        raise ValueError("need volume > 0, interval > 0 and ka > ke > 0")
    scale = np.asarray(dose_mg, dtype=float) * ka / (volume * (ka - ke))
    return scale * (np.exp(-ke * t) / (1 - np.exp(-ke * tau)) - np.exp(-ka * t) / (1 - np.exp(-ka * tau)))
