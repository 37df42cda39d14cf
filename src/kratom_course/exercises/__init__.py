"""Exercises with self-checks, one module per notebook (`nb00.py`, `nb01.py`, ...) over one engine.

In a notebook:

    from kratom_course.exercises import check, predict, model_answer
    answer_03_2 = None          # the learner replaces None with a number
    check("03.2", answer_03_2)  # prints "no answer yet" until then, never the answer
"""

from __future__ import annotations

import importlib
import pkgutil

from .engine import EXERCISES, answered, check, evaluate, expected_answer, model_answer, predict  # noqa: F401

_loaded = False


def load_all() -> dict:
    """Import every notebook's exercise module once; return the registry of exercises by id."""
    global _loaded
    if not _loaded:
        _loaded = True
        for module in pkgutil.iter_modules(__path__):
            if module.name.startswith("nb"):
                importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(EXERCISES.items()))
