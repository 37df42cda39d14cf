"""Render references from data/references.csv for notebooks, and export them for reference managers."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import data


class Markdown(str):
    """A string that Jupyter renders as Markdown (and prints as itself elsewhere)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _present(value) -> bool:
    return not pd.isna(value) and str(value) != ""


def format_reference(row: pd.Series) -> str:
    """One reference as a Markdown line with its identifiers as links."""
    title = row["title"] if str(row["title"]).endswith(("?", "!", ".")) else f"{row['title']}."
    author = row["first_author"] if _present(row["first_author"]) else "[first author not verified]"
    year = row["year"] if _present(row["year"]) else "year not verified"
    journal = f" *{row['journal']}*." if _present(row["journal"]) else ""
    parts = [f"**{row['ref_id']}**: {author} ({year}). {title}{journal}"]
    links = []
    if _present(row["pmid"]):
        links.append(f"PMID [{row['pmid']}](https://pubmed.ncbi.nlm.nih.gov/{row['pmid']}/)")
    if _present(row["pmcid"]):
        links.append(f"[{row['pmcid']}](https://pmc.ncbi.nlm.nih.gov/articles/{row['pmcid']}/)")
    if _present(row["doi"]):
        links.append(f"doi [{row['doi']}](https://doi.org/{row['doi']})")
    if _present(row["registry_id"]):
        links.append(f"[{row['registry_id']}](https://clinicaltrials.gov/study/{row['registry_id']})")
    if not links:
        links.append(f"[record]({row['url']})")
    return " ".join(parts + ["; ".join(links)])


def reference_list(ref_ids: Iterable[str] | None = None) -> Markdown:
    """Markdown list of the given references (all if None), sorted by id; unknown ids raise KeyError."""
    refs = data.load("references").set_index("ref_id", drop=False)
    wanted = sorted(set(ref_ids)) if ref_ids is not None else sorted(refs.index)
    missing = [r for r in wanted if r not in refs.index]
    if missing:
        raise KeyError(f"not in data/references.csv: {', '.join(missing)}")
    return Markdown("\n".join(f"- {format_reference(refs.loc[r])}" for r in wanted))
