"""Figures of notebook 02: published receptor values, occupancy and the operational model."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import data
from .figures import MARKERS, PALETTE, register
from .pharmacology import occupancy, operational_response, pd2_to_ec50_nm, tau_from_relative_emax


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


@register(
    "02_receptor_values",
    caption="The few published values readable from abstracts span five orders of magnitude and include a disputed pair.",
    sources="data/receptor_values.csv (obeng2021, horie2005, obeng2024); data/disagreements.csv (d01)",
    alt=("Dot plot on a logarithmic concentration axis from about 1 to 10,000 nM. Rows are targets (mu-opioid, "
         "opioid tissue assay, alpha2A-adrenergic); each compound has its own colour and marker shape; the two "
         "disputed mu-opioid Ki values of the Obeng 2021 abstract are drawn as open symbols and labelled."),
    notebook="02_alkaloids_and_opioid_receptors",
)
def plot_receptor_values():
    table = potency_table()
    compounds = list(dict.fromkeys(table["compound"]))
    targets = list(dict.fromkeys(table["target"]))
    fig, ax = plt.subplots()
    for i, compound in enumerate(compounds):
        rows = table[table["compound"] == compound]
        y = [targets.index(t) + 0.12 * (i - len(compounds) / 2) for t in rows["target"]]
        face = [("none" if d else PALETTE[i]) for d in rows["disputed"]]
        ax.scatter(rows["value_nM"], y, s=120, marker=MARKERS[i], facecolors=face, edgecolors=PALETTE[i],
                   linewidths=2, label=compound, zorder=3)
        for x, yy, row in zip(rows["value_nM"], y, rows.itertuples()):
            note = f"{row.measure}, {row.ref_id}" + (" (disputed)" if row.disputed else "")
            ax.annotate(note, (x, yy), textcoords="offset points", xytext=(8, 6), fontsize=10)
    ax.set_xscale("log")
    ax.set_xlim(0.5, 2e4)
    ax.set_yticks(range(len(targets)), targets)
    ax.set_ylim(-0.7, len(targets) - 0.3)
    ax.set_xlabel("concentration, nM (log scale; lower = higher affinity or potency)")
    ax.set_title("Published receptor values: few, scattered, and one pair disputed")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=len(compounds), fontsize=11, frameon=False)
    return fig


def occupancy_curves(ki_values_nm: dict[str, float], conc_nm=None) -> pd.DataFrame:
    """Fraction of receptors occupied over a concentration range for each named Ki (nM)."""
    conc = np.logspace(-1, 5, 241) if conc_nm is None else np.asarray(conc_nm, dtype=float)
    return pd.DataFrame({name: occupancy(conc, ki) for name, ki in ki_values_nm.items()}, index=pd.Index(conc, name="conc_nM"))


def mor_ki_as_stated() -> dict[str, float]:
    """MOR Ki values in the data, labelled 'compound (ref_id)'."""
    values = data.load("receptor_values").query("receptor == 'MOR' and measure == 'Ki'")
    return {f"{r.compound} ({r.ref_id})": float(r.value) for r in values.itertuples()}


@register(
    "02_occupancy_curves",
    caption="Half of the receptors are occupied at a concentration equal to Ki; a tenfold difference in Ki shifts the whole curve tenfold.",
    sources="kratom_course.pharmacology.occupancy; Ki values from data/receptor_values.csv (obeng2021, as stated in the abstract)",
    alt=("Two S-shaped curves of fraction of mu-opioid receptors occupied against concentration on a log axis; "
         "one crosses 0.5 at 77.9 nM and the other at 709 nM, drawn with different colours and line styles, with "
         "dotted guide lines at 50 percent occupancy."),
    notebook="02_alkaloids_and_opioid_receptors",
)
def plot_occupancy_curves():
    kis = mor_ki_as_stated()
    curves = occupancy_curves(kis)
    fig, ax = plt.subplots()
    for i, (name, ki) in enumerate(kis.items()):
        ax.plot(curves.index, curves[name], color=PALETTE[i], linestyle=["-", "--", ":"][i % 3], linewidth=3,
                label=f"{name}: Ki {ki:g} nM")
        ax.axvline(ki, color=PALETTE[i], linestyle=":", linewidth=1.5)
    ax.axhline(0.5, color="grey", linestyle=":", linewidth=1.5)
    ax.set_xscale("log")
    ax.set_xlabel("free concentration at the receptor, nM (log scale)")
    ax.set_ylabel("fraction of MOR occupied")
    ax.set_title("Occupancy is 50% at C = Ki")
    ax.legend(loc="upper left")
    return fig


@register(
    "02_operational_model",
    caption="Efficacy, not affinity, sets the ceiling: with the same affinity, a low-efficacy agonist never reaches the full response.",
    sources="kratom_course.pharmacology.operational_response (Black and Leff operational model); 7-OH Emax 41.3% from data/receptor_values.csv (obeng2021)",
    alt=("Four response curves against concentration on a log axis, all with the same affinity; efficacy tau of 0.1, "
         "0.7, 10 and 100 give plateaus of about 9, 41, 91 and 99 percent. Each curve has its own colour and line "
         "style; the tau 0.7 curve is labelled as matching the 41.3 percent maximum reported for 7-hydroxymitragynine."),
    notebook="02_alkaloids_and_opioid_receptors",
)
def plot_operational_model():
    emax_7oh = float(data.load("receptor_values").query("value_id == 'obeng2021_7oh_mor_emax'")["value"].iloc[0]) / 100
    taus = [0.1, float(tau_from_relative_emax(emax_7oh)), 10.0, 100.0]
    conc = np.logspace(-1, 5, 241)
    fig, ax = plt.subplots()
    for i, tau in enumerate(taus):
        label = f"tau = {tau:.2g}" + (" (like 7-OH's Emax 41.3%)" if i == 1 else "")
        ax.plot(conc, 100 * operational_response(conc, ka_nm=100.0, tau=tau), color=PALETTE[i],
                linestyle=["-", "--", "-.", ":"][i], linewidth=3, label=label)
    ax.set_xscale("log")
    ax.set_ylim(0, 105)
    ax.set_xlabel("agonist concentration, nM (log scale; KA = 100 nM for every curve)")
    ax.set_ylabel("response, % of system maximum")
    ax.set_title("Same affinity, different efficacy: partial agonists plateau low")
    ax.legend(loc="upper left")
    return fig
