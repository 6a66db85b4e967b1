"""Experiments at scale: parameter sweeps, sensitivity analysis, crash-safe results, any executor.

The layer has the shape of Mesa 4's planned ``run_scenarios(executor, store)`` and of EMA
Workbench (Kwakkel, "The Exploratory Modeling Workbench", Environmental Modelling & Software
2017): one way to describe runs, interchangeable executors, one results store.

* describe: :class:`~sim.experiments.spec.SweepSpec` (``cogov sweep``) or a list of scenarios
  (``cogov compare``) becomes an :class:`~sim.experiments.experiment.Experiment`: points x
  replicates, with common random numbers;
* execute: :func:`run_experiment` on a serial, process-pool, Dask or any
  ``concurrent.futures`` executor, or one shard of a job array;
* store: :class:`~sim.experiments.store.ResultStore` streams runs to Parquet with a manifest,
  resumes where it stopped, and :func:`load_results` / :func:`query` read it back.

Python example::

    from sim.experiments import sweep_from_arguments, experiment_from_sweep, run_experiment, load_results

    spec = sweep_from_arguments("baseline", ["empowerment=0:1:5"], replicates=4, steps=52)
    report = run_experiment(experiment_from_sweep(spec), "results/empowerment", workers=2)
    runs = load_results("results/empowerment").runs

Names are imported lazily, so ``import sim.experiments`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "SweepSpec": "sim.experiments.spec",
    "Variation": "sim.experiments.spec",
    "sweep_from_arguments": "sim.experiments.spec",
    "sweep_from_toml": "sim.experiments.spec",
    "sweep_from_document": "sim.experiments.spec",
    "Experiment": "sim.experiments.experiment",
    "experiment_from_sweep": "sim.experiments.experiment",
    "experiment_from_scenarios": "sim.experiments.experiment",
    "run_experiment": "sim.experiments.engine",
    "SweepReport": "sim.experiments.engine",
    "ResultStore": "sim.experiments.store",
    "load_results": "sim.experiments.results",
    "query": "sim.experiments.results",
    "connect": "sim.experiments.results",
    "Results": "sim.experiments.results",
    "SerialBackend": "sim.experiments.executors",
    "ProcessPoolBackend": "sim.experiments.executors",
    "DaskBackend": "sim.experiments.executors",
    "ExternalBackend": "sim.experiments.executors",
    "analyse_sensitivity": "sim.experiments.sensitivity",
    "run_sensitivity": "sim.experiments.sensitivity",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim.experiments' has no attribute {name!r}")
