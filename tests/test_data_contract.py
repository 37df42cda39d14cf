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
def test_primary_key_is_declared(name):
    # (uniqueness and foreign keys are enforced by the loader itself: see test_bad_input.py)
    assert data.resource_descriptor(name)["schema"].get("primaryKey"), f"{name} declares no primary key"


@pytest.mark.parametrize("name", TABLES)
def test_every_column_is_described(name):
    for field in data.resource_descriptor(name)["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


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


def test_every_reference_is_used_somewhere():
    used = set()
    for name in TABLES:
        table = data.load(name)
        if name != "references" and "ref_id" in table:
            used |= set(table["ref_id"].dropna())
    unused = set(data.load("references")["ref_id"]) - used
    assert not unused, f"references used by no table: {sorted(unused)}"


def test_disagreements_point_at_existing_rows():
    for _, row in data.load("disagreements").iterrows():
        table = data.load(row["table_name"])
        key = data.resource_descriptor(row["table_name"])["schema"]["primaryKey"][0]
        missing = set(row["row_ids"].split(";")) - set(table[key])
        assert not missing, f"{row['disagreement_id']}: no rows {missing} in {row['table_name']}"


def test_every_claim_has_evidence_or_says_why_not():
    claims, links = data.load("claims"), data.load("claim_evidence")
    for _, claim in claims.iterrows():
        has_links = (links["claim_id"] == claim["claim_id"]).any()
        assert has_links or claim["status"] == "unsupported", f"{claim['claim_id']} has no linked evidence"


def test_claims_cover_every_asserting_paragraph():
    covered = set(data.load("claims")["paragraph"])
    assert {"P1", "P2", "P7", "P9", "P11", "P12", "P13"} <= covered


def test_minimum_counts_of_the_evidence_base():
    assert len(data.load("references")) >= 100
    assert len(data.load("claims")) >= 25
    assert data.load("regulation")["jurisdiction"].nunique() >= 15


def test_dated_facts_carry_their_date():
    assert data.load("regulation")["as_of"].notna().all()
    assert data.load("trials")["status_as_of"].notna().all()
    assert data.load("bibliometrics")["as_of"].notna().all()


def test_claims_follow_the_ledger_rules():
    claims = data.load("claims").set_index("claim_id")
    article = claims["claim_kind"] == "article"
    assert claims.loc[article, "article_words"].notna().all(), "an article claim lacks the article's words"
    assert claims.loc[~article, "article_words"].isna().all(), "a context row quotes the article"
    links = data.load("claim_evidence")
    status = links["claim_id"].map(claims["status"])
    bad = links[(links["relation"] == "contradicts") & ~status.isin(["contradicted", "partly-supported"])]
    assert bad.empty, (
        f"'contradicts' links on claims not graded contradicted or partly supported: {bad[['claim_id', 'ref_id']].values.tolist()}"
    )


def test_curation_points_at_existing_rows():
    for row in data.load("curation").itertuples():
        table = data.load(row.table_name)
        key = data.primary_key(row.table_name)
        assert row.row_id in set(table[key]), f"{row.curation_id}: no row {row.row_id!r} in {row.table_name}"


def test_a_chosen_row_that_does_not_exist_is_an_error(tmp_path):
    import shutil

    for path in data_dir().iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "curation.csv").read_text(encoding="utf-8")
    first = text.splitlines()[1].split(",")
    (tmp_path / "curation.csv").write_text(text.replace(",".join(first[:5]), ",".join([*first[:4], "no_such_row"]), 1))
    with pytest.raises(data.SelectionError, match="no_such_row"):
        data.chosen(first[1], directory=tmp_path)
    with pytest.raises(KeyError, match="no view"):
        data.curation("no-such-view")
