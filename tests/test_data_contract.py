"""The data contract: every declared table loads against its schema, ids are unique, links resolve."""

import json

import pytest

from kratom_course import data
from kratom_course.paths import data_dir

TABLES = data.table_names()


def test_every_csv_in_data_is_declared():
    declared = {data.resource_descriptor(name)["path"] for name in TABLES}
    on_disk = {p.name for p in data_dir().glob("*.csv")}
    assert on_disk == declared, f"undeclared: {on_disk - declared}; missing: {declared - on_disk}"


@pytest.mark.parametrize("name", TABLES)
def test_table_matches_its_schema(name):
    table = data.load(name)
    assert len(table) > 0, f"{name} is empty"


@pytest.mark.parametrize("name", TABLES)
def test_primary_key_is_declared_and_unique(name):
    key = data.resource_descriptor(name)["schema"].get("primaryKey")
    assert key, f"{name} declares no primary key"
    table = data.load(name)
    assert not table.duplicated(subset=key).any()


@pytest.mark.parametrize("name", TABLES)
def test_every_column_is_described(name):
    for field in data.resource_descriptor(name)["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", [t for t in TABLES if t != "references"])
def test_every_reference_id_resolves(name):
    refs = set(data.load("references")["ref_id"])
    schema = data.resource_descriptor(name)["schema"]
    for fk in schema.get("foreignKeys", []):
        if fk["reference"]["resource"] != "references":
            continue
        column = fk["fields"][0]
        used = set(data.load(name)[column].dropna())
        assert used <= refs, f"{name}.{column} points at unknown references: {sorted(used - refs)}"


def test_every_reference_was_verified_at_a_url():
    refs = data.load("references")
    assert refs["verified_url"].notna().all()
    assert refs["verified_on"].notna().all()


def test_datapackage_is_valid_json_with_resources():
    descriptor = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["resources"]


def test_data_readme_documents_every_table():
    readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    for name in TABLES:
        assert f"`{data.resource_descriptor(name)['path']}`" in readme, f"data/README.md says nothing of {name}"
