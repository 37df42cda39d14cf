"""Receptor values as notebook 02 uses them: chosen by compound, measure and unit, never by position.

Domain only: this module computes tables and model results; the drawing is in `plots/receptors.py`
and the exercises in `exercises/nb02.py`.

Which rows feed a computation, and which are left out, is decided in the block below and nowhere
else. Binding (Ki), cell function (EC50, Emax), tissue potency (pD2) and same-assay ratios are
different quantities and are kept in separate tables: a tissue EC50 never sits on a Ki axis, and
the Ki of one compound never stands in for another's.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import data
from .pharmacology import max_response, occupancy, operational_response, pd2_to_ec50_nm, tau_from_relative_emax

# --- which rows feed what ------------------------------------------------------------------------
# The receptor values that feed a model are chosen in data/curation.csv (view receptor-model-inputs, with
# the reasons), and picked from that view by meaning (compound, receptor, measure, unit):
# - the two MOR Ki values of the disputed Obeng 2021 abstract (data/disagreements.csv, d01). They are
#   the only MOR Ki values for mitragynine and 7-OH that could be verified; both feed the occupancy
#   computations, under two named readings, never merged into one range; notebook 03's model uses the
#   same two. Each reading maps a compound to the compound whose printed Ki it takes.
#   The weight of evidence (d01) favours a transposition in the abstract, so "transposed" is the base
#   case everywhere (first in every table, the default of every function, the tornado's baseline);
#   "as printed" is kept as a labelled example of a probable slip in an abstract;
# - 7-OH's efficacy at MOR: the one Emax that could be verified (GTPgammaS, Obeng 2021);
# - tissue potency in guinea-pig ileum: 7-OH's reported pD2 and the same paper's ratios (Horie 2005).
MODEL_INPUTS_VIEW = "receptor-model-inputs"
D01_COMPOUNDS = ("mitragynine", "7-hydroxymitragynine")
KI_SOURCE = {"chosen_for": MODEL_INPUTS_VIEW, "receptor": "MOR", "measure": "Ki"}
BASE_READING = "transposed"
KI_SCENARIOS: dict[str, dict[str, str]] = {
    "transposed": {"mitragynine": "7-hydroxymitragynine", "7-hydroxymitragynine": "mitragynine"},
    "as printed": {"mitragynine": "mitragynine", "7-hydroxymitragynine": "7-hydroxymitragynine"},
}
READINGS = {
    "transposed": "transposed: the base case (the abstract's two values swapped, as the evidence favours)",
    "as printed": "as printed in the abstract (probably a slip)",
}
EMAX_7OH = {"chosen_for": MODEL_INPUTS_VIEW, "compound": "7-hydroxymitragynine", "receptor": "MOR", "measure": "Emax"}
HORIE_PD2 = {"chosen_for": MODEL_INPUTS_VIEW, "compound": "7-hydroxymitragynine", "measure": "pD2"}
HORIE_RATIOS = {"chosen_for": MODEL_INPUTS_VIEW, "compound": "7-hydroxymitragynine", "measure": "relative_potency"}
# Peak plasma concentrations after one dose of leaf tea (Tanna 2022, read in the Tanna 2023 review).
PEAK_SOURCE = {"chosen_for": "tea-peak-concentrations", "parameter": "cmax"}
# The mean 7-OH / mitragynine plasma ratios reported by Huestis 2024 (the only ratio rows in pk_parameters).
PLASMA_RATIO = {"analyte": "7-hydroxymitragynine", "parameter": "other"}
# Left out of every computation here: relative_affinity and relative_potency rows other than
# Horie's enter only the ratio table (they compare compounds, they are not concentrations).

BINDING_MEASURES = ("Ki", "Kd", "pKi", "IC50")
TARGET_NAMES = {
    "MOR": "mu-opioid (MOR)",
    "DOR": "delta-opioid (DOR)",
    "KOR": "kappa-opioid (KOR)",
    "alpha2A": "alpha2A-adrenergic",
    "opioid-tissue": "guinea-pig ileum (opioid tissue)",
}
SHORT = {"mitragynine": "mitragynine", "7-hydroxymitragynine": "7-OH", "mitragynine pseudoindoxyl": "pseudoindoxyl"}


def values() -> pd.DataFrame:
    """Every receptor value with a readable target, the disputed flag (d01) and provenance."""
    table = data.load("receptor_values")
    disputed = set()
    for _, row in data.load("disagreements").query("table_name == 'receptor_values'").iterrows():
        disputed |= set(str(row["row_ids"]).split(";"))
    table["disputed"] = table["value_id"].isin(disputed)
    table["target"] = table["receptor"].map(TARGET_NAMES)
    table["value"] = table["value"].astype(float)
    return table


def ki_nm(compound: str, *, receptor: str = "MOR", ref_id: str | None = None) -> float:
    """The one Ki (nM) of `compound` at `receptor` (optionally from `ref_id`): checks compound AND unit."""
    where = {"compound": compound, "receptor": receptor, "measure": "Ki"}
    if ref_id:
        where["ref_id"] = ref_id
    return data.value("receptor_values", unit="nM", **where)


# --- binding and potency, apart ------------------------------------------------------------------


def binding_table() -> pd.DataFrame:
    """Binding constants (affinity) in nM, one row per reported value."""
    table = values()
    table = table[table["measure"].isin(BINDING_MEASURES)].copy()
    factor = table["unit"].map({"nM": 1.0, "uM": 1000.0})
    if factor.isna().any():
        raise ValueError(f"binding values in an unexpected unit: {sorted(set(table.loc[factor.isna(), 'unit']))}")
    table["value_nM"] = table["value"] * factor
    return table.sort_values(["target", "value_nM"]).reset_index(drop=True)


def tissue_potency_table() -> pd.DataFrame:
    """Potency in the guinea-pig ileum (Horie 2005): 7-OH's reported pD2, and mitragynine's and
    morphine's pD2 derived from the same paper's reported potency ratios (derived = True)."""
    pd2_row = data.select("receptor_values", unit="neg_log_M", **HORIE_PD2)
    ratios = data.select("receptor_values", unit="fold", many=True, **HORIE_RATIOS)
    rows = [
        {
            "compound": pd2_row["compound"],
            "pD2": float(pd2_row["value"]),
            "derived": False,
            "ref_id": pd2_row["ref_id"],
            "provenance": pd2_row["provenance"],
            "how": "reported pD2",
        }
    ]
    for r in ratios.itertuples():
        rows.append(
            {
                "compound": r.comparator,
                "pD2": float(pd2_row["value"]) - math.log10(float(r.value)),
                "derived": True,
                "ref_id": r.ref_id,
                "provenance": r.provenance,
                "how": f"7-OH's pD2 minus log10 of the reported {float(r.value):g}-fold ratio",
            }
        )
    table = pd.DataFrame(rows)
    table["EC50_nM"] = pd2_to_ec50_nm(table["pD2"])
    return table.sort_values("EC50_nM").reset_index(drop=True)


def ratio_table() -> pd.DataFrame:
    """Same-paper, same-assay ratios: how many times more potent (or tighter-binding) compound is than comparator."""
    table = values()
    return table[table["measure"].isin(["relative_potency", "relative_affinity"])].reset_index(drop=True)


def orders_of_magnitude(numbers) -> float:
    """How many powers of ten separate the largest from the smallest of `numbers` (all > 0)."""
    arr = np.asarray(list(numbers), dtype=float)
    if arr.size == 0 or (arr <= 0).any():
        raise ValueError("orders_of_magnitude needs positive numbers")
    return float(math.log10(arr.max() / arr.min()))


def people_table() -> pd.DataFrame:
    """Every receptor value for a table for people: what, for which compound, where, from which source."""
    table = values()
    kind = table["measure"].map(
        lambda m: "binding (affinity)"
        if m in BINDING_MEASURES
        else "ratio in the same assay"
        if m.startswith("relative")
        else "function (potency or efficacy)"
    )
    shown = pd.DataFrame(
        {
            "kind": kind,
            "compound": table["compound"],
            "target": table["target"],
            "measure": table["measure"].str.replace("_", " "),
            "value": table["value"].map(lambda v: f"{v:g}"),
            "unit": table["unit"].replace({"neg_log_M": "-log10 M", "percent": "%"}),
            "compared_with": table["comparator"].fillna(""),
            "source": table["ref_id"] + np.where(table["disputed"], " (disputed: probably transposed, d01)", ""),
            "provenance": table["provenance"],
        }
    )
    order = {"binding (affinity)": 0, "function (potency or efficacy)": 1, "ratio in the same assay": 2}
    return shown.sort_values(["kind", "target"], key=lambda s: s.map(order) if s.name == "kind" else s).reset_index(drop=True)


# --- the disputed abstract as two scenarios (d01) ------------------------------------------------


def d01_scenarios() -> pd.DataFrame:
    """MOR Ki (nM) of mitragynine and 7-OH under each reading of the Obeng 2021 abstract."""
    rows = [{"reading": r, "compound": c, "ki_nM": mor_ki_nm(c, r)} for r in READINGS for c in D01_COMPOUNDS]
    return pd.DataFrame(rows)


def mor_ki_nm(compound: str, reading: str = BASE_READING) -> float:
    """MOR Ki (nM) of mitragynine or 7-OH under one reading of d01 (KI_SCENARIOS).

    Selected by compound, receptor, measure, source AND unit: a value in uM, or another compound's
    row, cannot enter as mitragynine's Ki.
    """
    if reading not in KI_SCENARIOS:
        raise KeyError(f"reading must be one of {', '.join(KI_SCENARIOS)}, got {reading!r}")
    return data.value("receptor_values", unit="nM", compound=KI_SCENARIOS[reading][compound], **KI_SOURCE)


def affinity_fold(reading: str = BASE_READING) -> float:
    """How many times tighter the tighter-binding compound binds under this reading."""
    kis = d01_scenarios().query("reading == @reading")["ki_nM"]
    return float(kis.max() / kis.min())


def peak_plasma_nm(compound: str) -> float:
    """Peak total plasma concentration (nM) after one dose of leaf tea in Tanna 2022 (review table)."""
    return data.value("pk_parameters", unit="nM", analyte=compound, **PEAK_SOURCE)


def plasma_ratio_range() -> tuple[float, float]:
    """Lowest and highest mean 7-OH / mitragynine plasma concentration ratio reported by Huestis 2024."""
    rows = data.select("pk_parameters", unit="ratio", many=True, **PLASMA_RATIO)
    ratios = rows["value"].astype(float)
    return float(ratios.min()), float(ratios.max())


def occupancy_ratio(reading: str, conc_7oh_nm: float | None = None, conc_mg_nm: float | None = None) -> float:
    """Occupancy by 7-OH divided by occupancy by mitragynine at the given concentrations (default:
    the Tanna 2022 peaks), each binding alone (no competition), under one reading of d01."""
    c_7oh = peak_plasma_nm("7-hydroxymitragynine") if conc_7oh_nm is None else conc_7oh_nm
    c_mg = peak_plasma_nm("mitragynine") if conc_mg_nm is None else conc_mg_nm
    occ_7oh = float(occupancy(c_7oh, mor_ki_nm("7-hydroxymitragynine", reading)))
    occ_mg = float(occupancy(c_mg, mor_ki_nm("mitragynine", reading)))
    return occ_7oh / occ_mg


def scenario_table() -> pd.DataFrame:
    """Per reading: each compound's MOR Ki and occupancy at its Tanna 2022 peak (total, not free)."""
    table = d01_scenarios()
    table["reading_text"] = table["reading"].map(READINGS)
    table["peak_nM"] = [peak_plasma_nm(c) for c in table["compound"]]
    table["occupancy_at_peak"] = [float(occupancy(p, k)) for p, k in zip(table["peak_nM"], table["ki_nM"])]
    return table


def occupancy_curves(ki_values_nm: dict[str, float], conc_nm=None) -> pd.DataFrame:
    """Fraction of receptors occupied over a concentration range for each named Ki (nM)."""
    conc = np.logspace(-1, 5, 241) if conc_nm is None else np.asarray(conc_nm, dtype=float)
    return pd.DataFrame({name: occupancy(conc, ki) for name, ki in ki_values_nm.items()}, index=pd.Index(conc, name="conc_nM"))


# --- efficacy, partial agonists, precipitated withdrawal ------------------------------------------


def emax_7oh_fraction() -> float:
    """7-OH's Emax at MOR as a fraction (Obeng 2021, GTPgammaS)."""
    return data.value("receptor_values", unit="percent", **EMAX_7OH) / 100.0


def tau_7oh() -> float:
    """Operational efficacy tau that gives 7-OH's reported Emax as its plateau."""
    return float(tau_from_relative_emax(emax_7oh_fraction()))


# The operational-model demonstration: agonists of one illustrative affinity and several efficacies (tau); None
# stands for the tau that gives 7-OH's reported Emax. Illustrative, not measured values of any drug.
OPERATIONAL_EXAMPLE_KA_NM = 100.0
TAUS_SHOWN = (0.1, None, 10.0, 100.0)


def taus_shown() -> list[float]:
    """The efficacies the operational-model figure draws, with 7-OH's in place of None."""
    return [tau_7oh() if t is None else t for t in TAUS_SHOWN]


def operational_curves(conc_nm=None) -> pd.DataFrame:
    """Response (% of system maximum) against agonist concentration (nM) for each tau shown, one affinity."""
    conc = np.logspace(-1, 5, 241) if conc_nm is None else np.asarray(conc_nm, dtype=float)
    return pd.DataFrame(
        {tau: 100 * operational_response(conc, ka_nm=OPERATIONAL_EXAMPLE_KA_NM, tau=tau) for tau in taus_shown()},
        index=pd.Index(conc, name="conc_nM"),
    )


# Illustrative parameters for the precipitated-withdrawal demonstration. They are NOT measured
# values of any drug: the full agonist is 'a high-efficacy opioid at 90% occupancy'; the added
# drug has 7-OH's efficacy and either a high or a low affinity.
ILLUSTRATION = {
    "full_agonist_tau": 30.0,
    "full_agonist_occupancy_alone": 0.9,
    "added_k_high_affinity_nM": 1.0,
    "added_k_low_affinity_nM": 1000.0,
}


def two_agonist_response(
    added_nm, *, k_added_nm: float, tau_added: float, full_tau: float | None = None, full_occupancy_alone: float | None = None
):
    """Response (fraction of system maximum) with a full agonist present and a second ligand added.

    Operational model for two agonists competing for one receptor pool (slope 1):
    E = (tA a + tB b) / (1 + a + b + tA a + tB b), with a = [A]/KA and b = [B]/KB.
    The full agonist's a is set by its occupancy when alone; tau_added = 0 gives an antagonist.
    """
    full_tau = ILLUSTRATION["full_agonist_tau"] if full_tau is None else full_tau
    occ = ILLUSTRATION["full_agonist_occupancy_alone"] if full_occupancy_alone is None else full_occupancy_alone
    a = occ / (1.0 - occ)
    b = np.asarray(added_nm, dtype=float) / k_added_nm
    numerator = full_tau * a + tau_added * b
    return numerator / (1.0 + a + b + numerator)


def precipitation_curves(conc_nm=None) -> pd.DataFrame:
    """Total response as a partial agonist with 7-OH's efficacy is added, at high and at low affinity."""
    conc = np.logspace(-2, 7, 361) if conc_nm is None else np.asarray(conc_nm, dtype=float)
    tau = tau_7oh()
    return pd.DataFrame(
        {
            "high affinity": two_agonist_response(conc, k_added_nm=ILLUSTRATION["added_k_high_affinity_nM"], tau_added=tau),
            "low affinity": two_agonist_response(conc, k_added_nm=ILLUSTRATION["added_k_low_affinity_nM"], tau_added=tau),
        },
        index=pd.Index(conc, name="added_nM"),
    )


def precipitation_facts() -> dict:
    """Numbers that the precipitated-withdrawal figure and text state, computed."""
    tau = tau_7oh()
    full_alone = float(two_agonist_response(0.0, k_added_nm=1.0, tau_added=tau))
    return {
        "full_alone": full_alone,
        "partial_ceiling": float(max_response(tau)),
        "k_high": ILLUSTRATION["added_k_high_affinity_nM"],
        "k_low": ILLUSTRATION["added_k_low_affinity_nM"],
        "full_occupancy": ILLUSTRATION["full_agonist_occupancy_alone"],
    }


# --- the relation of the three alkaloids ---------------------------------------------------------

# (from, to, how, where); the findings that say so are chosen in data/curation.csv (view alkaloid-relation,
# labelled 'from > to').
RELATION_VIEW = "alkaloid-relation"
RELATION_EDGES = [
    ("mitragynine", "7-hydroxymitragynine", "CYP3A oxidation", "human liver preparations; mice"),
    (
        "7-hydroxymitragynine",
        "mitragynine pseudoindoxyl",
        "rearrangement",
        "human plasma in vitro, far more than in animal plasma",
    ),
    ("mitragynine", "mitragynine pseudoindoxyl", "CYP3A-mediated rearrangement", "mice"),
    ("mitragynine", "9-O-demethylmitragynine", "O-demethylation", "main product in vitro; commonest in urine"),
]


def alkaloid_relation() -> pd.DataFrame:
    """Edges of the mitragynine -> 7-OH -> pseudoindoxyl relation, each with the findings and references behind it."""
    chosen = data.chosen(RELATION_VIEW)
    edges = {f"{source} > {target}" for source, target, *_ in RELATION_EDGES}
    data.require_known(chosen["curation_label"], edges, "receptors.RELATION_EDGES (labels of view alkaloid-relation)")
    rows = []
    for source, target, how, where in RELATION_EDGES:
        findings = chosen[chosen["curation_label"] == f"{source} > {target}"]
        if findings.empty:
            raise KeyError(f"relation {source} -> {target}: no findings in data/curation.csv ({RELATION_VIEW})")
        ids = list(findings["finding_id"])
        refs = sorted(set(findings["ref_id"]))
        rows.append({"from": source, "to": target, "how": how, "where": where, "findings": ";".join(ids), "refs": ";".join(refs)})
    return pd.DataFrame(rows)


def citation_label(ref_ids) -> str:
    """References as people cite them on a figure: 'Kamble 2019, Basiliere 2020' (surname and year, n.d. if none)."""
    refs = data.load("references").set_index("ref_id")
    labels = []
    for ref_id in ref_ids:
        row = refs.loc[ref_id]
        surname = str(row["first_author"]).split()[0] if pd.notna(row["first_author"]) else str(row["title"]).split()[0]
        labels.append(f"{surname} {int(row['year'])}" if pd.notna(row["year"]) else f"{surname} n.d.")
    return ", ".join(labels)


def relative_tissue_potency() -> dict[str, tuple[float, str]]:
    """Potency in guinea-pig ileum relative to mitragynine, as reported: compound -> (fold, ref_id)."""
    ratios = ratio_table().query("measure == 'relative_potency' and comparator == 'mitragynine'")
    return {r.compound: (float(r.value), r.ref_id) for r in ratios.itertuples()}


# --- in vivo: drug discrimination, the alpha2 story, respiration ---------------------------------

# The findings shown under each heading, in order: data/curation.csv, view in-vivo-findings (heading in the label):
# 7-OH as a metabolite; drug discrimination; beyond the mu receptor; CYP3A in people (kratom as the
# perpetrator, measured with a probe drug in people, and why a CYP3A argument alone says little about methadone).
IN_VIVO_VIEW = "in-vivo-findings"

# How each source_location reads in a table for people: what a finding rests on, not how it was found.
SOURCE_WORDS = {
    "abstract": "abstract",
    "table": "results table",
    "text": "full text",
    "record": "the conclusion its title states",
}


def in_vivo_groups() -> list[str]:
    """The headings of the in-vivo findings, in order (data/curation.csv, view in-vivo-findings)."""
    return list(dict.fromkeys(data.curation(IN_VIVO_VIEW)["label"]))


def in_vivo_table(group: str) -> pd.DataFrame:
    """The findings shown under one heading (data/curation.csv, view in-vivo-findings), in the order listed."""
    chosen = data.chosen(IN_VIVO_VIEW)
    if group not in set(chosen["curation_label"]):
        raise KeyError(f"no heading {group!r} in data/curation.csv ({IN_VIVO_VIEW}); headings: {', '.join(in_vivo_groups())}")
    table = chosen[chosen["curation_label"] == group].drop(columns=["curation_label", "curation_reason"])
    table = table.reset_index(drop=True)
    table["rests_on"] = table["source_location"].map(SOURCE_WORDS)
    return table
