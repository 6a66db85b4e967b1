"""Start-up time of the command line: ``cogov --help`` against the target of 0.5 s.

Prints the median wall-clock and CPU time (user + system) of ``python -m sim.interfaces.cli --help``
in fresh processes, and of ``python -c "import numpy"`` measured in the same run as a reference
for this machine's speed. ``--all`` adds ``cogov COMMAND --help`` for every sub-command.
``tests/test_startup.py`` checks the cause structurally: no heavy library is imported for help.

Usage: python benchmarks/startup.py [--repeats N] [--all]
Machines are shared and noisy: the CPU time is steadier than the wall-clock time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 0.5


def timed(arguments: list[str], repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``python ARGUMENTS`` over ``repeats`` fresh processes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, *arguments], check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def sub_commands() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from sim.interfaces.cli import build_parser

    parser = build_parser()
    return list(next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeats", type=int, default=5, help="fresh processes per measurement (default 5)")
    options.add_argument("--all", action="store_true", help="also time the help of every sub-command")
    args = options.parse_args()

    rows = [("python -c 'import numpy' (reference)", ["-c", "import numpy"]),
            ("cogov --help", ["-m", "sim.interfaces.cli", "--help"])]
    if args.all:
        rows += [(f"cogov {name} --help", ["-m", "sim.interfaces.cli", name, "--help"]) for name in sub_commands()]
    print(f"median of {args.repeats} fresh processes; target for cogov help: < {TARGET_S} s wall")
    print(f"{'':<40} {'wall s':>8} {'CPU s':>8}")
    worst = 0.0
    for label, arguments in rows:
        wall, cpu = timed(arguments, args.repeats)
        if label.startswith("cogov"):
            worst = max(worst, wall)
        print(f"{label:<40} {wall:>8.3f} {cpu:>8.3f}" + ("" if not label.startswith("cogov") or wall < TARGET_S else "   over target"))
    print(f"slowest help: {worst:.3f} s ({'within' if worst < TARGET_S else 'over'} the target of {TARGET_S} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
