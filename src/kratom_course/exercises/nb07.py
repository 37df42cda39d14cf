"""Exercises of notebook 07 (dose, variability and safety).

07.1 compute  an amount per use and the uses a day into an amount per day, against the article's "2-6 g"
07.2 compute  grams of leaf to mg of mitragynine, and how far beyond the studied doses (notebook 03's functions)
07.3 choice   which uncertainty fits a statement, a part of a total and a yearly count
07.4 critique the ledger rows on dose and safety, against what was measured
"""

from __future__ import annotations

from .. import exposure, safety
from .engine import Choice, Critique, Numeric, Slip, define

AMOUNT_07_2_G = 35.0  # grams a day, the amount in the 07.2 question (the two patients of a case report)
# The three quantities of 07.3, by what each counted (surveillance_counts.csv `outcome`).
STATEMENT_07_3 = "deaths associated with kratom-containing products"
PART_OF_TOTAL_07_3 = "neonatal exposures with withdrawal"


def _per_use() -> dict:
    """The amount per use with its uses a day (the one source in data/ that states both)."""
    rows = safety.amounts_per_use_with_frequency()
    uses = float(rows["uses_per_day"].iloc[0])
    low_g, high_g = float(rows["value"].min()), float(rows["value"].max())
    top = float(safety.ARTICLE_RANGE_G[1])
    return {"low_g": low_g, "high_g": high_g, "uses": uses, "top": top}


def _per_day_facts() -> dict:
    facts = _per_use()
    day_low = safety.grams_per_day(facts["low_g"], facts["uses"])
    day_high = safety.grams_per_day(facts["high_g"], facts["uses"])
    return {
        **facts,
        "low": safety.ARTICLE_RANGE_G[0],
        "day_low": day_low,
        "day_high": day_high,
        "times": day_high / facts["top"],
        "per_use_times": facts["high_g"] / facts["top"],
    }


define(
    Numeric(
        "07.1",
        "compute",
        "tell amounts per use from amounts per day, and set them against the article's 2-6 g",
        expected=lambda: _per_day_facts()["times"],
        unit="times the top of the article's range",
        rel_tol=0.03,
        facts=_per_day_facts,
        why=(
            "{uses:g} uses a day of {low_g:g}-{high_g:g} g is {day_low:g}-{day_high:g} g a day: at the upper end "
            "{times:.0f} times the {top:g} g at the top of the article's {low:g}-{top:g} g, which the article gives as "
            "one amount ('a common starting point'). Per use, {high_g:g} g is already {per_use_times:.1f} times that top; "
            "per day the factor grows by the number of uses. This is one woman treated for kratom dependence, not a "
            "typical user; what the case shows is why per use and per day must never be compared as if alike."
        ),
        hint=(
            "Amount per day = amount per use x uses a day (safety.grams_per_day); take the upper end of the amount per "
            "use, then divide by the top of the article's range, safety.ARTICLE_RANGE_G[1]."
        ),
        slips={
            "per_use": Slip(
                lambda x: x / _per_use()["uses"],
                "This compares the amount per use with the article's range; the question asks about the amount per day: "
                "multiply by the uses a day first.",
            ),
            "grams": Slip(
                lambda x: x * _per_use()["top"],
                "This looks like grams a day; the question asks how many times the top of the article's range that is.",
            ),
            "lower_end": Slip(
                lambda x: x * _per_use()["low_g"] / _per_use()["high_g"],
                "This uses the lower end of the amount per use; the question asks about the upper end.",
            ),
            "inverted": Slip(
                lambda x: 1.0 / x,
                "Upside down: divide the amount per day by the top of the article's range, not the other way round.",
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
        "edge": row["highest_pk_dose_mg"],
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
            "mitragynine, {times:.1f} times the {edge:g} mg that is the highest dose given in one pharmacokinetic study in "
            "healthy volunteers; at the highest ({high_pct:g}% w/w) about {mg_high:,.0f} mg, {times_high:.0f} times. Even "
            "the kindest assumption lies beyond what was measured: the model can only extrapolate there. The edge marks "
            "where measurements stop, not a safe dose."
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


def _interval_facts() -> dict:
    statement = safety.interval_example(STATEMENT_07_3)
    part = safety.interval_example(PART_OF_TOTAL_07_3)
    counts = safety.counts_for_plot()
    yearly = counts[counts["years"] < 1.5].sort_values("start").iloc[-1]
    return {
        "statement": statement["count"],
        "k": part["count"],
        "n": part["denominator"],
        "share": part["share"],
        "s_low": part["share_low"],
        "s_high": part["share_high"],
        "p_low": part["poisson_low"],
        "p_high": part["poisson_high"],
        "calls": int(yearly["count"]),
        "year": yearly["start"].year,
        "c_low": yearly["ci_low"],
        "c_high": yearly["ci_high"],
    }


define(
    Choice(
        "07.3",
        "choice",
        "read surveillance numbers with the uncertainty that fits each: a statement, a part of a total, a yearly count",
        correct="b",
        facts=_interval_facts,
        feedback={
            "a": (
                "A count that is part of a stated total is a proportion. As a Poisson count, {k} of {n} would get an "
                "interval of about {p_low:.0f}-{p_high:.0f}, whose top exceeds its own total of {n}; as a proportion it is "
                "{share:.0%} (Wilson 95% interval {s_low:.0%}-{s_high:.0%}). And the statement's {statement} deaths come "
                "with no period or case definition: there is no process to repeat, so no interval fits."
            ),
            "b": (
                "Yes. The statement's {statement} deaths have no period or case definition, so no interval fits: their "
                "uncertainty lies in what was counted, not in chance. {k} of {n} is a proportion, {share:.0%} (Wilson 95% "
                "interval {s_low:.0%}-{s_high:.0%}): wide, because the total is small. The {calls} calls of {year} come "
                "from one system over a stated year, where a Poisson interval ({c_low:.0f}-{c_high:.0f}) says how much such "
                "a count moves by chance alone; it says nothing about what the system missed."
            ),
            "c": (
                "Two of the three are swapped. The statement's {statement} deaths are not part of a stated total (no "
                "denominator, no period), so no proportion and no interval; and {k} of {n} is part of a total, so it is a "
                "proportion, {share:.0%} (Wilson 95% interval {s_low:.0%}-{s_high:.0%}), not a Poisson count, which would "
                "reach about {p_high:.0f}, more than its own total. The yearly calls do take a Poisson interval."
            ),
            "d": (
                "A count from one system over a stated period does move by chance from year to year: the {calls} calls "
                "of {year} have a Poisson interval of {c_low:.0f}-{c_high:.0f}. And {k} of {n} is not a bare count but a "
                "proportion, {share:.0%} (Wilson 95% interval {s_low:.0%}-{s_high:.0%}). Only the statement takes no "
                "interval."
            ),
        },
    )
)


def _ledger_facts() -> dict:
    edge = safety.highest_studied_mg()
    low_pct, high_pct = exposure.leaf_content_range_percent()
    return {"edge": edge, "fold": high_pct / low_pct}


define(
    Critique(
        "07.4",
        "critique",
        "weigh the ledger rows on dose and safety against what was measured",
        facts=_ledger_facts,
        model_answer=(
            "'2 to 6 grams' overlaps what people report per use (it overlaps the most common survey category), but it is "
            "not a tested starting dose for withdrawal: no study tied any amount to relief, so C31 and C36 are "
            "unsupported. Grams of leaf are not a dose of drug: content varies about {fold:.0f}-fold, teas extract only "
            "part, and the daily amounts named in case reports of people treated for kratom dependence lie far beyond "
            "the {edge:g} mg of mitragynine that is the highest dose given in one pharmacokinetic study in healthy "
            "volunteers, so 'without overwhelming the body' (C19) has no measurement behind it. That higher doses carry "
            "more risk (C20) is consistent with surveys and case series, but surveillance counts calls and deaths "
            "without a denominator of users and with other substances in most deaths, so they show that harms occur "
            "(C27), not their rate. Liver injury, seizures and neonatal withdrawal are recorded in case reports and a "
            "registry; they show that the harm can happen, not how often."
        ),
        rubric=(
            "separates 'people report 2-6 g' from 'a tested starting dose', and per use from per day",
            "turns grams into a range of mg and names the edge of the studied doses (not a safe dose)",
            "reads surveillance counts with their denominator, the uncertainty that fits them and the other substances",
            "says what the harms data can and cannot show (occurrence, not rate or causation), without alarm or reassurance",
        ),
    )
)
