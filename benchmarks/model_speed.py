"""Model speed and memory, against Mesa's own Boltzmann wealth example measured in the same run.

Prints:
* household-steps per second of the co-governance model at 100 x 100 for 104 steps after its
  burn-in, on the settled community (with its shipped data collection), and of its burn-in weeks;
  the set-up of the community itself (the grid and agents, without the burn-in);
* agent-steps per second of Mesa's Boltzmann wealth example (``mesa.examples``) at 10,000
  agents on 100 x 100 without data collection;
* their ratio (target >= 5);
* run time of the default scenario, 40 x 40 for 104 steps from its burned-in community (target <= 1 s;
  median of repeats), and the time of its 520-week burn-in, which an experiment runs once per seed
  (:func:`sim.experiments.runs.start_model`);
* peak resident memory of a 100 x 100 run for 520 steps, in a fresh process (target <= 400 MB).

Usage: python benchmarks/model_speed.py [--repeats N] [--skip-memory]
Machines are shared and noisy: compare the ratio, not the absolute figures.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time


def boltzmann_agent_steps_per_second(agents: int = 10_000, side: int = 100, steps: int = 20) -> float:
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

    class NoCollection(BoltzmannWealth):
        def step(self):
            self.agents.shuffle_do("step")

    model = NoCollection(BoltzmannScenario(n=agents, width=side, height=side, rng=1))
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
    return agents * steps / (time.perf_counter() - start)


def cogov_run(side: int, steps: int, seed: int = 1) -> tuple[float, float, float, int]:
    """(set-up seconds, burn-in seconds, stepping seconds, households) of one run with data collection."""
    from sim.model import CoGovernanceModel

    start = time.perf_counter()
    CoGovernanceModel(rng=seed, width=side, height=side, burn_in_weeks=0)
    built = time.perf_counter()
    model = CoGovernanceModel(rng=seed, width=side, height=side)
    burned_in = time.perf_counter()
    for _ in range(steps):
        model.step()
    done = time.perf_counter()
    setup = built - start
    return setup, burned_in - built - setup, done - burned_in, model.households.count


def peak_memory_mb(side: int, steps: int) -> float:
    """Peak RSS of a fresh interpreter that runs the model (includes imports)."""
    code = (
        "from sim.model import CoGovernanceModel\n"
        f"m = CoGovernanceModel(rng=1, width={side}, height={side})\n"
        f"for _ in range({steps}): m.step()\n"
        "m.datacollector.get_model_vars_dataframe()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()

    import sim.model  # noqa: F401  (import time is not part of the measurement)

    cogov_rates, burn_in_rates, setups, boltzmann_rates = [], [], [], []
    for _ in range(args.repeats):
        setup, burn_in, stepping, households = cogov_run(100, 104)
        cogov_rates.append(households * 104 / stepping)
        burn_in_rates.append(households * 520 / burn_in)
        setups.append(setup)
        boltzmann_rates.append(boltzmann_agent_steps_per_second())
    cogov, burning, boltzmann = (statistics.median(r) for r in (cogov_rates, burn_in_rates, boltzmann_rates))
    print(f"co-governance model, 100x100 ({households} households), 104 steps after a 520-week burn-in, with data collection")
    print(f"  household-steps per second (settled community): {cogov:>12,.0f}")
    print(f"  household-steps per second (burn-in weeks):     {burning:>12,.0f}")
    print(f"  set-up of the community (grid and agents):      {statistics.median(setups):>12.3f} s")
    print(f"Mesa Boltzmann wealth, 10,000 agents, 100x100, no data collection")
    print(f"  agent-steps per second:                         {boltzmann:>12,.0f}")
    print(f"ratio (settled stepping / burn-in):               {cogov / boltzmann:>8.1f} / {burning / boltzmann:.1f}   (target >= 5)")

    default_times, burn_in_times = [], []
    for seed in range(max(3, args.repeats)):
        setup, burn_in, stepping, _ = cogov_run(40, 104, seed)
        default_times.append(stepping)
        burn_in_times.append(setup + burn_in)
    print(f"default scenario 40x40, 104 steps from the burned-in community: median {statistics.median(default_times):.3f} s "
          f"(min {min(default_times):.3f}, max {max(default_times):.3f})   (target <= 1 s)")
    print(f"default scenario 40x40, set-up and 520-week burn-in (once per seed): median {statistics.median(burn_in_times):.3f} s")

    if not args.skip_memory:
        print(f"peak memory, 100x100, 520 steps (fresh process): {peak_memory_mb(100, 520):.0f} MB   (target <= 400 MB)")


if __name__ == "__main__":
    main()
