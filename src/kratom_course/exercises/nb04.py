"""Exercises of notebook 04 (the prolactin axis).

04.1 predict  dopamine's tonic brake: what an opioid adds when D2 receptors are already blocked
04.2 compute  a reference limit in mIU/L to ng/mL with the assay's factor (and why the factor is the assay's)
04.3 predict  how many opioid studies of prolactin say when blood was drawn after the last dose (revealed by the timeline)
04.4 critique galactorrhoea, amenorrhoea and hypogonadism: the prolactin route against GnRH suppression
"""

from __future__ import annotations

from .. import data, prolactin
from .engine import Critique, Numeric, Prediction, Slip, define
from .lazy import LazyOption

ASSAY = "Roche Elecsys Prolactin II"  # the assay named by the laboratory whose limits are in mIU/L


define(
    Prediction(
        "04.1",
        "predict",
        "explain tonic dopamine inhibition of prolactin and how mu-opioid agonists release it",
        correct="b",
        feedback={
            "a": "A larger rise would need the opioid to act on the lactotroph itself. In the sketch, and in the morphine "
            "challenge after metoclopramide pretreatment, the opioid acts by lowering dopamine; once D2 receptors "
            "are blocked there is no dopamine brake left to release.",
            "b": "The opioid raises prolactin by lowering the dopamine that brakes the lactotroph through D2 receptors. With "
            "D2 already blocked, prolactin is high before the opioid and the opioid has nothing left to release: in "
            "people given metoclopramide first, morphine no longer raised prolactin.",
            "c": "Nothing in the axis makes an opioid lower prolactin when D2 is blocked; the brake is already off, so "
            "prolactin stays high and the opioid adds nothing.",
        },
    )
)


def _unit_facts() -> dict:
    lower, upper = prolactin.reference_interval("male", assay=ASSAY)
    row = data.select("prolactin_reference_intervals", unit="mIU/L", sex="male", chosen_for=prolactin.MIU_ASSAY_VIEW)
    low, high = prolactin.upper_limit_range("male")
    return {
        "upper_miu": float(row["upper"]),
        "factor": prolactin.conversion_factor(ASSAY),
        "upper_ng": upper,
        "low": low,
        "high": high,
    }


define(
    Numeric(
        "04.2",
        "compute",
        "convert a reference limit between mIU/L and ng/mL with the assay's factor",
        expected=lambda: prolactin.reference_interval("male", assay=ASSAY)[1],
        unit="ng/mL",
        rel_tol=0.02,
        facts=_unit_facts,
        why=(
            "{upper_miu:g} mIU/L divided by {factor:g} mIU/L per ng/mL is {upper_ng:.1f} ng/mL, inside the range of the "
            "other laboratories' upper limits for men in data/ ({low:g} to {high:g} ng/mL). The factor belongs to the "
            "assay's calibration: another assay, or another standard, can need another factor."
        ),
        hint=(
            "ng/mL = mIU/L / factor, where the factor (mIU/L per ng/mL) is the one data/prolactin_parameters.csv gives "
            "for the assay this laboratory uses."
        ),
        slips={
            "multiplied": Slip(
                lambda x: x * prolactin.conversion_factor(ASSAY) ** 2,
                "You multiplied by the factor: going from mIU/L to ng/mL divides by it (the number gets smaller).",
            ),
            "inverse_read_as_factor": Slip(
                lambda x: x * prolactin.conversion_factor(ASSAY) ** 2 / 1000.0,
                "This looks like the inverse factor (ng/mL per mIU/L) misread as a whole number; use mIU/L per ng/mL and divide.",
            ),
            "not_converted": Slip(lambda x: x * prolactin.conversion_factor(ASSAY), "This is the limit in mIU/L, unconverted."),
        },
    )
)


# 04.3's options by the share of observations whose source gives the time since the last dose
TIMED_SHARE_OPTIONS = {"a": (0.8, 1.0), "b": (0.3, 0.8), "c": (0.0, 0.3)}


def _timing_facts() -> dict:
    facts = prolactin.timeline_facts()
    n_timed = facts["n_rows"] - facts["n_untimed"]
    return facts | {"n_timed": n_timed, "timed_share": n_timed / facts["n_rows"]}


def _timed_share_option() -> str:
    share = _timing_facts()["timed_share"]
    return next(option for option, (low, high) in TIMED_SHARE_OPTIONS.items() if low <= share <= high)


define(
    Prediction(
        "04.3",
        "predict",
        "read opioid studies of prolactin by when blood was drawn relative to the last dose",
        correct=LazyOption(_timed_share_option),
        facts=_timing_facts,
        feedback={
            "a": "Timing is basic to a hormone that follows a drug within hours, yet only {n_timed} of the {n_rows} "
            "observations ({timed_share:.0%}) say when blood was drawn after the last dose. The other {n_untimed} cannot be "
            "placed on the time axis, so they cannot tell a peak from a trough, or use from withdrawal.",
            "b": "{n_timed} of the {n_rows} observations ({timed_share:.0%}) say when blood was drawn after the last dose; "
            "{n_untimed} do not, so they cannot tell a peak from a trough, or use from withdrawal. Read each of those by "
            "what else it says (active use, maintenance, after abstinence), and weigh it less for a claim about timing.",
            "c": "More than that: {n_timed} of the {n_rows} observations ({timed_share:.0%}) say when blood was drawn after "
            "the last dose. Still, the other {n_untimed} cannot be placed on the time axis.",
        },
    )
)


define(
    Critique(
        "04.4",
        "critique",
        "tell the prolactin route from GnRH suppression in opioid-related galactorrhoea and hypogonadism",
        model_answer=(
            "The article has one route: kratom raises prolactin, and high prolactin causes galactorrhoea and amenorrhoea. "
            "In people who take opioids a second route is the main one: opioids suppress GnRH in the hypothalamus, so LH, "
            "FSH and the sex hormones fall, and low testosterone or oestradiol explains low libido, low energy and missed "
            "periods, in men and women alike; prolactin is often normal or only mildly raised, and in the one maintenance study "
            "sampled at the trough it did not differ from controls. The methadone case shows galactorrhoea while "
            "prolactin was below normal, so the breast sign cannot be read as proof of high prolactin. Before blaming "
            "prolactin I would measure LH, FSH and oestradiol (or testosterone), prolactin drawn in the morning at a stated "
            "time after the last dose and repeated if mildly raised (with macroprolactin if raised), a pregnancy test and "
            "TSH, and list other drugs that raise prolactin."
        ),
        rubric=(
            "names GnRH suppression (low LH and FSH, low sex hormones) as the main opioid route to amenorrhoea and hypogonadism",
            "notes that it occurs in both sexes and that prolactin is often normal or only mildly raised",
            "uses the case of galactorrhoea with low prolactin to show the sign does not prove high prolactin",
            "lists what to measure: gonadotrophins and sex hormones, timed and repeated prolactin, pregnancy, thyroid, drugs",
        ),
    )
)
