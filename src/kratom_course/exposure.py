"""From grams of leaf to receptor occupancy, with the uncertainty carried through (notebook 03).

Every range comes from data/ (leaf content, half-lives, peak concentrations, protein binding,
Ki). The model is a teaching device: it shows how wide the implied exposure is, and it is
not a prediction for any person or product, nor guidance on any dose.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import data
from .pharmacology import ng_per_ml_to_nm, nm_to_ng_per_ml, occupancy, unbound_concentration
from .pk import (ka_from_tmax, ke_from_half_life, leaf_to_alkaloid_mg, repeated_doses, single_dose, steady_state,
                 volume_for_cmax)

SEED = 20261125
N_DRAWS = 2000


def molar_mass(compound: str = "mitragynine") -> float:
    props = data.load("compound_properties")
    return float(props.query("compound == @compound and property == 'molar_mass'")["value"].iloc[0])


def leaf_content_range_percent() -> tuple[float, float]:
    """Lowest and highest mitragynine content of dried leaf (% w/w) in data/alkaloid_content.csv."""
    content = data.load("alkaloid_content").query(
        "material == 'dried-leaf' and alkaloid == 'mitragynine' and unit == 'percent_w_w'")["value"]
    return float(content.min()), float(content.max())


def human_half_lives_h() -> pd.DataFrame:
    """Mitragynine half-lives measured in people, with sampling duration.

    Left out: ya2019, a review whose 3-9 h range pools rat and human data (see disagreements d02).
    """
    pk = data.load("pk_parameters")
    rows = pk.query("analyte == 'mitragynine' and parameter == 't_half' and ref_id != 'ya2019'")
    return rows[["value_id", "value", "spread", "spread_type", "sampling_h", "n", "ref_id"]].reset_index(drop=True)


@dataclass(frozen=True)
class Calibration:
    """Teaching parameters for one oral dose of leaf, anchored to the Tanna 2022 study (via tanna2023)."""

    dose_mg: float        # mitragynine in the 2 g of leaf given
    tmax_h: float
    cmax_nm: tuple[float, float, float]  # median, low, high
    t_half_h: float

    @property
    def ke(self) -> float:
        return ke_from_half_life(self.t_half_h)

    @property
    def ka(self) -> float:
        return ka_from_tmax(self.tmax_h, self.ke)

    def volume_l(self, cmax_nm: float | None = None) -> float:
        cmax_mg_per_l = nm_to_ng_per_ml(cmax_nm or self.cmax_nm[0], molar_mass()) / 1000.0
        return volume_for_cmax(self.dose_mg, cmax_mg_per_l, self.ka, self.ke)


def tanna_calibration() -> Calibration:
    pk = data.load("pk_parameters").set_index("value_id")
    low, high = (float(x) for x in pk.loc["pk009", "spread"].split("-"))
    return Calibration(dose_mg=float(pk.loc["pk009", "dose_mg"]), tmax_h=float(pk.loc["pk010", "value"]),
                       cmax_nm=(float(pk.loc["pk009", "value"]), low, high), t_half_h=float(pk.loc["pk011", "value"]))


def concentration_nm(t_h, leaf_g, content_percent, calibration: Calibration, volume_l=None, interval_h=None, n_doses=1):
    """Model plasma mitragynine (nM) after leaf_g grams of leaf, once or every interval_h hours."""
    dose = leaf_to_alkaloid_mg(leaf_g, content_percent)
    volume = volume_l or calibration.volume_l()
    if interval_h is None:
        mg_per_l = single_dose(t_h, dose, volume, calibration.ka, calibration.ke)
    else:
        mg_per_l = repeated_doses(t_h, dose, interval_h, n_doses, volume, calibration.ka, calibration.ke)
    return ng_per_ml_to_nm(np.asarray(mg_per_l) * 1000.0, molar_mass())


def parameter_ranges() -> dict[str, tuple[float, float]]:
    """Ranges, from data/, over which the Monte Carlo draws (uniform on a log scale)."""
    props = data.load("compound_properties").query("compound == 'mitragynine' and property == 'plasma_protein_binding'")
    bound = props["value"].astype(float) / 100.0
    kis = data.load("receptor_values").query("receptor == 'MOR' and measure == 'Ki'")["value"].astype(float)
    cal = tanna_calibration()
    return {
        "content_percent": leaf_content_range_percent(),
        "t_half_h": (float(human_half_lives_h()["value"].min()), float(human_half_lives_h()["value"].max())),
        "cmax_nm_per_39mg": (cal.cmax_nm[1], cal.cmax_nm[2]),
        "fraction_unbound": (float(1 - bound.max()), float(1 - bound.min())),
        "ki_nm": (float(kis.min()), float(kis.max())),
    }


def monte_carlo_peaks(leaf_g: float, n_draws: int = N_DRAWS, seed: int = SEED, interval_h: float | None = None) -> pd.DataFrame:
    """Peak total and unbound plasma mitragynine (nM) and MOR occupancy for leaf_g grams of leaf.

    One dose, or (interval_h given) regular doses at steady state. Each draw takes leaf content,
    half-life, the volume implied by the observed Cmax range, the unbound fraction and the MOR Ki
    independently and log-uniformly from parameter_ranges(); the seed makes the draws repeatable.
    """
    rng = np.random.default_rng(seed)
    draw = {k: np.exp(rng.uniform(np.log(lo), np.log(hi), n_draws)) for k, (lo, hi) in parameter_ranges().items()}
    base = tanna_calibration()
    ke = np.array([ke_from_half_life(t) for t in draw["t_half_h"]])
    ka = np.array([ka_from_tmax(base.tmax_h, k) for k in ke])
    mm = molar_mass()
    cmax_mg_per_l = nm_to_ng_per_ml(draw["cmax_nm_per_39mg"], mm) / 1000.0
    volume = np.array([volume_for_cmax(base.dose_mg, c, a, k) for c, a, k in zip(cmax_mg_per_l, ka, ke)])
    dose = leaf_to_alkaloid_mg(leaf_g, draw["content_percent"])
    if interval_h is None:
        peak_mg_per_l = dose / base.dose_mg * cmax_mg_per_l  # linear kinetics: the peak scales with dose
    else:
        grid = np.linspace(0, interval_h, 97)[:, None]
        peak_mg_per_l = steady_state(grid, dose, interval_h, volume, ka, ke).max(axis=0)
    peaks = ng_per_ml_to_nm(peak_mg_per_l * 1000.0, mm)
    unbound = unbound_concentration(peaks, draw["fraction_unbound"])
    return pd.DataFrame({"leaf_g": leaf_g, "peak_total_nM": peaks, "peak_unbound_nM": unbound,
                         "mor_occupancy": occupancy(unbound, draw["ki_nm"]), "volume_l": volume,
                         **{f"draw_{k}": v for k, v in draw.items()}})


def summarise(draws: pd.DataFrame, columns=("peak_total_nM", "peak_unbound_nM", "mor_occupancy")) -> pd.DataFrame:
    """5th, 50th and 95th percentiles of the given columns, rounded for display."""
    q = draws[list(columns)].quantile([0.05, 0.5, 0.95]).T
    q.columns = ["p05", "median", "p95"]
    return q.round(3)
