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
from .inference import power_two_sample, sample_size  # noqa: F401  (notebook 05 calls them from here)

# --- which rows feed the models, chosen by meaning (and why) --------------------------------------
# The mIU/L factor of each laboratory's intervals: where a laboratory guide names its assay and data/ holds
# that assay's factor, the interval is converted with it (data/curation.csv, view miu-interval-assay, the
# assay in its label); the same number tied to WHO IS 84/500 comes only from a secondary page, so it is
# used where no assay is named and is marked as such.
MIU_ASSAY_VIEW = "miu-interval-assay"
DEFAULT_STANDARD = "WHO 3rd International Standard 84/500"
# Variation of prolactin in one person (from month to month) and between people: the published
# biological-variation studies in data/ (the rows with these parameters, one pair per study). The base case
# is the pair data/curation.csv chooses (view prolactin-variation-base, with its reason); the others are
# shown beside it as sensitivities. How each study's percents are read (SD of ln x 100, or ordinary CVs) is
# the row's `reported_scale` in data/.
VARIATION_PARAMETERS = ("within-person CV", "between-person CV")
VARIATION_BASE_VIEW = "prolactin-variation-base"
# The kratom case: its laboratory's upper limit and its finding (view kratom-prolactin-case); the two values
# by their parameters. All second-hand.
CASE_VIEW = "kratom-prolactin-case"
# The kratom evidence: references tagged kratom-prolactin or kratom-reproductive, their findings on
# prolactin and other hormones.
KRATOM_TOPICS = ("kratom-prolactin", "kratom-reproductive")
# Sources that describe one and the same case, with what each is (view one-case-two-sources).
SAME_CASE_VIEW = "one-case-two-sources"
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
    assays = data.labels(MIU_ASSAY_VIEW)
    lows, highs, how = [], [], []
    for row in table.itertuples():
        assay = assays.get(row.value_id) if row.unit == "mIU/L" else None
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
# A published variation in % is turned into the SD of ln(prolactin) according to what the percent is.
# data/prolactin_parameters.csv says so in `reported_scale`; the other reading is kept so that a
# learner can see what it changes.
READINGS = {
    "sd-ln-x100": "the percent is the SD of ln(prolactin) x 100 (estimated from log-transformed data)",
    "raw-cv": "the percent is an ordinary CV (SD / mean), so SD of ln = sqrt(ln(1 + CV^2))",
}


def _base_variation(parameter: str) -> pd.Series:
    return data.select("prolactin_parameters", unit="%", parameter=parameter, chosen_for=VARIATION_BASE_VIEW)


def cv_within() -> float:
    """Within-person variation of prolactin as published (fraction: 0.58 for 58 %), base case from data/."""
    return units.percent_to_fraction(float(_base_variation("within-person CV")["value"])).item()


def cv_between() -> float:
    """Between-person variation of usual prolactin values as published (fraction), base case from data/."""
    return units.percent_to_fraction(float(_base_variation("between-person CV")["value"])).item()


def sd_log(cv: float) -> float:
    """SD of ln(values) of a log-normal variable with an ordinary (raw-scale) CV `cv` (fraction)."""
    return math.sqrt(math.log1p(cv * cv))


def variation_reading() -> str:
    """How data/ says the published variation is to be read (a key of READINGS)."""
    return str(_base_variation("within-person CV")["reported_scale"])


def sd_log_from_fraction(value: float, reading: str) -> float:
    """SD of ln(prolactin) from a published variation (fraction) under one reading (a key of READINGS)."""
    if reading == "sd-ln-x100":
        return float(value)
    if reading == "raw-cv":
        return sd_log(value)
    raise ValueError(f"unknown reading {reading!r}; use one of {', '.join(READINGS)}")


def within_person_sd_log(reading: str | None = None) -> float:
    """Within-person SD of ln(prolactin) (draw to draw in one person), from data/ (Garde 2000)."""
    return sd_log_from_fraction(cv_within(), reading or variation_reading())


def between_person_sd_log(reading: str | None = None) -> float:
    """Between-person SD of ln(usual prolactin), from data/ (Garde 2000)."""
    return sd_log_from_fraction(cv_between(), reading or variation_reading())


def variation_rows() -> pd.DataFrame:
    """The published variation as a table for people: which study, what, in whom, the value as published,
    how the course reads it, the SD of ln(prolactin) that reading gives, and whether it is the base case."""
    table = data.load("prolactin_parameters")
    rows = table[table["parameter"].isin(VARIATION_PARAMETERS) & (table["unit"] == "%")].copy()
    base = set(data.curation(VARIATION_BASE_VIEW)["row_id"])
    rows["study"] = [study_label(r) for r in rows["ref_id"]]
    rows["read_as"] = rows["reported_scale"].map(READINGS)
    rows["sd_log"] = [
        sd_log_from_fraction(float(units.percent_to_fraction(v)), r) for v, r in zip(rows["value"], rows["reported_scale"])
    ]
    rows["base_case"] = rows["value_id"].isin(base).map({True: "yes", False: "no: a sensitivity"})
    rows = rows.sort_values(["base_case", "ref_id", "parameter"], ascending=[False, True, False], kind="stable")
    return rows[["study", "parameter", "population", "value", "unit", "n", "read_as", "sd_log", "base_case"]].reset_index(
        drop=True
    )


def study_label(ref_id: str) -> str:
    """A reference as people cite it: first author's surname and year ('Garde 2000')."""
    row = data.select("references", ref_id=ref_id)
    surname = str(row["first_author"]).split()[0] if pd.notna(row["first_author"]) else ref_id
    return f"{surname} {int(row['year'])}" if pd.notna(row["year"]) else surname


def variation_estimates() -> pd.DataFrame:
    """One row per study with a published within- and between-person variation of prolactin: `study`
    (first author and year), `population` (of the within-person row), `within_sd_log` and `between_sd_log`
    (SD of ln(prolactin), each read as its row's `reported_scale` says), `reading`, and `base` (True for the
    base case, data/curation.csv view prolactin-variation-base). Base case first."""
    table = data.load("prolactin_parameters")
    rows = table[table["parameter"].isin(VARIATION_PARAMETERS) & (table["unit"] == "%")]
    base = set(data.curation(VARIATION_BASE_VIEW)["row_id"])
    out = []
    for ref_id, group in rows.groupby("ref_id", sort=False):
        by = group.set_index("parameter")
        if set(by.index) != set(VARIATION_PARAMETERS):
            continue  # a study needs both to stand in for the base case
        within, between = by.loc["within-person CV"], by.loc["between-person CV"]
        out.append(
            {
                "ref_id": ref_id,
                "study": study_label(ref_id),
                "population": within["population"],
                "reading": within["reported_scale"],
                "within_sd_log": sd_log_from_fraction(
                    float(units.percent_to_fraction(within["value"])), within["reported_scale"]
                ),
                "between_sd_log": sd_log_from_fraction(
                    float(units.percent_to_fraction(between["value"])), between["reported_scale"]
                ),
                "base": bool(within["value_id"] in base),
            }
        )
    return pd.DataFrame(out).sort_values("base", ascending=False, kind="stable").reset_index(drop=True)


def other_variation_estimates() -> pd.DataFrame:
    """variation_estimates() without the base case: the sensitivities."""
    table = variation_estimates()
    return table[~table["base"]].reset_index(drop=True)


def case_values() -> dict:
    """The kratom case as recorded second-hand: its lab's upper limit and the two values (ng/mL)."""
    interval = data.select("prolactin_reference_intervals", unit="ng/mL", chosen_for=CASE_VIEW)
    finding = data.select("findings", chosen_for=CASE_VIEW)
    first = data.value("prolactin_parameters", unit="ng/mL", parameter="case value at presentation", ref_id=finding["ref_id"])
    repeat = data.value(
        "prolactin_parameters", unit="ng/mL", parameter="case value two months after stopping", ref_id=finding["ref_id"]
    )
    return {
        "upper_ng_per_ml": float(interval["upper"]),
        "first_ng_per_ml": first,
        "repeat_ng_per_ml": repeat,
        "finding": str(finding["finding"]),
    }


# --- one person near the upper limit -----------------------------------------------------------------


def probability_above(threshold_ng_per_ml: float, usual_ng_per_ml: float, within_sd_log: float | None = None) -> float:
    """Chance that one draw exceeds a threshold, for a person whose usual (median) value is given.

    Draws are log-normal around the usual value with `within_sd_log`, the SD of ln(prolactin) from
    draw to draw (default: the published within-person variation, read as data/ says).
    """
    sd = within_person_sd_log() if within_sd_log is None else float(within_sd_log)
    z = math.log(threshold_ng_per_ml / usual_ng_per_ml) / sd
    return float(stats.norm.sf(z))


def probability_below(threshold_ng_per_ml: float, usual_ng_per_ml: float, within_sd_log: float | None = None) -> float:
    """Chance that one draw is at or below a threshold (the complement of probability_above)."""
    return 1.0 - probability_above(threshold_ng_per_ml, usual_ng_per_ml, within_sd_log)


@dataclass(frozen=True)
class RepeatedDraws:
    usual_ng_per_ml: float
    upper_ng_per_ml: float
    within_sd_log: float
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
    within_sd_log: float | None = None,
    occasions: int = 20000,
    draws: int = 2,
    seed: int = SEED,
) -> RepeatedDraws:
    """Blood drawn `draws` times (on different days) on each of many occasions from one person.

    Defaults: the kratom case's laboratory upper limit (second-hand, 12 ng/mL) as both the limit
    and the person's usual value, and the published within-person SD of ln(prolactin). Reproducible
    with its seed.
    """
    upper = case_values()["upper_ng_per_ml"] if upper_ng_per_ml is None else float(upper_ng_per_ml)
    usual = upper if usual_ng_per_ml is None else float(usual_ng_per_ml)
    sd = within_person_sd_log() if within_sd_log is None else float(within_sd_log)
    rng = np.random.default_rng(seed)
    values = usual * np.exp(sd * rng.standard_normal((occasions, draws)))
    return RepeatedDraws(usual, upper, sd, values)


def twice_limit_table(within_sd_logs=(0.25, 0.35, 0.45), usual_over_upper: float = 1.0) -> pd.DataFrame:
    """For a person whose usual value is `usual_over_upper` times the limit, and several within-person
    spreads (SD of ln): how often one draw reaches twice the limit, how often one falls to half of
    it, and both in that order on two independent draws (log-normal tails, no simulation)."""
    rows = []
    for sd in within_sd_logs:
        up = float(stats.norm.sf((math.log(2.0) - math.log(usual_over_upper)) / sd))
        down = float(stats.norm.cdf((-math.log(2.0) - math.log(usual_over_upper)) / sd))
        rows.append(
            {"within_sd_log": float(sd), "share_at_least_twice": up, "share_at_most_half": down, "both_in_order": up * down}
        )
    return pd.DataFrame(rows)


_READING_WORDS = {"sd-ln-x100": "an SD of ln", "raw-cv": "an ordinary CV"}


def base_study_label() -> str:
    """The base-case variation study as people cite it ('Garde 2000')."""
    return study_label(str(_base_variation("within-person CV")["ref_id"]))


def twice_limit_by_source() -> pd.DataFrame:
    """twice_limit_table for the within-person spreads the course has, each named by where it comes
    from: the laboratories' intervals (split between and within people as in the base-case study), the
    other published estimates, and the base-case value read both ways."""
    low, high = within_sd_log_implied_by_intervals()
    base = variation_reading()
    other = next(r for r in READINGS if r != base)
    label = base_study_label()
    named = [
        (f"laboratory intervals, narrowest (split as in {label})", low),
        (f"laboratory intervals, widest (split as in {label})", high),
        *(
            (f"{r.study}, {r.population}, read as {_READING_WORDS[r.reading]}", r.within_sd_log)
            for r in other_variation_estimates().itertuples()
        ),
        (f"{label}, read as {_READING_WORDS[other]}", within_person_sd_log(other)),
        (f"{label}, read as {_READING_WORDS[base]} (as data/ reads it)", within_person_sd_log(base)),
    ]
    table = twice_limit_table([sd for _, sd in named])
    table.insert(0, "spread_from", [name for name, _ in named])
    return table


# --- a healthy population: what follows a raised first value ------------------------------------------


@dataclass(frozen=True)
class PopulationRepeat:
    """Two draws on different days from each of many healthy people; values in multiples of the
    population's upper limit (its `percentile`-th percentile of single draws)."""

    between_sd_log: float
    within_sd_log: float
    percentile: float
    first_at_least: float  # first draw at least this multiple of the upper limit
    people: int
    n_selected: int  # people whose first draw reached it
    share_selected: float
    repeat_within_limit: float  # among them: repeat at or below the limit
    repeat_at_most_half: float  # among them: repeat at or below half the limit


def population_repeat(
    first_at_least: float = 2.0,
    *,
    between_sd_log: float | None = None,
    within_sd_log: float | None = None,
    percentile: float = 97.5,
    people: int = 2_000_000,
    seed: int = SEED,
) -> PopulationRepeat:
    """Simulate a healthy population (log-normal usual values, log-normal draws around them) whose
    upper reference limit is its `percentile`-th percentile, select people whose first draw is at
    least `first_at_least` times that limit, and see where their repeat falls: regression to the
    mean with no cause at all. Spreads (SD of ln) default to the published ones."""
    sb = between_person_sd_log() if between_sd_log is None else float(between_sd_log)
    sw = within_person_sd_log() if within_sd_log is None else float(within_sd_log)
    rng = np.random.default_rng(seed)
    usual = sb * rng.standard_normal(people)
    first = usual + sw * rng.standard_normal(people)
    repeat = usual + sw * rng.standard_normal(people)
    log_limit = float(stats.norm.ppf(percentile / 100.0)) * math.hypot(sb, sw)  # median of single draws = 1
    selected = first >= log_limit + math.log(first_at_least)
    later = repeat[selected]
    return PopulationRepeat(
        sb,
        sw,
        percentile,
        first_at_least,
        people,
        int(selected.sum()),
        float(selected.mean()),
        float((later <= log_limit).mean()),
        float((later <= log_limit - math.log(2.0)).mean()),
    )


# --- the spread implied by the reference intervals ----------------------------------------------------


def _laboratory(ref_id: str) -> str:
    author = data.select("references", ref_id=ref_id)["first_author"]
    return str(author).split(",")[0] if isinstance(author, str) else ref_id


def interval_spreads(coverage: float = 0.95) -> pd.DataFrame:
    """SD of ln(prolactin) implied by each laboratory interval that data/ marks `use_for_spread`,
    taking the interval as the central `coverage` of a log-normal healthy population:
    SD = ln(upper / lower) / (2 z), with z the normal quantile (1.96 for 95 %). Such an interval holds
    between- and within-person variation together, as one draw per person does."""
    table = reference_intervals()
    rows = table[table["use_for_spread"] == "yes"].copy()
    z = float(stats.norm.ppf(0.5 + coverage / 2.0))
    rows["sd_log"] = np.log(rows["upper_ng_per_ml"] / rows["lower_ng_per_ml"]) / (2.0 * z)
    rows["laboratory"] = [_laboratory(r) for r in rows["ref_id"]]
    columns = ["laboratory", "sex", "group", "lower_ng_per_ml", "upper_ng_per_ml", "sd_log", "ref_id"]
    return rows[columns].sort_values("sd_log").reset_index(drop=True)


def interval_spread_range() -> tuple[float, float]:
    """Smallest and largest SD of ln(prolactin) implied by the laboratory intervals in data/."""
    spreads = interval_spreads()["sd_log"]
    return float(spreads.min()), float(spreads.max())


def within_share_of_variance(reading: str | None = None) -> float:
    """Share of the variance of one draw (on the log scale) that is within-person, in Garde 2000."""
    sw, sb = within_person_sd_log(reading), between_person_sd_log(reading)
    return sw * sw / (sw * sw + sb * sb)


def within_sd_log_implied_by_intervals() -> tuple[float, float]:
    """Within-person SD of ln(prolactin) if the laboratories' total spread split between and within
    people as in Garde 2000: a rough, lower alternative to the published within-person value."""
    low, high = interval_spread_range()
    share = math.sqrt(within_share_of_variance())
    return low * share, high * share


# --- the study that would settle it: sample size and power -------------------------------------------


def sd_log_single_value(
    between_sd_log: float | None = None,
    within_sd_log: float | None = None,
    draws_per_person: int = 1,
    reading: str | None = None,
) -> float:
    """SD of ln(prolactin) between people when each person's value is the mean of `draws_per_person`
    draws (on the log scale): between-person variance plus within-person variance / draws.
    Spreads (SD of ln) default to the published ones under `reading` (default: as data/ says)."""
    sb = between_person_sd_log(reading) if between_sd_log is None else between_sd_log
    sw = within_person_sd_log(reading) if within_sd_log is None else within_sd_log
    return math.sqrt(sb**2 + sw**2 / draws_per_person)


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
    between_sd_log: float | None = None,
    within_sd_log: float | None = None,
    *,
    total_sd_log: float | None = None,
    reading: str | None = None,
) -> StudySize:
    """People per group to detect prolactin `ratio` times higher (geometric means) in people who use kratom.

    Compared on ln(prolactin) with a two-sided t-test. The SD of one person's value comes from the
    published between- and within-person variation (data/, Garde 2000, read as `reading` says), or
    from `total_sd_log` given directly (e.g. one implied by a reference interval). Defaults in DESIGN;
    every input can be changed.
    """
    ratio = DESIGN["ratio"] if ratio is None else ratio
    alpha = DESIGN["alpha"] if alpha is None else alpha
    power = DESIGN["power"] if power is None else power
    draws = DESIGN["draws_per_person"] if draws_per_person is None else draws_per_person
    sd = total_sd_log if total_sd_log is not None else sd_log_single_value(between_sd_log, within_sd_log, draws, reading)
    d = math.log(ratio) / sd
    n = sample_size(d, alpha, power)
    mean_miu = data.value("prolactin_parameters", unit="mIU/L", parameter="group mean")
    mean_ng = float(to_ng_per_ml(mean_miu, "mIU/L", DEFAULT_STANDARD))
    return StudySize(
        ratio, alpha, power, draws, sd, d, n, power_two_sample(n, d, alpha), mean_miu, mean_ng, mean_ng * (ratio - 1.0)
    )


def study_size_sensitivity(**design) -> pd.DataFrame:
    """The study's size (one draw per person) under each estimate of the spread: the base-case published
    variation read both ways, the other published estimates, and the narrowest and widest laboratory
    interval in data/.
    Keywords (ratio, alpha, power) as in study_size."""
    intervals = interval_spreads()
    narrow, wide = intervals.iloc[0], intervals.iloc[-1]
    base = variation_reading()
    other = next(r for r in READINGS if r != base)
    label = base_study_label()
    others = [
        (
            f"{r.study}, {r.population}",
            READINGS[r.reading],
            {"total_sd_log": math.hypot(r.between_sd_log, r.within_sd_log)},
        )
        for r in other_variation_estimates().itertuples()
    ]
    cases = [
        (f"{label}, healthy women, as data/ reads it", READINGS[base], {"reading": base}),
        (f"{label}, read the other way", READINGS[other], {"reading": other}),
        *others,
        (
            f"narrowest laboratory interval ({narrow['laboratory']}, {narrow['sex']})",
            "taken as the central 95 % of healthy adults",
            {"total_sd_log": float(narrow["sd_log"])},
        ),
        (
            f"widest laboratory interval ({wide['laboratory']}, {wide['sex']})",
            "taken as the central 95 % of healthy adults",
            {"total_sd_log": float(wide["sd_log"])},
        ),
    ]
    rows = []
    for source, how, spread in cases:
        size = study_size(draws_per_person=1, **design, **spread)
        rows.append(
            {
                "spread_from": source,
                "how": how,
                "sd_log": size.sd_log,
                "effect_size": size.effect_size,
                "n_per_group": size.n_per_group,
            }
        )
    return pd.DataFrame(rows)


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


def _cases(ref_ids) -> int:
    """How many distinct cases a set of sources describes: sources of one and the same case count once."""
    same = set(data.chosen(SAME_CASE_VIEW)["ref_id"])
    ids = set(ref_ids)
    return len(ids - same) + (1 if ids & same else 0)


def kratom_evidence_counts() -> dict:
    """How little there is: counts behind the notebook 05 table and figure."""
    table = kratom_hormone_evidence()
    prolactin = table[table["outcome"].str.contains("prolactin")]
    measured = prolactin[prolactin["measured"]]
    return {
        "n_findings": len(table),
        "n_sources": table["ref_id"].nunique(),
        "n_prolactin_measured_sources": measured["ref_id"].nunique(),
        "n_prolactin_measured_cases": _cases(measured["ref_id"]),
        "n_human_sources": table.loc[table["species"] == "human", "ref_id"].nunique(),
        "n_animal_sources": table.loc[table["species"] != "human", "ref_id"].nunique(),
        "n_controlled": int(table["evidence_level"].dropna().le(3).sum()),
    }


OUTCOME_GROUPS = {"prolactin": "prolactin", "testosterone": "testosterone", "LH": "LH and FSH", "FSH": "LH and FSH"}


def kratom_evidence_matrix() -> pd.DataFrame:
    """One row per source and outcome (prolactin; testosterone; LH and FSH): what was found, at which
    level, and whether the source is the primary record or a second- or third-hand account."""
    table = kratom_hormone_evidence()
    described = data.labels(SAME_CASE_VIEW)  # second-hand sources, named by what they are
    rows = []
    for row in table.itertuples():
        groups = sorted({group for key, group in OUTCOME_GROUPS.items() if key in row.outcome})
        author = row.first_author if isinstance(row.first_author, str) else ""
        name = described.get(row.ref_id) or f"{author.split(' ')[0]} {'' if pd.isna(row.year) else int(row.year)}".strip()
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
    "long-term use, time not known",
]


def opioid_timeline() -> pd.DataFrame:
    """Opioid studies of prolactin with the sampling window converted to hours after the last dose
    (blank where the source gives no time), in phase order, with a readable label (the study's plain
    short name from data/ and the drug)."""
    timing = data.load("prolactin_timing").copy()
    factor = timing["time_unit"].map(_HOURS).astype(float)
    timing["from_h"] = timing["time_from"].astype(float) * factor
    timing["to_h"] = timing["time_to"].astype(float) * factor
    timing["timed"] = timing["from_h"].notna()

    def label(row):
        drug = str(row.drug).split(" (")[0]
        return f"{row.study}: {drug}"

    def window(row):
        if pd.isna(row.time_from):
            return "time not known"
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
        "last_h": float(table["to_h"].max()),
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

# The article's paragraphs that make claims about prolactin (data/curation.csv).
PROLACTIN_PARAGRAPHS_VIEW = "prolactin-paragraphs"


def prolactin_ledger(paragraphs=None) -> pd.DataFrame:
    """The article's claims in the prolactin paragraphs (default: those chosen in data/curation.csv) with the
    article's words and their status."""
    paragraphs = data.chosen(PROLACTIN_PARAGRAPHS_VIEW)["paragraph"] if paragraphs is None else paragraphs
    claims = data.load("claims")
    rows = claims[(claims["claim_kind"] == "article") & claims["paragraph"].isin(list(paragraphs))]
    return rows[["claim_id", "paragraph", "article_words", "claim", "status", "highest_level"]].reset_index(drop=True)
