"""The course's static website (python -m kratom_course site): every page built from the committed
notebooks, deterministic, folds kept folded, and, in headless Chromium with every other host blocked,
every page loads with nothing blocked or broken, figures carry alt text and glossary links land."""

import re

import pytest
from conftest import LOOPBACK
from room_build import artifacts, differences, need, need_chromium

need("sphinx")
need("myst_nb")

from kratom_course import teaching  # noqa: E402
from kratom_course.room import site  # noqa: E402

# Sphinx's and the theme's notices of their own API changes are theirs to act on, not the course's.
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::PendingDeprecationWarning"),
]
NOTEBOOKS = teaching.course_notebooks()
PAGES = [
    "index.html",
    "gallery.html",
    "search.html",
    *[f"notebooks/{p}.html" for p in ("glossary", "instructor_guide", "key_points", "claims_summary")],
]
EXTERNAL_ASSET = re.compile(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out, warnings = site.build(tmp_path_factory.mktemp("site") / "site")
    return out, warnings


def cells(notebook):
    import nbformat

    return nbformat.read(notebook, as_version=4).cells


def html_pages(out):
    """The site's pages (the theme's template fragments under _static/ are not pages)."""
    return sorted(p for p in out.rglob("*.html") if not p.relative_to(out).as_posix().startswith("_static/"))


def test_every_page_is_built(built):
    out, _ = built
    for page in PAGES + [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]:
        assert (out / page).is_file(), f"missing {page}"
    assert (out / "searchindex.js").is_file()
    assert (out / "_static" / "mathjax" / "tex-chtml.js").is_file(), "MathJax must be served by the site itself"


def test_sphinx_gives_no_warning(built):
    _, warnings = built
    assert warnings == [], "\n".join(warnings[:20])


def test_no_page_loads_anything_from_another_host(built):
    out, _ = built
    for page in html_pages(out):
        found = EXTERNAL_ASSET.findall(page.read_text(encoding="utf-8"))
        assert not found, f"{page.relative_to(out)} loads from another host: {found[:3]}"


def test_folded_solutions_and_instructor_notes_stay_folded(built):
    out, _ = built
    for notebook in NOTEBOOKS:
        text = (out / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        folded = sum(1 for c in cells(notebook) if c.cell_type == "markdown" and c.source.lstrip().startswith("<details"))
        assert text.count("<details") == text.count("</details>") == folded, notebook.name
        assert "<details open" not in text
        assert "Instructor notes" in text


UNANSWERED = re.compile(r"no prediction yet|no answer yet|Enter your answer to exercise|once your answer to exercise")


def test_an_unanswered_exercise_shows_a_note_not_the_notebooks_message(built):
    out, _ = built
    for notebook in NOTEBOOKS:
        text = (out / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        printed = [text[m.end() : m.end() + 600] for m in re.finditer(r'class="output stream', text)]  # cell outputs
        assert not [p for p in printed if UNANSWERED.search(p)], f"{notebook.name}: an exercise's 'not yet' message"
        if any(c.cell_type == "code" and site.EXERCISE_CELL.search(c.source) for c in cells(notebook)):
            assert site.EXERCISE_NOTE in text


def test_search_shows_no_snippets(built):
    out, _ = built
    options = (out / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    assert "SHOW_SEARCH_SUMMARY: false" in options, "snippets would show folded text and fail under file://"


def test_the_gallery_follows_the_course_under_notebook_titles(built):
    from kratom_course import plots
    from kratom_course.room import plans, summary

    out, _ = built
    text = (out / "gallery.html").read_text(encoding="utf-8")
    titles = [summary.notebook_summary(p).title for p in NOTEBOOKS]
    shown = [t for t in titles if f">{t}<" in text]
    assert shown and sorted(shown, key=text.index) == shown, "notebook titles as headings, in course order"
    on_page = [m.replace("-", "_") for m in re.findall(r'id="gallery-([a-z0-9-]+)"', text)]
    taught = [i.name for p in NOTEBOOKS for i in plans.notebook_items(p.name[:2])[0] if i.kind == "figure"]
    taught = [*dict.fromkeys(n for n in taught if n in plots.registry())]
    assert [n for n in on_page if n in taught] == [n for n in taught if n in on_page], "figures in teaching order"


def test_the_guide_checklist_renders_as_checkboxes(built):
    out, _ = built
    text = (out / "notebooks" / "instructor_guide.html").read_text(encoding="utf-8")
    assert "task-list-item-checkbox" in text and "[ ]" not in text


def test_the_front_page_points_only_at_what_the_site_has(built):
    out, _ = built
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "badge" not in text, "the site drops the README's badge"
    assert "mybinder.org/v2/" in text, "the Binder link stays, as a link"


def test_two_builds_are_identical(built, tmp_path):
    out, _ = built
    again, _ = site.build(tmp_path / "again")
    assert differences(out, again) == []


# --- in the browser ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    need_chromium()
    from room_browser import offline_browser

    with offline_browser((1280, 900)) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def served(built):
    from room_browser import served

    with served(built[0]) as base:
        yield base


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
def test_every_page_loads_offline_without_errors(built, served, browser):
    out, _ = built
    shots = {"index.html": "site-front-page.png", "notebooks/04_the_prolactin_axis.html": "site-notebook-04.png"}
    for page in html_pages(out):
        relative = page.relative_to(out).as_posix()
        visit = browser.visit(f"{served}/{relative}")
        try:
            assert visit.problems() == [], f"{relative}: {visit.problems()[:5]}"
            broken = visit.page.eval_on_selector_all("img", "els => els.filter(e => !e.complete || e.naturalWidth === 0).length")
            assert broken == 0, f"{relative}: {broken} images do not show"
            if relative in shots:
                visit.page.screenshot(path=str(artifacts() / shots[relative]))
        finally:
            visit.page.close()


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_notebook_page_shows_its_figures_with_alt_text(served, browser, notebook):
    # the figures the committed notebook shows (a gated reveal shows its figure only after the learner's answer)
    shown = sum(
        'class="course-figure"' in "".join(output.get("data", {}).get("text/html", ""))
        for cell in cells(notebook)
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    visit = browser.visit(f"{served}/notebooks/{notebook.stem}.html")
    try:
        figures = visit.page.eval_on_selector_all(
            "figure.course-figure img", "els => els.map(e => ({alt: e.alt, width: e.naturalWidth}))"
        )
        assert len(figures) == shown, f"{len(figures)} figures on the page, {shown} in the committed notebook"
        assert all(f["alt"].strip() and f["width"] > 0 for f in figures)
    finally:
        visit.page.close()


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
def test_a_glossary_link_lands_on_its_term(served, browser):
    visit = browser.visit(f"{served}/notebooks/04_the_prolactin_axis.html")
    try:
        link = visit.page.locator('a[href*="glossary.html#"]').first
        anchor = link.get_attribute("href").split("#", 1)[1]
        link.click()
        visit.page.wait_for_url(re.compile(r"glossary\.html#"))
        assert visit.page.evaluate("decodeURIComponent(location.hash.slice(1))") == anchor
        term = visit.page.locator(f'[id="{anchor}"]')
        assert term.count() == 1, f"no element with id {anchor} on the glossary page"
        box = term.bounding_box()
        assert box is not None and 0 <= box["y"] < 900, f"the term is not in view after the jump: {box}"
        assert visit.problems() == []
    finally:
        visit.page.close()


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
def test_search_finds_pages(served, browser):
    visit = browser.visit(f"{served}/search.html?q=prolactin")
    try:
        visit.page.wait_for_selector("#search-results li", timeout=15_000)
        assert visit.page.locator("#search-results li").count() > 3
        assert visit.problems() == []
    finally:
        visit.page.close()


@pytest.mark.browser
def test_the_site_works_from_a_local_folder(built, browser):
    out, _ = built
    visit = browser.visit((out / "notebooks" / "03_from_leaf_to_plasma.html").as_uri())
    try:
        assert visit.problems() == []
        visit.page.wait_for_selector("mjx-container", timeout=15_000)  # the equation typeset by the local MathJax
    finally:
        visit.page.close()


@pytest.mark.browser
def test_search_works_from_a_local_folder(built, browser):
    out, _ = built
    visit = browser.visit((out / "search.html").as_uri() + "?q=prolactin")
    try:
        visit.page.wait_for_selector("#search-results li", timeout=15_000)
        assert visit.page.locator("#search-results li").count() > 3
        assert visit.problems() == []
    finally:
        visit.page.close()


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
def test_captions_are_set_in_regular_weight(served, browser):
    visit = browser.visit(f"{served}/notebooks/04_the_prolactin_axis.html")
    try:
        weights = visit.page.eval_on_selector_all(
            "figure.course-figure figcaption", "els => els.map(e => getComputedStyle(e).fontWeight)"
        )
        assert weights and set(weights) == {"400"}
    finally:
        visit.page.close()
