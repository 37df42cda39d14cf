"""ClinicalTrials.gov through its API v2 (`/studies`, JSON), following `nextPageToken` to the last page.

- `search(term)` sends the term as `query.term` with `countTotal=true` and collects every page; the
  number of studies collected must equal the `totalCount` the first page reported.
- `studies_by_id(ncts)` looks up NCT numbers with `filter.ids`, `batch_size` per request; a number the
  registry does not know comes back as None.
Only the fields the course uses are requested (`fields=`), in the API's piece names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .http import HttpClient, MalformedResponse

DEFAULT_CTGOV_URL = "https://clinicaltrials.gov/api/v2"
DEFAULT_PAGE_SIZE = 1000  # the API's maximum
MAX_PAGES = 1000  # a guard against a service that never stops paging
FIELDS = (
    "NCTId",
    "BriefTitle",
    "OfficialTitle",
    "OverallStatus",
    "Phase",
    "StudyType",
    "EnrollmentCount",
    "EnrollmentType",
    "StartDate",
    "CompletionDate",
    "StudyFirstSubmitDate",
    "StudyFirstPostDate",
    "LastUpdatePostDate",
    "LeadSponsorName",
    "Condition",
)
NCT = re.compile(r"^NCT\d{8}$")


@dataclass(frozen=True)
class Study:
    """What the course keeps of one registered study."""

    nct_id: str
    brief_title: str
    official_title: str
    overall_status: str
    phases: tuple[str, ...]
    study_type: str
    enrollment: int | None
    enrollment_type: str
    start_date: str
    completion_date: str
    first_submitted: str
    first_posted: str
    last_update_posted: str
    lead_sponsor: str
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class SearchOutcome:
    term: str
    total_reported: int | None
    studies: list[Study]
    pages: int


class Ctgov:
    """A client for the `/studies` endpoint. `http` carries rate limit and retries."""

    def __init__(self, http: HttpClient, base_url: str = DEFAULT_CTGOV_URL):
        self.http = http
        self.base_url = base_url.rstrip("/")

    def search_params(self, term: str, page_size: int = DEFAULT_PAGE_SIZE) -> dict:
        """The parameters of the first page, exactly as sent (later pages add `pageToken`)."""
        return {
            "query.term": term,
            "pageSize": str(page_size),
            "countTotal": "true",
            "format": "json",
            "fields": ",".join(FIELDS),
        }

    def _pages(self, params: dict, *, what: str, progress=None):
        token, seen, pages = None, set(), 0
        while True:
            pages += 1
            if pages > MAX_PAGES:
                raise MalformedResponse(f"{what}: more than {MAX_PAGES} pages; the paging does not end")
            page_params = dict(params, pageToken=token) if token else params
            label = f"{what} (page {pages})"
            response = self.http.request("GET", f"{self.base_url}/studies", params=page_params, what=label)
            try:
                body = json.loads(response.content)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise MalformedResponse(f"{label}: the JSON is malformed or truncated ({exc})") from None
            if not isinstance(body, dict) or not isinstance(body.get("studies"), list):
                raise MalformedResponse(f"{label}: expected a JSON object with a 'studies' list")
            studies = [_study(item, what=label) for item in body["studies"]]
            if progress:
                progress(len(studies))
            yield body, studies
            token = body.get("nextPageToken")
            if not token:
                return
            if not isinstance(token, str) or token in seen:
                raise MalformedResponse(f"{label}: nextPageToken repeats or is not a string")
            seen.add(token)

    def search(
        self,
        term: str,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        what: str = "ClinicalTrials.gov search",
        progress: Callable[[int], None] | None = None,
    ) -> SearchOutcome:
        """Every study matching `term`, all pages, checked against the reported total."""
        if not 1 <= page_size <= DEFAULT_PAGE_SIZE:
            raise ValueError(f"page size must be between 1 and {DEFAULT_PAGE_SIZE}")
        total, studies, pages = None, [], 0
        for body, page in self._pages(self.search_params(term, page_size), what=what, progress=progress):
            pages += 1
            if pages == 1:
                total = body.get("totalCount")
                if total is not None and (not isinstance(total, int) or isinstance(total, bool) or total < 0):
                    raise MalformedResponse(f"{what}: totalCount is not a count")
            studies.extend(page)
        ids = [s.nct_id for s in studies]
        if len(set(ids)) != len(ids):
            raise MalformedResponse(f"{what}: a study appears on two pages")
        if total is not None and total != len(studies):
            raise MalformedResponse(f"{what}: {len(studies)} studies collected, but the service reported {total}")
        return SearchOutcome(term, total, studies, pages)

    def studies_by_id(
        self, ncts: Iterable[str], *, batch_size: int = 100, what: str = "ClinicalTrials.gov lookup"
    ) -> dict[str, Study | None]:
        """The registry records of the given NCT numbers; None for a number the registry does not know."""
        wanted = list(dict.fromkeys(n.strip().upper() for n in ncts if n and n.strip()))
        found: dict[str, Study] = {}
        for start in range(0, len(wanted), batch_size):
            batch = [n for n in wanted[start : start + batch_size] if NCT.match(n)]
            if not batch:
                continue
            params = {
                "filter.ids": ",".join(batch),
                "pageSize": str(min(DEFAULT_PAGE_SIZE, len(batch))),
                "format": "json",
                "fields": ",".join(FIELDS),
            }
            label = f"{what} (NCT numbers {start + 1}-{start + len(batch)} of {len(wanted)})"
            for _, page in self._pages(params, what=label):
                found.update((s.nct_id, s) for s in page)
        return {n: found.get(n) for n in wanted}


def _get(obj, *path, default=None):
    for key in path:
        if not isinstance(obj, dict):
            return default
        obj = obj.get(key)
    return default if obj is None else obj


def _text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _study(item, *, what: str) -> Study:
    protocol = _get(item, "protocolSection", default={})
    nct = _get(protocol, "identificationModule", "nctId")
    if not isinstance(nct, str) or not NCT.match(nct):
        raise MalformedResponse(f"{what}: a study without a valid protocolSection.identificationModule.nctId")
    ident, status = _get(protocol, "identificationModule", default={}), _get(protocol, "statusModule", default={})
    design = _get(protocol, "designModule", default={})
    enrollment = _get(design, "enrollmentInfo", "count")
    phases = _get(design, "phases", default=[])
    conditions = _get(protocol, "conditionsModule", "conditions", default=[])
    return Study(
        nct_id=nct,
        brief_title=_text(ident.get("briefTitle")),
        official_title=_text(ident.get("officialTitle")),
        overall_status=_text(status.get("overallStatus")),
        phases=tuple(p for p in phases if isinstance(p, str)) if isinstance(phases, list) else (),
        study_type=_text(design.get("studyType")),
        enrollment=enrollment if isinstance(enrollment, int) and not isinstance(enrollment, bool) else None,
        enrollment_type=_text(_get(design, "enrollmentInfo", "type")),
        start_date=_text(_get(status, "startDateStruct", "date")),
        completion_date=_text(_get(status, "completionDateStruct", "date")),
        first_submitted=_text(status.get("studyFirstSubmitDate")),
        first_posted=_text(_get(status, "studyFirstPostDateStruct", "date")),
        last_update_posted=_text(_get(status, "lastUpdatePostDateStruct", "date")),
        lead_sponsor=_text(_get(protocol, "sponsorCollaboratorsModule", "leadSponsor", "name")),
        conditions=tuple(c for c in conditions if isinstance(c, str)) if isinstance(conditions, list) else (),
    )
