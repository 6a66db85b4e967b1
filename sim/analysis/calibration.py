"""``cogov calibrate``: approximate Bayesian computation (pyabc's ABC-SMC) on the project's executors.

The algorithm is pyabc's (Schälte et al., "pyABC: efficient and robust easy-to-use approximate
Bayesian computation", JOSS 2022): sequential Monte Carlo over populations of parameter sets
with a shrinking distance threshold. Model evaluations go through
:func:`sim.experiments.executors.make_backend` (serial, local process pool or Dask, joined by
address or started locally) wrapped in :class:`sim.analysis.abc_sampler.IndexOrderSampler`, so a
calibration runs wherever a sweep runs, and reproduces: each candidate parameter set draws its
proposal from a seed of (seed, generation, candidate index) and acceptance is decided in index
order, so the same command and seed give the same posterior and run count with any number of
workers.

Resuming: pyabc writes each finished population to its SQLite database (``abc.db``) in the
results folder. Running the same command on the same folder loads that history
(``ABCSMC.load``) and continues with the next population; a population cut off by an
interruption is sampled again from its first candidate, so a resumed calibration ends with the
posterior of an uninterrupted one. The run budget (``max_runs``) counts every evaluation of the
calibration, before and after a resume; ``max_minutes`` stops a session after the population
that passes it (the next session resumes from there).

Outputs in the folder: ``posterior.parquet`` (the last population: one row per parameter set with
``weight`` and ``distance``), ``populations.parquet`` (every population's threshold and size),
``prior.json``, ``manifest.json`` (kind ``calibration``: command, parameters and priors, targets,
held-out facts, seeds, runs, time) and, with posterior-predictive checks, ``ppc.parquet``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import UserInputError

DATABASE = "abc.db"


@dataclass
class CalibrationReport:
    out: Path
    runs: int
    generations: int
    epsilon: float
    seconds: float
    resumed: bool


def make_prior(bounds: dict[str, tuple[float, float]]):
    import pyabc

    return pyabc.Distribution(**{n: pyabc.RV("uniform", low, high - low) for n, (low, high) in bounds.items()})


def run_abc(out: str | Path, simulate: Callable[[dict[str, float]], dict[str, float]],
            bounds: dict[str, tuple[float, float]], observed: dict[str, float],
            distance: Callable[[dict, dict], float], *, population_size: int = 100, generations: int = 10,
            max_runs: int | None = None, max_minutes: float | None = None, minimum_epsilon: float = 0.0, executor=None, workers: int | None = None,
            dask_scheduler: str | None = None, dask_local: int | None = None, seed: int = 0,
            document: dict[str, Any] | None = None, batch_size: int = 1) -> CalibrationReport:
    """Run (or resume) ABC-SMC into ``out`` and write the posterior ensemble there.

    One session at a time: a second ``cogov calibrate`` on the same folder is refused while the
    first holds ``locks/calibrate.lock``. A damaged folder (a manifest or ``abc.db`` that cannot be
    read) is refused with what is damaged and what to do; a full disk is a ``DiskFullError``-style
    OSError (exit 3), finished populations staying in ``abc.db``.

    The posterior and the run count depend on ``seed`` only, not on the executor, the number of
    workers or ``batch_size`` (candidates per submission): see :mod:`sim.analysis.abc_sampler`.
    """
    from sim.experiments.store import Lock

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = Lock(out / "locks" / "calibrate.lock")
    if not lock.acquire():
        raise UserInputError(f"calibrate --out {out}: another cogov process is calibrating into this folder. Wait for it "
                             "to finish (or stop it), then rerun the same command to resume.")
    try:
        with _disk_full_as_os_error(out):
            return _run_abc_locked(out, simulate, bounds, observed, distance, population_size, generations, max_runs,
                                   max_minutes, minimum_epsilon, executor, workers, dask_scheduler, dask_local, seed,
                                   document, batch_size)
    finally:
        lock.release()


@contextlib.contextmanager
def _disk_full_as_os_error(out: Path):
    """SQLite's "database or disk is full" (through SQLAlchemy) as the OSError every writer raises on a full disk."""
    try:
        yield
    except Exception as exc:
        if isinstance(exc, OSError) or "database or disk is full" not in str(exc):
            raise
        raise OSError(errno.ENOSPC, "No space left on device", str(out / DATABASE)) from exc


def _check_resumable(out: Path, database: Path, identity: dict[str, Any]) -> None:
    """A folder to resume must hold a readable manifest of the same calibration and a sound abc.db."""
    from sim.experiments.folders import database_problem
    from sim.experiments.manifest import load_manifest

    _, previous = load_manifest(out, ("calibration",))
    if previous.get("identity") != json.loads(json.dumps(identity)):
        raise UserInputError(
            f"calibrate --out {out}: the folder holds a different calibration (its parameters, priors, targets, "
            "population size or seed differ), so it cannot be resumed. Use the same command as before, or another --out folder."
        )
    problem = database_problem(database)
    if problem:
        raise UserInputError(
            f"calibrate --out {out}: {DATABASE} {problem}, so the calibration cannot be resumed from it. Its finished "
            f"populations are in that file: keep the folder aside for inspection and calibrate into a new --out folder "
            f"(or delete {database} and {out / 'manifest.json'} to start this folder over)."
        )


def _run_abc_locked(out, simulate, bounds, observed, distance, population_size, generations, max_runs, max_minutes,
                    minimum_epsilon, executor, workers, dask_scheduler, dask_local, seed, document,
                    batch_size) -> CalibrationReport:
    import pyabc

    from sim.analysis.abc_sampler import IndexOrderSampler
    from sim.experiments.executors import make_backend, quiet_fork_warning
    from sim.experiments.runs import provenance, write_json

    database = out / DATABASE
    identity = {"parameters": {n: list(b) for n, b in bounds.items()}, "observed": observed,
                "population_size": population_size, "seed": seed, **(document or {}).get("identity", {})}
    manifest_path = out / "manifest.json"
    resumed = database.exists() or database.is_symlink()
    if resumed and not manifest_path.exists():  # the manifest is written before the database, so it was lost since
        raise UserInputError(
            f"calibrate --out {out}: {DATABASE} is there but manifest.json is missing, so what that database calibrated "
            f"is unknown; it may hold finished populations and is left as it is. Restore manifest.json from a copy, or "
            f"calibrate into a new --out folder (or delete {database} to start this folder over)."
        )
    if resumed:
        _check_resumable(out, database, identity)
    logging.getLogger("ABC").setLevel(logging.WARNING)
    backend = make_backend(executor, workers, dask_scheduler, dask_local)
    started = time.perf_counter()
    with quiet_fork_warning():
        pool = backend.start()
        try:
            sampler = IndexOrderSampler(pool, seed, window=backend.window, batch_size=batch_size)
            sampler.sample_factory.record_rejected = False
            abc = pyabc.ABCSMC(simulate, make_prior(bounds), distance, population_size=population_size, sampler=sampler)
            if resumed:
                try:
                    history = abc.load(f"sqlite:///{database}", 1)
                    done = history.max_t + 1
                except Exception as exc:  # SQLAlchemy and pyabc raise many types for a database they cannot use
                    if "database or disk is full" in str(exc):
                        raise
                    raise UserInputError(
                        f"calibrate --out {out}: {DATABASE} cannot be resumed by pyabc ({type(exc).__name__}: "
                        f"{str(exc).splitlines()[0][:160]}). Keep the folder aside and calibrate into a new --out folder."
                    ) from None
            else:
                from sim.experiments.folders import CALIBRATION_FORMAT

                manifest = {"format": CALIBRATION_FORMAT, "kind": "calibration", "command": "calibrate", "status": "running",
                            "identity": identity, **(document or {}), **provenance()}
                manifest["identity"] = identity
                write_json(manifest_path, manifest)
                abc.new(f"sqlite:///{database}", observed)
                done = 0
            remaining = generations - done
            budget = np.inf if max_runs is None else max_runs
            if remaining > 0 and abc.history.total_nr_simulations < budget:
                from datetime import timedelta

                walltime = None if max_minutes is None else timedelta(minutes=max_minutes)
                abc.run(minimum_epsilon=minimum_epsilon, max_nr_populations=remaining, max_total_nr_simulations=budget,
                        max_walltime=walltime)
        finally:
            backend.close()
    seconds = time.perf_counter() - started
    history = pyabc.History(f"sqlite:///{database}", _id=1)
    return write_outputs(out, history, bounds, seconds, resumed)


def write_outputs(out: Path, history, bounds: dict[str, tuple[float, float]], seconds: float, resumed: bool) -> CalibrationReport:
    """posterior.parquet, populations.parquet, prior.json and the manifest's summary."""
    from sim.experiments.runs import write_json, write_table

    t = history.max_t
    frame, weights = history.get_distribution(m=0, t=t)
    distances = history.get_weighted_distances(t=t)
    posterior = frame.reset_index(drop=True)[list(bounds)]
    posterior["weight"] = np.asarray(weights, dtype=float) / np.sum(weights)
    posterior["distance"] = distances["distance"].to_numpy(dtype=float)
    write_table(posterior, out / "posterior", csv=True)
    populations = history.get_all_populations()
    populations = populations[populations["t"] >= 0].reset_index(drop=True)
    write_table(populations, out / "populations", csv=False)
    write_json(out / "prior.json", {n: {"distribution": "uniform", "low": low, "high": high} for n, (low, high) in bounds.items()})
    from sim.experiments.manifest import read_json_object

    manifest = read_json_object(out / "manifest.json")
    spent = manifest.get("seconds", 0.0) + seconds  # sessions that ended in write_outputs (an interrupted one does not)
    epsilon = float(populations["epsilon"].iloc[-1]) if len(populations) else math.nan
    span = None
    if len(populations) and "population_end_time" in populations and manifest.get("created"):
        first = pd.Timestamp(manifest["created"]).tz_localize(None) if pd.Timestamp(manifest["created"]).tzinfo else pd.Timestamp(manifest["created"])
        span = float((pd.Timestamp(populations["population_end_time"].max()) - first).total_seconds())
    normalised = posterior["weight"].to_numpy()
    manifest.update(status="complete", generations=int(t + 1), runs=int(history.total_nr_simulations),
                    epsilon=epsilon, seconds=spent, posterior_size=len(posterior),
                    effective_sample_size=float(1 / np.sum(normalised**2)),
                    wall_seconds_to_last_population=span)
    write_json(out / "manifest.json", manifest)
    return CalibrationReport(out, int(history.total_nr_simulations), int(t + 1), epsilon, span if span is not None else spent, resumed)


# ====================================================================== the model's calibration
def calibrate_model(out: str | Path, *, population_size: int = 100, generations: int = 8, max_runs: int | None = None,
                    max_minutes: float | None = None,
                    workers: int | None = None, dask_scheduler: str | None = None, dask_local: int | None = None,
                    executor=None, seed: int = 0, command: str = "") -> CalibrationReport:
    """ABC-SMC of the behavioural parameters of :data:`~sim.analysis.calibration_targets.CALIBRATED`
    against the calibration patterns, on the status quo of the default community."""
    from sim.analysis import calibration_targets as targets
    from sim.analysis.abc_sampler import SCHEME
    from sim.analysis.validation import FACTS

    from sim.parameters import REGISTRY

    bounds = targets.prior_bounds()
    document = {
        "command_line": command,
        "calibrated": [{"name": n, "low": low, "high": high, "why": REGISTRY[n].prior_basis} for n, (low, high) in bounds.items()],
        "targets": [vars(t) for t in targets.TARGETS],
        "calibration_facts": sorted({t.fact for t in targets.TARGETS}),
        "held_out_facts": [f.key for f in FACTS if f.counts],
        "setting": "status quo of the baseline scenario, default community, 104 weeks, one run per evaluation",
        "seeds": {
            "calibration": f"each evaluation: SeedSequence({targets.CALIBRATION_SEED}, spawn_key=crc32 of its parameter values)",
            "validation": f"replicate_seeds({targets.VALIDATION_SEED}, R) in cogov check-facts (held out from the calibration)",
            "abc_proposals": SCHEME.format(seed=seed),
        },
        "identity": {"model": "cogov status quo", "targets": [vars(t) for t in targets.TARGETS]},
    }
    return run_abc(out, targets.simulate, bounds, targets.observed(), targets.distance, population_size=population_size,
                   generations=generations, max_runs=max_runs, max_minutes=max_minutes, executor=executor, workers=workers,
                   dask_scheduler=dask_scheduler, dask_local=dask_local, seed=seed, document=document)


def posterior_predictive(out: str | Path, draws: int = 8, replicates: int = 4, seed: int | None = None, workers: int | None = None) -> pd.DataFrame:
    """Check every fact (calibration and held-out) on parameter sets drawn from the posterior, with the validation seeds."""
    from sim.analysis.calibration_targets import VALIDATION_SEED, calibration_base
    from sim.analysis.posterior import draw_parameter_sets
    from sim.analysis.validation import check_facts
    from sim.experiments.runs import write_table
    from sim.parameters import Parameters

    out = Path(out)
    rows = []
    for index, values in enumerate(draw_parameter_sets(out / "posterior.parquet", draws, seed if seed is not None else VALIDATION_SEED)):
        parameters = Parameters(**{**calibration_base(), **values})
        results, _ = check_facts(parameters, replicates, VALIDATION_SEED, workers or 1)
        rows += [{"draw": index, "fact": r.fact.key, "label_en": r.fact.label_en, "label_zh": r.fact.label_zh,
                  "kind": r.fact.kind, "role": r.fact.role, "figure": r.figure, "passed": bool(r.passed), **values}
                 for r in results]
    frame = pd.DataFrame(rows)
    write_table(frame, out / "ppc", csv=True)
    return frame
