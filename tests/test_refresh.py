"""The literature refresh, offline: a fake E-utilities and ClinicalTrials.gov on 127.0.0.1.

Covers the request pattern (history server, batches, paging), the rate limit (measured at the server),
retries with Retry-After, every failure mode (each leaves the data folder byte for byte unchanged),
the API key staying out of files and logs, and a 10,000-record corpus within ceil(10000/batch)+5 requests.
"""

import errno
import hashlib
import json
import logging
import math
import os
import shutil
import socket
import time
from argparse import Namespace
from pathlib import Path

import pytest
from fake_services import FakeServices

from kratom_course import data, outputs
from kratom_course import literature_snapshot as snapshot
from kratom_course.literature import refresh
from kratom_course.literature.http import SPACING_MARGIN, RateLimiter, RetryPolicy, parse_retry_after
from kratom_course.literature.queries import QueryFileError, read_queries

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

QUERIES = (
    "query_id,service,query_text,purpose\n"
    'pm_big,pubmed,"kratom[tiab] OR ""mitragyna speciosa""[tiab]",the whole literature (test)\n'
    "pm_small,pubmed,kratom[tiab] AND prolactin[tiab],a thin cell (test)\n"
    'ct_all,ctgov,"kratom OR ""Mitragyna speciosa""",registered studies (test)\n'
)
BIG_TERM = 'kratom[tiab] OR "mitragyna speciosa"[tiab]'
SMALL_TERM = "kratom[tiab] AND prolactin[tiab]"
CT_TERM = 'kratom OR "Mitragyna speciosa"'
FAST = RetryPolicy(attempts=3, backoff_s=0.01, max_wait_s=2.0, timeout_s=2.0)
SECRET = "SECRET-test-key-7f3a9c"


def synthetic_pubmed(fake, term, n, first_pmid=30_000_000):
    """n made-up records (test fixtures only) matching `term`."""
    ids = []
    for i in range(n):
        pmid = str(first_pmid + i)
        fake.add_pubmed(
            pmid,
            title=f"Synthetic record {i} on <i>Mitragyna</i> &amp; friends.",
            pubdate=f"{2005 + i % 20} Mar",
            source="J Test",
            fulljournal="Journal of testing",
            authors=[f"Author{i} AB", "Second CD"],
            pubtypes=["Journal Article", "Review"] if i % 7 == 0 else ["Journal Article"],
            doi=f"10.1234/test.{i}" if i % 3 else "",
            epubdate="",
        )
        ids.append(pmid)
    fake.pubmed_searches[term] = ids
    return ids


def synthetic_studies(fake, term, n):
    ids = []
    for i in range(n):
        nct = f"NCT{9_000_000 + i:08d}"
        fake.add_study(
            nct,
            brief_title=f"Synthetic study {i}",
            status="RECRUITING" if i % 2 else "COMPLETED",
            phases=["PHASE1"] if i % 3 == 0 else [],
            enrollment=20 + i,
            start=f"20{10 + i % 15}-0{1 + i % 9}",
            first_posted=f"20{10 + i % 15}-02-01",
            last_update="2026-01-05",
            sponsor="Test University",
            conditions=["Opioid Withdrawal"],
        )
        ids.append(nct)
    fake.ctgov_searches[term] = ids
    return ids


@pytest.fixture
def fake():
    with FakeServices() as services:
        synthetic_pubmed(services, BIG_TERM, 230)
        synthetic_pubmed(services, SMALL_TERM, 3, first_pmid=40_000_000)
        synthetic_studies(services, CT_TERM, 25)
        yield services


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "course" / "data"
    folder.mkdir(parents=True)
    (folder / "literature_queries.csv").write_text(QUERIES, encoding="utf-8")
    (folder / "unrelated.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """A data folder holding a snapshot from an earlier refresh: what every failure must leave untouched."""
    folder = tmp_path_factory.mktemp("baseline") / "data"
    folder.mkdir()
    (folder / "literature_queries.csv").write_text(QUERIES, encoding="utf-8")
    (folder / "unrelated.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with FakeServices() as services:
        synthetic_pubmed(services, BIG_TERM, 40)
        synthetic_pubmed(services, SMALL_TERM, 2, first_pmid=40_000_000)
        synthetic_studies(services, CT_TERM, 5)
        refresh.refresh(config(services, folder))
    return folder


def config(fake, data_dir, **overrides):
    options = dict(
        data_dir=data_dir,
        eutils_url=fake.eutils_url,
        ctgov_url=fake.ctgov_url,
        email="teacher@example.org",
        rate_per_s=500.0,
        batch_size=100,
        page_size=10,
        retry=FAST,
        progress=False,
    )
    options.update(overrides)
    return refresh.RefreshConfig(**options)


def tree_digest(folder: Path) -> dict:
    """Every path under `folder` with its bytes' hash (folders as 'dir'): equal digests = byte-for-byte equal."""
    out = {}
    for path in sorted(folder.rglob("*")):
        out[str(path.relative_to(folder))] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the happy path --------------------------------------------------------------------------------------
def test_refresh_writes_a_snapshot_that_passes_the_data_contract(fake, data_dir):
    summary = refresh.refresh(config(fake, data_dir))
    folder = snapshot.snapshot_dir(data_dir)
    assert summary.snapshot_dir == folder
    for name in snapshot.TABLES:
        data.validate(name, folder)  # the course's loader: schema, types, primary keys
    import frictionless

    assert frictionless.Package(str(folder / "datapackage.json")).validate().valid
    runs = snapshot.load("literature_runs", data_dir).set_index("query_id")
    assert runs.loc["pm_big", "count_reported"] == runs.loc["pm_big", "n_records"] == 230
    assert runs.loc["pm_small", "n_records"] == 3 and runs.loc["ct_all", "n_records"] == 25
    assert BIG_TERM in runs.loc["pm_big", "query_text"] and "usehistory=y" in runs.loc["pm_big", "request"]
    assert "email" not in runs.loc["pm_big", "request"]  # the address is sent, not stored
    records = snapshot.load("pubmed_records", data_dir)
    first = records[records["pmid"] == 30_000_007].iloc[0]
    assert first["year"] == 2012 and first["journal"] == "J Test" and first["journal_full"] == "Journal of testing"
    assert first["title"] == "Synthetic record 7 on Mitragyna & friends."  # markup and entities removed
    assert first["publication_types"] == "Journal Article; Review" and first["doi"] == "10.1234/test.7"
    assert first["first_author"] == "Author7 AB"
    years = snapshot.load("pubmed_year_counts", data_dir)
    assert years.query("query_id == 'pm_big'")["n_records"].sum() == 230
    studies = snapshot.load("ctgov_studies", data_dir)
    assert set(studies["nct_id"]) == set(fake.ctgov_searches[CT_TERM])
    record = snapshot.provenance(data_dir)
    assert record["tool_version"] and record["counts"] == {"pm_big": 230, "pm_small": 3, "ct_all": 25}
    assert record["n_requests"] == summary.n_requests == len(fake.log)
    assert record["created"].endswith("Z") and record["api_key_used"] is False
    assert sorted(p.name for p in data_dir.parent.iterdir()) == ["data"]  # no temporary folder left


def test_a_second_refresh_replaces_the_snapshot_whole(fake, data_dir):
    refresh.refresh(config(fake, data_dir))
    stale = snapshot.snapshot_dir(data_dir) / "stale-file.txt"
    stale.write_text("from an older snapshot")
    fake.pubmed_searches[SMALL_TERM] = fake.pubmed_searches[SMALL_TERM][:2]
    refresh.refresh(config(fake, data_dir))
    assert not stale.exists()
    assert snapshot.provenance(data_dir)["counts"]["pm_small"] == 2
    assert sorted(p.name for p in data_dir.parent.iterdir()) == ["data"]


def test_the_swap_works_without_renameat2_too(fake, data_dir, monkeypatch):
    refresh.refresh(config(fake, data_dir))
    monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    fake.pubmed_searches[SMALL_TERM] = fake.pubmed_searches[SMALL_TERM][:1]
    refresh.refresh(config(fake, data_dir))
    assert snapshot.provenance(data_dir)["counts"]["pm_small"] == 1
    assert sorted(p.name for p in data_dir.parent.iterdir()) == ["data"]


# --- request pattern -------------------------------------------------------------------------------------
def test_pubmed_uses_the_history_server_and_batches(fake, data_dir):
    refresh.refresh(config(fake, data_dir, batch_size=100))
    searches = fake.requests("esearch")
    assert len(searches) == 2 and all(s.method == "POST" for s in searches)
    assert all(s.body["usehistory"] == "y" and s.body["retmax"] == "0" for s in searches)
    assert {s.body["term"] for s in searches} == {BIG_TERM, SMALL_TERM}  # the declared text, exactly
    summaries = fake.requests("esummary")
    assert len(summaries) == math.ceil(230 / 100) + math.ceil(3 / 100)  # never one request per record
    assert all("id" not in s.body and s.body["WebEnv"] and s.body["version"] == "2.0" for s in summaries)
    big = [s for s in summaries if s.body["WebEnv"] == summaries[0].body["WebEnv"]]
    assert [s.body["retstart"] for s in big] == ["0", "100", "200"]
    assert all(s.body["tool"] == "kratom_course" and s.body["email"] == "teacher@example.org" for s in summaries)


def test_ctgov_follows_next_page_token_to_the_end(fake, data_dir):
    refresh.refresh(config(fake, data_dir, page_size=10))
    pages = fake.requests("/studies")
    assert len(pages) == 3
    assert "pageToken" not in pages[0].query and all(p.query.get("pageToken") for p in pages[1:])
    assert pages[0].query["query.term"] == CT_TERM and pages[0].query["countTotal"] == "true"
    assert len(snapshot.load("ctgov_studies", data_dir)) == 25


def test_rate_limit_is_kept_as_measured_at_the_server(fake, data_dir):
    rate = 10.0  # the keyed maximum; the same code enforces 3/s without a key
    refresh.refresh(config(fake, data_dir, rate_per_s=rate, batch_size=100))
    for service in ("/entrez/", "/api/v2/"):
        times = [s.at for s in fake.requests(service)]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert len(times) >= 3
        # arrival times jitter (connection set-up, a machine shared by many processes delays one request and
        # the next arrives close behind it): allow a fifth of the spacing; an unlimited client sends its
        # requests a millisecond or two apart, so this still catches a missing limiter ...
        assert min(gaps) >= 0.2 / rate, f"{service}: requests {min(gaps) * 1000:.1f} ms apart"
        # ... no one-second window at the server holds more than `rate` requests (one more for jitter at its edge),
        # and the whole run takes as long as the rate demands (again less half a spacing for jitter)
        assert max(sum(t < start + 1.0 for t in times[i:]) for i, start in enumerate(times)) <= rate + 1
        assert times[-1] - times[0] >= (len(times) - 1) / rate - 0.5 / rate


def test_default_rates_follow_ncbi_policy(data_dir):
    assert refresh.RefreshConfig(data_dir=data_dir).eutils_rate() == 3
    assert refresh.RefreshConfig(data_dir=data_dir, api_key="k").eutils_rate() == 10
    assert refresh.RefreshConfig(data_dir=data_dir, api_key="k").ctgov_rate() == 3


def test_rate_limiter_spacing_with_a_fake_clock():
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    starts = []
    for _ in range(7):
        limiter.wait()
        starts.append(now[0])
    spacing = SPACING_MARGIN / 3  # 0.37 s, NCBI's own client's pause, so rate+1 requests never share a second
    assert spacing == pytest.approx(0.37)
    assert starts[-1] == pytest.approx(6 * spacing)
    assert all(b - a == pytest.approx(spacing) for a, b in zip(starts, starts[1:], strict=False))
    assert sum(1 for t in starts if t < 1.0) == 3  # at 3/s, never 4 inside the first second


def test_cli_refuses_a_rate_above_the_policy(data_dir, monkeypatch, capsys):
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    assert refresh.main(["--data-dir", str(data_dir), "--rate", "5"]) == 2
    assert "at most 3" in capsys.readouterr().err


# --- retries ---------------------------------------------------------------------------------------------
def test_transient_errors_are_retried(fake, data_dir):
    fake.fault("esummary", "status", status=503, times=2)
    fake.fault("/studies", "drop", times=1)
    summary = refresh.refresh(config(fake, data_dir))
    assert summary.runs[0]["n_requests"] == 1 + 3 + 2  # esearch, 3 batches, 2 retries
    assert summary.n_requests == len(fake.log)


def test_retry_after_is_honoured(fake, data_dir):
    fake.fault("esearch", "status", status=429, retry_after="1", times=1)
    refresh.refresh(config(fake, data_dir))
    first, second = fake.requests("esearch")[:2]
    assert second.at - first.at >= 1.0


def test_retry_after_as_an_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert parse_retry_after("soon") is None and parse_retry_after("7") == 7.0


def test_backoff_doubles_and_is_capped():
    policy = RetryPolicy(backoff_s=1.0, max_wait_s=5.0)
    assert [policy.backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


# --- all or nothing --------------------------------------------------------------------------------------
def _disk_full(monkeypatch):
    real, calls = refresh._write_file, []

    def write(path, payload):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, payload)

    monkeypatch.setattr(refresh, "_write_file", write)


def _swap_fails(monkeypatch):
    def install(new, target, trash):
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(target))

    monkeypatch.setattr(refresh, "install", install)


FAULTS = {
    "network down": (lambda fake, mp: None, {"eutils_url": "closed"}, "PubMed esearch"),
    "HTTP 500 after retries": (lambda fake, mp: fake.fault("esummary", "status", status=500, times=99), {}, "PubMed esummary"),
    "HTTP 404 (not retried)": (lambda fake, mp: fake.fault("/studies", "status", status=404, times=99), {}, "HTTP 404"),
    "Retry-After too long": (
        lambda fake, mp: fake.fault("esearch", "status", status=429, retry_after="3600", times=99),
        {},
        "wait 3600 s",
    ),
    "timeout": (
        lambda fake, mp: fake.fault("esummary", "delay", delay_s=0.6, times=99),
        {"retry": RetryPolicy(attempts=2, backoff_s=0.01, timeout_s=0.3)},
        "no answer within",
    ),
    "connection dropped": (lambda fake, mp: fake.fault("/studies", "drop", times=99), {}, "connection failed"),
    "body cut short": (lambda fake, mp: fake.fault("esummary", "short-body", times=99), {}, "PubMed esummary"),
    "truncated XML": (lambda fake, mp: fake.fault("esummary", "truncate", after=1), {}, "malformed or truncated"),
    "HTML instead of XML": (lambda fake, mp: fake.fault("esearch", "garbage"), {}, "PubMed esearch"),
    "truncated JSON": (lambda fake, mp: fake.fault("/studies", "truncate", after=1), {}, "page 2"),
    "records missing from a page": (
        lambda fake, mp: fake.pubmed[fake.pubmed_searches[BIG_TERM][150]].update(error=True),
        {},
        "no summary for PMID",
    ),
    "value breaks the contract": (
        lambda fake, mp: fake.studies[fake.ctgov_searches[CT_TERM][4]]["protocolSection"]["statusModule"].update(
            startDateStruct={"date": "sometime in 2020"}
        ),
        {},
        "breaks its schema",
    ),
    "disk full": (lambda fake, mp: _disk_full(mp), {}, "No space left on device"),
    "swap fails": (lambda fake, mp: _swap_fails(mp), {}, "cross-device"),
    "queries file unreadable": (lambda fake, mp: None, {"break_queries": True}, "literature_queries.csv"),
}


@pytest.mark.parametrize("case", list(FAULTS))
def test_every_failure_leaves_the_data_folder_unchanged(case, fake, baseline, tmp_path, monkeypatch, capsys):
    data_dir = tmp_path / "course" / "data"
    shutil.copytree(baseline, data_dir)  # an existing snapshot that must survive
    assert snapshot.exists(data_dir)
    arrange, overrides, expected = FAULTS[case]
    arrange(fake, monkeypatch)
    if overrides.pop("break_queries", False):
        (data_dir / "literature_queries.csv").write_bytes(b"query_id,service\n\xff\xfe broken\n")
    if overrides.get("eutils_url") == "closed":
        overrides["eutils_url"] = f"http://127.0.0.1:{closed_port()}/entrez/eutils"
    before = tree_digest(data_dir.parent)
    started = time.monotonic()
    assert refresh.execute(config(fake, data_dir, **overrides)) == 2
    err = capsys.readouterr().err
    assert tree_digest(data_dir.parent) == before, "the data folder changed"
    assert err.count("\n") == 1 and err.startswith("refresh failed: "), err
    assert expected in err, err
    assert time.monotonic() - started < 5


def test_too_many_records_fails_with_advice(fake, data_dir):
    fake.pubmed_searches[BIG_TERM] = [str(i) for i in range(1, 10_002)]  # only the count is served
    with pytest.raises(refresh.ServiceError, match="split it by publication date"):
        refresh.refresh(config(fake, data_dir))
    assert not snapshot.exists(data_dir)


def test_queries_are_read_from_the_data_file(data_dir):
    queries = read_queries(data_dir)
    assert [q.query_id for q in queries] == ["pm_big", "pm_small", "ct_all"]
    assert queries[0].text == BIG_TERM
    (data_dir / "literature_queries.csv").write_text(QUERIES + "pm_big,pubmed,x,dup\n", encoding="utf-8")
    with pytest.raises(QueryFileError, match="repeats"):
        read_queries(data_dir)


def test_the_course_declares_its_queries():
    queries = read_queries(Path(data.data_dir()))
    assert {q.service for q in queries} == {"pubmed", "ctgov"}


# --- the API key -----------------------------------------------------------------------------------------
def _cli_args(fake, data_dir, **extra):
    args = dict(
        data_dir=data_dir,
        eutils_url=fake.eutils_url,
        ctgov_url=fake.ctgov_url,
        email=None,
        batch_size=100,
        rate=None,
        max_attempts=1,
        timeout=2.0,
        no_progress=True,
    )
    args.update(extra)
    return Namespace(**args)


def test_the_api_key_is_sent_but_never_written_or_logged(fake, data_dir, monkeypatch, capsys, caplog):
    monkeypatch.setenv("NCBI_API_KEY", SECRET)
    caplog.set_level(logging.DEBUG)
    assert refresh.run(_cli_args(fake, data_dir)) == 0  # at the keyed rate, 10/s
    first_run = fake.requests("/entrez/")  # the rate holds within a run; a new run starts a new limiter
    fake.fault("esummary", "status", status=500, times=99)
    assert refresh.run(_cli_args(fake, data_dir)) == 2
    out = capsys.readouterr()
    eutils = fake.requests("/entrez/")
    assert eutils and all(s.body.get("api_key") == SECRET for s in eutils)  # it was used ...
    assert not any(SECRET in s.raw_target for s in fake.log)  # ... but never in a URL
    assert not any(SECRET in s.raw_body for s in fake.requests("/api/v2/"))  # nor sent to CT.gov
    assert SECRET not in out.out + out.err
    assert SECRET not in caplog.text and "esummary" in caplog.text  # httpx's own log lines are clean
    for path in data_dir.parent.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert snapshot.provenance(data_dir)["api_key_used"] is True
    gaps = [b.at - a.at for a, b in zip(first_run, first_run[1:], strict=False)]
    assert min(gaps) >= 0.5 * 0.1  # 10 requests per second with a key (half the spacing allowed for jitter)


# --- progress --------------------------------------------------------------------------------------------
def test_progress_bar_only_when_asked_or_on_a_terminal(fake, data_dir, capsys):
    refresh.refresh(config(fake, data_dir, progress=None))  # stderr is not a terminal under pytest
    assert capsys.readouterr().err == ""
    refresh.refresh(config(fake, data_dir, progress=True))
    assert "pm_big" in capsys.readouterr().err


# --- scale -----------------------------------------------------------------------------------------------
def test_ten_thousand_records_in_few_requests(data_dir, capsys):
    batch = 500
    with FakeServices() as fake:
        synthetic_pubmed(fake, BIG_TERM, 10_000)
        fake.pubmed_searches[SMALL_TERM] = []
        fake.ctgov_searches[CT_TERM] = []
        (data_dir / "literature_queries.csv").write_text(
            f'query_id,service,query_text,purpose\npm_big,pubmed,"{BIG_TERM.replace(chr(34), 2 * chr(34))}",scale test\n',
            encoding="utf-8",
        )
        started = time.monotonic()
        summary = refresh.refresh(config(fake, data_dir, batch_size=batch, rate_per_s=1000.0))
        wall = time.monotonic() - started
        n_requests = len(fake.log)
    assert summary.runs[0]["n_records"] == 10_000
    assert n_requests == summary.n_requests <= math.ceil(10_000 / batch) + 5
    with capsys.disabled():
        print(
            f"\n[10,000-record refresh: {n_requests} requests, {wall:.2f} s wall time, batch {batch}; "
            f"at NCBI's 3 requests/s the requests alone need >= {(n_requests - 1) / 3:.1f} s]"
        )
    (data_dir.parent / "scale.json").write_text(json.dumps({"requests": n_requests, "wall_s": round(wall, 2)}))
    assert os.path.getsize(snapshot.snapshot_dir(data_dir) / "pubmed_records.csv") > 0
