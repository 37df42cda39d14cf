"""The two calibrations of the exposure model to one study (notebook 03), and the curves they give.

The two-compartment model is fitted to the calibration study's Cmax, tmax, AUC and terminal half-life
(absorption assumed: ka is not identifiable from four statistics); the one-compartment model is kept as
the counter-example. Concentrations in nM of mitragynine after milligrams of mitragynine swallowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .. import data, pk
from ..units import checked, nm_to_mg_per_l
from .inputs import HEPATIC_BLOOD_FLOW, URINARY_UNCHANGED, Observed, observed

# Absorption is not identifiable from four summary statistics: every ka in KA_VALUES_PER_H fits them
# exactly (see ka_identifiability()). This value is an assumption, not a measurement.
ASSUMED_KA_PER_H = 1.0

# The absorption rate constants that fit the study's four statistics, spanning the whole range that fits:
# just outside its ends (KA_FIT_BREAKS_PER_H) no two-compartment curve reproduces them (tests/test_exposure.py
# checks both). Near either end the slow phase shrinks, so results that hinge on it (AUC accumulation, the
# half-life a short sampling window finds) move most there.
KA_VALUES_PER_H = (0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 2.1, 2.2, 2.3, 2.5)
KA_FIT_BREAKS_PER_H = (0.25, 2.6)


@dataclass(frozen=True)
class OneCompartment:
    """The one-compartment calibration: ke from the terminal half-life, ka from tmax, V/F from Cmax.

    Kept as a counter-example: it reproduces the peak and the half-life but implies CL/F = ke V/F
    far below the study's clearance, hence an AUC many times the observed one.
    """

    dose_mg: float
    tmax_h: float
    cmax_nm: float
    t_half_h: float
    molar_mass: float

    @property
    def ke(self) -> float:
        return pk.ke_from_half_life(self.t_half_h)

    @property
    def ka(self) -> float:
        return pk.ka_from_tmax(self.tmax_h, self.ke)

    def volume_l(self, cmax_nm: float | None = None) -> float:
        cmax = self.cmax_nm if cmax_nm is None else cmax_nm
        return pk.volume_for_cmax(self.dose_mg, nm_to_mg_per_l(cmax, self.molar_mass), self.ka, self.ke)

    @property
    def cl_l_per_h(self) -> float:
        return self.ke * self.volume_l()

    def terms(self, dose_mg: float | None = None):
        """(coefficients in mg/L, rates in 1/h) of the Bateman function for one dose."""
        dose = self.dose_mg if dose_mg is None else dose_mg
        scale = dose * self.ka / (self.volume_l() * (self.ka - self.ke))
        return np.array([scale, -scale]), np.array([self.ke, self.ka])


def one_compartment() -> OneCompartment:
    """The one-compartment calibration to the same study (the counter-example of notebook 03)."""
    obs = observed()
    return OneCompartment(
        dose_mg=obs.dose_mg, tmax_h=obs.tmax_h, cmax_nm=obs.cmax_nm, t_half_h=obs.t_half_h, molar_mass=obs.molar_mass
    )


@lru_cache(maxsize=16)
def _two_compartment(ka_per_h: float, obs: Observed) -> pk.TwoCompartment:
    return pk.calibrate_two_compartment(
        obs.dose_mg, obs.to_mg_per_l(obs.cmax_nm), obs.tmax_h, obs.to_mg_per_l(obs.auc_nm_h), obs.t_half_h, ka_per_h
    )


def two_compartment(ka_per_h: float | None = None) -> pk.TwoCompartment:
    """The two-compartment model fitted to Cmax, tmax, AUC and terminal half-life (ka assumed, see ASSUMED_KA_PER_H)."""
    ka = ASSUMED_KA_PER_H if ka_per_h is None else float(ka_per_h)
    return _two_compartment(ka, observed())


def _summary_nm(terms, obs: Observed) -> dict[str, float]:
    s = pk.curve_summary(*terms)
    return {
        "cmax": float(obs.to_nm(s["cmax"])),
        "tmax": s["tmax_h"],
        "auc": float(obs.to_nm(s["auc"])),
        "t_half": s["terminal_half_life_h"],
    }


def model_check(ka_per_h: float | None = None) -> pd.DataFrame:
    """Cmax, tmax, AUC, CL/F, Vz/F and terminal half-life: observed, one-compartment and two-compartment.

    CL/F of a model is dose / AUC (in moles); Vz/F is CL/F over the terminal rate constant. The
    ratio columns are model / observed.
    """
    obs = observed()
    dose_nmol = obs.dose_mg / obs.molar_mass * 1e6
    one, two = one_compartment(), two_compartment(ka_per_h)
    rows = []
    for label, terms in (("one_compartment", one.terms()), ("two_compartment", two.terms(obs.dose_mg))):
        s = _summary_nm(terms, obs)
        cl = dose_nmol / s["auc"]
        rows.append(
            {
                "model": label,
                "Cmax (nM)": s["cmax"],
                "tmax (h)": s["tmax"],
                "AUC (nM*h)": s["auc"],
                "CL/F (L/h)": cl,
                "Vz/F (L)": cl * s["t_half"] / pk.LN2,
                "terminal t1/2 (h)": s["t_half"],
            }
        )
    observed_row = {
        "model": "observed",
        "Cmax (nM)": obs.cmax_nm,
        "tmax (h)": obs.tmax_h,
        "AUC (nM*h)": obs.auc_nm_h,
        "CL/F (L/h)": obs.cl_f_l_per_h,
        "Vz/F (L)": obs.vz_f_l,
        "terminal t1/2 (h)": obs.t_half_h,
    }
    table = pd.DataFrame([observed_row] + rows).set_index("model").T
    table["one / observed"] = table["one_compartment"] / table["observed"]
    table["two / observed"] = table["two_compartment"] / table["observed"]
    table.index.name = "statistic"
    return table


def ka_identifiability(ka_values=KA_VALUES_PER_H, interval_h: float = 24.0) -> pd.DataFrame:
    """For several assumed ka: the fitted volumes, the peak, trough and AUC accumulation for dosing every
    interval_h, and the absolute steady-state trough (nM) at the study's dose.

    Peak accumulation barely moves with ka; trough accumulation stays near threefold except close to the
    upper end of the range that fits; the AUC accumulation and the absolute trough move several-fold: the
    four summary statistics do not pin them down.
    """
    obs = observed()
    rows = []
    for ka in ka_values:
        model = two_compartment(ka)
        acc = pk.accumulation(*model.terms(1.0), interval_h)
        trough_mg_per_l = pk.sum_of_exponentials_steady_state(interval_h, *model.terms(obs.dose_mg), interval_h)
        rows.append(
            {
                "ka (1/h)": ka,
                "V1/F (L)": model.v1_l,
                "Q/F (L/h)": model.q_l_per_h,
                "V2/F (L)": model.v2_l,
                "CL/F (L/h)": model.cl_l_per_h,
                "peak accumulation": acc["peak"],
                "trough accumulation": acc["trough"],
                "AUC accumulation": acc["auc"],
                "steady-state trough (nM)": float(obs.to_nm(trough_mg_per_l)),
            }
        )
    return pd.DataFrame(rows).set_index("ka (1/h)")


def accumulation_range(kind: str = "auc", ka_values=KA_VALUES_PER_H, interval_h: float = 24.0) -> tuple[float, float]:
    """Lowest and highest accumulation of one kind ('peak', 'trough' or 'auc') across the ka values that fit."""
    column = {"peak": "peak accumulation", "trough": "trough accumulation", "auc": "AUC accumulation"}[kind]
    values = ka_identifiability(ka_values, interval_h)[column]
    return float(values.min()), float(values.max())


def bioavailability_ceiling() -> dict[str, float]:
    """How far hepatic blood flow caps the oral bioavailability F of mitragynine (a bound, not an estimate).

    If mitragynine is cleared by the liver (almost none leaves unchanged in urine), its systemic
    clearance CL cannot exceed liver blood flow Q_H. The study measured CL/F, so F = CL / (CL/F) is at
    most Q_H / (CL/F), and V/F and CL/F overstate the true volume and clearance at least 1/F_max-fold.
    Caveats: Q_H is blood flow while CL/F is a plasma clearance (a blood-to-plasma ratio, not measured
    for mitragynine, would shift the bound); any clearance outside the liver loosens it; a loss of
    drug in the gut or in the cup before absorption lowers F further and is folded into the same F.
    """
    table, unit, where = HEPATIC_BLOOD_FLOW
    flows_l_per_h = data.select(table, unit=unit, many=True, **where)["value"].astype(float) * 60.0
    table, unit, where = URINARY_UNCHANGED
    cl_f = observed().cl_f_l_per_h
    low, high = float(flows_l_per_h.min()), float(flows_l_per_h.max())
    return {
        "flow_low_l_per_h": low,
        "flow_high_l_per_h": high,
        "cl_f_l_per_h": cl_f,
        "f_max_low": low / cl_f,
        "f_max_high": high / cl_f,
        "overstatement_at_least": cl_f / high,
        "urine_unchanged_percent": data.value(table, unit=unit, **where),
    }


def accumulation_table(interval_h: float = 24.0, ka_per_h: float | None = None) -> pd.DataFrame:
    """Peak, trough and AUC accumulation for dosing every interval_h hours, one- vs two-compartment model."""
    obs = observed()
    one = pk.accumulation(*one_compartment().terms(), interval_h)
    two = pk.accumulation(*two_compartment(ka_per_h).terms(obs.dose_mg), interval_h)
    return pd.DataFrame({"one_compartment": one, "two_compartment": two}).rename_axis("accumulation")


def concentration_nm(
    t_h,
    dose_mg,
    *,
    interval_h: float | None = None,
    n_doses: int = 1,
    model: str = "two_compartment",
    ka_per_h: float | None = None,
):
    """Plasma mitragynine (nM) after dose_mg mg of mitragynine, once or n_doses times every interval_h hours.

    model: "two_compartment" (the calibrated model) or "one_compartment" (the counter-example).
    Linear kinetics: the curve scales with dose (Huestis 2024 report dose-proportional Cmax).
    """
    obs = observed()
    dose = float(checked("dose (mg)", dose_mg))
    if model == "two_compartment":
        c, lam = two_compartment(ka_per_h).terms(dose)
    elif model == "one_compartment":
        c, lam = one_compartment().terms(dose)
    else:
        raise ValueError(f"unknown model {model!r}")
    t = np.asarray(t_h, dtype=float)
    if interval_h is None:
        mg_per_l = pk.sum_of_exponentials(t, c, lam)
    else:
        if int(n_doses) != n_doses or n_doses < 1:
            raise ValueError(f"n_doses must be a positive whole number, got {n_doses}")
        interval = float(checked("dosing interval (h)", interval_h, allow_zero=False))
        mg_per_l = sum(pk.sum_of_exponentials(t - k * interval, c, lam) for k in range(int(n_doses)))
    return obs.to_nm(mg_per_l)
