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
