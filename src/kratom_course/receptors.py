"""Receptor values as notebook 02 uses them: concentrations in nM, disputed values flagged.

Domain only: this module computes tables; the drawing is in `plots/receptors.py`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data
from .pharmacology import occupancy, pd2_to_ec50_nm

def potency_table() -> pd.DataFrame:
    """Receptor values that are concentrations, in nM (pD2 converted to EC50), one row per value."""
    values = data.load("receptor_values")
    values = values[values["measure"].isin(["Ki", "EC50", "IC50", "Kd", "pD2"])].copy()
    as_ec50 = values["measure"] == "pD2"
    values.loc[as_ec50, "value"] = pd2_to_ec50_nm(values.loc[as_ec50, "value"].astype(float))
    values.loc[as_ec50, "measure"] = "EC50 (from pD2)"
    values.loc[values["unit"] == "uM", "value"] *= 1000.0
    values["value_nM"] = values["value"].astype(float)
    disputed = set()
    for _, row in data.load("disagreements").query("table_name == 'receptor_values'").iterrows():
        disputed |= set(row["row_ids"].split(";"))
    values["disputed"] = values["value_id"].isin(disputed)
    values["target"] = values["receptor"].map({"MOR": "mu-opioid (MOR)", "DOR": "delta-opioid (DOR)",
                                               "KOR": "kappa-opioid (KOR)", "alpha2A": "alpha2A-adrenergic",
                                               "opioid-tissue": "opioid tissue assay"})
    columns = ["value_id", "compound", "target", "measure", "value_nM", "species", "ref_id", "source_location", "disputed"]
    return values[columns].sort_values(["target", "value_nM"]).reset_index(drop=True)

def occupancy_curves(ki_values_nm: dict[str, float], conc_nm=None) -> pd.DataFrame:
    """Fraction of receptors occupied over a concentration range for each named Ki (nM)."""
    conc = np.logspace(-1, 5, 241) if conc_nm is None else np.asarray(conc_nm, dtype=float)
    return pd.DataFrame({name: occupancy(conc, ki) for name, ki in ki_values_nm.items()}, index=pd.Index(conc, name="conc_nM"))

def mor_ki_as_stated() -> dict[str, float]:
    """MOR Ki values in the data, labelled 'compound (ref_id)'."""
    values = data.load("receptor_values").query("receptor == 'MOR' and measure == 'Ki'")
    return {f"{r.compound} ({r.ref_id})": float(r.value) for r in values.itertuples()}
