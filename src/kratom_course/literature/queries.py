"""The declared literature queries: `data/literature_queries.csv`, read as data, never written in code.

Each row is one query: `query_id`, `service` (`pubmed` for NCBI E-utilities, `ctgov` for the
ClinicalTrials.gov API v2), `query_text` (sent exactly as written: the esearch `term`, or the CT.gov
`query.term`) and `purpose`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

QUERIES_FILE = "literature_queries.csv"
COLUMNS = ["query_id", "service", "query_text", "purpose"]
SERVICES = ("pubmed", "ctgov")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class QueryFileError(ValueError):
    """The query file is missing or malformed; the message is one line naming file, line and problem."""


@dataclass(frozen=True)
class Query:
    query_id: str
    service: str
    text: str
    purpose: str


def read_queries(data_dir: Path) -> list[Query]:
    """The queries declared in `<data_dir>/literature_queries.csv`, in file order, checked."""
    path = Path(data_dir) / QUERIES_FILE
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != COLUMNS:
                raise QueryFileError(f"{path}: expected the columns {', '.join(COLUMNS)}, found {reader.fieldnames}")
            rows = list(reader)
    except OSError as exc:
        raise QueryFileError(f"{path}: cannot read the declared queries ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise QueryFileError(f"{path}: not a readable UTF-8 CSV ({exc})") from None
    queries, seen = [], set()
    for line, row in enumerate(rows, start=2):
        query = Query(row["query_id"] or "", row["service"] or "", row["query_text"] or "", row["purpose"] or "")
        if not _ID.match(query.query_id):
            raise QueryFileError(f"{path}, line {line}: query_id {query.query_id!r} is not a lower-case id")
        if query.query_id in seen:
            raise QueryFileError(f"{path}, line {line}: query_id {query.query_id!r} repeats an earlier row")
        if query.service not in SERVICES:
            raise QueryFileError(f"{path}, line {line}: service {query.service!r} is not one of {', '.join(SERVICES)}")
        if not query.text.strip():
            raise QueryFileError(f"{path}, line {line}: query_text is empty")
        seen.add(query.query_id)
        queries.append(query)
    if not queries:
        raise QueryFileError(f"{path}: declares no queries")
    return queries
