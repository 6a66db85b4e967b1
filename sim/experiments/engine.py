"""Run an experiment on any executor into a results store: ``run_experiment(experiment, store, executor)``.

The loop keeps a bounded number of runs submitted (so memory does not grow with the number of
runs), writes each result to the store as it arrives, and shows a progress bar with counts and
an ETA. Failure handling:

* a run that raises comes back as a *failed* result with its traceback (see
  :mod:`sim.experiments.worker`); it is recorded and the sweep goes on;
* a run whose worker process dies (the executor reports an error instead of a result) is
  retried once, alone, so that a second death is its own; then it is recorded as failed;
* finished runs are never run again: resuming skips every key already in the store (failed
  ones too, unless ``retry_failed``), and a design that lists the same run twice runs it once.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from sim.experiments.executors import Backend, make_backend, quiet_fork_warning
from sim.experiments.experiment import Experiment
from sim.experiments.store import ResultStore
from sim.experiments.worker import RunResult, RunTask, execute_task
from sim.model.outcomes import OUTCOMES


@dataclass
class SweepReport:
    """What a session did."""

    out: Path
    total: int = 0  # runs in the experiment
    selected: int = 0  # runs in this session's shard (all when not sharded)
    skipped: int = 0  # already finished in the store
    duplicates: int = 0  # the same run listed twice in the design
    ran: int = 0
    ok: int = 0
    failed: int = 0
    retried: int = 0
    seconds: float = 0.0
    shard: tuple[int, int] | None = None
    executor: str = ""
    failed_keys: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The final line of ``cogov sweep``: how many ran, failed and were skipped."""
        where = f" (shard {self.shard[0]}/{self.shard[1]}: {self.selected} of {self.total} runs)" if self.shard else ""
        extra = f", {self.duplicates} duplicate design rows run once" if self.duplicates else ""
        rate = f" in {self.seconds:.1f} s" if self.ran else ""
        return (
            f"ran {self.ran}{rate} ({self.ok} ok, {self.failed} failed), skipped {self.skipped} already "
            f"finished{extra}{where}; results in {self.out}"
        )

    def counts(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("total", "selected", "skipped", "duplicates", "ran", "ok", "failed", "retried")}


def run_experiment(
    experiment: Experiment,
    store: ResultStore | str | Path,
    executor: Backend | Any = None,
    *,
    workers: int | None = None,
    dask_scheduler: str | None = None,
    dask_local: int | None = None,
    shard: tuple[int, int] | None = None,
    progress: bool = True,
    retry_failed: bool = False,
    simulate=None,
    description: str = "runs",
) -> SweepReport:
    """Run every run of ``experiment`` not yet in ``store`` and record each one as it finishes.

    Args:
        experiment: what to run (see :mod:`sim.experiments.experiment`).
        store: a :class:`ResultStore` or a folder for one.
        executor: a :class:`~sim.experiments.executors.Backend`, any
            ``concurrent.futures.Executor``, ``"serial"``, or None for a local process pool of
            ``workers`` processes (all cores by default; serial for one) or Dask when
            ``dask_scheduler``/``dask_local`` is given.
        shard: ``(k, n)`` runs only the k-th of n slices (1-based), serially unless ``executor``
            or ``workers`` says otherwise; the distinct runs are dealt round robin in run order,
            so slices differ in size by at most one run, never overlap and together make the
            whole experiment. The slice's share is printed (stderr) before it starts.
        retry_failed: run again the runs recorded as failed (the new record supersedes the old).
        simulate: the function that runs the model, ``simulate(parameters, seed, steps) ->
            DataFrame``; default :func:`sim.experiments.runs.run_simulation`. It must pickle (a top-level
            function) for process and Dask executors.
    """
    store = store if isinstance(store, ResultStore) else ResultStore(store)
    if shard is not None and executor is None and workers is None:
        executor = "serial"  # a job-array task: no engine at all
    backend = make_backend(executor, workers, dask_scheduler, dask_local)
    report = SweepReport(out=store.directory, total=experiment.run_count, shard=shard, executor=backend.describe())
    store.create_or_check(experiment)
    started = time.perf_counter()
    try:
        store.begin(shard, backend.describe())
        plan = _plan(experiment, store, shard, retry_failed, report)
        if shard is not None:
            print(f"shard {shard[0]}/{shard[1]}: {report.selected} of {report.total} runs ({report.skipped} already "
                  f"finished, {len(plan)} to run) into {store.directory}", file=sys.stderr, flush=True)
        if len(plan):
            _execute(experiment, store, backend, plan, report, progress, simulate, description)
    finally:
        report.seconds = time.perf_counter() - started
        store.end(report.counts())
    return report


def _plan(experiment: Experiment, store: ResultStore, shard, retry_failed: bool, report: SweepReport) -> np.ndarray:
    """Indices of the runs this session must execute (in run order)."""
    finished = store.finished()
    done = {k for k, s in finished.items() if s == "ok" or not retry_failed}
    seen: set[str] = set()
    todo: list[int] = []
    distinct: dict[str, int] = {}  # run key -> rank among distinct runs, in run order
    for index, key in experiment.run_keys():
        rank = distinct.setdefault(key, len(distinct))
        if shard is not None and rank % shard[1] != shard[0] - 1:  # round robin: shard sizes differ by at most one
            continue
        report.selected += 1
        if key in done:
            report.skipped += 1
        elif key in seen:
            report.duplicates += 1
        else:
            seen.add(key)
            todo.append(index)
    return np.asarray(todo, dtype=np.int64)


def _execute(experiment, store, backend, plan, report, progress, simulate, description) -> None:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: local pools fork from this process
    queue = deque(int(i) for i in plan)
    retries: deque[tuple[RunTask, int]] = deque()
    in_flight: dict[Any, tuple[RunTask, int, Any]] = {}  # future -> (task, attempt, executor it went to)
    bar = tqdm(total=len(plan), desc=description, unit="run", disable=not progress, dynamic_ncols=True, smoothing=0.1)
    if len(plan) < 2 and backend.name == "process pool":
        from sim.experiments.executors import SerialBackend

        backend = SerialBackend()
    with quiet_fork_warning():
        executor = backend.start()
        try:
            while queue or retries or in_flight:
                # Submit: a retried run goes alone, so that a second death is its own.
                isolating = any(attempt > 1 for _, attempt, _ in in_flight.values())
                while not retries and not isolating and queue and len(in_flight) < backend.window():
                    task = experiment.task(queue.popleft())
                    executor = _submit(backend, executor, task, 1, in_flight, simulate)
                if retries and not in_flight:
                    task, attempt = retries.popleft()
                    executor = _submit(backend, executor, task, attempt, in_flight, simulate)
                done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
                for future in done:
                    task, attempt, submitted_to = in_flight.pop(future)
                    try:
                        result = future.result()
                    except BaseException as exc:  # the worker died or the executor failed
                        if isinstance(exc, (KeyboardInterrupt, SystemExit)) and backend.name == "serial":
                            raise
                        if attempt < 2:
                            report.retried += 1
                            retries.append((task, attempt + 1))
                            if isinstance(exc, BrokenExecutor) and backend.restartable and submitted_to is executor:
                                executor = backend.restart()  # once per broken pool, not once per lost run
                            continue
                        result = RunResult(task.key, "failed", f"the worker running this run died twice: {type(exc).__name__}: {exc}",
                                           0.0, "", None)
                    _record(experiment, store, task, attempt, result, report)
                    bar.update()
                    if report.failed:
                        bar.set_postfix(failed=report.failed, refresh=False)
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise
        finally:
            bar.close()
            backend.close()


def _submit(backend, executor, task: RunTask, attempt: int, in_flight: dict, simulate):
    try:
        future = executor.submit(execute_task, task, simulate)
    except BrokenExecutor:
        if not backend.restartable:
            raise
        executor = backend.restart()
        future = executor.submit(execute_task, task, simulate)
    in_flight[future] = (task, attempt, executor)
    return executor


def _record(experiment: Experiment, store: ResultStore, task: RunTask, attempt: int, result: RunResult, report: SweepReport) -> None:
    labels = experiment.point_labels(task.point)
    row: dict[str, Any] = {
        "run_key": task.key,
        "point": task.point,
        "replicate": task.replicate,
        "seed": task.seed,
        "steps": task.steps,
        "status": result.status,
        "error": result.error,
        "attempts": attempt,
        "duration_seconds": result.duration_seconds,
        "worker": result.worker,
        "finished_at": datetime.now(UTC),
        **labels,
        **task.parameters,
    }
    series = None
    frame = result.timeseries
    if result.status == "ok" and frame is not None:
        final = frame.iloc[-1]
        for name in OUTCOMES:
            row[name] = float(final[name]) if name in frame.columns else None
        count = len(frame)
        columns: dict[str, Any] = {
            "run_key": [task.key] * count,
            "point": np.full(count, task.point, dtype=np.int64),
            "replicate": np.full(count, task.replicate, dtype=np.int64),
            "seed": np.full(count, task.seed, dtype=np.int64),
        }
        for name, value in labels.items():
            columns[name] = [value] * count
        for name in experiment.varied:
            columns[name] = [task.parameters[name]] * count
        columns["step"] = frame["step"].to_numpy(dtype=np.int64)
        for name in OUTCOMES:
            columns[name] = frame[name].to_numpy(dtype=float) if name in frame.columns else np.full(count, np.nan)
        series = pa.table(columns, schema=store.timeseries_schema)
    store.add(row, series)
    report.ran += 1
    if result.status == "ok":
        report.ok += 1
    else:
        report.failed += 1
        if len(report.failed_keys) < 20:
            report.failed_keys.append(task.key)
