"""Exercises of notebook 03 (from leaf to plasma).

03.1 compute  grams of leaf (or a cup of tea) are not a dose: the most mitragynine a tea infusion could take out of
              one gram of dried leaf, at the highest published content and the highest recovery measured
03.2 predict  check a model against the study: the one-compartment AUC (k V against CL/F, AUC = dose/CL)
03.3 compute  which accumulation: the dosing interval, relative to the half-life, at which troughs triple
03.4 critique what the model says about "2-6 g", and what it cannot say
"""

from __future__ import annotations

import math

from .. import exposure, pk
from .engine import Critique, Numeric, Prediction, Slip, define

TROUGH_FACTOR = 3.0  # the accumulation asked for in 03.3 (threefold, stated in the notebook)
LEAF_G = 1.0  # 03.1 asks per gram of dried leaf


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


def _tea_per_gram_mg() -> float:
    """The most mitragynine (mg) a tea infusion could take out of 1 g of dried leaf: highest content, highest recovery."""
    _, high = exposure.leaf_content_range_percent()
    return float(pk.leaf_to_alkaloid_mg(LEAF_G, high)) * exposure.tea_recovery_range()[1]


def _tea_facts() -> dict:
    low, high = exposure.leaf_content_range_percent()
    rec_low, rec_high = exposure.tea_recovery_range()
    grams_low, grams_high = exposure.ARTICLE_RANGE_G
    tea_min = float(pk.leaf_to_alkaloid_mg(grams_low, low)) * rec_low
    tea_max = float(pk.leaf_to_alkaloid_mg(grams_high, high)) * rec_high
    return {
        "high": high,
        "leaf_mg": float(pk.leaf_to_alkaloid_mg(LEAF_G, high)),
        "rec_low": rec_low,
        "rec_high": rec_high,
        "tea_mg": _tea_per_gram_mg(),
        "tea_min": tea_min,
        "tea_max": tea_max,
        "tea_fold": tea_max / tea_min,
        "leaf_fold": exposure.leaf_fold_range(),
    }


define(
    Numeric(
        "03.1",
        "compute",
        "convert grams of leaf to mg of mitragynine and say why grams of leaf (or a cup of tea) are not a dose",
        expected=_tea_per_gram_mg,
        unit="mg of mitragynine per g of leaf",
        rel_tol=0.03,
        facts=_tea_facts,
        why=(
            "One gram of leaf at {high:g}% w/w holds {leaf_mg:.1f} mg of mitragynine (mg = g x 10 x % w/w); an infusion "
            "that recovers at most {rec_high:.0%} of it takes out about {tea_mg:.1f} mg. At the other ends (lowest "
            "content, {rec_low:.0%} recovered) it is far less, so a tea made from the article's 2-6 g could hold "
            "anything from about {tea_min:.1f} to {tea_max:.0f} mg, a {tea_fold:.0f}-fold range against "
            "{leaf_fold:.0f}-fold for the leaf itself. Grams of leaf, and cups of tea, are not doses of drug."
        ),
        hint=(
            "First the leaf: mg = grams x 10 x percent (w/w), with the highest content from "
            "exposure.leaf_content_range_percent(). Then the tea: multiply by the highest fraction recovered, from "
            "exposure.tea_recovery_range() (a fraction between 0 and 1)."
        ),
        slips={
            "no_recovery": Slip(
                lambda x: x / exposure.tea_recovery_range()[1],
                "This is what the leaf holds, as a methanol assay measures it; a tea infusion takes out only part of "
                "it. Multiply by the fraction recovered.",
            ),
            "inverted_recovery": Slip(
                lambda x: x / exposure.tea_recovery_range()[1] ** 2,
                "This divides by the fraction recovered; an infusion takes out less than the leaf holds, so multiply.",
            ),
            "percent_as_number": Slip(
                lambda x: x * 100.0,
                "A factor of 100 too high: a percentage was used as if it were a fraction (the recovery in per cent "
                "instead of between 0 and 1, or the % w/w as a share of the whole). Per cent means per hundred.",
            ),
            "missing_ten": Slip(
                lambda x: x / 10.0,
                "A factor of 10 too low: 1% w/w of one gram is 10 mg, so mg = grams x 10 x percent.",
            ),
            "lowest_ends": Slip(
                lambda _: float(pk.leaf_to_alkaloid_mg(LEAF_G, exposure.leaf_content_range_percent()[0]))
                * exposure.tea_recovery_range()[0],
                "This is the least a tea could take out (lowest content, lowest recovery); the question asks for the most.",
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
                "This is log2 of the accumulation factor itself. Solve step by step: 1 - 2^(-x) = 1/3, so "
                "2^(-x) = 2/3 and x = log2(3/2), not log2(3). In general, for a factor R, x = log2(R / (R - 1)).",
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
            "pharmacokinetic study in the course's data, the modelled peak mu-occupancy spans {p05:.0f}-{p95:.0f}% across the inputs and the two Ki "
            "readings, and above that dose the model only extrapolates. It cannot say whether any occupancy relieves "
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
