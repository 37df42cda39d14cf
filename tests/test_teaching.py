"""The teaching layer: answer key, reading list, figures for slides (the copies: test_copies.py)."""

import json
import re

from kratom_course import data, plots, references, teaching
from kratom_course.paths import figures_dir


def test_answer_key_gives_options_rubrics_and_methods_and_says_how_long_it_is():
    from kratom_course import exercises
    from kratom_course.exercises.engine import Choice, Critique, Numeric

    key = teaching.answer_key()
    words = len(key.split())
    stated = re.search(r"about ([\d,]+) words: some (\d+) printed pages", key)
    assert stated and abs(int(stated.group(1).replace(",", "")) - words) < 0.1 * words, "the key misstates its length"
    entries = dict(re.findall(r"^## (\d\d\.\d+) · \w+\n(.*?)(?=^## |\Z)", key, re.M | re.S))
    for exercise_id, exercise in exercises.load_all().items():
        entry = entries[exercise_id]
        assert "**Question:**" in entry, f"{exercise_id}: no question in the key"
        if isinstance(exercise, Choice):
            assert re.search(rf"\*\*Answer:\*\* \({exercise.correct}\) \w", entry), f"{exercise_id}: the option's text is missing"
        if isinstance(exercise, Numeric):
            assert "**Method:**" in entry, exercise_id
        if isinstance(exercise, Critique):
            assert "**Rubric**" in entry and all(exercise.text(p) in entry for p in exercise.rubric), exercise_id


def test_answer_key_is_written_whole(tmp_path):
    path = teaching.write_answer_key(tmp_path / "build")
    assert path.read_text(encoding="utf-8") == teaching.answer_key()
    assert [p.name for p in path.parent.iterdir()] == ["answer-key.md"], "a temporary file was left behind"


def test_reading_list_round_trips(tmp_path):
    import bibtexparser
    import rispy

    ris, bib, csl = references.export_reading_list(tmp_path)
    refs = data.load("references")
    ids = sorted(refs["ref_id"])
    ris_entries = rispy.loads(ris.read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in ris_entries) == ids
    by_id = {e["id"]: e for e in ris_entries}
    for _, row in refs.iterrows():
        assert by_id[row["ref_id"]]["title"] == row["title"]
        if not isinstance(row["doi"], type(refs["doi"].dtype.na_value)):
            assert by_id[row["ref_id"]].get("doi") == row["doi"]
    library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert sorted(e.key for e in library.entries) == ids
    assert sorted(item["id"] for item in json.loads(csl.read_text(encoding="utf-8"))) == ids


def test_committed_svgs_are_reproduced_byte_for_byte(tmp_path):
    plots.export_all(tmp_path)
    for spec in plots.registry():
        committed = figures_dir() / f"{spec}.svg"
        assert committed.exists(), f"figures/{spec}.svg missing: run python -m kratom_course figures"
        assert (tmp_path / f"{spec}.svg").read_bytes() == committed.read_bytes(), f"figures/{spec}.svg is stale"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (figures_dir() / "README.md").read_text(encoding="utf-8")
