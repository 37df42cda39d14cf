"""Figures of notebooks 00 and 01: the references by year and level, the claims by status."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import data
from ..evidence import NOT_GRADED, claims_by_paragraph_and_status, references_by_year_and_level
from . import register
from .style import look

@register(
    "00_references_by_year_level",
    caption="Most of the course's references are recent, and few are randomized trials.",
    sources="data/references.csv (all rows)",
    alt=(
        "Stacked bar chart of the number of references per publication year, each bar split by level of "
        "evidence with a distinct colour and hatch pattern; the bars grow after 2015 and levels 4 and 5 dominate."
    ),
    notebook="00_start_here",
)
def plot_references_by_year_level():
    table = references_by_year_and_level(data.load("references"))
    fig, ax = plt.subplots()
    bottom = np.zeros(len(table))
    for column in table.columns:
        label = f"level {column}" if column != "ungraded" else NOT_GRADED
        style = look("level", None if column == "ungraded" else int(column))
        ax.bar(table.index, table[column], bottom=bottom, color=style.colour, hatch=style.hatch,
               edgecolor="white", linewidth=0.5, label=label)
        bottom += table[column].to_numpy()
    ax.set_xlabel("publication year")
    ax.set_ylabel("references (count)")
    ax.set_title("Course references by year: most are recent, few are trials")
    ax.legend(title="level of evidence", ncols=2, loc="upper left")
    return fig



@register(
    "01_claims_by_status",
    caption="Unsupported claims outnumber supported ones; what is supported concerns chemistry, receptors, physiology and regulation, not kratom's benefits.",
    sources="data/claims.csv (all claims); status vocabulary from the evidence protocol",
    alt=("Horizontal stacked bars, one per article paragraph (P1, P2, P7, P9, P11, P12, P13), counting the claims "
         "taken from it by status: supported, partly supported, plausible but untested, unsupported, contradicted; "
         "each status has its own colour and hatch pattern, and unsupported claims dominate paragraphs P7, P9 and P12."),
    notebook="01_claims_under_the_microscope",
)
def plot_claims_by_status():
    table = claims_by_paragraph_and_status(data.load("claims"))
    fig, ax = plt.subplots()
    left = np.zeros(len(table))
    positions = np.arange(len(table))
    for status in table.columns:
        style = look("status", status)
        ax.barh(positions, table[status], left=left, color=style.colour, hatch=style.hatch, edgecolor="white",
                linewidth=0.5, label=status.replace("-", " "))
        left += table[status].to_numpy()
    ax.set_yticks(positions, table.index)
    ax.invert_yaxis()
    ax.set_xlabel("claims (count)")
    ax.set_ylabel("paragraph of the article")
    ax.set_title("What the evidence says about each paragraph's claims")
    ax.legend(loc="lower right", title="status")
    return fig
