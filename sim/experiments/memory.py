"""Memory and time estimates, checked before anything is built or run.

A run's memory grows with its households (grid cells x occupancy), its weeks (the problem book
keeps every problem) and, when ``agent_data_interval_steps`` is set, with a record of every
resident at every recorded week. The coefficients below were measured on Python 3.12 / Mesa
3.5.1 with ``tracemalloc`` (``benchmarks``-style probe, see the module's tests): about 1.9 kB per
household at creation, 1-2 bytes per household and week for the problem book, and 67-70 bytes per
household and recorded week of agent data (doubled here, because the records are concatenated
into one table at the end). They are rounded up: the estimate is meant to refuse what cannot fit,
not to predict to the megabyte.

A sweep holds one such run per worker, plus, in the parent, one batch of time series before it
is written as a part. Planning checks every design point (about a millisecond each here) and
keeps every run key: :func:`planning_estimate` says how long and how much before it starts.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import UserInputError
from sim.parameters import REGISTRY

PROCESS_BYTES = 250e6  # Python, numpy, pandas and Mesa imported in a worker process
HOUSEHOLD_BYTES = 5_000  # residents, buildings, grid cells, agents, flows (measured 3.4-3.8 kB)
HOUSEHOLD_WEEK_BYTES = 8  # the problem book, burn-in weeks included (measured 3.8-4.1 B; it grows by doubling)
AGENT_RECORD_BYTES = 140  # one resident at one recorded week (measured 67-70 B, concatenated at the end)
SERIES_ROW_BYTES = 2_000  # one week of every outcome, as a DataFrame row and an Arrow row
PLANNING_POINT_SECONDS = 1.2e-3  # checking one design point against the registry (measured 0.7-1.2 ms)
PLANNING_RUN_SECONDS = 4e-5  # a run key (sha256) and its place in the plan (measured 33 us)
PLANNING_POINT_BYTES = 600  # a point's row, its digest and cached checks
PLANNING_RUN_BYTES = 300  # a run key, in the plan and the set of finished keys
SHARE_USABLE = 0.8  # of the memory available now, what a command may plan to use


def available_memory_bytes() -> float:
    """Memory this process could still use: MemAvailable, or less under a cgroup (container) limit."""
    available = float("inf")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                available = int(line.split()[1]) * 1024
    except (OSError, ValueError):
        try:
            available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text())
        if limit != "max":
            available = min(available, int(limit) - used)
    except (OSError, ValueError):
        pass
    return available


@dataclass(frozen=True)
class RunEstimate:
    """Peak memory of one run, in bytes, with what it comes from."""

    households: int
    steps: int
    agent_interval_steps: int
    model_bytes: float
    agent_data_bytes: float

    @property
    def total(self) -> float:
        return PROCESS_BYTES + self.model_bytes + self.agent_data_bytes

    def describe(self) -> str:
        text = f"{self.households:,} households x {self.steps:,} weeks: about {gigabytes(self.total)}"
        if self.agent_data_bytes:
            text += (f", of which {gigabytes(self.agent_data_bytes)} is agent data recorded every "
                     f"{self.agent_interval_steps} week(s)")
        return text


def run_estimate(parameters: dict[str, Any], steps: int) -> RunEstimate:
    """Peak memory of one run with these (worst-case) parameters."""
    households = max(1, round(parameters["width"] * parameters["height"] * parameters["occupancy"]))
    interval = int(parameters.get("agent_data_interval_steps") or 0)
    weeks_lived = steps + int(parameters.get("burn_in_weeks", REGISTRY["burn_in_weeks"].default))  # the book keeps the burn-in's problems
    model = households * (HOUSEHOLD_BYTES + HOUSEHOLD_WEEK_BYTES * weeks_lived) + SERIES_ROW_BYTES * (steps + 1)
    agent_data = (steps // interval + 1) * households * AGENT_RECORD_BYTES if interval else 0.0
    return RunEstimate(households, steps, interval, model, agent_data)


def worst_case(base: dict[str, Any], variations) -> dict[str, Any]:
    """The base parameters with each varied size at its most memory-hungry value."""
    worst = dict(base)
    for variation in variations:
        values = list(variation.values) if variation.values is not None else list(variation.bounds)
        if variation.name in ("width", "height", "occupancy"):
            worst[variation.name] = max(values)
        elif variation.name == "agent_data_interval_steps":
            positive = [v for v in values if v > 0]
            worst[variation.name] = min(positive) if positive else 0
    return worst


def check_fits(estimate: RunEstimate, concurrent_runs: int, parent_bytes: float, what: str) -> None:
    """Refuse, with the estimate, what would not fit in the memory available now."""
    needed = estimate.total * concurrent_runs + parent_bytes
    available = available_memory_bytes()
    if needed <= SHARE_USABLE * available:
        return
    parallel = f" x {concurrent_runs} runs at once (one per worker)" if concurrent_runs > 1 else ""
    buffer = f", plus {gigabytes(parent_bytes)} for the plan and the results held before writing" if parent_bytes > 1e8 else ""
    raise UserInputError(
        f"{what}: this would need about {gigabytes(needed)} of memory ({estimate.describe()}{parallel}{buffer}), "
        f"but about {gigabytes(available)} is available. Use a smaller grid (width, height), fewer --steps"
        f"{', fewer --workers' if concurrent_runs > 1 else ''} or agent_data_interval_steps = 0 (or a larger interval)."
    )


def check_run(parameters: dict[str, Any], steps: int, what: str = "run") -> None:
    check_fits(run_estimate(parameters, steps), 1, 0.0, what)


def check_sweep(spec, workers: int | None, batch_size: int, what: str = "sweep") -> None:
    """Check a sweep's worst run x the runs held at once, plus the parent's batch, before planning it."""
    from sim.scenarios import load_scenario

    base = load_scenario(spec.scenario, spec.overrides).parameters.model_dump()
    estimate = run_estimate(worst_case(base, spec.variations), spec.steps)
    concurrent = max(1, workers if workers is not None else os.cpu_count() or 1)
    batch = min(batch_size, spec.point_count() * spec.replicates)
    check_fits(estimate, concurrent, batch * SERIES_ROW_BYTES * (spec.steps + 1) + planning_estimate(spec)[1], what)


def planning_estimate(spec) -> tuple[float, float]:
    """(seconds, bytes) to check every design point and plan every run of a sweep."""
    points = spec.point_count()
    runs = points * spec.replicates
    return points * PLANNING_POINT_SECONDS + runs * PLANNING_RUN_SECONDS, points * PLANNING_POINT_BYTES + runs * PLANNING_RUN_BYTES


def planning_notice(spec) -> str | None:
    """A line to print before a long planning, or None when it is quick."""
    seconds, _ = planning_estimate(spec)
    if seconds < 5:
        return None
    return (
        f"planning: checking {spec.point_count():,} design point(s) against the parameter registry and listing "
        f"{spec.point_count() * spec.replicates:,} run keys before the first run; at this machine's usual speed that "
        f"takes about {duration(seconds)} (Ctrl-C stops it; nothing is written until it ends)"
    )


@contextlib.contextmanager
def planning_progress(spec, stream=None, every_seconds: float = 30.0):
    """Print the planning notice, then a line every ``every_seconds`` until planning ends."""
    notice = planning_notice(spec)
    if notice is None:
        yield
        return
    stream = stream or sys.stderr
    print(notice, file=stream, flush=True)
    expected, started, done = planning_estimate(spec)[0], time.monotonic(), threading.Event()

    def beat() -> None:
        while not done.wait(every_seconds):
            print(f"planning: still checking design points ({duration(time.monotonic() - started)} of about "
                  f"{duration(expected)})", file=stream, flush=True)

    thread = threading.Thread(target=beat, name="planning-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def gigabytes(value: float) -> str:
    return f"{value / 1e9:,.1f} GB" if value >= 1e8 else f"{value / 1e6:,.0f} MB"


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
