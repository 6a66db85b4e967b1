"""Calibration throughput: model runs per second of ``cogov calibrate`` with 1 and 2 workers, and parallel efficiency.

Runs the real calibration (ABC-SMC of the behavioural parameters on the status quo of the
default community, 40 x 40 cells, 104 weeks per run) into a fresh folder with 1 worker (serial,
in this process) and then with a local process pool of 2 workers, each for one population of
``--population`` parameter sets (plus the prior sample pyabc draws first to scale its threshold).
Times include everything a user waits for (starting the pool, pyabc's bookkeeping, its SQLite
database). Prints runs per second, the speed-up, the parallel efficiency (speed-up / workers)
and the cores each actually got (CPU seconds / wall seconds; on a shared machine a figure far
below the number of workers means the neighbours took the rest), and the hours 10,000 runs
would take at each rate.

Usage: python benchmarks/calibration_speed.py [--population 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(workers: int, population: int) -> tuple[int, float, float]:
    """Model runs, wall seconds and cores used by one population of the calibration."""
    from sim.analysis.calibration import calibrate_model

    with tempfile.TemporaryDirectory() as folder:
        cpu, started = cpu_seconds(), time.perf_counter()
        report = calibrate_model(Path(folder) / "calibration", population_size=population, generations=1,
                                 executor="serial" if workers == 1 else None, workers=workers)
        wall = time.perf_counter() - started
        return report.runs, wall, (cpu_seconds() - cpu) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import sim.model  # noqa: F401 - import once before timing

    rates = {}
    for workers in (1, args.workers):
        runs, wall, cores = timed(workers, args.population)
        rates[workers] = runs / wall
        print(f"{workers} worker{'s' if workers > 1 else ''}: {runs} runs in {wall:.1f} s = {rates[workers]:.2f} runs/s "
              f"(cores used {cores:.2f}); 10,000 runs would take {10_000 / rates[workers] / 3600:.1f} h")
    speedup = rates[args.workers] / rates[1]
    print(f"speed-up {speedup:.2f} with {args.workers} workers; parallel efficiency {speedup / args.workers:.2f}")


if __name__ == "__main__":
    main()
