"""What a worker does with one run: simulate it and report back, never raise.

This module is imported in worker processes (local pool, Dask workers, job-array tasks), so it
imports only what a run needs. A run that raises comes back as a failed result carrying its
traceback, so one bad parameter combination never stops a sweep.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class RunTask:
    """One run to execute: its key, where it sits in the design, and what determines it."""

    key: str
    point: int
    replicate: int
    seed: int
    steps: int
    parameters: dict[str, Any]


@dataclass
class RunResult:
    """What came back from one run."""

    key: str
    status: str  # "ok" or "failed"
    error: str | None
    duration_seconds: float
    worker: str
    timeseries: pd.DataFrame | None


Simulate = Callable[[dict[str, Any], int, int], pd.DataFrame]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def execute_task(task: RunTask, simulate: Simulate | None = None) -> RunResult:
    """Run one task with ``simulate(parameters, seed, steps)`` (default :func:`sim.experiments.runs.run_simulation`)."""
    if simulate is None:
        from sim.experiments.runs import run_simulation as simulate
    started = time.perf_counter()
    frame, error = None, None
    try:
        frame = simulate(task.parameters, task.seed, task.steps)
        if "step" not in frame.columns or len(frame) != task.steps + 1:
            raise ValueError(f"the run returned {len(frame)} rows; expected {task.steps + 1} (steps 0 to {task.steps})")
    except Exception:  # every failure of one run is recorded; the sweep goes on
        frame, error = None, traceback.format_exc()
    return RunResult(
        key=task.key,
        status="ok" if error is None else "failed",
        error=error,
        duration_seconds=time.perf_counter() - started,
        worker=worker_name(),
        timeseries=frame,
    )


def initialise_pool_worker() -> None:
    """Set up a local pool worker: die with the parent, leave Ctrl-C to the parent.

    A worker whose parent was killed (SIGKILL) would otherwise wait forever for work; on Linux
    ``prctl(PR_SET_PDEATHSIG)`` makes the kernel end it too.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):  # not Linux: workers end when their pipe closes
        pass
