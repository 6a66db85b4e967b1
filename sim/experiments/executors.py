"""Interchangeable executors: where runs execute does not change what they produce.

Every backend hands out a :class:`concurrent.futures.Executor`, so the sweep engine has one
code path for all of them (the shape of Mesa 4's planned ``run_scenarios(executor, store)`` and
of EMA Workbench's evaluators):

* :class:`SerialBackend`: in this process, one run after another (also used by ``--shard``);
* :class:`ProcessPoolBackend`: a local process pool (``--workers N``, default all cores);
* :class:`DaskBackend`: a Dask cluster, joined by address (``--dask-scheduler``) or started on
  this machine (``--dask-local N``, a ``LocalCluster`` of N single-threaded worker processes);
* :class:`ExternalBackend`: any ``concurrent.futures.Executor`` from Python (for example
  ``mpi4py.futures.MPIPoolExecutor`` or ``client.get_executor()``), used as given.

Local pools fork from this process on Linux (the model is already imported, so workers start in
milliseconds) and use ``spawn`` elsewhere. A pool broken by a dead worker is replaced.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from concurrent.futures import Executor, Future


@contextlib.contextmanager
def quiet_fork_warning():
    """Silence Python 3.12's warning about forking a process that has threads.

    numpy's BLAS and pyarrow start native threads at import, so every process that imported them
    "is multi-threaded"; the forked workers only run the model (numpy, no locks held across
    the fork), which is the case the warning does not apply to.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*fork\\(\\) may lead to deadlocks.*", category=DeprecationWarning)
        yield


def available_cores() -> int:
    """Cores this process may use (respects CPU affinity, e.g. a SLURM allocation)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class SerialExecutor(Executor):
    """Runs each submitted call at once, in this process; the future is already done."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        else:
            future.set_result(result)
        return future


class Backend:
    """Owns (or wraps) an executor for the length of a sweep."""

    name = "backend"
    restartable = False

    def __init__(self, workers: int = 1):
        self.workers = workers
        self.executor: Executor | None = None

    def start(self) -> Executor:
        raise NotImplementedError

    def restart(self) -> Executor:
        """Replace a broken executor (only backends that own theirs can)."""
        raise RuntimeError(f"the {self.name} executor broke and cannot be restarted")

    def close(self) -> None:
        self.executor = None

    def window(self) -> int:
        """How many runs to keep submitted at once (bounded, so memory stays flat)."""
        return max(1, 2 * self.workers)

    def describe(self) -> str:
        return f"{self.name} ({self.workers} worker{'s' if self.workers != 1 else ''})"


class SerialBackend(Backend):
    name = "serial"

    def start(self) -> Executor:
        self.executor = SerialExecutor()
        return self.executor

    def window(self) -> int:
        return 1

    def describe(self) -> str:
        return "serial (this process)"


class ProcessPoolBackend(Backend):
    """A local :class:`~concurrent.futures.ProcessPoolExecutor` that is replaced when a worker dies."""

    name = "process pool"
    restartable = True

    def __init__(self, workers: int | None = None, start_method: str | None = None):
        super().__init__(workers or available_cores())
        self.start_method = start_method or ("fork" if sys.platform.startswith("linux") else "spawn")

    def start(self) -> Executor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from sim.experiments.worker import initialise_pool_worker

        if self.start_method == "fork":
            import sim.model  # noqa: F401 - imported once here, inherited by every forked worker
        context = multiprocessing.get_context(self.start_method)
        self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=initialise_pool_worker)
        return self.executor

    def restart(self) -> Executor:
        self.close()
        return self.start()

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None


class DaskBackend(Backend):
    """Dask distributed: join a scheduler by address, or start a LocalCluster of worker processes.

    On a LocalCluster a task whose worker dies is not retried by Dask itself
    (``distributed.scheduler.allowed-failures = 0``): the sweep engine retries it once. A
    cluster joined by address keeps its own setting.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None):
        super().__init__(local_workers or 1)
        if (scheduler is None) == (local_workers is None):
            raise ValueError("give either a scheduler address or a number of local workers")
        self.scheduler = scheduler
        self.local_workers = local_workers
        self.client = None
        self.cluster = None
        self._counted = float("-inf")

    def start(self) -> Executor:
        import logging

        import dask
        from distributed import Client, LocalCluster

        from sim.errors import UserInputError

        if self.local_workers:
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                self.cluster = LocalCluster(
                    n_workers=self.local_workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise UserInputError(
                    f"--dask-scheduler {self.scheduler}: cannot connect to a Dask scheduler there ({exc}). "
                    "Give the address the scheduler printed, such as tcp://10.0.0.5:8786, and check that it is running."
                ) from None
            self.workers = max(1, sum(self.client.nthreads().values()))
        self.executor = self.client.get_executor(pure=False)
        return self.executor

    def window(self) -> int:
        """Twice the worker threads; a joined cluster is asked again every few seconds (it may scale)."""
        import time

        if self.client is not None and not self.local_workers and time.monotonic() - self._counted > 5:
            self.workers = max(1, sum(self.client.nthreads().values()))
            self._counted = time.monotonic()
        return max(4, 2 * self.workers)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = self.executor = None

    def describe(self) -> str:
        where = f"LocalCluster of {self.local_workers} processes" if self.local_workers else self.scheduler
        return f"dask ({where})"


class ExternalBackend(Backend):
    """Any ``concurrent.futures.Executor`` supplied by the caller (never shut down here)."""

    name = "executor"

    def __init__(self, executor: Executor, workers: int | None = None):
        client = getattr(executor, "_client", None)  # Dask's client.get_executor(): count its threads
        if workers is None and client is not None and hasattr(client, "nthreads"):
            workers = sum(client.nthreads().values()) or None
        super().__init__(workers or getattr(executor, "_max_workers", None) or available_cores())
        self.given = executor

    def start(self) -> Executor:
        self.executor = self.given
        return self.executor

    def describe(self) -> str:
        return f"{type(self.given).__name__} (given)"


def make_backend(
    executor: Backend | Executor | str | None = None,
    workers: int | None = None,
    dask_scheduler: str | None = None,
    dask_local: int | None = None,
) -> Backend:
    """Choose a backend: an explicit one, a given executor, Dask, or a local pool (serial for one worker)."""
    if isinstance(executor, Backend):
        return executor
    if isinstance(executor, Executor):
        return ExternalBackend(executor, workers)
    if executor == "serial":
        return SerialBackend()
    if executor not in (None, "processes", "dask"):
        raise ValueError(f"unknown executor {executor!r}; use 'serial', 'processes', 'dask', a Backend or an Executor")
    if dask_scheduler or dask_local:
        return DaskBackend(dask_scheduler, dask_local)
    workers = workers or available_cores()
    return SerialBackend() if workers <= 1 else ProcessPoolBackend(workers)


def execute(specs: list, workers: int | None = None, progress: bool = True, description: str = "runs"):
    """Run specs in memory, yielding ``(index, frame)`` as each finishes (results do not depend on ``workers``).

    A light helper for a few runs kept in memory; sweeps and comparisons that must survive
    interruptions use :func:`sim.experiments.run_experiment`, whose executors this shares
    (serial for one worker, else a local process pool; default all cores).
    """
    from concurrent.futures import as_completed

    from tqdm import tqdm

    from sim.experiments.runs import run_spec

    backend = make_backend(None, max(1, min(workers or available_cores(), len(specs))))
    bar = tqdm(total=len(specs), desc=description, unit="run", delay=2, disable=not progress, leave=False)
    executor = backend.start()
    try:
        with quiet_fork_warning():
            futures = {executor.submit(run_spec, spec): index for index, spec in enumerate(specs)}
        for future in as_completed(futures):
            yield futures[future], future.result()
            bar.update()
    finally:
        bar.close()
        backend.close()
