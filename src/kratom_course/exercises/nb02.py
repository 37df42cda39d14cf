"""Exercises of notebook 02 (ported from the single exercises module; to be reworked)."""

from __future__ import annotations

from .. import data
from .engine import Choice, Critique, Numeric, define

def _mor_ki(compound: str) -> float:
    values = data.load("receptor_values")
    return float(values.query("compound == @compound and receptor == 'MOR' and measure == 'Ki'")["value"].iloc[0])


def _emax_7oh() -> float:
    values = data.load("receptor_values")
    return float(values.query("value_id == 'obeng2021_7oh_mor_emax'")["value"].iloc[0]) / 100.0


define(Choice(
    "02.1", "choice", "(to be written)",
    correct="b",
    feedback={
        "a": "10% is the occupancy at one ninth of Ki. Put C = K into C / (C + K).",
        "b": "C / (C + K) with C = K is exactly one half, whatever the compound: that is what Ki means.",
        "c": "90% needs a concentration nine times Ki.",
        "d": "Occupancy depends only on concentration and affinity; efficacy decides what the occupied receptors do.",
    },
))

define(Numeric(
    "02.2", "compute", "(to be written)",
    expected=lambda: _emax_7oh() / (1 - _emax_7oh()),
    unit="(tau, dimensionless)",
    rel_tol=0.02,
    why="A plateau of tau / (1 + tau) = 0.413 needs tau of about 0.7: fewer than one 'unit' of response per occupied receptor.",
    hint="Solve Emax = tau / (1 + tau) for tau, with Emax as a fraction (0.413), or use pharmacology.tau_from_relative_emax.",
))

define(Numeric(
    "02.3", "compute", "(to be written)",
    expected=lambda: _mor_ki("mitragynine") * 9.0,
    unit="nM",
    rel_tol=0.02,
    why="For 90% occupancy C / (C + K) = 0.9, so C = 9 K: about 700 nM of free drug with the abstract's Ki.",
    hint="Rearrange C / (C + K) = 0.9, or use pharmacology.concentration_for_occupancy(0.9, ki).",
))

define(Critique(
    "02.4", "critique", "(to be written)", model_answer=(
    "The Obeng 2021 abstract gives mitragynine the higher mu affinity (77.9 nM vs 709 nM), yet the same abstract "
    "reports 7-OH as the agonist and mitragynine as an antagonist, and guinea-pig ileum work (Horie 2005) found 7-OH "
    "about 30 times more potent. Before using either number: read the paper's results table (an abstract can "
    "transpose values), check the radioligand, species and cell system, and see whether other labs' values agree. "
    "Until then the course keeps both numbers as stated and flags them (data/disagreements.csv, d01)."
)))
