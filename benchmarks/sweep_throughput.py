"""Sweep throughput: runs per second, serial against a local process pool, and parallel efficiency.

Runs the same 40-run sweep of the default scenario (baseline, 40 x 40, 104 weeks; one point x 40
replicates) through ``run_experiment`` into a fresh results folder each time: serially in this
process (the reference), then on a process pool of 2 workers, and optionally on a Dask
LocalCluster. Times include everything a user waits for: starting the pool, planning, and
writing every run to the store.

Prints runs/second of each, the speed-up over serial, the parallel efficiency (speed-up /
workers; target >= 0.9 on 2 cores), and the cores each actually got (CPU time / wall time: on
a shared machine, far fewer cores than workers means the figure measures the neighbours). With ``--repeats N`` each is run N times,
alternating, and the fastest is kept (the machine is shared: other work only slows runs down).
As a reference, the same runs also go through a bare fork pool with no engine or store: what
two independent processes achieve on this machine's shared caches and memory.

Usage: python benchmarks/sweep_throughput.py [--runs 40] [--workers 2] [--repeats 1] [--dask]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pool workers are joined at the end)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(experiment, executor, **options) -> tuple[float, float]:
    """Wall seconds of one sweep, and the cores it actually got (CPU seconds / wall seconds)."""
    from sim.experiments import run_experiment

    with tempfile.TemporaryDirectory() as folder:
        cpu, started = cpu_seconds(), time.perf_counter()
        report = run_experiment(experiment, Path(folder) / "out", executor, progress=False, **options)
        seconds = time.perf_counter() - started
        cores = (cpu_seconds() - cpu) / seconds
    assert report.ok == experiment.run_count, report.line()
    return seconds, cores


def _bare_run(arguments) -> int:
    from sim.experiments.runs import run_simulation

    parameters, seed, steps = arguments
    return len(run_simulation(parameters, seed, steps))


def timed_bare(experiment, runs: int, steps: int, workers: int) -> tuple[float, float]:
    """The same runs on a plain fork pool with no engine, store or progress: the hardware's own
    parallel efficiency on this machine (shared caches and memory bandwidth), as a reference."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(experiment.base, seed, steps) for seed in range(runs)]
    cpu, started = cpu_seconds(), time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_bare_run, jobs))
    seconds = time.perf_counter() - started
    return seconds, (cpu_seconds() - cpu) / seconds


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
    from sim.experiments.runs import run_simulation

    run_simulation(experiment.base, 0, args.steps)  # warm-up: imports and first-run caches, inherited by forked workers
    best: dict[str, tuple[float, float]] = {}
    variants = [("serial", "serial", {}), (f"process pool x{args.workers}", None, {"workers": args.workers})]
    if args.dask:
        variants.append((f"dask LocalCluster x{args.workers}", None, {"dask_local": args.workers}))
    for _ in range(args.repeats):
        for name, executor, options in variants:
            measured = timed(experiment, executor, **options)
            best[name] = min(best.get(name, (float("inf"), 0.0)), measured)
        bare = timed_bare(experiment, args.runs, args.steps, args.workers)
        best[f"bare fork pool x{args.workers}"] = min(best.get(f"bare fork pool x{args.workers}", (float("inf"), 0.0)), bare)
    serial = best["serial"][0]
    print(f"{'executor':<26}{'seconds':>9}{'runs/s':>9}{'speed-up':>10}{'efficiency':>12}{'cores used':>12}")
    for name, (seconds, cores) in best.items():
        workers = 1 if name == "serial" else args.workers
        speedup = serial / seconds
        print(f"{name:<26}{seconds:>9.2f}{args.runs / seconds:>9.2f}{speedup:>10.2f}{speedup / workers:>12.2f}{cores:>12.2f}")
    print("cores used = CPU seconds / wall seconds; well below the worker count means other work shared the cores")
    efficiency = serial / best[f"process pool x{args.workers}"][0] / args.workers
    verdict = "meets" if efficiency >= 0.9 else "misses"
    print(f"parallel efficiency of the process pool: {efficiency:.2f} ({verdict} the target of 0.9)")
    ceiling = serial / best[f"bare fork pool x{args.workers}"][0] / args.workers
    print(f"reference: a bare fork pool with no engine reaches {ceiling:.2f} on this machine; "
          f"the engine keeps {efficiency / ceiling:.0%} of it")


if __name__ == "__main__":
    main()
