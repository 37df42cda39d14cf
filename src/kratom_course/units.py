"""Unit conversions, in one tested place. Names carry the units; nothing here reads data/.

Conventions of the course:
- drug concentrations in nM (nmol/L) and ng/mL (= µg/L), converted with the compound's molar
  mass in g/mol; model amounts in mg and mg/L (1 mg/L = 1000 ng/mL);
- prolactin in ng/mL (= µg/L); mIU/L only through a factor that belongs to the assay's
  international standard, so the factor is always an argument taken from data/ with its source,
  never a constant here.
"""

from __future__ import annotations

import numpy as np


def checked(name: str, value, *, allow_zero: bool = True, upper: float | None = None) -> np.ndarray:
    """`value` as a float array, refusing NaN, negatives (and zero unless allowed) and values above `upper`."""
    array = np.asarray(value, dtype=float)
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if (array < 0).any() or (not allow_zero and (array == 0).any()):
        raise ValueError(f"{name} must be {'non-negative' if allow_zero else 'positive'}, got {value!r}")
    if upper is not None and (array > upper).any():
        raise ValueError(f"{name} must be at most {upper:g}, got {value!r}")
    return array


def ng_per_ml_to_nm(conc_ng_per_ml, molar_mass_g_per_mol):
    """Mass concentration (ng/mL, the same as µg/L) to molar concentration (nM = nmol/L)."""
    conc = checked("concentration (ng/mL)", conc_ng_per_ml)
    return conc * 1000.0 / checked("molar mass (g/mol)", molar_mass_g_per_mol, allow_zero=False)


def nm_to_ng_per_ml(conc_nm, molar_mass_g_per_mol):
    """Molar concentration (nM) to mass concentration (ng/mL)."""
    conc = checked("concentration (nM)", conc_nm)
    return conc * checked("molar mass (g/mol)", molar_mass_g_per_mol, allow_zero=False) / 1000.0


def mg_per_l_to_ng_per_ml(conc_mg_per_l):
    """mg/L to ng/mL (1 mg/L = 1 µg/mL = 1000 ng/mL)."""
    return checked("concentration (mg/L)", conc_mg_per_l) * 1000.0


def ng_per_ml_to_mg_per_l(conc_ng_per_ml):
    """ng/mL to mg/L."""
    return checked("concentration (ng/mL)", conc_ng_per_ml) / 1000.0


def mg_per_l_to_nm(conc_mg_per_l, molar_mass_g_per_mol):
    """mg/L to nM, with the compound's molar mass (g/mol)."""
    return ng_per_ml_to_nm(mg_per_l_to_ng_per_ml(conc_mg_per_l), molar_mass_g_per_mol)


def nm_to_mg_per_l(conc_nm, molar_mass_g_per_mol):
    """nM to mg/L, with the compound's molar mass (g/mol)."""
    return ng_per_ml_to_mg_per_l(nm_to_ng_per_ml(conc_nm, molar_mass_g_per_mol))


def prolactin_ng_per_ml_to_miu_per_l(prolactin_ng_per_ml, miu_per_l_per_ng_per_ml):
    """Prolactin ng/mL (= µg/L) to mIU/L with the assay standard's factor (mIU/L per ng/mL)."""
    factor = checked("conversion factor (mIU/L per ng/mL)", miu_per_l_per_ng_per_ml, allow_zero=False)
    return checked("prolactin (ng/mL)", prolactin_ng_per_ml) * factor


def prolactin_miu_per_l_to_ng_per_ml(prolactin_miu_per_l, miu_per_l_per_ng_per_ml):
    """Prolactin mIU/L to ng/mL (= µg/L) with the assay standard's factor (mIU/L per ng/mL)."""
    factor = checked("conversion factor (mIU/L per ng/mL)", miu_per_l_per_ng_per_ml, allow_zero=False)
    return checked("prolactin (mIU/L)", prolactin_miu_per_l) / factor


def percent_to_fraction(percent):
    """Percent (0-100) to a fraction (0-1)."""
    return checked("percent", percent, upper=100.0) / 100.0
