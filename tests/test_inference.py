"""The shared statistics (kratom_course.inference): intervals for a proportion and a count, power and size."""

import math

import pytest

from kratom_course import inference, prolactin


def test_wilson_interval_contains_the_proportion():
    low, high = inference.wilson_interval(30, 100)
    assert low < 0.3 < high and 0 <= low and high <= 1
    assert all(math.isnan(x) for x in inference.wilson_interval(0, 0))


def test_poisson_interval_contains_the_count_and_handles_zero():
    low, high = inference.poisson_interval(26)
    assert low < 26 < high
    assert inference.poisson_interval(0)[0] == 0.0 and inference.poisson_interval(0)[1] > 0


def test_textbook_two_sample_case():
    # Cohen (1988), two-sided t-test, d = 0.5, alpha 0.05, power 0.80: 64 per group
    assert inference.sample_size(0.5, 0.05, 0.80) == 64
    # exact non-central t results for a "large" (0.8) and a "small" (0.2) effect
    assert inference.sample_size(0.8, 0.05, 0.80) == 26
    assert inference.sample_size(0.2, 0.05, 0.80) == 394


@pytest.mark.parametrize("d, power", [(0.3, 0.8), (0.5, 0.9), (1.0, 0.8), (0.513, 0.8)])
def test_power_at_the_computed_n_reaches_the_target_and_one_fewer_does_not(d, power):
    n = inference.sample_size(d, 0.05, power)
    assert inference.power_two_sample(n, d) >= power
    assert inference.power_two_sample(n - 1, d) < power


def test_power_without_an_effect_is_alpha_and_grows_with_n():
    assert inference.power_two_sample(50, 0.0, 0.05) == pytest.approx(0.05, abs=1e-9)
    powers = [inference.power_two_sample(n, 0.5) for n in (10, 20, 40, 80)]
    assert powers == sorted(powers)


def test_notebook_05_reaches_the_power_formulas_through_prolactin():
    assert prolactin.sample_size is inference.sample_size and prolactin.power_two_sample is inference.power_two_sample


def test_wilson_interval_matches_a_published_example():
    # Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 gives 0.2553-0.3662
    low, high = inference.wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)


# --- edges the mutation run found untested (benchmarks/mutation.md) -----------------------------------------
def test_poisson_interval_matches_the_exact_garwood_limits():
    # the module's documented example (26 events), and one event: 0.0253 to 5.57 (Garwood's exact limits)
    assert [round(x, 2) for x in inference.poisson_interval(26)] == [16.98, 38.1]
    low, high = inference.poisson_interval(1)
    assert round(low, 4) == 0.0253 and round(high, 2) == 5.57
    assert round(inference.poisson_interval(0)[1], 2) == 3.69  # the rule of three's exact form


def test_sample_size_uses_a_two_sided_5_percent_test_by_default():
    assert inference.sample_size(0.5) == inference.sample_size(0.5, 0.05, 0.80) == 64
