"""One error boundary for every subcommand: the course's expected errors end in one line on stderr, the
documented exit status and nothing written; `--debug` shows the traceback; a bug is not disguised.

The cases are parametrized over the subcommands the parser has, so a subcommand added later is
covered by the generic cases at once; one that cannot meet a case is listed below with the reason."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_data, set_cell

from kratom_course import cli, paths

SUBCOMMANDS = sorted(cli.subcommands())
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, so a request that escapes fails at once
OFFLINE_ARGS = {
    "verify": ["--eutils-url", CLOSED, "--ctgov-url", CLOSED],
    "refresh": ["--eutils-url", CLOSED, "--ctgov-url", CLOSED],
}

# Subcommands that do not read the course's tables directly, with the reason (a malformed table is
# then not their input error).
READS_NO_TABLE = {
    "copies": "copies notebooks; reads no table",
    "execute": "runs notebooks in a kernel, where a table error is a cell error (covered by nbval)",
    "benchmark": "measures kernels first; reads tables only after minutes of measuring",
}
# Subcommands without an output option, with where their writing is tested instead.
NO_OUT_OPTION = {
    "execute": "writes notebooks in place",
    "refresh": "writes data/literature/ through a temporary folder; test_refresh injects the failures",
}

# Known gaps being closed by another part of the work (remove the entry when it passes).
PENDING: dict = {}  # (case, subcommand) -> reason, for a subcommand that does not yet meet a case


def pending(case: str, names):
    return [
        pytest.param(n, marks=pytest.mark.xfail(reason=PENDING[case, n], strict=False)) if (case, n) in PENDING else n
        for n in names
    ]


def tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def run_cli(argv, capsys):
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line(err: str) -> str:
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{err}"
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A scratch course folder: a copy of data/ and one notebook; the working directory is its parent."""
    root = tmp_path / "course"
    root.mkdir()
    copy_data(root)
    (root / "notebooks").mkdir()
    shutil.copy(paths.course_root() / "notebooks" / "00_start_here.ipynb", root / "notebooks")
    monkeypatch.setenv("KRATOM_COURSE_ROOT", str(root))
    monkeypatch.chdir(tmp_path)
    return root


# --- the cases every subcommand meets --------------------------------------------------------------------
@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_outside_a_course_folder(name, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KRATOM_COURSE_ROOT", str(tmp_path / "not-a-course"))
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path)
    code, _, err = run_cli([name, *OFFLINE_ARGS.get(name, [])], capsys)
    line = assert_one_line(err)
    assert code == cli.EXIT_ERROR, line
    assert "KRATOM_COURSE_ROOT" in line and "course folder" in line
    assert tree(tmp_path) == before


def break_tables(data_dir: Path) -> None:
    """Three malformed tables at once, so each subcommand meets one it reads: a status outside the
    vocabulary, a misspelt column, a service that does not exist."""
    set_cell(data_dir / "claims.csv", next(iter(_first_ids(data_dir / "claims.csv"))), "status", "definitely")
    references = data_dir / "references.csv"
    text = references.read_text(encoding="utf-8")
    references.write_text(text.replace(",title,", ",titel,", 1), encoding="utf-8")
    set_cell(
        data_dir / "literature_queries.csv", next(iter(_first_ids(data_dir / "literature_queries.csv"))), "service", "altavista"
    )


def _first_ids(path: Path):
    return (line.split(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()[1:])


@pytest.mark.parametrize("name", pending("malformed", [n for n in SUBCOMMANDS if n not in READS_NO_TABLE]))
def test_with_a_malformed_table(name, course, tmp_path, capsys):
    break_tables(course / "data")
    out = ["--out", str(tmp_path / "out")] if "--out" in _options(name) else []
    before = tree(tmp_path)
    code, _, err = run_cli([name, *out, *OFFLINE_ARGS.get(name, [])], capsys)
    line = assert_one_line(err)
    assert code == cli.EXIT_ERROR, line
    assert any(table in line for table in ("claims.csv", "references.csv", "literature_queries.csv")), line
    assert tree(tmp_path) == before, "nothing may be written when a table is malformed"


@pytest.mark.parametrize("name", [n for n in SUBCOMMANDS if n not in NO_OUT_OPTION])
def test_with_an_unwritable_output(name, course, tmp_path, capsys):
    assert "--out" in _options(name), f"{name} has no --out: list it in NO_OUT_OPTION with where its writing is tested"
    (tmp_path / "afile").write_text("a file where a folder should be")
    target = tmp_path / "afile" / ("report.csv" if name == "verify" else "out")
    before = tree(tmp_path)
    code, _, err = run_cli([name, "--out", str(target), *OFFLINE_ARGS.get(name, [])], capsys)
    line = assert_one_line(err)
    assert code == cli.EXIT_ERROR, line
    assert "afile" in line, line  # it names the output, not a network error: the output is checked first
    assert tree(tmp_path) == before


def _options(name: str) -> set[str]:
    return {s for action in cli.subcommands()[name]._actions for s in action.option_strings}


def test_every_subcommand_is_in_the_module_docstring():
    assert set(SUBCOMMANDS) <= {line.split()[0] for line in cli.__doc__.splitlines()[2:] if line.strip()}


# --- debug, bugs, usage --------------------------------------------------------------------------------------
def test_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KRATOM_COURSE_ROOT", str(tmp_path))
    for argv in (["--debug", "answer-key"], ["answer-key", "--debug"]):
        code, _, err = run_cli(argv, capsys)
        assert code == cli.EXIT_ERROR and "Traceback" in err and "CourseFolderNotFound" in err


def test_a_bug_is_reported_as_a_bug_with_its_traceback(monkeypatch, capsys):
    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "_answer_key", broken)
    code, _, err = run_cli(["answer-key"], capsys)
    assert code == cli.EXIT_BUG
    assert "Traceback" in err and "ZeroDivisionError" in err and "bug" in err.splitlines()[-1]


def test_interrupted(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_answer_key", interrupted)
    code, _, err = run_cli(["answer-key"], capsys)
    assert code == cli.EXIT_INTERRUPTED and assert_one_line(err) == "answer-key: interrupted"


def test_a_mistyped_option_shows_the_subcommands_usage(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["figures", "--outt", "x"])
    err = capsys.readouterr().err
    assert stop.value.code == cli.EXIT_ERROR
    assert "figures [-h]" in err and "unrecognized arguments: --outt x" in err


def test_help_states_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "exit status: 0 done; 1" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit):
        cli.main(["verify", "--help"])
    assert "exit status" in capsys.readouterr().out


def test_a_missing_notebook_is_one_line(tmp_path, capsys):
    code, _, err = run_cli(["execute", str(tmp_path / "nope.ipynb")], capsys)
    assert code == cli.EXIT_ERROR and "no such notebook" in assert_one_line(err)


def test_execute_says_when_no_kernel_is_installed(tmp_path, monkeypatch, capsys):
    from jupyter_client import kernelspec

    def no_kernel(self, name):
        raise kernelspec.NoSuchKernel(name)

    monkeypatch.setattr(kernelspec.KernelSpecManager, "get_kernel_spec", no_kernel)
    notebook = tmp_path / "a.ipynb"
    notebook.write_text("{}")
    code, _, err = run_cli(["execute", str(notebook)], capsys)
    assert code == cli.EXIT_ERROR and "install ipykernel" in assert_one_line(err)
    assert notebook.read_text() == "{}"


def test_the_console_script_names_itself(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/venv/bin/kratom-course"])
    assert cli.build_parser().prog == "kratom-course"
    monkeypatch.setattr(sys, "argv", ["/src/kratom_course/__main__.py"])
    assert cli.build_parser().prog == "python -m kratom_course"


def test_a_real_process_exits_with_the_documented_status(tmp_path):
    """The same through `python -m`, as a user meets it (exit status of the process, stderr one line)."""
    env = {"KRATOM_COURSE_ROOT": str(tmp_path), "PATH": "", "SYSTEMROOT": ""}
    done = subprocess.run(
        [sys.executable, "-m", "kratom_course", "answer-key"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == cli.EXIT_ERROR
    assert_one_line(done.stderr)
    assert list(tmp_path.iterdir()) == []


# --- writing all at once -------------------------------------------------------------------------------------
def test_figures_failing_halfway_leave_the_folder_as_it_was(tmp_path, monkeypatch, capsys):
    from kratom_course import data, plots

    out = tmp_path / "figures"
    out.mkdir()
    (out / "old.svg").write_text("old")
    before = tree(tmp_path)
    real, drawn = plots.draw, []

    def draw(name):
        drawn.append(name)
        if len(drawn) == 2:
            raise data.SelectionError(f"{name}: no row matches")
        return real(name)

    monkeypatch.setattr(plots, "draw", draw)
    code, _, err = run_cli(["figures", "--out", str(out)], capsys)
    assert code == cli.EXIT_ERROR and "no row matches" in assert_one_line(err)
    assert tree(tmp_path) == before


def test_figures_refuse_to_replace_a_folder_holding_other_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    code, _, err = run_cli(["figures", "--out", str(tmp_path)], capsys)
    assert code == cli.EXIT_ERROR and "notes.txt" in assert_one_line(err)
    assert tree(tmp_path) == {"notes.txt": b"mine"}


def test_the_reading_list_replaces_its_three_files_and_leaves_the_rest(course, tmp_path, capsys):
    out = tmp_path / "build"
    out.mkdir()
    (out / "answer-key.md").write_text("kept")
    (out / "reading-list.ris").write_text("stale")
    code, printed, _ = run_cli(["reading-list", "--out", str(out)], capsys)
    assert code == cli.EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["answer-key.md", "reading-list.bib", "reading-list.json", "reading-list.ris"]
    assert (out / "answer-key.md").read_text() == "kept" and "stale" not in (out / "reading-list.ris").read_text()
    assert printed.split() == [str(out / f"reading-list.{s}") for s in ("ris", "bib", "json")]
