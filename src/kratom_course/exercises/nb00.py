"""Exercises of notebook 00 (ported from the single exercises module; to be reworked)."""

from __future__ import annotations

from .. import data
from .engine import Choice, Critique, Numeric, define

def _count_level(level: int) -> int:
    refs = data.load("references")
    return int((refs["evidence_level"] == level).sum())


define(Numeric(
    "00.1", "compute", "(to be written)",
    expected=lambda: _count_level(2),
    unit="references",
    rel_tol=0.0,
    why="Randomized trials are rare in this literature; most of what is known comes from lower levels.",
    hint="Filter data.load('references') on evidence_level == 2 and count the rows.",
))

define(Choice(
    "00.2", "choice", "(to be written)",
    correct="b",
    feedback={
        "a": "A case report shows that something can happen in one person; it cannot show how often or why.",
        "b": "A randomized trial is the design that can separate an effect of kratom from expectation and "
             "from the natural course of withdrawal: that is level 2.",
        "c": "A receptor-binding study shows a mechanism (level 5); it says nothing directly about how people feel.",
        "d": "A survey records what users report; without a comparison group it cannot attribute relief to kratom (level 4).",
    },
))

define(Critique(
    "00.3", "critique", "(to be written)", model_answer=(
    "The sentence states a human clinical effect ('eases withdrawal'), so it needs human evidence. "
    "Binding studies make it plausible and surveys show that people report it; neither is a controlled "
    "comparison. Unless a randomized or controlled study measured withdrawal severity, the honest status is "
    "'partly supported' at best (level 4 human evidence), and the mechanism through prolactin is a separate "
    "claim that needs its own evidence."
)))
