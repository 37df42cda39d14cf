"""The self-check engine, unit by unit: placeholders reveal nothing, the critique gate needs 15 words and
10 different ones (both), a gate opens only on a real attempt, each named slip is diagnosed, tolerance
edges hold, predictions are recorded before the result and that record is what is checked.

Kills the review's mutants M6 (`and` -> `or` in the word gate), M7 (the critique clause of `answered`
dropped) and M7b (`thousandfold` as x * 100)."""

import math

import pytest

from kratom_course import exercises
from kratom_course.exercises import engine
from kratom_course.exercises.engine import SLIPS, Choice, Critique, Numeric, Prediction

EXPECTED = 0.25  # the test exercises' answer, a fraction
FIFTEEN_DISTINCT = "The case report cannot carry a causal claim because one value near a limit varies by chance alone."
FIFTEEN_SAME = " ".join(["prolactin"] * 15)
ELEVEN_DISTINCT = "one value near the limit proves nothing about kratom at all"
TOLERANCE = 0.05


@pytest.fixture(autouse=True)
def test_exercises(monkeypatch):
    """Four exercises of the four kinds under ids no notebook uses, and a clean prediction record."""
    exercises.load_all()
    made = {
        "99.1": Numeric(
            "99.1",
            "compute",
            "a test",
            expected=lambda: EXPECTED,
            unit="fraction",
            rel_tol=TOLERANCE,
            slips={name: SLIPS[name] for name in ("percent_vs_fraction", "thousandfold", "per_day_vs_per_dose")},
            why="the why",
            hint="the hint",
        ),
        "99.2": Choice("99.2", "choice", "a test", correct="b", feedback={"a": "fa", "b": "fb", "c": "fc"}),
        "99.3": Prediction("99.3", "predict", "a test", correct="c", feedback={"a": "pa", "b": "pb", "c": "pc"}),
        "99.4": Critique("99.4", "critique", "a test", model_answer="THE MODEL ANSWER", rubric=("RUBRIC POINT",)),
    }
    for exercise_id, exercise in made.items():
        monkeypatch.setitem(engine.EXERCISES, exercise_id, exercise)
    monkeypatch.setattr(engine, "PREDICTIONS", {})
    monkeypatch.setattr(engine, "CHECKED", set())


def said(capsys, call, *args) -> str:
    call(*args)
    return capsys.readouterr().out


# --- placeholders: None, Ellipsis, blanks -------------------------------------------------------------
@pytest.mark.parametrize("placeholder", [None, Ellipsis, "", "   ", "\n\t"])
@pytest.mark.parametrize("exercise_id", ["99.1", "99.2", "99.3"])
def test_a_placeholder_is_not_an_answer(exercise_id, placeholder):
    verdict, text = engine.evaluate(exercise_id, placeholder)
    assert verdict is None and "no answer yet" in text
    assert "0.25" not in text and "correct" not in text.lower()


@pytest.mark.parametrize("placeholder", [None, Ellipsis, "  "])
def test_placeholders_open_no_gate_and_show_no_model_answer(capsys, placeholder):
    for exercise_id in ("99.1", "99.2", "99.3", "99.4"):
        assert engine.answered(exercise_id, placeholder, "the result") is False
    out = said(capsys, engine.model_answer, "99.4", placeholder) + said(capsys, engine.predict, "99.3", placeholder)
    assert "MODEL ANSWER" not in out and "RUBRIC" not in out and "no prediction yet" in out
    assert engine.PREDICTIONS == {}


# --- the critique gate: 15 words AND 10 distinct (M6), and answered() applies it to critiques (M7) --------
def test_the_word_gate_needs_both_rules():
    assert engine._enough_words(FIFTEEN_DISTINCT)
    assert not engine._enough_words(FIFTEEN_SAME)  # 15 words, 1 distinct: M6 (`or`) would pass it
    assert not engine._enough_words(ELEVEN_DISTINCT)  # 11 distinct, 11 words: M6 would pass it
    assert not engine._enough_words("Prolactin. prolactin, PROLACTIN! " * 5)  # case and punctuation do not count


def test_answered_applies_the_word_gate_to_a_critique(capsys):
    """M7: without the critique clause, one word would open the reveal of a critique."""
    assert engine.answered("99.4", "kratom", "the ledger's row") is False
    assert engine.answered("99.4", FIFTEEN_SAME, "the ledger's row") is False
    assert "the ledger's row" in capsys.readouterr().out
    assert engine.answered("99.4", FIFTEEN_DISTINCT, "the ledger's row") is True


@pytest.mark.parametrize(
    "answer, says",
    [
        ("too short to count", "at least 15 words; you have 4"),
        (FIFTEEN_SAME, "at least 10 different words; yours has 1 in 15 words"),
        (" ".join(["a", "b"] * 9), "at least 10 different words; yours has 2 in 18 words"),
    ],
)
def test_the_gate_message_names_the_rule_that_fails(capsys, answer, says):
    """Never 'at least 15 words; you have 17'."""
    out = said(capsys, engine.model_answer, "99.4", answer)
    assert says in out and "MODEL ANSWER" not in out and "RUBRIC" not in out


def test_model_answer_and_rubric_once_the_answer_is_enough(capsys):
    out = said(capsys, engine.model_answer, "99.4", FIFTEEN_DISTINCT)
    assert "THE MODEL ANSWER" in out and "- RUBRIC POINT" in out


def test_model_answer_only_for_critiques():
    with pytest.raises(TypeError):
        engine.model_answer("99.1", FIFTEEN_DISTINCT)
    with pytest.raises(TypeError):
        engine.evaluate("99.4", FIFTEEN_DISTINCT)


# --- gates open only on a real attempt ------------------------------------------------------------------
@pytest.mark.parametrize(
    "exercise_id, answer, opens",
    [
        ("99.1", 0.3, True),
        ("99.1", "0.3", True),
        ("99.1", 99.0, True),  # a wrong number is a real attempt
        ("99.1", "about a quarter", False),
        ("99.1", float("nan"), False),
        ("99.1", math.inf, False),
        ("99.2", "a", True),  # a wrong option is a real attempt
        ("99.2", " B ", True),
        ("99.2", "z", False),
        ("99.3", "c", True),
        ("99.3", "yes", False),
    ],
)
def test_a_gate_opens_only_on_a_real_attempt(capsys, exercise_id, answer, opens):
    assert engine.answered(exercise_id, answer, "the result") is opens
    out = capsys.readouterr().out
    assert ("the result" in out) is (not opens)


# --- numeric: right, each named slip, tolerance edges, direction, not a number ---------------------------
@pytest.mark.parametrize("name", ["percent_vs_fraction", "thousandfold", "per_day_vs_per_dose"])
def test_each_named_slip_is_diagnosed(name):
    verdict, text = engine.evaluate("99.1", SLIPS[name].transform(EXPECTED))
    assert verdict is False and SLIPS[name].message in text and "the hint" in text


def test_thousandfold_means_a_factor_of_1000_not_100():
    """M7b: with x * 100 the 'factor of 1000' diagnosis would fire for a percentage and miss 1000x."""
    assert "factor of 1000" in engine.evaluate("99.1", EXPECTED * 1000)[1]
    assert SLIPS["thousandfold"].transform(2.0) == 2000.0
    assert SLIPS["thousandth"].transform(2000.0) == 2.0
    assert "factor of 1000" not in engine.evaluate("99.1", EXPECTED * 100)[1]


@pytest.mark.parametrize(
    "name, value, slipped",
    [
        ("percent_vs_fraction", 0.2, 20.0),
        ("fraction_vs_percent", 20.0, 0.2),
        ("per_day_vs_per_dose", 2.0, 48.0),
        ("log_vs_linear", 100.0, 2.0),
        ("linear_vs_log", 2.0, 100.0),
        ("thousandfold", 3.0, 3000.0),
        ("thousandth", 3000.0, 3.0),
    ],
)
def test_every_slip_transforms_as_its_name_says(name, value, slipped):
    assert SLIPS[name].transform(value) == pytest.approx(slipped)


def test_log_slip_of_a_non_positive_value_is_not_a_number():
    assert math.isnan(SLIPS["log_vs_linear"].transform(0.0))


@pytest.mark.parametrize("factor", [1 - 0.99 * TOLERANCE, 1.0, 1 + 0.99 * TOLERANCE])
def test_within_tolerance_is_correct(factor):
    verdict, text = engine.evaluate("99.1", EXPECTED * factor)
    assert verdict is True and "correct" in text and "the why" in text


@pytest.mark.parametrize("factor, direction", [(1 + 1.5 * TOLERANCE, "too high"), (1 - 1.5 * TOLERANCE, "too low")])
def test_outside_tolerance_is_wrong_with_its_direction(factor, direction):
    verdict, text = engine.evaluate("99.1", EXPECTED * factor)
    assert verdict is False and direction in text and "correct" not in text


@pytest.mark.parametrize("answer", ["a quarter", [0.25], object()])
def test_not_a_number(answer):
    verdict, text = engine.evaluate("99.1", answer)
    assert verdict is False and "expected a number" in text


def test_nan_is_named():
    assert "NaN" in engine.evaluate("99.1", float("nan"))[1]


def test_feedback_rounds_a_large_number_without_e_notation():
    assert "250,000" in engine.evaluate("99.1", 250000.0)[1]


# --- choices and predictions ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, verdict, feedback", [("b", True, "fb"), (" B", True, "fb"), ("a", False, "fa"), ("c", False, "fc")]
)
def test_a_choice_gives_the_feedback_of_the_option_chosen(answer, verdict, feedback):
    got, text = engine.evaluate("99.2", answer)
    assert got is verdict and text.endswith(feedback)


@pytest.mark.parametrize("answer", ["d", "ab", "1"])
def test_an_option_that_does_not_exist(answer):
    verdict, text = engine.evaluate("99.2", answer)
    assert verdict is False and "not one of the options a, b, c" in text


def test_a_prediction_is_recorded_and_the_record_is_checked(capsys):
    assert "recorded" in said(capsys, engine.predict, "99.3", "A")
    assert engine.PREDICTIONS == {"99.3": "a"}
    out = said(capsys, engine.check, "99.3", "c")  # the learner changed the variable after the result
    assert "not this one" in out and "'a'" in out and "'c'" in out
    out = said(capsys, engine.predict, "99.3", "c")
    assert "not recorded" in out and engine.PREDICTIONS == {"99.3": "a"}


def test_an_invalid_prediction_is_not_recorded(capsys):
    assert "not one of the options" in said(capsys, engine.predict, "99.3", "z")
    assert engine.PREDICTIONS == {}


def test_without_a_recorded_prediction_check_reads_the_answer(capsys):
    assert "correct." in said(capsys, engine.check, "99.3", "c")


def test_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="99.2"):
        engine.evaluate("98.9", 1)


def test_an_exercise_cannot_be_defined_twice():
    with pytest.raises(ValueError, match="twice"):
        engine.define(engine.EXERCISES["99.2"])


# --- the course's own exercises ------------------------------------------------------------------------
COURSE = {k: v for k, v in exercises.load_all().items() if not k.startswith("99.")}


@pytest.mark.parametrize("exercise_id", [k for k, v in COURSE.items() if isinstance(v, Numeric)])
def test_each_course_exercise_accepts_its_answer_and_names_its_slips(exercise_id):
    exercise = COURSE[exercise_id]
    expected = float(exercise.expected())
    assert engine.evaluate(exercise_id, expected)[0] is True
    for name, slip in exercise.slips.items():
        slipped = slip.transform(expected)
        if not math.isfinite(slipped) or engine._close(slipped, expected, exercise):
            continue
        text = engine.evaluate(exercise_id, slipped)[1]
        earlier = [s.message for s in exercise.slips.values() if math.isfinite(s.transform(expected))]
        assert any(message in text for message in earlier[: list(exercise.slips).index(name) + 1]), (exercise_id, name)


@pytest.mark.parametrize("exercise_id", [k for k, v in COURSE.items() if isinstance(v, Choice)])
def test_each_course_choice_has_its_correct_option(exercise_id):
    exercise = COURSE[exercise_id]
    assert exercise.correct in exercise.feedback
    assert engine.evaluate(exercise_id, exercise.correct)[0] is True
    assert all(engine.evaluate(exercise_id, o)[0] is False for o in exercise.feedback if o != exercise.correct)


# --- edges the mutation run found untested (benchmarks/mutation.md) -----------------------------------------
TEN_DISTINCT_IN_FIFTEEN = "one two three four five six seven eight nine ten one two three four five"


def test_exactly_ten_different_words_in_fifteen_open_the_gate(capsys):
    assert engine._word_counts(TEN_DISTINCT_IN_FIFTEEN) == (15, 10)
    assert engine.answered("99.4", TEN_DISTINCT_IN_FIFTEEN, "the ledger's row") is True
    assert "THE MODEL ANSWER" in said(capsys, engine.model_answer, "99.4", TEN_DISTINCT_IN_FIFTEEN)


@pytest.mark.parametrize("answer, verdict", [("a", "not this one."), ("b", "correct."), ("c", "not this one.")])
def test_the_verdict_word_follows_the_correct_option_not_the_alphabet(answer, verdict):
    text = engine.evaluate("99.2", answer)[1]
    assert f": {verdict} " in text


def test_the_answer_key_gives_each_kind_its_own_answer():
    assert engine.expected_answer("99.2") == "(b) fb"
    assert engine.expected_answer("99.3") == "(c) pc"
    assert engine.expected_answer("99.4") == "THE MODEL ANSWER"
    assert engine.expected_answer("99.1").startswith("0.25 fraction")


def test_the_correct_option_is_named_never_positional():
    with pytest.raises(TypeError):
        Choice("99.5", "choice", "a test", "b", feedback={"a": "fa", "b": "fb"})
