"""The burn-in: every lever setting of a seed starts from the same settled community, and the kept copy equals a fresh run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.experiments import runs
from sim.model import CoGovernanceModel
from sim.scenarios import load_scenario

SMALL = {"width": 20, "height": 20, "burn_in_weeks": 30}


def parameters(scenario: str):
    return load_scenario(scenario).parameters.model_copy(update=SMALL)


def frame(model, steps: int = 8) -> pd.DataFrame:
    for _ in range(steps):
        model.step()
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


@pytest.mark.parametrize("scenario", ["baseline", "co_governance", "pooling"])
def test_a_kept_burn_in_gives_exactly_the_fresh_run(scenario):
    runs._BURNED_IN.clear()
    runs.start_model(parameters("baseline"), 5)  # keeps seed 5's burned-in status quo
    kept = frame(runs.start_model(parameters(scenario), 5))
    fresh = frame(CoGovernanceModel(rng=5, parameters=parameters(scenario)))
    pd.testing.assert_frame_equal(kept, fresh)
    runs._BURNED_IN.clear()


def test_every_lever_setting_of_a_seed_starts_from_the_same_community():
    states = []
    for scenario in ("baseline", "co_governance", "empowerment"):
        model = CoGovernanceModel(rng=9, parameters=parameters(scenario))
        h = model.households
        states.append((h.efficacy.copy(), h.trust.copy(), model.problems.column("arisen_step").copy(), model.actor_budget.copy()))
    for other in states[1:]:
        for a, b in zip(states[0], other, strict=True):
            np.testing.assert_array_equal(a, b)


def test_the_burn_in_runs_the_status_quo_and_the_levers_act_from_week_one():
    model = CoGovernanceModel(rng=2, parameters=parameters("co_governance"))
    assert model.p.empowerment == load_scenario("co_governance").parameters.empowerment > 0
    assert model.problems.column("arisen_step").min() < 0  # problems of the burn-in weeks
    assert model.flows.rows == SMALL["burn_in_weeks"]  # weeks 1 - burn_in .. 0 were committed


def test_start_refuses_a_change_beyond_the_reform_levers():
    model = CoGovernanceModel(rng=2, parameters=parameters("baseline"), begin=False)
    with pytest.raises(ValueError, match="only the reform levers"):
        model.start(parameters("baseline").model_copy(update={"firm_capacity_per_1000": 10.0}))


def test_a_model_starts_once_and_a_held_burn_in_started_later_is_the_fresh_run():
    started = CoGovernanceModel(rng=4, parameters=parameters("baseline"))
    with pytest.raises(RuntimeError, match="already started"):
        started.start(parameters("co_governance"))
    held = CoGovernanceModel(rng=4, parameters=parameters("baseline"), begin=False)
    assert not held.started and not hasattr(held, "datacollector")
    held.start(parameters("co_governance"))
    pd.testing.assert_frame_equal(frame(held), frame(CoGovernanceModel(rng=4, parameters=parameters("co_governance"))))


def test_the_cache_keeps_within_its_byte_budget(monkeypatch):
    runs._BURNED_IN.clear()
    monkeypatch.setattr(runs, "BURN_IN_CACHE_BYTES", 1)
    for seed in (1, 2, 3):
        runs.start_model(parameters("baseline"), seed)
    assert len(runs._BURNED_IN) == 1
    runs._BURNED_IN.clear()
