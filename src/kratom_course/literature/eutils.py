"""PubMed through NCBI E-utilities: esearch on the history server, then batched esummary (XML, version 2.0).

- `search(term)` runs esearch with `usehistory=y` and `retmax=0`: the total count and a WebEnv/query_key
  pointing at the result set on NCBI's history server (no id list travels).
- `summaries_from_history(result)` pages through that set with esummary, `batch_size` records per
  request (never one request per record), and checks that every page holds the records it should.
- `summaries_by_id(pmids)` looks up given PMIDs, `batch_size` per request; an id PubMed does not know
  (withdrawn, deleted or mistyped) comes back as None.

All requests are POSTs, so `api_key` travels in the request body, never in a URL or a log line.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .http import HttpClient, MalformedResponse, ServiceError

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
DEFAULT_BATCH = 500
MAX_BATCH = 10_000  # esummary's documented retmax ceiling
MAX_HISTORY_RECORDS = 10_000  # PubMed serves at most the first 10,000 records of a search
TOOL = "kratom_course"
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")
# PubMed's inline markup, carried as escaped text in ESummary titles. Only these tags are removed, so a
# title's own "<" and ">" ("aged <25 years versus >40 years") survive.
INLINE_TAG = re.compile(r"</?(?:i|b|u|sup|sub|inf|sc)>", re.IGNORECASE)
# Temporary failures NCBI delivers with status 200 (retried on the client's backoff, like a 503).
TRANSIENT_ERRORS = ("Search Backend failed", "API rate limit exceeded")
# Query diagnostics worth telling: the query that ran is not the one written. "No items found." is not one.
QUIET_DIAGNOSTICS = {"OutputMessage"}


@dataclass(frozen=True)
class SearchResult:
    term: str
    count: int
    webenv: str
    query_key: str
    query_translation: str
    diagnostics: tuple[str, ...] = ()  # PubMed's ErrorList/WarningList, e.g. "PhraseNotFound: fleegle[MeSH Terms]"


@dataclass(frozen=True)
class PubmedRecord:
    """What the course keeps of one PubMed record (from its esummary DocumentSummary)."""

    pmid: str
    year: int | None
    epub_year: int | None
    title: str
    journal: str
    journal_full: str
    first_author: str
    publication_types: tuple[str, ...]
    doi: str
    authors: tuple[str, ...] = ()  # every author as PubMed lists them ("Smith KE")
    volume: str = ""
    issue: str = ""
    pages: str = ""  # as PubMed gives them, last page possibly shortened ("209-18")
    pmcid: str = ""


def clean_text(text: str | None) -> str:
    """Element text without entities and PubMed's inline tags (<i>, <sup>, ...), whitespace collapsed."""
    if not text:
        return ""
    return " ".join(INLINE_TAG.sub("", html.unescape(text)).split())


def element_text(element: ET.Element | None) -> str:
    """All the text of an element, nested elements included (EFetch-style inline markup), cleaned."""
    return clean_text("".join(element.itertext())) if element is not None else ""


def transient_error(response) -> str | None:
    """The temporary failure a 200 answer carries (NCBI's "Search Backend failed", its rate-limit JSON), or None."""
    head = response.content[:2000].decode("utf-8", errors="replace")
    for marker in TRANSIENT_ERRORS:
        if marker in head:
            return marker
    return None


def query_diagnostics(root: ET.Element) -> tuple[str, ...]:
    """PubMed's ErrorList and WarningList entries as 'Kind: text' (a phrase dropped, a field not found)."""
    found = []
    for listing in ("ErrorList", "WarningList"):
        for entry in root.findall(f"{listing}/*"):
            if entry.tag not in QUIET_DIAGNOSTICS:
                found.append(f"{entry.tag}: {clean_text(entry.text)}")
    return tuple(found)


def year_of(text: str | None) -> int | None:
    """The first four-digit year in a PubMed date string ('2019 Dec', '2018 Dec-2019 Jan', '2012/01/01 00:00')."""
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


class Eutils:
    """A client for the three E-utilities the course needs. `http` carries rate limit and retries."""

    def __init__(self, http: HttpClient, base_url: str = DEFAULT_EUTILS_URL, *, api_key=None, email=None):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key or None
        self.email = email or None

    def public_params(self) -> dict:
        """Parameters sent with every request, minus the API key and the e-mail address (for provenance)."""
        return {"tool": TOOL}

    def _post(self, endpoint: str, params: dict, *, what: str) -> ET.Element:
        body = {**params, "tool": TOOL}
        if self.email:
            body["email"] = self.email
        if self.api_key:
            body["api_key"] = self.api_key
        response = self.http.request("POST", f"{self.base_url}/{endpoint}", data=body, what=what, transient=transient_error)
        try:
            root = ET.fromstring(response.content)
        except ET.ParseError as exc:
            raise MalformedResponse(f"{what}: the XML is malformed or truncated ({exc})") from None
        error = root.find("ERROR")
        if error is not None:
            raise ServiceError(f"{what}: E-utilities reports an error: {clean_text(error.text)[:200]}")
        return root

    # --- esearch -------------------------------------------------------------------------------------
    def search(self, term: str, *, what: str = "PubMed esearch") -> SearchResult:
        root = self._post("esearch.fcgi", {"db": "pubmed", "term": term, "usehistory": "y", "retmax": "0"}, what=what)
        if root.tag != "eSearchResult":
            raise MalformedResponse(f"{what}: expected <eSearchResult>, found <{root.tag}>")
        count, webenv, key = root.findtext("Count"), root.findtext("WebEnv"), root.findtext("QueryKey")
        if count is None or not count.strip().isdigit():
            raise MalformedResponse(f"{what}: the answer has no readable <Count>")
        if (not webenv or not key) and int(count) > 0:  # no hits need no history (PubMed may leave it out)
            raise MalformedResponse(f"{what}: the answer has no history-server WebEnv/QueryKey")
        return SearchResult(
            term,
            int(count),
            (webenv or "").strip(),
            (key or "").strip(),
            clean_text(root.findtext("QueryTranslation")),
            query_diagnostics(root),
        )

    # --- esummary ------------------------------------------------------------------------------------
    def summaries_from_history(
        self,
        result: SearchResult,
        *,
        batch_size: int = DEFAULT_BATCH,
        what: str = "PubMed esummary",
        progress: Callable[[int], None] | None = None,
    ) -> list[PubmedRecord]:
        """Every record of an esearch result, `batch_size` per request, checked complete and unique."""
        _check_batch(batch_size)
        if result.count > MAX_HISTORY_RECORDS:
            raise ServiceError(
                f"{what}: the search matches {result.count:,} records, more than the {MAX_HISTORY_RECORDS:,} "
                "PubMed serves; narrow the query or split it by publication date"
            )
        records: list[PubmedRecord] = []
        for start in range(0, result.count, batch_size):
            expected = min(batch_size, result.count - start)
            label = f"{what} (records {start + 1}-{start + expected} of {result.count})"
            params = {
                "db": "pubmed",
                "version": "2.0",
                "query_key": result.query_key,
                "WebEnv": result.webenv,
                "retstart": str(start),
                "retmax": str(batch_size),
            }
            page = _parse_summaries(self._post("esummary.fcgi", params, what=label), what=label)
            missing = [uid for uid, record in page if record is None]
            if missing:
                raise ServiceError(f"{label}: no summary for PMID {', '.join(missing[:5])}")
            if len(page) != expected:
                raise MalformedResponse(f"{label}: {len(page)} records in the answer, expected {expected}")
            records.extend(record for _, record in page)
            if progress:
                progress(len(page))
        pmids = [r.pmid for r in records]
        if len(set(pmids)) != len(pmids):
            raise MalformedResponse(f"{what}: the history server returned a record twice")
        return records

    def summaries_by_id(
        self, pmids: Iterable[str], *, batch_size: int = 200, what: str = "PubMed esummary"
    ) -> dict[str, PubmedRecord | None]:
        """Summaries of the given PMIDs, `batch_size` per request; None for an id PubMed does not know."""
        _check_batch(batch_size)
        wanted = list(dict.fromkeys(str(p).strip() for p in pmids if str(p).strip()))
        found: dict[str, PubmedRecord | None] = {}
        for start in range(0, len(wanted), batch_size):
            batch = wanted[start : start + batch_size]
            label = f"{what} (PMIDs {start + 1}-{start + len(batch)} of {len(wanted)})"
            root = self._post("esummary.fcgi", {"db": "pubmed", "version": "2.0", "id": ",".join(batch)}, what=label)
            answered = dict(_parse_summaries(root, what=label))
            silent = [pmid for pmid in batch if pmid not in answered]
            if silent:  # PubMed answers an unknown id with an <error> entry; silence is an incomplete answer
                raise MalformedResponse(f"{label}: the answer lacks PMID {', '.join(silent[:5])} (incomplete answer)")
            found.update(answered)
        return {pmid: found.get(pmid) for pmid in wanted}


def _check_batch(batch_size: int) -> None:
    if not 1 <= batch_size <= MAX_BATCH:
        raise ValueError(f"batch size must be between 1 and {MAX_BATCH}")


def _parse_summaries(root: ET.Element, *, what: str) -> list[tuple[str, PubmedRecord | None]]:
    """(uid, record) for every DocumentSummary; record None where E-utilities says it has no summary."""
    if root.tag != "eSummaryResult":
        raise MalformedResponse(f"{what}: expected <eSummaryResult>, found <{root.tag}>")
    summary_set = root.find("DocumentSummarySet")
    if summary_set is None:
        raise MalformedResponse(f"{what}: the answer has no <DocumentSummarySet> (was version=2.0 honoured?)")
    out = []
    for doc in summary_set.findall("DocumentSummary"):
        uid = (doc.get("uid") or "").strip()
        if not uid.isdigit():
            raise MalformedResponse(f"{what}: a DocumentSummary without a numeric uid")
        if doc.find("error") is not None:
            out.append((uid, None))
            continue
        out.append((uid, _record(uid, doc)))
    return out


def _record(uid: str, doc: ET.Element) -> PubmedRecord:
    authors = [clean_text(a.findtext("Name")) for a in doc.findall("Authors/Author")]
    authors = [a for a in authors if a]
    ids = {}
    for article_id in doc.findall("ArticleIds/ArticleId"):
        ids.setdefault((article_id.findtext("IdType") or "").strip().lower(), clean_text(article_id.findtext("Value")))
    doi, pmcid = ids.get("doi", ""), ids.get("pmc", "")
    if not doi:
        location = clean_text(doc.findtext("ELocationID"))
        match = re.search(r"doi:\s*(10\.\S+)", location, flags=re.IGNORECASE)
        doi = match.group(1) if match else ""
    year = year_of(doc.findtext("PubDate")) or year_of(doc.findtext("SortPubDate"))
    return PubmedRecord(
        pmid=uid,
        year=year,
        epub_year=year_of(doc.findtext("EPubDate")),
        title=element_text(doc.find("Title")),
        journal=clean_text(doc.findtext("Source")),
        journal_full=clean_text(doc.findtext("FullJournalName")),
        first_author=authors[0] if authors else clean_text(doc.findtext("SortFirstAuthor")),
        publication_types=tuple(t for t in (clean_text(f.text) for f in doc.findall("PubType/flag")) if t),
        doi=doi,
        authors=tuple(authors),
        volume=clean_text(doc.findtext("Volume")),
        issue=clean_text(doc.findtext("Issue")),
        pages=clean_text(doc.findtext("Pages")),
        pmcid=pmcid if pmcid.upper().startswith("PMC") else "",
    )
