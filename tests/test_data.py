"""Unit tests of kratom_course.data: loading, typing, and error messages."""

import pandas as pd
import pytest
from helpers import copy_data

from kratom_course import data


def test_load_returns_typed_columns():
    refs = data.load("references")
    assert str(refs["year"].dtype) == "Int64"
    assert str(refs["evidence_level"].dtype) == "Int64"
    assert str(refs["title"].dtype) == "string"
    assert pd.api.types.is_datetime64_any_dtype(refs["verified_on"])


def test_blank_cells_are_missing_not_empty_strings():
    refs = data.load("references")
    assert not (refs["pmid"] == "").any()


def test_unknown_table_names_the_known_ones():
    with pytest.raises(KeyError, match="known tables: .*references"):
        data.load("no_such_table")


def test_table_names_lists_every_resource():
    assert "references" in data.table_names()


def test_load_from_another_directory(tmp_path):
    copy = copy_data(tmp_path)
    assert len(data.load("references", directory=copy)) == len(data.load("references"))


def test_error_message_names_file_line_and_column(tmp_path):
    copy = copy_data(tmp_path)
    path = copy / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2021,", ",twenty,", 1) if ",2021," in lines[1] else _break_year(lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(data.DataValidationError) as info:
        data.load("references", directory=copy)
    message = str(info.value)
    assert "references.csv" in message and "line 2" in message and "column 'year'" in message


def _break_year(line: str) -> str:
    import csv
    import io

    header = next(csv.reader(io.StringIO((data.data_dir() / "references.csv").read_text(encoding="utf-8"))))
    cells = next(csv.reader(io.StringIO(line)))
    cells[header.index("year")] = "twenty"  # by name: the column's position is not part of the contract
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def test_units_come_from_the_schema():
    assert data.units("references").get("n") == "count"


def test_reload_sees_edited_file(tmp_path):
    copy = copy_data(tmp_path)
    before = len(data.load("references", directory=copy))
    path = copy / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert len(data.load("references", directory=copy)) == before - 1


# --- edges the mutation run found untested (benchmarks/mutation.md) -----------------------------------------
def _rewrite_columns(path, order):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row[i] for i in order] for row in rows])
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("swap", [(0, 1), (1, 2)])  # the first sorts before the declared order, the second after
def test_declared_columns_in_another_order_are_refused(tmp_path, swap):
    copy = copy_data(tmp_path)
    path = copy / "compound_properties.csv"
    width = len(path.read_text(encoding="utf-8").splitlines()[0].split(","))
    order = list(range(width))
    order[swap[0]], order[swap[1]] = order[swap[1]], order[swap[0]]
    _rewrite_columns(path, order)
    with pytest.raises(data.DataValidationError, match="declared order"):
        data.load("compound_properties", directory=copy)


def test_many_problems_are_counted_beyond_those_shown(tmp_path):
    copy = copy_data(tmp_path)
    path = copy / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = 25
    lines[1 : broken + 1] = [_break_year(line) for line in lines[1 : broken + 1]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(data.DataValidationError) as info:
        data.load("references", directory=copy)
    assert f"... and {broken - data.MAX_REPORTED_ERRORS} more" in str(info.value)


def test_select_wants_exactly_one_row_and_the_stated_unit():
    row = data.select("compound_properties", value_id="cp002", unit="percent")
    assert row["unit"] == "percent" and data.select("compound_properties", value_id="cp002")["value_id"] == "cp002"
    with pytest.raises(data.SelectionError, match="expected unit 'nM'"):
        data.select("compound_properties", value_id="cp002", unit="nM")
    with pytest.raises(data.SelectionError, match="expected exactly one row"):
        data.select("compound_properties", compound="mitragynine")
    assert len(data.select("compound_properties", compound="mitragynine", many=True)) > 1


def test_select_chosen_for_keeps_the_rows_a_view_chooses():
    rows = data.select("receptor_values", chosen_for="receptor-model-inputs", many=True)
    chosen = data.load("curation")
    picked = chosen.loc[(chosen["view"] == "receptor-model-inputs") & (chosen["table_name"] == "receptor_values"), "row_id"]
    assert sorted(rows.iloc[:, 0]) == sorted(picked)
    with pytest.raises(data.SelectionError, match="chooses no rows of compound_properties"):
        data.select("compound_properties", chosen_for="receptor-model-inputs", many=True)


def test_a_key_error_without_a_field_names_the_key_columns_of_its_kind_only():
    schema = {"primaryKey": ["value_id"], "foreignKeys": [{"fields": "ref_id", "reference": {}}]}
    assert data._key_columns("primary-key", schema, "") == "value_id"
    assert data._key_columns("foreign-key", schema, 'for "ref_id": missing') == "ref_id"
    assert data._key_columns("unique-error", schema, "") is None  # sorts after "primary-key"
    assert data._key_columns("blank-row", schema, "") is None


@pytest.mark.parametrize("value, missing", [(None, True), (float("nan"), True), (pd.NA, True), ("", False), (0, False)])
def test_missing_means_none_or_not_a_number_never_a_string(value, missing):
    assert data._is_missing(value) is missing
