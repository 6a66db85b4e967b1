"""Model speed and memory, against Mesa's own Boltzmann wealth example measured in the same run.

All times are CPU time of this process (``time.process_time``), so a busy neighbour on a shared
machine slows the figures less than wall time would; compare the ratios, not the absolute
figures. The reference is Mesa's Boltzmann wealth example (``mesa.examples``): 10,000 agents on
a 100 x 100 ``OrthogonalMooreGrid``, stepped without data collection.

For each community (40 x 40, the default; 100 x 100; 300 x 300, about a sub-district) it prints:

* **stepping**: household-steps per second over 104 weeks of the settled community (after its
  burn-in), with the shipped data collection;
* **with set-up**: household-steps per second of a whole run as an experiment makes it: set-up
  of the community, its 520-week burn-in and 104 weeks, over all 624 weeks' household-steps;
* their ratios to Boltzmann's agent-steps per second (targets: with set-up >= 20x at 40 x 40,
  >= 50x at 100 x 100 and 300 x 300).

Then the compiled kernels' cost (``sim.model.kernels``): the first run in a fresh process
against an empty on-disk cache (numba compiles), and again with the cache warm; and the peak
resident memory of a 300 x 300 run over 520 weeks in a fresh process (target < 1 GB).

Usage: python benchmarks/model_speed.py [--repeats N] [--sizes 40,100,300] [--skip-memory] [--skip-compile]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS_WITH_SET_UP = {40: 20.0, 100: 50.0, 300: 50.0}
STEPS = 104


def boltzmann_agent_steps_per_second(agents: int = 10_000, side: int = 100, steps: int = 20) -> float:
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

    class NoCollection(BoltzmannWealth):
        def step(self):
            self.agents.shuffle_do("step")

    model = NoCollection(BoltzmannScenario(n=agents, width=side, height=side, rng=1))
    start = time.process_time()
    for _ in range(steps):
        model.step()
    return agents * steps / (time.process_time() - start)


def cogov_run(side: int, seed: int) -> tuple[float, float, int]:
    """(household-steps per second stepping the settled community, the same over a whole run with set-up, households)."""
    from sim.model import CoGovernanceModel

    start = time.process_time()
    model = CoGovernanceModel(rng=seed, width=side, height=side)  # set-up and burn-in
    burned_in = time.process_time()
    for _ in range(STEPS):
        model.step()
    done = time.process_time()
    households, weeks = model.households.count, model.p.burn_in_weeks + STEPS
    return households * STEPS / (done - burned_in), households * weeks / (done - start), households


def fresh_process_seconds(code: str, env: dict[str, str]) -> float:
    """CPU seconds of a fresh interpreter running ``code`` (imports included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compile_cost() -> tuple[float, float]:
    """CPU seconds of a first small run in a fresh process: with an empty kernel cache, then with it warm."""
    code = "from sim.model import CoGovernanceModel\nm = CoGovernanceModel(rng=1, width=20, height=20, burn_in_weeks=4)\nm.step()\n"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        cold = fresh_process_seconds(code, env)
        warm = fresh_process_seconds(code, env)
    return cold, warm


def peak_memory_mb(side: int, steps: int) -> float:
    """Peak RSS of a fresh interpreter that runs the model for ``steps`` weeks after its burn-in (imports included)."""
    code = (
        "import resource\n"
        "from sim.model import CoGovernanceModel\n"
        f"m = CoGovernanceModel(rng=1, width={side}, height={side})\n"
        f"for _ in range({steps}): m.step()\n"
        "m.datacollector.get_model_vars_dataframe()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="40,100,300")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-compile", action="store_true")
    args = parser.parse_args()

    from sim.model import CoGovernanceModel

    CoGovernanceModel(rng=0, width=12, height=12, burn_in_weeks=2).step()  # load the compiled kernels (not measured)
    boltzmann = statistics.median(boltzmann_agent_steps_per_second() for _ in range(args.repeats))
    print("Mesa Boltzmann wealth, 10,000 agents, 100x100, no data collection")
    print(f"  agent-steps per second (CPU):                   {boltzmann:>12,.0f}")
    for side in (int(s) for s in args.sizes.split(",")):
        runs = [cogov_run(side, seed) for seed in range(1, 1 + (args.repeats if side < 300 else 1))]
        stepping, whole = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        target = TARGETS_WITH_SET_UP.get(side)
        print(f"co-governance model {side}x{side} ({runs[0][2]:,} households), with data collection")
        print(f"  stepping the settled community:  {stepping:>12,.0f} household-steps/s = {stepping / boltzmann:5.1f}x Boltzmann")
        print(f"  whole run with set-up and burn-in: {whole:>10,.0f} household-steps/s = {whole / boltzmann:5.1f}x Boltzmann"
              + (f"   (target >= {target:.0f}x)" if target else ""))
    if not args.skip_compile:
        cold, warm = compile_cost()
        print(f"compiled kernels: a first small run in a fresh process takes {cold:.1f} s CPU with an empty cache "
              f"(numba compiles), {warm:.1f} s with the cache warm")
    if not args.skip_memory:
        print(f"peak memory, 300x300, 520-week burn-in and 104 weeks (fresh process): {peak_memory_mb(300, STEPS):.0f} MB   "
              "(target < 1,000 MB)")


if __name__ == "__main__":
    main()
