"""The classroom session: runs, side-by-side pairing on one seed, lever overrides, seeds."""

from __future__ import annotations

import numpy as np
import pytest

from sim.interfaces.dashboard import session
from sim.interfaces.dashboard.session import Classroom, lever_specs, scenario_names, valid_seed
from sim.parameters import REGISTRY
from sim.scenarios import available_scenarios

WATCHED = ("backlog", "participation_rate", "resolution_rate", "mean_trust")


def test_levers_are_the_registry_main_and_secondary_groups_in_order():
    specs = lever_specs()
    assert [s.name for s in specs] == [n for n, s in REGISTRY.items() if s.group == "levers"] + [
        n for n, s in REGISTRY.items() if s.group == "secondary"
    ]
    assert {"empowerment", "pooling", "embedding", "formalism"} <= {s.name for s in specs}


def test_scenario_list_comes_from_the_scenario_folder_baseline_first():
    names = scenario_names()
    assert names[0] == "baseline"
    assert sorted(names) == sorted(available_scenarios())


def test_same_scenario_side_by_side_is_identical_step_for_step():
    """Common random numbers: the same scenario on the same seed gives the same run twice."""
    room = Classroom("baseline", seed=11, scenario_b="baseline")
    room.step(6)
    a, b = room.runs
    for outcome in WATCHED:
        assert np.array_equal(a.series(outcome), b.series(outcome), equal_nan=True), outcome
    assert np.array_equal(a.model.households.trust, b.model.households.trust)


def test_reset_replays_the_same_run():
    room = Classroom("co_governance", seed=5)
    room.step(5)
    first = {o: list(room.runs[0].series(o)) for o in WATCHED}
    room.reset()
    assert room.week == 0
    room.step(5)
    for outcome in WATCHED:
        assert np.array_equal(first[outcome], room.runs[0].series(outcome), equal_nan=True), outcome


def test_overrides_apply_to_scenario_a_only_and_presets_are_not_overrides():
    room = Classroom("baseline", seed=1, overrides={"empowerment": 0.6, "formalism": REGISTRY["formalism"].default}, scenario_b="embedding")
    a, b = room.runs
    assert a.overrides == {"empowerment": 0.6}
    assert a.model.p.empowerment == 0.6 and b.model.p.empowerment == 0.0
    assert b.model.p.embedding == 0.8 and b.overrides == {}


def test_unknown_override_is_refused():
    with pytest.raises(KeyError):
        Classroom("baseline", overrides={"not_a_parameter": 1})


def test_step_stops_at_the_last_week(monkeypatch):
    monkeypatch.setattr(session, "MAX_WEEKS", 3)
    room = Classroom("baseline", seed=0)
    room.step(10)
    assert room.week == 3 and room.finished


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(0, 0), ("42", 42), (" 7 ", 7), (3.0, 3), (2**32 - 1, 2**32 - 1), ("-1", None), (-1, None), (2**32, None),
     ("seven", None), ("", None), (True, None), (2.5, None), (None, None)],
)
def test_valid_seed(typed, expected):
    assert valid_seed(typed) == expected
