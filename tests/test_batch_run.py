"""The model is a plain Mesa model: ``mesa.batch_run`` constructs it and returns its data."""

from __future__ import annotations

import mesa
import pytest
import pandas as pd

from sim.model import CoGovernanceModel
from sim.model.outcomes import OUTCOMES

pytestmark = pytest.mark.mesa  # Mesa-facing: Mesa's deprecation warnings are errors (tests/conftest.py)


def test_batch_run_returns_rows_with_outcomes():
    rows = mesa.batch_run(
        CoGovernanceModel,
        parameters={"width": 10, "height": 10, "empowerment": [0.0, 0.8]},
        rng=[1, 2],
        max_steps=5,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    frame = pd.DataFrame(rows)
    # Two lever values x two seeds x six collections (the initial state and five weeks).
    assert len(frame) == 2 * 2 * 6
    assert set(OUTCOMES) <= set(frame.columns)
    assert set(frame["empowerment"]) == {0.0, 0.8}
    assert frame["Step"].max() == 5
    last = frame[frame["Step"] == 5]
    assert (last["problems_arisen"] > 0).all()
    assert last["resolution_rate"].between(0, 1).all()


def test_batch_run_final_rows_match_a_direct_run():
    rows = mesa.batch_run(
        CoGovernanceModel,
        parameters={"width": 10, "height": 10},
        rng=[3],
        max_steps=4,
        number_processes=1,
        display_progress=False,
    )
    assert len(rows) == 1
    model = CoGovernanceModel(rng=3, width=10, height=10)
    for _ in range(4):
        model.step()
    for name in OUTCOMES:
        expected, got = model.outcomes[name], rows[0][name]
        assert got == expected or (pd.isna(got) and pd.isna(expected)), name


def test_mesa_scenario_without_rng_takes_the_seed_given_beside_it():
    """SolaraViz passes a seed slider as rng= next to a Scenario that has none (Mesa 3.5.1)."""
    from mesa.experimental.scenarios import Scenario

    beside = CoGovernanceModel(rng=42, scenario=Scenario(empowerment=0.5), width=10, height=10)
    plain = CoGovernanceModel(rng=42, empowerment=0.5, width=10, height=10)
    for _ in range(5):
        beside.step()
        plain.step()
    assert beside.p.empowerment == 0.5
    assert beside.datacollector.get_model_vars_dataframe().equals(plain.datacollector.get_model_vars_dataframe())
    with pytest.raises(ValueError, match="must be the same"):  # two different seeds stay an error, as in Mesa
        CoGovernanceModel(rng=42, scenario=Scenario(rng=7), width=10, height=10)
