"""The model is a plain Mesa model: ``mesa.batch_run`` (Mesa 3) constructs it and returns its data; Scenario and time
are in tests/test_mesa_api.py."""

from __future__ import annotations

import mesa
import pytest
import pandas as pd

from sim.model import CoGovernanceModel
from sim.model.outcomes import OUTCOMES

pytestmark = [
    pytest.mark.mesa,  # Mesa-facing: Mesa's deprecation warnings are errors (tests/conftest.py)
    pytest.mark.skipif(not hasattr(mesa, "batch_run"), reason="mesa.batch_run is removed in Mesa 4.0 (sim.experiments.mesa_runs)"),
]


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
