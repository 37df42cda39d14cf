"""The link a learner follows (`url` in data/references.csv) is the publisher, PMC, PubMed, DOI, registry or
agency page, or nothing: never a document-sharing site, a copy of a paywalled article, an AI summary or a
staging server. `verified_url` is provenance and may be any of those; the notes say what was read where.

The fields a learner sees (first author, title, journal) name the document, not how the course found it:
"seen via", "copy on", "reproduced by" belong in `notes`."""

import ipaddress
import re
from urllib.parse import urlsplit

import pandas as pd
import pytest

from kratom_course import data, references

# Hosts of copies, not of records: document-sharing and PDF-copy sites, aggregators that serve a copy of a
# paywalled article, AI summaries, a personal site reproducing an abstract, mirrors of a registry.
COPY_HOSTS = {
    "coek.info",
    "datapdf.com",
    "distantreader.org",
    "docslib.org",
    "documentine.com",
    "dokumen.pub",
    "fdocument.org",
    "fdocuments.us",
    "issuu.com",
    "koprabuh.com",
    "mdspire.com",
    "meddatax.com",
    "mitragyna.com",
    "moam.info",
    "opioids.co.uk",
    "paperzz.com",
    "pdfcoffee.com",
    "readkong.com",
    "scribd.com",
    "studylib.net",
    "typeset.io",
    "vdoc.pub",
    "yumpu.com",
    "zendy.io",
    "booksci.cn",
    "peeref.com",
}

RESEARCH_WORDING = re.compile(
    r"\bseen (?:via|on|only)\b|\bcopy on\b|\breproduced (?:by|on)\b|\(reproduction of\b|\bvia an? \w+ summary\b"
    r"|\bnot (?:seen|verified|visible)\b|\bcould not\b|\b\w+ copy\)",
    re.IGNORECASE,
)


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def on_copy_host(url: str) -> bool:
    name = host(url)
    return any(name == h or name.endswith("." + h) for h in COPY_HOSTS)


def is_address(url: str) -> bool:
    try:
        ipaddress.ip_address(host(url))
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def refs() -> pd.DataFrame:
    return data.load("references")


def test_the_host_rules_recognise_what_they_should():
    assert on_copy_host("https://c.coek.info/pdf-x.html") and on_copy_host("https://fr.scribd.com/document/1")
    assert on_copy_host("https://issuu.com./x/docs/y"), "a trailing dot in the host name does not hide it"
    assert not on_copy_host("https://pubmed.ncbi.nlm.nih.gov/1/") and not on_copy_host("https://notscribd.com/x")
    assert references.is_staging_url("https://www-stage.synnovis.co.uk/our-tests/prolactin-2")
    assert is_address("http://47.251.13.51:8081/35197848") and not is_address("https://doi.org/10.1/x")


def test_no_learner_link_points_at_a_copy_host_a_staging_server_or_a_bare_address(refs):
    bad = [
        (r["ref_id"], r["url"])
        for _, r in refs.iterrows()
        if references._value(r, "url") and (on_copy_host(r["url"]) or references.is_staging_url(r["url"]) or is_address(r["url"]))
    ]
    assert not bad, f"link the publisher, PMC, PubMed, DOI, registry or agency page, or leave url blank: {bad}"


def test_a_record_seen_only_on_a_staging_server_is_a_secondary_copy(refs):
    staged = refs[[references.is_staging_url(str(u)) for u in refs["verified_url"].fillna("")]]
    assert (staged["verified_record"] == "secondary-copy").all(), staged["ref_id"].tolist()


def test_a_blank_learner_link_keeps_its_provenance(refs):
    blank = refs[refs["url"].isna() | (refs["url"] == "")]
    assert blank["verified_url"].notna().all() and (blank["verified_url"] != "").all(), blank["ref_id"].tolist()


def test_learner_facing_fields_name_the_document_not_how_it_was_found(refs):
    bad = [
        (r["ref_id"], column, r[column])
        for _, r in refs.iterrows()
        for column in ("first_author", "title", "journal")
        if RESEARCH_WORDING.search(references._value(r, column))
    ]
    assert not bad, f"move how a document was read into notes: {bad}"


def test_the_reference_list_offers_no_copy_host(refs):
    offered = [(r["ref_id"], url) for _, r in refs.iterrows() for _, url in references.learner_links(r)]
    assert not [pair for pair in offered if on_copy_host(pair[1]) or is_address(pair[1])]
