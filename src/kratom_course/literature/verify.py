"""`python -m kratom_course verify`: check every reference against its public record; change nothing in data/.

For each row of `data/references.csv`:
- with a PMID: PubMed's esummary (batched, 200 ids per request) gives title, year, first author,
  journal and DOI; a PMID PubMed does not know (withdrawn, deleted, mistyped) is `not-found`; a record
  PubMed marks as a retracted publication is `flagged`;
  once references.csv has the columns `volume`, `issue` and `pages`, those are compared too (PubMed's
  shortened last page, "209-18", reads as 209-218);
- with an NCT number (`registry_id`): ClinicalTrials.gov (`filter.ids`, batched) gives the brief and
  official titles and the submission, posting and start dates; registry records have no authors or
  journal, so those are not compared; a withdrawn study is `flagged`;
- with neither: `unverifiable` by this route (the DOI alone is not looked up here).

Comparisons are forgiving about form and strict about content: titles compared after removing markup,
case, accents, punctuation and a trailing period; the year matches the print or the electronic
publication year (for a registry record: first submitted, first posted or start); the first author by
surname and first initial; the journal against PubMed's abbreviation or full name; the DOI without
case or a https://doi.org/ prefix. A value present in the record but blank in the reference is a `gap`,
not a disagreement.

Output: a table on stdout and a machine-readable report (`--out`, default build/verify-report.csv; JSON
when the name ends in .json) with one row per finding and one `ok` row per reference that agrees.
With `--suggest FILE`, also a CSV of what the records say for every field verify reads (all authors,
volume, issue, pages, DOI, PMCID, ...) in references.csv's column names, with the columns that differ
named: a worksheet for a maintainer, who copies what the record shows under the evidence protocol.
verify never edits data/; neither file may be written inside it.
Exit status: 0 when every checked reference agrees, 1 when any disagrees or is not found, 2 when the
check could not run (a service failed after its retries, the references could not be read); then no
report is written, since a partial one would mislead.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import os
import re
import sys
import textwrap
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import outputs
from ..paths import course_root
from ..paths import data_dir as course_data_dir
from .ctgov import DEFAULT_CTGOV_URL, NCT, Ctgov, Study
from .eutils import DEFAULT_EUTILS_URL, INLINE_TAG, Eutils, PubmedRecord
from .http import MAX_RATE_WITH_KEY, MAX_RATE_WITHOUT_KEY, HttpClient, RetryPolicy, ServiceError, redact
from .refresh import API_KEY_ENV, EMAIL_ENV, EMAIL_WARNING, USER_AGENT

REFERENCES_FILE = "references.csv"
REPORT_COLUMNS = ["ref_id", "id_type", "identifier", "status", "field", "reference_value", "record_value", "note"]
STATUS_ORDER = ["mismatch", "not-found", "flagged", "gap", "unverifiable", "ok"]
PROBLEM_STATUSES = {"mismatch", "not-found"}
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_SUFFIXES = {"jr", "sr", "2nd", "3rd", "ii", "iii", "iv"}


@dataclass(frozen=True)
class Finding:
    ref_id: str
    id_type: str  # pmid | nct | none
    identifier: str
    status: str  # ok | mismatch | not-found | flagged | gap | unverifiable
    field: str = ""
    reference_value: str = ""
    record_value: str = ""
    note: str = ""


# --- normalising -----------------------------------------------------------------------------------------
def normalise_text(text: str | None) -> str:
    """Lower-case words only: PubMed's inline tags, entities, accents, punctuation and extra spaces removed
    (a literal "<" or ">" in a title is kept as text until punctuation goes)."""
    text = INLINE_TAG.sub("", html.unescape(text or ""))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


def normalise_journal(name: str | None) -> str:
    text = normalise_text((name or "").replace("&", " and "))
    return text[4:] if text.startswith("the ") else text


def normalise_doi(doi: str | None) -> str:
    text = (doi or "").strip().lower()
    text = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", text)
    return text.rstrip(".")


def author_key(name: str | None) -> tuple[str, str]:
    """(surname, first initial) of a PubMed-style name such as 'Culpepper-Morgan JA' or 'Hambrick GW Jr'."""
    tokens = (name or "").replace(",", " ").split()
    while tokens and normalise_text(tokens[-1]) in _SUFFIXES:
        tokens.pop()
    initial = ""
    if len(tokens) > 1 and _INITIALS.match(tokens[-1]):
        initial = tokens.pop()[0].lower()
    return normalise_text(" ".join(tokens)), initial


def same_author(reference: str, record: str) -> bool:
    (ref_surname, ref_initial), (rec_surname, rec_initial) = author_key(reference), author_key(record)
    if ref_surname != rec_surname:
        return False
    return not (ref_initial and rec_initial) or ref_initial == rec_initial


# --- comparing -------------------------------------------------------------------------------------------
def page_range(pages: str | None) -> tuple[str, str]:
    """'209-18' -> ('209', '218'): PubMed shortens the last page; an article number stays as it is."""
    first, _, last = (pages or "").replace("–", "-").replace(" ", "").lower().partition("-")
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def same_pages(reference: str | None, record: str | None) -> bool:
    return page_range(reference) == page_range(record)


def _issue(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def _year(value: str) -> int | None:
    value = (value or "").strip()
    return int(value[:4]) if re.match(r"^\d{4}", value) else None


def compare_pubmed(ref: dict, record: PubmedRecord | None) -> list[Finding]:
    rid, pmid = ref["ref_id"], ref["pmid"].strip()

    def finding(status, field="", ref_value="", rec_value="", note=""):
        return Finding(rid, "pmid", pmid, status, field, str(ref_value), str(rec_value), note)

    if record is None:
        return [finding("not-found", "pmid", pmid, "", "PubMed has no summary for this PMID (withdrawn, deleted or mistyped)")]
    out = []
    checks = [
        ("title", ref.get("title", ""), record.title, normalise_text(ref.get("title")) == normalise_text(record.title)),
        (
            "year",
            ref.get("year", ""),
            record.year or "",
            _year(ref.get("year", "")) in {y for y in (record.year, record.epub_year) if y},
        ),
        (
            "first_author",
            ref.get("first_author", ""),
            record.first_author,
            same_author(ref.get("first_author", ""), record.first_author),
        ),
        (
            "journal",
            ref.get("journal", ""),
            record.journal or record.journal_full,
            normalise_journal(ref.get("journal")) in {normalise_journal(record.journal), normalise_journal(record.journal_full)},
        ),
        ("doi", ref.get("doi", ""), record.doi, normalise_doi(ref.get("doi")) == normalise_doi(record.doi)),
    ]
    if "volume" in ref:  # compared once references.csv has the columns (a blank cell is then a gap)
        checks += [
            ("volume", ref.get("volume", ""), record.volume, _issue(ref.get("volume")) == _issue(record.volume)),
            ("issue", ref.get("issue", ""), record.issue, _issue(ref.get("issue")) == _issue(record.issue)),
            ("pages", ref.get("pages", ""), record.pages, same_pages(ref.get("pages"), record.pages)),
        ]
    for field, ref_value, rec_value, agrees in checks:
        ref_value, rec_value = (ref_value or "").strip(), str(rec_value or "").strip()
        if agrees:
            continue
        if not rec_value:
            continue  # the record says nothing: nothing to compare
        if not ref_value:
            out.append(finding("gap", field, "", rec_value, "blank in the reference; the record has a value"))
            continue
        note = ""
        if field == "year" and record.epub_year and record.epub_year != record.year:
            note = f"print year {record.year}, electronic {record.epub_year}"
        if field == "journal" and record.journal_full:
            note = f"full name: {record.journal_full}"
        out.append(finding("mismatch", field, ref_value, rec_value, note))
    retracted = [t for t in record.publication_types if "retract" in t.lower()]
    if retracted:
        out.append(finding("flagged", "publication_types", "", "; ".join(retracted), "PubMed marks this record"))
    return out or [finding("ok")]


def compare_registry(ref: dict, study: Study | None) -> list[Finding]:
    rid, nct = ref["ref_id"], ref["registry_id"].strip().upper()

    def finding(status, field="", ref_value="", rec_value="", note=""):
        return Finding(rid, "nct", nct, status, field, str(ref_value), str(rec_value), note)

    if study is None:
        return [finding("not-found", "registry_id", nct, "", "ClinicalTrials.gov has no study with this number")]
    out = []
    title = (ref.get("title") or "").strip()
    titles = {normalise_text(study.brief_title), normalise_text(study.official_title)}
    if title and normalise_text(title) not in titles:
        out.append(finding("mismatch", "title", title, study.brief_title, f"official title: {study.official_title}"))
    elif not title and study.brief_title:
        out.append(finding("gap", "title", "", study.brief_title, "blank in the reference"))
    dates = {"first submitted": study.first_submitted, "first posted": study.first_posted, "start": study.start_date}
    years = {_year(d) for d in dates.values() if _year(d)}
    ref_year = _year(ref.get("year", ""))
    if ref_year and years and ref_year not in years:
        shown = ", ".join(f"{k} {v}" for k, v in dates.items() if v)
        out.append(finding("mismatch", "year", ref_year, _year(study.first_posted) or "", shown))
    elif not ref_year and years:
        out.append(finding("gap", "year", "", _year(study.first_posted) or min(years), "blank in the reference"))
    if study.overall_status.upper() == "WITHDRAWN":
        out.append(finding("flagged", "overall_status", "", study.overall_status, "withdrawn before enrolling"))
    return out or [finding("ok")]


# --- running -----------------------------------------------------------------------------------------------
def read_references(data_dir: Path) -> list[dict]:
    path = Path(data_dir) / REFERENCES_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    needed = {"ref_id", "first_author", "year", "title", "journal", "pmid", "doi", "registry_id"}
    if rows and not needed <= set(rows[0]):
        raise ValueError(f"{path}: lacks the columns {', '.join(sorted(needed - set(rows[0])))}")
    return rows


def lookup(
    references: list[dict], eutils: Eutils, ctgov: Ctgov, *, pubmed_batch: int = 200, ctgov_batch: int = 100
) -> tuple[dict, dict]:
    """The public records of every reference: PubMed summaries by PMID, then registry studies by NCT number."""
    pmids = [r["pmid"].strip() for r in references if (r.get("pmid") or "").strip().isdigit()]
    ncts = [r["registry_id"].strip().upper() for r in references if NCT.match((r.get("registry_id") or "").strip().upper())]
    records = eutils.summaries_by_id(pmids, batch_size=pubmed_batch) if pmids else {}
    studies = ctgov.studies_by_id(ncts, batch_size=ctgov_batch) if ncts else {}
    return records, studies


def check(
    references: list[dict], eutils: Eutils, ctgov: Ctgov, *, pubmed_batch: int = 200, ctgov_batch: int = 100
) -> list[Finding]:
    """Findings for every reference, in file order (looks up all PMIDs first, then all NCT numbers)."""
    records, studies = lookup(references, eutils, ctgov, pubmed_batch=pubmed_batch, ctgov_batch=ctgov_batch)
    return compare_all(references, records, studies)


def compare_all(references: list[dict], records: dict, studies: dict) -> list[Finding]:
    findings: list[Finding] = []
    for ref in references:
        pmid, reg = (ref.get("pmid") or "").strip(), (ref.get("registry_id") or "").strip().upper()
        checked = False
        if pmid:
            checked = True
            if pmid.isdigit():
                findings += compare_pubmed(ref, records.get(pmid))
            else:
                findings.append(Finding(ref["ref_id"], "pmid", pmid, "mismatch", "pmid", pmid, "", "not a PMID (digits only)"))
        if reg:
            checked = True
            if NCT.match(reg):
                findings += compare_registry(ref, studies.get(reg))
            else:
                findings.append(
                    Finding(
                        ref["ref_id"],
                        "registry",
                        reg,
                        "unverifiable",
                        "registry_id",
                        reg,
                        "",
                        "not an NCT number; other registries are not looked up here",
                    )
                )
        if not checked:
            other = [name for name, key in (("PMCID", "pmcid"), ("DOI", "doi")) if (ref.get(key) or "").strip()]
            note = f"{' and '.join(other)} only; not looked up by this route" if other else "no PMID or NCT number"
            findings.append(Finding(ref["ref_id"], "none", "", "unverifiable", note=note))
    return findings


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


_SAME = {  # the comparisons `verify` itself makes, so `differs` flags only real differences
    "title": lambda a, b: normalise_text(a) == normalise_text(b),
    "first_author": same_author,
    "journal": lambda a, b: normalise_journal(a) == normalise_journal(b),
    "doi": lambda a, b: normalise_doi(a) == normalise_doi(b),
    "pages": same_pages,
    "volume": lambda a, b: _issue(a) == _issue(b),
    "issue": lambda a, b: _issue(a) == _issue(b),
}

SUGGESTION_COLUMNS = ["ref_id", "pmid", "registry_id", "differs", "first_author", "authors", "year", "title", "journal"]
SUGGESTION_COLUMNS += ["volume", "issue", "pages", "doi", "pmcid"]


def suggestions(references: list[dict], records: dict, studies: dict) -> list[dict]:
    """What the public records say, in references.csv's column names, for every reference with a record:
    a maintainer's worksheet (verify never edits data/). `differs` names the columns whose cell differs."""
    rows = []
    for ref in references:
        pmid, nct = (ref.get("pmid") or "").strip(), (ref.get("registry_id") or "").strip().upper()
        record, study = records.get(pmid), studies.get(nct)
        if record is not None:
            said = {
                "first_author": record.first_author,
                "authors": "; ".join(record.authors),
                "year": str(record.year or ""),
                "title": record.title,
                "journal": record.journal,
                "volume": record.volume,
                "issue": record.issue,
                "pages": "-".join(p for p in page_range(record.pages) if p),
                "doi": record.doi,
                "pmcid": record.pmcid,
            }
        elif study is not None:
            titles = [t for t in (study.brief_title, study.official_title) if t]
            same = [t for t in titles if normalise_text(t) == normalise_text(ref.get("title"))]
            said = {"title": (same or titles or [""])[0], "year": str(_year(study.first_submitted or "") or "")}
        else:
            continue
        said = {k: v for k, v in said.items() if v}
        differs = [k for k, v in said.items() if k in ref and not _SAME.get(k, _same_words)(ref.get(k) or "", v)]
        rows.append({"ref_id": ref["ref_id"], "pmid": pmid, "registry_id": nct, "differs": " ".join(differs), **said})
    return rows


def suggestion_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUGGESTION_COLUMNS, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def report_bytes(findings: list[Finding], out: Path) -> bytes:
    if out.suffix.lower() == ".json":
        counts = Counter(f.status for f in findings)
        payload = {"counts": {s: counts.get(s, 0) for s in STATUS_ORDER}, "findings": [asdict(f) for f in findings]}
        return (json.dumps(payload, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REPORT_COLUMNS, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(f) for f in findings)
    return buffer.getvalue().encode("utf-8")


def format_table(findings: list[Finding], width: int = 110) -> str:
    counts = Counter(f.status for f in findings)
    refs = {f.ref_id for f in findings}
    lines = [f"{len(refs)} references: " + ", ".join(f"{counts[s]} {s}" for s in STATUS_ORDER if counts[s])]
    shown = [f for f in findings if f.status in ("mismatch", "not-found", "flagged", "gap")]
    if shown:
        lines.append("")
        lines.append(f"{'ref_id':<24} {'id':<12} {'status':<9} {'field':<13} reference | record")
        for f in sorted(shown, key=lambda f: (STATUS_ORDER.index(f.status), f.ref_id, f.field)):
            pair = f"{_short(f.reference_value)} | {_short(f.record_value)}"
            lines.append(f"{f.ref_id:<24} {f.identifier:<12} {f.status:<9} {f.field:<13} {pair}")
    unverifiable = sorted({f.ref_id for f in findings if f.status == "unverifiable"})
    if unverifiable:
        other = Counter(f.note.split(" only")[0] for f in findings if f.status == "unverifiable" and " only;" in f.note)
        held = "; ".join(f"{n} with {what}" for what, n in sorted(other.items()))
        lines.append("")
        lines.append(f"unverifiable by this route (no PMID or NCT number): {len(unverifiable)}" + (f" ({held})" if held else ""))
        lines += textwrap.wrap(", ".join(unverifiable), width=width, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


def _short(text: str, limit: int = 48) -> str:
    text = text or "-"
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- command line --------------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.description = (
        "Check every reference in data/references.csv against PubMed (by PMID) and ClinicalTrials.gov "
        "(by NCT number): title, year, first author, journal, DOI. Prints a table, writes a report, "
        f"changes nothing in data/. {API_KEY_ENV} in the environment raises the rate to 10 requests/s."
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="the course's data folder (default: data/)")
    parser.add_argument("--eutils-url", default=DEFAULT_EUTILS_URL, help=f"E-utilities base (default {DEFAULT_EUTILS_URL})")
    parser.add_argument(
        "--ctgov-url", default=DEFAULT_CTGOV_URL, help=f"ClinicalTrials.gov API base (default {DEFAULT_CTGOV_URL})"
    )
    parser.add_argument(
        "--email", default=None, help=f"your e-mail address, sent to NCBI as it asks (not stored; default ${EMAIL_ENV})"
    )
    parser.add_argument("--out", type=Path, default=None, help="report path, .csv or .json (default build/verify-report.csv)")
    parser.add_argument(
        "--suggest",
        type=Path,
        default=None,
        metavar="FILE",
        help="also write, as CSV, what the records say for every field verify reads (authors, volume, issue, "
        "pages, ...) in references.csv's column names, for a maintainer to review; data/ is never edited",
    )
    parser.add_argument(
        "--rate", type=float, default=None, help="requests per second (default and maximum: 3, or 10 with an API key)"
    )
    parser.add_argument(
        "--max-attempts", type=int, default=RetryPolicy.attempts, help="tries per request, first included (default 5)"
    )
    parser.add_argument("--timeout", type=float, default=RetryPolicy.timeout_s, help="seconds to wait for an answer (default 30)")
    return parser


def build_parser(subparsers) -> argparse.ArgumentParser:
    """Register `verify` on an `add_subparsers()` object; the parser's default `func` is `run`."""
    parser = subparsers.add_parser("verify", help="check every reference against PubMed and ClinicalTrials.gov")
    add_arguments(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run `verify`: 0 all agree, 1 some disagree or are not found, 2 the check could not run."""
    api_key = os.environ.get(API_KEY_ENV, "").strip() or None
    secrets = (api_key,) if api_key else ()
    limit = MAX_RATE_WITH_KEY if api_key else MAX_RATE_WITHOUT_KEY
    out = None

    def fail(message: str) -> int:
        stale = ""
        if out is not None and out.is_file():  # a report from an earlier run would pass for this one's
            out.unlink()
            stale = f"; the earlier report {out} was removed"
        print(redact(" ".join(f"verify failed: {message}; no report written{stale}".split()), secrets), file=sys.stderr)
        return 2

    try:  # everything that can fail without the network, before the network
        data_dir = Path(args.data_dir or course_data_dir())
        target = Path(args.out) if args.out else course_root() / "build" / "verify-report.csv"
        if args.rate is not None and not 0 < args.rate <= limit:
            raise ValueError(f"--rate must be above 0 and at most {limit:g} requests per second")
        if target.resolve().is_relative_to(data_dir.resolve()):
            raise ValueError(f"--out {target} is inside the data folder, which verify never changes")
        if target.is_dir():
            raise ValueError(f"--out {target} is a folder; name a .csv or .json file")
        suggest = Path(args.suggest) if getattr(args, "suggest", None) else None
        if suggest is not None and (suggest.resolve().is_relative_to(data_dir.resolve()) or suggest.is_dir()):
            raise ValueError(f"--suggest {suggest} must be a file outside the data folder, which verify never changes")
        references = read_references(data_dir)
        for path in (target, *([suggest] if suggest else [])):
            outputs.check_writable(path.parent)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        return fail(f"cannot use{where}: {exc.strerror}" if exc.strerror else str(exc))
    except (ValueError, csv.Error) as exc:
        return fail(str(exc))
    out = target
    email = args.email or os.environ.get(EMAIL_ENV, "").strip() or None
    if not email and any((r.get("pmid") or "").strip() for r in references):
        print(f"warning: {EMAIL_WARNING}", file=sys.stderr)
    try:
        retry = RetryPolicy(attempts=args.max_attempts, timeout_s=args.timeout)
        with (
            HttpClient(args.rate or limit, retry, secrets, USER_AGENT) as ncbi,
            HttpClient(args.rate or MAX_RATE_WITHOUT_KEY, retry, secrets, USER_AGENT) as registry,
        ):
            records, studies = lookup(
                references,
                Eutils(ncbi, args.eutils_url, api_key=api_key, email=email),
                Ctgov(registry, args.ctgov_url),
            )
        findings = compare_all(references, records, studies)
    except (ServiceError, OSError, ValueError) as exc:
        return fail(str(exc))
    print(format_table(findings))
    written = [(out, report_bytes(findings, out))]
    if suggest is not None:
        written.append((suggest, suggestion_bytes(suggestions(references, records, studies))))
    for path, payload in written:
        try:
            with outputs.writing_file(path) as tmp:
                tmp.write_bytes(payload)
        except OSError as exc:
            print(f"verify failed: cannot write {path} ({exc.strerror or exc})", file=sys.stderr)
            return 2
    print(f"\nreport: {out}" + (f"\nwhat the records say: {suggest}" if suggest is not None else ""))
    return 1 if any(f.status in PROBLEM_STATUSES for f in findings) else 0


def main(argv: list[str] | None = None) -> int:
    parser = add_arguments(argparse.ArgumentParser(prog="python -m kratom_course verify"))
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
