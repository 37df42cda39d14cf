"""Render references from data/references.csv for notebooks, and export them for reference managers.

Learner-facing lists (`reference_list`) link each item to its open primary record: PubMed Central before
the DOI before PubMed before the stored `url`; a stored URL that is a staging server, or the secondary copy
of a scholarly item (its `verified_record` is `secondary-copy`), is not offered as the link to follow.
`verified_url` is provenance, never a learner's link.

The reading list (`export_reading_list`: RIS, BibTeX, CSL-JSON) types each item by what it is, gives
structured author names, and carries volume, issue and pages when `references.csv` has those columns.
Columns read when present (the table may not have them yet):
- `authors`: every author, "Family Initials" separated by "; " ("Smith KE; Jones A"); a last entry
  "et al." says more authors exist. Without it, `first_author` is the only name, and no "et al." is added.
- `volume`, `issue`, `pages` ("209-218", or an article number such as "e6588").
- `csl_type`: a CSL type refining `doc_type` where the kind of document needs a judgement (a law is
  `legislation`, a bill `bill`, a regulation `regulation`); without it a government document is a `report`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from . import data, outputs
from .paths import course_root
from .tables import Markdown


def _present(value) -> bool:
    return not pd.isna(value) and str(value) != ""


def _value(row, column) -> str:
    """The cell as text; '' when blank or when the table has no such column (yet)."""
    value = row.get(column) if hasattr(row, "get") else row[column]
    return "" if value is None or pd.isna(value) else str(value).strip()


# --- learner-facing lists --------------------------------------------------------------------------------
_STAGING_LABELS = {"stage", "staging"}


def is_staging_url(url: str) -> bool:
    """A pre-release server (`www-stage.example.org`, `staging.example.org`): never a link for learners."""
    host = urlsplit(url).hostname or ""
    return any(label in _STAGING_LABELS for label in re.split(r"[.-]", host))


SCHOLARLY_TYPES = {"journal-article", "review", "systematic-review", "guideline", "book-chapter"}


def learner_links(row) -> list[tuple[str, str]]:
    """(label, URL) for a learner, the open primary record first: PMC, DOI, PubMed, registry, stored URL."""
    links = []
    if _value(row, "pmcid"):
        links.append((_value(row, "pmcid"), f"https://pmc.ncbi.nlm.nih.gov/articles/{_value(row, 'pmcid')}/"))
    if _value(row, "doi"):
        links.append((f"doi {_value(row, 'doi')}", f"https://doi.org/{_value(row, 'doi')}"))
    if _value(row, "pmid"):
        links.append((f"PMID {_value(row, 'pmid')}", f"https://pubmed.ncbi.nlm.nih.gov/{_value(row, 'pmid')}/"))
    if _value(row, "registry_id"):
        links.append((_value(row, "registry_id"), f"https://clinicaltrials.gov/study/{_value(row, 'registry_id')}"))
    url = _value(row, "url")
    secondary_copy = (
        _value(row, "verified_record") == "secondary-copy"
        and url == _value(row, "verified_url")
        and _value(row, "doc_type") in SCHOLARLY_TYPES
    )
    if not links and url and not is_staging_url(url) and not secondary_copy:
        links.append(("record", url))
    return links


def format_reference(row: pd.Series) -> str:
    """One reference as a Markdown line: author (year), title, source, and its links, the primary first."""
    title = row["title"] if str(row["title"]).endswith(("?", "!", ".")) else f"{row['title']}."
    author = _value(row, "first_author") or "Author not recorded"
    year = _value(row, "year").removesuffix(".0") or "n.d."
    journal = f" *{row['journal']}*." if _present(row["journal"]) else ""
    line = f"**{row['ref_id']}**: {author} ({year}). {title}{journal}"
    links = learner_links(row)
    return line + (" " + "; ".join(f"[{label}]({url})" for label, url in links) if links else "")


def reference_list(ref_ids: Iterable[str] | None = None) -> Markdown:
    """Markdown list of the given references (all if None), sorted by id; unknown ids raise KeyError."""
    refs = data.load("references").set_index("ref_id", drop=False)
    wanted = sorted(set(ref_ids)) if ref_ids is not None else sorted(refs.index)
    missing = [r for r in wanted if r not in refs.index]
    if missing:
        raise KeyError(f"not in data/references.csv: {', '.join(missing)}")
    return Markdown("\n".join(f"- {format_reference(refs.loc[r])}" for r in wanted))


# --- what each item is -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemType:
    """One kind of item in the three formats: CSL type, RIS TY, BibTeX entry type."""

    csl: str
    ris: str
    bibtex: str


ARTICLE = ItemType("article-journal", "JOUR", "article")
REPORT = ItemType("report", "RPRT", "techreport")
WEBPAGE = ItemType("webpage", "ELEC", "misc")

BY_DOC_TYPE = {  # every doc_type of data/references.csv; an unknown one is an error, never a silent default
    "journal-article": ARTICLE,
    "review": ARTICLE,
    "systematic-review": ARTICLE,
    "guideline": ARTICLE,  # published in a journal; without a journal it is a report (below)
    "report": REPORT,
    "government-document": ItemType("report", "GOVDOC", "techreport"),  # a law only by `csl_type`
    "web-page": WEBPAGE,
    # CSL has no registry-record type: a web page with its genre and number; RIS has DBASE for it
    "trial-registration": ItemType("webpage", "DBASE", "misc"),
    "book-chapter": ItemType("chapter", "CHAP", "incollection"),
}
BY_CSL_TYPE = {  # the refinements `csl_type` may ask for
    "article-journal": ARTICLE,
    "report": REPORT,
    "webpage": WEBPAGE,
    "legislation": ItemType("legislation", "STAT", "misc"),
    "bill": ItemType("bill", "BILL", "misc"),
    "regulation": ItemType("regulation", "GOVDOC", "misc"),
    "article-newspaper": ItemType("article-newspaper", "NEWS", "misc"),
    "chapter": ItemType("chapter", "CHAP", "incollection"),
    "dataset": ItemType("dataset", "DBASE", "misc"),
}


def item_type(row) -> ItemType:
    refined = _value(row, "csl_type")
    if refined:
        if refined not in BY_CSL_TYPE:
            raise ValueError(f"{_value(row, 'ref_id')}: csl_type {refined!r} is not one of {', '.join(BY_CSL_TYPE)}")
        return BY_CSL_TYPE[refined]
    doc_type = _value(row, "doc_type")
    if doc_type not in BY_DOC_TYPE:
        raise ValueError(f"{_value(row, 'ref_id')}: doc_type {doc_type!r} has no reading-list type; add it to BY_DOC_TYPE")
    kind = BY_DOC_TYPE[doc_type]
    return REPORT if kind is ARTICLE and not _value(row, "journal") else kind


# --- names -------------------------------------------------------------------------------------------------
_INITIALS = re.compile(r"^[A-Z](?:-?[A-Z]){0,3}$")
_MORE = {"et al", "et al.", "and others"}


def person_name(name: str) -> dict:
    """'Smith KE' -> {'family': 'Smith', 'given': 'K. E.'}; an organisation stays whole: {'literal': ...}."""
    words = name.split()
    looks_personal = len(words) >= 2 and len(words) <= 5 and not re.search(r"[&,()\d]", name)
    if looks_personal and _INITIALS.match(words[-1]):
        initials = re.findall(r"-?[A-Z]", words[-1])
        return {"family": " ".join(words[:-1]), "given": " ".join(f"{i}." for i in initials).replace(" -", "-")}
    return {"literal": name}


def author_list(row) -> tuple[list[dict], bool]:
    """The item's authors as CSL names, and whether more authors are known to exist ("et al.")."""
    text = _value(row, "authors") or _value(row, "first_author")
    names = [n.strip() for n in text.split(";") if n.strip()] if _value(row, "authors") else ([text] if text else [])
    more = bool(names) and names[-1].lower() in _MORE
    return [person_name(n) for n in names if n.lower() not in _MORE], more


def _ris_name(name: dict) -> str:
    """RIS: 'Family, Given'; an organisation ends with a comma, the RIS convention that keeps it whole."""
    return f"{name['literal']}," if "literal" in name else f"{name['family']}, {name['given']}"


def _bibtex_name(name: dict) -> str:
    return "{" + name["literal"] + "}" if "literal" in name else f"{name['family']}, {name['given']}"


def _pages(row) -> tuple[str, str]:
    """(first, last) page; last is '' for a single page or an article number."""
    first, _, last = _value(row, "pages").replace("–", "-").partition("-")
    return first.strip(), last.strip()


# --- the three formats -------------------------------------------------------------------------------------
def csl_item(row) -> dict:
    kind = item_type(row)
    names, _ = author_list(row)  # CSL has no "and others": a style adds et al. from the list's length
    item = {"id": _value(row, "ref_id"), "type": kind.csl, "title": _value(row, "title")}
    if names:
        item["author"] = names
    source = _value(row, "journal")
    if source:
        item["publisher" if kind.csl in ("report", "legislation", "bill", "regulation") else "container-title"] = source
    if _value(row, "year"):
        item["issued"] = {"date-parts": [[int(float(_value(row, "year")))]]}
    for key, column in (("volume", "volume"), ("issue", "issue"), ("page", "pages")):
        if _value(row, column):
            item[key] = _value(row, column).replace("–", "-")
    for key, column in (("DOI", "doi"), ("PMID", "pmid"), ("PMCID", "pmcid"), ("URL", "url")):
        if _value(row, column):
            item[key] = _value(row, column)
    if _value(row, "doc_type") == "trial-registration":
        item["genre"] = "Clinical trial registration"
        if _value(row, "registry_id"):
            item["number"] = _value(row, "registry_id")
    return item


def csl_items(refs) -> list[dict]:
    return [csl_item(row) for _, row in refs.iterrows()]


def ris_entry(row) -> dict:
    kind = item_type(row)
    names, more = author_list(row)
    entry = {"type_of_reference": kind.ris, "id": _value(row, "ref_id"), "title": _value(row, "title")}
    if names:
        entry["authors"] = [_ris_name(n) for n in names] + (["et al."] if more else [])
    source = _value(row, "journal")
    if source:
        entry["journal_name" if kind.ris == "JOUR" else "publisher" if kind.csl == "report" else "secondary_title"] = source
    first, last = _pages(row)
    for key, value in (
        ("year", _value(row, "year").removesuffix(".0")),
        ("volume", _value(row, "volume")),
        ("number", _value(row, "issue")),
        ("start_page", first),
        ("end_page", last),
        ("doi", _value(row, "doi")),
    ):
        if value:
            entry[key] = value
    if _value(row, "url"):
        entry["urls"] = [_value(row, "url")]
    notes = [f"{k.upper()}: {_value(row, k)}" for k in ("pmid", "pmcid", "registry_id") if _value(row, k)]
    if notes:
        entry["notes"] = notes
    return entry


def ris_entries(refs) -> list[dict]:
    return [ris_entry(row) for _, row in refs.iterrows()]


def bibtex_fields(row) -> tuple[str, list[tuple[str, str]]]:
    """(entry type, [(field, value), ...]) of one item."""
    kind = item_type(row)
    names, more = author_list(row)
    fields = []
    if names:
        fields.append(("author", " and ".join(_bibtex_name(n) for n in names) + (" and others" if more else "")))
    fields.append(("title", "{" + _value(row, "title") + "}"))
    source = _value(row, "journal")
    container = {"article": "journal", "techreport": "institution", "incollection": "booktitle"}.get(kind.bibtex, "howpublished")
    if source:
        fields.append((container, source))
    first, last = _pages(row)
    for name, value in (
        ("year", _value(row, "year").removesuffix(".0")),
        ("volume", _value(row, "volume")),
        ("number", _value(row, "issue")),
        ("pages", f"{first}--{last}" if last else first),
        ("doi", _value(row, "doi")),
        ("url", _value(row, "url")),
        ("pmid", _value(row, "pmid")),
        ("pmcid", _value(row, "pmcid")),
        ("note", f"Clinical trial registration {_value(row, 'registry_id')}" if _value(row, "registry_id") else ""),
    ):
        if value:
            fields.append((name, value))
    return kind.bibtex, fields


def bibtex_library(refs):
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for _, row in refs.iterrows():
        kind, fields = bibtex_fields(row)
        library.add(Entry(kind, _value(row, "ref_id"), [Field(name, value) for name, value in fields]))
    return library


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
