"""Exercises of notebook 01 (ported from the single exercises module; to be reworked)."""

from __future__ import annotations

from .. import data
from .engine import Choice, Critique, Numeric, define

def _claims_with_status(*statuses: str) -> int:
    return int(data.load("claims")["status"].isin(statuses).sum())


define(Numeric(
    "01.1", "compute", "(to be written)",
    expected=lambda: _claims_with_status("unsupported", "contradicted"),
    unit="claims",
    rel_tol=0.0,
    why="Count them by status with claims['status'].value_counts(); the prolactin mechanism accounts for most of them.",
    hint="Add the 'unsupported' and 'contradicted' rows of claims['status'].value_counts().",
))

define(Choice(
    "01.2", "choice", "(to be written)",
    correct="c",
    feedback={
        "a": "Supported would need consistent direct evidence; here no kratom study measured galactorrhoea or amenorrhoea.",
        "b": "Partly supported needs some direct evidence, such as case reports of these signs with kratom; none was found.",
        "c": "Right: raised prolactin causes these signs whatever its cause, and opioids can raise prolactin, so it is "
             "plausible; but nobody has measured it for kratom. The article states it as known.",
        "d": "Contradicted would need evidence pointing the other way, for example studies finding normal prolactin "
             "in heavy kratom users; none exists either.",
    },
))

define(Critique(
    "01.3", "critique", "(to be written)", model_answer=(
    "Claim C12 ('prolactin rises during opioid withdrawal') is contradicted: in abstinent heroin users prolactin fell "
    "over 12 weeks, and after methadone withdrawal it was lower than in controls or normal. Prolactin is raised during "
    "opioid use, not withdrawal. So the article's mechanism (kratom soothes withdrawal by 'regulating' raised "
    "prolactin) starts from a premise the evidence does not support, and claims C14-C16 built on it have no support "
    "of their own. The strongest evidence is level 3 and small, so the conclusion is firm about the premise, not "
    "about every detail."
)))
