"""Tables and curves the figures and tables of notebook 03 show: sampling windows, leaf to milligrams, the
chain from leaf to receptor, and the model's inputs and results as tables for people (drawing lives in
plots/pk.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, pk
from ..receptors import BASE_READING
from .calibration import KA_VALUES_PER_H, bioavailability_ceiling, concentration_nm, two_compartment
from .inputs import (
    CALIBRATION_STUDY,
    MITRAGYNINE,
    fraction_unbound_range,
    human_half_lives_h,
    ki_scenarios,
    leaf_content_range_percent,
    learner_pk_table,
    observed,
    tea_extraction,
)
from .occupancy import central_values, default_ranges, exposure_by_dose

CAPTION_WARNING = "Modelled; not a dose guide."

# ================================================================================================
# Tables and curves the figures of notebook 03 draw (drawing lives in plots/pk.py)
# ================================================================================================

ARTICLE_RANGE_G = (2.0, 6.0)  # the article's "2-6 g" (P11), as grams of leaf

# The sampling windows of the human studies in data/ that report one (their sampling_h in
# pk_parameters.csv): today 24 h (Trakulsrichai 2015) and 120 h (Tanna 2022).
# An illustrative two-phase decline, NOT fitted to anyone: a large, slow "fast" phase (90% of the curve,
# half-life 4 h) and a slow phase with the calibration study's terminal half-life. It shows what a
# window effect would need; the calibrated model has a far faster, smaller distribution phase.
TWO_PHASE = {"fast_amount": 90.0, "fast_half_life_h": 4.0, "slow_amount": 10.0, "slow_half_life_h": 45.0}
WINDOW_SAMPLES, WINDOW_LAST = 12, 4  # twelve samples per window; the half-life is fitted to the last four


def study_label(ref_id: str) -> str:
    """A reference as people cite it in a caption: first author's surname and year ('Tanna 2022')."""
    row = data.load("references").set_index("ref_id").loc[ref_id]
    surname = str(row["first_author"]).split()[0] if pd.notna(row["first_author"]) else str(row["title"]).split()[0]
    year = f"{int(row['year'])}" if pd.notna(row["year"]) else "n.d."
    return f"{surname} {year}"


def sampling_windows() -> pd.DataFrame:
    """ref_id and window_h: how long each human half-life study that states it sampled blood (shortest first)."""
    rows = human_half_lives_h()
    rows = rows[rows["sampling_h"].notna()]
    table = rows[["ref_id", "sampling_h"]].rename(columns={"sampling_h": "window_h"}).astype({"window_h": float})
    return table.drop_duplicates("ref_id").sort_values("window_h").reset_index(drop=True)


def two_phase(t_h):
    """The illustrative two-phase decline (percent of the initial concentration)."""
    return pk.two_phase_decline(t_h, **TWO_PHASE)


def calibrated_decline(t_h, ka_per_h: float | None = None, interval_h: float | None = None):
    """The calibrated two-compartment curve in percent of its peak: after one dose, or (with interval_h)
    over one dosing interval at steady state, t_h counted from the latest dose."""
    obs = observed()
    c, lam = two_compartment(ka_per_h).terms(obs.dose_mg)
    t = np.asarray(t_h, dtype=float)
    if interval_h is None:
        return 100.0 * pk.sum_of_exponentials(t, c, lam) / pk.curve_summary(c, lam)["cmax"]
    grid = np.linspace(0.0, float(interval_h), 2001)
    peak = float(pk.sum_of_exponentials_steady_state(grid, c, lam, interval_h).max())
    return 100.0 * pk.sum_of_exponentials_steady_state(t, c, lam, interval_h) / peak


def window_fits(
    windows_h=None, n_samples: int = WINDOW_SAMPLES, n_last: int = WINDOW_LAST, curve: str = "calibrated"
) -> pd.DataFrame:
    """Half-life fitted to the last n_last of n_samples samples within each window.

    curve: "calibrated" (the two-compartment model fitted to Tanna 2022, after one dose) or
    "illustrative" (TWO_PHASE, what a window effect would need). Default windows: those of the
    studies in data/ (sampling_windows()).
    """
    curves = {"calibrated": calibrated_decline, "illustrative": two_phase}
    windows_h = tuple(sampling_windows()["window_h"]) if windows_h is None else windows_h
    return pd.DataFrame(
        {
            "window_h": [float(w) for w in windows_h],
            "fitted_half_life_h": [pk.sampled_half_life(curves[curve], w, n_samples=n_samples, n_last=n_last) for w in windows_h],
        }
    )


def window_sensitivity(ka_values=KA_VALUES_PER_H, interval_h: float = 24.0) -> pd.DataFrame:
    """For each ka that fits the study: the half-life a short and a long sampling window would find in the
    calibrated model, after one dose and (short window) at steady state with a dose every interval_h.

    It shows that how much of the 23 h vs 45 h gap the sampling window explains is not identified: nothing
    at the assumed ka and its neighbours, the whole gap near either end of the range of ka that fit.
    """
    short, long = (float(w) for w in sampling_windows()["window_h"].iloc[[0, -1]])
    rows = []
    for ka in ka_values:

        def single(t, ka=ka):
            return calibrated_decline(t, ka)

        def steady(t, ka=ka):
            return calibrated_decline(t, ka, interval_h=interval_h)

        rows.append(
            {
                "ka (1/h)": ka,
                "short window, one dose": pk.sampled_half_life(single, short, WINDOW_SAMPLES, WINDOW_LAST),
                "short window, steady state": pk.sampled_half_life(steady, min(short, interval_h), WINDOW_SAMPLES, WINDOW_LAST),
                "long window, one dose": pk.sampled_half_life(single, long, WINDOW_SAMPLES, WINDOW_LAST),
            }
        )
    return pd.DataFrame(rows).set_index("ka (1/h)")


def window_effect_summary(ka_values=KA_VALUES_PER_H, interval_h: float = 24.0, tolerance: float = 0.05) -> dict[str, float]:
    """The spread of window_sensitivity() in a few numbers, for text and captions.

    short_single_low/high and short_steady_low/high: shortest and longest half-life (h) a short window
    finds across the ka values that fit (after one dose; at steady state). long_h: what the long window
    finds (the terminal half-life at every ka). no_effect_ka_low/high: the lowest and highest ka at which
    the short window, after one dose and at steady state, stays within `tolerance` (a fraction) of it.
    """
    table = window_sensitivity(ka_values, interval_h)
    long_h = float(table["long window, one dose"].median())
    single, steady = table["short window, one dose"], table["short window, steady state"]
    unchanged = table.index[(single >= (1 - tolerance) * long_h) & (steady >= (1 - tolerance) * long_h)]
    return {
        "short_single_low": float(single.min()),
        "short_single_high": float(single.max()),
        "short_steady_low": float(steady.min()),
        "short_steady_high": float(steady.max()),
        "long_h": long_h,
        "no_effect_ka_low": float(min(unchanged)),
        "no_effect_ka_high": float(max(unchanged)),
    }


def leaf_mitragynine_table(leaf_g=ARTICLE_RANGE_G) -> pd.DataFrame:
    """Milligrams of mitragynine in the given grams of leaf at the lowest and highest dried-leaf content."""
    low, high = leaf_content_range_percent()
    return pd.DataFrame(
        [
            {
                "leaf_g": float(g),
                "content_low_percent": low,
                "mg_at_low": float(pk.leaf_to_alkaloid_mg(g, low)),
                "content_high_percent": high,
                "mg_at_high": float(pk.leaf_to_alkaloid_mg(g, high)),
            }
            for g in leaf_g
        ]
    )


def leaf_band(grams) -> pd.DataFrame:
    """Milligrams of mitragynine in each amount of dried leaf (g) at the lowest and highest published content."""
    low, high = leaf_content_range_percent()
    grams = np.asarray(grams, dtype=float)
    return pd.DataFrame(
        {"leaf_g": grams, "mg_low": pk.leaf_to_alkaloid_mg(grams, low), "mg_high": pk.leaf_to_alkaloid_mg(grams, high)}
    )


def leaf_fold_range(leaf_g=ARTICLE_RANGE_G) -> float:
    """Highest over lowest mg of mitragynine across the leaf grams and the dried-leaf content range."""
    table = leaf_mitragynine_table(leaf_g)
    return float(table["mg_at_high"].max() / table["mg_at_low"].min())


def first_day_fall(hours: float = 24.0, ka_per_h: float | None = None) -> float:
    """How many times lower the two-compartment curve is `hours` after one dose than at its peak."""
    obs = observed()
    peak = float(concentration_nm(np.array([obs.tmax_h]), obs.dose_mg, ka_per_h=ka_per_h)[0])
    later = float(concentration_nm(np.array([float(hours)]), obs.dose_mg, ka_per_h=ka_per_h)[0])
    return peak / later


def single_dose_curves(t_h, dose_mg: float | None = None) -> pd.DataFrame:
    """Plasma mitragynine (nM) after one dose (default: the study's dose), one- and two-compartment models."""
    dose = observed().dose_mg if dose_mg is None else dose_mg
    t = np.asarray(t_h, dtype=float)
    return pd.DataFrame(
        {
            "t_h": t,
            "one_compartment_nM": concentration_nm(t, dose, model="one_compartment"),
            "two_compartment_nM": concentration_nm(t, dose),
        }
    )


def repeated_dosing_curves(
    days: int = 10, interval_h: float = 24.0, dose_mg: float | None = None, points_per_hour: int = 10
) -> pd.DataFrame:
    """Two-compartment plasma mitragynine (nM) for one dose and for the same dose every interval_h hours."""
    dose = observed().dose_mg if dose_mg is None else dose_mg
    t = np.linspace(0, days * 24.0, int(days * 24 * points_per_hour) + 1)
    n = int(np.ceil(days * 24.0 / interval_h))
    return pd.DataFrame(
        {
            "t_h": t,
            "single_nM": concentration_nm(t, dose),
            "repeated_nM": concentration_nm(t, dose, interval_h=interval_h, n_doses=n),
        }
    )


def chain_steps() -> pd.DataFrame:
    """The chain leaf -> gut -> plasma -> free drug -> brain -> receptor: what data/ says at each step."""
    low, high = leaf_content_range_percent()
    tea = tea_extraction().loc["fraction recovered by infusion"]
    obs = observed()
    fu_low, fu_high = fraction_unbound_range()
    kis = ki_scenarios().loc[BASE_READING]
    ceiling = bioavailability_ceiling()
    return pd.DataFrame(
        [
            {
                "step": "leaf",
                "what": f"{low:g}-{high:g}% w/w mitragynine; a tea infusion took out "
                f"{tea['low']:.0%}-{tea['high']:.0%} of what methanol did",
            },
            {
                "step": "gut",
                "what": f"F never measured in people; liver blood flow caps it near {ceiling['f_max_high']:.0%} at most",
            },
            {
                "step": "plasma",
                "what": f"median peak {obs.cmax_nm:g} nM at {obs.tmax_h:g} h after {obs.dose_mg:g} mg; "
                f"terminal half-life {obs.t_half_h:g} h",
            },
            {"step": "free drug", "what": f"{fu_low:.0%}-{fu_high:.0%} unbound (a review's range; species not stated)"},
            {"step": "brain", "what": "no brain value in data/: the model assumes free brain = free plasma"},
            {
                "step": "receptor",
                "what": f"MOR Ki {kis['mitragynine_ki_nM']:g} nM (mitragynine), {kis['7oh_ki_nM']:g} nM (7-OH); "
                "one disputed source",
            },
        ]
    ).assign(measured_in_people=lambda t: ~t["step"].isin(NOT_MEASURED_IN_PEOPLE))


# Steps of the chain with no human measurement in data/ (the figure draws them dashed and grey).
NOT_MEASURED_IN_PEOPLE = ("gut", "brain")


# ================================================================================================
# Tables for people (notebook 03 renders them with tables.for_people)
# ================================================================================================

PARAMETER_LABELS = {
    "cmax": "peak concentration (Cmax)",
    "tmax": "time of peak (tmax)",
    "auc": "exposure (AUC)",
    "t_half": "terminal half-life",
    "vd_f": "apparent volume, terminal phase (Vz/F)",
    "cl_f": "apparent clearance (CL/F)",
}


def calibration_study_table() -> pd.DataFrame:
    """Mitragynine's summary statistics from the calibration study (learner-facing rows), with readable names."""
    rows = learner_pk_table(analyte=MITRAGYNINE, **CALIBRATION_STUDY)
    rows = rows[rows["parameter"].isin(list(PARAMETER_LABELS))].copy()
    rows["statistic"] = rows["parameter"].map(PARAMETER_LABELS)
    rows["order"] = rows["parameter"].map({p: i for i, p in enumerate(PARAMETER_LABELS)})
    for column in ("value", "range_low", "range_high"):
        rows[f"{column}_text"] = [f"{float(v):,g}" if pd.notna(v) else "" for v in rows[column]]
    return rows.sort_values("order").reset_index(drop=True)


# input -> (label, unit in words, decimals shown, source)
RANGE_LABELS = {
    "cmax_scale": (
        "mitragynine peak per mg",
        "times the study's median (1 = median)",
        2,
        "pk_parameters (tanna2022)",
    ),
    "t_half_h": ("terminal half-life", "h", 1, "pk_parameters (tanna2022)"),
    "fraction_unbound": (
        "mitragynine unbound in plasma",
        "fraction of the total (0-1)",
        3,
        "compound_properties (ya2019: a review's range; species and method not stated)",
    ),
    "cmax_7oh_scale": ("7-OH peak per mg", "times the study's median (1 = median)", 2, "pk_parameters (tanna2022)"),
}


def ranges_table(ranges: dict[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """The Monte Carlo's inputs: low, central and high value of each range, its unit and where it comes from.

    The *_text columns hold each value rounded for its own unit (a table for people mixes units by row).
    """
    ranges = default_ranges() if ranges is None else ranges
    central = central_values(ranges)
    rows = []
    for k, (lo, hi) in ranges.items():
        label, unit, places, source = RANGE_LABELS[k]
        row = {"input": label, "unit": unit, "low": lo, "central": central[k], "high": hi, "source": source}
        row |= {f"{c}_text": f"{row[c]:.{places}f}" for c in ("low", "central", "high")}
        rows.append(row)
    return pd.DataFrame(rows)


def occupancy_table(
    doses_mg=(10, 25, 50), *, interval_h: float | None = None, ranges=None, column: str = "occupancy_both"
) -> pd.DataFrame:
    """Peak MOR occupancy in percent (5th, 50th, 95th percentile of the input spread) per Ki reading and
    dose of mitragynine, base-case reading first.

    inside_studied says whether the dose lies inside the range given in pharmacokinetic studies in
    data/ ("yes") or the model extrapolates ("no: extrapolated"); it is not a statement about safety.
    """
    table = exposure_by_dose(doses_mg, interval_h=interval_h, ranges=ranges, column=column)
    for q in ("p05", "median", "p95"):
        table[q] = 100 * table[q]
    table["inside_studied"] = table.pop("beyond_studied").map({False: "yes", True: "no: extrapolated"})
    table["scenario"] = table["scenario"].map(SCENARIO_WORDS)
    return table


# Ki readings as a table for people names them (the base case first, in KI_SCENARIOS order)
SCENARIO_WORDS = {"transposed": "transposed (base case)", "as printed": "as printed (probable slip)"}
