"""Does every parameter act? Paired replicates at each parameter's bounds, in its declared context.

Each registry entry declares what it acts on (:class:`sim.parameters.ActsOn`): outcomes and a
context (a shipped scenario plus overrides, run on a small community). For every parameter this
module runs paired replicates (the same seeds) at its lower and upper test value (the bounds of
its range, its declared test pair, ``False``/``True``, or each choice against the default) and
calls the parameter *live* when at least one declared outcome moves beyond noise:

    |mean paired difference| > max(K_SE x standard error of the paired differences, floor)

where an outcome's value in one run is its mean over the second half of the run (NaN weeks
ignored) and the floor depends on the outcome's kind (:data:`FLOORS`). Seeds are fixed, so the
verdict is reproducible. ``python -m sim.experiments.liveness [NAME ...]`` prints the table.
"""

from __future__ import annotations

import argparse
import functools
import math
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY, ParameterSpec
from sim.scenarios import build_parameters, load_scenario

#: How many standard errors of the paired differences a move must exceed.
K_SE = 3.0
#: Smallest move that counts, by outcome kind (rates and levels are 0-1 scales).
FLOORS = {"rate": 0.005, "level": 0.005, "count": 1.0, "weeks": 0.25, "money": 0.01, "other": 0.01}
#: Paired replicates per comparison.
REPLICATES = 8
#: Master seed of the replicate seeds (fixed, so the verdict is reproducible).
MASTER_SEED = 8


@dataclass(frozen=True)
class Comparison:
    """One pair of settings of one parameter, each a full parameter dictionary."""

    name: str
    low: Any
    high: Any
    lower: dict[str, Any]
    upper: dict[str, Any]
    weeks: int
    outcomes: tuple[str, ...] = ()  # the declared outcomes

    @property
    def label(self) -> str:
        return f"{self.name} {self.low} -> {self.high}"


@dataclass(frozen=True)
class Finding:
    """The measured move of one outcome in one comparison."""

    comparison: Comparison
    outcome: str
    difference: float  # mean paired difference, upper minus lower
    standard_error: float
    pairs: int

    @property
    def threshold(self) -> float:
        se = self.standard_error if math.isfinite(self.standard_error) else 0.0
        return max(K_SE * se, FLOORS.get(OUTCOMES[self.outcome].kind, 0.01))

    @property
    def moves(self) -> bool:
        return self.pairs >= 2 and math.isfinite(self.difference) and abs(self.difference) > self.threshold

    def line(self) -> str:
        return (
            f"{self.comparison.label}: {self.outcome} moved {self.difference:+.4g} "
            f"(SE {self.standard_error:.3g}, threshold {self.threshold:.3g}, {self.pairs} pairs)"
        )


def bound_pairs(spec: ParameterSpec) -> list[tuple[Any, Any]]:
    """The (lower, upper) values a parameter is checked at."""
    declared = spec.acts_on
    if declared is not None and declared.test_values is not None:
        return [tuple(declared.test_values)]
    if spec.kind == "bool":
        return [(False, True)]
    if spec.kind == "choice":
        return [(spec.default, choice) for choice in spec.choices if choice != spec.default]
    return [(spec.minimum, spec.maximum)]


def comparisons(spec: ParameterSpec) -> list[Comparison]:
    """The comparisons that test one parameter in its declared context (validated settings)."""
    declared = spec.acts_on
    if declared is None or declared.output:
        return []
    context = _context(declared.context, tuple(sorted(declared.settings().items())))
    found = []
    for low, high in bound_pairs(spec):
        settings = []
        for value in (low, high):
            values = {**context, spec.name: spec.coerce(value)}
            if declared.balance:
                values[declared.balance] = round(context[declared.balance] + context[spec.name] - value, 12)
            build_parameters(values, origin=f"liveness declaration of {spec.name}")
            settings.append(values)
        found.append(Comparison(spec.name, low, high, settings[0], settings[1], declared.weeks, declared.outcomes))
    return found


@functools.lru_cache(maxsize=None)
def _context_parameters(scenario: str, overrides: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return load_scenario(scenario, dict(overrides)).parameters.model_dump()


def _context(scenario: str, overrides: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """A context's full parameter values (a fresh copy of a cached load)."""
    return dict(_context_parameters(scenario, overrides))


def summary_value(series) -> float:
    """An outcome's value in one run: its mean over the second half of the run, NaN weeks ignored."""
    values = np.asarray(series, dtype=float)
    tail = values[len(values) // 2 :]
    tail = tail[np.isfinite(tail)]
    return float(tail.mean()) if len(tail) else float("nan")


def measure(
    specs: list[ParameterSpec],
    replicates: int = REPLICATES,
    workers: int | None = None,
    outcomes: dict[str, tuple[str, ...]] | None = None,
    progress: bool = False,
) -> list[Finding]:
    """Run every comparison of ``specs`` with paired seeds; one finding per comparison and outcome.

    ``outcomes`` maps a parameter name to the outcomes to measure (default: its declared ones).
    """
    from sim.experiments.executors import execute
    from sim.experiments.runs import RunSpec, replicate_seeds

    seeds = replicate_seeds(MASTER_SEED, replicates)
    plan = [c for spec in specs for c in comparisons(spec)]
    runs = [
        RunSpec(parameters=settings, seed=seed, steps=c.weeks)
        for c in plan
        for settings in (c.lower, c.upper)
        for seed in seeds
    ]
    values = np.full((len(runs), len(OUTCOMES)), np.nan)
    columns = {name: j for j, name in enumerate(OUTCOMES)}
    for index, frame in execute(runs, workers=workers, progress=progress, description="liveness runs"):
        values[index] = [summary_value(frame[name]) for name in OUTCOMES]
    findings = []
    for index, comparison in enumerate(plan):
        base = 2 * replicates * index
        for outcome in (outcomes or {}).get(comparison.name) or comparison.outcomes:
            lower = values[base : base + replicates, columns[outcome]]
            upper = values[base + replicates : base + 2 * replicates, columns[outcome]]
            paired = (upper - lower)[np.isfinite(upper - lower)]
            se = float(paired.std(ddof=1) / math.sqrt(len(paired))) if len(paired) >= 2 else float("nan")
            difference = float(paired.mean()) if len(paired) else float("nan")
            findings.append(Finding(comparison, outcome, difference, se, len(paired)))
    return findings


def inert(findings: list[Finding]) -> list[list[Finding]]:
    """Comparisons in which no declared outcome moved, each with its findings."""
    by_comparison: dict[str, list[Finding]] = {}
    for finding in findings:
        by_comparison.setdefault(finding.comparison.label, []).append(finding)
    return [group for group in by_comparison.values() if not any(f.moves for f in group)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.experiments.liveness", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="parameters to check (default: all declared)")
    parser.add_argument("--replicates", type=int, default=REPLICATES)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--all-outcomes", action="store_true", help="measure every outcome, not only the declared ones")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in REGISTRY]
    if unknown:
        parser.error(f"unknown parameter(s): {', '.join(unknown)}")
    specs = [REGISTRY[n] for n in (args.names or REGISTRY) if REGISTRY[n].acts_on is not None]
    chosen = {s.name: tuple(OUTCOMES) for s in specs} if args.all_outcomes else None
    findings = measure(specs, args.replicates, args.workers, chosen, progress=True)
    for finding in findings:
        if finding.moves or not args.all_outcomes:
            print(("LIVE  " if finding.moves else "inert ") + finding.line())
    dead = inert(findings)
    print(f"\n{len(dead)} inert comparison(s): " + ", ".join(group[0].comparison.label for group in dead))
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
