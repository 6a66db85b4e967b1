"""Sweep throughput: runs per second, serial against a local process pool, and parallel efficiency.

Runs the same 40-run sweep of the default scenario (baseline, 40 x 40, 104 weeks; one point x 40
replicates) through ``run_experiment`` into a fresh results folder each time: serially in this
process (the reference), then on a process pool of 2 workers, and optionally on a Dask
LocalCluster. Times include everything a user waits for: starting the pool, planning, and
writing every run to the store.

Prints runs/second of each, the speed-up over serial, and the parallel efficiency
(speed-up / workers; target >= 0.9 on 2 cores). With ``--repeats N`` each is run N times,
alternating, and the fastest is kept (the machine is shared: other work only slows runs down).

Usage: python benchmarks/sweep_throughput.py [--runs 40] [--workers 2] [--repeats 1] [--dask]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def timed(experiment, executor, **options) -> float:
    from sim.experiments import run_experiment

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        report = run_experiment(experiment, Path(folder) / "out", executor, progress=False, **options)
        seconds = time.perf_counter() - started
    assert report.ok == experiment.run_count, report.line()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--steps", type=int, default=104)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--dask", action="store_true", help="also time a Dask LocalCluster of --workers processes")
    args = parser.parse_args()

    from sim.experiments import experiment_from_sweep, sweep_from_arguments
    from sim.experiments.executors import available_cores

    experiment = experiment_from_sweep(sweep_from_arguments("baseline", [], replicates=args.runs, steps=args.steps))
    print(f"{args.runs} runs of the baseline scenario (40 x 40, {args.steps} weeks); {available_cores()} cores available")
    from sim.runner import run_simulation

    run_simulation(experiment.base, 0, args.steps)  # warm-up: imports and first-run caches, inherited by forked workers
    best: dict[str, float] = {}
    variants = [("serial", "serial", {}), (f"process pool x{args.workers}", None, {"workers": args.workers})]
    if args.dask:
        variants.append((f"dask LocalCluster x{args.workers}", None, {"dask_local": args.workers}))
    for _ in range(args.repeats):
        for name, executor, options in variants:
            seconds = timed(experiment, executor, **options)
            best[name] = min(best.get(name, float("inf")), seconds)
    serial = best["serial"]
    print(f"{'executor':<26}{'seconds':>9}{'runs/s':>9}{'speed-up':>10}{'efficiency':>12}")
    for name, seconds in best.items():
        workers = 1 if name == "serial" else args.workers
        speedup = serial / seconds
        print(f"{name:<26}{seconds:>9.2f}{args.runs / seconds:>9.2f}{speedup:>10.2f}{speedup / workers:>12.2f}")
    efficiency = serial / best[f"process pool x{args.workers}"] / args.workers
    verdict = "meets" if efficiency >= 0.9 else "misses"
    print(f"parallel efficiency of the process pool: {efficiency:.2f} ({verdict} the target of 0.9)")


if __name__ == "__main__":
    main()
