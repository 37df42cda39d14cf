"""Speed and memory of the course's library, measured here and never in a timed test.

    python benchmarks/benchmark.py            # writes benchmarks/results.csv and benchmarks/benchmark.png

Measures: validating and loading each table (cold, then cached), and the notebook-03 Monte Carlo at
increasing numbers of draws, with wall time (median of repeats) and peak Python memory (tracemalloc).
Numbers depend on the machine; compare runs on the same machine only.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from kratom_course import data, exposure  # noqa: E402
from kratom_course.figures import PALETTE, apply_style  # noqa: E402

HERE = Path(__file__).parent
REPEATS = 3


def measure(func) -> tuple[float, float]:
    """Median wall time (s) over REPEATS and peak traced memory (MiB) of one call."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def table_rows() -> list[dict]:
    rows = []
    for name in data.table_names():
        cold_t, cold_m = measure(lambda: (data._load_validated.cache_clear(), data.load(name)))
        warm_t, warm_m = measure(lambda: data.load(name))
        rows.append({"task": f"load {name}", "kind": "table", "size": len(data.load(name)),
                     "cold_s": cold_t, "cold_peak_mib": cold_m, "warm_s": warm_t, "warm_peak_mib": warm_m})
    return rows


def monte_carlo_rows(draws=(500, 2000, 8000, 32000)) -> list[dict]:
    rows = []
    for n in draws:
        seconds, peak = measure(lambda: exposure.monte_carlo_peaks(2.0, n_draws=n, interval_h=24.0))
        rows.append({"task": "monte carlo (steady state)", "kind": "model", "size": n, "cold_s": seconds, "cold_peak_mib": peak})
    return rows


def main() -> None:
    results = pd.DataFrame(table_rows() + monte_carlo_rows())
    results.to_csv(HERE / "results.csv", index=False, float_format="%.4g")
    apply_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.6))
    tables = results[results["kind"] == "table"].sort_values("cold_s")
    left.barh(tables["task"], tables["cold_s"] * 1000, color=PALETTE[0], label="first load (validated)")
    left.barh(tables["task"], tables["warm_s"] * 1000, color=PALETTE[1], hatch="//", label="cached")
    left.set_xscale("log")
    left.set_xlabel("time per load, ms (log scale)")
    left.set_title("Validation dominates; cached loads are cheap")
    left.legend(loc="lower right")
    model = results[results["kind"] == "model"]
    right.plot(model["size"], model["cold_s"], marker="o", color=PALETTE[2], label="time, s")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("Monte Carlo draws (log scale)")
    right.set_ylabel("time, s (log scale)")
    twin = right.twinx()
    twin.plot(model["size"], model["cold_peak_mib"], marker="s", linestyle="--", color=PALETTE[3], label="peak memory, MiB")
    twin.set_ylabel("peak traced memory, MiB")
    right.set_title("Monte Carlo cost grows linearly with draws")
    right.legend(loc="upper left")
    twin.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(HERE / "benchmark.png", dpi=120, metadata={"Software": "kratom_course"})
    print(results.to_string(index=False))


if __name__ == "__main__":
    main()
