"""Statistics that several domain modules share: intervals for a proportion and for a count, and the
power and size of a two-group comparison.

Formulas only: numbers in, numbers out; nothing here reads data/. Which interval fits which quantity is
a judgement stored in data/ (for example surveillance_counts.csv `interval`); this module only computes.
- a part of a stated total is a proportion: `wilson_interval(k, n)` (fractions);
- a count from one system over a stated period: `poisson_interval(count)` (counts);
- a two-sided two-sample t-test with equal groups: `power_two_sample`, `sample_size`.
"""

from __future__ import annotations

import math

from scipy import stats

Z_95 = 1.959964  # the standard normal quantile for a two-sided 95 % interval


def wilson_interval(k: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion k/n, as fractions (NaN, NaN when n is 0).

    >>> [round(x, 3) for x in wilson_interval(30, 100)]
    [0.219, 0.396]
    """
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return float(centre - half), float(centre + half)


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson count: the uncertainty of a count seen once (counts).

    >>> [round(x, 2) for x in poisson_interval(26)]
    [16.98, 38.1]
    """
    alpha = 1 - level
    low = 0.0 if count == 0 else stats.chi2.ppf(alpha / 2, 2 * count) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(low), float(high)


def power_two_sample(n_per_group: int, effect_size: float, alpha: float = 0.05) -> float:
    """Power of a two-sided two-sample t-test with equal groups (non-central t; SciPy).

    effect_size is the difference in means over the common SD (Cohen's d).
    """
    if n_per_group < 2:
        return 0.0
    df = 2 * n_per_group - 2
    noncentrality = effect_size * math.sqrt(n_per_group / 2.0)
    t_crit = stats.t.ppf(1.0 - alpha / 2.0, df)
    return float(stats.nct.sf(t_crit, df, noncentrality) + stats.nct.cdf(-t_crit, df, noncentrality))


def sample_size(effect_size: float, alpha: float = 0.05, power: float = 0.8, n_max: int = 100000) -> int:
    """Smallest number per group whose two-sided t-test power reaches `power`.

    >>> sample_size(0.5)
    64
    """
    if effect_size <= 0:
        raise ValueError("effect size must be positive")
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    n = max(2, int(2 * (z / effect_size) ** 2) - 2)  # normal approximation, then step up
    while power_two_sample(n, effect_size, alpha) < power:
        n += 1
        if n > n_max:
            raise ValueError("no n up to n_max reaches the power asked for")
    while n > 2 and power_two_sample(n - 1, effect_size, alpha) >= power:
        n -= 1
    return n
