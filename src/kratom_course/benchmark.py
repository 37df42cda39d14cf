"""Speed and memory of the course, measured deliberately (never in a timed test that could flake).

    python -m kratom_course benchmark [--repeats 3] [--floor-repeats 5] [--skip-nbval]

Measures, on this machine: the kernel floor (start a kernel, import the course, set up a notebook;
median of 5), each notebook's execution (median of 3) and its ratio to the floor, the strict nbval
run of all notebooks and its ratio to the sum of floors, every table's validated load (cold) and
cached load, the exposure model's Monte Carlo, and the peak memory of the kernels. Writes
benchmarks/results.json and benchmarks/benchmark.png and prints a table.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import outputs
from .paths import course_root

FLOOR_SOURCE = "from kratom_course import setup_notebook\nsetup_notebook()"


def add_arguments(parser) -> None:
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook (median reported; default 3)")
    parser.add_argument("--floor-repeats", type=int, default=5, help="runs of the empty-notebook floor (default 5)")
    parser.add_argument("--skip-nbval", action="store_true", help="do not time the strict nbval run")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: benchmarks/)")


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
