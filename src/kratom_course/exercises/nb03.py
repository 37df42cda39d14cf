"""Exercises of notebook 03 (ported from the single exercises module; to be reworked)."""

from __future__ import annotations

from .. import data
from .engine import Choice, Critique, Numeric, define

def _highest_leaf_mg(leaf_g: float) -> float:
    from ..exposure import leaf_content_range_percent

    return leaf_g * 10.0 * leaf_content_range_percent()[1]


def _tanna_half_life() -> float:
    from ..exposure import tanna_calibration

    return tanna_calibration().t_half_h


def shortest_window_within(tolerance: float = 0.2, n_samples: int = 12) -> float:
    """Shortest sampling window (h) whose fitted half-life is within `tolerance` of the slow phase."""
    from ..pk import sampled_half_life
    from ..plots.pk import TWO_PHASE, two_phase

    slow = TWO_PHASE["slow_half_life_h"]
    for window in range(12, 24 * 21 + 1):
        if abs(sampled_half_life(two_phase, float(window), n_samples=n_samples) - slow) <= tolerance * slow:
            return float(window)
    raise ValueError("no window up to three weeks reaches the tolerance")


define(Numeric(
    "03.1", "compute", "(to be written)",
    expected=lambda: _highest_leaf_mg(6.0),
    unit="mg",
    rel_tol=0.01,
    why="6 g x 4.94% is about 296 mg, fifty times the 6 mg in 2 g of the weakest leaf: 'grams of leaf' is not a dose of drug.",
    hint="mg = grams x 1000 x percent / 100; take the highest dried-leaf content in data/alkaloid_content.csv.",
))

define(Numeric(
    "03.2", "compute", "(to be written)",
    expected=_tanna_half_life,
    unit="h",
    rel_tol=0.02,
    why="1 / (1 - exp(-ke tau)) = 2 when exp(-ke tau) = 1/2, that is when tau equals the half-life: dosing more often than once per half-life more than doubles exposure.",
    hint="Set pk.accumulation_ratio(ke, tau) = 2 and solve for tau, with ke from the 45.3 h half-life.",
))

define(Numeric(
    "03.3", "compute", "(to be written)",
    expected=shortest_window_within,
    unit="h",
    rel_tol=0.10,
    why="Only a window of a few slow-phase half-lives sees the slow phase alone; judge a reported half-life by how long the study sampled.",
    hint="Loop over windows with pk.sampled_half_life(pk_plots.two_phase, window) and stop at the first within 20% of 45 h.",
))

define(Critique(
    "03.4", "critique", "(to be written)", model_answer=(
    "The model turns '2-6 g' into a fiftyfold range of mitragynine (about 6 to 300 mg) and, after that, into peak "
    "MOR occupancies that differ more than tenfold between draws for the same grams, before anything about the person "
    "is known. It does not say what dose relieves withdrawal (no study measured that), whether occupancy by "
    "mitragynine is what matters (7-OH and other alkaloids act too), or what is safe. What it does say is that "
    "'grams of leaf' is not a dose, and that a recommendation stated in grams hides most of the variation."
)))
