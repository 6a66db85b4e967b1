"""``reform_start_week``: a reform switched on in a running status-quo community.

Before the start week the reform levers keep their registry defaults; from it on they take the
scenario's values, with the embedded posts and building Party groups drawn at set-up.
"""

from __future__ import annotations

import numpy as np

from sim.model import REFORM_LEVERS, CoGovernanceModel
from sim.parameters import Parameters
from sim.scenarios import load_scenario

START = 6


def reform_model(seed: int = 3, start: int = START) -> CoGovernanceModel:
    scenario = load_scenario("co_governance", {"reform_start_week": start, "width": 20, "height": 20})
    return CoGovernanceModel(rng=seed, parameters=scenario.parameters)


def embedded_organisations(model) -> int:
    return sum(a.embedded for a in (*model.firm_of_compound, *model.committee_of_compound.values(), *model.organisations))


def test_levers_are_held_at_the_status_quo_before_the_start_week():
    model = reform_model()
    for name in REFORM_LEVERS:
        assert getattr(model.p, name) == Parameters.model_fields[name].default, name
    assert not model.actor_embedded.any()
    assert not model.building_has_party_group.any()
    assert embedded_organisations(model) == 0
    capacity_before = model.core.effective_capacity()
    for _ in range(START - 1):
        model.step()
    assert model.p.empowerment == 0 and model.p.meeting_interval_steps == 0
    assert model.core.effective_capacity() == capacity_before


def test_levers_switch_on_at_the_start_week():
    model = reform_model()
    activeness_before = model.member_activeness.mean()
    capacity_before = model.core.effective_capacity()
    for _ in range(START):
        model.step()
    assert model.pending_reform is None  # the reform is in force
    assert model.p.empowerment == 0.8 and model.p.embedding == 0.8 and model.p.meeting_interval_steps == 4
    assert model.actor_embedded.any() and model.building_has_party_group.any()
    assert embedded_organisations(model) == int(model.actor_embedded[1:].sum())
    assert model.member_activeness.mean() > activeness_before
    assert model.core.effective_capacity() > capacity_before


def test_reform_from_week_zero_is_the_plain_scenario():
    """reform_start_week = 0 (the default) changes nothing: same seed, same run."""
    scenario = load_scenario("co_governance", {"width": 20, "height": 20})
    plain = CoGovernanceModel(rng=5, parameters=scenario.parameters)
    explicit = CoGovernanceModel(rng=5, parameters=scenario.parameters.model_copy(update={"reform_start_week": 0}))
    for _ in range(12):
        plain.step()
        explicit.step()
    a = plain.datacollector.get_model_vars_dataframe()
    b = explicit.datacollector.get_model_vars_dataframe()
    assert a.equals(b)


def test_a_late_reform_lifts_party_reach_only_after_it_starts():
    """Party reach (visits by now more active members) jumps after the start week, not before."""
    reaches = []
    for seed in range(4):
        model = reform_model(seed=seed, start=20)
        for _ in range(36):
            model.step()
        frame = model.datacollector.get_model_vars_dataframe()["party_reach"].to_numpy()
        reaches.append((frame[12:20].mean(), frame[28:36].mean()))
    before, after = np.array(reaches).T
    assert (after > before + 0.05).all(), reaches
