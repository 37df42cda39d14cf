"""The reference check, offline: every kind of finding against a fake E-utilities and ClinicalTrials.gov."""

import csv
import hashlib
import json
from argparse import Namespace
from pathlib import Path

import pytest
from fake_services import FakeServices, seed_from_references

from kratom_course import data
from kratom_course.literature import verify
from kratom_course.literature.ctgov import Ctgov
from kratom_course.literature.eutils import Eutils
from kratom_course.literature.http import HttpClient, RetryPolicy, ServiceError

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

FAST = RetryPolicy(attempts=2, backoff_s=0.01, timeout_s=2.0)
COLUMNS = ["ref_id", "first_author", "year", "title", "journal", "pmid", "pmcid", "doi", "registry_id", "notes"]


def ref(ref_id, **values):
    row = dict.fromkeys(COLUMNS, "")
    row.update(ref_id=ref_id, **values)
    return row


GOOD = ref(
    "good2020",
    first_author="Smith KE",
    year="2020",
    title="Kratom use and the <i>Mitragyna</i> alkaloids: a survey",
    journal="J Addict Med",
    pmid="31000001",
    doi="https://doi.org/10.1097/ADM.0000000000000001",
)


def seed_pubmed(fake):
    fake.add_pubmed(
        "31000001",
        title="Kratom Use and the Mitragyna Alkaloids: A Survey.",
        pubdate="2021 Jan",
        epubdate="2020 Jun 3",
        source="J Addict Med",
        fulljournal="Journal of addiction medicine",
        authors=["Smith KE", "Dunn KE"],
        doi="10.1097/adm.0000000000000001",
    )
    fake.add_pubmed(
        "31000002",
        title="A retracted kratom paper.",
        pubdate="2019",
        source="J Test",
        authors=["Doe J"],
        pubtypes=["Journal Article", "Retracted Publication"],
    )
    fake.add_pubmed("31000003", title="Withdrawn.", pubdate="2018", source="J Test", error=True)


def clients(fake, retry=FAST):
    ncbi, registry = HttpClient(500.0, retry), HttpClient(500.0, retry)
    return ncbi, registry, Eutils(ncbi, fake.eutils_url), Ctgov(registry, fake.ctgov_url)


def run_check(fake, references, **kw):
    ncbi, registry, eutils, ctgov = clients(fake)
    with ncbi, registry:
        return verify.check(references, eutils, ctgov, **kw)


def by_field(findings):
    return {(f.ref_id, f.field): f for f in findings}


@pytest.fixture
def fake():
    with FakeServices() as services:
        seed_pubmed(services)
        services.add_study(
            "NCT01000001",
            brief_title="Ketum and Pain Tolerance",
            official_title="Effects of Ketum on Pain Tolerance: a Crossover Trial",
            first_submitted="2018-01-10",
            first_posted="2018-01-31",
            start="2018-03",
        )
        services.add_study(
            "NCT01000002", brief_title="A study that never enrolled", status="WITHDRAWN", first_posted="2021-05-01"
        )
        yield services


# --- normalising ---------------------------------------------------------------------------------------
def test_titles_are_compared_without_form():
    a = "Kratom (<i>Mitragyna speciosa</i>): “the Roots” &amp; more."
    b = "kratom mitragyna speciosa the roots & more"
    assert verify.normalise_text(a) == verify.normalise_text(b)
    assert verify.normalise_text("Évaluation du kratom.") == "evaluation du kratom"


def test_authors_journals_and_dois():
    assert verify.same_author("Culpepper-Morgan JA", "Culpepper-Morgan J")
    assert verify.same_author("Váradi A", "Varadi A") and verify.same_author("Ya", "Ya K")
    assert not verify.same_author("Smith KE", "Smyth KE") and not verify.same_author("Smith KE", "Smith PA")
    assert verify.normalise_journal("The Journal of Pharmacology & Experimental Therapeutics") == verify.normalise_journal(
        "Journal of pharmacology and experimental therapeutics"
    )
    assert verify.normalise_doi("https://doi.org/10.1/ABC") == verify.normalise_doi("doi: 10.1/abc")


# --- PubMed rows ---------------------------------------------------------------------------------------
def test_a_correct_row_is_ok(fake):
    # title form differs, print year 2021 but e-pub 2020, DOI case and prefix differ, journal abbreviation
    assert run_check(fake, [GOOD]) == [verify.Finding("good2020", "pmid", "31000001", "ok")]


@pytest.mark.parametrize(
    ("field", "value", "record_value"),
    [
        ("title", "Kratom use among veterans", "Kratom Use and the Mitragyna Alkaloids: A Survey."),
        ("year", "2017", "2021"),
        ("first_author", "Dunn KE", "Smith KE"),
        ("journal", "Drug Alcohol Depend", "J Addict Med"),
        ("doi", "10.1097/ADM.0000000000000999", "10.1097/adm.0000000000000001"),
    ],
)
def test_each_kind_of_mismatch_is_reported(fake, field, value, record_value):
    findings = run_check(fake, [dict(GOOD, **{field: value})])
    assert [f.status for f in findings] == ["mismatch"]
    assert findings[0].field == field and findings[0].reference_value == value
    assert findings[0].record_value == record_value


def test_a_blank_in_the_reference_is_a_gap_not_a_mismatch(fake):
    findings = run_check(fake, [dict(GOOD, first_author="", doi="")])
    assert {(f.status, f.field) for f in findings} == {("gap", "first_author"), ("gap", "doi")}


def test_a_withdrawn_or_unknown_pmid_is_not_found(fake):
    rows = [ref("withdrawn", pmid="31000003", title="Withdrawn"), ref("typo", pmid="99999999", title="x")]
    findings = run_check(fake, rows)
    assert [(f.ref_id, f.status) for f in findings] == [("withdrawn", "not-found"), ("typo", "not-found")]


def test_a_retracted_record_is_flagged(fake):
    row = ref("retracted", pmid="31000002", title="A retracted kratom paper", year="2019", first_author="Doe J", journal="J Test")
    findings = run_check(fake, [row])
    assert [(f.status, f.record_value) for f in findings] == [("flagged", "Retracted Publication")]


# --- registry rows ---------------------------------------------------------------------------------------
def test_registry_rows(fake):
    rows = [
        ref("trial_ok", registry_id="NCT01000001", title="Ketum and Pain Tolerance", year="2018"),
        ref("trial_official", registry_id="nct01000001", title="Effects of Ketum on Pain Tolerance: A Crossover Trial"),
        ref("trial_bad", registry_id="NCT01000001", title="Ketum and sleep", year="2015"),
        ref("trial_withdrawn", registry_id="NCT01000002", title="A study that never enrolled", year="2021"),
        ref("trial_missing", registry_id="NCT01999999", title="x"),
    ]
    found = by_field(run_check(fake, rows))
    assert found[("trial_ok", "")].status == "ok"
    assert found[("trial_official", "year")].status == "gap"  # official title accepted; the year is blank
    assert found[("trial_bad", "title")].status == "mismatch" and found[("trial_bad", "year")].status == "mismatch"
    assert found[("trial_withdrawn", "overall_status")].status == "flagged"
    assert found[("trial_missing", "registry_id")].status == "not-found"


def test_rows_without_identifiers_are_unverifiable(fake):
    rows = [ref("web", title="A web page"), ref("doi_only", doi="10.1/x", title="y"), ref("pmc", pmcid="PMC1", title="z")]
    findings = run_check(fake, rows)
    assert [(f.ref_id, f.status, f.note) for f in findings] == [
        ("web", "unverifiable", "no PMID or NCT number"),
        ("doi_only", "unverifiable", "DOI only; not looked up by this route"),
        ("pmc", "unverifiable", "PMCID only; not looked up by this route"),
    ]
    assert "(1 with DOI; 1 with PMCID)" in verify.format_table(findings)
    assert not fake.log  # nothing to look up, nothing sent


def test_lookups_are_batched(fake):
    rows = [ref(f"r{i}", pmid=str(32_000_000 + i), title="t") for i in range(250)]
    rows += [ref(f"t{i}", registry_id=f"NCT02{i:06d}", title="t") for i in range(150)]
    findings = run_check(fake, rows)
    assert {f.status for f in findings} == {"not-found"}
    pubmed = fake.requests("esummary")
    assert [len(s.body["id"].split(",")) for s in pubmed] == [200, 50]
    assert all(s.method == "POST" for s in pubmed)
    assert [len(s.query["filter.ids"].split(",")) for s in fake.requests("/studies")] == [100, 50]


def test_a_service_failure_raises(fake):
    fake.fault("esummary", "status", status=500, times=99)
    with pytest.raises(ServiceError, match="PubMed esummary .* HTTP 500 after 2 attempt"):
        run_check(fake, [GOOD])


# --- the command -----------------------------------------------------------------------------------------
def write_references(folder: Path, rows):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "references.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def digest(folder: Path) -> dict:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def cli_args(fake, data_dir, out, **extra):
    values = dict(
        data_dir=data_dir,
        eutils_url=fake.eutils_url,
        ctgov_url=fake.ctgov_url,
        email="teacher@example.org",
        out=out,
        rate=None,
        max_attempts=1,
        timeout=2.0,
        suggest=None,
    )
    values.update(extra)
    return Namespace(**values)


def test_the_command_reports_and_changes_nothing(fake, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    data_dir = tmp_path / "data"
    write_references(data_dir, [GOOD, dict(GOOD, ref_id="bad", year="2010"), ref("web", title="A page")])
    before = digest(data_dir)
    out = tmp_path / "build" / "report.csv"
    assert verify.run(cli_args(fake, data_dir, out)) == 1  # one row disagrees
    printed = capsys.readouterr().out
    assert "3 references: 1 mismatch, 1 unverifiable, 1 ok" in printed and "bad" in printed
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["ref_id"], r["status"], r["field"]) for r in rows] == [
        ("good2020", "ok", ""),
        ("bad", "mismatch", "year"),
        ("web", "unverifiable", ""),
    ]
    report = tmp_path / "report.json"
    assert verify.run(cli_args(fake, data_dir, report)) == 1
    assert json.loads(report.read_text())["counts"]["mismatch"] == 1
    assert digest(data_dir) == before
    write_references(data_dir, [GOOD])
    assert verify.run(cli_args(fake, data_dir, out)) == 0


def test_a_service_failure_is_one_line_and_no_report(fake, tmp_path, capsys):
    data_dir = tmp_path / "data"
    write_references(data_dir, [GOOD, ref("trial", registry_id="NCT01000001", title="Ketum and Pain Tolerance")])
    before = digest(data_dir)
    fake.fault("/studies", "status", status=503, times=99)
    out = tmp_path / "report.csv"
    assert verify.run(cli_args(fake, data_dir, out)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ClinicalTrials.gov lookup" in err and "HTTP 503" in err
    assert not out.exists() and digest(data_dir) == before


def test_the_report_may_not_go_into_the_data_folder(fake, tmp_path, capsys):
    data_dir = tmp_path / "data"
    write_references(data_dir, [GOOD])
    assert verify.run(cli_args(fake, data_dir, data_dir / "report.csv")) == 2
    assert "inside the data folder" in capsys.readouterr().err


# --- today's references ----------------------------------------------------------------------------------
def test_todays_references_against_a_fake_seeded_from_them(tmp_path, capsys):
    references = Path(data.data_dir()) / "references.csv"
    with FakeServices() as fake:
        seeded = seed_from_references(fake, references)
        out = tmp_path / "verify-report.csv"
        code = verify.run(cli_args(fake, Path(data.data_dir()), out))
        n_requests = len(fake.log)
    printed = capsys.readouterr().out
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    statuses = {r["status"] for r in rows}
    with capsys.disabled():
        print(f"\n[today's references.csv vs a fake seeded from it: {seeded} seeded, {n_requests} requests]")
        print(printed)
    assert code == 0 and not statuses & {"mismatch", "not-found"}, printed
    assert n_requests == 2  # one esummary for every PMID, one CT.gov lookup for every NCT number


def test_the_api_key_is_sent_but_never_shown(fake, tmp_path, capsys, monkeypatch):
    secret = "SECRET-verify-key-41b2"
    monkeypatch.setenv("NCBI_API_KEY", secret)
    data_dir = tmp_path / "data"
    write_references(data_dir, [GOOD])
    out = tmp_path / "report.json"
    assert verify.run(cli_args(fake, data_dir, out)) == 0
    fake.fault("esummary", "status", status=500, times=99)
    assert verify.run(cli_args(fake, data_dir, out)) == 2
    printed = capsys.readouterr()
    assert all(s.body.get("api_key") == secret for s in fake.requests("esummary"))
    assert not any(secret in s.raw_target for s in fake.log)
    assert secret not in printed.out + printed.err
    assert not out.exists(), "a failed run removes the earlier report, which would pass for this run's"
    assert "the earlier report" in printed.err


# --- volume, issue, pages; what the records say (--suggest) ------------------------------------------------------
WITH_PAGES = COLUMNS + ["volume", "issue", "pages"]


def seed_paged(fake):
    fake.add_pubmed(
        "18404390",
        title="Drugs and prolactin.",
        pubdate="2008",
        source="Pituitary",
        authors=["Molitch ME"],
        volume="11",
        issue="2",
        pages="209-18",
        doi="10.1007/s11102-008-0106-6",
    )


def paged(ref_id, **values):
    row = dict.fromkeys(WITH_PAGES, "")
    row.update(ref_id=ref_id, first_author="Molitch ME", year="2008", title="Drugs and prolactin", journal="Pituitary")
    row.update(pmid="18404390", doi="10.1007/s11102-008-0106-6", **values)
    return row


def test_page_ranges_are_compared_whole():
    assert verify.page_range("209-18") == ("209", "218") == verify.page_range("209–218")
    assert verify.page_range("e6588") == ("e6588", "")
    assert verify.same_pages("1151-8", "1151-1158") and not verify.same_pages("1151-8", "1151-1159")


def test_volume_issue_and_pages_are_compared_when_the_columns_exist(fake):
    seed_paged(fake)
    rows = [
        paged("right", volume="11", issue="2", pages="209-218"),
        paged("wrong", volume="11", issue="3", pages="209-219"),
        paged("blank"),
    ]
    found = by_field(run_check(fake, rows))
    assert found[("right", "")].status == "ok"
    assert found[("wrong", "issue")].status == "mismatch" and found[("wrong", "pages")].record_value == "209-18"
    assert found[("blank", "volume")].status == "gap" and found[("blank", "pages")].status == "gap"
    without = {k: v for k, v in paged("old").items() if k not in ("volume", "issue", "pages")}
    assert [f.status for f in run_check(fake, [without])] == ["ok"], "not compared before the columns exist"


def test_suggest_writes_what_the_records_say_and_changes_nothing(fake, tmp_path, capsys):
    seed_paged(fake)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with (data_dir / "references.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=WITH_PAGES, lineterminator="\n")
        writer.writeheader()
        writer.writerows([paged("molitch2008", volume="11"), GOOD | {"volume": "", "issue": "", "pages": ""}])
    before = digest(data_dir)
    suggest = tmp_path / "build" / "suggested.csv"
    assert verify.run(cli_args(fake, data_dir, tmp_path / "report.csv", suggest=suggest)) == 0
    rows = {r["ref_id"]: r for r in csv.DictReader(suggest.open(encoding="utf-8"))}
    assert rows["molitch2008"]["pages"] == "209-218" and rows["molitch2008"]["issue"] == "2"
    assert rows["molitch2008"]["authors"] == "Molitch ME" and rows["molitch2008"]["differs"] == "issue pages"
    assert rows["good2020"]["authors"] == "Smith KE; Dunn KE"
    assert digest(data_dir) == before
    assert "what the records say" in capsys.readouterr().out


def test_suggest_may_not_go_into_the_data_folder(fake, tmp_path, capsys):
    data_dir = tmp_path / "data"
    write_references(data_dir, [GOOD])
    before = digest(data_dir)
    assert verify.run(cli_args(fake, data_dir, tmp_path / "r.csv", suggest=data_dir / "s.csv")) == 2
    assert "outside the data folder" in capsys.readouterr().err
    assert digest(data_dir) == before and not fake.log
