"""Shared pieces of the reliability tests: a tiny sweep and how to compare results with a reference."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))  # sweep_helpers

#: A sweep small enough to run in about a second: 8 runs of 4 weeks on a 10 x 10 grid.
TINY_SWEEP = ("sweep", "baseline", "--vary", "empowerment=0,0.25,0.5,1", "--replicates", "2", "--steps", "4",
              "--set", "width=10", "--set", "height=10", "--seed", "3", "--workers", "1", "--quiet")
TINY_RUNS = 8


def same_as_reference(out: Path, reference) -> bool:
    from sweep_helpers import comparable

    from sim.experiments import load_results

    results = load_results(out)
    runs, series = comparable(results.runs), comparable(results.timeseries)
    return runs.equals(reference[0]) and series.equals(reference[1])
