"""The refresh and the reference check against the real services' habits (review literature-real.md):
spacing with a margin, PubMed's query diagnostics kept and shown, a warning without an e-mail address,
titles keeping their own "<" and ">", retries of NCBI's 200-status failures, keys redacted before a
message is shortened. All against the local fakes."""

import json
from argparse import Namespace

import httpx
import pytest
from fake_services import FakeServices
from test_refresh import BIG_TERM, CT_TERM, SMALL_TERM, config, synthetic_pubmed, synthetic_studies
from test_verify import GOOD, cli_args, seed_pubmed, write_references

from kratom_course import literature_snapshot as snapshot
from kratom_course.literature import refresh, verify
from kratom_course.literature.eutils import clean_text
from kratom_course.literature.http import HttpClient, RetryPolicy, ServiceError, redact

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

QUERIES = (
    "query_id,service,query_text,purpose\n"
    'pm_big,pubmed,"kratom[tiab] OR ""mitragyna speciosa""[tiab]",the whole literature (test)\n'
    "pm_small,pubmed,kratom[tiab] AND prolactin[tiab],a thin cell (test)\n"
    'ct_all,ctgov,"kratom OR ""Mitragyna speciosa""",registered studies (test)\n'
)


@pytest.fixture
def fake():
    with FakeServices() as services:
        synthetic_pubmed(services, BIG_TERM, 12)
        synthetic_pubmed(services, SMALL_TERM, 3, first_pmid=40_000_000)
        synthetic_studies(services, CT_TERM, 4)
        yield services


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "course" / "data"
    folder.mkdir(parents=True)
    (folder / "literature_queries.csv").write_text(QUERIES, encoding="utf-8")
    return folder


# --- L2-2: what PubMed actually ran is kept and shown -----------------------------------------------------------
def test_query_diagnostics_and_translation_are_stored_and_printed(fake, data_dir, capsys):
    fake.pubmed_diagnostics[SMALL_TERM] = {
        "translation": '"kratom"[Title/Abstract]',
        "errors": [("PhraseNotFound", "prolactin[tiab]")],
        "warnings": [("OutputMessage", "No items found."), ("QuotedPhraseNotFound", '"mitragyna xyz"')],
    }
    refresh.refresh(config(fake, data_dir))
    ran = snapshot.provenance(data_dir)["pubmed_queries"]
    assert ran["pm_small"] == {
        "query_translation": '"kratom"[Title/Abstract]',
        "diagnostics": ["PhraseNotFound: prolactin[tiab]", 'QuotedPhraseNotFound: "mitragyna xyz"'],
    }
    assert ran["pm_big"]["diagnostics"] == [] and ran["pm_big"]["query_translation"] == BIG_TERM
    err = capsys.readouterr().err
    assert "warning: query pm_small: PubMed reports PhraseNotFound: prolactin[tiab]" in err
    assert '"kratom"[Title/Abstract]' in err and "No items found" not in err


# --- L2-3: no e-mail address is said ------------------------------------------------------------------------------
def test_refresh_warns_without_an_email_address(fake, data_dir, capsys, monkeypatch):
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    assert refresh.execute(config(fake, data_dir, email=None)) == 0
    assert "warning: no e-mail address given" in capsys.readouterr().err
    assert refresh.execute(config(fake, data_dir)) == 0
    assert "e-mail" not in capsys.readouterr().err


def test_the_email_can_come_from_the_environment(fake, data_dir, monkeypatch):
    monkeypatch.setenv("NCBI_EMAIL", "teacher@example.org")
    args = Namespace(
        data_dir=data_dir,
        eutils_url=fake.eutils_url,
        ctgov_url=fake.ctgov_url,
        email=None,
        batch_size=100,
        rate=None,
        max_attempts=2,
        timeout=2.0,
        no_progress=True,
    )
    assert refresh.config_from_args(args).email == "teacher@example.org"


def test_verify_warns_without_an_email_address(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    with FakeServices() as services:
        seed_pubmed(services)
        data_dir = tmp_path / "data"
        write_references(data_dir, [GOOD])
        assert verify.run(cli_args(services, data_dir, tmp_path / "r.csv", email=None)) == 0
        assert services.requests("esummary")[0].body.get("email") is None
    assert "warning: no e-mail address given" in capsys.readouterr().err


# --- L2-4: only PubMed's inline tags are removed ------------------------------------------------------------------
def test_titles_keep_their_own_angle_brackets():
    escaped = "Seizure risk in users aged &lt;25 years versus &gt;40 years."
    assert clean_text(escaped) == "Seizure risk in users aged <25 years versus >40 years."
    assert clean_text("Effects of &lt;i&gt;Mitragyna speciosa&lt;/i&gt; on CO&lt;sub&gt;2&lt;/sub&gt;") == (
        "Effects of Mitragyna speciosa on CO2"
    )
    assert verify.normalise_text("aged <25 years versus >40 years") != verify.normalise_text("aged 40 years")


def test_a_title_with_comparison_signs_survives_the_refresh(fake, data_dir):
    fake.pubmed["40000001"]["title"] = "Seizure risk in users aged <25 years versus >40 years."
    refresh.refresh(config(fake, data_dir))
    titles = set(snapshot.load("pubmed_records", data_dir)["title"])
    assert "Seizure risk in users aged <25 years versus >40 years." in titles


# --- L2-5: NCBI's temporary failures with status 200 are retried ----------------------------------------------------
BACKEND = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><ERROR>Search Backend failed: '
    b"Unable to open connection to #PMQuerySrv-s:pmquerysrv-s.production.ncbi.nlm.nih.gov:8035</ERROR></eSearchResult>\n"
)
RATE_JSON = b'{"error":"API rate limit exceeded","count":"4","limit":"3"}'


@pytest.mark.parametrize(
    "endpoint, body, kind",
    [
        ("esearch", BACKEND, "text/xml; charset=UTF-8"),
        ("esummary", RATE_JSON, "application/json"),
    ],
    ids=["search backend failed", "rate-limit JSON"],
)
def test_a_temporary_failure_sent_with_status_200_is_retried(fake, data_dir, endpoint, body, kind):
    fake.fault(endpoint, "body", status=200, body=body, content_type=kind, times=2)
    summary = refresh.refresh(config(fake, data_dir))
    assert snapshot.provenance(data_dir)["counts"]["pm_small"] == 3
    assert summary.n_requests == len(fake.log)
    assert len(fake.requests(endpoint)) == 2 + 2  # one per PubMed query, and the two answers retried


def test_other_eutils_errors_stay_fatal_without_retry(fake, data_dir):
    body = b'<?xml version="1.0"?>\n<eSearchResult><ERROR>Invalid query syntax</ERROR></eSearchResult>'
    fake.fault("esearch", "body", status=200, body=body, times=9)
    with pytest.raises(ServiceError, match="Invalid query syntax"):
        refresh.refresh(config(fake, data_dir))
    assert len(fake.requests("esearch")) == 1


def test_a_temporary_failure_that_lasts_ends_the_run_after_the_attempts(fake, data_dir):
    fake.fault("esearch", "body", status=200, body=BACKEND, times=99)
    with pytest.raises(ServiceError, match="Search Backend failed after 3 attempt"):
        refresh.refresh(config(fake, data_dir))
    assert not snapshot.exists(data_dir)


# --- L3-4: keys are redacted before a message is shortened ------------------------------------------------------------
def test_a_key_is_redacted_before_the_message_is_shortened():
    key = "0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1"
    body = json.dumps({"error": "x" * 80, "api-key": key, "more": "y" * 50})
    assert body.index(key) > 100  # the key straddles the 120-character cut

    def handler(request):
        return httpx.Response(400, text=body)

    client = HttpClient(1000.0, RetryPolicy(attempts=1), secrets=(key,), transport=httpx.MockTransport(handler))
    with client, pytest.raises(ServiceError) as raised:
        client.request("GET", "https://example.invalid/x", what="probe")
    message = str(raised.value)
    assert key[:6] not in message and "***" in message


def test_a_value_labelled_as_a_key_is_redacted_even_when_unknown():
    assert redact('{"api-key":"abcdef123456","count":"4"}', ()) == '{"api-key":"***","count":"4"}'
    assert redact("api_key=abcdef123456&tool=x", ()) == "api_key=***&tool=x"
    assert redact("nothing secret here", ("",)) == "nothing secret here"


# --- L3-1, L3-3: zero hits need no history; an id PubMed is silent about is not "not found" ------------------------
def test_a_search_with_no_hits_needs_no_history():
    from kratom_course.literature.eutils import Eutils

    body = b'<?xml version="1.0"?>\n<eSearchResult><Count>0</Count><RetMax>0</RetMax><IdList/></eSearchResult>'
    client = HttpClient(
        1000.0, RetryPolicy(attempts=1), transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body))
    )
    with client:
        eutils = Eutils(client, "https://eutils.example.invalid")
        result = eutils.search("nothing[tiab]")
        assert result.count == 0 and eutils.summaries_from_history(result) == []


def test_an_esummary_that_leaves_out_a_requested_id_is_an_incomplete_answer():
    from kratom_course.literature.eutils import Eutils
    from kratom_course.literature.http import MalformedResponse

    body = (
        b'<?xml version="1.0"?>\n<eSummaryResult><DocumentSummarySet status="OK">'
        b'<DocumentSummary uid="1"><Title>One.</Title><PubDate>2020</PubDate><Source>J</Source></DocumentSummary>'
        b"</DocumentSummarySet></eSummaryResult>"
    )
    client = HttpClient(
        1000.0, RetryPolicy(attempts=1), transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body))
    )
    with client, pytest.raises(MalformedResponse, match="lacks PMID 99999999"):
        Eutils(client, "https://eutils.example.invalid").summaries_by_id(["1", "99999999"])


# --- edges the mutation run found untested (benchmarks/mutation.md) -----------------------------------------
def client_answering(statuses):
    answers = iter(statuses)
    return HttpClient(
        1000.0,
        RetryPolicy(attempts=3, backoff_s=0.0, max_wait_s=0.0),
        sleep=lambda s: None,
        transport=httpx.MockTransport(lambda request: httpx.Response(next(answers), content=b"busy")),
    )


@pytest.mark.parametrize("status", [200, 299])
def test_a_2xx_answer_the_service_calls_transient_is_retried(status):
    verdicts = iter(["busy", None])
    client = client_answering([status, 200])
    with client:
        response = client.request("GET", "https://x.invalid/", what="probe", transient=lambda r: next(verdicts))
    assert response.status_code == 200 and client.requests_sent == 2


@pytest.mark.parametrize("status", [301, 404])
def test_only_2xx_answers_are_asked_whether_they_are_transient(status):
    asked = []
    client = client_answering([status, 200])
    with client, pytest.raises(ServiceError, match=f"HTTP {status}"):
        client.request("GET", "https://x.invalid/", what="probe", transient=lambda r: asked.append(r) or "busy")
    assert asked == [] and client.requests_sent == 1


@pytest.mark.parametrize("kwargs", [{"attempts": 0}, {"timeout_s": 0.0}, {"backoff_s": -1.0}, {"max_wait_s": -1.0}])
def test_a_retry_policy_that_cannot_work_is_refused(kwargs):
    with pytest.raises(ValueError, match="RetryPolicy"):
        RetryPolicy(**kwargs)
    assert RetryPolicy(attempts=1, backoff_s=0.0, max_wait_s=0.0).attempts == 1


def test_the_default_policy_waits_1_s_then_doubles_up_to_a_minute():
    assert [RetryPolicy().backoff(n) for n in (1, 2, 3, 4, 7, 20)] == [1.0, 2.0, 4.0, 8.0, 60.0, 60.0]


@pytest.mark.parametrize("tool", [refresh, verify])
def test_the_help_states_the_retry_defaults_that_apply(tool):
    import argparse
    import re

    parser = argparse.ArgumentParser()
    tool.add_arguments(parser)
    for action in parser._actions:
        if action.dest in ("timeout", "max_attempts"):
            stated = re.search(r"default (\d+(?:\.\d+)?)", action.help)
            assert stated and float(stated.group(1)) == action.default, action.dest
    assert (RetryPolicy().timeout_s, RetryPolicy().attempts) == (30.0, 5)


def test_the_time_of_a_retry_after_date_is_named():
    from kratom_course.literature.http import parse_retry_after

    with pytest.raises(TypeError):
        parse_retry_after("5", 0.0)  # `now` is keyword-only: a clock reading never passes as a header value
    assert parse_retry_after("5", now=0.0) == 5.0
