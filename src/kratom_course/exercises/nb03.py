"""Exercises of notebook 03 (from leaf to plasma).

03.1 compute  nM to ng/mL with the molar mass: the calibration study's median peak as a mass concentration
03.2 predict  check a model against the study: the one-compartment AUC (k V against CL/F, AUC = dose/CL)
03.3 compute  which accumulation: the dosing interval, relative to the half-life, at which troughs triple
03.4 critique what the model says about "2-6 g", and what it cannot say

(Until 2026-12-07, 03.1 asked for the most mitragynine a tea could take out of one gram of leaf; it was
replaced by the unit conversion, the slip this audience makes most, to keep four exercises.)
"""

from __future__ import annotations

import math

from .. import exposure, units
from .engine import Critique, Numeric, Prediction, Slip, define

TROUGH_FACTOR = 3.0  # the accumulation asked for in 03.3 (threefold, stated in the notebook)


def _leaf_facts() -> dict:
    table = exposure.leaf_mitragynine_table()
    low, high = exposure.leaf_content_range_percent()
    return {
        "low": low,
        "high": high,
        "mg_low": table["mg_at_low"].min(),
        "mg_high": table["mg_at_high"].max(),
        "fold": exposure.leaf_fold_range(),
        "content_fold": high / low,
    }


ML_PER_L = 1000  # millilitres in a litre (the factor most slips of 03.1 are about)


def _peak_ng_per_ml() -> float:
    """The calibration study's median mitragynine peak (nM) as a mass concentration, ng/mL."""
    obs = exposure.observed()
    return float(units.nm_to_ng_per_ml(obs.cmax_nm, obs.molar_mass))


def _unit_facts() -> dict:
    obs = exposure.observed()
    return {
        "cmax": obs.cmax_nm,
        "mm": obs.molar_mass,
        "ng_per_l": obs.cmax_nm * obs.molar_mass,
        "ng_per_ml": _peak_ng_per_ml(),
        "dose": obs.dose_mg,
        "ml_per_l": ML_PER_L,
    }


define(
    Numeric(
        "03.1",
        "compute",
        "convert between nM and ng/mL with a compound's molar mass, the first step from plasma to receptor",
        expected=_peak_ng_per_ml,
        unit="ng/mL",
        rel_tol=0.02,
        facts=_unit_facts,
        why=(
            "nmol/L times g/mol gives ng/L: {cmax:g} x {mm:.1f} = {ng_per_l:,.0f} ng per litre, and a litre holds a "
            "thousand millilitres, so {ng_per_ml:.1f} ng/mL. In one line: ng/mL = nM x molar mass / {ml_per_l}, and back, "
            "nM = ng/mL x {ml_per_l} / molar mass. A clinical or forensic result in ng/mL and a Ki in nM can be compared "
            "only after this step, with the molar mass of the compound that was measured."
        ),
        hint=(
            "Moles to mass: multiply the concentration in nmol/L by the molar mass in g/mol (which is also ng per nmol); "
            "that gives ng per litre. Then per millilitre. The peak is exposure.observed().cmax_nm and the molar mass "
            'exposure.molar_mass("mitragynine").'
        ),
        slips={
            "per_litre": Slip(
                lambda x: ML_PER_L * x,
                "A factor of a thousand too high: this is ng per litre. A litre holds a thousand millilitres, so "
                "divide by a thousand to get ng/mL.",
            ),
            "thousand_twice": Slip(
                lambda x: x / ML_PER_L,
                "A factor of a thousand too low: the factor of a thousand was applied once too often, or this is "
                "µg/mL (one µg/mL is a thousand ng/mL).",
            ),
            "divided_by_molar_mass": Slip(
                lambda _: exposure.observed().cmax_nm * ML_PER_L / exposure.observed().molar_mass,
                "This divides by the molar mass, the formula for the other direction (ng/mL to nM). From moles to "
                "mass, multiply by the molar mass.",
            ),
            "divided_no_thousand": Slip(
                lambda _: exposure.observed().cmax_nm / exposure.observed().molar_mass,
                "This divides by the molar mass and leaves out the factor of a thousand: both steps go the other way. "
                "From moles to mass, multiply by the molar mass; from per litre to per millilitre, divide by a thousand.",
            ),
            "dose_as_molar_mass": Slip(
                lambda _: exposure.observed().cmax_nm * exposure.observed().dose_mg / ML_PER_L,
                "This uses the dose in mg where the molar mass in g/mol belongs. The mass of a dose and the mass "
                "of one mole of the compound are different quantities.",
            ),
            "other_compound": Slip(
                lambda _: float(units.nm_to_ng_per_ml(exposure.observed().cmax_nm, exposure.molar_mass(exposure.SEVEN_OH))),
                "This uses 7-OH's molar mass. The peak is mitragynine's, so use mitragynine's molar mass.",
            ),
        },
    )
)


def _check_facts() -> dict:
    check = exposure.model_check()
    one = exposure.one_compartment()
    return {
        "auc_one": check.loc["AUC (nM*h)", "one_compartment"],
        "auc_obs": check.loc["AUC (nM*h)", "observed"],
        "factor": check.loc["AUC (nM*h)", "one / observed"],
        "cl_one": one.cl_l_per_h,
        "cl_obs": check.loc["CL/F (L/h)", "observed"],
        "v_one": one.volume_l(),
        "vz_obs": check.loc["Vz/F (L)", "observed"],
    }


define(
    Prediction(
        "03.2",
        "predict",
        "check a model against a study's own numbers: k V against CL/F, and AUC = dose / CL",
        correct="c",
        facts=_check_facts,
        feedback={
            "a": (
                "Matching the peak and the half-life does not fix the exposure. The model's clearance is k x V = "
                "{cl_one:.0f} L/h, the study's CL/F is {cl_obs:.0f} L/h, so its AUC = dose / CL is {auc_one:,.0f} nM·h "
                "against the observed {auc_obs:.0f}: {factor:.0f} times too much."
            ),
            "b": (
                "The other way round: a volume of about {v_one:,.0f} L (set by the peak) with a two-day half-life gives a "
                "clearance of only {cl_one:.0f} L/h, far below the study's {cl_obs:.0f} L/h, so the AUC comes out "
                "{factor:.0f} times too high, not too low."
            ),
            "c": (
                "Only one volume fits a one-compartment curve; set by the peak it is about {v_one:,.0f} L, so k x V is "
                "{cl_one:.0f} L/h against the study's CL/F of {cl_obs:.0f} L/h, and AUC = dose / CL is {auc_one:,.0f} "
                "nM·h against {auc_obs:.0f}. The drug must leave plasma fast at first (distribution) and slowly later: "
                "two phases, which a two-compartment model captures."
            ),
        },
    )
)


def _interval_facts() -> dict:
    t_half = exposure.observed().t_half_h
    ratio = math.log2(TROUGH_FACTOR / (TROUGH_FACTOR - 1.0))
    return {
        "ratio": ratio,
        "t_half": t_half,
        "hours": ratio * t_half,
        "trough": exposure.accumulation_table(24.0).loc["trough", "two_compartment"],
        "peak": exposure.accumulation_table(24.0).loc["peak", "two_compartment"],
    }


define(
    Numeric(
        "03.3",
        "compute",
        "say which accumulation is meant and relate it to the dosing interval and the half-life",
        expected=lambda: _interval_facts()["ratio"],
        unit="(dosing interval / terminal half-life)",
        rel_tol=0.03,
        facts=_interval_facts,
        why=(
            "Troughs accumulate by 1 / (1 - 2^(-x)) when doses come every x half-lives; setting this to three gives "
            "x = log2(3/2) = {ratio:.2f}. With a terminal half-life of {t_half:g} h that interval is about {hours:.0f} h. "
            "This is the trough; for mitragynine the two-compartment model gives daily troughs {trough:.2f} times the "
            "first but peaks only {peak:.2f} times, because most of a dose leaves plasma in the fast phase."
        ),
        hint=(
            "Write the trough accumulation for an interval of x half-lives, 1 / (1 - 2^(-x)), set it equal to the "
            "factor asked for, and solve for x (a logarithm to base 2)."
        ),
        slips={
            "log_of_factor": Slip(
                lambda _: math.log2(TROUGH_FACTOR),
                "This is log2 of the accumulation factor itself, as if troughs grew as 2^x. Solve the equation step "
                "by step instead: first isolate 2^(-x) on one side, then take log2 of both sides.",
            ),
            "natural_log": Slip(
                lambda x: x * math.log(2.0),
                "This looks like a natural logarithm, ln(3/2); the half-life counts halvings, so use log2(3/2) "
                "(= ln(3/2) / ln(2)).",
            ),
            "hours": Slip(
                lambda x: x * exposure.observed().t_half_h,
                "This looks like hours; the question asks for the interval as a multiple of the half-life.",
            ),
            "inverse": Slip(
                lambda x: 1.0 / x, "This is the half-life divided by the interval; the question asks the other way round."
            ),
        },
    )
)


def _critique_facts() -> dict:
    edge = exposure.highest_dose_studied_mg()
    at_edge = exposure.exposure_by_dose((edge,)).set_index("scenario")
    leaf = _leaf_facts()
    tea = exposure.tea_extraction().loc["fraction recovered by infusion"]
    return {
        **leaf,
        "edge": edge,
        "p05": 100 * at_edge["p05"].min(),
        "p95": 100 * at_edge["p95"].max(),
        "tea_low": 100 * tea["low"],
        "tea_high": 100 * tea["high"],
    }


define(
    Critique(
        "03.4",
        "critique",
        "carry exposure to the receptor with its uncertainty and say what a model cannot tell",
        facts=_critique_facts,
        model_answer=(
            "The model can say that '2-6 g' is not a dose of drug: published leaf content makes it anything from about "
            "{mg_low:.0f} to {mg_high:.0f} mg of mitragynine, and a tea infusion took out only {tea_low:.0f}-{tea_high:.0f}% "
            "of what a methanol assay measured in one product. Even at {edge:g} mg, the most given to people in a "
            "pharmacokinetic study in the course's data, the modelled peak mu-occupancy spans {p05:.0f}-{p95:.0f}% across "
            "the spread of the model's inputs and the two Ki readings (a spread of inputs, not a range of people), and "
            "above that dose the model only extrapolates. It cannot say whether any occupancy relieves "
            "withdrawal in people (no controlled human study measured that), what is safe, how tolerance, other drugs or CYP3A "
            "differences change exposure in a person, or how much the other alkaloids add. It describes what published "
            "numbers imply; it is not a dose guide."
        ),
        rubric=(
            "turns grams of leaf into a range of mg and says the range is wide",
            "names the Ki dispute or another input that dominates the uncertainty",
            "says the model extrapolates beyond the doses studied in people",
            "separates exposure (what the model gives) from relief or safety (what no study here measured)",
        ),
    )
)
