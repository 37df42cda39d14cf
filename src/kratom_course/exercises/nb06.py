"""Exercises of notebook 06 (kratom and opioid withdrawal).

06.1 predict  the time course of withdrawal follows the half-life of the opioid that was stopped
06.2 choice   what level of evidence a systematic review of uncontrolled studies carries
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


# The comparators the feedback names, by their names in data/curation.csv (view comparator-review).
COMPARATORS = {
    "bup": "buprenorphine (withdrawal management)",
    "meth": "tapered methadone (withdrawal management)",
    "a2": "alpha2-agonists: clonidine, lofexidine (withdrawal management)",
    "maint": "methadone maintenance (not withdrawal management)",
}


def _review_facts() -> dict:
    review = withdrawal.review_anchor()
    reviews = withdrawal.comparator_reviews().set_index("treatment")
    return {
        "level": review["level"],
        "studies": review["studies"],
        "year": review["year"],
        "kratom_rcts": withdrawal.kratom_withdrawal_trials(),
        "bup_trials": int(reviews.loc[COMPARATORS["bup"], "n_studies"]),
    }


define(
    Choice(
        "06.2",
        "choice",
        "grade a review by the designs it gathers, not by being a review (sorting the evidence by design)",
        correct="b",
        facts=_review_facts,
        feedback={
            "a": (
                "Level 1 in the protocol is a systematic review or meta-analysis of randomized trials. This review found "
                "none to include, and the data hold {kratom_rcts} randomized trials of kratom for withdrawal: being "
                "systematic makes a review's search and summary trustworthy, not its studies stronger. Compare "
                "buprenorphine's review, which pooled {bup_trials} randomized trials."
            ),
            "b": (
                "Yes: level {level}. The review is systematic (a stated search and criteria), so it summarises fairly what "
                "exists; what exists in people is case reports and observational studies, uncontrolled human data. A "
                "review is as strong as the best design it gathers for the question, and its authors conclude that "
                "without controlled human trials no conclusion can be drawn."
            ),
            "c": (
                "The animal studies support a mechanism (rodents' withdrawal signs eased), but the review also gathered "
                "human data, case reports and observational studies; for a claim about people the best human design it "
                "includes decides, uncontrolled human data: level {level}. Animal evidence alone would make a claim "
                "about people at most partly supported."
            ),
            "d": (
                "Narrative reviews are left ungraded in the course's data, because nothing says how they chose their "
                "studies. A systematic review is graded by the designs it includes: here level {level}, because its best "
                "human evidence is uncontrolled."
            ),
        },
    )
)


def _selection_facts() -> dict:
    reported = withdrawal.reported_share(TRUE_SHARE_06_3, RATIO_06_3)
    return {
        "p": TRUE_SHARE_06_3,
        "r": RATIO_06_3,
        "rep": reported,
        "rep_pct": 100 * reported,
        "naive": 100 * min(1.0, TRUE_SHARE_06_3 * RATIO_06_3),
        "below": withdrawal.reported_share(TRUE_SHARE_06_3, 1.0 / RATIO_06_3),
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
            "else, and the ratio could as well run the other way (with helped people answering a quarter as often, it "
            "would report {below:.0%}). Even with a ratio of one, a survey records help as people perceive it, with "
            "nothing to compare: withdrawal eases over days anyway, and separating kratom's part from that needs a "
            "comparison group."
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
    reviews = withdrawal.comparator_reviews().set_index("treatment")
    deaths = withdrawal.deaths_with_other_substances()
    return {
        **{key: int(reviews.loc[label, "n_studies"]) for key, label in COMPARATORS.items()},
        "mdz": withdrawal.midazolam_auc_increase_percent(),
        "others": deaths["with_others"],
        "involved": deaths["total"],
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
            "after discharge all occurred among people who had completed detoxification. Kratom has no randomized trial of "
            "withdrawal, and it is not inert beside these medicines. What was measured: one low dose of kratom tea raised "
            "exposure to a CYP3A probe drug by about {mdz:.0f}%, an effect in the gut wall. What was not: whether that "
            "matters for buprenorphine, which is taken under the tongue because swallowed it is largely lost to first-pass "
            "metabolism, or for methadone, which a strong CYP3A inhibitor left unchanged in one study (it is cleared mainly "
            "by CYP2B6). The interaction most likely to kill is pharmacodynamic: opioids, benzodiazepines and other "
            "depressants add up in slowing breathing, and {others} of the {involved} deaths judged kratom-involved in one "
            "US series had other substances detected. So the article's sentence names no evidence for kratom's place in "
            "such a strategy: no study has tested kratom as part of one."
        ),
        rubric=(
            "names the treatments with trial evidence and that maintenance does more than withdrawal management alone",
            "mentions the overdose risk after lost tolerance",
            "says what was measured (a gut-wall CYP3A effect on a probe drug) and that its relevance to buprenorphine and "
            "methadone is untested, and names the pharmacodynamic risk with opioids and other depressants",
            "says no randomized trial tested kratom for withdrawal, and gives no advice",
        ),
    )
)
