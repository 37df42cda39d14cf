"""Figures of notebook 03: leaf to milligrams, concentration over time, sampling windows, exposure bands."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import data, exposure, pk
from . import HATCHES, MARKERS, PALETTE, register

NOTEBOOK = "03_from_leaf_to_plasma"
ARTICLE_RANGE_G = (2.0, 6.0)


def leaf_mitragynine_table(leaf_g=ARTICLE_RANGE_G) -> pd.DataFrame:
    """Milligrams of mitragynine in the given grams of leaf at the lowest and highest dried-leaf content."""
    low, high = exposure.leaf_content_range_percent()
    rows = [{"leaf_g": g, "content_low_percent": low, "mg_at_low": pk.leaf_to_alkaloid_mg(g, low),
             "content_high_percent": high, "mg_at_high": pk.leaf_to_alkaloid_mg(g, high)} for g in leaf_g]
    return pd.DataFrame(rows).round({"mg_at_low": 1, "mg_at_high": 1})


@register(
    "03_leaf_to_mitragynine",
    caption="The same 2-6 g of leaf can hold anywhere from about 6 to about 300 mg of mitragynine.",
    sources="data/alkaloid_content.csv (dried leaf, sengnon2023 range 0.31-4.94% w/w); dose in Tanna 2022 from data/pk_parameters.csv (pk009, via tanna2023)",
    alt=("Shaded band of milligrams of mitragynine against grams of leaf from 0 to 8 g, bounded by a dashed line for "
         "the lowest (0.31%) and a solid line for the highest (4.94%) published leaf content; the article's 2-6 g "
         "range is hatched; a diamond marks the 39 mg in 2 g given in a pharmacokinetic study."),
    notebook=NOTEBOOK,
)
def plot_leaf_to_mitragynine():
    low, high = exposure.leaf_content_range_percent()
    grams = np.linspace(0, 8, 81)
    fig, ax = plt.subplots()
    ax.fill_between(grams, pk.leaf_to_alkaloid_mg(grams, low), pk.leaf_to_alkaloid_mg(grams, high), color=PALETTE[4], alpha=0.35,
                    label="range of published leaf content")
    ax.plot(grams, pk.leaf_to_alkaloid_mg(grams, high), color=PALETTE[0], linewidth=3, label=f"highest content, {high:g}% w/w")
    ax.plot(grams, pk.leaf_to_alkaloid_mg(grams, low), color=PALETTE[1], linewidth=3, linestyle="--", label=f"lowest content, {low:g}% w/w")
    ax.axvspan(*ARTICLE_RANGE_G, facecolor="none", edgecolor="0.8", hatch=HATCHES[1], linewidth=0, label="the article's 2-6 g")
    cal = exposure.tanna_calibration()
    ax.scatter([2.0], [cal.dose_mg], marker="D", s=120, color=PALETTE[3], zorder=4, label=f"PK study: {cal.dose_mg:g} mg in 2 g (tanna2023)")
    ax.set_xlabel("dried leaf, g")
    ax.set_ylabel("mitragynine, mg")
    ax.set_title("2-6 g of leaf: a fiftyfold range of mitragynine")
    ax.legend(loc="upper left")
    return fig


@register(
    "03_single_and_repeated",
    caption="With a half-life near two days, daily doses pile up: the model's peaks rise for about a week before levelling off.",
    sources="kratom_course.pk (one-compartment, first-order absorption, superposition); calibration from data/pk_parameters.csv (tanna2023: pk009-pk011)",
    alt=("Two curves of modelled plasma mitragynine in nM over ten days: a single 2 g dose (dashed) that peaks near "
         "80 nM and declines slowly, and the same dose taken every 24 hours (solid), whose peaks and troughs climb "
         "towards a plateau about three times higher."),
    notebook=NOTEBOOK,
)
def plot_single_and_repeated():
    cal = exposure.tanna_calibration()
    content = 100.0 * cal.dose_mg / 2000.0
    t = np.linspace(0, 240, 2401)
    fig, ax = plt.subplots()
    ax.plot(t / 24, exposure.concentration_nm(t, 2.0, content, cal, interval_h=24.0, n_doses=10), color=PALETTE[0],
            linewidth=2.5, label="2 g every 24 h")
    ax.plot(t / 24, exposure.concentration_nm(t, 2.0, content, cal), color=PALETTE[1], linewidth=2.5, linestyle="--",
            label="one 2 g dose")
    ratio = pk.accumulation_ratio(cal.ke, 24.0)
    ax.set_xlabel("time, days")
    ax.set_ylabel("plasma mitragynine, nM (model)")
    ax.set_title(f"Daily dosing accumulates about {ratio:.1f}-fold (half-life {cal.t_half_h:g} h)")
    ax.legend(loc="upper left")
    return fig


TWO_PHASE = {"fast_amount": 90.0, "fast_half_life_h": 4.0, "slow_amount": 10.0, "slow_half_life_h": 45.0}


def two_phase(t):
    return pk.two_phase_decline(t, **TWO_PHASE)


def window_fits(windows_h=(24.0, 168.0)) -> pd.DataFrame:
    """Half-life fitted to the last samples of a 24 h and a 7 day window of the same two-phase curve."""
    return pd.DataFrame({"window_h": list(windows_h),
                         "fitted_half_life_h": [round(pk.sampled_half_life(two_phase, w), 1) for w in windows_h]})


@register(
    "03_sampling_windows",
    caption="A 24-hour sampling window sees mostly the fast phase; a 7-day window finds the slow one.",
    sources="kratom_course.pk.two_phase_decline and fit_terminal_half_life (illustrative phases: 4 h and 45 h); sampling windows from data/pk_parameters.csv (24 h trakulsrichai2015, 120 h tanna2023)",
    alt=("Log-scale plot of a simulated two-phase concentration decline over seven days, with sampled points as "
         "circles for a 24-hour study and squares for a 7-day study, and a straight fitted line for each; the 24-hour "
         "line falls steeply, the 7-day line shallowly."),
    notebook=NOTEBOOK,
)
def plot_sampling_windows():
    t = np.linspace(0.25, 168, 600)
    fits = window_fits()
    fig, ax = plt.subplots()
    ax.plot(t, two_phase(t), color="grey", linewidth=2, label="true two-phase decline")
    for i, (window, half_life) in enumerate(zip(fits["window_h"], fits["fitted_half_life_h"])):
        samples = np.linspace(window / 12, window, 12)
        ax.scatter(samples, two_phase(samples), marker=MARKERS[i], s=60, color=PALETTE[i], zorder=3)
        last = samples[-4:]
        slope = -np.log(2) / half_life
        anchor = two_phase(last[-1])
        fit_t = np.linspace(0, 168, 50) if window > 24 else np.linspace(0, 48, 50)
        ax.plot(fit_t, anchor * np.exp(slope * (fit_t - last[-1])), color=PALETTE[i], linestyle=["--", "-."][i],
                linewidth=2.5, label=f"sampled for {window:g} h: fitted half-life {half_life:g} h")
    ax.set_yscale("log")
    ax.set_ylim(0.1, 150)
    ax.set_xlabel("time after dose, h")
    ax.set_ylabel("concentration, % of initial (log scale)")
    ax.set_title("The sampling window decides which half-life you find")
    ax.legend(loc="upper right")
    return fig


def exposure_by_leaf_grams(leaf_grams=(1, 2, 3, 4, 5, 6, 8), interval_h=None) -> pd.DataFrame:
    rows = []
    for g in leaf_grams:
        summary = exposure.summarise(exposure.monte_carlo_peaks(float(g), interval_h=interval_h))
        rows.append({"leaf_g": g, **{f"{col}_{q}": summary.loc[col, q] for col in summary.index for q in summary.columns}})
    return pd.DataFrame(rows)


@register(
    "03_exposure_band",
    caption="Across published ranges of leaf content, kinetics, binding and affinity, the model's MOR occupancy for the same grams of leaf spans more than tenfold.",
    sources="kratom_course.exposure.monte_carlo_peaks (2,000 draws, fixed seed); ranges from data/alkaloid_content.csv, pk_parameters.csv, compound_properties.csv, receptor_values.csv",
    alt=("Two bands of modelled peak mu-opioid receptor occupancy by mitragynine against grams of leaf from 1 to 8 g: "
         "one for a single dose (dashed median line, lighter band) and one for daily dosing at steady state (solid "
         "median, darker hatched band); the article's 2-6 g range is marked; each band spans 5th to 95th percentile."),
    notebook=NOTEBOOK,
)
def plot_exposure_band():
    fig, ax = plt.subplots()
    for i, (label, interval) in enumerate((("one dose", None), ("every 24 h, steady state", 24.0))):
        table = exposure_by_leaf_grams(interval_h=interval)
        ax.fill_between(table["leaf_g"], 100 * table["mor_occupancy_p05"], 100 * table["mor_occupancy_p95"],
                        color=PALETTE[i], alpha=0.25, hatch=HATCHES[i], label=f"{label}: 5th-95th percentile")
        ax.plot(table["leaf_g"], 100 * table["mor_occupancy_median"], color=PALETTE[i], linewidth=3,
                linestyle=["--", "-"][i], marker=MARKERS[i], label=f"{label}: median")
    ax.axvspan(*ARTICLE_RANGE_G, color="grey", alpha=0.08)
    ax.text(4.0, 97, "article's 2-6 g", ha="center", va="top", fontsize=12)
    ax.set_ylim(0, 100)
    ax.set_xlabel("dried leaf per dose, g")
    ax.set_ylabel("modelled peak MOR occupancy by mitragynine, %")
    ax.set_title("Same grams, very different exposure: the uncertainty is the finding")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=2, fontsize=11, frameon=False)
    return fig
