"""Figures of notebooks 00 and 01: the references by year and level, the article's claims by status."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import data
from ..evidence import (
    NOT_GRADED,
    WEAK_STATUSES,
    claims_by_paragraph_and_status,
    paragraph_labels,
    randomized_trials,
    references_by_year_and_level,
)
from ..tables import in_words
from . import register, stacked_bars
from .style import look

RECENT_FROM = 2015


def _reference_facts() -> dict:
    refs = data.load("references")
    dated = refs[refs["year"].notna()]
    graded = refs[refs["evidence_level"].notna()]
    return {
        "n_refs": len(refs),
        "n_dated": len(dated),
        "recent_share": float((dated["year"] >= RECENT_FROM).mean()),
        "recent_from": RECENT_FROM,
        "n_rct": len(randomized_trials(refs, data.load("evidence_map"))),
        "n_graded": len(graded),
        "n_level_4_5": int(graded["evidence_level"].isin([4, 5]).sum()),
    }


@register(
    "00_references_by_year_level",
    caption=(
        "Of the {n_dated} references with a verified year, {recent_share:.0%} appeared in {recent_from} or "
        "later; {n_level_4_5} of the {n_graded} graded references sit at levels 4 and 5, and only {n_rct} "
        "are randomized trials, graded level 2 by their design whatever they measured."
    ),
    sources="data/references.csv (all rows with a year; levels from the evidence protocol); data/evidence_map.csv",
    alt=(
        "Stacked bar chart of the number of references per publication year, from the late twentieth century to "
        "the present, each bar split by level of evidence with its own colour and hatch pattern; the bars grow "
        "after {recent_from}, levels 4, 5 and ungraded documents make up most of them, and level 2 appears in "
        "only {n_rct} references."
    ),
    notebook="00_start_here",
    facts=_reference_facts,
)
def plot_references_by_year_level():
    table = references_by_year_and_level(data.load("references"))
    fig, ax = plt.subplots()
    stacked_bars(
        ax,
        table,
        look_of=lambda column: look("level", None if column == "ungraded" else int(column)),
        label_of=lambda column: NOT_GRADED if column == "ungraded" else f"level {column}",
    )
    ax.set_xlabel("publication year")
    ax.set_ylabel("references (count)")
    ax.set_title("Most references are recent, and randomized trials are few")
    ax.legend(title="level of evidence", ncols=2, loc="upper left")
    return fig


def _claim_facts() -> dict:
    table = claims_by_paragraph_and_status(data.load("claims"))
    return {
        "n_claims": int(table.to_numpy().sum()),
        "n_weak": int(table[list(WEAK_STATUSES)].to_numpy().sum()),
        "n_supported": int(table["supported"].sum()),
        "n_paragraphs": len(table),
        "n_context": int((data.load("claims")["claim_kind"] == "context").sum()),
    }


@register(
    "01_claims_by_status",
    caption=(
        "{n_weak} of the article's {n_claims} claims are unsupported or contradicted and {n_supported} are "
        "supported; the supported ones concern chemistry, receptors, physiology, reported use, recorded harms "
        "and regulation, none of them kratom's benefit in withdrawal. Context rows the course "
        "adds ({n_context}) are not counted."
    ),
    sources="data/claims.csv (claims with claim_kind 'article'); data/article_paragraphs.csv (topics); "
    "statuses from the evidence protocol",
    alt=(
        "Horizontal stacked bars, one for each of the {n_paragraphs} article paragraphs that make claims, labelled "
        "with the paragraph number and its topic, counting the claims taken from it by status (supported; partly "
        "supported; plausible, untested; unsupported; contradicted), each with its own colour and hatch pattern; "
        "a note at the end of each bar gives how many of its claims are unsupported or contradicted."
    ),
    notebook="01_claims_under_the_microscope",
    facts=_claim_facts,
)
def plot_claims_by_status():
    claims = data.load("claims")
    table = claims_by_paragraph_and_status(claims)
    labels = paragraph_labels(data.load("article_paragraphs"))
    fig, ax = plt.subplots(figsize=(11.0, 6.0))
    positions = np.arange(len(table))
    left = stacked_bars(
        ax,
        table,
        look_of=lambda status: look("status", status),
        label_of=in_words,
        horizontal=True,
    )
    weak = table[list(WEAK_STATUSES)].sum(axis=1).to_numpy()
    for y, (total, n_weak) in enumerate(zip(left, weak)):
        ax.text(total + 0.15, y, f"{int(n_weak)} of {int(total)} weak", va="center", fontsize=11)
    ax.set_yticks(positions, [labels.get(p, p) for p in table.index])
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() + 3.2)
    ax.set_xlabel("the article's claims (count); 'weak' = unsupported or contradicted")
    ax.set_title("Few of the article's claims are supported, none about kratom's benefit")
    ax.legend(loc="lower right", title="status", fontsize=10)
    fig.tight_layout()
    return fig
