"""Slide decks (python -m kratom_course slides): one per session plan, every asset in the folder, no
answer on any slide, deterministic; in offline Chromium each deck loads clean and advances to its end."""

import html
import json
import re

import nbformat
import pytest
from conftest import LOOPBACK
from room_build import artifacts, differences, need, need_chromium

need("sphinx_revealjs")

from kratom_course import plots, teaching  # noqa: E402
from kratom_course.room import plans as session  # noqa: E402
from kratom_course.room import slides  # noqa: E402

# The plans as written (teaching.session_plans() validates them against the notebooks when a build runs;
# reading them raw here keeps a stale plan a failing build, not an error collecting the tests).
PLANS = json.loads(teaching.plans_path().read_text(encoding="utf-8"))["plans"]
LOCAL_REFERENCE = re.compile(r"\b(?:src|href)=\"([^\"#:]+)\"")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return slides.build(tmp_path_factory.mktemp("slides") / "slides")


def deck_text(built, plan) -> str:
    return (built / f"{plan['id']}.html").read_text(encoding="utf-8")


def test_one_deck_per_plan_and_every_reference_is_in_the_folder(built):
    assert sorted(p.stem for p in built.glob("*.html")) == sorted([p["id"] for p in PLANS] + ["index"])
    for page in built.glob("*.html"):
        for target in LOCAL_REFERENCE.findall(page.read_text(encoding="utf-8")):
            assert (built / target).exists(), f"{page.name} refers to {target}, which is not in the folder"
    assert "https://" not in (built / "_reveal" / "dist" / "theme" / "white.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["id"])
def test_deck_holds_the_plan(built, plan):
    text = html.unescape(deck_text(built, plan))
    for objective in plan["objectives"]:
        assert objective[:40] in text
    for name in plan["figures"]:
        alt = " ".join(plots.registry()[name].alt.split())
        assert f'src="figures/{name}.png" alt="{alt}"' in text, f"{name} missing or without its alt text"
    for exercise_id in plan["exercises"]:
        prompt = session.exercise_prompt(exercise_id)
        assert prompt, f"no question text found for {exercise_id}"
        assert f"Exercise {exercise_id}" in text
    for prompt in plan["prompts"]:
        assert html.escape(prompt[:30], quote=False) in deck_text(built, plan) or prompt[:30] in text
    assert text.count('<aside class="notes">') == text.count("<section"), "every slide has speaker notes"


def _solution_lines(number: str) -> list[str]:
    """Long lines of a notebook's worked solutions and instructor notes (what must never reach a slide)."""
    notebook = nbformat.read(session.notebook_path(number), as_version=4)
    lines = []
    for cell in notebook.cells:
        if teaching.cell_tags(cell) & {teaching.SOLUTION_TAG, teaching.INSTRUCTOR_TAG}:
            lines += [line.strip() for line in cell.source.splitlines() if len(line.strip()) > 50 and not line.startswith("<")]
    return lines


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["id"])
def test_no_answer_on_any_slide(built, plan):
    text = deck_text(built, plan)
    assert "Worked solution" not in text and "Instructor notes" not in text
    from kratom_course.room.text import plain

    shown = html.unescape(re.sub(r"<[^>]+>", "", text))
    for number in {s.get("notebook") for s in plan["slots"]} - {None}:
        for line in _solution_lines(number):
            assert plain(line)[:60] not in shown, f"plan {plan['id']} shows solution text: {line[:80]}"


def test_two_builds_are_identical(built, tmp_path):
    assert differences(built, slides.build(tmp_path / "again")) == []


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
def test_every_deck_loads_offline_and_advances_to_its_end(built):
    need_chromium()
    from room_browser import offline_browser, served

    with served(built) as base, offline_browser((1280, 720)) as browser:
        for page in ["index", *[p["id"] for p in PLANS]]:
            visit = browser.visit(f"{base}/{page}.html")
            try:
                assert visit.problems() == [], f"{page}: {visit.problems()[:5]}"
                if page == "index":
                    continue
                total = visit.page.evaluate("Reveal.getTotalSlides()")
                for step in range(total - 1):
                    visit.page.keyboard.press("ArrowRight")
                    if page == "B4" and step == 3:
                        visit.page.screenshot(path=str(artifacts() / "deck-B4-slide-5.png"))
                assert visit.page.evaluate("Reveal.isLastSlide()"), f"{page}: did not reach the last of {total} slides"
                assert visit.page.evaluate("Reveal.getIndices().h") == total - 1
                broken = visit.page.eval_on_selector_all("img", "els => els.filter(e => e.naturalWidth === 0).length")
                assert broken == 0
                assert visit.problems() == []
            finally:
                visit.page.close()
