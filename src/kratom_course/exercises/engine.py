"""The self-check engine: right or wrong, and why, only after the learner has answered.

Four kinds of exercise, each defined once in the notebook's own module (`nb03.py`, ...):
- `Numeric`: a number with a unit; the expected value is computed from data/ or a model at check
  time; a wrong answer is diagnosed against the usual slips (percent vs fraction, ng/mL vs nM,
  per dose vs per day, log vs linear) before a generic "too high / too low";
- `Choice`: one letter, with feedback for every option;
- `Prediction`: a choice recorded *before* the result is shown (`predict`) and checked after it
  (`check` compares the recorded choice, so changing the variable after the result changes nothing);
- `Critique`: free text; the model answer and rubric open only once the learner's own answer holds
  a few sentences.

Feedback and expected values come from functions, so no answer is typed into a notebook. Text
templates may hold `{named}` fields that the exercise's `facts()` fills; a test checks that no
number is typed into them. Nothing is revealed for a missing answer: Run All on an untouched
notebook prints only "no answer yet" messages.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

MIN_WORDS_BEFORE_MODEL_ANSWER = 15
MIN_DISTINCT_WORDS = 10  # a gate against 'blah blah ...', not a judge of quality


@dataclass(frozen=True)
class Slip:
    """A usual mistake: `transform(expected)` is what someone making it would answer."""

    transform: Callable[[float], float]
    message: str


SLIPS = {
    "percent_vs_fraction": Slip(lambda x: x * 100.0, "This looks like a percentage where a fraction (0 to 1) is asked."),
    "fraction_vs_percent": Slip(lambda x: x / 100.0, "This looks like a fraction where a percentage is asked."),
    "per_day_vs_per_dose": Slip(lambda x: x * 24.0, "Check whether you answered per day where per hour (or per dose) is asked."),
    "log_vs_linear": Slip(
        lambda x: math.log10(x) if x > 0 else float("nan"),
        "This looks like a log10 value; the question asks for the linear value.",
    ),
    "linear_vs_log": Slip(lambda x: 10.0**x, "This looks like the linear value; the question asks for log10."),
    "thousandfold": Slip(lambda x: x * 1000.0, "A factor of 1000 off: check mg vs µg or nM vs µM."),
    "thousandth": Slip(lambda x: x / 1000.0, "A factor of 1000 off: check mg vs g or µM vs nM."),
}


@dataclass(frozen=True)
class Exercise:
    exercise_id: str
    kind: str  # predict, compute, choice, critique
    assesses: str  # the learning objective it checks, in a few words
    facts: Callable[[], dict] = field(default=dict, kw_only=True)

    def text(self, template: str) -> str:
        return template.format(**self.facts()) if template else ""


@dataclass(frozen=True)
class Numeric(Exercise):
    expected: Callable[[], float] = field(kw_only=True)
    unit: str = field(kw_only=True)
    rel_tol: float = field(default=0.05, kw_only=True)
    abs_tol: float = field(default=0.0, kw_only=True)
    why: str = field(default="", kw_only=True)
    hint: str = field(default="", kw_only=True)
    slips: dict[str, Slip] = field(default_factory=dict, kw_only=True)


@dataclass(frozen=True)
class Choice(Exercise):
    correct: str = field(kw_only=True)
    feedback: dict[str, str] = field(kw_only=True)


@dataclass(frozen=True)
class Prediction(Choice):
    """A Choice whose answer is recorded before the result is shown, and checked after it."""


@dataclass(frozen=True)
class Critique(Exercise):
    model_answer: str = field(kw_only=True)
    rubric: tuple[str, ...] = field(default=(), kw_only=True)


EXERCISES: dict[str, Exercise] = {}


def define(exercise: Exercise) -> Exercise:
    """Register an exercise under its id (one module per notebook calls this)."""
    if exercise.exercise_id in EXERCISES:
        raise ValueError(f"exercise {exercise.exercise_id} is defined twice")
    EXERCISES[exercise.exercise_id] = exercise
    return exercise


def _not_answered(answer) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def _get(exercise_id: str) -> Exercise:
    from . import load_all

    load_all()
    if exercise_id not in EXERCISES:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(EXERCISES))}")
    return EXERCISES[exercise_id]


def evaluate(exercise_id: str, answer) -> tuple[bool | None, str]:
    """(verdict, feedback): True right, False wrong, None not answered yet (nothing revealed)."""
    exercise = _get(exercise_id)
    if _not_answered(answer):
        return None, (f"Exercise {exercise_id}: no answer yet. Replace the placeholder with your answer and run this cell again.")
    if isinstance(exercise, Numeric):
        return _numeric(exercise, answer)
    if isinstance(exercise, Choice):
        return _choice(exercise, answer)
    raise TypeError(f"exercise {exercise_id} is a {exercise.kind} exercise: use model_answer(...)")


def check(exercise_id: str, answer) -> None:
    """Print whether `answer` is right and why; says only 'no answer yet' for a placeholder.

    For a prediction, the choice recorded by `predict` before the result was shown is what is checked,
    even if the variable has changed since."""
    print(_checked_text(exercise_id, answer))


def _checked_text(exercise_id: str, answer) -> str:
    exercise = _get(exercise_id)
    recorded = PREDICTIONS.get(exercise_id)
    if not isinstance(exercise, Prediction) or recorded is None:
        return evaluate(exercise_id, answer)[1]
    CHECKED.add(exercise_id)
    text = evaluate(exercise_id, recorded)[1]
    if not _not_answered(answer) and _option(answer) != recorded:
        text += f" (This checks {recorded!r}, the prediction you recorded before the result; your variable now holds {answer!r}.)"
    return text


PREDICTIONS: dict[str, str] = {}  # exercise id -> the option recorded before the result was shown (this kernel)
CHECKED: set[str] = set()  # predictions already checked: a new choice after the result is not a prediction


def _option(answer) -> str:
    return str(answer).strip().lower()


def predict(exercise_id: str, prediction) -> None:
    """Record a prediction before the result is shown; check(...) later compares the recorded one."""
    exercise = _get(exercise_id)
    if _not_answered(prediction):
        print(f"Exercise {exercise_id}: no prediction yet. Write your choice in the placeholder, run this cell, then read on.")
        return
    options = sorted(exercise.feedback) if isinstance(exercise, Choice) else []
    if options and _option(prediction) not in options:
        print(f"Exercise {exercise_id}: {prediction!r} is not one of the options {', '.join(options)}.")
        return
    recorded = PREDICTIONS.get(exercise_id)
    if exercise_id in CHECKED and recorded != _option(prediction):
        print(
            f"Exercise {exercise_id}: your prediction {recorded!r} was already checked against the result; "
            f"{prediction!r} is not recorded, because a choice made after the result is not a prediction."
        )
        return
    PREDICTIONS[exercise_id] = _option(prediction)
    print(f"Exercise {exercise_id}: prediction {prediction!r} recorded. Run the next cells, then check it.")


def answered(exercise_id: str, answer, shows: str) -> bool:
    """True once the learner has made a real attempt at `exercise_id`: a number for a compute exercise,
    one of the options for a choice, a few sentences of their own for a critique. Otherwise print what
    the cell will show then, and return False. Gates a cell that would give the answer away."""
    exercise = _get(exercise_id)
    if _not_answered(answer):
        print(f"Enter your answer to exercise {exercise_id} above first; this cell then shows {shows}.")
        return False
    missing = _not_an_attempt(exercise, answer)
    if missing:
        print(f"Exercise {exercise_id}: {missing} first; this cell then shows {shows}.")
        return False
    return True


def _not_an_attempt(exercise: Exercise, answer) -> str:
    """What an answer still lacks to count as a real attempt ('' when it is one)."""
    if isinstance(exercise, Critique):
        return _words_missing(answer)
    if isinstance(exercise, Choice) and _option(answer) not in exercise.feedback:
        return f"{answer!r} is not one of the options {', '.join(sorted(exercise.feedback))}; enter one of them"
    if isinstance(exercise, Numeric):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return f"enter a number in {exercise.unit} (not {answer!r})"
        if not math.isfinite(value):
            return f"enter a finite number in {exercise.unit} (not {answer!r})"
    return ""


def _word_counts(answer) -> tuple[int, int]:
    """(words, distinct words ignoring case and punctuation) of a free-text answer."""
    words = str(answer).split()
    distinct = {w.strip(".,;:!?\"'()").lower() for w in words} - {""}
    return len(words), len(distinct)


def _enough_words(answer) -> bool:
    words, distinct = _word_counts(answer)
    return words >= MIN_WORDS_BEFORE_MODEL_ANSWER and distinct >= MIN_DISTINCT_WORDS


def _words_missing(answer) -> str:
    """'' for a critique answer long and varied enough; else what it lacks, naming the rule that fails."""
    words, distinct = _word_counts(answer)
    if words < MIN_WORDS_BEFORE_MODEL_ANSWER:
        return f"write a few sentences of your own (at least {MIN_WORDS_BEFORE_MODEL_ANSWER} words; you have {words})"
    if distinct < MIN_DISTINCT_WORDS:
        return (
            f"write a few sentences of your own (at least {MIN_DISTINCT_WORDS} different words; "
            f"yours has {distinct} in {words} words)"
        )
    return ""


def model_answer(exercise_id: str, your_answer) -> None:
    """Show the model answer and rubric of a critique, once your own answer has a few sentences."""
    exercise = _get(exercise_id)
    if not isinstance(exercise, Critique):
        raise TypeError(f"exercise {exercise_id} is not a critique exercise")
    if _not_answered(your_answer):
        print(
            f"Exercise {exercise_id}: write your own answer first (a few sentences of your own, at least "
            f"{MIN_WORDS_BEFORE_MODEL_ANSWER} words; you have 0), then run this cell to compare."
        )
        return
    missing = _words_missing(your_answer)
    if missing:
        print(f"Exercise {exercise_id}: {missing}, then run this cell to compare.")
        return
    print(f"Model answer to exercise {exercise_id}:\n{exercise.text(exercise.model_answer)}")
    if exercise.rubric:
        print("\nA good answer:")
        for point in exercise.rubric:
            print(f"- {exercise.text(point)}")


def _numeric(exercise: Numeric, answer) -> tuple[bool, str]:
    eid = exercise.exercise_id
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return False, f"Exercise {eid}: expected a number in {exercise.unit}, got {answer!r}."
    if math.isnan(value):
        return False, f"Exercise {eid}: your answer is NaN; check the computation that produced it."
    expected = float(exercise.expected())
    if _close(value, expected, exercise):
        return True, f"Exercise {eid}: correct. {exercise.text(exercise.why)}".rstrip()
    for slip in exercise.slips.values():
        slipped = slip.transform(expected)
        if math.isfinite(slipped) and _close(value, slipped, exercise):
            return False, f"Exercise {eid}: not yet. {slip.message} {exercise.text(exercise.hint)}".rstrip()
    direction = "too high" if value > expected else "too low"
    return (
        False,
        f"Exercise {eid}: not yet; {_rounded(value)} {exercise.unit} is {direction}. {exercise.text(exercise.hint)}".rstrip(),
    )


def _rounded(value: float) -> str:
    """A learner's number as feedback shows it: three significant figures, never in e-notation above 1000."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _close(value: float, target: float, exercise: Numeric) -> bool:
    return math.isclose(value, target, rel_tol=exercise.rel_tol, abs_tol=exercise.abs_tol)


def _choice(exercise: Choice, answer) -> tuple[bool, str]:
    eid = exercise.exercise_id
    choice = _option(answer)
    if choice not in exercise.feedback:
        return False, f"Exercise {eid}: {answer!r} is not one of the options {', '.join(sorted(exercise.feedback))}."
    verdict = "correct." if choice == exercise.correct else "not this one."
    return choice == exercise.correct, f"Exercise {eid}: {verdict} {exercise.text(exercise.feedback[choice])}"


def expected_answer(exercise_id: str) -> str:
    """The answer, for the instructor's answer key only (never called from a notebook)."""
    exercise = _get(exercise_id)
    if isinstance(exercise, Numeric):
        return f"{float(exercise.expected()):.4g} {exercise.unit} (tolerance {exercise.rel_tol:.0%})"
    if isinstance(exercise, Choice):
        return f"({exercise.correct}) {exercise.text(exercise.feedback[exercise.correct])}"
    return exercise.text(exercise.model_answer)
