"""Malformed copies of real tables: each must be rejected with a message naming file, line and column,
and none may crash with anything but DataValidationError."""

import csv
import io
from pathlib import Path

import pytest
from helpers import copy_data

from kratom_course import data


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell; `line` counts the header as line 1, as the error messages do."""
    rows = rows_of(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def first_row_with(path: Path, column: str, predicate=bool) -> int:
    rows = rows_of(path)
    index = rows[0].index(column)
    for line, row in enumerate(rows[1:], start=2):
        if predicate(row[index]):
            return line
    raise AssertionError(f"no row of {path.name} has a usable {column}")


# Each case: (table, mutate(directory) -> (line, column) expected in the message).
def wrong_type(d):
    set_cell(d / "references.csv", 2, "year", "2O21")
    return 2, "year"


def year_out_of_range(d):
    set_cell(d / "references.csv", 2, "year", "2099")
    return 2, "year"


def bad_doi(d):
    line = first_row_with(d / "references.csv", "doi")
    set_cell(d / "references.csv", line, "doi", "doi:10.1124/jpet.120.000189")
    return line, "doi"


def bad_pmid(d):
    line = first_row_with(d / "references.csv", "pmid")
    set_cell(d / "references.csv", line, "pmid", "PMID 33384303")
    return line, "pmid"


def bad_pmcid(d):
    line = first_row_with(d / "references.csv", "pmcid")
    set_cell(d / "references.csv", line, "pmcid", "7923387")
    return line, "pmcid"


def bad_nct(d):
    set_cell(d / "references.csv", 2, "registry_id", "NCT123")
    return 2, "registry_id"


def date_wrong_format(d):
    set_cell(d / "references.csv", 2, "verified_on", "25/11/2026")
    return 2, "verified_on"


def missing_required_url(d):
    set_cell(d / "references.csv", 2, "verified_url", "")
    return 2, "verified_url"


def not_in_vocabulary(d):
    set_cell(d / "references.csv", 2, "doc_type", "blog")
    return 2, "doc_type"


def unknown_topic(d):
    set_cell(d / "references.csv", 2, "topics", "receptor-pharmacology;astrology")
    return 2, "topics"


def duplicate_id(d):
    path = d / "references.csv"
    rows = rows_of(path)
    write_rows(path, rows + [rows[1]])
    return len(rows) + 1, "ref_id"


def missing_column(d):
    path = d / "references.csv"
    rows = rows_of(path)
    drop = rows[0].index("journal")
    write_rows(path, [r[:drop] + r[drop + 1 :] for r in rows])
    return 1, "journal"


def stray_delimiter(d):
    path = d / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ","
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 2, None


def empty_file(d):
    (d / "references.csv").write_text("", encoding="utf-8")
    return None, None


def wrong_encoding(d):
    path = d / "references.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[1], "Müller J", 1)
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1", errors="replace"))
    return 2, None


def semicolon_delimited(d):
    path = d / "references.csv"
    rows = rows_of(path)
    path.write_text(
        "\n".join(";".join(r) for r in rows[:1]) + "\n" + path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8"
    )
    return 1, None


def negative_count(d):
    set_cell(d / "references.csv", 2, "n", "-5")
    return 2, "n"


def dangling_reference(d):
    set_cell(d / "claim_evidence.csv", 2, "ref_id", "nosuchpaper2099")
    return 2, "ref_id"


def unit_missing(d):
    set_cell(d / "pk_parameters.csv", 2, "unit", "")
    return 2, "unit"


def unit_not_allowed(d):
    set_cell(d / "receptor_values.csv", 2, "unit", "mg")
    return 2, "unit"


def number_with_text(d):
    set_cell(d / "pk_parameters.csv", 3, "value", "23 h")
    return 3, "value"


def partial_date_malformed(d):
    set_cell(d / "regulation.csv", 2, "as_of", "Aug 2016")
    return 2, "as_of"


def paragraph_out_of_range(d):
    set_cell(d / "claims.csv", 2, "paragraph", "P14")
    return 2, "paragraph"


CASES = [
    wrong_type,
    year_out_of_range,
    bad_doi,
    bad_pmid,
    bad_pmcid,
    bad_nct,
    date_wrong_format,
    missing_required_url,
    not_in_vocabulary,
    unknown_topic,
    duplicate_id,
    missing_column,
    stray_delimiter,
    empty_file,
    wrong_encoding,
    semicolon_delimited,
    negative_count,
    dangling_reference,
    unit_missing,
    unit_not_allowed,
    number_with_text,
    partial_date_malformed,
    paragraph_out_of_range,
]

# The table each case breaks (references.csv unless named here).
TABLE_OF = {
    dangling_reference: "claim_evidence",
    unit_missing: "pk_parameters",
    unit_not_allowed: "receptor_values",
    number_with_text: "pk_parameters",
    partial_date_malformed: "regulation",
    paragraph_out_of_range: "claims",
}


@pytest.mark.parametrize("mutate", CASES, ids=lambda f: f.__name__)
def test_malformed_table_is_rejected_with_location(tmp_path, mutate):
    directory = copy_data(tmp_path)
    line, column = mutate(directory)
    table = TABLE_OF.get(mutate, "references")
    with pytest.raises(data.DataValidationError) as info:
        data.load(table, directory=directory)
    message = str(info.value)
    assert f"{table}.csv" in message
    if line is not None:
        assert f"line {line}" in message, message
    if column is not None:
        assert f"column '{column}'" in message, message


@pytest.mark.parametrize("mutate", CASES, ids=lambda f: f.__name__)
def test_rejection_leaves_the_file_as_it_was(tmp_path, mutate):
    directory = copy_data(tmp_path)
    mutate(directory)
    table = TABLE_OF.get(mutate, "references")
    before = (directory / f"{table}.csv").read_bytes()
    with pytest.raises(data.DataValidationError):
        data.load(table, directory=directory)
    assert (directory / f"{table}.csv").read_bytes() == before


def test_broken_datapackage_json_is_reported(tmp_path):
    directory = copy_data(tmp_path)
    (directory / "datapackage.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(data.DataValidationError, match="datapackage.json"):
        data.load("references", directory=directory)
