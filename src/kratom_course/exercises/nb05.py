"""Exercises of notebook 05 (kratom and prolactin: the evidence).

05.1 predict  how many people who use kratom have had prolactin measured (revealed by the evidence table)
05.2 compute  one draw near the limit: how often a man whose usual value is the limit reads twice the limit
05.3 compute  the study that would settle it: people per group for a stated ratio, with published variation
05.4 critique grade C21 ('elevated prolactin levels are a known side effect') from the evidence
"""

from __future__ import annotations

import math

from scipy import stats

from .. import data, prolactin
from ..tables import in_words
from .engine import SLIPS, Critique, Numeric, Prediction, Slip, define


def _inventory_facts() -> dict:
    # the one study of a group of people who use kratom (the other human sources are single cases)
    evidence = prolactin.kratom_hormone_evidence()
    groups = evidence[(evidence["species"] == "human") & (evidence["n"] > 1)]
    if groups["ref_id"].nunique() != 1:
        raise ValueError(f"05.1's feedback names one group study; found {sorted(set(groups['ref_id']))}")
    counts = prolactin.kratom_evidence_counts()
    return {"singh_n": int(groups["n"].iloc[0]), **counts}


define(
    Prediction(
        "05.1",
        "predict",
        "say how little has been measured on kratom and prolactin, and at which level",
        correct="b",
        facts=_inventory_facts,
        feedback={
            "a": "Close, but there is one: a single man whose prolactin was raised and fell after he stopped kratom, known "
            "here only from a news summary (and a blog copy of a monograph that repeats it).",
            "b": "One case, one man, known only second-hand: a news summary of a published case report, repeated on a "
            "blog. No study of people who use kratom has measured prolactin; none of the {n_findings} findings on "
            "kratom and hormones comes from a controlled study.",
            "c": "The cross-sectional study of {singh_n} regular users (Singh 2018) measured testosterone, LH and FSH, not "
            "prolactin. That leaves one case, seen second-hand.",
            "d": "There is no controlled study of kratom and prolactin, in people or animals; the one rat study in data/ "
            "reported no hormone at all.",
        },
    )
)


def _draw_facts() -> dict:
    case = prolactin.case_values()
    share = prolactin.probability_above(case["first_ng_per_ml"], case["upper_ng_per_ml"])
    return {
        "upper": case["upper_ng_per_ml"],
        "first": case["first_ng_per_ml"],
        "sd": prolactin.within_person_sd_log(),
        "share": share,
        "one_in": 1.0 / share,
    }


def _case_share(within_sd_log: float) -> float:
    case = prolactin.case_values()
    return prolactin.probability_above(case["first_ng_per_ml"], case["upper_ng_per_ml"], within_sd_log)


def _normal_tail(_x: float) -> float:
    case = prolactin.case_values()
    sd = prolactin.cv_within() * case["upper_ng_per_ml"]
    return float(stats.norm.sf(case["first_ng_per_ml"], loc=case["upper_ng_per_ml"], scale=sd))


define(
    Numeric(
        "05.2",
        "compute",
        "show why one value near a limit, and one fall after stopping, cannot carry a causal claim",
        expected=lambda: _case_share(prolactin.within_person_sd_log()),
        unit="fraction of single draws (0 to 1)",
        rel_tol=0.06,
        facts=_draw_facts,
        why=(
            "With a within-person SD of ln(prolactin) of {sd:.2f}, a man whose usual prolactin is exactly his "
            "laboratory's limit ({upper:g} ng/mL) reads {first:g} ng/mL or more on about {share:.0%} of draws, one in "
            "{one_in:.0f}, with no cause at all; and by the same token a low value on the next draw is common. How "
            "common depends steeply on that spread, which was measured in women sampled monthly over a year: the "
            "figure below shows how the share moves with it."
        ),
        hint=(
            "Use prolactin.simulate_repeated_draws() (its defaults are this man) and its share_at_least(...), or "
            "prolactin.probability_above(threshold, usual)."
        ),
        slips={
            "percent": SLIPS["percent_vs_fraction"],
            "above_limit": Slip(
                lambda x: 0.5,
                "This is the share of draws above the limit itself; the question asks for "
                "draws at or above the case's first value.",
            ),
            "normal": Slip(
                _normal_tail,
                "This is what a symmetric (normal) spread gives; prolactin varies on a ratio "
                "scale (log-normal), so high values are more common than that.",
            ),
            "raw_cv": Slip(
                lambda x: _case_share(prolactin.within_person_sd_log("raw-cv")),
                "You converted the published percent as an ordinary CV; the course reads it as the SD of "
                "ln(prolactin) already (the notes of the table say why). Use it as it is, or let the library do it.",
            ),
        },
    )
)


def _n_between_only(_x: float) -> float:
    sd = prolactin.between_person_sd_log()
    return float(prolactin.sample_size(math.log(prolactin.DESIGN["ratio"]) / sd))


def _n_linear_ratio(_x: float) -> float:
    sd = prolactin.sd_log_single_value()
    return float(prolactin.sample_size((prolactin.DESIGN["ratio"] - 1.0) / sd))


def _size_facts() -> dict:
    size = prolactin.study_size()
    return {
        "n": size.n_per_group,
        "ratio": size.ratio,
        "sd": size.sd_log,
        "d": size.effect_size,
        "power": size.power,
        "alpha": size.alpha,
        "achieved": size.achieved_power,
        "n_between_only": int(_n_between_only(0)),
        "difference": size.difference_ng_per_ml,
        "mean": size.group_mean_ng_per_ml,
    }


define(
    Numeric(
        "05.3",
        "compute",
        "size the study that would settle the question, from a published variability",
        expected=lambda: prolactin.study_size().n_per_group,
        unit="people per group",
        rel_tol=0.0,
        abs_tol=1.0,
        facts=_size_facts,
        why=(
            "On the log scale the difference is ln({ratio:g}) and the SD {sd:.2f}, an effect size of {d:.2f}; the smallest "
            "group giving at least {power:.0%} power at alpha {alpha:g} is {n} per group (power {achieved:.3f}). At the "
            "published mean that ratio is a difference of about {difference:.1f} ng/mL, which no single-case report can "
            "establish or exclude."
        ),
        hint=(
            "effect size = ln(ratio) / prolactin.sd_log_single_value(); then prolactin.sample_size(effect_size, alpha, "
            "power). Give the number per group, not the total."
        ),
        slips={
            "total": Slip(lambda x: 2 * x, "This is the total of both groups; the question asks for people per group."),
            "between_only": Slip(
                _n_between_only,
                "You used the between-person variation only: one draw per person also "
                "carries the within-person variation, which adds to the SD.",
            ),
            "linear_ratio": Slip(
                _n_linear_ratio,
                "You used ratio - 1 as the difference; on the log scale the difference is the natural log of the ratio.",
            ),
            "raw_cv": Slip(
                lambda x: float(prolactin.study_size(reading="raw-cv").n_per_group),
                "You converted the published percents as ordinary CVs; the course reads them as SDs of ln(prolactin) "
                "already. Use prolactin.sd_log_single_value(), which reads them as data/ says.",
            ),
        },
    )
)


def _c21_facts() -> dict:
    row = data.select("claims", claim_id="C21")
    return {
        "status": in_words(str(row["status"])),
        "words": str(row["article_words"]),
        "level": int(row["highest_level"]),
    }


define(
    Critique(
        "05.4",
        "critique",
        "grade a claim of the article from the evidence, as the protocol asks",
        facts=_c21_facts,
        model_answer=(
            "The sentence ('{words}') is a causal claim about people, and calling it 'known' asks for controlled human "
            "studies (levels one to three). What exists is one case at level {level}: a man with raised prolactin and low "
            "testosterone whose values were normal two months after he stopped kratom. It shows temporality and a "
            "dechallenge, but no rechallenge; it is known only from a news summary (so the sampling time, other "
            "substances, stress, time of day and macroprolactin cannot be checked); and a single value at twice a low "
            "laboratory limit followed by a normal one is what chance and regression to the mean often produce near a "
            "limit. His low testosterone with low gonadotrophins needs no prolactin rise to explain it: an opioid-like "
            "drug can suppress GnRH directly, as the notebook on the prolactin axis showed. No study of people who use "
            "kratom measured prolactin. The ledger grades it {status}: the case already counts for the weaker claim that "
            "kratom may influence prolactin (C13), and one second-hand case cannot make a side effect 'known'. A reader "
            "who counts any direct human datum could argue for partly supported; either way 'a known side effect' "
            "overstates it, and the dose half of the sentence (C32) has no evidence at all."
        ),
        rubric=(
            "names the kind of claim (causal, about people) and the evidence it needs under the protocol",
            "identifies the only datum as one second-hand case and weighs dechallenge against the missing rechallenge",
            "names at least two alternative explanations: chance near a low limit, stress, timing, other drugs, macroprolactin",
            "arrives at a status with a reason, and separates 'known side effect' from 'of higher doses'",
        ),
    )
)
