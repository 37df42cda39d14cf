"""Speed and memory of the course, measured deliberately (never in a timed test that could flake).

    python -m kratom_course benchmark [--repeats 3] [--floor-repeats 5] [--skip-nbval]
    python -m kratom_course benchmark mutation [--modules units pk ...] [--max-mutants 40] [--seed 20]

`benchmark` (speed) measures, on this machine: the kernel floor (start a kernel, import the course, set up a notebook;
median of 5), each notebook's execution (median of 3) and its ratio to the floor, the strict nbval
run of all notebooks and its ratio to the sum of floors, every table's validated load (cold) and
cached load, the exposure model's Monte Carlo, and the peak memory of the kernels. Writes
benchmarks/results.json and benchmarks/benchmark.png and prints a table, with the last mutation score.

`benchmark mutation` scores the tests by mutation (cosmic-ray, from requirements-dev.txt; never in CI):
see the section "mutation testing" below and benchmarks/mutation.md.
"""

from __future__ import annotations

import ast
import errno
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import outputs
from .paths import course_root

FLOOR_SOURCE = "from kratom_course import setup_notebook\nsetup_notebook()"


def add_arguments(parser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        choices=("speed", "mutation"),
        default="speed",
        help="speed (default): time and memory; mutation: score the tests by mutation (needs requirements-dev.txt)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook (median reported; default 3)")
    parser.add_argument("--floor-repeats", type=int, default=5, help="runs of the empty-notebook floor (default 5)")
    parser.add_argument("--skip-nbval", action="store_true", help="do not time the strict nbval run")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: benchmarks/)")
    parser.add_argument(
        "--modules",
        nargs="+",
        metavar="NAME",
        help=f"mutation: only these ({', '.join({**MUTATION_TARGETS, **OPTIONAL_MUTATION_TARGETS})}); default all",
    )
    parser.add_argument(
        "--max-mutants", type=int, default=DEFAULT_MAX_MUTANTS, help="mutation: mutants sampled per module (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="mutation: seed of the sample (default %(default)s)")
    parser.add_argument(
        "--committed",
        action="store_true",
        help="mutation: mutate the last commit (git HEAD), not the working tree with its uncommitted edits",
    )


def _execute_seconds(notebook) -> float:
    from nbclient import NotebookClient

    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(course_root() / "notebooks")}}
    ).execute()
    return time.perf_counter() - start


def kernel_floor_s(repeats: int) -> float:
    import nbformat

    runs = [_execute_seconds(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])) for _ in range(repeats)]
    return statistics.median(runs)


def notebook_seconds(repeats: int) -> dict[str, float]:
    import nbformat

    from .teaching import course_notebooks

    return {
        path.stem: statistics.median(_execute_seconds(nbformat.read(path, as_version=4)) for _ in range(repeats))
        for path in course_notebooks()
    }


def nbval_seconds() -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n0", "notebooks/"],
        cwd=course_root(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def table_load_ms() -> dict[str, dict[str, float]]:
    """Per table: a load that validates with Frictionless (empty validation cache), a load whose bytes
    passed before on this machine (disk marker, what a notebook kernel usually pays), and an in-process repeat."""
    import tempfile

    from . import data

    timings = {}
    previous = os.environ.get("KRATOM_COURSE_CACHE")
    with tempfile.TemporaryDirectory() as empty_cache:
        for name in data.table_names():
            os.environ["KRATOM_COURSE_CACHE"] = empty_cache
            timings[name] = {"validated_ms": _load_ms(data, name)}
            timings[name]["known_bytes_ms"] = _load_ms(data, name)
            start = time.perf_counter()
            data.load(name)
            timings[name]["in_process_ms"] = 1000 * (time.perf_counter() - start)
    if previous is None:
        os.environ.pop("KRATOM_COURSE_CACHE", None)
    else:
        os.environ["KRATOM_COURSE_CACHE"] = previous
    return timings


def _load_ms(data, name: str) -> float:
    data._load_validated.cache_clear()
    start = time.perf_counter()
    data.load(name)
    return 1000 * (time.perf_counter() - start)


def monte_carlo_s() -> float | None:
    from . import exposure

    model = getattr(exposure, "monte_carlo", None) or getattr(exposure, "monte_carlo_peaks", None)
    if model is None:
        return None
    args = (25.0,)  # mg of mitragynine (or g of leaf in older versions): the size of the draw is what is timed
    start = time.perf_counter()
    model(*args)
    return time.perf_counter() - start


def room_build_seconds() -> dict[str, float | None]:
    """Wall time of each build for a room (site, slides, handouts), each in a fresh process into a temporary
    folder; None where the build packages of requirements-site.txt are not installed."""
    import importlib.util
    import tempfile

    needs = {"site": "sphinx", "slides": "sphinx_revealjs", "handouts": "reportlab"}
    timings: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as out:
        for command, module in needs.items():
            if importlib.util.find_spec(module) is None:
                timings[command] = None
                continue
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "kratom_course", command, "--out", str(Path(out) / command)],
                check=True,
                cwd=course_root(),
                stdout=subprocess.DEVNULL,
            )
            timings[command] = time.perf_counter() - start
    return timings


def peak_child_memory_mib() -> float | None:
    """Peak resident memory of the kernels this process started (POSIX); None where `resource` is missing
    (Windows). Imported here, not at the top, so the CLI loads on every platform."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def run(args) -> int:
    if getattr(args, "what", "speed") == "mutation":
        return run_mutation(args)
    out = Path(args.out or course_root() / "benchmarks")
    outputs.check_writable(out)  # fail now, not after minutes of measuring
    print("measuring the kernel floor ...", flush=True)
    floor = kernel_floor_s(args.floor_repeats)
    print("executing each notebook ...", flush=True)
    notebooks = notebook_seconds(args.repeats)
    nbval = None if args.skip_nbval else nbval_seconds()
    results = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "kernel_floor_s": floor,
        "notebooks_s": notebooks,
        "notebook_ratio_to_floor": {k: v / floor for k, v in notebooks.items()},
        "nbval_all_s": nbval,
        "nbval_ratio_to_sum_of_floors": None if nbval is None else nbval / (floor * len(notebooks)),
        "table_load_ms": table_load_ms(),
        "monte_carlo_s": monte_carlo_s(),
        "peak_kernel_memory_mib": peak_child_memory_mib(),
        "room_builds_s": room_build_seconds(),
    }
    with outputs.writing_file(out / "results.json") as tmp:
        tmp.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    with outputs.writing_file(out / "benchmark.png") as tmp:
        _plot(results, tmp)
    print(report(results))
    print(last_mutation_score(out))
    return 0


def report(results: dict) -> str:
    floor = results["kernel_floor_s"]
    lines = [
        f"machine: {results['machine']['platform']}, {results['machine']['cpus']} cpus, Python {results['machine']['python']}",
        f"{'what':<42}{'seconds':>10}{'x floor':>10}",
        f"{'kernel floor (median)':<42}{floor:>10.2f}{1:>10.2f}",
    ]
    for name, seconds in results["notebooks_s"].items():
        lines.append(f"{name:<42}{seconds:>10.2f}{seconds / floor:>10.2f}")
    if results["nbval_all_s"] is not None:
        lines.append(
            f"{'strict nbval, all notebooks (1 process)':<42}{results['nbval_all_s']:>10.2f}"
            f"{results['nbval_ratio_to_sum_of_floors']:>10.2f}  (x sum of floors)"
        )
    for key, label in (("validated_ms", "validated by Frictionless"), ("known_bytes_ms", "bytes validated before")):
        name, slowest = max(results["table_load_ms"].items(), key=lambda kv: kv[1][key])
        lines.append(f"{'slowest table load, ' + label:<42}{slowest[key] / 1000:>10.3f}  ({name})")
    if results["monte_carlo_s"] is not None:
        lines.append(f"{'exposure Monte Carlo':<42}{results['monte_carlo_s']:>10.3f}")
    for command, seconds in results.get("room_builds_s", {}).items():
        shown = f"{seconds:>10.1f}" if seconds is not None else f"{'-':>10}  (requirements-site.txt not installed)"
        lines.append(f"{'build: python -m kratom_course ' + command:<42}{shown}")
    peak = results["peak_kernel_memory_mib"]
    lines.append(
        f"peak kernel memory: {peak:.0f} MiB" if peak is not None else "peak kernel memory: not measured on this platform"
    )
    return "\n".join(lines)


def _plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results["notebooks_s"])
    seconds = [results["notebooks_s"][n] for n in names]
    fig, ax = plt.subplots(figsize=(10, 5.6))
    ax.barh(names, seconds, color="#0072B2", label="notebook execution (median)")
    ax.axvline(results["kernel_floor_s"], color="#D55E00", linestyle="--", label="kernel floor")
    ax.axvline(1.5 * results["kernel_floor_s"], color="#E69F00", linestyle=":", label="1.5 x floor (target)")
    ax.invert_yaxis()
    ax.set_xlabel("seconds")
    ax.set_title("Each notebook's execution time against the kernel's floor")
    ax.legend(loc="lower right")
    fig.savefig(path, format="png", dpi=100, bbox_inches="tight", metadata={"Software": "kratom_course"})
    plt.close(fig)


# --- mutation testing ------------------------------------------------------------------------------------
# `benchmark mutation` scores the tests by mutation: one small wrong change to the code at a time (a `*`
# for a `/`, a `<` for a `<=`, a number off by one, a condition negated), then the module's own tests.
# A mutant the tests fail on is killed; one they pass is a survivor: a test to add, or an equivalent
# mutant (one that cannot change behaviour), listed with its reason in benchmarks/mutation-equivalent.md.
# The tool is cosmic-ray (requirements-dev.txt): it mutates any node (context managers, decorated
# functions and module-level tables included) and runs each mutant's tests in a fresh process, so the
# tests' offline guard, xdist options and subprocesses behave as in a normal run. It mutates files in
# place, so the run works on a copy of the course in a temporary folder, never on the checkout (others
# may be running tests in it). Modules run one after another, one test process at a time.

DEFAULT_MAX_MUTANTS = 30  # per module: a sample, so a full run stays near an hour on two shared cores
DEFAULT_SEED = 20  # the sample is fixed for a given version of the code
MUTATION_TARGET_SCORE = 0.85
EQUIVALENTS_FILE = "mutation-equivalent.md"


@dataclass(frozen=True)
class MutationTarget:
    """A module to mutate (path from the course root), the test files that guard it, and, where only
    part of the module is in scope, the top-level functions to mutate (nested ones included)."""

    path: str
    tests: tuple[str, ...]
    functions: tuple[str, ...] = ()
    select: str = ""  # a pytest -k expression, where a guarding file also holds slow tests of other things


# Which tests guard which module: each mutant runs only these (never nbval, the browser or the whole suite).
MUTATION_TARGETS: dict[str, MutationTarget] = {
    "units": MutationTarget(
        "src/kratom_course/units.py",
        ("tests/test_pharmacology.py", "tests/test_prolactin.py", "tests/test_exposure.py", "tests/test_promises.py"),
    ),
    "pharmacology": MutationTarget(
        "src/kratom_course/pharmacology.py", ("tests/test_pharmacology.py", "tests/test_receptors.py")
    ),
    "pk": MutationTarget("src/kratom_course/pk.py", ("tests/test_pk.py", "tests/test_exposure.py")),
    "data": MutationTarget(
        "src/kratom_course/data.py",
        ("tests/test_data.py", "tests/test_data_contract.py", "tests/test_bad_input.py", "tests/test_validation_cache.py"),
    ),
    "engine": MutationTarget("src/kratom_course/exercises/engine.py", ("tests/test_engine.py",)),
    "http": MutationTarget(
        "src/kratom_course/literature/http.py",
        ("tests/test_refresh.py", "tests/test_polite_refresh.py", "tests/test_verify.py"),
    ),
    "outputs": MutationTarget(  # the folder swap and the all-or-nothing writers, with their helpers
        "src/kratom_course/outputs.py",
        ("tests/test_outputs.py",),
        ("replace_folder", "writing_folder", "writing_file", "_exchange", "_create_parents", "_remove_created", "_remove"),
    ),
    "teaching": MutationTarget(  # the copy builder: student, exam and instructor copies
        "src/kratom_course/teaching.py",
        ("tests/test_copies.py",),
        (
            "build_copies",
            "learner_copy",
            "instructor_copy",
            "exam_cells",
            "_clone",
            "_cleared",
            "_new_cell",
            "without_self_checks",
            "_calls_self_check",
            "_names_an_answer",
            "_has_code",
            "without_promises",
            "_before_promise",
            "linked_files",
            "_copy_linked_files",
        ),
        # not the run of every exam copy in a kernel (minutes per mutant here); the other tests read the same copies
        select="not run_with_any_answers",
    ),
}

# Kinds of mutant left out, by cosmic-ray operator name: a number or a list swapped for a bitwise or shift
# operator (or back) fails with a TypeError at the first call in this code base, so counting those would
# flatter the score without testing anything.
SKIPPED_OPERATORS = re.compile(r"core/ReplaceBinaryOperator_\w*(BitOr|BitAnd|BitXor|LShift|RShift)")


# Targets scored once their module exists in the version being mutated (the shared statistics of the
# formulas layer are moving into their own module).
OPTIONAL_MUTATION_TARGETS: dict[str, MutationTarget] = {
    "inference": MutationTarget("src/kratom_course/inference.py", ("tests/test_inference.py",)),
}


def mutation_targets(root: Path) -> dict[str, MutationTarget]:
    """MUTATION_TARGETS, plus each optional target whose module and tests exist under `root`."""
    present = {
        name: target
        for name, target in OPTIONAL_MUTATION_TARGETS.items()
        if (root / target.path).exists() and all((root / t).exists() for t in target.tests)
    }
    return {**MUTATION_TARGETS, **present}


def test_command(target: MutationTarget) -> list[str]:
    """The guarding tests, in one process (-n 0), stopping at the first failure; the project's pytest
    options (the offline guard: --disable-socket) still apply."""
    select = ["-k", target.select] if target.select else []
    return [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", *select, *target.tests]


def run_mutation(args) -> int:
    root = course_root()
    out = Path(args.out or root / "benchmarks")
    outputs.check_writable(out)
    cosmic_ray_version = _cosmic_ray_version()
    known = {**MUTATION_TARGETS, **OPTIONAL_MUTATION_TARGETS}
    unknown = sorted(set(args.modules or ()) - set(known))
    if unknown:
        raise ValueError(f"no mutation target named {', '.join(unknown)}; choose from {', '.join(known)}")
    equivalents = read_equivalents(root / "benchmarks" / EQUIVALENTS_FILE)
    settings = {"tool": f"cosmic-ray {cosmic_ray_version}", "max_mutants": args.max_mutants, "seed": args.seed}
    modules = apply_equivalents(_previous_results(out / "mutation.json", settings).get("modules", {}), equivalents)
    with tempfile.TemporaryDirectory(prefix="kratom-mutation-") as scratch:
        copy = (_copy_commit if args.committed else _copy_course)(root, Path(scratch) / "course")
        env = _mutation_env(copy, Path(scratch) / "cache")
        _check_imports_from(copy, env)
        targets = mutation_targets(copy)
        for name in args.modules or list(targets):
            if name not in targets:
                print(f"{name}: {known[name].path} is not in this version of the course; skipped", flush=True)
                continue
            modules[name] = mutate_module(name, targets[name], copy, env, args, equivalents.get(name, {}))
            print(module_line(name, modules[name]), flush=True)
            write_mutation_results(out, settings, modules)  # after each module: a long run keeps its work
    print(last_mutation_score(out))
    failed = any(m.get("baseline") == "failed" for m in modules.values())
    return 1 if failed or (overall(modules)["score"] or 0) < MUTATION_TARGET_SCORE else 0


def write_mutation_results(out: Path, settings: dict, modules: dict[str, dict]) -> dict:
    """benchmarks/mutation.json and mutation.md, modules in the order of the targets."""
    order = list({**MUTATION_TARGETS, **OPTIONAL_MUTATION_TARGETS})
    modules = dict(sorted(modules.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    results = {**settings, "python": platform.python_version(), "modules": modules, "overall": overall(modules)}
    with outputs.writing_file(out / "mutation.json") as tmp:
        tmp.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    with outputs.writing_file(out / "mutation.md") as tmp:
        tmp.write_text(mutation_markdown(results), encoding="utf-8")
    return results


def _cosmic_ray_version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version

        import cosmic_ray  # noqa: F401  (the run imports its work database below)

        return version("cosmic-ray")
    except (ImportError, PackageNotFoundError):
        raise FileNotFoundError(
            errno.ENOENT, "not installed in this environment: pip install -r requirements-dev.txt", "cosmic-ray"
        ) from None


def _previous_results(path: Path, settings: dict) -> dict:
    """The last run's results when made with the same tool and sample settings (a run of some modules
    updates those and keeps the others)."""
    if not path.exists():
        return {}
    previous = json.loads(path.read_text(encoding="utf-8"))
    return previous if all(previous.get(k) == v for k, v in settings.items()) else {}


def _copy_course(root: Path, copy: Path) -> Path:
    """The course as it is now (uncommitted edits included), without environments, builds or caches."""
    top_level_skips = {"build", "test-artifacts", "node_modules", "venv", "benchmarks"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n.startswith(".") or n == "__pycache__" or n.endswith(".egg-info")}
        return skipped | (top_level_skips & set(names) if Path(folder) == root else set())

    shutil.copytree(root, copy, ignore=ignore)
    return copy


def _copy_commit(root: Path, copy: Path) -> Path:
    """The course as last committed (git HEAD): a stable state while edits are under way in the checkout."""
    import io
    import tarfile

    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=root, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(copy, filter="data")
    return copy


def _mutation_env(copy: Path, cache: Path) -> dict[str, str]:
    """The tests import the copy's package and read the copy's data; the validation cache is private to the
    run (a mutant of data.py must not leave a wrong entry in the user's cache)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(copy / "src"), env.get("PYTHONPATH", "")) if p)
    env["KRATOM_COURSE_ROOT"] = str(copy)
    env["KRATOM_COURSE_CACHE"] = str(cache)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # a mutant written within the same second must not reuse a .pyc
    return env


def _check_imports_from(copy: Path, env: dict[str, str]) -> None:
    where = subprocess.run(
        [sys.executable, "-c", "import kratom_course; print(kratom_course.__file__)"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(where).resolve().is_relative_to(copy.resolve()):
        raise RuntimeError(f"the tests would import kratom_course from {where}, not from the copy being mutated")


def mutate_module(name: str, target: MutationTarget, copy: Path, env: dict, args, equivalents: dict) -> dict:
    """Baseline, then cosmic-ray init, the sample, exec and dump; the module's counts and mutants."""
    source = copy / target.path
    original = source.read_bytes()
    work = copy.parent / "sessions" / name
    work.mkdir(parents=True)
    started = time.perf_counter()
    baseline = subprocess.run(test_command(target), cwd=copy, env=env, capture_output=True, text=True)
    baseline_s = time.perf_counter() - started
    summary = {"path": target.path, "tests": list(target.tests), "functions": list(target.functions)}
    summary["run_on"] = time.strftime("%Y-%m-%d")
    if baseline.returncode != 0:
        print(f"{name}: the tests fail on the unchanged code; skipped\n{baseline.stdout[-2000:]}", flush=True)
        return {**summary, "baseline": "failed", "baseline_s": round(baseline_s, 1)}
    timeout_s = max(60.0, 4 * baseline_s)  # a loaded machine; a mutant that loops forever is stopped
    config = work / "config.toml"
    config.write_text(_cosmic_ray_config(target, timeout_s), encoding="utf-8")
    session = work / "session.sqlite"
    cosmic_ray = [sys.executable, "-m", "cosmic_ray.cli"]
    with open(work / "cosmic-ray.log", "w", encoding="utf-8") as log:
        subprocess.run([*cosmic_ray, "init", str(config), str(session)], cwd=copy, env=env, check=True, stdout=log)
        eligible, sampled = sample_mutants(session, source, target.functions, args.max_mutants, args.seed)
        print(f"{name}: {sampled} of {eligible} mutants, tests take {baseline_s:.0f} s unchanged ...", flush=True)
        subprocess.run([*cosmic_ray, "exec", str(config), str(session)], cwd=copy, env=env, check=True, stdout=log)
    dump = subprocess.run(
        [*cosmic_ray, "dump", str(session)], cwd=copy, env=env, check=True, capture_output=True, text=True
    ).stdout
    if source.read_bytes() != original:
        raise RuntimeError(f"{target.path} was not restored after mutation")
    mutants = [m for m in parse_dump(dump, original.decode("utf-8"), equivalents) if m["outcome"] != "not sampled"]
    summary.update(counts(mutants), baseline="passed", baseline_s=round(baseline_s, 1), eligible=eligible)
    summary["seconds"] = round(time.perf_counter() - started)
    summary["mutants"] = sorted(mutants, key=lambda m: (m["line"], m["operator"], m["after"]))
    return summary


def _cosmic_ray_config(target: MutationTarget, timeout_s: float) -> str:
    return (
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(target.path)}\n"
        f"timeout = {timeout_s:.0f}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(shlex.join(test_command(target)))}\n\n"
        '[cosmic-ray.distributor]\nname = "local"\n'
    )


def sample_mutants(session: Path, source: Path, functions: tuple[str, ...], max_mutants: int, seed: int) -> tuple[int, int]:
    """Keep the mutants inside `functions` (all when empty), outside annotations (which this code never
    evaluates), of a kind that tests something; sample at most `max_mutants` of them with `seed`, and mark
    every other one skipped in the session. Returns (eligible, sampled)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    tree = ast.parse(source.read_text(encoding="utf-8"))
    spans = function_spans(tree, functions)
    annotations = annotation_spans(tree)
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = sorted(db.work_items, key=lambda item: _mutation_order(item.mutations[0]))
        eligible = [i for i in items if _eligible(i.mutations[0], spans, annotations)]
        chosen = {i.job_id for i in random.Random(seed).sample(eligible, min(max_mutants, len(eligible)))}
        skipped = [i.job_id for i in items if i.job_id not in chosen]
        if skipped:
            db.set_multiple_results(skipped, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="not sampled"))
    return len(eligible), len(chosen)


def _mutation_order(mutation) -> tuple:
    return (tuple(mutation.start_pos), mutation.operator_name, mutation.occurrence)


def _eligible(mutation, spans: list[tuple[int, int]] | None, annotations: list[tuple]) -> bool:
    line, column = mutation.start_pos
    if SKIPPED_OPERATORS.search(mutation.operator_name):
        return False
    if spans is not None and not any(first <= line <= last for first, last in spans):
        return False
    return not any(start <= (line, column) < end for start, end in annotations)


def function_spans(tree: ast.Module, functions: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """(first, last) line of each named top-level function, decorators included; None for the whole module."""
    if not functions:
        return None
    found = {
        node.name: (min([node.lineno] + [d.lineno for d in node.decorator_list]), node.end_lineno)
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    missing = sorted(set(functions) - set(found))
    if missing:
        raise ValueError(f"mutation target functions not found: {', '.join(missing)}")
    return [found[name] for name in functions]


def annotation_spans(tree: ast.Module) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """((line, column), (end line, end column)) of every annotation (arguments, returns, annotated names)."""
    nodes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            nodes.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            nodes.append(node.returns)
    return [((n.lineno, n.col_offset), (n.end_lineno, n.end_col_offset)) for n in nodes]


# --- the report: parsed from `cosmic-ray dump` (one JSON list [work item, result or null] a line) ---------
def parse_dump(dump: str, source: str, equivalents: dict | None = None) -> list[dict]:
    """Each mutant as {function, line, operator, before, after, outcome, killed_by}; outcome is killed,
    timeout, survived, equivalent (a survivor listed in benchmarks/mutation-equivalent.md), incompetent
    (the mutant could not run), error (the worker failed), not sampled or pending."""
    lines = source.splitlines()
    definitions = _definitions_by_line(source)
    mutants = []
    for row in dump.splitlines():
        if not row.strip():
            continue
        item, result = json.loads(row)
        mutation = item["mutations"][0]
        line = mutation["start_pos"][0]
        before, after = _changed_lines(result, lines[line - 1] if 0 < line <= len(lines) else "")
        mutant = {
            "function": definitions.get(line) or mutation.get("definition_name") or "(module)",
            "line": line,
            "operator": mutation["operator_name"],
            "before": before,
            "after": after,
        }
        mutant["outcome"], mutant["killed_by"] = _outcome(result)
        if mutant["outcome"] == "survived" and (equivalents or {}).get(mutant_key(mutant)):
            mutant["outcome"] = "equivalent"
            mutant["why"] = equivalents[mutant_key(mutant)]
        mutants.append(mutant)
    return mutants


def _outcome(result: dict | None) -> tuple[str, str | None]:
    if result is None:
        return "pending", None
    worker, tests, output = result["worker_outcome"], result.get("test_outcome"), result.get("output") or ""
    if worker == "skipped":
        return "not sampled", None
    if worker != "normal":
        return "error", None
    if tests == "killed":
        return ("timeout", None) if output.strip() == "timeout" else ("killed", _first_failure(output))
    return ("survived", None) if tests == "survived" else ("incompetent", None)


def _first_failure(output: str) -> str | None:
    """The first test pytest names as failed (FAILED or ERROR line of its short summary)."""
    found = re.search(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.MULTILINE)
    return found.group(1) if found else None


def _changed_lines(result: dict | None, original_line: str) -> tuple[str, str]:
    """The mutated line before and after (stripped), from the unified diff cosmic-ray stores."""
    diff = (result or {}).get("diff") or ""
    # blank lines are left out: a removed decorator takes the blank lines before it along
    removed = [ln[1:].strip() for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---") and ln[1:].strip()]
    added = [ln[1:].strip() for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++") and ln[1:].strip()]
    return (removed[0] if removed else original_line.strip()), (added[0] if added else "")


def _definitions_by_line(source: str) -> dict[int, str]:
    """Line -> the top-level function or class it belongs to (nested definitions count as their parent)."""
    by_line = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            by_line.update(dict.fromkeys(range(first, node.end_lineno + 1), node.name))
    return by_line


def mutant_key(mutant: dict) -> tuple[str, str, str]:
    """What names a mutant across edits elsewhere in the file: its function and the line before and after."""
    return (mutant["function"], mutant["before"], mutant["after"])


def read_equivalents(path: Path) -> dict[str, dict[tuple[str, str, str], str]]:
    """benchmarks/mutation-equivalent.md: a Markdown table | module | function | before | after | why |,
    code in backticks, a literal `|` written as `\\|`. Returns module -> mutant key -> why."""
    table: dict[str, dict[tuple[str, str, str], str]] = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) != 5 or cells[0] in ("module", "") or set(cells[0]) <= set("-: "):
            continue
        module, function, before, after, why = (c.strip("`") if i < 4 else c for i, c in enumerate(cells))
        table.setdefault(module, {})[(function, before, after)] = why
    return table


def apply_equivalents(modules: dict[str, dict], equivalents: dict) -> dict[str, dict]:
    """Earlier results with the current equivalents table applied: a survivor listed since counts as
    equivalent (and one no longer listed as survived), without running it again."""
    updated = {}
    for name, module in modules.items():
        if module.get("baseline") != "passed":
            updated[name] = module
            continue
        listed = equivalents.get(name, {})
        mutants = []
        for mutant in module["mutants"]:
            mutant = {k: v for k, v in mutant.items() if k != "why"}
            if mutant["outcome"] in ("survived", "equivalent"):
                why = listed.get(mutant_key(mutant))
                mutant["outcome"] = "equivalent" if why else "survived"
                mutant.update({"why": why} if why else {})
            mutants.append(mutant)
        updated[name] = {**module, **counts(mutants), "mutants": mutants}
    return updated


OUTCOMES = ("killed", "timeout", "survived", "equivalent", "incompetent", "error")


def counts(mutants: list[dict]) -> dict[str, int]:
    tally = {outcome: sum(m["outcome"] == outcome for m in mutants) for outcome in OUTCOMES}
    tally["sampled"] = len(mutants)
    return tally


def overall(modules: dict[str, dict]) -> dict:
    """Totals over the modules that ran, and the score: killed (timeouts included) over non-equivalent
    mutants that ran (incompetent and errored mutants say nothing about the tests and are left out)."""
    ran = [m for m in modules.values() if m.get("baseline") == "passed"]
    total = {outcome: sum(m[outcome] for m in ran) for outcome in (*OUTCOMES, "sampled", "eligible")}
    total["score"] = _score(total)
    return total


def _score(tally: dict) -> float | None:
    detected = tally["killed"] + tally["timeout"]
    judged = detected + tally["survived"]
    return detected / judged if judged else None


def module_line(name: str, module: dict) -> str:
    if module.get("baseline") != "passed":
        return f"{name}: not scored (the tests fail on the unchanged code)"
    score = _score(module)
    shown = "-" if score is None else f"{score:.0%}"
    return (
        f"{name}: {module['killed']} killed, {module['timeout']} timed out, {module['survived']} survived, "
        f"{module['equivalent']} equivalent, score {shown} ({module['seconds']} s)"
    )


def last_mutation_score(folder: Path) -> str:
    """One line for the speed report: the score of the last mutation run, or how to measure it."""
    path = Path(folder) / "mutation.json"
    if not path.exists():
        return "mutation score: not measured (python -m kratom_course benchmark mutation)"
    total = json.loads(path.read_text(encoding="utf-8"))["overall"]
    judged = total["killed"] + total["timeout"] + total["survived"]
    score = "-" if total["score"] is None else f"{total['score']:.0%}"
    return f"mutation score: {score} of {judged} non-equivalent mutants killed (benchmarks/mutation.md)"


def mutation_markdown(results: dict) -> str:
    header = "| module | tests | mutants in scope | sampled | killed | timeout | survived | equivalent | not run | score |"
    lines = [
        "# Mutation score of the tests",
        "",
        "Written by `python -m kratom_course benchmark mutation` (not part of CI; needs `requirements-dev.txt`).",
        f"Tool: {results['tool']}, Python {results['python']}. Per module at most {results['max_mutants']} mutants, "
        f"sampled with seed {results['seed']} from those in scope (the functions named below, outside annotations, "
        "bitwise and shift replacements left out); each runs only the module's own test files.",
        "Score: killed (timeouts included) over killed + survived; equivalent mutants "
        f"(listed with their reason in `{EQUIVALENTS_FILE}`) and mutants that could not run are left out.",
        "",
        header,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, module in results["modules"].items():
        lines.append(_module_row(name, module))
    total = results["overall"]
    score = "-" if total["score"] is None else f"{total['score']:.0%}"
    lines.append(
        f"| **all** | | {total['eligible']} | {total['sampled']} | {total['killed']} | {total['timeout']} | "
        f"{total['survived']} | {total['equivalent']} | {total['incompetent'] + total['error']} | **{score}** |"
    )
    lines += ["", f"Target: at least {MUTATION_TARGET_SCORE:.0%} of non-equivalent mutants killed.", ""]
    lines += _mutant_list(results, "survived", "Survivors (a test to add)")
    lines += _mutant_list(results, "equivalent", "Equivalent mutants (cannot change behaviour)")
    lines += ["## Scope", ""]
    for name, module in results["modules"].items():
        scope = ", ".join(f"`{f}`" for f in module["functions"]) or "the whole module"
        target = {**MUTATION_TARGETS, **OPTIONAL_MUTATION_TARGETS}.get(name)
        selected = f'; tests selected with `-k "{target.select}"`' if target and target.select else ""
        lines.append(f"- **{name}** (`{module['path']}`): {scope}{selected}; run on {module['run_on']}.")
    return "\n".join(lines) + "\n"


def _module_row(name: str, module: dict) -> str:
    tests = ", ".join(f"`{Path(t).name}`" for t in module["tests"])
    if module.get("baseline") != "passed":
        return f"| {name} | {tests} | | | | | | | | tests fail unchanged |"
    score = _score(module)
    return (
        f"| {name} | {tests} | {module['eligible']} | {module['sampled']} | {module['killed']} | {module['timeout']} | "
        f"{module['survived']} | {module['equivalent']} | {module['incompetent'] + module['error']} | "
        f"{'-' if score is None else f'{score:.0%}'} |"
    )


def _mutant_list(results: dict, outcome: str, title: str) -> list[str]:
    rows = [
        (name, m) for name, module in results["modules"].items() for m in module.get("mutants", []) if m["outcome"] == outcome
    ]
    if not rows:
        return [f"## {title}", "", "None.", ""]
    why = outcome == "equivalent"
    lines = [f"## {title}", "", "| module | function | line | before | after |" + (" why |" if why else "")]
    lines.append("|---|---|---:|---|---|" + ("---|" if why else ""))
    for name, m in rows:
        cells = [name, f"`{m['function']}`", str(m["line"]), _code_cell(m["before"]), _code_cell(m["after"])]
        cells += [m.get("why", "")] if why else []
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _code_cell(code: str) -> str:
    return "`" + code.replace("|", "\\|") + "`" if code else ""
