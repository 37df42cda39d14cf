"""Receptor pharmacology: unit conversions, occupancy and the operational model.

Concentrations are in nM unless a name says otherwise. Formulas:
- occupancy (Hill-Langmuir): C^n / (C^n + K^n), which is 0.5 at C = K;
- operational model (Black & Leff): E/Em = tau^n C^n / ((KA + C)^n + tau^n C^n).
"""

from __future__ import annotations

import re

import numpy as np

from .units import checked, ng_per_ml_to_nm, nm_to_ng_per_ml  # noqa: F401  (conversions re-exported: notebooks use them here)

# IUPAC conventional standard atomic weights (g/mol) of the elements in the alkaloids.
ATOMIC_WEIGHT_G_PER_MOL = {"C": 12.011, "H": 1.008, "N": 14.007, "O": 15.999}


def unbound_concentration(total_conc, fraction_unbound):
    """Free (unbound) concentration: total x fraction unbound (0-1), in the unit of total_conc."""
    fu = checked("fraction unbound", fraction_unbound, allow_zero=True)
    if (fu > 1).any():
        raise ValueError(f"fraction unbound must be between 0 and 1, got {fraction_unbound!r}")
    return checked("total concentration", total_conc, allow_zero=True) * fu


def occupancy(conc_nm, k_nm, hill: float = 1.0):
    """Fraction of receptors occupied at concentration conc_nm for a ligand of affinity k_nm (Ki or Kd)."""
    conc = checked("concentration (nM)", conc_nm, allow_zero=True)
    k = checked("affinity constant (nM)", k_nm, allow_zero=False)
    return conc**hill / (conc**hill + k**hill)


def concentration_for_occupancy(fraction, k_nm, hill: float = 1.0):
    """Inverse of occupancy: the concentration (nM) that occupies `fraction` (0-1) of receptors."""
    frac = np.asarray(fraction, dtype=float)
    if ((frac <= 0) | (frac >= 1)).any():
        raise ValueError("fraction must be strictly between 0 and 1")
    return checked("affinity constant (nM)", k_nm, allow_zero=False) * (frac / (1 - frac)) ** (1 / hill)


def operational_response(conc_nm, ka_nm, tau, emax: float = 1.0, slope: float = 1.0):
    """Response (fraction of the system maximum) of an agonist with affinity ka_nm and efficacy tau.

    A full agonist has large tau (response reaches emax); a partial agonist small tau (tau = 1 gives
    at most half of emax), even when it occupies every receptor.
    """
    conc = checked("concentration (nM)", conc_nm, allow_zero=True)
    ka = checked("KA (nM)", ka_nm, allow_zero=False)
    tau = checked("tau", tau, allow_zero=True)
    num = emax * (tau * conc) ** slope
    return num / ((ka + conc) ** slope + (tau * conc) ** slope)


def max_response(tau, emax: float = 1.0, slope: float = 1.0):
    """The plateau of operational_response as concentration grows: emax tau^n / (1 + tau^n)."""
    tau = checked("tau", tau, allow_zero=True)
    return emax * tau**slope / (1 + tau**slope)


def molar_mass_from_formula(formula: str) -> float:
    """Molar mass (g/mol) of a molecular formula such as 'C23H30N2O4'."""
    parts = re.findall(r"([A-Z][a-z]?)(\d*)", formula)
    if not parts or "".join(e + n for e, n in parts) != formula:
        raise ValueError(f"not a molecular formula: {formula!r}")
    try:
        return sum(ATOMIC_WEIGHT_G_PER_MOL[element] * int(count or 1) for element, count in parts)
    except KeyError as exc:
        raise ValueError(f"no atomic weight for element {exc.args[0]!r}") from None


def pd2_to_ec50_nm(pd2):
    """EC50 in nM from a pD2 (= -log10 of the EC50 in mol/L)."""
    return 10.0 ** (9.0 - np.asarray(pd2, dtype=float))


def tau_from_relative_emax(relative_emax):
    """Operational efficacy tau giving a plateau of `relative_emax` (0-1) of the system maximum (slope 1)."""
    emax = np.asarray(relative_emax, dtype=float)
    if ((emax <= 0) | (emax >= 1)).any():
        raise ValueError("relative Emax must be strictly between 0 and 1")
    return emax / (1.0 - emax)
