"""The course's key points and one-page claims table: committed under notebooks/, never stale, and the
key study chosen by the stated rule (room.summary)."""

import pandas as pd

from kratom_course.room import summary


def test_committed_pages_are_current():
    stale = summary.stale_pages()
    assert not stale, f"stale: {[p.name for p in stale]}; run: python -m kratom_course summary"


def test_every_notebook_gives_its_key_points():
    for notebook in summary.course_summaries():
        assert 3 <= len(notebook.key_points) <= 8, f"{notebook.name}: {len(notebook.key_points)} key points"


def test_claims_table_lists_every_article_claim_once_in_paragraph_order():
    from kratom_course import data

    claims = data.load("claims")
    table = summary.claims_table()
    assert sorted(table["claim_id"]) == sorted(claims.loc[claims["claim_kind"] == "article", "claim_id"])
    order = table["paragraph"].str[1:].astype(int).tolist()
    assert order == sorted(order)
    assert "context" not in set(table["status"])


def _references(rows):
    return pd.DataFrame(
        rows, columns=["ref_id", "first_author", "year", "title", "study_design", "doc_type", "evidence_level", "n"]
    )


def test_key_study_rule():
    claims = pd.DataFrame({"claim_id": ["A", "B", "C", "D"], "status": ["supported", "contradicted", "supported", "unsupported"]})
    links = pd.DataFrame(
        [
            ("A", "r_level4_big", "supports"),
            ("A", "r_level3", "supports"),
            ("A", "r_level1", "context"),  # context never counts
            ("B", "r_level3", "supports"),
            ("B", "r_level3b", "contradicts"),  # same level: the contradicting one for a contradicted claim
            ("C", "r_law", "supports"),  # ungraded only: named as the key source
            ("D", "r_level1", "context"),  # nothing bears on it: no key study
        ],
        columns=["claim_id", "ref_id", "relation"],
    )
    references = _references(
        [
            ("r_level4_big", "Big A", 2020, "t", "cross-sectional-survey", "journal-article", 4, 5000),
            ("r_level3", "Smith AB", 2001, "t", "cohort", "journal-article", 3, 50),
            ("r_level3b", "Jones C", 1999, "t", "case-control", "journal-article", 3, 20),
            ("r_level1", "Meta D", 2019, "t", "systematic-review", "journal-article", 1, 900),
            ("r_law", "Ministry of Health", 2022, "t", "regulatory", "government-document", None, None),
        ]
    )
    keys = summary.key_studies(claims, links, references).set_index("claim_id")
    assert keys.loc["A", "ref_id"] == "r_level3"
    assert keys.loc["A", "label"] == "Smith 2001"
    assert keys.loc["B", "ref_id"] == "r_level3b"
    assert keys.loc["C", "ref_id"] == "r_law" and keys.loc["C", "design"] == "government document"
    assert "D" not in keys.index


def test_summary_writes_to_another_folder(tmp_path):
    written = summary.write_pages(tmp_path)
    assert sorted(p.name for p in written) == sorted([summary.KEY_POINTS_FILE, summary.CLAIMS_FILE])
    assert all(p.read_text(encoding="utf-8").startswith("# ") for p in written)


def test_a_study_known_only_from_a_web_summary_is_named_as_second_hand():
    row = pd.Series(
        {
            "study_design": "case-report",
            "doc_type": "web-page",
            "evidence_level": 4,
            "verified_record": "secondary-copy",
            "journal": "an outlet's news",
            "first_author": None,
        }
    )
    assert summary.design_words(row) == "news summary of a case report, second-hand"
    assert (
        summary.design_words(row.replace("an outlet's news", "a clinic's page"))
        == "web-page summary of a case report, second-hand"
    )
    assert summary.design_words(row.replace("web-page", "journal-article")) == "case report"
    ungraded = row.replace(4, float("nan"))
    assert summary.design_words(ungraded) == "web page"


def test_a_claim_without_a_key_study_says_so_in_words():
    table = summary.claims_table()
    assert "none" not in set(table["key_study"])
    assert set(table["key_study"]) & {summary.NO_KEY_STUDY}
