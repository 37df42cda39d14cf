"""Figures of notebook 02: published receptor values, occupancy and the operational model."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import data
from . import MARKERS, PALETTE, register
from ..pharmacology import operational_response, tau_from_relative_emax
from ..receptors import mor_ki_as_stated, occupancy_curves, potency_table


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
