"""The model as Mesa 3.5 and Mesa 4.0 define a model: Scenario, time, whole-number steps.

These tests run under Mesa 3.5.1 in the suite, and under the newest Mesa pre-release in
``scripts/test_mesa_next.sh``; every test marked ``mesa`` turns Mesa's deprecation warnings into
errors (tests/conftest.py), as Mesa's migration guide asks before moving to 4.0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from mesa.experimental.scenarios import Scenario

from sim.model import CoGovernanceModel
from sim.model.mesa_api import MESA_MAJOR

pytestmark = pytest.mark.mesa

TINY = {"width": 10, "height": 10}


def frame_of(model: CoGovernanceModel, weeks: int = 5) -> pd.DataFrame:
    for _ in range(weeks):
        model.step()
    return model.datacollector.get_model_vars_dataframe()


def test_a_scenario_carrying_the_seed_gives_the_run_of_that_seed():
    through_scenario = CoGovernanceModel(scenario=Scenario(rng=42, empowerment=0.5, **TINY))
    plain = CoGovernanceModel(rng=42, empowerment=0.5, **TINY)
    assert through_scenario.p.empowerment == 0.5
    pd.testing.assert_frame_equal(frame_of(through_scenario), frame_of(plain))
    other_seed = CoGovernanceModel(rng=43, empowerment=0.5, **TINY)
    assert not frame_of(other_seed).equals(frame_of(CoGovernanceModel(rng=42, empowerment=0.5, **TINY)))


def test_a_seed_beside_a_scenario_without_its_own_is_the_run_seed():
    """SolaraViz passes its seed input as rng= next to a fresh Scenario on every Reset."""
    beside = CoGovernanceModel(rng=42, scenario=Scenario(empowerment=0.5), **TINY)
    plain = CoGovernanceModel(rng=42, empowerment=0.5, **TINY)
    pd.testing.assert_frame_equal(frame_of(beside), frame_of(plain))


@pytest.mark.skipif(MESA_MAJOR >= 4, reason="a Mesa 4 Scenario always carries an rng; the seed beside it is used")
def test_two_different_seeds_stay_an_error_as_in_mesa_3():
    with pytest.raises(ValueError, match="must be the same"):
        CoGovernanceModel(rng=42, scenario=Scenario(rng=7), **TINY)


def test_time_counts_weeks_and_the_collector_records_whole_weeks():
    model = CoGovernanceModel(rng=1, **TINY)
    assert model.time == 0
    frame = frame_of(model, 3)
    assert model.time == 3 and float(model.time).is_integer()
    steps = model.datacollector._collection_steps
    assert steps == [0, 1, 2, 3] and all(type(s) is int for s in steps)
    assert len(frame) == 4


def test_model_draws_nothing_from_mesas_generators():
    """Mesa 4 plans to deprecate the stdlib model.random: the model's runs must not depend on it."""
    model = CoGovernanceModel(rng=5, **TINY)
    reference = frame_of(CoGovernanceModel(rng=5, **TINY))
    model.random.seed(12345)
    model.rng = np.random.default_rng(999)
    pd.testing.assert_frame_equal(frame_of(model), reference)


@pytest.mark.skipif(not hasattr(Scenario, "spawn_replications"), reason="Scenario.spawn_replications is Mesa 4.0's")
def test_spawned_replications_are_distinct_reproducible_runs():
    base = Scenario(rng=2024, **TINY)
    first, second = base.spawn_replications(2)
    again = Scenario(rng=2024, **TINY).spawn_replications(2)[0]
    run_first, run_second, run_again = (frame_of(CoGovernanceModel(scenario=s)) for s in (first, second, again))
    pd.testing.assert_frame_equal(run_first, run_again)
    assert not run_first.equals(run_second)


@pytest.mark.skipif(MESA_MAJOR >= 4, reason="mesa.batch_run is removed in Mesa 4.0 (sim.experiments.mesa_runs replaces it)")
def test_batch_run_reports_whole_weeks():
    import mesa

    rows = mesa.batch_run(CoGovernanceModel, parameters=TINY, rng=[1], max_steps=3, number_processes=1,
                          data_collection_period=1, display_progress=False)
    steps = [row["Step"] for row in rows]
    assert steps == [0, 1, 2, 3] and all(type(s) is int for s in steps)
