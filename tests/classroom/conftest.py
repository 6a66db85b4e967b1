"""Fixtures of the classroom tests: a small shared community and its session."""

from __future__ import annotations

import pytest

from sim.interfaces.classroom.session import ClassSession
from sim.scenarios import load_scenario

SCENARIO = "co_governance"
SEED = 0


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO, {})


@pytest.fixture
def session(scenario):
    """A fresh session on the co-governance scenario (it has owners' committees at seed 0)."""
    return ClassSession(SCENARIO, SEED, scenario.parameters, title=(scenario.meta.title_zh, scenario.meta.title_en))
