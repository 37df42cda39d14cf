"""The frame around the course: one dependency list, the README's commands, committed notebooks."""

import json
import re
import subprocess
from pathlib import Path

import pytest

from kratom_course.paths import course_root

ROOT = course_root()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NETWORK_MODULES = re.compile(r"^\s*(import|from)\s+(requests|urllib|httpx|http\.client|socket|aiohttp)\b", re.M)


def readme_command(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- command:{name} -->\s*```bash\n(.+?)\n```", text, re.S)
    assert match, f"README.md has no '{name}' command block"
    return match.group(1).strip()


def test_environment_yml_installs_requirements_txt_and_nothing_else():
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    lines = [l.strip() for l in env.splitlines() if l.strip() and not l.strip().startswith("#")]
    assert "- python=3.11" in lines
    assert "- -r requirements.txt" in lines
    packages = [l for l in lines if l.startswith("- ") and l not in ("- python=3.11", "- pip", "- pip:", "- -r requirements.txt", "- conda-forge")]
    assert packages == [], f"environment.yml lists packages outside requirements.txt: {packages}"


def test_requirements_are_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and line != "-e .":
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.\-]*", line), f"not pinned exactly: {line}"


def test_readme_has_two_quick_start_commands_sharing_one_install():
    open_cmd, test_cmd = readme_command("open"), readme_command("test")
    install = open_cmd.split(" && .venv/bin/jupyter lab")[0]
    assert test_cmd.startswith(install)
    assert open_cmd.endswith("--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb")
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
    assert "pytest" in test_cmd


def test_readme_course_map_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f"(notebooks/{nb.name})" in readme, f"README course map misses {nb.name}"


def test_ci_script_is_executable():
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_with_outputs_in_order(path):
    """nbval checks nothing in a cell stored without outputs, so insist they are there."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in code]
    assert all(isinstance(n, int) for n in counts), f"{path.name}: cells never executed"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not run top to bottom in one go: {counts}"
    assert sum(bool(c["outputs"]) for c in code) >= len(code) // 2, f"{path.name}: most code cells have no output"
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{path.name}: a committed output is an error"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_no_network(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not NETWORK_MODULES.search("".join(cell["source"])), f"{path.name} imports a network module"


def test_at_least_one_notebook_exists():
    assert NOTEBOOKS, "no notebooks: nbval would silently check nothing"
