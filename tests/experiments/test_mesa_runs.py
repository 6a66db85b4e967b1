"""A cogov experiment through Mesa's own sweep runner gives exactly the runs of cogov's engine."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest

from sim.experiments import experiment_from_sweep, load_results, run_experiment, sweep_from_arguments
from sim.experiments import mesa_runs
from sim.experiments.runs import run_simulation
from sim.model import CoGovernanceModel
from sim.model.outcomes import OUTCOMES

pytestmark = pytest.mark.mesa

TINY = {"width": 10, "height": 10, "zone_size_cells": 10}
STEPS = 4


@pytest.fixture(scope="module")
def experiment():
    spec = sweep_from_arguments("baseline", ["empowerment=0,1"], overrides=TINY, replicates=2, steps=STEPS, seed=11)
    return experiment_from_sweep(spec)


def test_one_scenario_per_run_carrying_its_parameters_and_seed(experiment):
    made = mesa_runs.scenarios(experiment)
    assert len(made) == experiment.run_count == 4
    for index, scenario in enumerate(made):
        point, replicate = experiment.locate(index)
        model = CoGovernanceModel(scenario=scenario)
        assert model.p.empowerment == experiment.point_values(point)["empowerment"]
        for _ in range(STEPS):
            model.step()
        expected = run_simulation(experiment.point_parameters(point), experiment.seed(point, replicate), STEPS)
        got = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected.drop(columns="step"))


@pytest.mark.skipif(mesa_runs.available(), reason="this Mesa has run_scenarios")
def test_without_run_scenarios_the_message_says_which_mesa_has_it(experiment):
    from sim.errors import UserInputError

    with pytest.raises(UserInputError, match="Mesa 4.0.*scripts/test_mesa_next.sh"):
        mesa_runs.run_with_mesa(experiment)


@pytest.mark.skipif(not mesa_runs.available(), reason="this Mesa has no run_scenarios (Mesa 4.0 development brings it; scripts/test_mesa_next.sh)")
def test_run_scenarios_on_a_process_pool_gives_cogovs_runs(experiment, tmp_path):
    with ProcessPoolExecutor(2) as pool:
        store = mesa_runs.run_with_mesa(experiment, executor=pool)
    status = mesa_runs.status(store)
    assert len(status) == experiment.run_count and len(store.succeeded()) == experiment.run_count, status
    through_mesa = mesa_runs.timeseries(store, experiment)

    run_experiment(experiment, tmp_path / "engine", workers=1, progress=False)
    ours = load_results(tmp_path / "engine").timeseries
    outcomes = list(OUTCOMES)
    keys = ["point", "replicate", "seed", "empowerment", "step"]
    left = through_mesa[keys + outcomes].sort_values(keys).reset_index(drop=True)
    right = ours[keys + outcomes].sort_values(keys).reset_index(drop=True)
    np.testing.assert_array_equal(left[keys].to_numpy(dtype=float), right[keys].to_numpy(dtype=float))
    # the store keeps undefined values as NULL, Mesa's store as NaN: the same numbers either way
    np.testing.assert_array_equal(left[outcomes].to_numpy(dtype=float), right[outcomes].to_numpy(dtype=float))
