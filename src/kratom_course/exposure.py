"""From milligrams of mitragynine to plasma and to mu-opioid receptor occupancy (notebook 03).

Every input is chosen by meaning (table, compound, parameter, unit) through `data.select` and
`data.value`; the named blocks below say which rows feed the model and which are left out, and why.
The model is a teaching device: it shows how one study's summary statistics constrain a curve
and how wide the implied receptor exposure is. It is not a prediction for any person or product,
and it is not a dose guide. Exposure is expressed against milligrams of mitragynine swallowed;
leaf grams enter only to show how uncertain that conversion is.

Which accumulation is meant is always said: *peak* (Cmax at steady state over the first Cmax),
*trough* (the concentration just before a dose at steady state over the one before the second
dose) or *AUC* (exposure over one dosing interval at steady state over the first interval).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import data, pk
from .paths import data_dir
from .pharmacology import occupancy, unbound_concentration
from .receptors import BASE_READING, KI_SCENARIOS, mor_ki_nm  # noqa: F401  (part of this module's interface too)
from .units import checked, mg_per_l_to_nm, nm_to_mg_per_l

_INPUT_FILES = ("pk_parameters.csv", "compound_properties.csv", "receptor_values.csv", "alkaloid_content.csv", "datapackage.json")


def _inputs_key() -> tuple:
    """Where and when the model's input tables last changed: a changed file means fresh inputs."""
    directory = data_dir()
    return (str(directory),) + tuple((directory / f).stat().st_mtime_ns for f in _INPUT_FILES)


def _cached(func):
    """Memoise a function of hashable arguments for as long as the input tables are unchanged."""
    memo = lru_cache(maxsize=256)(lambda key, *args: func(*args))

    def wrapper(*args):
        return memo(_inputs_key(), *args)

    wrapper.__name__, wrapper.__doc__, wrapper.__wrapped__ = func.__name__, func.__doc__, func
    return wrapper


# ================================================================================================
# Which rows feed the model (by meaning, never by row id)
# ================================================================================================
# The calibration study: Tanna 2022, one 2 g dose of leaf powder as tea holding 39 mg of
# mitragynine, blood sampled for 120 h, read from the table of the 2023 review (tanna2023).
# It is the only single-dose human study in data/ that gives Cmax, tmax, AUC and terminal half-life
# for one stated dose.
CALIBRATION_STUDY = {"species": "human", "dose_mg": 39.0}
MITRAGYNINE = "mitragynine"
SEVEN_OH = "7-hydroxymitragynine"

# name -> (table, unit, filter); each filter must match exactly one row.
MODEL_INPUTS: dict[str, tuple[str, str, dict]] = {
    "cmax_nm": ("pk_parameters", "nM", {"analyte": MITRAGYNINE, "parameter": "cmax", **CALIBRATION_STUDY}),
    "tmax_h": ("pk_parameters", "h", {"analyte": MITRAGYNINE, "parameter": "tmax", **CALIBRATION_STUDY}),
    "auc_nm_h": ("pk_parameters", "nM*h", {"analyte": MITRAGYNINE, "parameter": "auc", **CALIBRATION_STUDY}),
    "t_half_h": ("pk_parameters", "h", {"analyte": MITRAGYNINE, "parameter": "t_half", **CALIBRATION_STUDY}),
    # checks, not inputs: the study's own clearance and terminal volume
    "cl_f_l_per_h": ("pk_parameters", "L/h", {"analyte": MITRAGYNINE, "parameter": "cl_f", **CALIBRATION_STUDY}),
    "vz_f_l": ("pk_parameters", "L", {"analyte": MITRAGYNINE, "parameter": "vd_f", **CALIBRATION_STUDY}),
    # 7-OH measured in the same study (its own dose is not known: it is formed from mitragynine and
    # was below the limit of quantification in the product), so it is scaled per mg of mitragynine.
    "cmax_7oh_nm": ("pk_parameters", "nM", {"analyte": SEVEN_OH, "parameter": "cmax", "species": "human", "dose_mg_max": 39.0}),
    "t_half_7oh_h": ("pk_parameters", "h", {"analyte": SEVEN_OH, "parameter": "t_half", "species": "human", "dose_mg_max": 39.0}),
    "molar_mass_mitragynine": ("compound_properties", "g/mol", {"compound": MITRAGYNINE, "property": "molar_mass"}),
    # rat plasma: no human value was found (compound_properties notes)
    "protein_binding_7oh_percent": (
        "compound_properties",
        "percent",
        {"compound": SEVEN_OH, "property": "plasma_protein_binding"},
    ),
}
# Read as a set (many rows): both ends of a reported range.
PROTEIN_BINDING_MITRAGYNINE = ("compound_properties", "percent", {"compound": MITRAGYNINE, "property": "plasma_protein_binding"})
# Reported ranges of dried-leaf content (% w/w). Not included: one seedling's single value in mg/g
# (1.5% w/w, inside the range) and a share of total alkaloids, which is not a content of leaf.
DRIED_LEAF_CONTENT = (
    "alkaloid_content",
    "percent_w_w",
    {"material": "dried-leaf", "alkaloid": MITRAGYNINE, "statistic": ["min", "max"]},
)
# The edge of extrapolation: the highest mitragynine dose given to people in a PK study in data/.
STUDIED_DOSES = ("pk_parameters", {"analyte": MITRAGYNINE, "species": "human", "provenance": "primary"})

# Absorption is not identifiable from four summary statistics (any ka from about 0.7 to 2 1/h fits
# them exactly; see ka_identifiability()). This value is an assumption, not a measurement.
ASSUMED_KA_PER_H = 1.0

# The MOR Ki of mitragynine and of 7-OH, as two named readings of the disputed Obeng 2021 abstract
# (d01), comes from `receptors` (KI_SCENARIOS, mor_ki_nm, BASE_READING = "transposed", the reading the
# evidence favours): one definition for notebooks 02 and 03.

# Hepatic blood flow (adult physiology): the ceiling on any clearance by the liver, and so on F.
HEPATIC_BLOOD_FLOW = ("pk_parameters", "L/min", {"analyte": "hepatic blood flow", "parameter": "other"})
# The share of a dose excreted unchanged in urine (Trakulsrichai 2015): why clearance is taken as hepatic.
URINARY_UNCHANGED = ("pk_parameters", "percent of dose", {"analyte": MITRAGYNINE, "parameter": "other", "species": "human"})

# ================================================================================================
# Which rows are left out, and why
# ================================================================================================
LEFT_OUT_OF_MODEL: list[tuple[str, dict, str]] = [
    (
        "pk_parameters",
        {"ref_id": "trakulsrichai2015"},
        "24 h of sampling for a drug whose terminal half-life is about two days, and no dose per person in the abstract",
    ),
    (
        "pk_parameters",
        {"ref_id": "huestis2024"},
        "abstract gives only ranges across dose groups; used for the highest dose studied and the multiple-dose half-life",
    ),
    ("pk_parameters", {"species": ["mixed", "dog"]}, "not human, or rat and human data pooled (ya2019, d02)"),
    (
        "pk_parameters",
        {"analyte": ["speciogynine", "paynantheine", "speciociliatine", "mitraciliatine", "isopaynantheine"]},
        "other alkaloids: no receptor values for them feed this model",
    ),
    (
        "receptor_values",
        {"compound": MITRAGYNINE, "receptor": "MOR", "measure": "Ki", "ref_id": "obeng2021"},
        "not left out: used, but as two scenarios (d01), never pooled with 7-OH's value",
    ),
]

# Rows of pk_parameters kept out of learner-facing tables (column learner_facing = no); the test
# suite checks that these filters and that column agree.
LEFT_OUT_OF_LEARNER_TABLES: list[tuple[dict, str]] = [
    (
        {"ref_id": "trakulsrichai2015", "provenance": "secondary", "parameter": ["tmax", "t_half"]},
        "the 2023 review's restatement of Trakulsrichai 2015's own tmax and half-life (d03): the primary values are shown",
    ),
    (
        {"ref_id": "trakulsrichai2015", "provenance": "secondary", "parameter": "vd_f"},
        "derived by the review: the primary 38.04 L/kg times 77 kg; the primary value is shown",
    ),
    (
        {"ref_id": "trakulsrichai2015", "provenance": "secondary", "parameter": "cl_f"},
        "inconsistent with the same table's volume and half-life (d12); not used",
    ),
]

SEED = 20261125
N_DRAWS = 2000
CAPTION_WARNING = "Modelled; not a dose guide."


# ================================================================================================
# Inputs
# ================================================================================================


@_cached
def model_input(name: str) -> float:
    """The value of one named model input (MODEL_INPUTS), checked for its unit."""
    table, unit, where = MODEL_INPUTS[name]
    return data.value(table, unit=unit, **where)


@_cached
def model_input_row(name: str) -> pd.Series:
    table, unit, where = MODEL_INPUTS[name]
    return data.select(table, unit=unit, **where)


def molar_mass(compound: str = MITRAGYNINE) -> float:
    """Molar mass (g/mol) of a compound, from compound_properties."""
    return data.value("compound_properties", unit="g/mol", compound=compound, property="molar_mass")


@_cached
def observed_range(name: str) -> tuple[float, float]:
    """(low, high) of the reported range of a named pk input (range_low, range_high columns)."""
    row = model_input_row(name)
    if row["spread_type"] != "range":
        raise data.SelectionError(f"{name}: the selected row reports {row['spread_type']!r}, not a range")
    return float(row["range_low"]), float(row["range_high"])


@_cached
def fraction_unbound_range() -> tuple[float, float]:
    """Fraction of mitragynine unbound in plasma, from the reported range of protein binding (percent)."""
    table, unit, where = PROTEIN_BINDING_MITRAGYNINE
    bound = data.select(table, unit=unit, many=True, **where)["value"].astype(float) / 100.0
    return float(1 - bound.max()), float(1 - bound.min())


@_cached
def fraction_unbound_7oh() -> float:
    """Fraction of 7-OH unbound: rat plasma (no human value in data/)."""
    return 1.0 - model_input("protein_binding_7oh_percent") / 100.0


@_cached
def ki_scenarios() -> pd.DataFrame:
    """The two readings side by side: MOR Ki (nM) of mitragynine and of 7-OH in each."""
    return pd.DataFrame(
        [
            {"scenario": s, "mitragynine_ki_nM": mor_ki_nm(MITRAGYNINE, s), "7oh_ki_nM": mor_ki_nm(SEVEN_OH, s)}
            for s in KI_SCENARIOS
        ]
    ).set_index("scenario")


@_cached
def highest_dose_studied_mg() -> float:
    """Highest mitragynine dose (mg) given to people in a PK study in data/: the edge of extrapolation."""
    table, where = STUDIED_DOSES
    rows = data.select(table, many=True, **where)
    doses = pd.concat([rows["dose_mg"], rows["dose_mg_max"]]).dropna().astype(float)
    return float(doses.max())


def highest_dose_row() -> pd.Series:
    """The row that holds the highest studied dose (for its reference and notes)."""
    table, where = STUDIED_DOSES
    rows = data.select(table, many=True, **where)
    return rows.loc[rows["dose_mg_max"].astype(float).idxmax()]


@_cached
def leaf_content_range_percent() -> tuple[float, float]:
    """Lowest and highest mitragynine content of dried leaf (% w/w) in data/alkaloid_content.csv."""
    table, unit, where = DRIED_LEAF_CONTENT
    content = data.select(table, unit=unit, many=True, **where)["value"].astype(float)
    return float(content.min()), float(content.max())


def tea_extraction() -> pd.DataFrame:
    """Grundmann 2023: mitragynine recovered from the same tea bags by tea infusion vs by methanol (% w/w).

    The fraction column compares the ends of the two ranges (lowest/highest, highest/lowest): how much
    of what a methanol assay reports a tea infusion took out.
    """
    rows = data.select("alkaloid_content", unit="percent_w_w", many=True, alkaloid=MITRAGYNINE, ref_id="grundmann2023")
    infusion = rows[rows["material"] == "tea-infusion"]["value"].astype(float)
    methanol = rows[rows["extraction"] == "methanol"]["value"].astype(float)
    return pd.DataFrame(
        {
            "extraction": ["tea infusion", "methanol", "fraction recovered by infusion"],
            "low": [infusion.min(), methanol.min(), infusion.min() / methanol.max()],
            "high": [infusion.max(), methanol.max(), infusion.max() / methanol.min()],
        }
    ).set_index("extraction")


def tea_recovery_range() -> tuple[float, float]:
    """(lowest, highest) fraction of the methanol content that a tea infusion took out (Grundmann 2023)."""
    row = tea_extraction().loc["fraction recovered by infusion"]
    return float(row["low"]), float(row["high"])


def tea_extraction_table() -> pd.DataFrame:
    """Grundmann 2023 for people: mitragynine (% w/w of the tea-bag material) by each extraction."""
    table = tea_extraction().drop(index="fraction recovered by infusion").reset_index()
    table["extraction"] = table["extraction"].map(
        {"tea infusion": "tea infusion (pH-adjusted water)", "methanol": "methanol (the laboratory assay)"}
    )
    return table.rename(columns={"low": "lowest_percent_w_w", "high": "highest_percent_w_w"})


def learner_pk_table(**where) -> pd.DataFrame:
    """Rows of pk_parameters a learner may see (learner_facing = yes), optionally filtered by meaning."""
    rows = data.select("pk_parameters", many=True, learner_facing="yes", **where)
    return rows


def rows_left_out_of_learner_tables() -> pd.DataFrame:
    """The pk_parameters rows matched by LEFT_OUT_OF_LEARNER_TABLES, with the reason."""
    frames = []
    for where, reason in LEFT_OUT_OF_LEARNER_TABLES:
        rows = data.select("pk_parameters", many=True, **where)[
            ["value_id", "analyte", "parameter", "value", "unit", "ref_id", "via_ref_id"]
        ]
        frames.append(rows.assign(reason=reason))
    return pd.concat(frames, ignore_index=True)


NOT_REPORTED = "not reported"


def _when_measured(notes) -> str:
    """'after one dose' or 'after N daily doses', as the row's notes say ('' when they do not)."""
    text = "" if pd.isna(notes) else str(notes)
    many = re.search(r"after multiple \((\d+) daily\) doses", text)
    if many:
        return f"after {many.group(1)} daily doses"
    return "after one dose" if re.search(r"after one dose", text) else ""


def _given(row) -> str:
    """What the study gave, and for a study with both single and repeated dosing, which one this value is."""
    dose = str(row["dose"]).split(", single dose then")[0]
    when = _when_measured(row["notes"])
    return f"{dose}; highest mean across dose groups {when}" if when else dose


def _spread_text(row) -> str:
    if pd.notna(row["range_low"]) and pd.notna(row["range_high"]):
        return f"range {float(row['range_low']):g}-{float(row['range_high']):g}"
    if pd.notna(row["spread"]):
        return f"{row['spread_type']} {float(row['spread']):.1f}"
    return NOT_REPORTED


def human_half_lives_h() -> pd.DataFrame:
    """Mitragynine terminal half-lives measured in people (learner-facing rows), with sampling duration.

    Text columns for people: `given` (what was given; for Huestis 2024 whether after one dose or after
    daily doses, from the row's notes), `spread_text`, `sampling_text` and `n_text` ('not reported'
    where the source gives none).
    """
    rows = learner_pk_table(analyte=MITRAGYNINE, parameter="t_half", species="human")
    rows = rows[
        ["value", "spread", "spread_type", "range_low", "range_high", "sampling_h", "n", "ref_id", "dose", "notes"]
    ].reset_index(drop=True)
    rows["given"] = rows.apply(_given, axis=1)
    rows["spread_text"] = rows.apply(_spread_text, axis=1)
    rows["sampling_text"] = [f"{float(v):g}" if pd.notna(v) else NOT_REPORTED for v in rows["sampling_h"]]
    rows["n_text"] = [f"{int(v)}" if pd.notna(v) else NOT_REPORTED for v in rows["n"]]
    return rows.drop(columns=["dose", "notes"])


# ================================================================================================
# The two calibrations
# ================================================================================================


@dataclass(frozen=True)
class Observed:
    """Tanna 2022's summary statistics for mitragynine after 39 mg (medians, read via tanna2023)."""

    dose_mg: float
    cmax_nm: float
    tmax_h: float
    auc_nm_h: float
    t_half_h: float
    cl_f_l_per_h: float
    vz_f_l: float
    molar_mass: float

    def to_mg_per_l(self, conc_nm):
        return nm_to_mg_per_l(conc_nm, self.molar_mass)

    def to_nm(self, conc_mg_per_l):
        return mg_per_l_to_nm(conc_mg_per_l, self.molar_mass)


@_cached
def observed() -> Observed:
    """The calibration targets and checks, read from data/ by meaning."""
    row = model_input_row("cmax_nm")
    return Observed(
        dose_mg=float(row["dose_mg"]),
        cmax_nm=float(row["value"]),
        tmax_h=model_input("tmax_h"),
        auc_nm_h=model_input("auc_nm_h"),
        t_half_h=model_input("t_half_h"),
        cl_f_l_per_h=model_input("cl_f_l_per_h"),
        vz_f_l=model_input("vz_f_l"),
        molar_mass=model_input("molar_mass_mitragynine"),
    )


@dataclass(frozen=True)
class OneCompartment:
    """The one-compartment calibration: ke from the terminal half-life, ka from tmax, V/F from Cmax.

    Kept as a counter-example: it reproduces the peak and the half-life but implies CL/F = ke V/F
    far below the study's clearance, hence an AUC many times the observed one.
    """

    dose_mg: float
    tmax_h: float
    cmax_nm: float
    t_half_h: float
    molar_mass: float

    @property
    def ke(self) -> float:
        return pk.ke_from_half_life(self.t_half_h)

    @property
    def ka(self) -> float:
        return pk.ka_from_tmax(self.tmax_h, self.ke)

    def volume_l(self, cmax_nm: float | None = None) -> float:
        cmax = self.cmax_nm if cmax_nm is None else cmax_nm
        return pk.volume_for_cmax(self.dose_mg, nm_to_mg_per_l(cmax, self.molar_mass), self.ka, self.ke)

    @property
    def cl_l_per_h(self) -> float:
        return self.ke * self.volume_l()

    def terms(self, dose_mg: float | None = None):
        """(coefficients in mg/L, rates in 1/h) of the Bateman function for one dose."""
        dose = self.dose_mg if dose_mg is None else dose_mg
        scale = dose * self.ka / (self.volume_l() * (self.ka - self.ke))
        return np.array([scale, -scale]), np.array([self.ke, self.ka])


def one_compartment() -> OneCompartment:
    """The one-compartment calibration to the same study (the counter-example of notebook 03)."""
    obs = observed()
    return OneCompartment(
        dose_mg=obs.dose_mg, tmax_h=obs.tmax_h, cmax_nm=obs.cmax_nm, t_half_h=obs.t_half_h, molar_mass=obs.molar_mass
    )


@lru_cache(maxsize=16)
def _two_compartment(ka_per_h: float, obs: Observed) -> pk.TwoCompartment:
    return pk.calibrate_two_compartment(
        obs.dose_mg, obs.to_mg_per_l(obs.cmax_nm), obs.tmax_h, obs.to_mg_per_l(obs.auc_nm_h), obs.t_half_h, ka_per_h
    )


def two_compartment(ka_per_h: float | None = None) -> pk.TwoCompartment:
    """The two-compartment model fitted to Cmax, tmax, AUC and terminal half-life (ka assumed, see ASSUMED_KA_PER_H)."""
    ka = ASSUMED_KA_PER_H if ka_per_h is None else float(ka_per_h)
    return _two_compartment(ka, observed())


def _summary_nm(terms, obs: Observed) -> dict[str, float]:
    s = pk.curve_summary(*terms)
    return {
        "cmax": float(obs.to_nm(s["cmax"])),
        "tmax": s["tmax_h"],
        "auc": float(obs.to_nm(s["auc"])),
        "t_half": s["terminal_half_life_h"],
    }


def model_check(ka_per_h: float | None = None) -> pd.DataFrame:
    """Cmax, tmax, AUC, CL/F, Vz/F and terminal half-life: observed, one-compartment and two-compartment.

    CL/F of a model is dose / AUC (in moles); Vz/F is CL/F over the terminal rate constant. The
    ratio columns are model / observed.
    """
    obs = observed()
    dose_nmol = obs.dose_mg / obs.molar_mass * 1e6
    one, two = one_compartment(), two_compartment(ka_per_h)
    rows = []
    for label, terms in (("one_compartment", one.terms()), ("two_compartment", two.terms(obs.dose_mg))):
        s = _summary_nm(terms, obs)
        cl = dose_nmol / s["auc"]
        rows.append(
            {
                "model": label,
                "Cmax (nM)": s["cmax"],
                "tmax (h)": s["tmax"],
                "AUC (nM*h)": s["auc"],
                "CL/F (L/h)": cl,
                "Vz/F (L)": cl * s["t_half"] / pk.LN2,
                "terminal t1/2 (h)": s["t_half"],
            }
        )
    observed_row = {
        "model": "observed",
        "Cmax (nM)": obs.cmax_nm,
        "tmax (h)": obs.tmax_h,
        "AUC (nM*h)": obs.auc_nm_h,
        "CL/F (L/h)": obs.cl_f_l_per_h,
        "Vz/F (L)": obs.vz_f_l,
        "terminal t1/2 (h)": obs.t_half_h,
    }
    table = pd.DataFrame([observed_row] + rows).set_index("model").T
    table["one / observed"] = table["one_compartment"] / table["observed"]
    table["two / observed"] = table["two_compartment"] / table["observed"]
    table.index.name = "statistic"
    return table


KA_VALUES_PER_H = (0.7, 1.0, 1.5, 2.0)  # absorption rate constants that all fit the study's four statistics


def ka_identifiability(ka_values=KA_VALUES_PER_H, interval_h: float = 24.0) -> pd.DataFrame:
    """For several assumed ka: the fitted volumes, the peak, trough and AUC accumulation for dosing every
    interval_h, and the absolute steady-state trough (nM) at the study's dose.

    Peak and trough accumulation barely move with ka; the AUC accumulation and the absolute trough do:
    the four summary statistics do not pin them down.
    """
    obs = observed()
    rows = []
    for ka in ka_values:
        model = two_compartment(ka)
        acc = pk.accumulation(*model.terms(1.0), interval_h)
        trough_mg_per_l = pk.sum_of_exponentials_steady_state(interval_h, *model.terms(obs.dose_mg), interval_h)
        rows.append(
            {
                "ka (1/h)": ka,
                "V1/F (L)": model.v1_l,
                "Q/F (L/h)": model.q_l_per_h,
                "V2/F (L)": model.v2_l,
                "CL/F (L/h)": model.cl_l_per_h,
                "peak accumulation": acc["peak"],
                "trough accumulation": acc["trough"],
                "AUC accumulation": acc["auc"],
                "steady-state trough (nM)": float(obs.to_nm(trough_mg_per_l)),
            }
        )
    return pd.DataFrame(rows).set_index("ka (1/h)")


def accumulation_range(kind: str = "auc", ka_values=KA_VALUES_PER_H, interval_h: float = 24.0) -> tuple[float, float]:
    """Lowest and highest accumulation of one kind ('peak', 'trough' or 'auc') across the ka values that fit."""
    column = {"peak": "peak accumulation", "trough": "trough accumulation", "auc": "AUC accumulation"}[kind]
    values = ka_identifiability(ka_values, interval_h)[column]
    return float(values.min()), float(values.max())


def bioavailability_ceiling() -> dict[str, float]:
    """How far hepatic blood flow caps the oral bioavailability F of mitragynine (a bound, not an estimate).

    If mitragynine is cleared by the liver (almost none leaves unchanged in urine), its systemic
    clearance CL cannot exceed liver blood flow Q_H. The study measured CL/F, so F = CL / (CL/F) is at
    most Q_H / (CL/F), and V/F and CL/F overstate the true volume and clearance at least 1/F_max-fold.
    Caveats: Q_H is blood flow while CL/F is a plasma clearance (a blood-to-plasma ratio, not measured
    for mitragynine, would shift the bound); any clearance outside the liver loosens it; a loss of
    drug in the gut or in the cup before absorption lowers F further and is folded into the same F.
    """
    table, unit, where = HEPATIC_BLOOD_FLOW
    flows_l_per_h = data.select(table, unit=unit, many=True, **where)["value"].astype(float) * 60.0
    table, unit, where = URINARY_UNCHANGED
    cl_f = observed().cl_f_l_per_h
    low, high = float(flows_l_per_h.min()), float(flows_l_per_h.max())
    return {
        "flow_low_l_per_h": low,
        "flow_high_l_per_h": high,
        "cl_f_l_per_h": cl_f,
        "f_max_low": low / cl_f,
        "f_max_high": high / cl_f,
        "overstatement_at_least": cl_f / high,
        "urine_unchanged_percent": data.value(table, unit=unit, **where),
    }


def accumulation_table(interval_h: float = 24.0, ka_per_h: float | None = None) -> pd.DataFrame:
    """Peak, trough and AUC accumulation for dosing every interval_h hours, one- vs two-compartment model."""
    obs = observed()
    one = pk.accumulation(*one_compartment().terms(), interval_h)
    two = pk.accumulation(*two_compartment(ka_per_h).terms(obs.dose_mg), interval_h)
    return pd.DataFrame({"one_compartment": one, "two_compartment": two}).rename_axis("accumulation")


def concentration_nm(
    t_h,
    dose_mg,
    *,
    interval_h: float | None = None,
    n_doses: int = 1,
    model: str = "two_compartment",
    ka_per_h: float | None = None,
):
    """Plasma mitragynine (nM) after dose_mg mg of mitragynine, once or n_doses times every interval_h hours.

    model: "two_compartment" (the calibrated model) or "one_compartment" (the counter-example).
    Linear kinetics: the curve scales with dose (Huestis 2024 report dose-proportional Cmax).
    """
    obs = observed()
    dose = float(checked("dose (mg)", dose_mg))
    if model == "two_compartment":
        c, lam = two_compartment(ka_per_h).terms(dose)
    elif model == "one_compartment":
        c, lam = one_compartment().terms(dose)
    else:
        raise ValueError(f"unknown model {model!r}")
    t = np.asarray(t_h, dtype=float)
    if interval_h is None:
        mg_per_l = pk.sum_of_exponentials(t, c, lam)
    else:
        if int(n_doses) != n_doses or n_doses < 1:
            raise ValueError(f"n_doses must be a positive whole number, got {n_doses}")
        interval = float(checked("dosing interval (h)", interval_h, allow_zero=False))
        mg_per_l = sum(pk.sum_of_exponentials(t - k * interval, c, lam) for k in range(int(n_doses)))
    return obs.to_nm(mg_per_l)


# ================================================================================================
# Receptor occupancy: Monte Carlo and sensitivity
# ================================================================================================


def default_ranges() -> dict[str, tuple[float, float]]:
    """Ranges (low, high) the Monte Carlo draws from, each read from data/:

    cmax_scale: the study's Cmax range over its median (pk Cmax range_low/high over value);
    t_half_h: the study's range of terminal half-lives; fraction_unbound: 1 - the reported protein
    binding range; cmax_7oh_scale: 7-OH's Cmax range over its median.
    """
    cmax_low, cmax_high = observed_range("cmax_nm")
    oh_low, oh_high = observed_range("cmax_7oh_nm")
    cmax, cmax_7oh = model_input("cmax_nm"), model_input("cmax_7oh_nm")
    return {
        "cmax_scale": (cmax_low / cmax, cmax_high / cmax),
        "t_half_h": observed_range("t_half_h"),
        "fraction_unbound": fraction_unbound_range(),
        "cmax_7oh_scale": (oh_low / cmax_7oh, oh_high / cmax_7oh),
    }


def _central(low: float, high: float) -> float:
    return float(np.sqrt(low * high))


def central_values(ranges: dict[str, tuple[float, float]] | None = None) -> dict[str, float]:
    """Central value of each range: the study's median where data/ gives one inside the range
    (Cmax and 7-OH Cmax scale 1, the median half-life), else the geometric middle (protein binding)."""
    ranges = default_ranges() if ranges is None else ranges
    medians = {"cmax_scale": 1.0, "cmax_7oh_scale": 1.0, "t_half_h": model_input("t_half_h")}
    return {k: medians[k] if k in medians and lo <= medians[k] <= hi else _central(lo, hi) for k, (lo, hi) in ranges.items()}


def peak_exposure(
    dose_mg,
    *,
    cmax_scale=1.0,
    t_half_h=None,
    fraction_unbound=None,
    cmax_7oh_scale=1.0,
    scenario: str = BASE_READING,
    interval_h: float | None = None,
    ka_per_h: float | None = None,
    n_grid: int = 241,
    peak_window_h: float = 6.0,
) -> pd.DataFrame:
    """Peak (and, with interval_h, trough) plasma levels and MOR occupancy; vectorised over the inputs.

    Each input may be an array (one value per draw). The calibrated two-compartment curve keeps its
    early shape, is scaled in height by cmax_scale and gets a terminal phase of half-life t_half_h.
    With interval_h, peaks and troughs are at steady state (closed form, no per-draw root finding);
    otherwise after one dose. Occupancy is of unbound drug at its peak (both compounds peak near 1 h).
    Under daily dosing 7-OH's peak is scaled by 1/(1-exp(-k T)) with k from its single-dose half-life
    (T the dosing interval). That is an assumption, not a bound: a metabolite formed from a parent with
    a two-day half-life ends up declining in parallel with it (Huestis 2024 report a longer 7-OH
    half-life after repeated doses). The empirical check is Huestis 2024's 7-OH/mitragynine ratio, lower
    after daily doses than after one (data/findings.csv): 7-OH's peaks do not outgrow mitragynine's.
    """
    obs = observed()
    model = two_compartment(ka_per_h)
    c, lam = model.terms(1.0)  # per mg
    dose = checked("dose (mg)", dose_mg)
    t_half = obs.t_half_h if t_half_h is None else t_half_h
    fu = _central(*fraction_unbound_range()) if fraction_unbound is None else fraction_unbound
    scale, t_half, fu, oh_scale = np.broadcast_arrays(
        *(
            checked(n, v, allow_zero=False)
            for n, v in (
                ("cmax_scale", cmax_scale),
                ("t_half_h", t_half),
                ("fraction_unbound", fu),
                ("cmax_7oh_scale", cmax_7oh_scale),
            )
        )
    )
    dose = np.broadcast_to(dose, scale.shape)
    rates = np.broadcast_to(lam, scale.shape + (3,)).copy()
    rates[..., 1] = pk.ke_from_half_life(t_half)
    coefficients = c * (dose * scale)[..., None]
    # the peak lies within the first hours after a dose (tmax near 1 h); the trough is at the interval's end
    end = peak_window_h if interval_h is None else min(peak_window_h, float(interval_h))
    grid = np.append(np.linspace(0.0, end, n_grid), end if interval_h is None else float(interval_h))
    grid = grid.reshape((-1,) + (1,) * scale.ndim)
    if interval_h is None:
        curve = pk.sum_of_exponentials(grid, coefficients, rates)
        trough = np.full(scale.shape, np.nan)
        oh_factor = 1.0
    else:
        curve = pk.sum_of_exponentials_steady_state(grid, coefficients, rates, interval_h)
        trough = curve[-1]
        oh_factor = float(pk.accumulation_ratio(pk.ke_from_half_life(model_input("t_half_7oh_h")), interval_h))
    peak_mg = mg_per_l_to_nm(curve.max(axis=0), obs.molar_mass)
    peak_7oh = model_input("cmax_7oh_nm") / obs.dose_mg * dose * oh_scale * oh_factor
    unbound_mg = unbound_concentration(peak_mg, fu)
    unbound_7oh = unbound_concentration(peak_7oh, fraction_unbound_7oh())
    ki_mg, ki_7oh = mor_ki_nm(MITRAGYNINE, scenario), mor_ki_nm(SEVEN_OH, scenario)
    x_mg, x_7oh = unbound_mg / ki_mg, unbound_7oh / ki_7oh
    return pd.DataFrame(
        {
            "dose_mg": dose.ravel(),
            "scenario": scenario,
            "peak_total_nM": np.ravel(peak_mg),
            "trough_total_nM": mg_per_l_to_nm(np.ravel(trough), obs.molar_mass) if interval_h else np.ravel(trough),
            "peak_unbound_nM": np.ravel(unbound_mg),
            "peak_7oh_total_nM": np.ravel(peak_7oh),
            "peak_7oh_unbound_nM": np.ravel(unbound_7oh),
            "occupancy_mitragynine": np.ravel(occupancy(unbound_mg, ki_mg)),
            "occupancy_7oh": np.ravel(occupancy(unbound_7oh, ki_7oh)),
            "occupancy_both": np.ravel((x_mg + x_7oh) / (1 + x_mg + x_7oh)),  # two competing ligands at one site
        }
    )


def monte_carlo(
    dose_mg: float,
    *,
    scenario: str = BASE_READING,
    interval_h: float | None = None,
    ranges: dict[str, tuple[float, float]] | None = None,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    ka_per_h: float | None = None,
) -> pd.DataFrame:
    """Draws of peak exposure and MOR occupancy for dose_mg mg of mitragynine (one dose, or daily at steady state).

    Each range (default_ranges(), any of which may be overridden) is drawn independently and
    log-uniformly; the Ki is fixed by the named scenario, not drawn. The seed makes draws repeatable.
    The spread of the draws is the spread of the model's inputs as published (the lowest and highest of
    five people, a review's range of protein binding), not the range of a population: percentiles of
    these draws are not percentiles of people.
    """
    chosen = default_ranges()
    if ranges is not None:
        unknown = set(ranges) - set(chosen)
        if unknown:
            raise KeyError(f"unknown ranges {sorted(unknown)}; known: {sorted(chosen)}")
        chosen.update(ranges)
    rng = np.random.default_rng(seed)
    draws = {}
    for name, (low, high) in chosen.items():
        low, high = float(checked(f"{name} low", low, allow_zero=False)), float(checked(f"{name} high", high, allow_zero=False))
        if low > high:
            raise ValueError(f"range {name}: low {low} is above high {high}")
        draws[name] = np.exp(rng.uniform(np.log(low), np.log(high), n_draws))
    result = peak_exposure(dose_mg, scenario=scenario, interval_h=interval_h, ka_per_h=ka_per_h, **draws)
    for name, values in draws.items():
        result[f"draw_{name}"] = values
    return result


def summarise(
    draws: pd.DataFrame, columns=("peak_total_nM", "peak_unbound_nM", "occupancy_mitragynine", "occupancy_7oh", "occupancy_both")
) -> pd.DataFrame:
    """5th, 50th and 95th percentiles of the given columns, rounded for display."""
    q = draws[[c for c in columns if c in draws]].quantile([0.05, 0.5, 0.95]).T
    q.columns = ["p05", "median", "p95"]
    return q.round(3)


def _at_dose(per_mg: pd.DataFrame, dose_mg: float, column: str, scenario: str) -> pd.Series:
    """A Monte Carlo column at dose_mg from draws made per mg (linear kinetics; occupancy recomputed)."""
    x_mg = per_mg["peak_unbound_nM"] / mor_ki_nm(MITRAGYNINE, scenario)
    x_7oh = per_mg["peak_7oh_unbound_nM"] / mor_ki_nm(SEVEN_OH, scenario)
    occupied = {"occupancy_mitragynine": x_mg, "occupancy_7oh": x_7oh, "occupancy_both": x_mg + x_7oh}
    if column in occupied:
        x = dose_mg * occupied[column]
        return x / (1 + x)
    return dose_mg * per_mg[column]


@_cached
def _per_mg_draws(scenario, interval_h, n_draws, seed, ranges_key, ka_per_h) -> pd.DataFrame:
    ranges = None if ranges_key is None else {k: v for k, v in ranges_key}
    return monte_carlo(
        1.0, scenario=scenario, interval_h=interval_h, n_draws=n_draws, seed=seed, ranges=ranges, ka_per_h=ka_per_h
    )


def exposure_by_dose(
    doses_mg=(5, 10, 25, 50, 75, 100),
    *,
    interval_h: float | None = None,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    column: str = "occupancy_both",
    ranges=None,
    ka_per_h: float | None = None,
) -> pd.DataFrame:
    """Per dose (mg of mitragynine) and Ki scenario: 5th, 50th and 95th percentile of `column`.

    One Monte Carlo per scenario at 1 mg, scaled to each dose (linear kinetics), so a fine dose grid
    costs nothing extra. beyond_studied marks doses above the highest dose given to people in data/
    (the model extrapolates there). Peaks after one dose, or at steady state with interval_h. The
    percentiles describe the spread of the model's inputs, not a population range.
    """
    edge = highest_dose_studied_mg()
    ranges_key = None if ranges is None else tuple(sorted((k, tuple(v)) for k, v in ranges.items()))
    rows = []
    for scenario in KI_SCENARIOS:
        per_mg = _per_mg_draws(scenario, interval_h, n_draws, seed, ranges_key, ka_per_h)
        for dose in doses_mg:
            values = _at_dose(per_mg, float(dose), column, scenario)
            rows.append(
                {
                    "scenario": scenario,
                    "dose_mg": float(dose),
                    "p05": values.quantile(0.05),
                    "median": values.median(),
                    "p95": values.quantile(0.95),
                    "beyond_studied": float(dose) > edge,
                }
            )
    return pd.DataFrame(rows)


def sensitivity(
    dose_mg: float = 25.0,
    *,
    interval_h: float | None = 24.0,
    column: str = "occupancy_both",
    ranges: dict[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Tornado table: peak occupancy with each input at its low and high end, the others central.

    Central = central_values() (the study's medians where given) and the base-case Ki reading
    (BASE_READING, transposed); the Ki row swaps to the other reading (as printed). Sorted by swing
    (largest first): which input moves peak occupancy most.
    """
    chosen = default_ranges()
    if ranges is not None:
        chosen.update(ranges)
    central = central_values(chosen)

    def run(scenario=BASE_READING, **override):
        return float(peak_exposure(dose_mg, scenario=scenario, interval_h=interval_h, **{**central, **override})[column].iloc[0])

    base = run()
    labels = {
        "cmax_scale": "mitragynine Cmax per mg (observed range)",
        "t_half_h": "terminal half-life (observed range)",
        "fraction_unbound": "fraction unbound in plasma",
        "cmax_7oh_scale": "7-OH Cmax per mg (observed range)",
    }
    rows = [
        {"input": labels[k], "low_value": lo, "high_value": hi, "at_low": run(**{k: lo}), "at_high": run(**{k: hi})}
        for k, (lo, hi) in chosen.items()
    ]
    other = next(r for r in KI_SCENARIOS if r != BASE_READING)
    rows.append(
        {
            "input": f"MOR Ki reading ({BASE_READING} vs {other})",
            "low_value": np.nan,
            "high_value": np.nan,
            "at_low": base,
            "at_high": run(scenario=other),
        }
    )
    table = pd.DataFrame(rows)
    table["baseline"] = base
    table["swing"] = (table["at_high"] - table["at_low"]).abs()
    return table.sort_values("swing", ascending=False).reset_index(drop=True)


# ================================================================================================
# Tables and curves the figures of notebook 03 draw (drawing lives in plots/pk.py)
# ================================================================================================

ARTICLE_RANGE_G = (2.0, 6.0)  # the article's "2-6 g" (P11), as grams of leaf

# The two sampling windows of the human studies in data/ that report one (their sampling_h in
# pk_parameters.csv): 24 h (Trakulsrichai 2015) and 120 h (Tanna 2022).
SAMPLING_WINDOW_STUDIES = ("trakulsrichai2015", "tanna2022")
# An illustrative two-phase decline, NOT fitted to anyone: a large, slow "fast" phase (90% of the curve,
# half-life 4 h) and a slow phase with the calibration study's terminal half-life. It shows what a
# window effect would need; the calibrated model has a far faster, smaller distribution phase.
TWO_PHASE = {"fast_amount": 90.0, "fast_half_life_h": 4.0, "slow_amount": 10.0, "slow_half_life_h": 45.0}
WINDOW_SAMPLES, WINDOW_LAST = 12, 4  # twelve samples per window; the half-life is fitted to the last four


def study_label(ref_id: str) -> str:
    """A reference as people cite it in a caption: first author's surname and year ('Tanna 2022')."""
    row = data.load("references").set_index("ref_id").loc[ref_id]
    surname = str(row["first_author"]).split()[0] if pd.notna(row["first_author"]) else str(row["title"]).split()[0]
    year = f"{int(row['year'])}" if pd.notna(row["year"]) else "n.d."
    return f"{surname} {year}"


def sampling_windows() -> pd.DataFrame:
    """ref_id and window_h: how long each study in SAMPLING_WINDOW_STUDIES sampled blood (shortest first)."""
    rows = human_half_lives_h()
    rows = rows[rows["ref_id"].isin(SAMPLING_WINDOW_STUDIES) & rows["sampling_h"].notna()]
    table = rows[["ref_id", "sampling_h"]].rename(columns={"sampling_h": "window_h"}).astype({"window_h": float})
    return table.drop_duplicates("ref_id").sort_values("window_h").reset_index(drop=True)


def two_phase(t_h):
    """The illustrative two-phase decline (percent of the initial concentration)."""
    return pk.two_phase_decline(t_h, **TWO_PHASE)


def calibrated_decline(t_h, ka_per_h: float | None = None, interval_h: float | None = None):
    """The calibrated two-compartment curve in percent of its peak: after one dose, or (with interval_h)
    over one dosing interval at steady state, t_h counted from the latest dose."""
    obs = observed()
    c, lam = two_compartment(ka_per_h).terms(obs.dose_mg)
    t = np.asarray(t_h, dtype=float)
    if interval_h is None:
        return 100.0 * pk.sum_of_exponentials(t, c, lam) / pk.curve_summary(c, lam)["cmax"]
    grid = np.linspace(0.0, float(interval_h), 2001)
    peak = float(pk.sum_of_exponentials_steady_state(grid, c, lam, interval_h).max())
    return 100.0 * pk.sum_of_exponentials_steady_state(t, c, lam, interval_h) / peak


def window_fits(
    windows_h=None, n_samples: int = WINDOW_SAMPLES, n_last: int = WINDOW_LAST, curve: str = "calibrated"
) -> pd.DataFrame:
    """Half-life fitted to the last n_last of n_samples samples within each window.

    curve: "calibrated" (the two-compartment model fitted to Tanna 2022, after one dose) or
    "illustrative" (TWO_PHASE, what a window effect would need). Default windows: those of the
    studies in data/ (sampling_windows()).
    """
    curves = {"calibrated": calibrated_decline, "illustrative": two_phase}
    windows_h = tuple(sampling_windows()["window_h"]) if windows_h is None else windows_h
    return pd.DataFrame(
        {
            "window_h": [float(w) for w in windows_h],
            "fitted_half_life_h": [pk.sampled_half_life(curves[curve], w, n_samples=n_samples, n_last=n_last) for w in windows_h],
        }
    )


def window_sensitivity(ka_values=KA_VALUES_PER_H, interval_h: float = 24.0) -> pd.DataFrame:
    """For each ka that fits the study: the half-life a short and a long sampling window would find in the
    calibrated model, after one dose and (short window) at steady state with a dose every interval_h.

    It shows how much of the 23 h vs 45 h gap the sampling window can explain once the curve is the
    fitted one: little at the assumed ka, more only if absorption and distribution were faster.
    """
    short, long = (float(w) for w in sampling_windows()["window_h"].iloc[[0, -1]])
    rows = []
    for ka in ka_values:

        def single(t, ka=ka):
            return calibrated_decline(t, ka)

        def steady(t, ka=ka):
            return calibrated_decline(t, ka, interval_h=interval_h)

        rows.append(
            {
                "ka (1/h)": ka,
                "short window, one dose": pk.sampled_half_life(single, short, WINDOW_SAMPLES, WINDOW_LAST),
                "short window, steady state": pk.sampled_half_life(steady, min(short, interval_h), WINDOW_SAMPLES, WINDOW_LAST),
                "long window, one dose": pk.sampled_half_life(single, long, WINDOW_SAMPLES, WINDOW_LAST),
            }
        )
    return pd.DataFrame(rows).set_index("ka (1/h)")


def leaf_mitragynine_table(leaf_g=ARTICLE_RANGE_G) -> pd.DataFrame:
    """Milligrams of mitragynine in the given grams of leaf at the lowest and highest dried-leaf content."""
    low, high = leaf_content_range_percent()
    return pd.DataFrame(
        [
            {
                "leaf_g": float(g),
                "content_low_percent": low,
                "mg_at_low": float(pk.leaf_to_alkaloid_mg(g, low)),
                "content_high_percent": high,
                "mg_at_high": float(pk.leaf_to_alkaloid_mg(g, high)),
            }
            for g in leaf_g
        ]
    )


def leaf_fold_range(leaf_g=ARTICLE_RANGE_G) -> float:
    """Highest over lowest mg of mitragynine across the leaf grams and the dried-leaf content range."""
    table = leaf_mitragynine_table(leaf_g)
    return float(table["mg_at_high"].max() / table["mg_at_low"].min())


def first_day_fall(hours: float = 24.0, ka_per_h: float | None = None) -> float:
    """How many times lower the two-compartment curve is `hours` after one dose than at its peak."""
    obs = observed()
    peak = float(concentration_nm(np.array([obs.tmax_h]), obs.dose_mg, ka_per_h=ka_per_h)[0])
    later = float(concentration_nm(np.array([float(hours)]), obs.dose_mg, ka_per_h=ka_per_h)[0])
    return peak / later


def single_dose_curves(t_h, dose_mg: float | None = None) -> pd.DataFrame:
    """Plasma mitragynine (nM) after one dose (default: the study's dose), one- and two-compartment models."""
    dose = observed().dose_mg if dose_mg is None else dose_mg
    t = np.asarray(t_h, dtype=float)
    return pd.DataFrame(
        {
            "t_h": t,
            "one_compartment_nM": concentration_nm(t, dose, model="one_compartment"),
            "two_compartment_nM": concentration_nm(t, dose),
        }
    )


def repeated_dosing_curves(
    days: int = 10, interval_h: float = 24.0, dose_mg: float | None = None, points_per_hour: int = 10
) -> pd.DataFrame:
    """Two-compartment plasma mitragynine (nM) for one dose and for the same dose every interval_h hours."""
    dose = observed().dose_mg if dose_mg is None else dose_mg
    t = np.linspace(0, days * 24.0, int(days * 24 * points_per_hour) + 1)
    n = int(np.ceil(days * 24.0 / interval_h))
    return pd.DataFrame(
        {
            "t_h": t,
            "single_nM": concentration_nm(t, dose),
            "repeated_nM": concentration_nm(t, dose, interval_h=interval_h, n_doses=n),
        }
    )


def chain_steps() -> pd.DataFrame:
    """The chain leaf -> gut -> plasma -> free drug -> brain -> receptor: what data/ says at each step."""
    low, high = leaf_content_range_percent()
    tea = tea_extraction().loc["fraction recovered by infusion"]
    obs = observed()
    fu_low, fu_high = fraction_unbound_range()
    kis = ki_scenarios().loc[BASE_READING]
    ceiling = bioavailability_ceiling()
    return pd.DataFrame(
        [
            {
                "step": "leaf",
                "what": f"{low:g}-{high:g}% w/w mitragynine; a tea infusion took out "
                f"{tea['low']:.0%}-{tea['high']:.0%} of what methanol did",
            },
            {
                "step": "gut",
                "what": f"F never measured in people; liver blood flow caps it near {ceiling['f_max_high']:.0%} at most",
            },
            {
                "step": "plasma",
                "what": f"median peak {obs.cmax_nm:g} nM at {obs.tmax_h:g} h after {obs.dose_mg:g} mg; "
                f"terminal half-life {obs.t_half_h:g} h",
            },
            {"step": "free drug", "what": f"{fu_low:.0%}-{fu_high:.0%} unbound (a review's range; species not stated)"},
            {"step": "brain", "what": "no brain value in data/: the model assumes free brain = free plasma"},
            {
                "step": "receptor",
                "what": f"MOR Ki {kis['mitragynine_ki_nM']:g} nM (mitragynine), {kis['7oh_ki_nM']:g} nM (7-OH); "
                "one disputed source",
            },
        ]
    ).assign(measured_in_people=lambda t: ~t["step"].isin(NOT_MEASURED_IN_PEOPLE))


# Steps of the chain with no human measurement in data/ (the figure draws them dashed and grey).
NOT_MEASURED_IN_PEOPLE = ("gut", "brain")


# ================================================================================================
# Tables for people (notebook 03 renders them with tables.for_people)
# ================================================================================================

PARAMETER_LABELS = {
    "cmax": "peak concentration (Cmax)",
    "tmax": "time of peak (tmax)",
    "auc": "exposure (AUC)",
    "t_half": "terminal half-life",
    "vd_f": "apparent volume, terminal phase (Vz/F)",
    "cl_f": "apparent clearance (CL/F)",
}


def calibration_study_table() -> pd.DataFrame:
    """Mitragynine's summary statistics from the calibration study (learner-facing rows), with readable names."""
    rows = learner_pk_table(analyte=MITRAGYNINE, **CALIBRATION_STUDY)
    rows = rows[rows["parameter"].isin(list(PARAMETER_LABELS))].copy()
    rows["statistic"] = rows["parameter"].map(PARAMETER_LABELS)
    rows["order"] = rows["parameter"].map({p: i for i, p in enumerate(PARAMETER_LABELS)})
    for column in ("value", "range_low", "range_high"):
        rows[f"{column}_text"] = [f"{float(v):,g}" if pd.notna(v) else "" for v in rows[column]]
    return rows.sort_values("order").reset_index(drop=True)


# input -> (label, unit in words, decimals shown, source)
RANGE_LABELS = {
    "cmax_scale": (
        "mitragynine peak per mg",
        "times the study's median (1 = median)",
        2,
        "pk_parameters (tanna2022)",
    ),
    "t_half_h": ("terminal half-life", "h", 1, "pk_parameters (tanna2022)"),
    "fraction_unbound": (
        "mitragynine unbound in plasma",
        "fraction of the total (0-1)",
        3,
        "compound_properties (ya2019: a review's range; species and method not stated)",
    ),
    "cmax_7oh_scale": ("7-OH peak per mg", "times the study's median (1 = median)", 2, "pk_parameters (tanna2022)"),
}


def ranges_table(ranges: dict[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """The Monte Carlo's inputs: low, central and high value of each range, its unit and where it comes from.

    The *_text columns hold each value rounded for its own unit (a table for people mixes units by row).
    """
    ranges = default_ranges() if ranges is None else ranges
    central = central_values(ranges)
    rows = []
    for k, (lo, hi) in ranges.items():
        label, unit, places, source = RANGE_LABELS[k]
        row = {"input": label, "unit": unit, "low": lo, "central": central[k], "high": hi, "source": source}
        row |= {f"{c}_text": f"{row[c]:.{places}f}" for c in ("low", "central", "high")}
        rows.append(row)
    return pd.DataFrame(rows)


def occupancy_table(
    doses_mg=(10, 25, 50), *, interval_h: float | None = None, ranges=None, column: str = "occupancy_both"
) -> pd.DataFrame:
    """Peak MOR occupancy in percent (5th, 50th, 95th percentile of the input spread) per Ki reading and
    dose of mitragynine, base-case reading first.

    inside_studied says whether the dose lies inside the range given in pharmacokinetic studies in
    data/ ("yes") or the model extrapolates ("no: extrapolated"); it is not a statement about safety.
    """
    table = exposure_by_dose(doses_mg, interval_h=interval_h, ranges=ranges, column=column)
    for q in ("p05", "median", "p95"):
        table[q] = 100 * table[q]
    table["inside_studied"] = table.pop("beyond_studied").map({False: "yes", True: "no: extrapolated"})
    table["scenario"] = table["scenario"].map(SCENARIO_WORDS)
    return table


# Ki readings as a table for people names them (the base case first, in KI_SCENARIOS order)
SCENARIO_WORDS = {"transposed": "transposed (base case)", "as printed": "as printed (probable slip)"}
