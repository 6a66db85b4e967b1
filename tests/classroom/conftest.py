"""Fixtures of the classroom tests: a small shared community and its session."""

from __future__ import annotations

import pytest

from sim.interfaces.classroom.session import ClassSession
from sim.scenarios import load_scenario

from .forms import SCENARIO, SEED


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO, {})


@pytest.fixture
def session(scenario):
    """A fresh session on the co-governance scenario (two owners' committees at seed 7)."""
    return ClassSession(SCENARIO, SEED, scenario.parameters, title=(scenario.meta.title_zh, scenario.meta.title_en))
