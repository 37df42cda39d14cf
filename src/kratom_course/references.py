"""Render references from data/references.csv for notebooks, and export them for reference managers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import data, outputs
from .paths import course_root
from .tables import Markdown


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


# --- reading list -------------------------------------------------------------------------------


def _value(row, column) -> str:
    value = row[column]
    return "" if pd.isna(value) else str(value)


def _ris_type(doc_type: str) -> str:
    return {
        "journal-article": "JOUR",
        "review": "JOUR",
        "systematic-review": "JOUR",
        "government-document": "GOVDOC",
        "guideline": "JOUR",
        "report": "RPRT",
        "trial-registration": "DBASE",
        "web-page": "ELEC",
        "book-chapter": "CHAP",
    }.get(doc_type, "GEN")


def ris_entries(refs) -> list[dict]:
    entries = []
    for _, row in refs.iterrows():
        entry = {
            "type_of_reference": _ris_type(_value(row, "doc_type")),
            "id": _value(row, "ref_id"),
            "authors": [_value(row, "first_author")],
            "title": _value(row, "title"),
            "journal_name": _value(row, "journal"),
            "urls": [_value(row, "url")],
        }
        if _value(row, "year"):
            entry["year"] = _value(row, "year")
        if _value(row, "doi"):
            entry["doi"] = _value(row, "doi")
        notes = [f"{k.upper()}: {_value(row, k)}" for k in ("pmid", "pmcid", "registry_id") if _value(row, k)]
        if notes:
            entry["notes"] = notes
        entries.append({k: v for k, v in entry.items() if v not in ("", [""])})
    return entries


def _bibtex_author(first_author: str) -> str:
    """'Obeng S' -> 'Obeng, S'; an issuing body (several words, not initials) stays whole in braces."""
    surname, _, initials = first_author.rpartition(" ")
    if surname and initials.isupper() and len(initials) <= 3:
        return f"{surname}, {initials}"
    return "{" + first_author + "}"


def bibtex_library(refs):
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for _, row in refs.iterrows():
        kind = "article" if _value(row, "doc_type") in ("journal-article", "review", "systematic-review", "guideline") else "misc"
        fields = [
            Field("author", _bibtex_author(_value(row, "first_author")) + " and others"),
            Field("title", "{" + _value(row, "title") + "}"),
        ]
        for name, column in (
            ("journal", "journal"),
            ("year", "year"),
            ("doi", "doi"),
            ("url", "url"),
            ("pmid", "pmid"),
            ("pmcid", "pmcid"),
        ):
            if _value(row, column):
                fields.append(Field(name, _value(row, column)))
        library.add(Entry(kind, _value(row, "ref_id"), fields))
    return library


def csl_items(refs) -> list[dict]:
    items = []
    for _, row in refs.iterrows():
        item = {
            "id": _value(row, "ref_id"),
            "type": "article-journal" if _value(row, "doc_type") != "government-document" else "legislation",
            "title": _value(row, "title"),
            "container-title": _value(row, "journal"),
            "author": [{"literal": _value(row, "first_author")}],
            "URL": _value(row, "url"),
        }
        if _value(row, "year"):
            item["issued"] = {"date-parts": [[int(_value(row, "year"))]]}
        for key, column in (("DOI", "doi"), ("PMID", "pmid"), ("PMCID", "pmcid")):
            if _value(row, column):
                item[key] = _value(row, column)
        items.append(item)
    return items


def export_reading_list(out_dir: Path | None = None) -> list[Path]:
    """Write data/references.csv as RIS, BibTeX and CSL-JSON for reference managers."""
    import bibtexparser
    import rispy

    out_dir = Path(out_dir or course_root() / "build")
    refs = data.load("references").sort_values("ref_id")
    texts = {  # everything computed before anything is written: a bad row leaves the old files in place
        out_dir / "reading-list.ris": rispy.dumps(ris_entries(refs)),
        out_dir / "reading-list.bib": bibtexparser.write_string(bibtex_library(refs)),
        out_dir / "reading-list.json": json.dumps(csl_items(refs), indent=1, ensure_ascii=False) + "\n",
    }
    for path, text in texts.items():
        with outputs.writing_file(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return list(texts)
