"""`python -m kratom_course refresh`: refresh the literature snapshot from PubMed and ClinicalTrials.gov.

What it does, in order:
1. reads the declared queries from `<data-dir>/literature_queries.csv`;
2. for each PubMed query, one esearch on the history server and then esummary in batches of
   `--batch-size` (default 500): total count, per-year counts and each record's PMID, year, title,
   journal, publication types and DOI; for each ClinicalTrials.gov query, `/studies` page by page
   until no `nextPageToken` is left;
3. builds the new snapshot in a temporary folder next to the data folder (same file system), writes
   its provenance into the snapshot's `datapackage.json`, and validates it with the course's loader;
4. only then swaps it in for `<data-dir>/literature/` in one atomic step (Linux `renameat2` exchange;
   elsewhere two renames with roll-back).
Any failure before step 4 (network down, an HTTP error after the retries, malformed or truncated
XML/JSON, a full disk) ends the run with exit status 2 and one line on stderr naming what failed;
the data folder is then byte for byte as it was.

Requests: at most 3 per second, or 10 with an NCBI API key (read from the NCBI_API_KEY environment
variable, sent in POST bodies only, never written anywhere); retries on 429/5xx/timeouts with
exponential backoff, honouring Retry-After, at most `--max-attempts` tries per request.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from .. import __version__, outputs
from .. import literature_snapshot as snapshot
from ..paths import data_dir as course_data_dir
from .ctgov import DEFAULT_CTGOV_URL, DEFAULT_PAGE_SIZE, Ctgov
from .eutils import DEFAULT_BATCH, DEFAULT_EUTILS_URL, MAX_BATCH, Eutils
from .http import MAX_RATE_WITH_KEY, MAX_RATE_WITHOUT_KEY, HttpClient, RetryPolicy, ServiceError, redact
from .queries import Query, QueryFileError, read_queries

API_KEY_ENV = "NCBI_API_KEY"
EMAIL_ENV = "NCBI_EMAIL"
EMAIL_WARNING = (
    f"no e-mail address given: NCBI asks every E-utilities request to carry one, so it can reach you before "
    f"blocking a problem; give --email or set {EMAIL_ENV}"
)
USER_AGENT = f"kratom-course/{__version__} (literature refresh)"


EXIT_ERROR = 2  # the course's status for "could not run" (kratom_course.cli documents all of them)


class SnapshotError(RuntimeError):
    """The new snapshot could not be built, validated or swapped in; the data folder is unchanged."""


@dataclass
class RefreshConfig:
    """Everything a refresh needs. `rate_per_s=None` means the NCBI limit (3/s, or 10/s with a key)."""

    data_dir: Path
    eutils_url: str = DEFAULT_EUTILS_URL
    ctgov_url: str = DEFAULT_CTGOV_URL
    email: str | None = None
    api_key: str | None = None
    rate_per_s: float | None = None
    batch_size: int = DEFAULT_BATCH
    page_size: int = DEFAULT_PAGE_SIZE
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    progress: bool | None = None  # None: a bar only when stderr is a terminal
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def eutils_rate(self) -> float:
        if self.rate_per_s is not None:
            return self.rate_per_s
        return MAX_RATE_WITH_KEY if self.api_key else MAX_RATE_WITHOUT_KEY

    def ctgov_rate(self) -> float:
        return self.rate_per_s if self.rate_per_s is not None else MAX_RATE_WITHOUT_KEY


@dataclass
class RefreshSummary:
    snapshot_dir: Path
    n_requests: int
    wall_time_s: float
    runs: list[dict]
    pubmed_queries: dict = field(default_factory=dict)  # query_id -> {query_translation, diagnostics}


# --- collecting ----------------------------------------------------------------------------------------
def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _progress_bar(enabled: bool, total: int | None, desc: str):
    if not enabled:
        return contextlib.nullcontext(None)
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rec", file=sys.stderr, leave=False)


def _pubmed(query: Query, client: Eutils, config: RefreshConfig, show: bool):
    before = client.http.requests_sent
    result = client.search(query.text, what=f"PubMed esearch for query {query.query_id}")
    for diagnostic in result.diagnostics:  # the query that ran is not quite the one written: say so now
        print(
            f"warning: query {query.query_id}: PubMed reports {diagnostic}; it ran as: {result.query_translation}",
            file=sys.stderr,
        )
    with _progress_bar(show, result.count, query.query_id) as bar:
        records = client.summaries_from_history(
            result,
            batch_size=config.batch_size,
            what=f"PubMed esummary for query {query.query_id}",
            progress=bar.update if bar is not None else None,
        )
    params = {"db": "pubmed", "term": query.text, "usehistory": "y", "retmax": "0", **client.public_params()}
    run = {
        "query_id": query.query_id,
        "service": "pubmed",
        "query_text": query.text,
        "request": f"POST {client.base_url}/esearch.fcgi?{urlencode(params)}; then esummary.fcgi "
        f"(version 2.0, history server) in batches of {config.batch_size}",
        "count_reported": result.count,
        "n_records": len(records),
        "n_requests": client.http.requests_sent - before,
        "retrieved_at": _stamp(config.now()),
    }
    rows = [
        {
            "query_id": query.query_id,
            "pmid": r.pmid,
            "year": r.year or "",
            "title": r.title,
            "journal": r.journal,
            "journal_full": r.journal_full,
            "first_author": r.first_author,
            "publication_types": "; ".join(r.publication_types),
            "doi": r.doi,
        }
        for r in sorted(records, key=lambda r: int(r.pmid))
    ]
    years = Counter(r.year for r in records if r.year)
    counts = [{"query_id": query.query_id, "year": y, "n_records": n} for y, n in sorted(years.items())]
    ran = {"query_translation": result.query_translation, "diagnostics": list(result.diagnostics)}
    return run, rows, counts, ran


def _ctgov(query: Query, client: Ctgov, config: RefreshConfig, show: bool):
    before = client.http.requests_sent
    with _progress_bar(show, None, query.query_id) as bar:
        outcome = client.search(
            query.text,
            page_size=config.page_size,
            what=f"ClinicalTrials.gov search for query {query.query_id}",
            progress=bar.update if bar is not None else None,
        )
    run = {
        "query_id": query.query_id,
        "service": "ctgov",
        "query_text": query.text,
        "request": f"GET {client.base_url}/studies?{urlencode(client.search_params(query.text, config.page_size))}"
        "; then pageToken=<nextPageToken> to the last page",
        "count_reported": outcome.total_reported if outcome.total_reported is not None else len(outcome.studies),
        "n_records": len(outcome.studies),
        "n_requests": client.http.requests_sent - before,
        "retrieved_at": _stamp(config.now()),
    }
    rows = [
        {
            "query_id": query.query_id,
            "nct_id": s.nct_id,
            "brief_title": s.brief_title,
            "official_title": s.official_title,
            "overall_status": s.overall_status,
            "phases": "; ".join(s.phases),
            "study_type": s.study_type,
            "enrollment": "" if s.enrollment is None else s.enrollment,
            "enrollment_type": s.enrollment_type,
            "start_date": s.start_date,
            "completion_date": s.completion_date,
            "first_posted": s.first_posted,
            "last_update_posted": s.last_update_posted,
            "lead_sponsor": s.lead_sponsor,
            "conditions": "; ".join(s.conditions),
        }
        for s in sorted(outcome.studies, key=lambda s: s.nct_id)
    ]
    return run, rows


# --- writing, validating, swapping -----------------------------------------------------------------------
def _write_file(path: Path, data: bytes) -> None:
    """Write and fsync one file (the one place the refresh writes bytes; tests make it fail)."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_snapshot(folder: Path, tables: dict[str, list[dict]], provenance: dict, created: str) -> None:
    folder.mkdir()
    for name, rows in tables.items():
        _write_file(folder / snapshot.TABLES[name][0], _csv_bytes(snapshot.columns(name), rows))
    package = json.dumps(snapshot.descriptor(provenance, created), indent=1, ensure_ascii=False) + "\n"
    _write_file(folder / "datapackage.json", package.encode("utf-8"))
    outputs.sync_folder(folder)


def validate_snapshot(folder: Path, queries: list[Query]) -> None:
    """The data contract (schemas, keys) through the course's loader, then the counts add up."""
    from .. import data

    for name in snapshot.TABLES:
        try:
            data.validate(name, folder)
        except data.DataValidationError as exc:
            lines = str(exc).splitlines()
            problem = lines[1].strip() if len(lines) > 1 else lines[0]
            raise SnapshotError(f"the new snapshot breaks its schema ({name}): {problem}") from None
    runs = {r["query_id"]: r for r in _read_csv(folder / snapshot.TABLES["literature_runs"][0])}
    missing = [q.query_id for q in queries if q.query_id not in runs]
    if missing:
        raise SnapshotError(f"the new snapshot lacks the queries {', '.join(missing)}")
    records = Counter(r["query_id"] for r in _read_csv(folder / snapshot.TABLES["pubmed_records"][0]))
    studies = Counter(r["query_id"] for r in _read_csv(folder / snapshot.TABLES["ctgov_studies"][0]))
    for query_id, run in runs.items():
        held = records[query_id] if run["service"] == "pubmed" else studies[query_id]
        if not int(run["count_reported"]) == int(run["n_records"]) == held:
            raise SnapshotError(
                f"query {query_id}: the service reported {run['count_reported']} records, "
                f"{run['n_records']} were collected and {held} written"
            )


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def install(new: Path, target: Path, trash: Path) -> None:
    """Put folder `new` at `target` in one step; the previous `target`, if any, ends at `new` or `trash`."""
    if target.exists() and not target.is_dir():
        raise SnapshotError(f"{target} exists and is not a folder")
    outputs.replace_folder(new, target, trash)


# --- the run -------------------------------------------------------------------------------------------
def refresh(config: RefreshConfig) -> RefreshSummary:
    """Run the refresh; on success the snapshot is replaced, on any exception the data folder is untouched."""
    started = time.monotonic()
    data_dir = Path(config.data_dir)
    if not data_dir.is_dir():
        raise SnapshotError(f"the data folder {data_dir} does not exist")
    if not 1 <= config.batch_size <= MAX_BATCH:
        raise ValueError(f"batch size must be between 1 and {MAX_BATCH}")
    queries = read_queries(data_dir)
    if not config.email and any(q.service == "pubmed" for q in queries):  # said before the first request
        print(f"warning: {EMAIL_WARNING}", file=sys.stderr)
    show = sys.stderr.isatty() if config.progress is None else config.progress
    secrets = (config.api_key,) if config.api_key else ()
    begun = config.now()
    runs, records, counts, studies, pubmed_queries = [], [], [], [], {}
    with (
        HttpClient(config.eutils_rate(), config.retry, secrets, USER_AGENT) as ncbi,
        HttpClient(config.ctgov_rate(), config.retry, secrets, USER_AGENT) as registry,
    ):
        eutils = Eutils(ncbi, config.eutils_url, api_key=config.api_key, email=config.email)
        ctgov = Ctgov(registry, config.ctgov_url)
        for query in queries:
            if query.service == "pubmed":
                run, rows, per_year, pubmed_queries[query.query_id] = _pubmed(query, eutils, config, show)
                records += rows
                counts += per_year
            else:
                run, rows = _ctgov(query, ctgov, config, show)
                studies += rows
            runs.append(run)
        n_requests = ncbi.requests_sent + registry.requests_sent
    finished = config.now()
    provenance = {
        "tool": "python -m kratom_course refresh",
        "tool_version": __version__,
        "python": sys.version.split()[0],
        "eutils_url": eutils.base_url,
        "ctgov_url": ctgov.base_url,
        "queries_file": "data/literature_queries.csv",
        "started": _stamp(begun),
        "finished": _stamp(finished),
        "api_key_used": bool(config.api_key),
        "email_supplied": bool(config.email),
        "rate_limit_per_s": {"eutils": config.eutils_rate(), "ctgov": config.ctgov_rate()},
        "batch_size": config.batch_size,
        "page_size": config.page_size,
        "n_requests": n_requests,
        "counts": {r["query_id"]: r["n_records"] for r in runs},
        # what PubMed says it ran (its translation) and its ErrorList/WarningList, per query
        "pubmed_queries": pubmed_queries,
    }
    tables = {"literature_runs": runs, "pubmed_year_counts": counts, "pubmed_records": records, "ctgov_studies": studies}
    target = snapshot.snapshot_dir(data_dir)
    workspace = Path(tempfile.mkdtemp(prefix=".literature-refresh-", dir=data_dir.parent))
    try:
        new = workspace / snapshot.SNAPSHOT_DIRNAME
        write_snapshot(new, tables, provenance, _stamp(finished))
        validate_snapshot(new, queries)
        install(new, target, workspace / "previous")
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return RefreshSummary(target, n_requests, time.monotonic() - started, runs, pubmed_queries)


# --- command line --------------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.description = (
        "Refresh data/literature/ (PubMed counts and record metadata, registered studies) from NCBI "
        "E-utilities and ClinicalTrials.gov, for the queries declared in data/literature_queries.csv. "
        f"All or nothing. Set {API_KEY_ENV} in the environment to use an NCBI API key (10 requests/s "
        "instead of 3); the key is never written anywhere."
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="the course's data folder (default: data/)")
    parser.add_argument("--eutils-url", default=DEFAULT_EUTILS_URL, help=f"E-utilities base (default {DEFAULT_EUTILS_URL})")
    parser.add_argument(
        "--ctgov-url", default=DEFAULT_CTGOV_URL, help=f"ClinicalTrials.gov API base (default {DEFAULT_CTGOV_URL})"
    )
    parser.add_argument(
        "--email", default=None, help=f"your e-mail address, sent to NCBI as it asks (not stored; default ${EMAIL_ENV})"
    )
    parser.add_argument(
        "--batch-size", type=int, default=DEFAULT_BATCH, help=f"PubMed records per esummary request (default {DEFAULT_BATCH})"
    )
    parser.add_argument(
        "--rate", type=float, default=None, help="requests per second (default and maximum: 3, or 10 with an API key)"
    )
    parser.add_argument(
        "--max-attempts", type=int, default=RetryPolicy.attempts, help="tries per request, first included (default 5)"
    )
    parser.add_argument("--timeout", type=float, default=RetryPolicy.timeout_s, help="seconds to wait for an answer (default 30)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    return parser


def build_parser(subparsers) -> argparse.ArgumentParser:
    """Register `refresh` on an `add_subparsers()` object; the parser's default `func` is `run`."""
    parser = subparsers.add_parser("refresh", help="refresh the literature snapshot from PubMed and ClinicalTrials.gov")
    add_arguments(parser)
    parser.set_defaults(func=run)
    return parser


def config_from_args(args: argparse.Namespace) -> RefreshConfig:
    api_key = os.environ.get(API_KEY_ENV, "").strip() or None
    limit = MAX_RATE_WITH_KEY if api_key else MAX_RATE_WITHOUT_KEY
    if args.rate is not None and not 0 < args.rate <= limit:
        raise ValueError(f"--rate must be above 0 and at most {limit:g} requests per second")
    if not 1 <= args.batch_size <= MAX_BATCH:
        raise ValueError(f"--batch-size must be between 1 and {MAX_BATCH}")
    return RefreshConfig(
        data_dir=args.data_dir or course_data_dir(),
        eutils_url=args.eutils_url,
        ctgov_url=args.ctgov_url,
        email=args.email or os.environ.get(EMAIL_ENV, "").strip() or None,
        api_key=api_key,
        rate_per_s=args.rate,
        batch_size=args.batch_size,
        retry=RetryPolicy(attempts=args.max_attempts, timeout_s=args.timeout),
        progress=False if args.no_progress else None,
    )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def run(args: argparse.Namespace) -> int:
    """Run `refresh` from parsed arguments; 0 on success, 2 when it could not (one line on stderr)."""
    try:
        config = config_from_args(args)
    except (ValueError, OSError) as exc:  # a bad option; no course folder (CourseFolderNotFound)
        print(_one_line(f"refresh failed: {exc}; the data folder is unchanged"), file=sys.stderr)
        return EXIT_ERROR
    return execute(config)


def execute(config: RefreshConfig) -> int:
    """Run a refresh and report it: a summary on stdout, or one line on stderr and status 2 (130 if interrupted)."""
    secrets = (config.api_key,) if config.api_key else ()

    def fail(message: str) -> int:
        print(redact(_one_line(f"refresh failed: {message}; the data folder is unchanged"), secrets), file=sys.stderr)
        return EXIT_ERROR

    try:
        summary = refresh(config)
    except KeyboardInterrupt:
        print("refresh interrupted; the data folder is unchanged", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"could not write or install the snapshot: {exc.strerror or exc}{where}")
    except (ServiceError, QueryFileError, SnapshotError, ValueError) as exc:
        return fail(str(exc))
    total = sum(r["n_records"] for r in summary.runs)
    print(
        f"refreshed {summary.snapshot_dir}: {len(summary.runs)} queries, {total} records, "
        f"{summary.n_requests} requests in {summary.wall_time_s:.1f} s"
    )
    for r in summary.runs:
        print(f"  {r['query_id']:<24} {r['service']:<7} {r['n_records']:>6} records  {r['n_requests']:>4} requests")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = add_arguments(argparse.ArgumentParser(prog="python -m kratom_course refresh"))
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
