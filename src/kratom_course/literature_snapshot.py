"""The refreshed-metadata snapshot: `data/literature/`, a small Frictionless data package of its own.

Only `python -m kratom_course refresh` writes it, and it replaces the folder whole. Its own
`datapackage.json` declares the four tables below and carries the run's provenance (the queries as
sent, the services, the date, the counts, the tool version), so the course's loader validates it
like any other table: `load("pubmed_records")` is `kratom_course.data.load` pointed at this folder.
When no refresh has run, there is no snapshot: `exists()` is False and `load` returns None.
"""

from __future__ import annotations

import json
from pathlib import Path

from .paths import data_dir as _course_data_dir

SNAPSHOT_DIRNAME = "literature"
PACKAGE_NAME = "kratom-course-literature-snapshot"

_ID = {"required": True, "pattern": "^[a-z][a-z0-9_]*$"}
_DATE = {"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}


def _f(name: str, kind: str, description: str, **constraints) -> dict:
    field = {"name": name, "type": kind, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


# name -> (file, title, description, fields, primary key)
TABLES: dict[str, tuple[str, str, str, list[dict], list[str]]] = {
    "literature_runs": (
        "runs.csv",
        "Queries as sent, with their counts",
        "One row per declared query: the request as sent (API key and e-mail address left out), what the "
        "service reported, what was collected, and when.",
        [
            _f("query_id", "string", "id of the query in data/literature_queries.csv", **_ID),
            _f(
                "service",
                "string",
                "pubmed (NCBI E-utilities) or ctgov (ClinicalTrials.gov API v2)",
                required=True,
                enum=["pubmed", "ctgov"],
            ),
            _f("query_text", "string", "the query exactly as sent (esearch term or CT.gov query.term)", required=True),
            _f("request", "string", "the first request as sent: endpoint and parameters (no API key, no e-mail)", required=True),
            _f(
                "count_reported",
                "integer",
                "records the service said match (esearch Count or CT.gov totalCount)",
                required=True,
                minimum=0,
            ),
            _f("n_records", "integer", "records collected; equals count_reported", required=True, minimum=0),
            _f("n_requests", "integer", "HTTP requests this query took, retries included", required=True, minimum=0),
            _f("retrieved_at", "datetime", "when the query finished (UTC)", required=True),
        ],
        ["query_id"],
    ),
    "pubmed_year_counts": (
        "pubmed_year_counts.csv",
        "PubMed records per publication year",
        "Per query, the number of collected records by publication year (from PubDate, else SortPubDate).",
        [
            _f("query_id", "string", "id of the query in data/literature_queries.csv", **_ID),
            _f("year", "integer", "publication year", required=True, minimum=1800, maximum=2100),
            _f("n_records", "integer", "records published that year", required=True, minimum=1),
        ],
        ["query_id", "year"],
    ),
    "pubmed_records": (
        "pubmed_records.csv",
        "PubMed record metadata",
        "Per query, every matching PubMed record's metadata from esummary (version 2.0).",
        [
            _f("query_id", "string", "id of the query in data/literature_queries.csv", **_ID),
            _f("pmid", "integer", "PubMed id", required=True, minimum=1),
            _f("year", "integer", "publication year (PubDate, else SortPubDate); blank if none", minimum=1800, maximum=2100),
            _f("title", "string", "title as PubMed gives it, markup removed"),
            _f("journal", "string", "journal abbreviation (esummary Source)"),
            _f("journal_full", "string", "full journal name (esummary FullJournalName)"),
            _f("first_author", "string", "first listed author, as PubMed writes it"),
            _f("publication_types", "string", "semicolon-separated PubMed publication types"),
            _f("doi", "string", "DOI from the record's article ids; blank if none"),
        ],
        ["query_id", "pmid"],
    ),
    "ctgov_studies": (
        "ctgov_studies.csv",
        "Registered studies (ClinicalTrials.gov)",
        "Per query, every matching study's registry metadata from the ClinicalTrials.gov API v2.",
        [
            _f("query_id", "string", "id of the query in data/literature_queries.csv", **_ID),
            _f("nct_id", "string", "ClinicalTrials.gov identifier", required=True, pattern=r"^NCT\d{8}$"),
            _f("brief_title", "string", "brief title"),
            _f("official_title", "string", "official title"),
            _f("overall_status", "string", "overall recruitment status as the registry codes it (e.g. COMPLETED)"),
            _f("phases", "string", "semicolon-separated phases as the registry codes them (e.g. PHASE1)"),
            _f("study_type", "string", "INTERVENTIONAL, OBSERVATIONAL or EXPANDED_ACCESS"),
            _f("enrollment", "integer", "enrollment count (actual or anticipated, see enrollment_type)", minimum=0),
            _f("enrollment_type", "string", "ACTUAL or ESTIMATED"),
            _f("start_date", "string", "study start date (YYYY, YYYY-MM or YYYY-MM-DD)", **_DATE),
            _f("completion_date", "string", "study completion date (YYYY, YYYY-MM or YYYY-MM-DD)", **_DATE),
            _f("first_posted", "string", "date first posted", **_DATE),
            _f("last_update_posted", "string", "date of the last update posted; the status is as of this date", **_DATE),
            _f("lead_sponsor", "string", "lead sponsor"),
            _f("conditions", "string", "semicolon-separated conditions"),
        ],
        ["query_id", "nct_id"],
    ),
}


def columns(name: str) -> list[str]:
    return [f["name"] for f in TABLES[name][3]]


def descriptor(provenance: dict, created: str) -> dict:
    """The snapshot's datapackage.json: its tables and the run's provenance."""
    resources = []
    for name, (path, title, description, fields, key) in TABLES.items():
        resources.append(
            {
                "name": name,
                "path": path,
                "title": title,
                "description": description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "mediatype": "text/csv",
                "schema": {"fields": fields, "primaryKey": key},
            }
        )
    return {
        "name": PACKAGE_NAME,
        "title": "Literature metadata refreshed from PubMed and ClinicalTrials.gov",
        "description": "Written by `python -m kratom_course refresh`; replaced whole by the next refresh; "
        "not edited by hand. The queries are declared in data/literature_queries.csv.",
        "created": created,
        "sources": [
            {"title": "PubMed, through NCBI E-utilities", "path": provenance["eutils_url"]},
            {"title": "ClinicalTrials.gov API v2", "path": provenance["ctgov_url"]},
        ],
        "provenance": provenance,
        "resources": resources,
    }


def snapshot_dir(data_dir: Path | None = None) -> Path:
    return Path(data_dir or _course_data_dir()) / SNAPSHOT_DIRNAME


def exists(data_dir: Path | None = None) -> bool:
    return (snapshot_dir(data_dir) / "datapackage.json").is_file()


def load(name: str, data_dir: Path | None = None):
    """A snapshot table, validated and typed by the course's loader; None when no refresh has run."""
    if name not in TABLES:
        raise KeyError(f"no snapshot table named {name!r}; known: {', '.join(TABLES)}")
    if not exists(data_dir):
        return None
    from . import data

    return data.load(name, snapshot_dir(data_dir))


def provenance(data_dir: Path | None = None) -> dict | None:
    """The provenance record of the current snapshot (created, services, counts, tool version), or None."""
    if not exists(data_dir):
        return None
    package = json.loads((snapshot_dir(data_dir) / "datapackage.json").read_text(encoding="utf-8"))
    return {"created": package.get("created"), **package.get("provenance", {})}
