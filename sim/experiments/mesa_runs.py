"""cogov's experiments through Mesa's own sweep runner: ``Scenario`` + ``RunConfiguration`` + ``run_scenarios``.

Mesa 4.0 replaces ``mesa.batch_run`` with ``mesa.experimental.scenarios.run_scenarios(scenarios,
config, executor=, store=)``: a list of frozen Scenarios (one per run), a ``RunConfiguration``
that builds, runs and reads one model, any ``concurrent.futures`` executor, and a ``Store`` that
records each run as succeeded, failed (with the stage and traceback) or aborted. This module
turns any cogov :class:`~sim.experiments.experiment.Experiment` (a sweep, a sensitivity design, a
comparison of scenarios) into that shape::

    from concurrent.futures import ProcessPoolExecutor
    from sim.experiments import experiment_from_sweep, sweep_from_toml
    from sim.experiments.mesa_runs import run_with_mesa, timeseries

    experiment = experiment_from_sweep(sweep_from_toml("examples/sweep.toml"))
    with ProcessPoolExecutor(2) as pool:
        store = run_with_mesa(experiment, executor=pool)
    frame = timeseries(store)      # point, replicate, seed, step and every outcome, as cogov's own timeseries

Run ``i`` of the experiment is the Scenario with ``scenario_id`` = its design point and
``replication_id`` = its replicate, carrying the point's full, validated parameters and, as its
``rng``, the seed cogov gives that run (replicate ``r`` on the same seed at every point: common
random numbers). A run therefore gives exactly the output of ``cogov sweep`` (tested). What Mesa's
runner does not do, cogov's engine (:func:`sim.experiments.run_experiment`) does: it streams
results to disk, resumes an interrupted sweep and checks every part.

``run_scenarios`` exists from Mesa 4.0 on; under Mesa 3.5 :func:`run_with_mesa` says so, and
:func:`scenarios` still builds Mesa 3.5 Scenarios (which ``CoGovernanceModel(scenario=...)`` accepts).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.errors import UserInputError

try:  # Mesa >= 4.0
    from mesa.experimental.scenarios import RunConfiguration, run_scenarios
except ImportError:  # Mesa 3.5: Scenario only
    RunConfiguration = run_scenarios = None

#: The output table a run hands to Mesa's store.
OUTPUT = "model"


def available() -> bool:
    """Does the installed Mesa provide ``run_scenarios``?"""
    return run_scenarios is not None


def scenarios(experiment) -> list:
    """One Mesa Scenario per run of ``experiment``, in run order (point-major)."""
    from mesa.experimental.scenarios import Scenario

    from sim.model.mesa_api import MESA_MAJOR

    made = []
    for index in range(experiment.run_count):
        point, replicate = experiment.locate(index)
        values = experiment.point_parameters(point)
        seed = experiment.seed(point, replicate)
        if MESA_MAJOR >= 4:
            made.append(Scenario(rng=seed, scenario_id=point, replication_id=replicate, **values))
        else:
            made.append(Scenario(rng=seed, _scenario_id=index, **values))
    return made


if RunConfiguration is not None:

    class CogovRun(RunConfiguration):
        """Build a :class:`~sim.model.CoGovernanceModel` from a Scenario, run ``until`` weeks, return its weekly table."""

        def __init__(self, until: int):
            from sim.model import CoGovernanceModel

            super().__init__(CoGovernanceModel, until=int(until), outcomes=[OUTPUT])

        def run_model(self, model) -> None:
            for _ in range(int(self.until)):  # stepping, so that a model that stops early would be honoured
                model.step()

        def extract_output(self, model) -> dict[str, pd.DataFrame]:
            frame = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
            frame.insert(0, "step", range(len(frame)))
            return {OUTPUT: frame}


def run_with_mesa(experiment, executor=None, store=None, progress: bool = False):
    """Run every run of ``experiment`` through Mesa's ``run_scenarios``; returns Mesa's Store."""
    if not available():
        import mesa

        raise UserInputError(
            f"Mesa {mesa.__version__} has no run_scenarios (it comes with Mesa 4.0: pip install --pre 'mesa[rec]' in an "
            "environment of its own, as scripts/test_mesa_next.sh does). cogov's own engine runs the same experiment: "
            "sim.experiments.run_experiment(experiment, out) or cogov sweep."
        )
    return run_scenarios(scenarios(experiment), CogovRun(experiment.steps), executor=executor, store=store,
                         progress=progress)


def timeseries(store, experiment=None) -> pd.DataFrame:
    """Every succeeded run's weekly table from Mesa's Store: point, replicate, seed, step, outcomes.

    With ``experiment``, its varied parameters and labels become columns too, as in the
    ``timeseries`` view of a cogov results folder.
    """
    from sim.model.mesa_api import run_seed_of_scenario

    frames = []
    for run_id, record in sorted(store.succeeded().items(), key=lambda item: (item[0].scenario_id, item[0].replication_id)):
        frame = store.retrieve_output(run_id)[OUTPUT].copy()
        columns: dict[str, Any] = {"point": run_id.scenario_id, "replicate": run_id.replication_id,
                                   "seed": run_seed_of_scenario(record.scenario)}
        if experiment is not None:
            columns.update(experiment.point_values(run_id.scenario_id))
        for position, (name, value) in enumerate(columns.items()):
            frame.insert(position, name, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def status(store) -> pd.DataFrame:
    """Mesa's record of every run: succeeded, failed (with where and why) or aborted."""
    return store.status()
