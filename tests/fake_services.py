"""A fake NCBI E-utilities and ClinicalTrials.gov API v2 on 127.0.0.1, for the offline tests.

It answers in the services' own formats: esearch and esummary (version 2.0) XML with their DOCTYPE
lines, and CT.gov v2 JSON (`studies`, `nextPageToken`, `totalCount` on the first page when
`countTotal=true`). Records are whatever a test adds; nothing here is real bibliographic data.

Faults are queued with `fault(...)` and applied to the next matching requests: an HTTP status (with an
optional Retry-After), a dropped connection, a delay (for timeouts), a truncated or garbled body.
Every request is logged with its arrival time, so tests can count requests and measure their spacing.
"""

from __future__ import annotations

import base64
import csv
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

ESEARCH_DOCTYPE = (
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">'
)
ESUMMARY_DOCTYPE = (
    '<!DOCTYPE eSummaryResult PUBLIC "-//NLM//DTD eSummaryResult//EN" '
    '"http://www.ncbi.nlm.nih.gov/entrez/query/DTD/eSummaryDTD/eSummary_pubmed.dtd">'
)


@dataclass
class Seen:
    """One request as the server saw it."""

    at: float
    method: str
    path: str
    query: dict
    body: dict
    raw_target: str
    raw_body: str


@dataclass
class Fault:
    match: str  # substring of the request path, e.g. "esummary", "esearch", "studies"
    kind: str  # status | drop | delay | truncate | garbage | short-body | body
    times: int = 1
    status: int = 503
    retry_after: str | None = None
    delay_s: float = 0.0
    after: int = 0  # let this many matching requests through first
    body: bytes = b""  # kind "body": this payload, with `status` (e.g. an error NCBI sends with status 200)
    content_type: str = "text/xml; charset=UTF-8"


@dataclass
class FakeServices:
    pubmed: dict = field(default_factory=dict)
    pubmed_searches: dict = field(default_factory=dict)
    studies: dict = field(default_factory=dict)
    ctgov_searches: dict = field(default_factory=dict)
    # esearch diagnostics by term: {"translation": str, "errors": [(tag, text)], "warnings": [(tag, text)]}
    pubmed_diagnostics: dict = field(default_factory=dict)

    def __post_init__(self):
        self.log: list[Seen] = []
        self.faults: list[Fault] = []
        self._history: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    # --- content -------------------------------------------------------------------------------------
    def add_pubmed(
        self,
        pmid,
        *,
        title,
        pubdate,
        source,
        fulljournal=None,
        authors=(),
        pubtypes=("Journal Article",),
        doi="",
        epubdate="",
        error=False,
        volume="",
        issue="",
        pages="",
    ):
        self.pubmed[str(pmid)] = {
            "volume": volume,
            "issue": issue,
            "pages": pages,
            "title": title,
            "pubdate": str(pubdate),
            "source": source,
            "fulljournal": fulljournal or source,
            "authors": list(authors),
            "pubtypes": list(pubtypes),
            "doi": doi,
            "epubdate": epubdate,
            "error": error,
        }

    def add_study(
        self,
        nct,
        *,
        brief_title,
        official_title="",
        status="COMPLETED",
        phases=(),
        study_type="INTERVENTIONAL",
        enrollment=None,
        enrollment_type="ACTUAL",
        start="",
        completion="",
        first_submitted="",
        first_posted="",
        last_update="",
        sponsor="",
        conditions=(),
    ):
        status_module = {"overallStatus": status}
        if start:
            status_module["startDateStruct"] = {"date": start}
        if completion:
            status_module["completionDateStruct"] = {"date": completion, "type": "ACTUAL"}
        if first_submitted:
            status_module["studyFirstSubmitDate"] = first_submitted
        if first_posted:
            status_module["studyFirstPostDateStruct"] = {"date": first_posted, "type": "ACTUAL"}
        if last_update:
            status_module["lastUpdatePostDateStruct"] = {"date": last_update, "type": "ACTUAL"}
        design = {"studyType": study_type}
        if phases:
            design["phases"] = list(phases)
        if enrollment is not None:
            design["enrollmentInfo"] = {"count": enrollment, "type": enrollment_type}
        ident = {"nctId": nct, "briefTitle": brief_title}
        if official_title:
            ident["officialTitle"] = official_title
        protocol = {"identificationModule": ident, "statusModule": status_module, "designModule": design}
        if sponsor:
            protocol["sponsorCollaboratorsModule"] = {"leadSponsor": {"name": sponsor, "class": "OTHER"}}
        if conditions:
            protocol["conditionsModule"] = {"conditions": list(conditions)}
        self.studies[nct] = {"protocolSection": protocol, "hasResults": False}

    def fault(self, match: str, kind: str, **options) -> Fault:
        fault = Fault(match, kind, **options)
        self.faults.append(fault)
        return fault

    # --- server --------------------------------------------------------------------------------------
    def __enter__(self) -> FakeServices:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def eutils_url(self) -> str:
        return f"{self.base}/entrez/eutils"

    @property
    def ctgov_url(self) -> str:
        return f"{self.base}/api/v2"

    def requests(self, match: str = "") -> list[Seen]:
        return [s for s in self.log if match in s.path]

    # --- answers -------------------------------------------------------------------------------------
    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.match in path and fault.times > 0:
                    if fault.after > 0:
                        fault.after -= 1
                        return None
                    fault.times -= 1
                    return fault
        return None

    def esearch(self, params: dict) -> bytes:
        term = params.get("term", "")
        ids = list(self.pubmed_searches.get(term, []))
        with self._lock:
            webenv = f"MCID_fake_{len(self._history) + 1:04d}"
            self._history[webenv] = ids
        said = self.pubmed_diagnostics.get(term, {})
        lists = ""
        for listing, key in (("ErrorList", "errors"), ("WarningList", "warnings")):
            if said.get(key):
                lists += f"<{listing}>" + "".join(f"<{t}>{escape(x)}</{t}>" for t, x in said[key]) + f"</{listing}>"
        translation = said.get("translation", term)
        return (
            f'<?xml version="1.0" encoding="UTF-8" ?>\n{ESEARCH_DOCTYPE}\n<eSearchResult><Count>{len(ids)}</Count>'
            f"<RetMax>0</RetMax><RetStart>0</RetStart><QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv><IdList>"
            f"</IdList><TranslationSet/><QueryTranslation>{escape(translation)}</QueryTranslation>{lists}</eSearchResult>\n"
        ).encode()

    def esummary(self, params: dict) -> bytes:
        if params.get("version") != "2.0":
            return b'<?xml version="1.0"?>\n<eSummaryResult><ERROR>this fake serves version 2.0 only</ERROR></eSummaryResult>'
        if "id" in params:
            ids = [i for i in params["id"].split(",") if i]
        else:
            history = self._history.get(params.get("WebEnv", ""))
            if history is None or params.get("query_key") != "1":
                return b'<?xml version="1.0"?>\n<eSummaryResult><ERROR>Unable to obtain query #1</ERROR></eSummaryResult>'
            start, size = int(params.get("retstart", 0)), int(params.get("retmax", 20))
            ids = history[start : start + size]
        docs = "".join(self._docsum(i) for i in ids)
        return (
            f'<?xml version="1.0" encoding="UTF-8" ?>\n{ESUMMARY_DOCTYPE}\n<eSummaryResult>\n'
            f'<DocumentSummarySet status="OK">\n{docs}</DocumentSummarySet>\n</eSummaryResult>\n'
        ).encode()

    def _docsum(self, pmid: str) -> str:
        rec = self.pubmed.get(pmid)
        if rec is None or rec["error"]:
            return f'<DocumentSummary uid="{escape(pmid)}"><error>cannot get document summary</error></DocumentSummary>\n'
        authors = "".join(
            f"<Author><Name>{escape(a)}</Name><AuthType>Author</AuthType><ClusterID></ClusterID></Author>" for a in rec["authors"]
        )
        pubtypes = "".join(f"<flag>{escape(t)}</flag>" for t in rec["pubtypes"])
        ids = f"<ArticleId><IdType>pubmed</IdType><IdTypeN>1</IdTypeN><Value>{pmid}</Value></ArticleId>"
        if rec["doi"]:
            ids += f"<ArticleId><IdType>doi</IdType><IdTypeN>3</IdTypeN><Value>{escape(rec['doi'])}</Value></ArticleId>"
        year = rec["pubdate"][:4]
        return (
            f'<DocumentSummary uid="{pmid}">\n\t<PubDate>{escape(rec["pubdate"])}</PubDate>\n'
            f"\t<EPubDate>{escape(rec['epubdate'])}</EPubDate>\n\t<Source>{escape(rec['source'])}</Source>\n"
            f"\t<Authors>{authors}</Authors>\n\t<Title>{escape(rec['title'])}</Title>\n"
            f"\t<Volume>{escape(rec.get('volume', ''))}</Volume>\n\t<Issue>{escape(rec.get('issue', ''))}</Issue>\n"
            f"\t<Pages>{escape(rec.get('pages', ''))}</Pages>\n"
            f"\t<PubType>{pubtypes}</PubType>\n\t<ArticleIds>{ids}</ArticleIds>\n"
            f"\t<FullJournalName>{escape(rec['fulljournal'])}</FullJournalName>\n"
            f"\t<ELocationID>{'doi: ' + escape(rec['doi']) if rec['doi'] else ''}</ELocationID>\n"
            f"\t<SortPubDate>{year}/01/01 00:00</SortPubDate>\n"
            f"\t<SortFirstAuthor>{escape(rec['authors'][0]) if rec['authors'] else ''}</SortFirstAuthor>\n"
            "</DocumentSummary>\n"
        )

    def ctgov(self, params: dict) -> tuple[int, bytes]:
        if "filter.ids" in params:
            wanted = [n for n in params["filter.ids"].split(",") if n]
            ids, key = [n for n in wanted if n in self.studies], "ids:" + params["filter.ids"]
        else:
            term = params.get("query.term", "")
            ids, key = [n for n in self.ctgov_searches.get(term, []) if n in self.studies], "term:" + term
        size = min(int(params.get("pageSize", 10)), 1000)
        start = 0
        if params.get("pageToken"):
            try:
                token_key, offset = base64.urlsafe_b64decode(params["pageToken"]).decode().rsplit("|", 1)
                start = int(offset)
                assert token_key == key
            except Exception:
                return 400, json.dumps({"error": "invalid pageToken"}).encode()
        body = {"studies": [self.studies[n] for n in ids[start : start + size]]}
        if start + size < len(ids):
            body["nextPageToken"] = base64.urlsafe_b64encode(f"{key}|{start + size}".encode()).decode()
        if params.get("countTotal") == "true" and not params.get("pageToken"):
            body["totalCount"] = len(ids)
        return 200, json.dumps(body).encode()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that hung up (timeout tests) is expected
        pass


def _flat(parsed: dict) -> dict:
    return {k: v[-1] for k, v in parsed.items()}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeServices
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self._serve(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(self.rfile.read(length) if length else b"")

    def _serve(self, raw_body: bytes):
        fake, arrived = self.fake, time.monotonic()
        parts = urlsplit(self.path)
        query = _flat(parse_qs(parts.query, keep_blank_values=True))
        body = _flat(parse_qs(raw_body.decode("utf-8"), keep_blank_values=True))
        with fake._lock:
            fake.log.append(Seen(arrived, self.command, parts.path, query, body, self.path, raw_body.decode("utf-8")))
        params = {**query, **body}
        fault = fake._take_fault(parts.path)
        if fault and fault.kind == "drop":
            self.close_connection = True
            return
        if fault and fault.kind == "delay":
            time.sleep(fault.delay_s)
        if fault and fault.kind == "body":
            self.send_response(fault.status)
            self._finish(fault.content_type, fault.body)
            return
        if fault and fault.kind == "status":
            payload = f"<html><body>{fault.status} from the fake</body></html>".encode()
            self.send_response(fault.status)
            if fault.retry_after is not None:
                self.send_header("Retry-After", fault.retry_after)
            self._finish("text/html", payload)
            return
        if parts.path.endswith("/esearch.fcgi"):
            status, kind, payload = 200, "text/xml; charset=UTF-8", fake.esearch(params)
        elif parts.path.endswith("/esummary.fcgi"):
            status, kind, payload = 200, "text/xml; charset=UTF-8", fake.esummary(params)
        elif parts.path.endswith("/api/v2/studies"):
            status, payload = fake.ctgov(params)
            kind = "application/json"
        else:
            status, kind, payload = 404, "text/plain", b"not found"
        if fault and fault.kind == "truncate":
            payload = payload[: max(1, len(payload) // 2)]
        if fault and fault.kind == "garbage":
            payload = b"<html><head><title>Service unavailable</title></head><body>maintenance</body></html>"
        if fault and fault.kind == "short-body":  # promise more bytes than are sent, then hang up
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self.close_connection = True
            return
        self.send_response(status)
        self._finish(kind, payload)

    def _finish(self, kind: str, payload: bytes):
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


# --- seeding -----------------------------------------------------------------------------------------------
def seed_from_references(fake: FakeServices, references_csv: Path) -> dict:
    """Load every PMID and NCT row of a references.csv into the fake, as PubMed and the registry would show them.

    Titles get PubMed's trailing period; years become publication dates; the reference's journal is
    served as the PubMed abbreviation. Returns counts of what was seeded.
    """
    with Path(references_csv).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seeded = {"pmid": 0, "nct": 0}
    for row in rows:
        if row["pmid"].strip().isdigit():
            title = row["title"].strip()
            if title and title[-1] not in ".?!":
                title += "."
            fake.add_pubmed(
                row["pmid"].strip(),
                title=title,
                pubdate=row["year"] or "",
                source=row["journal"],
                authors=[row["first_author"]] if row["first_author"] else [],
                doi=row["doi"],
            )
            seeded["pmid"] += 1
        nct = row["registry_id"].strip().upper()
        if nct.startswith("NCT"):
            fake.add_study(
                nct,
                brief_title=row["title"],
                first_posted=f"{row['year']}-01-15" if row["year"] else "",
                sponsor=row["first_author"],
                status="COMPLETED",
            )
            seeded["nct"] += 1
    return seeded
