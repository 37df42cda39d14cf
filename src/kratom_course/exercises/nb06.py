"""Exercises of notebook 06 (kratom and opioid withdrawal).

06.1 predict  the time course of withdrawal follows the half-life of the opioid that was stopped
06.2 choice   which study design could move the claim that kratom relieves withdrawal
06.3 compute  how much a self-selected survey overstates a share (selection bias)
06.4 critique the article's "one component of a comprehensive treatment strategy", against the evidence
"""

from __future__ import annotations

from .. import withdrawal
from .engine import SLIPS, Choice, Critique, Numeric, Prediction, Slip, define

# The inputs of 06.3, stated in the notebook's question (fractions and a ratio).
TRUE_SHARE_06_3 = 0.5
RATIO_06_3 = 4.0


def _course_facts() -> dict:
    course = withdrawal.time_course().set_index(["opioid_group", "phase"])
    groups = list(dict.fromkeys(course.index.get_level_values(0)))
    short, long_ = groups[0], groups[1]
    table = withdrawal.decline_table(0.25).set_index("drug")
    names = list(table.index)
    return {
        "s_on_lo": course.loc[(short, "onset"), "low"],
        "s_on_hi": course.loc[(short, "onset"), "high"],
        "s_end_hi": course.loc[(short, "easing"), "high"],
        "l_on_lo": course.loc[(long_, "onset"), "low"],
        "l_on_hi": course.loc[(long_, "onset"), "high"],
        "l_last": course.loc[(long_, "lasting"), "high"],
        "h_short": table.loc[names[0], "hours_to_fraction"],
        "h_long": table.loc[names[1], "hours_to_fraction"],
    }


define(
    Prediction(
        "06.1",
        "predict",
        "relate the onset and length of withdrawal to the half-life of the opioid that was stopped",
        correct="b",
        facts=_course_facts,
        feedback={
            "a": (
                "The other way round. A drug with a long half-life falls slowly after the last dose (in the model, a quarter "
                "of the level is left after about {h_long:.0f} h instead of {h_short:.0f} h), so withdrawal from a long-acting "
                "opioid such as methadone starts later (in one guidance page, symptoms appear within {l_on_lo:.0f}-{l_on_hi:.0f} "
                "days rather than hours) and lasts longer (up to {l_last:.0f} days)."
            ),
            "b": (
                "Yes: the slower the fall, the later the body notices the missing opioid and the longer the syndrome drags "
                "on. Withdrawal begins {s_on_lo:.0f}-{s_on_hi:.0f} h after a short-acting opioid and eases within about "
                "{s_end_hi:.0f} days; after a long-acting one symptoms appear within {l_on_lo:.0f}-{l_on_hi:.0f} days and can "
                "last {l_last:.0f} days (typical windows from one guidance page; other sources differ). The same logic is "
                "why a long-acting agonist can soften withdrawal."
            ),
            "c": (
                "Onset is not the same: it follows the fall of the drug's level, which is slower for a long half-life. "
                "In one guidance page, onset is {s_on_lo:.0f}-{s_on_hi:.0f} h after short-acting opioids, but symptoms "
                "appear within {l_on_lo:.0f}-{l_on_hi:.0f} days after long-acting ones."
            ),
        },
    )
)


def _design_facts() -> dict:
    design = withdrawal.kratom_by_design().set_index("design")
    reviews = withdrawal.comparator_reviews().set_index("ref_id")
    return {
        "surveys": int(design.loc["surveys", "studies"]),
        "animal": int(design.loc["animal experiments", "studies"]),
        "kratom_rcts": withdrawal.kratom_withdrawal_trials(),
        "bup_trials": int(reviews.loc["gowing2017", "n_studies"]),
    }


define(
    Choice(
        "06.2",
        "choice",
        "sort the evidence for kratom in withdrawal by design and say what would change the grade",
        correct="c",
        facts=_design_facts,
        feedback={
            "a": (
                "More of the same design adds precision, not a control group. The data already hold {surveys} surveys; "
                "a larger self-selected sample still cannot separate kratom's effect from who chose to answer, from "
                "expectation, or from the natural easing of withdrawal over days."
            ),
            "b": (
                "Three rodent studies ({animal} animal experiments in the data) already agree. Under the protocol animal "
                "evidence can make a claim about people at most partly supported, however many studies there are."
            ),
            "c": (
                "A randomized trial with a comparison arm (placebo or an established treatment) and a withdrawal outcome "
                "scored on COWS or SOWS is the design the claim needs; none exists ({kratom_rcts} in the data: the "
                "randomized kratom trials measured pain tolerance and pharmacokinetics, not withdrawal). Buprenorphine's review alone pooled {bup_trials} such trials."
            ),
            "d": (
                "A case series describes what happened to a few people, without a comparison; it cannot show that kratom "
                "rather than time, other drugs or care eased withdrawal. It can suggest a question, not answer it."
            ),
        },
    )
)


def _selection_facts() -> dict:
    reported = withdrawal.reported_share(TRUE_SHARE_06_3, RATIO_06_3)
    survey = withdrawal.survey_reported_helpful_share()
    return {
        "p": TRUE_SHARE_06_3,
        "r": RATIO_06_3,
        "rep": reported,
        "rep_pct": 100 * reported,
        "naive": 100 * min(1.0, TRUE_SHARE_06_3 * RATIO_06_3),
        "survey": survey,
        "implied": withdrawal.true_share_for(survey, RATIO_06_3),
    }


define(
    Numeric(
        "06.3",
        "compute",
        "show with a simulation or the formula how self-selection inflates a survey's share",
        expected=lambda: 100 * withdrawal.reported_share(TRUE_SHARE_06_3, RATIO_06_3),
        unit="percent of respondents",
        rel_tol=0.02,
        facts=_selection_facts,
        why=(
            "Helped people make up {p:.0%} of the population but answer {r:.0f} times as often, so among respondents they "
            "are p r / (p r + 1 - p) = {rep:.0%}. The survey is not wrong about its respondents; it is wrong about everyone "
            "else. Turned round, a reported {survey:.0%} with the same response ratio implies a true share of about "
            "{implied:.0%}, and nobody knows the real ratio."
        ),
        hint=(
            "Count respondents in two groups: helped people answer with rate r, others with rate 1. Out of the population, "
            "p x r helped respondents and (1 - p) x 1 others; the share is the first over the sum. "
            "withdrawal.reported_share or withdrawal.simulate_survey check it."
        ),
        slips={
            "fraction": SLIPS["fraction_vs_percent"],
            "no_denominator": Slip(
                lambda x: 100 * min(1.0, TRUE_SHARE_06_3 * RATIO_06_3),
                "You multiplied the share by the ratio; respondents who were not helped are in the denominator too.",
            ),
            "unbiased": Slip(
                lambda x: 100 * TRUE_SHARE_06_3, "This is the true share: the question asks what the survey reports."
            ),
        },
    )
)


def _critique_facts() -> dict:
    reviews = withdrawal.comparator_reviews().set_index("ref_id")
    return {
        "bup": int(reviews.loc["gowing2017", "n_studies"]),
        "meth": int(reviews.loc["amato2013", "n_studies"]),
        "a2": int(reviews.loc["gowing2016", "n_studies"]),
        "maint": int(reviews.loc["mattick2009", "n_studies"]),
        "mdz": withdrawal.midazolam_auc_increase_percent(),
    }


define(
    Critique(
        "06.4",
        "critique",
        "set withdrawal management against maintenance, lost tolerance and interactions",
        facts=_critique_facts,
        model_answer=(
            "A comprehensive strategy with trial evidence already exists: buprenorphine, tapered methadone and alpha2-agonists "
            "ease withdrawal (reviews of {bup}, {meth} and {a2} randomized trials), and maintenance treatment keeps people in "
            "care and reduces heroin use more than withdrawal management alone ({maint} trials). Withdrawal management on its "
            "own is not the end point: tolerance is lost after withdrawal, and in one follow-up study the overdose deaths "
            "after discharge all occurred among people who had completed detoxification. Kratom has no randomized trial of withdrawal, and it is not inert beside these "
            "medicines: in people one low dose of kratom tea raised exposure to a CYP3A probe drug by about {mdz:.0f}%, "
            "and methadone and buprenorphine are CYP3A substrates, so levels could change when kratom is started or stopped. "
            "Being a long-acting mu agonist of low efficacy, mitragynine could also ease or, with a full agonist on board, "
            "blunt opioid effects; none of this was tested. So the article's sentence names no evidence for kratom's place in "
            "such a strategy: no study has tested kratom as part of one."
        ),
        rubric=(
            "names the treatments with trial evidence and that maintenance does more than withdrawal management alone",
            "mentions the overdose risk after lost tolerance",
            "names the CYP3A interaction with methadone or buprenorphine as measured or plausible, not proven harm",
            "says no randomized trial tested kratom for withdrawal, and gives no advice",
        ),
    )
)
