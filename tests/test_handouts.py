"""Handouts (python -m kratom_course handouts): the claims sheet on one page listing every claim with its
status, one handout of at most two pages per session plan, read back with a PDF text extractor; the
prolactin rule where prolactin is taught, with the factor from data/; deterministic."""

import json
import re

import pytest
from room_build import differences, need

need("reportlab")
need("pypdf")

from pypdf import PdfReader  # noqa: E402

from kratom_course import prolactin, teaching  # noqa: E402
from kratom_course.room import handouts, summary  # noqa: E402

# The plans as written (teaching.session_plans() validates them against the notebooks when a build runs;
# reading them raw here keeps a stale plan a failing build, not an error collecting the tests).
PLANS = json.loads(teaching.plans_path().read_text(encoding="utf-8"))["plans"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return handouts.build(tmp_path_factory.mktemp("handouts") / "handouts")


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def text_sizes_pt(path) -> set[float]:
    """The size at which each piece of text is printed, in points."""
    sizes = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * (tm[3] or 1) * (cm[3] or 1), 2))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_claims_sheet_is_one_sheet_listing_every_claim_with_its_status(built):
    path = built / "claims.pdf"
    assert 1 <= len(PdfReader(path).pages) <= 2, "one sheet, printed double-sided"
    assert min(text_sizes_pt(path)) >= handouts.CLAIMS_TEXT_PT >= 8.5
    assert sum(handouts.CLAIMS_COLUMNS) == pytest.approx(1.0), "the table spans the page's full width"
    text = text_of(path)
    table = summary.claims_table()
    ids = list(table["claim_id"])
    for i, row in enumerate(table.itertuples()):
        start = text.index(f"\n{row.claim_id}\n")
        end = text.index(f"\n{ids[i + 1]}\n", start) if i + 1 < len(ids) else len(text)
        block = " ".join(text[start:end].split())
        assert f"■ {row.status}" in block, f"{row.claim_id}: status {row.status!r} not on its row"
        assert row.best_level in block


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["id"])
def test_each_plan_has_a_handout_of_at_most_two_pages(built, plan):
    path = built / f"plan-{plan['id']}.pdf"
    assert 1 <= len(PdfReader(path).pages) <= 2
    text = " ".join(text_of(path).split())
    for objective in plan["objectives"]:
        assert " ".join(objective.split())[:30] in text
    teaches_prolactin = bool(handouts.PROLACTIN_NOTEBOOKS & set(handouts.plan_notebooks(plan)))
    assert ("Prolactin units" in text) == teaches_prolactin
    if teaches_prolactin:
        rows = prolactin.conversion_rows()
        factor = rows[(rows["parameter"] == "conversion factor") & (rows["secondary"] == "no")]["value"].iloc[0]
        assert re.search(rf"mIU/L = ng/mL × {factor:g}\b", text)
    if handouts.CASE_REPORT_NOTEBOOK in handouts.plan_notebooks(plan):
        assert all(" ".join(q.split())[:20] in text for q in handouts.case_report_checklist())


def test_case_report_checklist_comes_from_notebook_05():
    questions = handouts.case_report_checklist()
    assert len(questions) >= 5 and any("rechallenge" in q for q in questions)


def test_two_builds_are_identical(built, tmp_path):
    assert differences(built, handouts.build(tmp_path / "again")) == []


def test_a_key_study_known_second_hand_says_so(built):
    """A graded study the course knows only from a web page's summary (doc_type, verified_record) is printed as
    such, and a claim that no study bears on says so in words."""
    from kratom_course import data

    references = data.load("references")
    second_hand = references[
        references["evidence_level"].notna()
        & (references["doc_type"] == "web-page")
        & (references["verified_record"] == "secondary-copy")
    ]["ref_id"]
    table = summary.claims_table()
    keys = summary.key_studies(data.load("claims"), data.load("claim_evidence"), references).set_index("claim_id")
    shown = keys[keys["ref_id"].isin(second_hand)]
    text = " ".join(text_of(built / "claims.pdf").split())
    for claim_id in shown.index:
        words = table.set_index("claim_id").loc[claim_id, "key_study"]
        assert "summary of a" in words and "second-hand" in words, f"{claim_id}: {words}"
        assert "second-hand" in text
    assert "none" not in set(table["key_study"])
    if (~table["claim_id"].isin(keys.index)).any():
        assert summary.NO_KEY_STUDY in text
