"""Opioid withdrawal, the evidence for kratom by design, the comparators, and survey selection (notebook 06).

Domain module: computes tables and model results from data/, never draws. Every table a figure of
notebook 06 needs is built here; `plots/withdrawal.py` only draws it.

What the module answers:
- how long withdrawal lasts after a short- or a long-acting opioid (data/withdrawal_course.csv), and
  how a half-life sets the time a drug takes to fall (a first-order decline, `pk`);
- what kinds of study stand behind "kratom eases withdrawal", by design, kept apart from the
  treatments with trial evidence and their systematic reviews (data/references.csv,
  data/treatment_effects.csv, data/trials.csv);
- which interactions matter to someone on methadone or buprenorphine (data/findings.csv);
- how much a self-selected survey can overstate a share (a seeded simulation with explorable inputs).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import data, exposure, literature_map, pk
from .inference import wilson_interval

# ================================================================================================
# Which rows feed this module (by meaning, never by row id)
# ================================================================================================
# Kratom's evidence on withdrawal: references tagged withdrawal-kratom in data/references.csv.
KRATOM_TOPIC = "withdrawal-kratom"
# Studies that carry the tag but did not measure withdrawal relief: data/curation.csv, view
# not-withdrawal-relief (each with its caveat). They are shown, labelled, not counted as withdrawal evidence.
NOT_RELIEF_VIEW = "not-withdrawal-relief"
# Designs grouped as a learner reads them: evidence_levels.csv `withdrawal_group` (one group per design; the
# enum's order in datapackage.json is the figure's order). The level of evidence of each study is never set
# here: it is the evidence_level of its row in references.csv.
# The comparators: one systematic review each, read by meaning from treatment_effects.csv.
REVIEW_SCOPE_OUTCOME = "randomized trials included in the review"
# Which review stands for each comparator, and its name: data/curation.csv, view comparator-review.
COMPARATOR_VIEW = "comparator-review"
# Effects shown next to kratom's evidence: completion of withdrawal treatment and severe withdrawal.
EFFECT_OUTCOMES = ("completion of withdrawal treatment", "completion of treatment", "severe withdrawal (likelihood)")
# Where each pooled effect was read. Rows whose notes say they were read on a summary of the review (EUDA,
# EBM Guidelines), not on the review itself, are secondary under the protocol and are shown as such.
SECONDARY_NOTE_WORDS = ("secondary", "summary")

# The surveys behind the withdrawal claims: survey_doses.csv rows answering these questions (its `question`
# column), with who was sampled and how (its `sample` column).
SURVEY_QUESTIONS = (
    "relief of opioid withdrawal or opioid reduction",
    "withdrawal from kratom or dependence",
    "co-use of opioids or other drugs",
)

# Interaction evidence (findings.csv, topic metabolism), one block per row group: first the evidence on
# kratom itself (data/curation.csv, view interaction-evidence, the group in its label), then how methadone
# and buprenorphine are cleared, selected by meaning (the findings' exposure column, lower case).
INTERACTION_VIEW = "interaction-evidence"
CLEARANCE_FINDINGS = {
    "methadone: how it is cleared": {"topic": "metabolism", "exposure_contains": "methadone"},
    "buprenorphine: how it is cleared": {"topic": "metabolism", "exposure_contains": "buprenorphine"},
}
# The one clinical interaction study reports its effect as a geometric mean ratio in its finding's text.
PROBE_RATIO_WORDS = "geometric mean ratio "
# Pharmacodynamic interactions (added effects on breathing and consciousness), and the other substances found
# in deaths: findings.csv rows on harm whose outcome names them.
PHARMACODYNAMIC_OUTCOME_WORDS = ("substances detected", "breathing")
# In the SUDORS series: the deaths judged kratom-involved and those with kratom the only substance detected.
DEATHS_INVOLVED = "deaths with kratom as cause"
DEATHS_KRATOM_ONLY = "deaths with kratom as only substance detected"

# Kratom dependence and its treatment (data/curation.csv, views kratom-dependence and dependence-treatment),
# and withdrawal management beside maintenance and lost tolerance (view maintenance-and-tolerance).
DEPENDENCE_VIEW = "kratom-dependence"
DEPENDENCE_TREATMENT_VIEW = "dependence-treatment"
MAINTENANCE_VIEW = "maintenance-and-tolerance"
# The share of substitute users who found kratom helpful (survey_doses.csv, by its measure): a lower bound.
HELPFUL_SHARE_MEASURE = (
    "percent of those using kratom in place of opioids who found it helpful (pain, opioid reduction, withdrawal)"
)
# Withdrawal from kratom observed in people (findings.csv, topic withdrawal): the outcome starts with these words.
KRATOM_WITHDRAWAL_OUTCOME = "withdrawal from kratom"
# The systematic review that anchors section 3: the findings row whose outcome is this.
REVIEW_ANCHOR_OUTCOME = "studies included on kratom as an opioid alternative"

# Half-lives for the decline figure. The short- and long-acting values are ILLUSTRATIVE (labelled as such
# everywhere), chosen to sit inside the ranges clinicians work with; mitragynine's comes from data/.
ILLUSTRATIVE_HALF_LIVES_H = {"short-acting opioid (illustrative)": 4.0, "long-acting opioid (illustrative)": 30.0}

# The selection-bias simulation.
SEED = 20261130
POPULATION = 20_000
BASE_RESPONSE = 0.05  # share of people who did not feel helped who answer the survey (illustrative)
DEFAULT_TRUE_SHARE = 0.4  # illustrative: nobody knows the true share, which is the point
# Response ratios from half (people who were helped answer half as often: harmed or relapsed people answer more)
# to eightfold.
DEFAULT_RATIOS = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0)


# ================================================================================================
# 1. The time course of withdrawal
# ================================================================================================

HOURS_PER = {"h": 1.0, "day": 24.0}


def time_course() -> pd.DataFrame:
    """Onset, peak and duration windows of withdrawal (data/withdrawal_course.csv), with hours computed."""
    rows = data.load("withdrawal_course")
    factor = rows["unit"].map(HOURS_PER).astype(float)
    rows["low_h"] = rows["low"].astype(float) * factor
    rows["high_h"] = rows["high"].astype(float) * factor
    return rows


def half_lives_h(extra: dict[str, float] | None = None) -> dict[str, float]:
    """The half-lives drawn in the decline figure: the illustrative pair plus mitragynine's terminal half-life."""
    values = dict(ILLUSTRATIVE_HALF_LIVES_H)
    values["mitragynine (terminal, Tanna 2022)"] = exposure.observed().t_half_h
    values.update(extra or {})
    return values


def fraction_remaining(t_h, t_half_h):
    """Fraction of the level at the last dose left after t_h hours, for a first-order decline."""
    return np.exp(-pk.ke_from_half_life(t_half_h) * np.asarray(t_h, dtype=float))


def time_to_fraction_h(t_half_h: float, fraction: float) -> float:
    """Hours for a first-order decline to fall to `fraction` of its starting level: t_half x log2(1/fraction)."""
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
    return float(t_half_h * np.log2(1.0 / fraction))


def decline_curves(half_lives: dict[str, float] | None = None, hours: float = 168.0, n: int = 337) -> pd.DataFrame:
    """Fraction remaining after the last dose over `hours`, one column per named half-life."""
    chosen = half_lives_h() if half_lives is None else half_lives
    t = np.linspace(0.0, hours, n)
    return pd.DataFrame({"t_h": t, **{name: fraction_remaining(t, th) for name, th in chosen.items()}})


def decline_table(fraction: float = 0.25, half_lives: dict[str, float] | None = None) -> pd.DataFrame:
    """Per half-life: hours to fall to `fraction` of the starting level."""
    chosen = half_lives_h() if half_lives is None else half_lives
    return pd.DataFrame(
        [{"drug": name, "half_life_h": th, "hours_to_fraction": time_to_fraction_h(th, fraction)} for name, th in chosen.items()]
    )


# ================================================================================================
# 2. Evidence for kratom by design, and the comparators
# ================================================================================================


def kratom_studies() -> pd.DataFrame:
    """References about kratom and withdrawal, with the design group a learner reads and what each measured."""
    refs = data.load("references")
    rows = refs[refs["topics"].str.contains(KRATOM_TOPIC, regex=False)].copy()
    groups = design_groups()
    data.require_known(rows["study_design"], groups, "study designs with a withdrawal_group in data/evidence_levels.csv")
    rows["design_group"] = rows["study_design"].map(groups)
    caveats = data.labels(NOT_RELIEF_VIEW)
    rows["withdrawal_outcome"] = ~rows["ref_id"].isin(list(caveats))
    rows["caveat"] = rows["ref_id"].map(caveats).fillna("")
    return rows.reset_index(drop=True)


def design_groups() -> dict[str, str]:
    """Study design -> the group a learner reads (evidence_levels.csv `withdrawal_group`), for every design."""
    rules = data.load("evidence_levels")
    return dict(zip(rules["study_design"], rules["withdrawal_group"]))


def design_order() -> list[str]:
    """The design groups in the order the figure and table show them (the enum's order in datapackage.json)."""
    return data.enum("evidence_levels", "withdrawal_group")


def kratom_by_design() -> pd.DataFrame:
    """Number of kratom studies per design group: all tagged, and those that looked at withdrawal relief."""
    rows = kratom_studies()
    order = design_order()
    data.require_known(rows["design_group"], order, "evidence_levels.withdrawal_group (datapackage.json enum)")
    table = (
        rows.groupby("design_group")
        .agg(
            studies=("ref_id", "size"),
            about_relief=("withdrawal_outcome", "sum"),
            examples=("ref_id", lambda s: ", ".join(sorted(s)[:4]) + (" ..." if len(s) > 4 else "")),
        )
        .reindex([group for group in order if group in set(rows["design_group"])])
    )
    table[["studies", "about_relief"]] = table[["studies", "about_relief"]].astype(int)
    return table.rename_axis("design").reset_index()


def kratom_by_design_and_level() -> pd.DataFrame:
    """Kratom studies per design group and level of evidence (references.csv evidence_level; None = not graded).

    One row per (design, level): studies, and those about relief of opioid withdrawal. The level is read
    from each reference, so a review is as strong as the data grade it, never a fixed level per design.
    """
    rows = kratom_studies()
    rows["level"] = rows["evidence_level"].astype("Int64")
    table = (
        rows.groupby(["design_group", "level"], dropna=False)
        .agg(studies=("ref_id", "size"), about_relief=("withdrawal_outcome", "sum"))
        .reset_index()
        .rename(columns={"design_group": "design"})
    )
    table["order"] = table["design"].map({d: i for i, d in enumerate(design_order())})
    table["level"] = [None if pd.isna(v) else int(v) for v in table["level"]]
    table = table.sort_values(["order", "level"], na_position="last").drop(columns="order")
    return table.reset_index(drop=True)


def cited_as(ref_id: str) -> str:
    """A reference as a learner reads it on a figure: 'Gowing 2017' (first author's surname and year).

    Without a first author (an untitled record), the first words of the title stand in.
    """
    row = data.load("references").set_index("ref_id").loc[ref_id]
    year = "" if pd.isna(row["year"]) else f" {int(row['year'])}"
    author = row["first_author"]
    if isinstance(author, str) and re.fullmatch(r"[^\s]+(?: [^\s]+)? [A-Z]{1,3}", author.strip()):
        return author.strip().rsplit(" ", 1)[0] + year  # a person: 'Garcia-Romeu A' -> 'Garcia-Romeu'
    if isinstance(author, str) and author.strip():
        return author.strip() + year  # an organisation, named in full
    words = str(row["title"]).split()
    return "\u201c" + " ".join(words[:4]) + "\u2026\u201d" + year


def kratom_withdrawal_trials() -> int:
    """Randomized trials in data/ that tested kratom against withdrawal: the count the article's claim needs."""
    rows = kratom_studies()
    return int(((rows["design_group"] == "randomized trials") & rows["withdrawal_outcome"]).sum())


def comparator_reviews() -> pd.DataFrame:
    """One systematic review per comparator: randomized trials and participants included, search date in notes."""
    rows = data.select("treatment_effects", many=True, outcome=REVIEW_SCOPE_OUTCOME)
    labels = data.labels(COMPARATOR_VIEW)
    data.require_known(
        rows["value_id"], labels, f"data/curation.csv, view {COMPARATOR_VIEW} (a review scope row without a comparator)"
    )
    refs = data.load("references").set_index("ref_id")
    rows = rows.assign(
        treatment=rows["value_id"].map(labels),
        first_author=rows["ref_id"].map(refs["first_author"]),
        year=rows["ref_id"].map(refs["year"]).astype("Int64"),
        review=rows["ref_id"].map(refs["title"]),
        level=rows["ref_id"].map(refs["evidence_level"]).astype("Int64"),
    )
    return rows[["treatment", "n_studies", "n_participants", "first_author", "year", "review", "level", "ref_id", "notes"]]


def studies_by_design_for_plot() -> dict[str, pd.DataFrame]:
    """What the evidence figure draws: kratom's studies by design, and each comparator's randomized trials."""
    kratom = kratom_by_design_and_level()
    reviews = comparator_reviews()
    comparators = pd.DataFrame(
        {
            "treatment": reviews["treatment"],
            "randomized_trials": reviews["n_studies"].astype(int),
            "participants": reviews["n_participants"].astype(int),
            "level": [None if pd.isna(v) else int(v) for v in reviews["level"]],
            "ref_id": reviews["ref_id"],
        }
    )
    return {"kratom": kratom, "comparators": comparators}


def comparator_effects() -> pd.DataFrame:
    """Pooled effects on completion and severity of withdrawal, as reported, with the source, where each was read
    (the review's abstract, or a secondary summary of it) and the notes."""
    rows = data.select("treatment_effects", many=True, outcome=list(EFFECT_OUTCOMES))
    notes = rows["notes"].fillna("").str.lower()
    secondary = notes.apply(lambda text: any(word in text for word in SECONDARY_NOTE_WORDS))
    rows = rows.assign(read_on=np.where(secondary, "secondary: a summary of the review", "the review's abstract"))
    return rows[
        [
            "comparison",
            "outcome",
            "effect_measure",
            "value",
            "ci_low",
            "ci_high",
            "n_studies",
            "n_participants",
            "ref_id",
            "read_on",
            "notes",
        ]
    ].reset_index(drop=True)


def registered_trials() -> pd.DataFrame:
    """Registry records on kratom or mitragynine: the newest dated copy of each record, with status and as_of.

    Copies of one record seen on different dates are all kept in data/trials.csv; here the copy with
    the latest status_as_of stands for the record (literature_map.latest_trial_copies: dates parsed, one
    rule for the course), `copies` says how many were seen, and `withdrawal_outcome` whether its primary
    outcome measures opioid withdrawal (trials.csv `measures_withdrawal`).
    """
    newest = literature_map.latest_trial_copies()
    newest = newest.assign(withdrawal_outcome=newest["measures_withdrawal"].eq("yes").fillna(False).astype("boolean"))
    cols = [
        "registry_id",
        "title",
        "design",
        "status",
        "status_as_of",
        "enrollment",
        "primary_outcome",
        "copies",
        "withdrawal_outcome",
        "ref_id",
    ]
    return newest.sort_values("_date", ascending=False)[cols].reset_index(drop=True)


def newest_trial_as_of() -> str:
    """The latest status_as_of among the registry records in data/ (a date to quote with their status)."""
    return literature_map.newest_trial_as_of()


def _survey_rows() -> pd.DataFrame:
    rows = data.load("survey_doses")
    return rows[rows["question"].isin(SURVEY_QUESTIONS)]


def survey_sampling() -> pd.DataFrame:
    """The surveys behind the withdrawal claims: who was sampled, how, and how many (survey_doses.csv `sample`)."""
    rows = _survey_rows().drop_duplicates("ref_id")
    refs = data.load("references").set_index("ref_id")
    return pd.DataFrame(
        {
            "ref_id": rows["ref_id"].values,
            "year": rows["ref_id"].map(refs["year"]).values,
            "n": rows["n_respondents"].values,
            "sampling": rows["sample"].values,
        }
    )


def survey_withdrawal_findings() -> pd.DataFrame:
    """Survey rows on relief of opioid withdrawal, on withdrawal from kratom, and on opioid co-use, labelled by
    the question each answers and whom each percentage is of (three questions, never one)."""
    rows = _survey_rows().copy()
    rows["order"] = rows["question"].map({q: i for i, q in enumerate(SURVEY_QUESTIONS)})
    rows = rows.sort_values(["order", "value_id"])
    cols = ["question", "ref_id", "country", "n_respondents", "measure", "statistic", "value", "unit", "denominator_label"]
    return rows[cols].reset_index(drop=True)


def review_anchor() -> dict:
    """The systematic review that anchors section 3 (findings.csv, by its outcome): what it included, its level."""
    row = data.select("findings", outcome=REVIEW_ANCHOR_OUTCOME)
    ref = data.load("references").set_index("ref_id").loc[row["ref_id"]]
    return {
        "ref_id": row["ref_id"],
        "year": int(ref["year"]),
        "studies": int(row["n"]),
        "design": ref["study_design"],
        "level": None if pd.isna(ref["evidence_level"]) else int(ref["evidence_level"]),
        "finding": row["finding"],
    }


# ================================================================================================
# 3. Withdrawal management, maintenance and interactions
# ================================================================================================


def _findings_where(topic: str, ref_id: str | None = None, exposure_contains: str | None = None) -> pd.DataFrame:
    rows = data.load("findings")
    rows = rows[rows["topic"] == topic]
    if ref_id is not None:
        rows = rows[rows["ref_id"] == ref_id]
    if exposure_contains is not None:
        rows = rows[rows["exposure"].str.lower().str.contains(exposure_contains, regex=False)]
    return rows


def interaction_findings() -> pd.DataFrame:
    """The pharmacokinetic interaction evidence, one group per row block: kratom's inhibition (in vitro, in people)
    and how methadone and buprenorphine are cleared (including the study that tested methadone against CYP3A)."""
    kratom = data.chosen(INTERACTION_VIEW)
    kratom = kratom.assign(group=kratom["curation_label"].astype("str"))
    frames = [kratom] + [_findings_where(**where).assign(group=label) for label, where in CLEARANCE_FINDINGS.items()]
    return pd.concat(frames, ignore_index=True)[["group", "ref_id", "design", "finding", "source_location"]]


def pharmacodynamic_findings() -> pd.DataFrame:
    """Added effects on breathing and consciousness: opioids with other depressants, and the substances found with
    kratom in deaths (findings.csv, topic harm, by outcome)."""
    rows = data.load("findings")
    rows = rows[rows["topic"] == "harm"]
    keep = rows["outcome"].str.contains("|".join(PHARMACODYNAMIC_OUTCOME_WORDS), case=False, regex=True)
    return rows[keep][["ref_id", "design", "n", "finding"]].reset_index(drop=True)


def deaths_with_other_substances() -> dict:
    """Among deaths judged kratom-involved (SUDORS), how many had other substances detected: count and share."""
    involved = data.select("surveillance_counts", outcome=DEATHS_INVOLVED)
    alone = data.select("surveillance_counts", outcome=DEATHS_KRATOM_ONLY)
    total = int(alone["denominator"])
    others = total - int(alone["count"])
    low, high = wilson_interval(others, total)
    return {
        "ref_id": involved["ref_id"],
        "total": total,
        "with_others": others,
        "share": others / total,
        "low": low,
        "high": high,
    }


def midazolam_auc_increase_percent() -> float:
    """Percent rise in the CYP3A probe's AUC with kratom, from the geometric mean ratio that the one clinical
    interaction study's finding reports (findings.csv, topic metabolism)."""
    rows = data.chosen(INTERACTION_VIEW)
    rows = rows[rows["finding"].str.contains(PROBE_RATIO_WORDS, regex=False)]
    if len(rows) != 1:
        raise data.SelectionError(f"expected one interaction finding reporting a {PROBE_RATIO_WORDS.strip()}, found {len(rows)}")
    ratio = float(rows["finding"].iloc[0].split(PROBE_RATIO_WORDS)[1].split(",")[0])
    return 100.0 * (ratio - 1.0)


def maintenance_and_tolerance() -> pd.DataFrame:
    """The two references that set withdrawal management beside maintenance and lost tolerance."""
    refs = data.load("references").set_index("ref_id")
    chosen = list(data.chosen(MAINTENANCE_VIEW)["ref_id"])
    links = data.load("claim_evidence")
    rows = links[links["ref_id"].isin(chosen)]
    if sorted(rows["ref_id"]) != sorted(chosen):
        raise data.SelectionError(f"{MAINTENANCE_VIEW}: each reference needs exactly one claim_evidence row (its finding)")
    return pd.DataFrame(
        {
            "ref_id": rows["ref_id"].values,
            "design": rows["ref_id"].map(refs["study_design"]).values,
            "n": rows["ref_id"].map(refs["n"]).values,
            "what it found": rows["note"].values,
        }
    )


# ================================================================================================
# 4. Kratom dependence and its treatment
# ================================================================================================


def dependence_findings() -> pd.DataFrame:
    rows = data.chosen(DEPENDENCE_VIEW)
    return rows[["ref_id", "design", "n", "finding"]]


def dependence_treatment() -> pd.DataFrame:
    """Reports on treating kratom dependence (references: case reports and series, reviews, one animal study)."""
    rows = data.chosen(DEPENDENCE_TREATMENT_VIEW)
    return rows[["ref_id", "first_author", "year", "study_design", "evidence_level", "n", "title"]].reset_index(drop=True)


def kratom_withdrawal_observations() -> pd.DataFrame:
    """Observations of withdrawal from kratom itself in people (findings.csv, topic withdrawal, by outcome)."""
    rows = data.load("findings")
    rows = rows[(rows["topic"] == "withdrawal") & rows["outcome"].str.startswith(KRATOM_WITHDRAWAL_OUTCOME)]
    return rows[["ref_id", "design", "n", "finding", "notes"]].reset_index(drop=True)


# ================================================================================================
# 5. Selection bias in self-selected surveys
# ================================================================================================


def reported_share(true_share: float, response_ratio: float) -> float:
    """Share of respondents who report help when people who were helped answer response_ratio times as often.

    Expected value, exact: p r / (p r + (1 - p)). With r = 1 the survey is unbiased.
    """
    if not 0 <= true_share <= 1:
        raise ValueError(f"true_share must be a fraction between 0 and 1, got {true_share}")
    if response_ratio <= 0:
        raise ValueError(f"response_ratio must be positive, got {response_ratio}")
    helped = true_share * response_ratio
    return float(helped / (helped + (1.0 - true_share)))


def true_share_for(reported: float, response_ratio: float) -> float:
    """The true share that a reported share implies under a given response ratio (the inverse of reported_share)."""
    return float(reported / (reported + response_ratio * (1.0 - reported)))


def simulate_survey(
    true_share: float = DEFAULT_TRUE_SHARE,
    response_ratio: float = 3.0,
    *,
    population: int = POPULATION,
    base_response: float = BASE_RESPONSE,
    seed: int = SEED,
) -> dict:
    """One simulated self-selected survey: who was helped, who answered, what the survey reports.

    Each of `population` people was helped with probability true_share; people not helped answer with
    probability base_response, people helped with base_response x response_ratio (capped at 1).
    """
    rng = np.random.default_rng(seed)
    helped = rng.random(population) < true_share
    p_answer = np.where(helped, min(1.0, base_response * response_ratio), base_response)
    answered = rng.random(population) < p_answer
    n = int(answered.sum())
    k = int((answered & helped).sum())
    low, high = wilson_interval(k, n)
    return {
        "true_share": float(helped.mean()),
        "respondents": n,
        "reporting_help": k,
        "reported_share": k / n if n else float("nan"),
        "ci_low": low,
        "ci_high": high,
    }


def selection_table(true_shares=(0.2, DEFAULT_TRUE_SHARE, 0.6), ratios=DEFAULT_RATIOS, **kwargs) -> pd.DataFrame:
    """Simulated and expected reported shares for each true share and response ratio (seeded)."""
    rows = []
    for p in true_shares:
        for r in ratios:
            sim = simulate_survey(p, r, **kwargs)
            rows.append(
                {
                    "true_share": p,
                    "response_ratio": float(r),
                    "expected_reported": reported_share(p, r),
                    **{k: sim[k] for k in ("respondents", "reported_share", "ci_low", "ci_high")},
                }
            )
    return pd.DataFrame(rows)


def survey_reported_helpful_share() -> float:
    """The share of substitute users who found kratom helpful in the AKA-recruited survey (a lower bound, fraction)."""
    return data.value("survey_doses", unit="percent", measure=HELPFUL_SHARE_MEASURE, statistic="range_low") / 100.0
