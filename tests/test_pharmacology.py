"""Receptor pharmacology: analytic limits, unit round-trips, input checks."""

import math

import numpy as np
import pytest

from kratom_course import data
from kratom_course.pharmacology import (
    concentration_for_occupancy,
    max_response,
    molar_mass_from_formula,
    ng_per_ml_to_nm,
    nm_to_ng_per_ml,
    occupancy,
    operational_response,
    tau_from_relative_emax,
    unbound_concentration,
)


def test_occupancy_is_half_at_the_affinity_constant():
    assert occupancy(77.9, 77.9) == pytest.approx(0.5)


def test_occupancy_limits():
    assert occupancy(0.0, 10.0) == 0.0
    assert occupancy(1e9, 10.0) == pytest.approx(1.0, abs=1e-7)
    assert occupancy(90.0, 10.0) == pytest.approx(0.9)


def test_concentration_for_occupancy_inverts_occupancy():
    for fraction in (0.1, 0.5, 0.9):
        assert occupancy(concentration_for_occupancy(fraction, 25.0), 25.0) == pytest.approx(fraction)


def test_unit_round_trip():
    conc = np.array([0.0, 1.0, 105.0])
    back = nm_to_ng_per_ml(ng_per_ml_to_nm(conc, 398.5), 398.5)
    np.testing.assert_allclose(back, conc)


def test_ng_per_ml_to_nm_by_hand():
    # 398.5 ng/mL of a 398.5 g/mol compound is 1 umol/L = 1000 nM
    assert ng_per_ml_to_nm(398.5, 398.5) == pytest.approx(1000.0)


def test_unbound_concentration():
    assert unbound_concentration(100.0, 0.1) == pytest.approx(10.0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        unbound_concentration(100.0, 1.5)


def test_partial_agonist_plateau_is_below_full_agonist():
    conc = np.logspace(-2, 6, 200)
    partial = operational_response(conc, ka_nm=100.0, tau=1.0)
    full = operational_response(conc, ka_nm=100.0, tau=100.0)
    assert partial.max() == pytest.approx(max_response(1.0), rel=1e-3)
    assert partial.max() < 0.51 < full.max()


@pytest.mark.parametrize("bad", [-1.0, float("nan")])
def test_bad_concentration_raises(bad):
    with pytest.raises(ValueError):
        occupancy(bad, 10.0)


def test_zero_affinity_constant_raises():
    with pytest.raises(ValueError, match="positive"):
        occupancy(1.0, 0.0)


def test_molar_mass_from_formula():
    assert molar_mass_from_formula("H2O") == pytest.approx(18.015, abs=1e-3)
    with pytest.raises(ValueError):
        molar_mass_from_formula("C23H30X")


@pytest.mark.parametrize("compound, formula", [("mitragynine", "C23H30N2O4"), ("7-hydroxymitragynine", "C23H30N2O5")])
def test_stored_molar_masses_agree_with_their_formulas(compound, formula):
    props = data.load("compound_properties")
    stored = props.query("compound == @compound and property == 'molar_mass'")["value"].iloc[0]
    assert math.isclose(stored, molar_mass_from_formula(formula), abs_tol=0.02)


# --- each formula away from its default slope or Hill coefficient, and at the edges it refuses ---------------
def test_occupancy_and_its_inverse_with_a_hill_coefficient():
    assert occupancy(20.0, 10.0, hill=2.0) == pytest.approx(4.0 / 5.0)  # 2^2 / (2^2 + 1)
    assert concentration_for_occupancy(0.8, 10.0, hill=2.0) == pytest.approx(20.0)


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 1.1])
def test_concentration_for_occupancy_refuses_fractions_outside_0_to_1(fraction):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        concentration_for_occupancy(fraction, 10.0)


def test_operational_response_with_a_slope_by_hand():
    # tau conc = 1, KA + conc = 2, slope 2: emax 1^2 / (2^2 + 1^2) = 1/5
    assert operational_response(1.0, 1.0, 1.0, slope=2.0) == pytest.approx(0.2)
    assert operational_response(3.0, 1.0, 2.0, emax=0.5, slope=3.0) == pytest.approx(0.5 * 216 / (64 + 216))


@pytest.mark.parametrize("text", ["C2H6O!", "c2h6o", "2C", "H2O "])
def test_molar_mass_refuses_text_that_is_not_only_a_formula(text):
    with pytest.raises(ValueError, match="not a molecular formula"):
        molar_mass_from_formula(text)


@pytest.mark.parametrize("relative_emax", [0.0, -0.2, 1.0, 1.5])
def test_tau_from_relative_emax_refuses_values_outside_0_to_1(relative_emax):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        tau_from_relative_emax(relative_emax)
    assert tau_from_relative_emax(0.5) == pytest.approx(1.0)
