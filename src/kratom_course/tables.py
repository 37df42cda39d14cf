"""Tables for people: plain headers with units, rounded numbers, wrapped text, no internal ids.

`for_people` returns Markdown, which JupyterLab renders as a table that wraps long text and
which prints the same text everywhere else (so committed outputs stay deterministic).
"""

from __future__ import annotations

import pandas as pd


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


def for_people(frame: pd.DataFrame, headers: dict[str, str], decimals: dict[str, int] | None = None) -> Markdown:
    """A Markdown table of the columns named in `headers` (column -> plain header with unit), in that order.

    Numbers are rounded to `decimals[column]` places (3 significant figures where not given).
    """
    decimals = decimals or {}
    missing = [c for c in headers if c not in frame.columns]
    if missing:
        raise KeyError(f"no column(s) {', '.join(missing)} in the table; it has {', '.join(frame.columns)}")
    lines = ["| " + " | ".join(headers.values()) + " |", "|" + "---|" * len(headers)]
    for _, row in frame.iterrows():
        lines.append("| " + " | ".join(_cell(row[c], decimals.get(c)) for c in headers) + " |")
    return Markdown("\n".join(lines))
