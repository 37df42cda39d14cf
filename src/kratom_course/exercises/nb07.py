"""Exercises of notebook 07 (dose, variability and safety).

07.1 predict  reported daily amounts in dependence against the article's "2-6 g"
07.2 compute  grams of leaf to mg of mitragynine, and how far beyond the studied doses (notebook 03's functions)
07.3 compute  the share of counted poison-centre exposures with other substances, from a count and its denominator
07.4 critique the ledger rows on dose and safety, against what was measured
"""

from __future__ import annotations

from .. import exposure, safety
from .engine import SLIPS, Critique, Numeric, Prediction, Slip, define

AMOUNT_07_2_G = 35.0  # grams a day, the amount in the 07.2 question (kiyokawa2023)
SOURCE_07_3 = "anwar2016"  # the poison-centre series of 07.3


def _amount_facts() -> dict:
    rows = safety.reported_amounts()
    day = rows[rows["per"] == "day"]
    low, high = safety.ARTICLE_RANGE_G
    reported = day[day["statistic"] == "mean"]["value"]
    return {
        "low": low,
        "high": high,
        "day_low": day["value"].min(),
        "day_high": day["value"].max(),
        "day_mean": reported.max(),
        "fold": int(safety.daily_over_article_top()),
    }


define(
    Prediction(
        "07.1",
        "predict",
        "set reported doses and frequencies against the article's 2-6 g",
        correct="c",
        facts=_amount_facts,
        feedback={
            "a": (
                "The case series speak of far more, not less: two people each used {day_mean:.0f} g a day, and one series grouped "
                "people by use under {day_low:.0f} g or over {day_high:.0f} g a day; over {day_high:.0f} g is more than "
                "{fold} times the {high:.0f} g at the top of the article's range."
            ),
            "b": (
                "Per occasion, surveys report amounts near the article's range; per day, the case series of people "
                "treated for kratom dependence name {day_mean:.0f} g (two people) and groups of under {day_low:.0f} g or "
                "over {day_high:.0f} g, far beyond {low:.0f}-{high:.0f} g even counted as several doses."
            ),
            "c": (
                "Yes: two people each used {day_mean:.0f} g a day, and one series grouped people by use under "
                "{day_low:.0f} g or over {day_high:.0f} g a day; over {day_high:.0f} g is more than {fold} times the top of "
                "{low:.0f}-{high:.0f} g. These are people in treatment for dependence, a few cases, not typical users; "
                "but people self-treating opioid dependence are exactly whom the article addresses."
            ),
        },
    )
)


def _mg_facts() -> dict:
    low_pct, high_pct = exposure.leaf_content_range_percent()
    row = safety.leaf_to_mitragynine([AMOUNT_07_2_G]).iloc[0]
    return {
        "g": AMOUNT_07_2_G,
        "low_pct": low_pct,
        "high_pct": high_pct,
        "mg_low": row["mg_low"],
        "mg_high": row["mg_high"],
        "edge": row["highest_studied_mg"],
        "times": safety.times_highest_studied(AMOUNT_07_2_G, "low"),
        "times_high": safety.times_highest_studied(AMOUNT_07_2_G, "high"),
    }


define(
    Numeric(
        "07.2",
        "compute",
        "convert grams of leaf to mg of mitragynine and mark the extrapolation beyond studied doses",
        expected=lambda: safety.times_highest_studied(AMOUNT_07_2_G, "low"),
        unit="times the highest studied dose",
        rel_tol=0.03,
        facts=_mg_facts,
        why=(
            "At the lowest published content ({low_pct:g}% w/w), {g:.0f} g of leaf hold about {mg_low:.0f} mg of "
            "mitragynine, {times:.1f} times the {edge:g} mg that is the highest dose given to people in a pharmacokinetic "
            "study in the course's data; at the highest "
            "({high_pct:g}% w/w) about {mg_high:,.0f} mg, {times_high:.0f} times. Even the kindest assumption lies beyond "
            "what was measured: the model can only extrapolate there, and says nothing about safety."
        ),
        hint=(
            "mg = grams x 10 x percent (w/w), i.e. pk.leaf_to_alkaloid_mg(grams, percent). Take the lowest content from "
            "exposure.leaf_content_range_percent() and divide by exposure.highest_dose_studied_mg()."
        ),
        slips={
            "percent": Slip(lambda x: x * 100.0, "A factor of 100 off: the content is a percentage, so divide it by 100."),
            "mg": Slip(
                lambda x: x * safety.highest_studied_mg(),
                "This looks like milligrams; the question asks how many times the highest studied dose that is.",
            ),
            "thousand": Slip(lambda x: x / 1000.0, "Off by a factor of a thousand: check grams against milligrams."),
        },
    )
)


def _share_facts() -> dict:
    row = safety.share_with_other_substances().set_index("ref_id").loc[SOURCE_07_3]
    deaths = safety.share_with_other_substances().set_index("ref_id").loc["olsen2019"]
    return {
        "total": int(row["total"]),
        "single": int(row["single_substance"]),
        "others": int(row["with_others"]),
        "share": 100 * row["share"],
        "lo": 100 * row["ci_low"],
        "hi": 100 * row["ci_high"],
        "d_share": 100 * deaths["share"],
    }


define(
    Numeric(
        "07.3",
        "compute",
        "read a surveillance count with its denominator and period: the share with other substances",
        expected=lambda: 100 * float(safety.share_with_other_substances().set_index("ref_id").loc[SOURCE_07_3, "share"]),
        unit="percent of exposure calls",
        rel_tol=0.02,
        facts=_share_facts,
        why=(
            "{others} of {total} calls ({share:.0f}%, 95% interval {lo:.0f}-{hi:.0f}%) recorded another substance; the "
            "{single} 'single-substance' calls mean only that none was recorded. Among overdose deaths with kratom as a "
            "cause in another system the share was {d_share:.0f}%: calls and deaths are different denominators, and "
            "neither is a rate among people who use kratom."
        ),
        hint="Subtract the single-substance count from all calls, then divide by all calls (the source's denominator).",
        slips={
            "fraction": SLIPS["fraction_vs_percent"],
            "single": Slip(lambda x: 100.0 - x, "This is the single-substance share; the question asks for the others."),
        },
    )
)


def _ledger_facts() -> dict:
    edge = safety.highest_studied_mg()
    low_pct, high_pct = exposure.leaf_content_range_percent()
    return {"edge": edge, "fold": high_pct / low_pct, "day_high": safety.reported_amounts()["value"].max()}


define(
    Critique(
        "07.4",
        "critique",
        "weigh the ledger rows on dose and safety against what was measured",
        facts=_ledger_facts,
        model_answer=(
            "'2 to 6 grams' is a number people report per occasion (it overlaps the most common survey category) but not a "
            "tested starting dose for withdrawal: no study tied any amount to relief, so C31 and C36 are unsupported. Grams of "
            "leaf are not a dose of drug: content varies about {fold:.0f}-fold, teas extract only part, and the daily amounts "
            "named in dependence case series (over {day_high:.0f} g in one group) lie far beyond the {edge:g} mg of "
            "mitragynine that is the highest dose given to people in a pharmacokinetic study, so 'without overwhelming the "
            "body' (C19) has no measurement behind it. That higher doses carry "
            "more risk (C20) is consistent with surveys and case series, but surveillance counts calls and deaths without a "
            "denominator of users and with other substances in most deaths, so they show that harms occur (C27), not their "
            "rate. Liver injury, seizures and neonatal withdrawal are recorded in case reports and a registry; they show "
            "that the harm can happen, not how often."
        ),
        rubric=(
            "separates 'people report 2-6 g' from 'a tested starting dose'",
            "turns grams into a range of mg and names the edge of the studied doses",
            "reads surveillance counts with their denominator and the other substances involved",
            "says what the harms data can and cannot show (occurrence, not rate or causation), without alarm or reassurance",
        ),
    )
)
