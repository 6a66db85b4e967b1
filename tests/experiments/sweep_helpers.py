"""Helpers of the experiment-layer tests: simulate functions that fail on purpose (top-level, so
worker processes can load them) and table comparison."""

from __future__ import annotations

import os

from sim.experiments.runs import run_simulation


def fragile(parameters, seed, steps):
    """Raise at empowerment 0.5; run the model everywhere else."""
    if parameters["empowerment"] == 0.5:
        raise ValueError("planned failure at empowerment 0.5")
    return run_simulation(parameters, seed, steps)


def deadly(parameters, seed, steps):
    """Kill the worker process at pooling 1.0 (as a segfault or the OOM killer would)."""
    if parameters["pooling"] == 1.0:
        os._exit(13)
    return run_simulation(parameters, seed, steps)


def comparable(frame, drop=("worker", "duration_seconds", "finished_at", "attempts")):
    """A results table without the columns that describe where and when a run executed."""
    return frame.drop(columns=[c for c in drop if c in frame.columns]).sort_values(
        [c for c in ("run_key", "step") if c in frame.columns]
    ).reset_index(drop=True)
