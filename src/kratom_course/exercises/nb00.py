"""Exercises of notebook 00 (start here): levels of evidence, claim statuses, tracing a number to its record.

00.1 predict  which level of evidence is most common in the reference base (revealed by the figure)
00.2 choice   which design could show that kratom itself eases withdrawal
00.3 critique grade a two-part claim when only binding studies and surveys exist
00.4 compute  how many randomized trials in the base tested kratom itself (not other treatments)
"""

from __future__ import annotations

from .. import data
from ..evidence import randomized_trials
from ..literature_map import OUTCOMES
from .engine import Choice, Critique, Numeric, Prediction, Slip, define
from .lazy import LazyMapping, LazyOption

KRATOM = "kratom-or-alkaloids"
LEVEL_OPTIONS = {"a": (1, 2), "b": (3,), "c": (4,), "d": (5,)}


def _level_counts() -> dict[str, int]:
    levels = data.load("references")["evidence_level"].dropna().astype(int)
    return {option: int(levels.isin(members).sum()) for option, members in LEVEL_OPTIONS.items()}


def _most_common_level_option() -> str:
    counts = _level_counts()
    return max(counts, key=counts.get)


def _level_facts() -> dict:
    counts = _level_counts()
    return {f"n_{option}": n for option, n in counts.items()} | {
        "n_graded": sum(counts.values()),
        "n_ungraded": int(data.load("references")["evidence_level"].isna().sum()),
    }


define(
    Prediction(
        "00.1",
        "predict",
        "read levels of evidence: what the reference base is made of",
        correct=LazyOption(_most_common_level_option),
        facts=_level_facts,
        feedback={
            "a": "Systematic reviews and randomized trials make up only {n_a} of the {n_graded} graded references: the "
            "strongest designs are the rarest here. Section 6 asks what those few trials actually tested.",
            "b": "Controlled observational studies make up {n_b} of the {n_graded} graded references, mostly on opioids "
            "and prolactin, not on kratom.",
            "c": "Uncontrolled human data (surveys, case reports, poison-centre counts) make up {n_c} of the {n_graded} "
            "graded references: most of what is known about kratom in people is what people report or what was "
            "recorded, without a comparison group.",
            "d": "Animal, in-vitro and mechanistic studies make up {n_d} of the {n_graded} graded references: many, but "
            "not the most common level. Another {n_ungraded} references (reviews, documents, registry records) "
            "carry no level at all.",
        },
    )
)

define(
    Choice(
        "00.2",
        "choice",
        "read levels of evidence: what each design can rule out",
        correct="b",
        feedback={
            "a": "A case report shows that something can happen in one person; it cannot rule out expectation, the "
            "natural easing of withdrawal over days, or other drugs taken at the same time (level 4).",
            "b": "Only a randomized comparison balances expectation, the natural course of withdrawal and who chooses "
            "to use kratom, so only it can attribute relief to kratom itself (level 2).",
            "c": "A receptor-binding study shows that the alkaloids reach the receptor (a mechanism, level 5); it says "
            "nothing directly about how people in withdrawal feel.",
            "d": "A survey records what people report; without a comparison group it cannot attribute relief to kratom, "
            "however many people answer (level 4).",
        },
    )
)

define(
    Critique(
        "00.3",
        "critique",
        "read claim statuses: grade a claim by the evidence it needs",
        model_answer=(
            "The sentence makes two claims and each is graded on its own. That kratom eases withdrawal is a clinical "
            "claim about people: surveys show that people report relief, which is direct but uncontrolled human "
            "evidence (level 4), so at best partly supported. That it works through opioid receptors is a mechanism "
            "claim: binding studies show the alkaloids reach the receptor, which makes the route plausible, but "
            "nobody would have tested that binding is why people feel better, so with only this evidence it is "
            "plausible, untested. In the course's ledger of claims (claim C07, in the next notebook) the mechanism half "
            "rises to partly supported only because animal studies of withdrawal exist, and other animal studies point "
            "to a non-opioid route as well (an alpha2-adrenergic action)."
        ),
        rubric=(
            "splits the sentence into the effect and the route",
            "grades the effect from human evidence (surveys: level 4, partly supported at best)",
            "says binding makes the route plausible, not tested",
            "does not let a mechanism stand in for a clinical effect",
        ),
    )
)


WITHDRAWAL_OUTCOME = "withdrawal-relief"


def _trial_outcomes(trial, evidence_map) -> list[str]:
    return list(evidence_map.loc[evidence_map["ref_id"] == trial.ref_id, "outcome"].unique())


def _withdrawal_note(n_trials: int, n_withdrawal: int) -> str:
    """Whether the kratom trials measured withdrawal, in words that fit how many there are."""
    if n_withdrawal:
        return f"{n_withdrawal} of them measured withdrawal"
    return {0: "none measured withdrawal", 1: "it did not measure withdrawal", 2: "neither measured withdrawal"}.get(
        n_trials, "none of them measured withdrawal"
    )


def _trial_facts() -> dict:
    refs, evidence_map = data.load("references"), data.load("evidence_map")
    kratom = randomized_trials(refs, evidence_map, KRATOM).sort_values(["year", "ref_id"])
    every = randomized_trials(refs, evidence_map)
    outcomes = {trial.ref_id: _trial_outcomes(trial, evidence_map) for trial in kratom.itertuples()}
    described = [
        f"{trial.first_author.split()[0]} {trial.year}: "
        + (" and ".join(OUTCOMES.get(o, o.replace("-", " ")) for o in outcomes[trial.ref_id]) or "outcome not coded")
        for trial in kratom.itertuples()
    ]
    n_withdrawal = sum(WITHDRAWAL_OUTCOME in found for found in outcomes.values())
    return {
        "n_kratom": len(kratom),
        "n_level_2": len(every),
        "n_other": len(every) - len(kratom),
        "kratom_ids": ", ".join(kratom["ref_id"]),
        "kratom_trials": "; ".join(described) or "none",
        "withdrawal_note": _withdrawal_note(len(kratom), n_withdrawal),
        "other_ids": ", ".join(
            f"{t.first_author.split()[0]} {t.year}" for t in every[~every["ref_id"].isin(kratom["ref_id"])].itertuples()
        ),
        "n_rct_design": int((refs["study_design"] == "rct").sum()),
        "n_level_1_2": int(refs["evidence_level"].isin([1, 2]).sum()),
    }


def _n_kratom_trials() -> float:
    return float(_trial_facts()["n_kratom"])


# The usual miscounts in 00.4, each with what it counted. Two of them can give the same number (levels 1
# and 2 together, and every row whose design is 'rct'); a learner with that number is told both, never a
# diagnosis that may be someone else's slip.
MISCOUNTS = {
    "n_level_2": "every randomized trial, including trials of other treatments for withdrawal (keep only those "
    "whose exposure is kratom or its alkaloids)",
    "n_level_1_2": "levels 1 and 2 together, including systematic reviews (level 1), which are not trials",
    "n_rct_design": "every row whose design is 'rct', including registry records of trials without results (they carry no level)",
}


def _miscount_slips() -> dict[str, Slip]:
    facts = _trial_facts()
    by_value: dict[int, list[str]] = {}
    for key, counted in MISCOUNTS.items():
        by_value.setdefault(facts[key], []).append(counted)
    slips = {}
    for value, counted in by_value.items():
        if len(counted) == 1:
            message = f"This counts {counted[0]}. Start from the level-2 rows and keep kratom only."
        else:
            message = "This number could count " + "; or ".join(counted) + ". Start from the level-2 rows and keep kratom only."
        slips[f"miscount_{value}"] = Slip(lambda _, v=value: float(v), message)
    return slips


define(
    Numeric(
        "00.4",
        "compute",
        "trace a number to the data: count the randomized trials that tested kratom itself",
        expected=_n_kratom_trials,
        unit="trials",
        rel_tol=0.0,
        facts=_trial_facts,
        why=(
            "Of the {n_level_2} level-2 references, {n_kratom} tested kratom itself ({kratom_trials}), and "
            "{withdrawal_note}: a randomized design earns its level whatever outcome it measured. The other "
            "{n_other} ({other_ids}) tested a treatment that is not kratom. A count of trials means little until "
            "you ask what each trial tested."
        ),
        hint=(
            "Fill the `...` of step 1 with the exposure code 'kratom-or-alkaloids', run the cell, then set "
            "answer_00_4 = int(in_kratom.sum())."
        ),
        slips=LazyMapping(_miscount_slips),
    )
)
