"""Shared fixtures: tiny models and hand-placed problems for mechanism tests.

Keep this file small; fixtures used by one test file belong in that file.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import CoGovernanceModel
from sim.parameters import CATEGORY_KEYS
from sim.model.problems import NOT_YET


@pytest.fixture
def make_model():
    """Build a tiny model: ``make_model(seed=1, **parameters)``, 10 x 10 cells and no burn-in unless overridden.

    Without a burn-in the model starts at its initial state with an empty problem book, so a test
    places exactly the problems it reasons about."""

    def make(seed: int = 1, **overrides) -> CoGovernanceModel:
        overrides.setdefault("width", 10)
        overrides.setdefault("height", 10)
        overrides.setdefault("burn_in_weeks", 0)
        return CoGovernanceModel(rng=seed, **overrides)

    return make


@pytest.fixture
def add_problems():
    """Place problems by hand: ``add_problems(model, households, category, ...)`` returns their ids.

    The model's arrival counters are updated as if the problems had arisen, so the model's
    bookkeeping stays consistent for later phases and measurement.
    """

    def add(
        model: CoGovernanceModel,
        households,
        category: int = 0,
        *,
        effort: float = 1.0,
        money: float = 0.0,
        arisen_step: int = 0,
        known_step: int = NOT_YET,
        patience_weeks: float = 1000.0,
    ) -> np.ndarray:
        households = np.atleast_1d(np.asarray(households, dtype=np.int64))
        n = len(households)
        h = model.households
        ids = model.problems.add(
            category=np.full(n, category, dtype=np.int8),
            household=households,
            building=h.building[households],
            compound=h.compound[households],
            effort_needed=np.full(n, float(effort)),
            money_needed=np.full(n, float(money)),
            arisen_step=np.full(n, arisen_step),
            known_step=np.full(n, known_step),
            patience_weeks=np.full(n, float(patience_weeks)),
        )
        model.flows.add("arisen", np.bincount(np.full(n, category), minlength=len(CATEGORY_KEYS)))
        return ids

    return add



def pytest_collection_modifyitems(items):
    """Tests marked ``mesa`` face Mesa's API: a deprecation warning there is an error (Mesa's migration guide
    asks to run the tests on 3.x with ``-W error::DeprecationWarning`` before moving to 4.0)."""
    for item in items:
        if item.get_closest_marker("mesa"):
            item.add_marker(pytest.mark.filterwarnings("error::DeprecationWarning"))
            item.add_marker(pytest.mark.filterwarnings("error::FutureWarning"))
