"""The exposure model's inputs (notebook 03): which rows of data/ feed it, read by meaning and unit.

Every input is chosen through `data.select` and `data.value` (table, compound, parameter, unit); the
named blocks below say which rows feed the model and which are left out, and why; choices that are a
judgement about rows (the calibration study, the tea-extraction study) are data/curation.csv views.
Results are memoised with `data.cached` for as long as data/ is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .. import data
from ..data import cached
from ..receptors import KI_SCENARIOS, mor_ki_nm
from ..units import mg_per_l_to_nm, nm_to_mg_per_l

# ================================================================================================
# Which rows feed the model (by meaning, never by row id)
# ================================================================================================
# The calibration study: Tanna 2022, one 2 g dose of leaf powder as tea holding 39 mg of
# mitragynine, blood sampled for 120 h, read from the table of the 2023 review (tanna2023).
# It is the only single-dose human study in data/ that gives Cmax, tmax, AUC and terminal half-life
# for one stated dose. Its rows are chosen in data/curation.csv (view calibration-study, with the reason).
CALIBRATION_STUDY = {"chosen_for": "calibration-study"}
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
    "cmax_7oh_nm": ("pk_parameters", "nM", {"analyte": SEVEN_OH, "parameter": "cmax", **CALIBRATION_STUDY}),
    "t_half_7oh_h": ("pk_parameters", "h", {"analyte": SEVEN_OH, "parameter": "t_half", **CALIBRATION_STUDY}),
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
# Left out of the model: the 24 h study of 2015 (24 h of sampling for a drug whose terminal half-life
# is about two days, and no dose per person in its abstract); the dose-ranging study of 2024 (its abstract
# gives only ranges across dose groups: it is used for the highest dose studied and the multiple-dose
# half-life); non-human or pooled rat and human rows (d02); other alkaloids (no receptor values for them
# feed this model). The two MOR Ki readings are not left out: both are used, as two scenarios (d01),
# never pooled. Rows of pk_parameters kept out of learner-facing tables (column learner_facing = no) are
# listed with their reasons in data/curation.csv (view left-out-of-learner-tables); a test checks that
# the view and the column agree.
LEFT_OUT_OF_LEARNER_TABLES_VIEW = "left-out-of-learner-tables"
# The one study in data/ that measured the same products by tea infusion and by methanol (view tea-extraction).
TEA_EXTRACTION_VIEW = "tea-extraction"

# ================================================================================================
# Inputs
# ================================================================================================


@cached
def model_input(name: str) -> float:
    """The value of one named model input (MODEL_INPUTS), checked for its unit."""
    table, unit, where = MODEL_INPUTS[name]
    return data.value(table, unit=unit, **where)


@cached
def model_input_row(name: str) -> pd.Series:
    table, unit, where = MODEL_INPUTS[name]
    return data.select(table, unit=unit, **where)


def molar_mass(compound: str = MITRAGYNINE) -> float:
    """Molar mass (g/mol) of a compound, from compound_properties."""
    return data.value("compound_properties", unit="g/mol", compound=compound, property="molar_mass")


@cached
def observed_range(name: str) -> tuple[float, float]:
    """(low, high) of the reported range of a named pk input (range_low, range_high columns)."""
    row = model_input_row(name)
    if row["spread_type"] != "range":
        raise data.SelectionError(f"{name}: the selected row reports {row['spread_type']!r}, not a range")
    return float(row["range_low"]), float(row["range_high"])


@cached
def fraction_unbound_range() -> tuple[float, float]:
    """Fraction of mitragynine unbound in plasma, from the reported range of protein binding (percent)."""
    table, unit, where = PROTEIN_BINDING_MITRAGYNINE
    bound = data.select(table, unit=unit, many=True, **where)["value"].astype(float) / 100.0
    return float(1 - bound.max()), float(1 - bound.min())


@cached
def fraction_unbound_7oh() -> float:
    """Fraction of 7-OH unbound: rat plasma (no human value in data/)."""
    return 1.0 - model_input("protein_binding_7oh_percent") / 100.0


@cached
def ki_scenarios() -> pd.DataFrame:
    """The two readings side by side: MOR Ki (nM) of mitragynine and of 7-OH in each."""
    return pd.DataFrame(
        [
            {"scenario": s, "mitragynine_ki_nM": mor_ki_nm(MITRAGYNINE, s), "7oh_ki_nM": mor_ki_nm(SEVEN_OH, s)}
            for s in KI_SCENARIOS
        ]
    ).set_index("scenario")


@cached
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


@cached
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
    rows = data.select("alkaloid_content", unit="percent_w_w", many=True, alkaloid=MITRAGYNINE, chosen_for=TEA_EXTRACTION_VIEW)
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
    """The pk_parameters rows kept out of learner-facing tables, with the reason (data/curation.csv)."""
    rows = data.chosen(LEFT_OUT_OF_LEARNER_TABLES_VIEW)
    columns = ["value_id", "analyte", "parameter", "value", "unit", "ref_id", "via_ref_id"]
    return rows[columns].assign(reason=rows["curation_reason"].astype("str"))


# What a table for people says where data/ holds no value: the course does not know it, which is not the
# same as the study not reporting it (its full text may).
NOT_REPORTED = "not in the course's data"


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
    daily doses, from the row's notes), `spread_text`, `sampling_text` and `n_text` (NOT_REPORTED
    where data/ holds no value).
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


# --- the calibration targets -------------------------------------------------------------------


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


@cached
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
