"""The seminar guide's plans hold against the notebooks as they are now: every slot takes exactly the
minutes its sections' headings state, every plan adds up to its length, fits its shorter version, does
in class what its sections ask, and the guide's tables are generated from notebooks/session_plans.json."""

import re

import pytest

from kratom_course import teaching

PLANS = teaching.session_plans(check=False)  # checked by the tests below, one problem at a time
BY_ID = {plan["id"]: plan for plan in PLANS}
GUIDE = teaching.guide_path().read_text(encoding="utf-8")
OBJECTIVE_EXERCISE = re.compile(r"^\d\. .*?\(.*?exercises? ([\d.]+(?: and [\d.]+)?)\)", re.M)


def by_id(plan):
    return plan["id"]


def test_the_plans_hold_against_the_notebooks():
    teaching.session_plans()  # raises PlanError naming every slot, exercise or figure that does not hold


def test_the_guide_tables_are_generated_from_the_plans_and_the_notebooks():
    assert teaching.guide_with_generated_blocks(GUIDE) == GUIDE, (
        "instructor_guide.md is stale: run python -m kratom_course.teaching"
    )


@pytest.mark.parametrize("plan", PLANS, ids=by_id)
def test_each_slot_takes_the_minutes_its_sections_state(plan):
    for slot in plan["slots"]:
        if "notebook" in slot:
            sections = teaching.slot_sections(slot)
            stated = {s.number: s.minutes for s in sections}
            assert slot["minutes"] == sum(stated.values()), (
                f"plan {plan['id']}: notebook {slot['notebook']} sections {stated} (minutes from their headings) "
                f"add up to {sum(stated.values())}, the slot gives {slot['minutes']}"
            )
    assert sum(slot["minutes"] for slot in plan["slots"]) == plan["minutes"], plan["id"]


@pytest.mark.parametrize("plan", PLANS, ids=by_id)
def test_exercises_and_figures_belong_to_the_sections_taught(plan):
    sections = teaching.plan_sections(plan)
    asked = [e for s in sections for e in s.exercises]
    shown = [f for s in sections for f in s.figures]
    assert not set(plan["exercises"]) - set(asked), f"plan {plan['id']}: exercises outside its sections"
    assert not set(plan["figures"]) - set(shown), f"plan {plan['id']}: figures outside its sections"
    assert plan["figures"] == sorted(plan["figures"], key=shown.index), f"plan {plan['id']}: figures not in slide order"
    assert not set(plan["exercises"]) & set(plan.get("homework", [])), plan["id"]


@pytest.mark.parametrize("plan", PLANS, ids=by_id)
def test_a_plan_that_teaches_most_of_a_notebook_practises_each_of_its_objectives(plan):
    """Plan D once dropped 04.1, the only exercise for notebook 04's first objective."""
    taught: dict[str, int] = {}
    for section in teaching.plan_sections(plan):
        taught[section.notebook] = taught.get(section.notebook, 0) + 1
    done = set(plan["exercises"]) | set(plan.get("homework", []))
    for notebook, count in taught.items():
        if count < 3:
            continue
        overview = next(
            c.source
            for c in teaching.nbformat.read(teaching.notebook_path(notebook), as_version=4).cells
            if c.source.startswith("## Overview")
        )
        for ids in OBJECTIVE_EXERCISE.findall(overview):
            exercises = set(ids.split(" and "))
            assert exercises & done, f"plan {plan['id']}: no exercise for notebook {notebook}'s objective ({ids})"


@pytest.mark.parametrize("plan", [p for p in PLANS if "cut_to" in p], ids=by_id)
def test_the_cut_version_fits_its_slot(plan):
    cut = plan["cut_to"]
    dropped = [s for part in cut["drop"] for s in teaching.slot_sections(part)]
    taught = {(s.notebook, s.number) for s in teaching.plan_sections(plan)}
    assert {(s.notebook, s.number) for s in dropped} <= taught, f"plan {plan['id']}: drops a section it does not teach"
    left = teaching.cut_minutes(plan)
    assert left <= cut["minutes"], f"plan {plan['id']}: the cut version takes {left} min, not at most {cut['minutes']}"
    dropped_exercises = {e for s in dropped for e in s.exercises} & set(plan["exercises"])
    assert dropped_exercises <= set(cut.get("homework", [])), (
        f"plan {plan['id']}: exercises done in the session but dropped by the cut, and not set as homework: "
        f"{sorted(dropped_exercises - set(cut.get('homework', [])))}"
    )


def test_the_series_covers_every_section_of_every_notebook_once():
    series = [plan for plan in PLANS if plan["series"] == "B"]
    taught = [(s.notebook, s.number) for plan in series for s in teaching.plan_sections(plan)]
    every = [(path.name[:2], n) for path in teaching.course_notebooks() for n in teaching.notebook_sections(path.name[:2])]
    assert sorted(taught) == sorted(every)
    assert all(60 <= plan["minutes"] <= 90 for plan in series), [(p["id"], p["minutes"]) for p in series]
    assert all(plan["cut_to"]["minutes"] >= 60 or plan["minutes"] <= 60 for plan in series if "cut_to" in plan)
    assert all("cut_to" in plan for plan in series if plan["minutes"] > 60), "a session over 60 min says how to fit 60"


def test_the_course_in_brief_covers_the_articles_two_central_claims():
    """Plan A: the prolactin evidence (notebook 04 or 05) and the withdrawal evidence (notebook 06)."""
    notebooks = {s.notebook for s in teaching.plan_sections(BY_ID["A"])}
    assert notebooks & {"04", "05"} and "06" in notebooks, notebooks


def test_plan_validation_names_what_does_not_hold(tmp_path):
    import json

    broken = json.loads(teaching.plans_path().read_text(encoding="utf-8"))
    broken["plans"][0]["slots"][1]["minutes"] += 1
    broken["plans"][1]["exercises"] = ["99.9"]
    broken["plans"].append(dict(broken["plans"][2]))
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(teaching.PlanError) as error:
        teaching.session_plans(path)
    message = str(error.value)
    assert "plan A: notebook" in message and "unknown exercises 99.9" in message and "twice" in message
    assert "slots add up to" in message


def test_one_rubric_scale_and_how_the_notebooks_map_to_it():
    rubric = GUIDE[GUIDE.index("## Rubric") :]
    assert re.findall(r"^\| ([012]) \|", rubric, re.M) == ["2", "1", "0"]
    for wording in ("two of the four", "three of the five", "half credit", "full"):
        assert wording in rubric.lower(), f"the guide does not say how '{wording}' maps to the 0–2 scale"
