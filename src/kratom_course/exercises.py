"""Self-checks for the exercises: they say right or wrong, and why, without printing the answer.

Each exercise has an id such as "00.1". Numeric and multiple-choice checks compute their expected
answer from data/ or the models at check time, so the answer is never typed into a notebook.
Free-text exercises end with a model answer the learner opens with `model_answer(id)`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from . import data

@dataclass(frozen=True)
class NumericExercise:
    expected: Callable[[], float]
    unit: str
    rel_tol: float = 0.05
    abs_tol: float = 0.0
    why: str = ""
    hint: str = ""


@dataclass(frozen=True)
class ChoiceExercise:
    correct: str
    feedback: dict[str, str] = field(default_factory=dict)


EXERCISES: dict[str, object] = {}
MODEL_ANSWERS: dict[str, str] = {}


def evaluate(exercise_id: str, answer) -> tuple[bool | None, str]:
    """(verdict, feedback) for an answer: True right, False wrong, None not answered yet."""
    exercise = EXERCISES.get(exercise_id)
    if exercise is None:
        raise KeyError(f"no self-check for exercise {exercise_id!r}")
    if answer is None or answer is Ellipsis:
        return None, f"Exercise {exercise_id}: no answer yet. Replace the placeholder with your answer and run the cell again."
    if isinstance(exercise, NumericExercise):
        return _evaluate_numeric(exercise_id, exercise, answer)
    return _evaluate_choice(exercise_id, exercise, answer)


def check(exercise_id: str, answer) -> None:
    """Print whether `answer` to exercise `exercise_id` is right, and why, without revealing it."""
    print(evaluate(exercise_id, answer)[1])


def _evaluate_numeric(exercise_id: str, exercise: NumericExercise, answer) -> tuple[bool, str]:
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return False, f"Exercise {exercise_id}: expected a number (in {exercise.unit}), got {answer!r}."
    if math.isnan(value):
        return False, f"Exercise {exercise_id}: your answer is NaN; check the computation that produced it."
    expected = float(exercise.expected())
    if math.isclose(value, expected, rel_tol=exercise.rel_tol, abs_tol=exercise.abs_tol):
        return True, f"Exercise {exercise_id}: correct. {exercise.why}".rstrip()
    direction = "too high" if value > expected else "too low"
    return False, f"Exercise {exercise_id}: not yet; {value:g} {exercise.unit} is {direction}. {exercise.hint}".rstrip()


def _evaluate_choice(exercise_id: str, exercise: ChoiceExercise, answer) -> tuple[bool, str]:
    choice = str(answer).strip().lower()
    if choice == exercise.correct:
        return True, f"Exercise {exercise_id}: correct. {exercise.feedback.get(choice, '')}".rstrip()
    if choice not in exercise.feedback:
        return False, f"Exercise {exercise_id}: {answer!r} is not one of the options {', '.join(sorted(exercise.feedback))}."
    return False, f"Exercise {exercise_id}: not this one. {exercise.feedback[choice]}"


def model_answer(exercise_id: str) -> None:
    """Print the model answer of a free-text exercise (open it after writing your own)."""
    print(f"Model answer to exercise {exercise_id}:\n{MODEL_ANSWERS[exercise_id]}")


# --- 00 start here -----------------------------------------------------------------------------

def _count_level(level: int) -> int:
    refs = data.load("references")
    return int((refs["evidence_level"] == level).sum())


EXERCISES["00.1"] = NumericExercise(
    expected=lambda: _count_level(2),
    unit="references",
    rel_tol=0.0,
    why="Randomized trials are rare in this literature; most of what is known comes from lower levels.",
    hint="Filter data.load('references') on evidence_level == 2 and count the rows.",
)

EXERCISES["00.2"] = ChoiceExercise(
    correct="b",
    feedback={
        "a": "A case report shows that something can happen in one person; it cannot show how often or why.",
        "b": "A randomized trial is the design that can separate an effect of kratom from expectation and "
             "from the natural course of withdrawal: that is level 2.",
        "c": "A receptor-binding study shows a mechanism (level 5); it says nothing directly about how people feel.",
        "d": "A survey records what users report; without a comparison group it cannot attribute relief to kratom (level 4).",
    },
)

MODEL_ANSWERS["00.3"] = (
    "The sentence states a human clinical effect ('eases withdrawal'), so it needs human evidence. "
    "Binding studies make it plausible and surveys show that people report it; neither is a controlled "
    "comparison. Unless a randomized or controlled study measured withdrawal severity, the honest status is "
    "'partly supported' at best (level 4 human evidence), and the mechanism through prolactin is a separate "
    "claim that needs its own evidence."
)


# --- 02 alkaloids and opioid receptors ----------------------------------------------------------

def _mor_ki(compound: str) -> float:
    values = data.load("receptor_values")
    return float(values.query("compound == @compound and receptor == 'MOR' and measure == 'Ki'")["value"].iloc[0])


def _emax_7oh() -> float:
    values = data.load("receptor_values")
    return float(values.query("value_id == 'obeng2021_7oh_mor_emax'")["value"].iloc[0]) / 100.0


EXERCISES["02.1"] = ChoiceExercise(
    correct="b",
    feedback={
        "a": "10% is the occupancy at one ninth of Ki. Put C = K into C / (C + K).",
        "b": "C / (C + K) with C = K is exactly one half, whatever the compound: that is what Ki means.",
        "c": "90% needs a concentration nine times Ki.",
        "d": "Occupancy depends only on concentration and affinity; efficacy decides what the occupied receptors do.",
    },
)

EXERCISES["02.2"] = NumericExercise(
    expected=lambda: _emax_7oh() / (1 - _emax_7oh()),
    unit="(tau, dimensionless)",
    rel_tol=0.02,
    why="A plateau of tau / (1 + tau) = 0.413 needs tau of about 0.7: fewer than one 'unit' of response per occupied receptor.",
    hint="Solve Emax = tau / (1 + tau) for tau, with Emax as a fraction (0.413), or use pharmacology.tau_from_relative_emax.",
)

EXERCISES["02.3"] = NumericExercise(
    expected=lambda: _mor_ki("mitragynine") * 9.0,
    unit="nM",
    rel_tol=0.02,
    why="For 90% occupancy C / (C + K) = 0.9, so C = 9 K: about 700 nM of free drug with the abstract's Ki.",
    hint="Rearrange C / (C + K) = 0.9, or use pharmacology.concentration_for_occupancy(0.9, ki).",
)

MODEL_ANSWERS["02.4"] = (
    "The Obeng 2021 abstract gives mitragynine the higher mu affinity (77.9 nM vs 709 nM), yet the same abstract "
    "reports 7-OH as the agonist and mitragynine as an antagonist, and guinea-pig ileum work (Horie 2005) found 7-OH "
    "about 30 times more potent. Before using either number: read the paper's results table (an abstract can "
    "transpose values), check the radioligand, species and cell system, and see whether other labs' values agree. "
    "Until then the course keeps both numbers as stated and flags them (data/disagreements.csv, d01)."
)


# --- 03 from leaf to plasma ---------------------------------------------------------------------

def _highest_leaf_mg(leaf_g: float) -> float:
    from .exposure import leaf_content_range_percent

    return leaf_g * 10.0 * leaf_content_range_percent()[1]


def _tanna_half_life() -> float:
    from .exposure import tanna_calibration

    return tanna_calibration().t_half_h


def shortest_window_within(tolerance: float = 0.2, n_samples: int = 12) -> float:
    """Shortest sampling window (h) whose fitted half-life is within `tolerance` of the slow phase."""
    from .pk import sampled_half_life
    from .pk_plots import TWO_PHASE, two_phase

    slow = TWO_PHASE["slow_half_life_h"]
    for window in range(12, 24 * 21 + 1):
        if abs(sampled_half_life(two_phase, float(window), n_samples=n_samples) - slow) <= tolerance * slow:
            return float(window)
    raise ValueError("no window up to three weeks reaches the tolerance")


EXERCISES["03.1"] = NumericExercise(
    expected=lambda: _highest_leaf_mg(6.0),
    unit="mg",
    rel_tol=0.01,
    why="6 g x 4.94% is about 296 mg, fifty times the 6 mg in 2 g of the weakest leaf: 'grams of leaf' is not a dose of drug.",
    hint="mg = grams x 1000 x percent / 100; take the highest dried-leaf content in data/alkaloid_content.csv.",
)

EXERCISES["03.2"] = NumericExercise(
    expected=_tanna_half_life,
    unit="h",
    rel_tol=0.02,
    why="1 / (1 - exp(-ke tau)) = 2 when exp(-ke tau) = 1/2, that is when tau equals the half-life: dosing more often than once per half-life more than doubles exposure.",
    hint="Set pk.accumulation_ratio(ke, tau) = 2 and solve for tau, with ke from the 45.3 h half-life.",
)

EXERCISES["03.3"] = NumericExercise(
    expected=shortest_window_within,
    unit="h",
    rel_tol=0.10,
    why="Only a window of a few slow-phase half-lives sees the slow phase alone; judge a reported half-life by how long the study sampled.",
    hint="Loop over windows with pk.sampled_half_life(pk_plots.two_phase, window) and stop at the first within 20% of 45 h.",
)

MODEL_ANSWERS["03.4"] = (
    "The model turns '2-6 g' into a fiftyfold range of mitragynine (about 6 to 300 mg) and, after that, into peak "
    "MOR occupancies that differ more than tenfold between draws for the same grams, before anything about the person "
    "is known. It does not say what dose relieves withdrawal (no study measured that), whether occupancy by "
    "mitragynine is what matters (7-OH and other alkaloids act too), or what is safe. What it does say is that "
    "'grams of leaf' is not a dose, and that a recommendation stated in grams hides most of the variation."
)


# --- 01 claims under the microscope -------------------------------------------------------------

def _claims_with_status(*statuses: str) -> int:
    return int(data.load("claims")["status"].isin(statuses).sum())


EXERCISES["01.1"] = NumericExercise(
    expected=lambda: _claims_with_status("unsupported", "contradicted"),
    unit="claims",
    rel_tol=0.0,
    why="Count them by status with claims['status'].value_counts(); the prolactin mechanism accounts for most of them.",
    hint="Add the 'unsupported' and 'contradicted' rows of claims['status'].value_counts().",
)

EXERCISES["01.2"] = ChoiceExercise(
    correct="c",
    feedback={
        "a": "Supported would need consistent direct evidence; here no kratom study measured galactorrhoea or amenorrhoea.",
        "b": "Partly supported needs some direct evidence, such as case reports of these signs with kratom; none was found.",
        "c": "Right: raised prolactin causes these signs whatever its cause, and opioids can raise prolactin, so it is "
             "plausible; but nobody has measured it for kratom. The article states it as known.",
        "d": "Contradicted would need evidence pointing the other way, for example studies finding normal prolactin "
             "in heavy kratom users; none exists either.",
    },
)

MODEL_ANSWERS["01.3"] = (
    "Claim C12 ('prolactin rises during opioid withdrawal') is contradicted: in abstinent heroin users prolactin fell "
    "over 12 weeks, and after methadone withdrawal it was lower than in controls or normal. Prolactin is raised during "
    "opioid use, not withdrawal. So the article's mechanism (kratom soothes withdrawal by 'regulating' raised "
    "prolactin) starts from a premise the evidence does not support, and claims C14-C16 built on it have no support "
    "of their own. The strongest evidence is level 3 and small, so the conclusion is firm about the premise, not "
    "about every detail."
)
