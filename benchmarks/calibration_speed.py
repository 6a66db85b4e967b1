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


def fixed_workload(workers: int, count: int) -> tuple[float, float]:
    """Wall seconds and cores used to evaluate the same ``count`` prior draws with ``workers`` workers."""
    import numpy as np

    from sim.analysis.calibration_targets import prior_bounds, simulate
    from sim.experiments.executors import make_backend, quiet_fork_warning

    rng = np.random.default_rng(20261130)
    sets = [{n: float(rng.uniform(low, high)) for n, (low, high) in prior_bounds().items()} for _ in range(count)]
    backend = make_backend("serial" if workers == 1 else None, workers, None, None)
    cpu, started = cpu_seconds(), time.perf_counter()
    with quiet_fork_warning():
        pool = backend.start()
        try:
            for future in [pool.submit(simulate, values) for values in sets]:
                future.result()
        finally:
            backend.close()
    wall = time.perf_counter() - started
    return wall, (cpu_seconds() - cpu) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fixed", type=int, default=40, help="parameter sets in the fixed workload (default 40)")
    args = parser.parse_args()
    import sim.model  # noqa: F401 - import once before timing

    rates = {}
    for workers in (1, args.workers):
        runs, wall, cores = timed(workers, args.population)
        rates[workers] = runs / wall
        print(f"{workers} worker{'s' if workers > 1 else ''}: {runs} runs in {wall:.1f} s = {rates[workers]:.2f} runs/s "
              f"(cores used {cores:.2f}); 10,000 runs would take {10_000 / rates[workers] / 3600:.1f} h")
    speedup = rates[args.workers] / rates[1]
    print(f"speed-up {speedup:.2f} with {args.workers} workers; parallel efficiency {speedup / args.workers:.2f} "
          "(the two sessions ran different proposals)")
    walls = {}
    for workers in (1, args.workers):
        walls[workers], cores = fixed_workload(workers, args.fixed)
        print(f"fixed workload, {workers} worker{'s' if workers > 1 else ''}: {args.fixed} runs in {walls[workers]:.1f} s = "
              f"{args.fixed / walls[workers]:.2f} runs/s (cores used {cores:.2f})")
    fixed = walls[1] / walls[args.workers]
    print(f"fixed workload: speed-up {fixed:.2f} with {args.workers} workers; parallel efficiency {fixed / args.workers:.2f}")


if __name__ == "__main__":
    main()
