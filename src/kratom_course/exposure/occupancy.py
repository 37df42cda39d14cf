"""Receptor occupancy from the calibrated exposure model (notebook 03): Monte Carlo and sensitivity.

The spread of the draws is the spread of the model's inputs as published, not a population range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import pk
from ..data import cached
from ..pharmacology import occupancy, unbound_concentration
from ..receptors import BASE_READING, KI_SCENARIOS, mor_ki_nm
from ..units import checked, mg_per_l_to_nm
from .calibration import two_compartment
from .inputs import (
    MITRAGYNINE,
    SEVEN_OH,
    fraction_unbound_7oh,
    fraction_unbound_range,
    highest_dose_studied_mg,
    model_input,
    observed,
    observed_range,
)

SEED = 20261125
N_DRAWS = 2000

# ================================================================================================
# Receptor occupancy: Monte Carlo and sensitivity
# ================================================================================================


def default_ranges() -> dict[str, tuple[float, float]]:
    """Ranges (low, high) the Monte Carlo draws from, each read from data/:

    cmax_scale: the study's Cmax range over its median (pk Cmax range_low/high over value);
    t_half_h: the study's range of terminal half-lives; fraction_unbound: 1 - the reported protein
    binding range; cmax_7oh_scale: 7-OH's Cmax range over its median.
    """
    cmax_low, cmax_high = observed_range("cmax_nm")
    oh_low, oh_high = observed_range("cmax_7oh_nm")
    cmax, cmax_7oh = model_input("cmax_nm"), model_input("cmax_7oh_nm")
    return {
        "cmax_scale": (cmax_low / cmax, cmax_high / cmax),
        "t_half_h": observed_range("t_half_h"),
        "fraction_unbound": fraction_unbound_range(),
        "cmax_7oh_scale": (oh_low / cmax_7oh, oh_high / cmax_7oh),
    }


def _central(low: float, high: float) -> float:
    return float(np.sqrt(low * high))


def central_values(ranges: dict[str, tuple[float, float]] | None = None) -> dict[str, float]:
    """Central value of each range: the study's median where data/ gives one inside the range
    (Cmax and 7-OH Cmax scale 1, the median half-life), else the geometric middle (protein binding)."""
    ranges = default_ranges() if ranges is None else ranges
    medians = {"cmax_scale": 1.0, "cmax_7oh_scale": 1.0, "t_half_h": model_input("t_half_h")}
    return {k: medians[k] if k in medians and lo <= medians[k] <= hi else _central(lo, hi) for k, (lo, hi) in ranges.items()}


def peak_exposure(
    dose_mg,
    *,
    cmax_scale=1.0,
    t_half_h=None,
    fraction_unbound=None,
    cmax_7oh_scale=1.0,
    scenario: str = BASE_READING,
    interval_h: float | None = None,
    ka_per_h: float | None = None,
    n_grid: int = 241,
    peak_window_h: float = 6.0,
    ki_7oh_factor: float = 1.0,
) -> pd.DataFrame:
    """Peak (and, with interval_h, trough) plasma levels and MOR occupancy; vectorised over the inputs.

    Each input may be an array (one value per draw). The calibrated two-compartment curve keeps its
    early shape, is scaled in height by cmax_scale and gets a terminal phase of half-life t_half_h.
    With interval_h, peaks and troughs are at steady state (closed form, no per-draw root finding);
    otherwise after one dose. Occupancy is of unbound drug at its peak (both compounds peak near 1 h).
    Under daily dosing 7-OH's peak is scaled by 1/(1-exp(-k T)) with k from its single-dose half-life
    (T the dosing interval). That is an assumption, not a bound: a metabolite formed from a parent with
    a two-day half-life ends up declining in parallel with it (Huestis 2024 report a longer 7-OH
    half-life after repeated doses). The empirical check is Huestis 2024's 7-OH/mitragynine ratio, lower
    after daily doses than after one (data/findings.csv): 7-OH's peaks do not outgrow mitragynine's.
    ki_7oh_factor multiplies 7-OH's Ki of the reading (1 = as in data/; see seven_oh_ki_sensitivity).
    """
    obs = observed()
    model = two_compartment(ka_per_h)
    c, lam = model.terms(1.0)  # per mg
    dose = checked("dose (mg)", dose_mg)
    t_half = obs.t_half_h if t_half_h is None else t_half_h
    fu = _central(*fraction_unbound_range()) if fraction_unbound is None else fraction_unbound
    scale, t_half, fu, oh_scale = np.broadcast_arrays(
        *(
            checked(n, v, allow_zero=False)
            for n, v in (
                ("cmax_scale", cmax_scale),
                ("t_half_h", t_half),
                ("fraction_unbound", fu),
                ("cmax_7oh_scale", cmax_7oh_scale),
            )
        )
    )
    dose = np.broadcast_to(dose, scale.shape)
    rates = np.broadcast_to(lam, scale.shape + (3,)).copy()
    rates[..., 1] = pk.ke_from_half_life(t_half)
    coefficients = c * (dose * scale)[..., None]
    # the peak lies within the first hours after a dose (tmax near 1 h); the trough is at the interval's end
    end = peak_window_h if interval_h is None else min(peak_window_h, float(interval_h))
    grid = np.append(np.linspace(0.0, end, n_grid), end if interval_h is None else float(interval_h))
    grid = grid.reshape((-1,) + (1,) * scale.ndim)
    if interval_h is None:
        curve = pk.sum_of_exponentials(grid, coefficients, rates)
        trough = np.full(scale.shape, np.nan)
        oh_factor = 1.0
    else:
        curve = pk.sum_of_exponentials_steady_state(grid, coefficients, rates, interval_h)
        trough = curve[-1]
        oh_factor = float(pk.accumulation_ratio(pk.ke_from_half_life(model_input("t_half_7oh_h")), interval_h))
    peak_mg = mg_per_l_to_nm(curve.max(axis=0), obs.molar_mass)
    peak_7oh = model_input("cmax_7oh_nm") / obs.dose_mg * dose * oh_scale * oh_factor
    unbound_mg = unbound_concentration(peak_mg, fu)
    unbound_7oh = unbound_concentration(peak_7oh, fraction_unbound_7oh())
    ki_mg = mor_ki_nm(MITRAGYNINE, scenario)
    ki_7oh = mor_ki_nm(SEVEN_OH, scenario) * float(checked("ki_7oh_factor", ki_7oh_factor, allow_zero=False))
    x_mg, x_7oh = unbound_mg / ki_mg, unbound_7oh / ki_7oh
    return pd.DataFrame(
        {
            "dose_mg": dose.ravel(),
            "scenario": scenario,
            "peak_total_nM": np.ravel(peak_mg),
            "trough_total_nM": mg_per_l_to_nm(np.ravel(trough), obs.molar_mass) if interval_h else np.ravel(trough),
            "peak_unbound_nM": np.ravel(unbound_mg),
            "peak_7oh_total_nM": np.ravel(peak_7oh),
            "peak_7oh_unbound_nM": np.ravel(unbound_7oh),
            "occupancy_mitragynine": np.ravel(occupancy(unbound_mg, ki_mg)),
            "occupancy_7oh": np.ravel(occupancy(unbound_7oh, ki_7oh)),
            "occupancy_both": np.ravel((x_mg + x_7oh) / (1 + x_mg + x_7oh)),  # two competing ligands at one site
        }
    )


def monte_carlo(
    dose_mg: float,
    *,
    scenario: str = BASE_READING,
    interval_h: float | None = None,
    ranges: dict[str, tuple[float, float]] | None = None,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    ka_per_h: float | None = None,
) -> pd.DataFrame:
    """Draws of peak exposure and MOR occupancy for dose_mg mg of mitragynine (one dose, or daily at steady state).

    Each range (default_ranges(), any of which may be overridden) is drawn independently and
    log-uniformly; the Ki is fixed by the named scenario, not drawn. The seed makes draws repeatable.
    The spread of the draws is the spread of the model's inputs as published (the lowest and highest of
    five people, a review's range of protein binding), not the range of a population: percentiles of
    these draws are not percentiles of people.
    """
    chosen = default_ranges()
    if ranges is not None:
        unknown = set(ranges) - set(chosen)
        if unknown:
            raise KeyError(f"unknown ranges {sorted(unknown)}; known: {sorted(chosen)}")
        chosen.update(ranges)
    rng = np.random.default_rng(seed)
    draws = {}
    for name, (low, high) in chosen.items():
        low, high = float(checked(f"{name} low", low, allow_zero=False)), float(checked(f"{name} high", high, allow_zero=False))
        if low > high:
            raise ValueError(f"range {name}: low {low} is above high {high}")
        draws[name] = np.exp(rng.uniform(np.log(low), np.log(high), n_draws))
    result = peak_exposure(dose_mg, scenario=scenario, interval_h=interval_h, ka_per_h=ka_per_h, **draws)
    for name, values in draws.items():
        result[f"draw_{name}"] = values
    return result


def _at_dose(per_mg: pd.DataFrame, dose_mg: float, column: str, scenario: str) -> pd.Series:
    """A Monte Carlo column at dose_mg from draws made per mg (linear kinetics; occupancy recomputed)."""
    x_mg = per_mg["peak_unbound_nM"] / mor_ki_nm(MITRAGYNINE, scenario)
    x_7oh = per_mg["peak_7oh_unbound_nM"] / mor_ki_nm(SEVEN_OH, scenario)
    occupied = {"occupancy_mitragynine": x_mg, "occupancy_7oh": x_7oh, "occupancy_both": x_mg + x_7oh}
    if column in occupied:
        x = dose_mg * occupied[column]
        return x / (1 + x)
    return dose_mg * per_mg[column]


@cached
def _per_mg_draws(scenario, interval_h, n_draws, seed, ranges_key, ka_per_h) -> pd.DataFrame:
    ranges = None if ranges_key is None else {k: v for k, v in ranges_key}
    return monte_carlo(
        1.0, scenario=scenario, interval_h=interval_h, n_draws=n_draws, seed=seed, ranges=ranges, ka_per_h=ka_per_h
    )


def exposure_by_dose(
    doses_mg=(5, 10, 25, 50, 75, 100),
    *,
    interval_h: float | None = None,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    column: str = "occupancy_both",
    ranges=None,
    ka_per_h: float | None = None,
) -> pd.DataFrame:
    """Per dose (mg of mitragynine) and Ki scenario: 5th, 50th and 95th percentile of `column`.

    One Monte Carlo per scenario at 1 mg, scaled to each dose (linear kinetics), so a fine dose grid
    costs nothing extra. beyond_studied marks doses above the highest dose given to people in data/
    (the model extrapolates there). Peaks after one dose, or at steady state with interval_h. The
    percentiles describe the spread of the model's inputs, not a population range.
    """
    edge = highest_dose_studied_mg()
    ranges_key = None if ranges is None else tuple(sorted((k, tuple(v)) for k, v in ranges.items()))
    rows = []
    for scenario in KI_SCENARIOS:
        per_mg = _per_mg_draws(scenario, interval_h, n_draws, seed, ranges_key, ka_per_h)
        for dose in doses_mg:
            values = _at_dose(per_mg, float(dose), column, scenario)
            rows.append(
                {
                    "scenario": scenario,
                    "dose_mg": float(dose),
                    "p05": values.quantile(0.05),
                    "median": values.median(),
                    "p95": values.quantile(0.95),
                    "beyond_studied": float(dose) > edge,
                }
            )
    return pd.DataFrame(rows)


def sensitivity(
    dose_mg: float = 25.0,
    *,
    interval_h: float | None = 24.0,
    column: str = "occupancy_both",
    ranges: dict[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Tornado table: peak occupancy with each input at its low and high end, the others central.

    Central = central_values() (the study's medians where given) and the base-case Ki reading
    (BASE_READING, transposed); the Ki row swaps to the other reading (as printed). Sorted by swing
    (largest first): which input moves peak occupancy most.
    """
    chosen = default_ranges()
    if ranges is not None:
        chosen.update(ranges)
    central = central_values(chosen)

    def run(scenario=BASE_READING, **override):
        return float(peak_exposure(dose_mg, scenario=scenario, interval_h=interval_h, **{**central, **override})[column].iloc[0])

    base = run()
    labels = {
        "cmax_scale": "mitragynine Cmax per mg (observed range)",
        "t_half_h": "terminal half-life (observed range)",
        "fraction_unbound": "fraction unbound in plasma",
        "cmax_7oh_scale": "7-OH Cmax per mg (observed range)",
    }
    rows = [
        {"input": labels[k], "low_value": lo, "high_value": hi, "at_low": run(**{k: lo}), "at_high": run(**{k: hi})}
        for k, (lo, hi) in chosen.items()
    ]
    other = next(r for r in KI_SCENARIOS if r != BASE_READING)
    rows.append(
        {
            "input": f"MOR Ki reading ({BASE_READING} vs {other})",
            "low_value": np.nan,
            "high_value": np.nan,
            "at_low": base,
            "at_high": run(scenario=other),
        }
    )
    table = pd.DataFrame(rows)
    table["baseline"] = base
    table["swing"] = (table["at_high"] - table["at_low"]).abs()
    return table.sort_values("swing", ascending=False).reset_index(drop=True)


def seven_oh_ki_sensitivity(
    factors=(0.5, 1.0, 2.0), dose_mg: float | None = None, *, interval_h: float | None = 24.0, column: str = "occupancy_both"
) -> pd.DataFrame:
    """Peak MOR occupancy (fraction, 0 to 1) in the base case with 7-OH's Ki multiplied by each factor, the
    other inputs central, at dose_mg (default: the calibration study's dose) repeated every interval_h.

    The Ki pair rests on one abstract, and the doubt runs both ways: a Ki measured in the receptor's
    high-affinity state overstates binding in the body (true Ki higher, factor > 1), while a tighter 7-OH
    binding than the base case's (factor < 1) would raise occupancy. Factors, not other studies' values:
    no other laboratory's 7-OH Ki is in data/.
    """
    dose = observed().dose_mg if dose_mg is None else float(dose_mg)
    central = central_values()
    rows = [
        {
            "factor": float(f),
            "ki_7oh_nM": mor_ki_nm(SEVEN_OH, BASE_READING) * float(f),
            "occupancy": float(peak_exposure(dose, interval_h=interval_h, ki_7oh_factor=f, **central)[column].iloc[0]),
        }
        for f in factors
    ]
    return pd.DataFrame(rows)
