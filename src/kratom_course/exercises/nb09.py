"""Exercises of notebook 09 (the literature and its gaps).

09.1 predict  read the map: in how many outcomes does kratom have a controlled human study (revealed by the map)
09.2 choice   read a bubble: a randomized trial's pharmacokinetic values come from its kratom arms only
09.3 compute  what-if: how many claims one controlled study of kratom in opioid withdrawal would give the
              evidence they need (the needed level differs between claims on one cell)
09.4 critique propose the next study for an empty cell, next to what registered trials will and will not answer
"""

from __future__ import annotations

from .. import literature_map as lm
from .engine import Choice, Critique, Numeric, Prediction, Slip, define
from .lazy import LazyOption

# 09.1: ranges of the number of outcomes (of the map's columns) where kratom has a level 1-3 study.
PREDICT_RANGES = {"a": (0, 0), "b": (1, 2), "c": (3, 7), "d": (8, 99)}


def _controlled_cells() -> int:
    return int((lm.map_row_totals().iloc[0] > 0).sum())


def _compared_with(option: str, n: int) -> str:
    """How the count stands against one option's range, in words: 'within', 'more than' or 'fewer than'."""
    low, high = PREDICT_RANGES[option]
    return "within this range" if low <= n <= high else ("more than this range" if n > high else "fewer than this range")


def _map_facts() -> dict:
    totals = lm.map_row_totals()
    row = totals.iloc[0]
    n = _controlled_cells()
    return {
        "n_cells": n,
        "n_outcomes": len(row),
        "outcomes": ", ".join(lm.OUTCOMES[o] for o in row[row > 0].index) or "none",
        "n_human_4": int((totals.iloc[1] > 0).sum()),
        "withdrawal_cell": "empty" if row["withdrawal-relief"] == 0 else "not empty",
        **{f"vs_{option}": _compared_with(option, n) for option in PREDICT_RANGES},
    }


def _range_option() -> str:
    n = _controlled_cells()
    return next(option for option, (low, high) in PREDICT_RANGES.items() if low <= n <= high)


define(
    Prediction(
        "09.1",
        "predict",
        "read an evidence gap map: rows, columns, bubbles and empty cells",
        correct=LazyOption(_range_option),
        facts=_map_facts,
        feedback={
            "a": "Controlled human studies of kratom sit in {n_cells} of the {n_outcomes} outcome columns ({outcomes}): "
            "{vs_a}. The withdrawal-relief column of that row is {withdrawal_cell}, and that is the article's main claim.",
            "b": "Controlled human studies of kratom sit in {n_cells} of the {n_outcomes} outcome columns ({outcomes}): "
            "{vs_b}. Uncontrolled human data (surveys, case reports, poison-centre counts) fill {n_human_4} columns, so the "
            "questions have been asked; most have not been answered with a comparison group.",
            "c": "Controlled human studies of kratom sit in {n_cells} of the {n_outcomes} outcome columns ({outcomes}): "
            "{vs_c}. Look at which columns they are: the withdrawal-relief column of that row is {withdrawal_cell}.",
            "d": "Controlled human studies of kratom sit in {n_cells} of the {n_outcomes} outcome columns ({outcomes}): "
            "{vs_d}. The many bubbles are surveys, case reports, animal and laboratory studies and reviews: being "
            "published is not being tested with a comparison group.",
        },
    )
)


PK_CLAIM = "C17"  # the article's pharmacokinetic claim, placed on the pharmacokinetics cell


def _trial_facts() -> dict:
    needs = lm.claims_on_the_map().set_index("claim_id").loc[PK_CLAIM]
    return {"claim": PK_CLAIM, "claim_needs": needs["needs"], "n_pk_kind": int(needs["n_needed_kind"])}


define(
    Choice(
        "09.2",
        "choice",
        "read a bubble: what a level says for each outcome of a study",
        correct="b",
        facts=_trial_facts,
        feedback={
            "a": "Random allocation protects a comparison between arms. The placebo arm has no mitragynine to measure, so "
            "the concentrations come from the kratom arms alone: for that outcome nothing is compared, and the values are "
            "as good as any careful single-arm measurement, no better.",
            "b": "A level grades a design, and a design protects only the outcomes it compares. The trial's side "
            "effects and vital signs are compared with placebo; its plasma concentrations come from the kratom arms "
            "alone. Read each bubble with the outcome in mind: for pharmacokinetics the controlled row and the level 4 "
            "row hold the same kind of measurement.",
            "c": "The measurements are sound and belong in the cell; they are simply not a comparison. Removing a study "
            "because its design does no work for one outcome would hide it; the map keeps it and the reader weighs it.",
            "d": "{claim} is a description of how the body handles the alkaloids, so it needs {claim_needs}, and its cell "
            "holds {n_pk_kind} studies of that kind: single-arm pharmacokinetic measurements are exactly what it needs.",
        },
    )
)


WHAT_IF_09_3 = {"level": 3, "exposure": lm.KRATOM, "outcome": "withdrawal-relief"}  # the hypothetical study


def _filled() -> list[str]:
    return lm.claims_filled_by(**WHAT_IF_09_3)


def _what_if_facts() -> dict:
    table = lm.claims_on_the_map()
    cell = table[(table["exposure"] == WHAT_IF_09_3["exposure"]) & (table["outcome"] == WHAT_IF_09_3["outcome"])]
    empty = cell[cell["empty_for_need"]]
    stronger = empty[empty["max_level"] < WHAT_IF_09_3["level"]]
    filled = _filled()
    return {
        "n_filled": len(filled),
        "filled": ", ".join(filled) or "none",
        "n_on_cell": len(cell),
        "n_empty": len(empty),
        "stronger": ", ".join(stronger["claim_id"]) or "none",
        "stronger_level": int(stronger["max_level"].max()) if len(stronger) else WHAT_IF_09_3["level"],
        "level": WHAT_IF_09_3["level"],
    }


define(
    Numeric(
        "09.3",
        "compute",
        "link the ledger to the map: which claims one new controlled study would give the evidence they need",
        expected=lambda: float(len(_filled())),
        unit="claims",
        rel_tol=0.0,
        facts=_what_if_facts,
        why=(
            "{n_filled} claims ({filled}) would have a study of the kind they need. Of the {n_on_cell} claims on the "
            "withdrawal-relief cell, {n_empty} lack that kind today; a level {level} study does not satisfy the ones that "
            "need a randomized trial (level {stronger_level}: {stronger}), so one good cohort study would move the ledger "
            "only part of the way."
        ),
        hint=(
            "Keep the rows of `mapped` whose outcome is 'withdrawal-relief' and whose cell lacks the evidence they need "
            "today (`empty_for_need`); then keep those a level {level} study would satisfy (`max_level` is {level} or more), and "
            "count them."
        ),
        slips={
            "every_claim_on_the_cell": Slip(
                lambda _: float(_what_if_facts()["n_on_cell"]),
                "This counts every claim on the cell, including one that already has the evidence it needs: start from "
                "the claims whose cell lacks it today.",
            ),
            "every_empty_claim": Slip(
                lambda _: float(_what_if_facts()["n_empty"]),
                "This counts every claim that lacks evidence today, including those that need a randomized trial: a "
                "cohort study does not give them the kind they need.",
            ),
        },
    )
)


def _study_facts() -> dict:
    trials = lm.registered_trials()
    kratom = trials[trials["about_kratom"]]
    return {"n_registered": len(kratom), "newest": lm.newest_trial_as_of()}


define(
    Critique(
        "09.4",
        "critique",
        "propose the next study for an empty cell, and say what registered trials will and will not answer",
        facts=_study_facts,
        model_answer=(
            "Take kratom x prolactin, the cell behind the article's hormonal claims. A useful next study would be "
            "observational first: adults who use kratom regularly and a comparison group that does not, matched for "
            "age, sex and other opioid use, with prolactin (and LH, FSH, testosterone or oestradiol) measured at stated "
            "times after the last use, at the expected peak and at the trough, with the product's alkaloid content "
            "assayed, and with galactorrhoea and menstrual changes asked about by a standard questionnaire. People "
            "stopping kratom could be followed with repeated samples (a dechallenge). Any dosing study would belong in "
            "a supervised phase 1 setting like the registered ones, which already measure tolerability and "
            "pharmacokinetics and could add prolactin at little cost. None of the {n_registered} registered kratom "
            "studies in data/ (newest status {newest}) tests relief of opioid withdrawal in people in withdrawal "
            "against a treatment with trial evidence, so that cell stays empty for now."
        ),
        rubric=(
            "names the empty cell and the claim(s) that rest on it",
            "chooses a design that can answer the question (comparison group; controlled or at least prospective)",
            "states the population, the outcome and when it is measured (peak vs trough, time since last use)",
            "measures exposure (product assay or plasma levels), not only self-reported grams",
            "says what the registered trials will and will not answer",
            "proposes no dose and stays within ethical research practice",
        ),
    )
)
