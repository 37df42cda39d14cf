"""The CLI and every module of the package load on a platform without POSIX-only modules (Windows lacks
`resource`, `fcntl`, `termios`, `pwd`, `grp`): they are imported only where used, inside functions."""

import ast
import subprocess
import sys
from pathlib import Path

import kratom_course

POSIX_ONLY = ("resource", "fcntl", "termios", "pwd", "grp")

BLOCK = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in POSIX_ONLY)


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK + code], capture_output=True, text=True, timeout=300)


def test_help_works_without_posix_only_modules():
    done = run_python("from kratom_course.cli import main\nsys.argv = ['kratom-course', '--help']\nmain()")
    assert done.returncode == 0, done.stderr
    assert "benchmark" in done.stdout and "verify" in done.stdout


def test_no_module_imports_a_posix_only_module_at_load_time():
    """Statically, for every module (some need a course folder to import, so they are not imported here)."""
    package = Path(kratom_course.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_functions = {
            id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(f)
        }
        for node in ast.walk(tree):
            if id(node) in inside_functions:
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            found += [f"{path.relative_to(package)}:{node.lineno} {n}" for n in names if n.split(".")[0] in POSIX_ONLY]
    assert not found, "import these inside the function that uses them: " + "; ".join(found)


def test_benchmark_reports_memory_as_unmeasured_without_resource():
    done = run_python("from kratom_course import benchmark\nprint(benchmark.peak_child_memory_mib())")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"
