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

from . import data, exposure, pk
from .inference import poisson_interval, wilson_interval
from .withdrawal import cited_as

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

# Concentrated 7-OH products: the chemical analysis and the regulator's action (data/curation.csv, view
# seven-oh-actions), shown in section 3 beside the records of notebook 08.
SEVEN_OH_VIEW = "seven-oh-actions"

# Surveillance shares "with other substances": the single-substance counts, each with the total it is part of
# and what the total counts (data/curation.csv, view single-substance-share, the context in its label). The
# share with other substances is 1 - (single-substance count / all counted).
SINGLE_SUBSTANCE_VIEW = "single-substance-share"
# Counts with a stated period, for the counts panel (exposure calls by year and multi-year totals), each series
# with its scope where it is narrower than all ages nationwide (view counts-per-year, the scope in its label).
COUNTS_VIEW = "counts-per-year"
# Recorded harms beyond poisonings (findings.csv, topic harm): liver, seizures, neonatal abstinence, each
# finding with its harm (view recorded-harms, the harm in its label, in the order shown). Findings of
# surveillance systems (findings.csv design 'surveillance') keep a label of their own: they count calls
# from a severity-selected stream of cases, not case reports of one harm.
HARMS_VIEW = "recorded-harms"
SURVEILLANCE_DESIGN = "surveillance"
SURVEILLANCE_HARM = "poison-centre surveillance (several outcomes)"
# How often poison-centre calls came from health care providers (a sign of the severity-selected sample).
CALLS_FROM_PROVIDERS = "calls made by health care providers"

# Prevalence of use: survey_doses.csv rows answering this question, past-year measures only.
PREVALENCE_QUESTION = "prevalence of use"
PAST_YEAR_WORDS = ("past-year", "past-12-month")

# Intervals by the kind of quantity (surveillance_counts.csv `interval`).
INTERVAL_KINDS = ("poisson", "wilson", "none")

# The ledger rows on dose and safety, shown with the article's words (view dose-and-safety-ledger).
LEDGER_VIEW = "dose-and-safety-ledger"


# ================================================================================================
# 1. Reported amounts and frequencies
# ================================================================================================


def _survey_rows_in(unit: str) -> pd.DataFrame:
    """survey_doses rows whose value is in `unit` (the unit column is a filter here, not a check)."""
    rows = data.load("survey_doses")
    return rows[rows["unit"] == unit].reset_index(drop=True)


AMOUNT_COLUMNS = [
    "ref_id",
    "country",
    "n_respondents",
    "measure",
    "statistic",
    "value",
    "unit",
    "per",
    "uses_per_day",
    "sample",
    "notes",
]


def reported_amounts() -> pd.DataFrame:
    """Every amount in grams of leaf in survey_doses.csv, per occasion or per day, as reported, with its source."""
    rows = _survey_rows_in(AMOUNTS_IN_GRAMS)
    rows = rows.assign(per=rows["per"].fillna("unstated"))
    return rows[AMOUNT_COLUMNS]


def reported_mitragynine_mg() -> pd.DataFrame:
    """Amounts reported as milligrams of mitragynine (estimated by the authors), per occasion or per day."""
    rows = _survey_rows_in(AMOUNTS_IN_MG)
    return rows[AMOUNT_COLUMNS]


def reported_frequencies() -> pd.DataFrame:
    """How often people reported using kratom (daily use, doses per week, glasses a day)."""
    rows = data.load("survey_doses")
    keep = rows["measure"].str.contains("|".join(FREQUENCY_MEASURES), case=False, regex=True)
    return rows[keep][["ref_id", "country", "n_respondents", "measure", "statistic", "value", "unit", "per"]].reset_index(
        drop=True
    )


def amounts_per_use_with_frequency() -> pd.DataFrame:
    """Amounts per use (grams) whose source also says how many times a day they were taken (uses_per_day)."""
    rows = reported_amounts()
    return rows[(rows["per"] == "occasion") & rows["uses_per_day"].notna()].reset_index(drop=True)


def grams_per_day(grams_per_use: float, uses_per_day: float) -> float:
    """Grams a day from an amount per use and the number of uses a day (per use x uses a day)."""
    return float(grams_per_use) * float(uses_per_day)


def observed_daily_amounts() -> pd.DataFrame:
    """Daily amounts in grams of leaf that people reported: stated per day, or computed from an amount per use
    and the number of uses a day stated by the same source (`computed` says which)."""
    rows = reported_amounts()
    stated = rows[rows["per"] == "day"].assign(computed=False)
    per_use = amounts_per_use_with_frequency()
    derived = per_use.assign(
        value=[grams_per_day(g, n) for g, n in zip(per_use["value"], per_use["uses_per_day"])],
        per="day",
        computed=True,
        measure=[f"{m} x {n:g} uses a day" for m, n in zip(per_use["measure"], per_use["uses_per_day"])],
    )
    out = pd.concat([stated, derived], ignore_index=True)
    return out[["ref_id", "n_respondents", "measure", "statistic", "value", "unit", "per", "computed", "sample"]]


def amounts_for_plot() -> pd.DataFrame:
    """One row per source and basis (per occasion, per day) with the lowest and highest grams, and a label
    a learner reads (first author and year), for the figures. Daily amounts include the computed ones."""
    rows = pd.concat([reported_amounts().assign(computed=False), observed_daily_amounts().query("computed")], ignore_index=True)
    out = (
        rows.groupby(["ref_id", "per"])
        .agg(
            low=("value", "min"),
            high=("value", "max"),
            n=("n_respondents", "max"),
            computed=("computed", "any"),
            statistics=("statistic", lambda s: ",".join(sorted(set(s)))),
        )
        .reset_index()
    )
    out["source"] = out["ref_id"].map(cited_as)
    return out.sort_values(["per", "low"]).reset_index(drop=True)


def daily_over_article_top() -> float:
    """The largest daily amount people reported (g/day, stated or computed), over the top of the article's range (g)."""
    return float(observed_daily_amounts()["value"].max() / ARTICLE_RANGE_G[1])


def past_year_prevalence() -> pd.DataFrame:
    """Past-year kratom use from surveys that sampled in different ways, with who was sampled and how."""
    rows = data.load("survey_doses")
    rows = rows[rows["question"] == PREVALENCE_QUESTION]
    rows = rows[rows["measure"].str.contains("|".join(PAST_YEAR_WORDS), case=False, regex=True)]
    rows = rows.assign(source=rows["ref_id"].map(cited_as))
    return (
        rows[["source", "ref_id", "n_respondents", "measure", "value", "unit", "sample", "notes"]]
        .sort_values("value")
        .reset_index(drop=True)
    )


# ================================================================================================
# 2. What a dose contains: grams of leaf to milligrams of mitragynine (notebook 03's functions)
# ================================================================================================


# How an amount compares with the highest mitragynine dose given in one PK study in healthy volunteers. That
# dose marks where a model stops describing measurements; it is not a safe dose, and amounts at or below it are
# not thereby safe.
AGAINST_PK_DOSE = {"below": "at or below", "partly": "above at the highest content", "all": "above even at the lowest content"}


def leaf_to_mitragynine(leaf_g, *, content_percent: tuple[float, float] | None = None, tea: bool = False) -> pd.DataFrame:
    """Milligrams of mitragynine in each amount of leaf, at the lowest and highest dried-leaf content.

    For reading studies, not for choosing an amount. content_percent: (low, high) % w/w; default the published
    range (exposure.leaf_content_range_percent). tea=True scales both ends by the fraction a tea infusion
    recovered in one product (exposure.tea_extraction, lowest and highest fraction). `vs_highest_pk_dose` says
    how the amount compares with the highest mitragynine dose given in one PK study in healthy volunteers
    (not a safe dose): beyond it, everything is extrapolation.
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
        where = "all" if mg_low > edge else "partly" if mg_high > edge else "below"
        rows.append(
            {
                "leaf_g": float(g),
                "mg_low": mg_low,
                "mg_high": mg_high,
                "fold": mg_high / mg_low,
                "highest_pk_dose_mg": edge,
                "vs_highest_pk_dose": AGAINST_PK_DOSE[where],
            }
        )
    return pd.DataFrame(rows)


def article_span_fold() -> float:
    """Across the article's whole 2-6 g: highest amount at the highest content over lowest amount at the lowest
    content (notebook 03's 'fiftyfold'), as against the fold range of one amount (leaf_to_mitragynine's fold)."""
    table = leaf_to_mitragynine(list(ARTICLE_RANGE_G))
    return float(table["mg_high"].max() / table["mg_low"].min())


def reported_amounts_in_mg(tea: bool = False) -> pd.DataFrame:
    """The article's range and every reported gram amount (per use, per day), converted to mg of mitragynine.

    One row per amount and basis, with the sources that reported it ('source', first author and year) and
    whether a daily amount was computed from an amount per use.
    """
    entries = [(g, "article (per use)", "the article", False) for g in ARTICLE_RANGE_G]
    for row in amounts_for_plot().itertuples():
        basis = "per day" if row.per == "day" else "per use"
        for g in sorted({row.low, row.high}):
            entries.append((g, basis, row.source, bool(row.computed)))
    frame = pd.DataFrame(entries, columns=["leaf_g", "basis", "source", "computed"])
    frame = (
        frame.groupby(["basis", "leaf_g"], sort=False)
        .agg(source=("source", lambda s: "; ".join(dict.fromkeys(s))), computed=("computed", "any"))
        .reset_index()
    )
    order = {"article (per use)": 0, "per use": 1, "per day": 2}
    frame = frame.assign(order=frame["basis"].map(order)).sort_values(["order", "leaf_g"]).drop(columns="order")
    table = leaf_to_mitragynine(frame["leaf_g"].tolist(), tea=tea)
    return pd.concat([frame.reset_index(drop=True), table.drop(columns="leaf_g")], axis=1)


def highest_studied_mg() -> float:
    """The highest mitragynine dose given in one PK study in healthy volunteers in data/ (notebook 03's edge)."""
    return exposure.highest_dose_studied_mg()


def times_highest_studied(leaf_g: float, content: str = "low") -> float:
    """mg of mitragynine in leaf_g grams at the lowest (or highest) leaf content, over the highest studied dose."""
    row = leaf_to_mitragynine([leaf_g]).iloc[0]
    return float(row["mg_low" if content == "low" else "mg_high"] / row["highest_pk_dose_mg"])


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
    rows = data.chosen(SEVEN_OH_VIEW)
    return rows[["ref_id", "first_author", "year", "title", "doc_type", "notes"]].reset_index(drop=True)


# ================================================================================================
# 4. Surveillance: counts with periods, denominators and uncertainty
# ================================================================================================


def surveillance_table(interval: str | None = None) -> pd.DataFrame:
    """Every surveillance count with its system, period, denominator and the uncertainty that fits it.

    The kind of interval is a judgement stored in data/ (surveillance_counts.csv `interval`, with its reason):
    'poisson', a count from one system over a stated period (exact interval on the count, ci_low/ci_high);
    'wilson', a part of a stated total (a proportion, share with share_low/share_high); 'none', a compilation,
    a statement or a count without a defined period (no interval, and the reason says why).
    interval: keep only rows of that kind.
    """
    rows = data.load("surveillance_counts").copy()
    poisson = rows["interval"] == "poisson"
    wilson = rows["interval"] == "wilson"
    rows["ci_low"], rows["ci_high"] = np.nan, np.nan
    rows["share"], rows["share_low"], rows["share_high"] = np.nan, np.nan, np.nan
    for i in rows.index[poisson]:
        rows.loc[i, ["ci_low", "ci_high"]] = poisson_interval(int(rows.loc[i, "count"]))
    for i in rows.index[wilson]:
        k, n = int(rows.loc[i, "count"]), int(rows.loc[i, "denominator"])
        rows.loc[i, "share"] = k / n
        rows.loc[i, ["share_low", "share_high"]] = wilson_interval(k, n)
    # Only an end date (e.g. the date of a statement): shown as "up to", never as if the count fell in that month.
    rows["period"] = [
        f"{s}–{e}" if isinstance(s, str) and isinstance(e, str) else (f"up to {e}" if isinstance(e, str) else "not stated")
        for s, e in zip(
            rows["period_start"].astype(object).where(rows["period_start"].notna(), None),
            rows["period_end"].astype(object).where(rows["period_end"].notna(), None),
        )
    ]
    rows["source"] = rows["ref_id"].map(cited_as)
    if interval is not None:
        if interval not in INTERVAL_KINDS:
            raise ValueError(f"interval must be one of {', '.join(INTERVAL_KINDS)}, got {interval!r}")
        rows = rows[rows["interval"] == interval]
    return rows.reset_index(drop=True)


def providers_share() -> dict:
    """Share of poison-centre calls made by health care providers (a severity-selected stream), with its interval."""
    row = data.select("surveillance_counts", outcome=CALLS_FROM_PROVIDERS)
    k, n = int(row["count"]), int(row["denominator"])
    low, high = wilson_interval(k, n)
    return {"ref_id": row["ref_id"], "count": k, "total": n, "share": k / n, "low": low, "high": high}


def interval_example(outcome: str) -> dict:
    """One surveillance row by what it counted, with both readings of its uncertainty: the one that fits it (its
    `interval`) and the Poisson interval a count would get, to show why a part of a total is a proportion."""
    row = surveillance_table().set_index("outcome").loc[outcome]
    count = int(row["count"])
    p_low, p_high = poisson_interval(count)
    return {
        "ref_id": row["ref_id"],
        "count": count,
        "denominator": None if pd.isna(row["denominator"]) else int(row["denominator"]),
        "interval": row["interval"],
        "reason": row["interval_reason"],
        "share": row["share"],
        "share_low": row["share_low"],
        "share_high": row["share_high"],
        "poisson_low": p_low,
        "poisson_high": p_high,
        "period": row["period"],
    }


def counts_for_plot() -> pd.DataFrame:
    """Exposure counts with a stated period, per source: count, period in years, count per year with its interval."""
    table = surveillance_table().set_index("value_id", drop=False)
    chosen = data.chosen(COUNTS_VIEW)
    rows = table.loc[list(chosen["value_id"])].reset_index(drop=True)
    if rows["period_start"].isna().any():
        raise data.SelectionError(f"{COUNTS_VIEW}: a count without a stated period cannot be drawn per year")
    rows = rows.assign(scope=chosen["curation_label"].fillna("").to_numpy())
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
    for row in data.chosen(SINGLE_SUBSTANCE_VIEW).to_dict("records"):
        ref_id, context = row["ref_id"], row["curation_label"]
        single, total = int(row["count"]), int(row["denominator"])
        others = total - single
        low, high = wilson_interval(others, total)
        rows.append(
            {
                "ref_id": ref_id,
                "outcome": row["outcome"],
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
    """Findings on liver injury, seizures and neonatal abstinence, with design and n; findings of surveillance
    systems that mention these harms keep a label of their own (they are not case reports of one harm)."""
    rows = data.chosen(HARMS_VIEW)
    harms = list(dict.fromkeys(rows["curation_label"]))
    out = rows.assign(harm=np.where(rows["design"] == SURVEILLANCE_DESIGN, SURVEILLANCE_HARM, rows["curation_label"]))
    order = {label: i for i, label in enumerate([*harms, SURVEILLANCE_HARM])}
    out = out.assign(order=out["harm"].map(order)).sort_values(["order", "finding_id"], kind="stable")
    return out[["harm", "ref_id", "design", "n", "finding"]].reset_index(drop=True)


def ledger_rows(claim_ids=None) -> pd.DataFrame:
    """The claims on dose and safety with the article's words, status and highest level (claims.csv);
    by default those chosen in data/curation.csv (view dose-and-safety-ledger), in that order."""
    claims = data.load("claims").set_index("claim_id")
    claim_ids = data.chosen(LEDGER_VIEW)["claim_id"] if claim_ids is None else claim_ids
    rows = claims.loc[list(claim_ids)].reset_index()
    return rows[["claim_id", "paragraph", "article_words", "claim", "status", "highest_level", "rationale"]]
