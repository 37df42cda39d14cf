"""The package finds the course folder, or says how to point it there (a regular, non-editable install)."""

import pytest

from kratom_course import paths


def test_an_override_without_data_is_refused_with_advice(tmp_path, monkeypatch):
    monkeypatch.setenv("KRATOM_COURSE_ROOT", str(tmp_path))
    with pytest.raises(paths.CourseFolderNotFound, match="point it at the course folder"):
        paths.course_root()


def test_installed_elsewhere_it_finds_the_course_from_the_working_directory(tmp_path, monkeypatch):
    course = tmp_path / "course"
    (course / "data").mkdir(parents=True)
    (course / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    (course / "notebooks").mkdir()
    monkeypatch.delenv("KRATOM_COURSE_ROOT", raising=False)
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site-packages" / "kratom_course" / "paths.py"))
    monkeypatch.chdir(course / "notebooks")
    assert paths.course_root() == course


def test_installed_elsewhere_and_run_elsewhere_it_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("KRATOM_COURSE_ROOT", raising=False)
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site-packages" / "kratom_course" / "paths.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(paths.CourseFolderNotFound, match="KRATOM_COURSE_ROOT"):
        paths.course_root()
