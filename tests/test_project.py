"""The frame around the course: one dependency list, the README's commands, committed notebooks."""

import json
import re
import subprocess

import pytest
from conftest import LOOPBACK

from kratom_course.paths import course_root

ROOT = course_root()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
NETWORK_MODULES = re.compile(r"^\s*(import|from)\s+(requests|urllib|httpx|http\.client|socket|aiohttp)\b", re.M)


def readme_command(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- command:{name} -->\s*```bash\n(.+?)\n```", text, re.S)
    assert match, f"README.md has no '{name}' command block"
    return match.group(1).strip()


def test_environment_yml_installs_the_lock_and_nothing_else():
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    lines = [line.strip() for line in env.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "- -r requirements.txt" in lines
    packages = [
        x
        for x in lines
        if x.startswith("- ")
        and not x.startswith("- python=")
        and x not in ("- pip", "- pip:", "- -r requirements.txt", "- conda-forge")
    ]
    assert packages == [], f"environment.yml lists packages outside requirements.txt: {packages}"


def locked_versions(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+?)(?: \\|\s*$|;)", text, re.M)}


@pytest.mark.parametrize(
    "source, lock",
    [
        ("requirements.in", "requirements.txt"),
        ("requirements-test.in", "requirements-test.txt"),
        ("requirements-site.in", "requirements-site.txt"),
        ("requirements-dev.in", "requirements-dev.txt"),
    ],
)
def test_hand_edited_pins_agree_with_the_hashed_lock(source, lock):
    locked = locked_versions(lock)
    for line in (ROOT / source).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-c"):
            continue
        name, _, wanted = line.partition("==")
        assert wanted, f"{source}: not pinned exactly: {line}"
        assert locked.get(name.lower()) == wanted, (
            f"{lock} has {name} {locked.get(name.lower())}, {source} asks {wanted}: re-compile"
        )
    text = (ROOT / lock).read_text(encoding="utf-8")
    packages = re.findall(r"^[A-Za-z0-9_.\-]+==.*$", text, re.M)
    hashed = re.findall(r"^[A-Za-z0-9_.\-]+==.* \\\n\s+--hash=sha256:", text, re.M)
    assert packages and len(packages) == len(hashed), f"{lock}: a package without a hash"


def test_the_package_declares_what_it_imports():
    import ast
    import sys
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [d for group in project.get("optional-dependencies", {}).values() for d in group]  # e.g. the site tools
    declared = {re.split(r"[<>=!\[ ;]", d)[0].lower().replace("-", "_") for d in project["dependencies"] + extras}
    imported = set()
    for path in (ROOT / "src" / "kratom_course").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m.lower() for m in imported if m not in sys.stdlib_module_names and m != "kratom_course"}
    assert third_party <= declared, f"imported but not declared in pyproject.toml: {sorted(third_party - declared)}"
    # ipykernel is never imported: it is the kernel that `execute` (nbclient) starts in a process of its own
    assert declared <= third_party | {"bibtexparser", "ipykernel"}, (
        f"declared but never imported: {sorted(declared - third_party)}"
    )


def test_one_version_everywhere():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"version: {version}" in (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"(version {version}," in " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


def test_readme_has_two_quick_start_commands_sharing_one_install():
    open_cmd, test_cmd = readme_command("open"), readme_command("test")
    install = open_cmd.split(" && .venv/bin/jupyter lab")[0]
    assert test_cmd.startswith(install)
    assert "requirements-test.txt" in test_cmd and "requirements-test.txt" not in open_cmd
    assert open_cmd.endswith("--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb")
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
    assert "pytest" in test_cmd


def test_readme_course_map_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f"(notebooks/{nb.name})" in readme, f"README course map misses {nb.name}"


@pytest.mark.parametrize("script", [".ci/run", "postBuild"])
def test_scripts_are_executable_in_git(script):
    """The mode git records is what a fresh clone gets (the working tree's mode can differ)."""
    listed = subprocess.run(["git", "ls-files", "-s", script], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:  # not a git checkout (CI tests an exported tree): the export carries git's mode
        assert (ROOT / script).stat().st_mode & 0o111, f"{script} is not executable"
        return
    mode = listed.stdout.split()[0]
    assert mode == "100755", f"{script} is not executable in git (mode {mode}); git update-index --chmod=+x {script}"


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
        assert "execution" not in cell.get("metadata", {}), (
            f"{path.name}: execution timestamps stored (use python -m kratom_course execute)"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_no_network(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not NETWORK_MODULES.search("".join(cell["source"])), f"{path.name} imports a network module"


def test_at_least_one_notebook_exists():
    assert NOTEBOOKS, "no notebooks: nbval would silently check nothing"


# --- packaging that tells the truth --------------------------------------------------------------------------
def test_the_package_metadata_states_the_model_the_licences_and_no_invented_people_or_addresses():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "carries no data" in project["description"] and "checkout" in project["description"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert all((ROOT / f).is_file() for f in project["license-files"])
    assert project["authors"] == [{"name": "The kratom course contributors"}]
    assert "urls" not in project, "the course has no public address yet: add project URLs only when it has one"


def test_citation_names_both_licences_and_invents_no_address():
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["license"] == ["MIT", "CC-BY-4.0"]
    assert citation["authors"] == [{"name": "The kratom course contributors"}]
    assert not {"repository-code", "url", "doi"} & set(citation), "only a real, published address belongs here"
    assert citation["version"] == tomllib_version()


def tomllib_version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_readme_contributor_section_states_exit_codes_platforms_and_the_data_rule():
    from kratom_course import cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Contributing: the tools, platforms and rules for code", 1)[1].split("\n## ", 1)[0]
    flat = " ".join(section.split())
    for code in (cli.EXIT_OK, cli.EXIT_FINDINGS, cli.EXIT_ERROR, cli.EXIT_BUG, cli.EXIT_INTERRUPTED):
        assert f"`{code}`" in flat, f"exit status {code} is not described"
    assert "--debug" in flat and "Windows" in flat and "3.13" in flat and "cannot run" in flat
    assert "Data, not code" in flat and "carries no data" in flat


def test_every_jupyter_lab_command_of_the_readme_gives_it_the_course_settings():
    """An editable install skips pyproject's data-files, so each `jupyter lab` the README tells people to run
    names the course's settings folder itself (no "Jupyter news?" prompt)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^```bash\n(.+?)\n```", readme, re.S | re.M)
    starts = [line for command in commands for line in command.splitlines() if "jupyter lab" in line]
    assert len(starts) >= 3, "the open command, another day, conda"
    for line in starts:
        assert "jupyter lab --LabApp.app_settings_dir=jupyter-settings " in line, line
    assert (ROOT / "jupyter-settings" / "overrides.json").is_file()
    assert "share/jupyter/lab/settings" in (ROOT / "postBuild").read_text(encoding="utf-8"), "Binder copies them"


def test_readme_course_map_times_are_the_notebooks_own():
    """Each notebook's time in the course map = its sections' minutes (as their headings state them) plus its
    overview, setup and summary (the minutes the seminar series gives them); the total is their sum."""
    from kratom_course import teaching

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    overhead = {
        slot["activity"].split(":")[0].removeprefix("notebook "): slot["minutes"]
        for plan in teaching.session_plans(check=False)
        for slot in plan["slots"]
        if slot["activity"].endswith(teaching.OVERHEAD_NOTE) and "notebook" not in slot
    }
    total = 0
    for nb in NOTEBOOKS:
        number = nb.name[:2]
        minutes = sum(s.minutes for s in teaching.notebook_sections(number).values()) + overhead[number]
        total += minutes
        row = re.search(rf"^\| {number} \| .*\(notebooks/{re.escape(nb.name)}\).*\| (\d+) min \|$", readme, re.M)
        assert row, f"README course map: no row with a time for {nb.name}"
        assert int(row.group(1)) == minutes, f"README says {row.group(1)} min for {number}; its sections give {minutes}"
    assert f"({total} min," in readme, f"the course map's total should be {total} min"


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
def test_a_jupyterlab_started_the_readme_way_asks_nothing(tmp_path, monkeypatch):
    """The README's 'another day' command, run from the course folder with a fresh user profile: no prompt."""
    import shlex

    test_jupyterlab_settings = pytest.importorskip("test_jupyterlab_settings")
    if test_jupyterlab_settings.CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    another_day = re.search(r"^\.venv/bin/jupyter lab (.+)$", readme, re.M).group(1)
    options = [o for o in shlex.split(another_day) if not o.startswith("--LabApp.default_url")]
    monkeypatch.chdir(ROOT)
    assert not test_jupyterlab_settings.news_prompt_shown(tmp_path / "lab", *options)
