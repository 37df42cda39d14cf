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


# --- what the room sees: questions with their inputs, no notebook-only phrasing, the article's words ----------
NOTEBOOK_ONLY = re.compile(
    r"\b(?:tables?|figures?|cells?|lists?|review|study)(?: and \w+)? (?:above|below)\b|\b(?:above|below)(?=[.,;:)])"
    r"|\bsections? \d|\bthe table\b|\bdata/|\brun (?:this|the) cell\b|\bopens? after\b"
    r"|\bbefore (?:reading on|you look)\b|`[^`]*[_(.][^`]*`",
    re.I,
)
ROOM_PROMPTS = session.room_prompts()


def _exercises_on_slides():
    return sorted({e for plan in PLANS for e in plan["exercises"]})


@pytest.mark.parametrize("exercise_id", _exercises_on_slides())
def test_a_slide_question_points_at_nothing_only_the_notebook_has(exercise_id):
    prompt = session.room_prompt(exercise_id)
    found = NOTEBOOK_ONLY.findall(prompt)
    assert not found, f"{exercise_id}: {found} on a slide; give it a room prompt in session_plans.json"


@pytest.mark.parametrize("exercise_id", sorted(ROOM_PROMPTS))
def test_a_room_prompt_fills_from_the_exercise_facts_and_never_gives_the_answer(exercise_id):
    import string

    from kratom_course.exercises import load_all

    exercise = load_all()[exercise_id]
    facts = exercise.facts()
    written = ROOM_PROMPTS[exercise_id]
    texts = list(written.values()) if isinstance(written, dict) else [written]
    fields = [name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name]
    assert all(name in facts for name in fields), f"{exercise_id}: fields {fields}, facts {sorted(facts)}"
    expected = getattr(exercise, "expected", None)
    if expected is not None:
        answer = float(expected())
        for name in fields:
            value = facts[name]
            if isinstance(value, int | float):
                assert not abs(float(value) - answer) <= 1e-9 + 0.02 * abs(answer), f"{exercise_id}: {name} is the answer"
    if isinstance(written, dict):  # replacements: each still matches the notebook's question
        question = session.notebook_items(exercise_id[:2])[1][exercise_id]
        assert all(old in question for old in written), f"{exercise_id}: the notebook's question changed"
    # the room is offered the notebook's own options, word for word
    options = re.compile(r"\*\*[a-d]\*\* [^·\n]+")
    notebook_options = {o.strip() for o in options.findall(session.exercise_prompt(exercise_id))}
    assert {o.strip() for o in options.findall(session.room_prompt(exercise_id))} == notebook_options


def test_the_inputs_of_a_compute_question_are_on_its_slide(built):
    """Deck D's unit exercise carries the laboratory's limit and the assay's factor, computed from data/."""
    from kratom_course.exercises import load_all

    facts = load_all()["04.2"].facts()
    text = html.unescape(deck_text(built, next(p for p in PLANS if "04.2" in p["exercises"])))
    assert f"{facts['upper_miu']:g} mIU/L" in text and f"{facts['factor']:g} mIU/L per ng/mL" in text


def test_a_slot_that_quotes_the_article_shows_its_words(built):
    quoting = [(plan, slot) for plan in PLANS for slot in plan["slots"] if slot.get("quotes")]
    assert quoting, "the opening slots of plans A and D put the article's sentences on the board"
    words = session.article_words()
    for plan, slot in quoting:
        text = html.unescape(deck_text(built, plan))
        for claim in slot["quotes"]:
            assert words[claim][1] in text, f"plan {plan['id']}: the article's words of {claim} are not on a slide"


def test_speaker_notes_are_paragraphs(built):
    text = deck_text(built, PLANS[0])
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', text, re.S)
    assert notes and all(n.startswith("<p>") and n.endswith("</p>") for n in notes)
    assert any(n.count("<p>") >= 3 for n in notes), "a figure's notes: slot, caption and sources apart"


def test_a_plan_that_does_not_hold_stops_only_its_own_deck(tmp_path, monkeypatch, capsys):
    from kratom_course import cli

    plans = json.loads(teaching.plans_path().read_text(encoding="utf-8"))
    broken = next(p for p in plans["plans"] if any(s.get("notebook") for s in p["slots"]))
    next(s for s in broken["slots"] if s.get("notebook"))["sections"] = [99]
    (tmp_path / "plans.json").write_text(json.dumps(plans), encoding="utf-8")
    monkeypatch.setattr(teaching, "plans_path", lambda: tmp_path / "plans.json")
    code = cli.main(["slides", "--out", str(tmp_path / "decks")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == cli.EXIT_ERROR and len(err) == 1 and "Traceback" not in err[0]
    assert f"plan {broken['id']}" in err[0] and "no section 99" in err[0]
    written = {p.stem for p in (tmp_path / "decks").glob("*.html")}
    assert written == {p["id"] for p in plans["plans"]} - {broken["id"]} | {"index"}


def test_a_plan_error_from_anywhere_is_one_line_and_exit_2(monkeypatch, capsys):
    from kratom_course import cli

    def stale(args):
        raise teaching.PlanError("session_plans.json: plan Z: notebook 04 has no section 9")

    monkeypatch.setattr(slides, "run", stale)
    code = cli.main(["slides"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == cli.EXIT_ERROR and err == ["slides: session_plans.json: plan Z: notebook 04 has no section 9"]


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
def test_the_running_order_is_legible_at_1280x720(built):
    need_chromium()
    from room_browser import offline_browser, served

    plan = max(PLANS, key=lambda p: len(p["slots"]))
    with served(built) as base, offline_browser((1280, 720)) as browser:
        visit = browser.visit(f"{base}/{plan['id']}.html#/2")
        try:
            size = visit.page.evaluate("parseFloat(getComputedStyle(document.querySelector('.order td')).fontSize)")
            scale = visit.page.evaluate("Reveal.getScale()")
            box = visit.page.locator(".order").bounding_box()
            assert size * scale >= 24, f"running-order text {size * scale:.0f} px on a 1280x720 screen"
            assert box["y"] + box["height"] <= 720, "the running order runs off the slide"
        finally:
            visit.page.close()
