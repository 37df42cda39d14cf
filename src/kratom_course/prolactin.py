"""Prolactin: reference intervals and units, a single value near a limit, the size of a study that
would settle the kratom question, and the evidence that exists (notebooks 04 and 05).

Everything is computed from data/; nothing here draws. Units are in the names: prolactin in ng/mL
(= µg/L); mIU/L only through a factor that belongs to an assay or international standard and is
read from data/prolactin_parameters.csv with its source (`units.prolactin_*`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from . import data, units

# --- which rows feed the models, chosen by meaning (and why) --------------------------------------
# The mIU/L factor of each laboratory's intervals: the laboratory guide names its assay (Roche Elecsys
# Prolactin II) and gives the factor for it; the same number tied to WHO IS 84/500 comes only from a
# secondary page, so it is used where no assay is named and is marked as such.
ASSAY_OF_MIU_INTERVALS = {"adhb_labplus": "Roche Elecsys Prolactin II"}
DEFAULT_STANDARD = "WHO 3rd International Standard 84/500"
# Variation of prolactin in one person (from month to month) and between people: the one published
# biological-variation study in data/ (Garde 2000, healthy women), values as corrected by its erratum.
VARIATION = {"ref_id": "garde2000"}
# The kratom case: its laboratory's upper limit, and the two values, are second-hand (emprnd).
CASE = {"interval": {"value_id": "ri13"}, "finding": {"finding_id": "f023"}, "ref_id": "emprnd"}
# The kratom evidence: references tagged kratom-prolactin or kratom-reproductive, their findings on
# prolactin and other hormones.
KRATOM_TOPICS = ("kratom-prolactin", "kratom-reproductive")
# Two sources describe the same case: the blog copy of a monograph repeats the news-summarised case.
SAME_CASE = {"tryl2012_blog": "emprnd"}
# The study design of notebook 05 (choices, not data: change them and see).
DESIGN = {"ratio": 1.5, "alpha": 0.05, "power": 0.8, "draws_per_person": 1}
SEED = 20261130
DAYS_PER_MONTH = 30.4


# --- units and reference intervals ----------------------------------------------------------------


def conversion_factor(standard_or_assay: str = DEFAULT_STANDARD) -> float:
    """mIU/L per ng/mL for an assay or international standard, from data/prolactin_parameters.csv."""
    return data.value(
        "prolactin_parameters", unit="mIU/L per ng/mL", parameter="conversion factor", standard_or_assay=standard_or_assay
    )


def conversion_rows() -> pd.DataFrame:
    """The conversion factor and the standard's unitage, with source and whether it is secondary."""
    table = data.load("prolactin_parameters")
    return table[table["parameter"].isin(["conversion factor", "assigned content of the standard"])].reset_index(drop=True)


def to_ng_per_ml(value, unit: str, standard_or_assay: str | None = None):
    """A prolactin value in ng/mL from ng/mL, µg/L (the same) or mIU/L (with the assay's factor)."""
    if unit in ("ng/mL", "ug/L", "µg/L"):
        return units.checked("prolactin", value)
    if unit == "mIU/L":
        factor = conversion_factor(standard_or_assay or DEFAULT_STANDARD)
        return units.prolactin_miu_per_l_to_ng_per_ml(value, factor)
    raise ValueError(f"unknown prolactin unit {unit!r}; use ng/mL, ug/L or mIU/L")


def reference_intervals() -> pd.DataFrame:
    """Every reference interval as reported, with the limits in ng/mL and how they were converted."""
    table = data.load("prolactin_reference_intervals").copy()
    lows, highs, how = [], [], []
    for row in table.itertuples():
        assay = ASSAY_OF_MIU_INTERVALS.get(row.ref_id) if row.unit == "mIU/L" else None
        lows.append(float(to_ng_per_ml(row.lower, row.unit, assay)) if pd.notna(row.lower) else np.nan)
        highs.append(float(to_ng_per_ml(row.upper, row.unit, assay)) if pd.notna(row.upper) else np.nan)
        how.append(f"÷ {conversion_factor(assay):g} ({assay})" if assay else "as reported (ng/mL = µg/L)")
    table["lower_ng_per_ml"], table["upper_ng_per_ml"], table["converted"] = lows, highs, how
    return table


def reference_interval(
    sex: str, ref_id: str | None = None, *, assay: str | None = None, group: str | None = None
) -> tuple[float, float]:
    """(lower, upper) in ng/mL of one laboratory's interval for one sex, chosen by the laboratory's
    reference id or by words of its assay (and by group where a laboratory gives several)."""
    table = reference_intervals()
    rows = table[table["sex"] == sex]
    if ref_id is not None:
        rows = rows[rows["ref_id"] == ref_id]
    if assay is not None:
        rows = rows[rows["assay_note"].fillna("").str.contains(assay, regex=False)]
    if group is not None:
        rows = rows[rows["group"] == group]
    if len(rows) != 1:
        raise LookupError(
            f"expected one interval for sex={sex!r}, ref_id={ref_id!r}, assay={assay!r}, group={group!r}; found {len(rows)}"
        )
    row = rows.iloc[0]
    return float(row["lower_ng_per_ml"]), float(row["upper_ng_per_ml"])


def upper_limit_range(sex: str, exclude_groups=("pregnant",)) -> tuple[float, float]:
    """Lowest and highest adult upper limit (ng/mL) in data/ for one sex, pregnancy left out."""
    table = reference_intervals()
    rows = table[(table["sex"] == sex) & ~table["group"].fillna("").str.contains("|".join(exclude_groups))]
    return float(rows["upper_ng_per_ml"].min()), float(rows["upper_ng_per_ml"].max())


# --- variation of prolactin -------------------------------------------------------------------------


def cv_within() -> float:
    """Within-person coefficient of variation of prolactin (fraction), from data/."""
    return units.percent_to_fraction(
        data.value("prolactin_parameters", unit="%", parameter="within-person CV", **VARIATION)
    ).item()


def cv_between() -> float:
    """Between-person coefficient of variation of usual prolactin values (fraction), from data/."""
    return units.percent_to_fraction(
        data.value("prolactin_parameters", unit="%", parameter="between-person CV", **VARIATION)
    ).item()


def sd_log(cv: float) -> float:
    """SD of ln(values) of a log-normal variable with coefficient of variation `cv` (fraction)."""
    return math.sqrt(math.log1p(cv * cv))


def case_values() -> dict:
    """The kratom case as recorded second-hand: its lab's upper limit and the two values (ng/mL)."""
    interval = data.select("prolactin_reference_intervals", unit="ng/mL", **CASE["interval"])
    first = data.value("prolactin_parameters", unit="ng/mL", parameter="case value at presentation", ref_id=CASE["ref_id"])
    repeat = data.value(
        "prolactin_parameters", unit="ng/mL", parameter="case value two months after stopping", ref_id=CASE["ref_id"]
    )
    return {
        "upper_ng_per_ml": float(interval["upper"]),
        "first_ng_per_ml": first,
        "repeat_ng_per_ml": repeat,
        "finding": str(data.select("findings", **CASE["finding"])["finding"]),
    }


# --- one person near the upper limit -----------------------------------------------------------------


def probability_above(threshold_ng_per_ml: float, usual_ng_per_ml: float, cv: float | None = None) -> float:
    """Chance that one draw exceeds a threshold, for a person whose usual (median) value is given.

    Draws are log-normal around the usual value with the within-person CV (default from data/).
    """
    cv = cv_within() if cv is None else cv
    z = math.log(threshold_ng_per_ml / usual_ng_per_ml) / sd_log(cv)
    return float(stats.norm.sf(z))


def probability_below(threshold_ng_per_ml: float, usual_ng_per_ml: float, cv: float | None = None) -> float:
    """Chance that one draw is at or below a threshold (the complement of probability_above)."""
    return 1.0 - probability_above(threshold_ng_per_ml, usual_ng_per_ml, cv)


@dataclass(frozen=True)
class RepeatedDraws:
    usual_ng_per_ml: float
    upper_ng_per_ml: float
    cv: float
    draws_ng_per_ml: np.ndarray  # shape (occasions, draws per occasion)

    @property
    def first_raised(self) -> float:
        """Share of occasions on which the first draw is above the upper limit."""
        return float((self.draws_ng_per_ml[:, 0] > self.upper_ng_per_ml).mean())

    @property
    def repeat_normal_after_raised(self) -> float:
        """Among occasions with a raised first draw, the share whose second draw is within the limit."""
        raised = self.draws_ng_per_ml[:, 0] > self.upper_ng_per_ml
        return float((self.draws_ng_per_ml[raised, 1] <= self.upper_ng_per_ml).mean())

    def share_at_least(self, threshold_ng_per_ml: float) -> float:
        """Share of all single draws at or above a threshold."""
        return float((self.draws_ng_per_ml >= threshold_ng_per_ml).mean())

    def share_at_most(self, threshold_ng_per_ml: float) -> float:
        """Share of all single draws at or below a threshold."""
        return float((self.draws_ng_per_ml <= threshold_ng_per_ml).mean())


def simulate_repeated_draws(
    usual_ng_per_ml: float | None = None,
    upper_ng_per_ml: float | None = None,
    *,
    cv: float | None = None,
    occasions: int = 20000,
    draws: int = 2,
    seed: int = SEED,
) -> RepeatedDraws:
    """Blood drawn `draws` times (on different days) on each of many occasions from one person.

    Defaults: the kratom case's laboratory upper limit (second-hand, 12 ng/mL) as both the limit
    and the person's usual value, and the within-person CV from data/. Reproducible with its seed.
    """
    upper = case_values()["upper_ng_per_ml"] if upper_ng_per_ml is None else float(upper_ng_per_ml)
    usual = upper if usual_ng_per_ml is None else float(usual_ng_per_ml)
    cv = cv_within() if cv is None else float(cv)
    rng = np.random.default_rng(seed)
    values = usual * np.exp(sd_log(cv) * rng.standard_normal((occasions, draws)))
    return RepeatedDraws(usual, upper, cv, values)


def repeat_table(
    usual_over_upper=(0.6, 0.8, 1.0, 1.2), upper_ng_per_ml: float | None = None, cv: float | None = None
) -> pd.DataFrame:
    """For people whose usual value sits at a fraction of the upper limit: how often one draw is
    raised, and how often a repeat is within the limit after a raised first draw (simulated)."""
    rows = []
    upper = case_values()["upper_ng_per_ml"] if upper_ng_per_ml is None else upper_ng_per_ml
    for ratio in usual_over_upper:
        sim = simulate_repeated_draws(ratio * upper, upper, cv=cv)
        rows.append(
            {
                "usual_over_upper": ratio,
                "usual_ng_per_ml": ratio * upper,
                "first_raised": sim.first_raised,
                "repeat_normal_after_raised": sim.repeat_normal_after_raised,
            }
        )
    return pd.DataFrame(rows)


# --- the study that would settle it: sample size and power -------------------------------------------


def power_two_sample(n_per_group: int, effect_size: float, alpha: float = 0.05) -> float:
    """Power of a two-sided two-sample t-test with equal groups (non-central t; SciPy)."""
    if n_per_group < 2:
        return 0.0
    df = 2 * n_per_group - 2
    noncentrality = effect_size * math.sqrt(n_per_group / 2.0)
    t_crit = stats.t.ppf(1.0 - alpha / 2.0, df)
    return float(stats.nct.sf(t_crit, df, noncentrality) + stats.nct.cdf(-t_crit, df, noncentrality))


def sample_size(effect_size: float, alpha: float = 0.05, power: float = 0.8, n_max: int = 100000) -> int:
    """Smallest number per group whose two-sided t-test power reaches `power`."""
    if effect_size <= 0:
        raise ValueError("effect size must be positive")
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    n = max(2, int(2 * (z / effect_size) ** 2) - 2)  # normal approximation, then step up
    while power_two_sample(n, effect_size, alpha) < power:
        n += 1
        if n > n_max:
            raise ValueError("no n up to n_max reaches the power asked for")
    while n > 2 and power_two_sample(n - 1, effect_size, alpha) >= power:
        n -= 1
    return n


def sd_log_single_value(between_cv: float | None = None, within_cv: float | None = None, draws_per_person: int = 1) -> float:
    """SD of ln(prolactin) between people when each person's value is the mean of `draws_per_person`
    draws (on the log scale): between-person variance plus within-person variance / draws.
    `between_cv` and `within_cv` (fractions) default to the published values (cv_between(), cv_within())."""
    cb = cv_between() if between_cv is None else between_cv
    cw = cv_within() if within_cv is None else within_cv
    return math.sqrt(sd_log(cb) ** 2 + sd_log(cw) ** 2 / draws_per_person)


@dataclass(frozen=True)
class StudySize:
    ratio: float
    alpha: float
    power: float
    draws_per_person: int
    sd_log: float
    effect_size: float
    n_per_group: int
    achieved_power: float
    group_mean_miu_per_l: float
    group_mean_ng_per_ml: float
    difference_ng_per_ml: float

    def __str__(self) -> str:
        return (
            f"ratio of geometric means {self.ratio:g}, alpha {self.alpha:g}, power {self.power:.0%}, "
            f"{self.draws_per_person} draw(s) per person\n"
            f"SD of ln(prolactin) {self.sd_log:.2f}; effect size {self.effect_size:.2f}\n"
            f"{self.n_per_group} people per group ({2 * self.n_per_group} in all); power reached {self.achieved_power:.1%}\n"
            f"at the published group mean of {self.group_mean_ng_per_ml:.1f} ng/mL, that ratio means about "
            f"{self.difference_ng_per_ml:.1f} ng/mL more"
        )

    def _repr_markdown_(self) -> str:
        return "<pre>" + str(self) + "</pre>"


def study_size(
    ratio: float | None = None,
    alpha: float | None = None,
    power: float | None = None,
    draws_per_person: int | None = None,
    between_cv: float | None = None,
    within_cv: float | None = None,
) -> StudySize:
    """People per group to detect prolactin `ratio` times higher (geometric means) in people who use kratom.

    Compared on ln(prolactin) with a two-sided t-test; SD from the published between- and
    within-person variation (data/, Garde 2000). Defaults in DESIGN; every input can be changed.
    """
    ratio = DESIGN["ratio"] if ratio is None else ratio
    alpha = DESIGN["alpha"] if alpha is None else alpha
    power = DESIGN["power"] if power is None else power
    draws = DESIGN["draws_per_person"] if draws_per_person is None else draws_per_person
    sd = sd_log_single_value(between_cv, within_cv, draws)
    d = math.log(ratio) / sd
    n = sample_size(d, alpha, power)
    mean_miu = data.value("prolactin_parameters", unit="mIU/L", parameter="group mean", **VARIATION)
    mean_ng = float(to_ng_per_ml(mean_miu, "mIU/L", DEFAULT_STANDARD))
    return StudySize(
        ratio, alpha, power, draws, sd, d, n, power_two_sample(n, d, alpha), mean_miu, mean_ng, mean_ng * (ratio - 1.0)
    )


def power_curve(n_values=None, **design) -> pd.DataFrame:
    """Power against people per group for a design (keywords as in study_size)."""
    size = study_size(**design)
    n_values = np.arange(5, 3 * size.n_per_group + 1) if n_values is None else np.asarray(n_values)
    return pd.DataFrame(
        {"n_per_group": n_values, "power": [power_two_sample(int(n), size.effect_size, size.alpha) for n in n_values]}
    )


# --- the evidence on kratom and hormones ------------------------------------------------------------------


def kratom_hormone_evidence() -> pd.DataFrame:
    """Every finding in data/ on kratom or its alkaloids and prolactin or other hormones, with its
    reference's design, level, year and how it was seen (primary record or secondary copy)."""
    refs = data.load("references")
    tagged = refs[refs["topics"].fillna("").str.contains("|".join(KRATOM_TOPICS))]
    findings = data.load("findings")
    rows = findings[findings["ref_id"].isin(tagged["ref_id"]) & findings["topic"].isin(["prolactin", "hormones"])]
    info = tagged.set_index("ref_id")[["first_author", "year", "study_design", "evidence_level", "verified_record", "doc_type"]]
    table = rows.join(info, on="ref_id")
    table["measured"] = table["direction"].ne("not-measured")
    table["second_hand"] = table["verified_record"].eq("secondary-copy") & table["doc_type"].eq("web-page")
    return table.reset_index(drop=True)


def kratom_evidence_counts() -> dict:
    """How little there is: counts behind the notebook 05 table and figure."""
    table = kratom_hormone_evidence()
    prolactin = table[table["outcome"].str.contains("prolactin")]
    measured = prolactin[prolactin["measured"]]
    return {
        "n_findings": len(table),
        "n_sources": table["ref_id"].nunique(),
        "n_prolactin_measured_sources": measured["ref_id"].nunique(),
        "n_prolactin_measured_cases": measured["ref_id"].replace(SAME_CASE).nunique(),
        "n_human_sources": table.loc[table["species"] == "human", "ref_id"].nunique(),
        "n_animal_sources": table.loc[table["species"] != "human", "ref_id"].nunique(),
        "n_controlled": int(table["evidence_level"].dropna().le(3).sum()),
    }


OUTCOME_GROUPS = {"prolactin": "prolactin", "testosterone": "testosterone", "LH": "LH and FSH", "FSH": "LH and FSH"}


def kratom_evidence_matrix() -> pd.DataFrame:
    """One row per source and outcome (prolactin; testosterone; LH and FSH): what was found, at which
    level, and whether the source is the primary record or a second- or third-hand account."""
    table = kratom_hormone_evidence()
    rows = []
    for row in table.itertuples():
        groups = sorted({group for key, group in OUTCOME_GROUPS.items() if key in row.outcome})
        author = row.first_author if isinstance(row.first_author, str) else ""
        name = {"emprnd": "news summary of a case report", "tryl2012_blog": "blog copy of a monograph"}.get(
            row.ref_id, f"{author.split(' ')[0]} {'' if pd.isna(row.year) else int(row.year)}".strip()
        )
        source = f"{name} ({row.species}, n = {'' if pd.isna(row.n) else int(row.n)})".replace(", n = )", ")")
        for group in groups:
            rows.append(
                {
                    "source": source,
                    "ref_id": row.ref_id,
                    "outcome_group": group,
                    "direction": row.direction,
                    "measured": bool(row.measured),
                    "evidence_level": row.evidence_level,
                    "second_hand": bool(row.second_hand),
                    "finding_id": row.finding_id,
                }
            )
    return pd.DataFrame(rows)


# --- opioids and prolactin by time since the last dose ----------------------------------------------------

_HOURS = {"min": 1 / 60, "h": 1.0, "d": 24.0, "months": 24.0 * DAYS_PER_MONTH}
PHASE_ORDER = [
    "single dose",
    "maintenance: before the next dose",
    "first day after the last dose",
    "withdrawal and abstinence",
    "long-term use, time not reported",
]


def opioid_timeline() -> pd.DataFrame:
    """Opioid studies of prolactin with the sampling window converted to hours after the last dose
    (blank where the source gives no time), in phase order, with a readable label."""
    timing = data.load("prolactin_timing").copy()
    refs = data.load("references").set_index("ref_id")
    factor = timing["time_unit"].map(_HOURS).astype(float)
    timing["from_h"] = timing["time_from"].astype(float) * factor
    timing["to_h"] = timing["time_to"].astype(float) * factor
    timing["timed"] = timing["from_h"].notna()

    def label(row):
        ref = refs.loc[row.ref_id]
        if pd.notna(ref["first_author"]):
            who = str(ref["first_author"]).split(" ")[0]
        elif pd.notna(ref["journal"]):
            who = str(ref["journal"])
        else:
            who = " ".join(str(ref["title"]).split()[:4]) + "… (authors and year not seen)"
        year = "" if pd.isna(ref["year"]) else f" {int(ref['year'])}"
        return f"{who}{year}: {row.drug}"

    def window(row):
        if pd.isna(row.time_from):
            return "time not reported"
        low, high = f"{row.time_from:g}", f"{row.time_to:g}"
        return f"{low} {row.time_unit}" if low == high else f"{low}-{high} {row.time_unit}"

    timing["window"] = [window(r) for r in timing.itertuples()]
    timing["label"] = [label(r) for r in timing.itertuples()]
    timing["phase_rank"] = timing["phase"].map({p: i for i, p in enumerate(PHASE_ORDER)})
    return timing.sort_values(["phase_rank", "from_h", "timing_id"]).reset_index(drop=True)


def timeline_facts() -> dict:
    """Counts for the timeline's caption and the notebook text."""
    table = opioid_timeline()
    dose = table[table["phase"] == "single dose"]
    first = table[table["phase"] == "first day after the last dose"]
    late = table[table["phase"] == "withdrawal and abstinence"]
    return {
        "n_rows": len(table),
        "n_studies": table["ref_id"].nunique(),
        "n_untimed": int((~table["timed"]).sum()),
        "n_dose_up": int((dose["direction"] == "increase").sum()),
        "n_dose": len(dose),
        "n_dose_timed": int(dose["timed"].sum()),
        "latest_dose_h": float(dose["to_h"].max()),
        "n_first_day": len(first),
        "n_first_day_up": int((first["direction"] == "increase").sum()),
        "first_day_from_h": float(first["from_h"].min()),
        "first_day_to_h": float(first["to_h"].max()),
        "n_late_up": int((late["direction"] == "increase").sum()),
        "n_late": len(late),
        "n_late_not_compared": int((late["direction"] == "not-compared").sum()),
        "n_late_studies": late["ref_id"].nunique(),
    }


# --- a teaching sketch: mu activation, dopamine and prolactin (no data; arbitrary units) ----------------


def teaching_sketch(
    mu_activation=None,
    *,
    dopamine_drop_at_full: float = 0.8,
    d2_block: float = 0.0,
    prolactin_floor: float = 1.0,
    prolactin_ceiling: float = 5.0,
) -> pd.DataFrame:
    """Qualitative model, NOT fitted to data: more mu-opioid activation -> less dopamine from the
    hypothalamus -> less D2 inhibition of lactotrophs -> more prolactin. `d2_block` (0-1) mimics a D2
    antagonist such as metoclopramide. Prolactin in multiples of an arbitrary baseline unit."""
    mu = np.linspace(0.0, 1.0, 101) if mu_activation is None else np.asarray(mu_activation, dtype=float)
    dopamine = 1.0 - dopamine_drop_at_full * mu
    inhibition = dopamine * (1.0 - d2_block)
    prolactin = prolactin_ceiling - (prolactin_ceiling - prolactin_floor) * inhibition
    return pd.DataFrame({"mu_activation": mu, "dopamine": dopamine, "d2_inhibition": inhibition, "prolactin": prolactin})


# --- the ledger rows of the prolactin paragraphs ----------------------------------------------------------

PROLACTIN_PARAGRAPHS = ("P7", "P9", "P12")


def prolactin_ledger(paragraphs=PROLACTIN_PARAGRAPHS) -> pd.DataFrame:
    """The article's claims in the prolactin paragraphs with the article's words and their status."""
    claims = data.load("claims")
    rows = claims[(claims["claim_kind"] == "article") & claims["paragraph"].isin(list(paragraphs))]
    return rows[["claim_id", "paragraph", "article_words", "claim", "status", "highest_level"]].reset_index(drop=True)
