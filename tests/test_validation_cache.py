"""A table that passed validation is not re-validated while its bytes are unchanged; any change, or a
failure, means a full check."""

import pytest
from helpers import copy_data

from kratom_course import data


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KRATOM_COURSE_CACHE", str(tmp_path / "cache"))
    data._load_validated.cache_clear()
    yield tmp_path / "cache"
    data._load_validated.cache_clear()


def count_validations(monkeypatch):
    calls = []
    real = data.validate
    monkeypatch.setattr(data, "validate", lambda name, directory=None: calls.append(name) or real(name, directory))
    return calls


def test_unchanged_bytes_are_validated_once(tmp_path, fresh_cache, monkeypatch):
    directory = copy_data(tmp_path)
    calls = count_validations(monkeypatch)
    data.load("claims", directory=directory)
    data._load_validated.cache_clear()
    data.load("claims", directory=directory)
    assert calls == ["claims"]


def test_a_changed_file_is_validated_again_and_a_failure_is_not_remembered(tmp_path, fresh_cache, monkeypatch):
    directory = copy_data(tmp_path)
    calls = count_validations(monkeypatch)
    data.load("claims", directory=directory)
    path = directory / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",supported,", ",definitely,", 1), encoding="utf-8")
    for _ in range(2):
        data._load_validated.cache_clear()
        with pytest.raises(data.DataValidationError):
            data.load("claims", directory=directory)
    assert calls == ["claims", "claims", "claims"]
