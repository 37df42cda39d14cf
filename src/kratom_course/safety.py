"""Reported doses, what a dose contains, products, surveillance counts and recorded harms (notebook 07).

Domain module: computes tables from data/, never draws (`plots/safety.py` draws). The conversion of
grams of leaf to milligrams of mitragynine REUSES notebook 03's functions (`exposure`, `pk`): leaf
content range, tea extraction and the highest dose given to people in a study, which marks where any
amount becomes an extrapolation. Nothing here is a dose guide: it reports what people reported and what
surveillance systems counted, with periods, denominators and uncertainty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from . import data, exposure, pk
from .withdrawal import wilson_interval

# ================================================================================================
# Which rows feed this module (by meaning, never by row id)
# ================================================================================================
ARTICLE_RANGE_G = exposure.ARTICLE_RANGE_G  # the article's "2-6 g" (P11), grams of leaf
# Reported amounts in grams of leaf (survey_doses.csv, unit g): per occasion and per day.
AMOUNTS_IN_GRAMS = "g"
# Reported amounts in milligrams of mitragynine (Malaysian studies estimate mitragynine, not grams).
AMOUNTS_IN_MG = "mg"
# How often: survey rows on frequency (doses per week or day, daily use).
FREQUENCY_MEASURES = ("doses per week", "percent using daily", "percent reporting daily use", "glasses")

# Products: non-leaf materials with mitragynine content (alkaloid_content.csv).
PRODUCT_MATERIALS = ("commercial-product", "tea-infusion")
# Concentrated 7-OH products: the regulator's action (references), shown with notebook 08.
SEVEN_OH_ACTION_REFS = ("fda2025", "lydecker2016")

# Surveillance shares "with other substances": (ref_id, numerator filter, denominator filter, what the
# numerator counts). The share with other substances is 1 - (single-substance count / all counted).
SINGLE_SUBSTANCE_ROWS = [
    ("anwar2016", "exposures with kratom as single substance", "poison-centre calls, US, 2010-2015"),
    ("eggleston2019", "exposures with kratom as single substance", "poison-centre exposures, US (period not stated)"),
    ("post2019", "deaths after kratom-only exposure", "deaths among poison-centre exposures, US, 2011-2017"),
    (
        "olsen2019",
        "deaths with kratom as only substance detected",
        "overdose deaths with kratom as a cause, 27 US states, 2016-2017",
    ),
]
# Counts with a stated period, for the counts panel (exposure calls by year and multi-year totals).
COUNT_ROWS = [
    ("anwar2016", "kratom exposure calls"),
    ("post2019", "kratom exposures"),
    ("graves2021", "kratom exposures among adults (18+)"),
    ("forrester2013", "kratom exposures"),
]
# Recorded harms beyond poisonings (findings.csv, topic harm): liver, seizures, neonatal abstinence.
HARM_OUTCOMES = {"liver injury": "liver", "seizures": "seiz", "neonatal abstinence": "neonatal"}

# The ledger rows on dose and safety, shown with the article's words.
DOSE_AND_SAFETY_CLAIMS = ("C17", "C18", "C19", "C20", "C31", "C36", "C38", "C27")


# ================================================================================================
# 1. Reported amounts and frequencies
# ================================================================================================


def _survey_rows_in(unit: str) -> pd.DataFrame:
    """survey_doses rows whose value is in `unit` (the unit column is a filter here, not a check)."""
    rows = data.load("survey_doses")
    return rows[rows["unit"] == unit].reset_index(drop=True)


def reported_amounts() -> pd.DataFrame:
    """Every amount in grams of leaf in survey_doses.csv, per occasion or per day, with its source."""
    rows = _survey_rows_in(AMOUNTS_IN_GRAMS)
    rows = rows.assign(per=rows["per"].fillna("unstated"))
    return rows[["ref_id", "country", "n_respondents", "measure", "statistic", "value", "unit", "per", "notes"]]


def reported_mitragynine_mg() -> pd.DataFrame:
    """Amounts reported as milligrams of mitragynine (estimated by the authors), per occasion or per day."""
    rows = _survey_rows_in(AMOUNTS_IN_MG)
    return rows[["ref_id", "country", "n_respondents", "measure", "statistic", "value", "unit", "per", "notes"]]


def reported_frequencies() -> pd.DataFrame:
    """How often people reported using kratom (daily use, doses per week, glasses a day)."""
    rows = data.load("survey_doses")
    keep = rows["measure"].str.contains("|".join(FREQUENCY_MEASURES), case=False, regex=True)
    return rows[keep][["ref_id", "country", "n_respondents", "measure", "statistic", "value", "unit", "per"]].reset_index(
        drop=True
    )


def amounts_for_plot() -> pd.DataFrame:
    """One row per source and basis (per occasion, per day) with the lowest and highest grams it reports."""
    rows = reported_amounts()
    out = (
        rows.groupby(["ref_id", "per"]).agg(low=("value", "min"), high=("value", "max"), n=("n_respondents", "max")).reset_index()
    )
    return out.sort_values(["per", "low"]).reset_index(drop=True)


def daily_over_article_top(per: str = "day") -> float:
    """The largest daily amount reported (g/day) over the top of the article's range (g)."""
    rows = reported_amounts()
    return float(rows.loc[rows["per"] == per, "value"].max() / ARTICLE_RANGE_G[1])


# ================================================================================================
# 2. What a dose contains: grams of leaf to milligrams of mitragynine (notebook 03's functions)
# ================================================================================================


def leaf_to_mitragynine(leaf_g, *, content_percent: tuple[float, float] | None = None, tea: bool = False) -> pd.DataFrame:
    """Milligrams of mitragynine in each amount of leaf, at the lowest and highest dried-leaf content.

    content_percent: (low, high) % w/w; default the published range (exposure.leaf_content_range_percent).
    tea=True scales both ends by the fraction a tea infusion recovered in one product (exposure.tea_extraction,
    lowest and highest fraction). beyond_studied says whether the amount exceeds the highest mitragynine dose
    given to people in a PK study in data/ ('all', 'partly' or 'no'): beyond it everything is extrapolation.
    """
    low, high = exposure.leaf_content_range_percent() if content_percent is None else content_percent
    edge = exposure.highest_dose_studied_mg()
    tea_low, tea_high = (1.0, 1.0)
    if tea:
        frac = exposure.tea_extraction().loc["fraction recovered by infusion"]
        tea_low, tea_high = float(frac["low"]), float(frac["high"])
    rows = []
    for g in np.atleast_1d(np.asarray(leaf_g, dtype=float)):
        mg_low = float(pk.leaf_to_alkaloid_mg(g, low)) * tea_low
        mg_high = float(pk.leaf_to_alkaloid_mg(g, high)) * tea_high
        beyond = "all" if mg_low > edge else "partly" if mg_high > edge else "no"
        rows.append(
            {
                "leaf_g": float(g),
                "mg_low": mg_low,
                "mg_high": mg_high,
                "fold": mg_high / mg_low,
                "highest_studied_mg": edge,
                "beyond_studied": beyond,
            }
        )
    return pd.DataFrame(rows)


def reported_amounts_in_mg(tea: bool = False) -> pd.DataFrame:
    """The article's range and every reported gram amount, converted to milligrams of mitragynine."""
    amounts = amounts_for_plot()
    grams = sorted(set(ARTICLE_RANGE_G) | set(amounts["low"]) | set(amounts["high"]))
    table = leaf_to_mitragynine(grams, tea=tea)
    label = {g: [] for g in grams}
    for g in ARTICLE_RANGE_G:
        label[g].append("article (per occasion)")
    bound = {"range_low": "or more", "range_high": "or less"}
    rows = reported_amounts()
    for row in rows.itertuples():
        words = bound.get(row.statistic, "") if row.ref_id != "garciaromeu2020" else ""
        label[row.value].append(
            f"{row.ref_id} ({'per day' if row.per == 'day' else 'per occasion'}{', ' + words if words else ''})"
        )
    table["reported_as"] = table["leaf_g"].map(lambda g: "; ".join(label[g]))
    table["per"] = table["reported_as"].map(lambda s: "day" if "per day" in s and "per occasion" not in s else "occasion")
    return table


def highest_studied_mg() -> float:
    """The highest mitragynine dose given to people in a PK study in data/ (notebook 03's edge)."""
    return exposure.highest_dose_studied_mg()


def times_highest_studied(leaf_g: float, content: str = "low") -> float:
    """mg of mitragynine in leaf_g grams at the lowest (or highest) leaf content, over the highest studied dose."""
    row = leaf_to_mitragynine([leaf_g]).iloc[0]
    return float(row["mg_low" if content == "low" else "mg_high"] / row["highest_studied_mg"])


# ================================================================================================
# 3. Products
# ================================================================================================


def product_content() -> pd.DataFrame:
    """Mitragynine and 7-OH content of products and teas (alkaloid_content.csv), next to dried leaf."""
    rows = data.load("alkaloid_content")
    rows = rows[
        rows["alkaloid"].isin(["mitragynine", "7-hydroxymitragynine"]) & rows["unit"].isin(["percent", "percent_w_w", "mg_per_g"])
    ]
    percent = np.where(rows["unit"] == "mg_per_g", rows["value"].astype(float) / 10.0, rows["value"].astype(float))
    return rows.assign(percent_w_w=percent)[
        ["material", "alkaloid", "statistic", "percent_w_w", "extraction", "ref_id", "notes"]
    ].reset_index(drop=True)


def product_ranges() -> pd.DataFrame:
    """Lowest and highest mitragynine content (% w/w) per material and source."""
    rows = product_content()
    rows = rows[rows["alkaloid"] == "mitragynine"]
    return (
        rows.groupby(["material", "ref_id"])
        .agg(low=("percent_w_w", "min"), high=("percent_w_w", "max"))
        .reset_index()
        .sort_values("high")
    )


def seven_oh_actions() -> pd.DataFrame:
    refs = data.load("references")
    rows = refs[refs["ref_id"].isin(SEVEN_OH_ACTION_REFS)]
    return rows[["ref_id", "first_author", "year", "title", "doc_type", "notes"]].reset_index(drop=True)


# ================================================================================================
# 4. Surveillance: counts with periods, denominators and uncertainty
# ================================================================================================


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson count: the uncertainty of a count seen once."""
    alpha = 1 - level
    low = 0.0 if count == 0 else stats.chi2.ppf(alpha / 2, 2 * count) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(low), float(high)


def surveillance_table() -> pd.DataFrame:
    """Every surveillance count with its system, period, denominator and a 95% interval."""
    rows = data.load("surveillance_counts").copy()
    intervals = [poisson_interval(int(c)) for c in rows["count"]]
    rows["ci_low"] = [i[0] for i in intervals]
    rows["ci_high"] = [i[1] for i in intervals]
    # Only an end date (e.g. the date of a statement): shown as "up to", never as if the count fell in that month.
    rows["period"] = [
        f"{s}–{e}" if isinstance(s, str) and isinstance(e, str) else (f"up to {e}" if isinstance(e, str) else "not stated")
        for s, e in zip(
            rows["period_start"].astype(object).where(rows["period_start"].notna(), None),
            rows["period_end"].astype(object).where(rows["period_end"].notna(), None),
        )
    ]
    return rows


def counts_for_plot() -> pd.DataFrame:
    """Exposure counts with a stated period, per source: count, period in years, count per year with its interval."""
    table = surveillance_table()
    frames = []
    for ref_id, outcome in COUNT_ROWS:
        rows = table[(table["ref_id"] == ref_id) & (table["outcome"] == outcome) & table["period_start"].notna()]
        frames.append(rows)
    rows = pd.concat(frames, ignore_index=True)
    start = pd.to_datetime(rows["period_start"].astype(str), format="%Y-%m")
    end = pd.to_datetime(rows["period_end"].astype(str), format="%Y-%m") + pd.offsets.MonthEnd(0)
    years = ((end - start).dt.days + 1) / 365.25
    return rows.assign(
        start=start,
        end=end,
        years=years,
        per_year=rows["count"] / years,
        per_year_low=rows["ci_low"] / years,
        per_year_high=rows["ci_high"] / years,
    )


def share_with_other_substances() -> pd.DataFrame:
    """Per source: how many counted cases involved other substances too, with a 95% Wilson interval.

    Computed as all counted minus the single-substance count, over all counted (the denominator the
    source gives); 'kratom alone' in these systems means no other substance was recorded, not ruled out.
    """
    rows = []
    for ref_id, outcome, context in SINGLE_SUBSTANCE_ROWS:
        row = data.select("surveillance_counts", ref_id=ref_id, outcome=outcome)
        single, total = int(row["count"]), int(row["denominator"])
        others = total - single
        low, high = wilson_interval(others, total)
        rows.append(
            {
                "ref_id": ref_id,
                "context": context,
                "denominator_label": row["denominator_label"],
                "total": total,
                "single_substance": single,
                "with_others": others,
                "share": others / total,
                "ci_low": low,
                "ci_high": high,
            }
        )
    return pd.DataFrame(rows)


# ================================================================================================
# 5. Liver, seizures, neonatal abstinence; the ledger
# ================================================================================================


def harm_findings() -> pd.DataFrame:
    """Findings on liver injury, seizures and neonatal abstinence, with design and n."""
    rows = data.select("findings", many=True, topic="harm")
    frames = []
    for label, word in HARM_OUTCOMES.items():
        part = rows[rows["outcome"].str.contains(word, case=False)]
        frames.append(part.assign(harm=label))
    out = pd.concat(frames, ignore_index=True)
    return out[["harm", "ref_id", "design", "n", "finding"]]


def ledger_rows(claim_ids=DOSE_AND_SAFETY_CLAIMS) -> pd.DataFrame:
    """The claims on dose and safety with the article's words, status and highest level (claims.csv)."""
    claims = data.load("claims").set_index("claim_id")
    rows = claims.loc[list(claim_ids)].reset_index()
    return rows[["claim_id", "paragraph", "article_words", "claim", "status", "highest_level", "rationale"]]
