"""Style: Ruff lints and checks the formatting of the library, the tests and the notebooks' code."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["src", "tests", "notebooks"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    executable = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if executable is None:
        pytest.fail("ruff is not installed: it comes with requirements-test.txt")
    return subprocess.run([executable, *args, *TARGETS], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint():
    result = ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, "run `ruff format src tests notebooks`:\n" + result.stdout + result.stderr
