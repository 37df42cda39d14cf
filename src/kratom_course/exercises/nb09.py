"""Exercises of notebook 09 (the literature and its gaps).

09.1 predict  read the map: in how many outcomes does kratom have a controlled human study (revealed by the map)
09.2 choice   which new study would give C32's empty cell a study of the kind it needs
09.3 compute  the share of the article's mapped claims whose cell holds no study of the kind they need
09.4 critique propose the next study for an empty cell, next to what registered trials will and will not answer
"""

from __future__ import annotations

from .. import literature_map as lm
from .engine import SLIPS, Choice, Critique, Numeric, Prediction, Slip, define

# 09.1: ranges of the number of outcomes (of the map's columns) where kratom has a level 1-3 study.
PREDICT_RANGES = {"a": (0, 0), "b": (1, 2), "c": (3, 7), "d": (8, 99)}


def _controlled_cells() -> int:
    return int((lm.map_row_totals().iloc[0] > 0).sum())


def _map_facts() -> dict:
    row = lm.map_row_totals().iloc[0]
    return {
        "n_cells": _controlled_cells(),
        "n_outcomes": len(row),
        "outcomes": ", ".join(lm.OUTCOMES[o] for o in row[row > 0].index) or "none",
        "n_human_4": int((lm.map_row_totals().iloc[1] > 0).sum()),
    }


def _range_option() -> str:
    n = _controlled_cells()
    return next(option for option, (low, high) in PREDICT_RANGES.items() if low <= n <= high)


define(
    Prediction(
        "09.1",
        "predict",
        "read an evidence gap map: rows, columns, bubbles and empty cells",
        correct=_range_option(),
        facts=_map_facts,
        feedback={
            "a": "Close, but not quite empty: controlled human studies of kratom appear in {n_cells} of the {n_outcomes} "
            "outcomes ({outcomes}). The rest of the top row is empty.",
            "b": "Yes: {n_cells} of {n_outcomes} ({outcomes}). Uncontrolled human data (surveys, case reports, "
            "poison-centre counts) fill {n_human_4} columns, so the questions have been asked; they have not been "
            "answered with comparisons.",
            "c": "Fewer: {n_cells} of {n_outcomes} ({outcomes}). Much is published, but being published is not being "
            "tested with a comparison group.",
            "d": "Far fewer: {n_cells} of {n_outcomes} ({outcomes}). The many bubbles are surveys, case reports, animal "
            "and laboratory studies and reviews.",
        },
    )
)


CLAIM_09_2 = "C32"  # raised prolactin associated with higher kratom doses: the claim 09.2 asks about


def _c32_facts() -> dict:
    row = lm.claims_on_the_map().set_index("claim_id").loc[CLAIM_09_2]
    return {"claim": CLAIM_09_2, "cell": row["cell"], "needs": row["needs"], "n_needed": int(row["n_needed_kind"])}


define(
    Choice(
        "09.2",
        "choice",
        "apply the kind of evidence a claim needs: which new study would fill the empty cell C32 rests on",
        correct="c",
        facts=_c32_facts,
        feedback={
            "a": "A survey of self-reports is level 4, and 'a doctor once found it raised' is neither a measured value "
            "nor timed to a dose. {claim} says something about what kratom does to people, so its cell ({cell}) needs "
            "controlled human studies ({needs}); a larger survey only adds to the uncontrolled row.",
            "b": "A rat study is level 5: it could show a mechanism, but {claim} is about people and their doses, so its "
            "cell ({cell}) needs controlled human studies ({needs}).",
            "c": "Yes. A cohort with a comparison group is a controlled observational study (level 3), the kind {claim}'s "
            "cell ({cell}) needs ({needs}) and today holds {n_needed} of. Measured, timed prolactin and plasma "
            "mitragynine give the association with dose that the claim states; it could show an association, not "
            "prove that kratom causes it.",
            "d": "A second case report is level 4: it adds to the uncontrolled row and cannot relate prolactin to dose. "
            "{claim}'s cell ({cell}) needs controlled human studies ({needs}).",
        },
    )
)


def _share_facts() -> dict:
    table = lm.claims_on_the_map()
    empty = table[table["empty_for_need"]]
    return {
        "n": len(table),
        "n_empty": len(empty),
        "share": float(table["empty_for_need"].mean()),
        "n_unsupported_empty": int(empty["status"].isin(["unsupported", "plausible-untested"]).sum()),
    }


define(
    Numeric(
        "09.3",
        "compute",
        "link the ledger to the map: how many claims stand on cells without the evidence they need",
        expected=lambda: float(lm.claims_on_the_map()["empty_for_need"].mean()),
        unit="fraction (0 to 1)",
        rel_tol=0.02,
        facts=_share_facts,
        why=(
            "{n_empty} of the {n} claims placed on the map ({share:.0%}) need a kind of study that their cell does not "
            "hold; {n_unsupported_empty} of those are graded unsupported or plausible but untested. Most of the rest "
            "are partly supported: human evidence only from surveys and case reports."
        ),
        hint="Count the rows of claims_on_the_map() whose empty_for_need is True and divide by the number of rows.",
        slips={
            "percent": SLIPS["percent_vs_fraction"],
            "complement": Slip(lambda x: 1.0 - x, "This is the share of claims whose cell does hold the needed kind."),
            "count": Slip(
                lambda x: x * len(lm.claims_on_the_map()),
                "This looks like a count of claims; the question asks for a fraction of them.",
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
