"""Tables for people: plain headers with units, rounded numbers, wrapped text, no internal ids.

`for_people` returns Markdown, which JupyterLab renders as a table that wraps long text and
which prints the same text everywhere else (so committed outputs stay deterministic).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

# Coded values of data/ (statuses, designs, kinds of record) in the words a learner reads.
# Used only for the columns a notebook names in `for_people(..., words=[...])`.
PLAIN_WORDS = {
    # claim statuses and kinds of claim (claims.csv)
    "partly-supported": "partly supported",
    "plausible-untested": "plausible, untested",
    "clinical-recommendation": "clinical recommendation",
    "clinical-effect": "clinical effect",
    # study designs (references.csv)
    "non-randomized-controlled": "non-randomized controlled",
    "case-report": "case report",
    "case-series": "case series",
    "cross-sectional-survey": "cross-sectional survey",
    "systematic-review": "systematic review",
    "narrative-review": "narrative review",
    "in-vitro": "in vitro",
    "rct": "randomized controlled trial",
    "pk-study": "pharmacokinetic study",
    "chemical-analysis": "chemical analysis",
    # kinds of record a reference was checked against (references.csv)
    "secondary-copy": "secondary copy",
    "pubmed": "PubMed",
    "pmc": "PMC",
    # directions of findings, forms and document kinds (findings.csv, safety and regulation tables)
    "no-change": "no change",
    "not-compared": "not compared",
    "tea-infusion": "tea infusion",
    "government-document": "government document",
    "range_low": "lower end of a range",
    "range_high": "upper end of a range",
    "journal-article": "journal article",
}


def in_words(value):
    """A coded value in plain words (PLAIN_WORDS), anything else unchanged."""
    return PLAIN_WORDS.get(value, value) if isinstance(value, str) else value


class Markdown(str):
    """A string that Jupyter renders as Markdown (and prints as itself elsewhere)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _cell(value, decimals: int | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and decimals is not None:
        value = f"{value:,.{decimals}f}"
    elif isinstance(value, float):
        value = f"{value:.3g}"
    return str(value).replace("|", "/").replace("\n", " ")


def for_people(
    frame: pd.DataFrame, headers: dict[str, str], decimals: dict[str, int] | None = None, words: Iterable[str] = ()
) -> Markdown:
    """A Markdown table of the columns named in `headers` (column -> plain header with unit), in that order.

    Numbers are rounded to `decimals[column]` places (3 significant figures where not given). Coded
    values in the columns named in `words` (e.g. 'partly-supported') are written in plain words.
    """
    decimals = decimals or {}
    words = list(words)
    missing = [c for c in [*headers, *words] if c not in frame.columns]
    if missing:
        raise KeyError(f"no column(s) {', '.join(missing)} in the table; it has {', '.join(frame.columns)}")
    if words:
        frame = frame.assign(**{c: frame[c].map(in_words) for c in words})
    lines = ["| " + " | ".join(headers.values()) + " |", "|" + "---|" * len(headers)]
    for _, row in frame.iterrows():
        lines.append("| " + " | ".join(_cell(row[c], decimals.get(c)) for c in headers) + " |")
    return Markdown("\n".join(lines))


def quoted_list(phrases: Iterable[str]) -> Markdown:
    """A Markdown list of quoted phrases, one per line, with nothing else (no ids, no labels)."""
    return Markdown("\n".join(f"- \u201c{p}\u201d" for p in phrases))
