"""Peak memory of a sweep as the number of runs grows: 100 runs against 1,000 runs.

Each sweep (baseline scenario, 40 x 40, 10 weeks; empowerment at 10 grid points x 10 or 100
replicates) runs in a fresh Python process, serially, so that process's peak resident set size
(``ru_maxrss``) is the whole sweep's: planning, running, journaling and writing Parquet parts.
With ``--workers N`` the sweep runs on a process pool instead and the coordinating process and
the largest worker are reported separately.

Target: the 1,000-run peak within 20% of the 100-run peak (memory flat in the number of runs).

Usage: python benchmarks/sweep_memory.py [--runs 100 1000] [--steps 10] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

CHILD = """
import json, resource, sys, time
from sim.experiments import experiment_from_sweep, run_experiment, sweep_from_arguments
replicates, steps, workers, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
spec = sweep_from_arguments("baseline", ["empowerment=0:0.9:10"], replicates=replicates, steps=steps)
started = time.perf_counter()
report = run_experiment(experiment_from_sweep(spec), out, "serial" if workers == 1 else None, workers=workers, progress=False)
seconds = time.perf_counter() - started
assert report.ok == report.total, report.line()
print(json.dumps({
    "runs": report.total, "seconds": seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def measure(runs: int, steps: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        completed = subprocess.run(
            [sys.executable, "-c", CHILD, str(runs // 10), str(steps), str(workers), f"{folder}/out"],
            capture_output=True, text=True, check=True,
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    print(f"baseline 40 x 40, {args.steps} weeks per run; {'serial' if args.workers == 1 else f'{args.workers} workers'}")
    results = [measure(runs, args.steps, args.workers) for runs in args.runs]
    print(f"{'runs':>6}{'seconds':>9}{'peak MB':>10}" + (f"{'worker peak MB':>16}" if args.workers > 1 else ""))
    for r in results:
        line = f"{r['runs']:>6}{r['seconds']:>9.1f}{r['peak_mb']:>10.1f}"
        print(line + (f"{r['worker_peak_mb']:>16.1f}" if args.workers > 1 else ""))
    ratio = results[-1]["peak_mb"] / results[0]["peak_mb"]
    verdict = "meets" if abs(ratio - 1) <= 0.2 else "misses"
    print(f"peak memory, {results[-1]['runs']} runs / {results[0]['runs']} runs: {ratio:.3f} ({verdict} the target of 1 +/- 0.2)")


if __name__ == "__main__":
    main()
