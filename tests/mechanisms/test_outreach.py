"""Party members visit other households of their building; social organisations reach the households near them."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import households_of_building

from sim.model.decisions import MemberChoice, WeekDecisions
from sim.model.households import NEVER
from sim.model.mechanisms import outreach
from sim.model.problems import NOT_YET


def _watch_every_member(model) -> None:
    """Record every member's visits this week in ``model.choices.taken`` (as role play's watch does)."""
    model.choices.start_week(None, WeekDecisions(members={m: MemberChoice() for m in range(len(model.member_building))}))


def _visits_by_member(model) -> dict[int, tuple[int, ...]]:
    return {m: taken.get("visit", ()) for m, taken in model.choices.taken["members"].items()}


def test_party_visits_stay_in_the_members_building_raise_trust_mobilise_and_discover(make_model, add_problems):
    model = make_model(seed=2, width=20, height=20, social_organisations=0, in_service_members=2, party_member_share=0.02,
                       party_activeness=1.0, visits_per_member_week=5.0, formalism=0.0)
    h = model.households
    assert len(model.member_building) > 3
    served = np.unique(model.member_building)
    unserved = ~np.isin(h.building, served)
    assert unserved.any()  # some building has no member living in it or serving it
    problems = add_problems(model, np.arange(h.count))
    trust_before = h.trust.copy()
    _watch_every_member(model)

    outreach.reach_out(model, 5)

    visits = _visits_by_member(model)
    assert sum(len(v) for v in visits.values()) > 0
    for member, households in visits.items():
        assert np.all(h.building[list(households)] == model.member_building[member])
    visited = h.last_visit_step == 5
    np.testing.assert_array_equal(np.flatnonzero(visited), np.unique(np.concatenate([list(v) for v in visits.values()])))
    assert not visited[unserved].any()
    assert np.all(h.trust[visited] > trust_before[visited])
    np.testing.assert_allclose(h.trust[~visited], trust_before[~visited], rtol=0, atol=1e-12)
    duration = model.p.mobilisation_duration_weeks
    assert np.all(h.mobilised_until[visited] == 5 + duration - 1)
    assert np.all(h.mobilised_until[~visited] == NEVER)
    book = model.problems
    found = book.known_step[problems] == 5
    np.testing.assert_array_equal(found, visited[book.household[problems]])
    assert np.all(book.known_step[problems[~found]] == NOT_YET)
    assert model.flows.current["discovered"] == found.sum() > 0


def test_no_member_ever_visits_their_own_household(make_model):
    """A resident member draws among the other households of their building: over many weeks of
    many visits each member reaches every other household of the building and never their own."""
    model = make_model(seed=3, social_organisations=0, in_service_members=0, party_member_share=0.2,
                       party_activeness=1.0, formalism=0.0, visits_per_member_week=6.0)
    h = model.households
    residents = np.flatnonzero(model.member_household >= 0)
    assert len(residents) >= 5
    seen = {int(m): set() for m in residents}
    for t in range(1, 41):
        _watch_every_member(model)
        outreach.reach_out(model, t)
        for member, households in _visits_by_member(model).items():
            seen[member].update(households)
    for member, households in seen.items():
        own = int(model.member_household[member])
        assert own not in households
        others = set(households_of_building(model, int(model.member_building[member])).tolist()) - {own}
        assert households == others  # the skip of the own row moves no draw out of the building


def test_a_member_alone_in_their_building_visits_no_one(make_model):
    # One cell per building: every building holds one household, so a resident member has nobody to visit.
    model = make_model(seed=3, building_size_cells=1, social_organisations=0, in_service_members=0,
                       party_member_share=0.3, party_activeness=1.0, formalism=0.0, visits_per_member_week=10.0)
    assert np.all(model.building_count <= 1) and len(model.member_building) > 0
    for t in range(1, 6):
        outreach.reach_out(model, t)
    assert np.all(model.households.last_visit_step == NEVER)


def households_visited(make_model, weeks: int = 20, **parameters) -> int:
    parameters = {"party_activeness": 1.0, "social_organisations": 0, "visits_per_member_week": 2.0, **parameters}
    model = make_model(seed=4, **parameters)
    total = 0
    for t in range(1, weeks + 1):
        outreach.reach_out(model, t)
        total += int((model.households.last_visit_step == t).sum())
    return total


def test_formalism_reduces_visits(make_model):
    assert households_visited(make_model, formalism=0.0) > 3 * households_visited(make_model, formalism=0.9)


def test_no_members_no_visits(make_model):
    assert households_visited(make_model, party_member_share=0.0, in_service_members=0) == 0


def _households_touched(make_model, **parameters) -> int:
    """Households reached by organisations' activities in 30 weeks (no Party visits)."""
    model = make_model(seed=6, width=20, height=20, visits_per_member_week=0.0, social_organisations=4, **parameters)
    touched = 0
    for t in range(1, 31):
        before = model.households.mobilised_until.copy()
        outreach.reach_out(model, t)
        touched += int((model.households.mobilised_until != before).sum())
    return touched


def test_organisation_activities_mobilise_and_reach_more_with_an_active_embedded_member(make_model):
    members = {"party_activeness": 1.0, "in_service_members": 10, "embedded_reach_gain": 1.0}
    plain = _households_touched(make_model, embedding=0.0, formalism=0.0, **members)
    embedded = _households_touched(make_model, embedding=1.0, formalism=0.0, **members)
    formal = _households_touched(make_model, embedding=1.0, formalism=0.95, **members)
    assert plain > 0
    assert embedded > 1.4 * plain  # reach x (1 + 1.0 x activeness 1)
    assert abs(formal - plain) < 0.25 * plain  # formalism leaves the post empty of effect


def test_building_party_groups_make_members_visit_more(make_model):
    flat = households_visited(make_model, embedding=0.0, party_activeness=0.2, embedding_activeness_gain=0.6)
    grouped = households_visited(make_model, embedding=1.0, party_activeness=0.2, embedding_activeness_gain=0.6)
    assert grouped > 1.5 * flat > 0


@pytest.mark.parametrize("radius", [2, 5])
def test_organisations_activities_reach_only_households_within_their_radius(make_model, radius):
    model = make_model(seed=6, width=20, height=20, social_organisations=1, visits_per_member_week=0.0,
                       social_org_activity_radius_cells=radius, social_org_activity_households=30.0)
    h = model.households
    x, y = model.organisation_cells[0]
    near = (np.abs(h.x - x) <= radius) & (np.abs(h.y - y) <= radius)
    assert near.any() and (~near).any()
    np.testing.assert_array_equal(np.sort(model.catchment_households), np.flatnonzero(near))
    touched = np.zeros(h.count, dtype=bool)
    for t in range(1, 21):
        before = h.mobilised_until.copy()
        outreach.reach_out(model, t)
        touched |= h.mobilised_until != before
    assert touched[near].mean() > 0.5  # the activities do reach their neighbourhood
    assert not touched[~near].any()


def test_each_organisation_draws_from_its_own_catchment(make_model):
    model = make_model(seed=6, width=30, height=30, social_organisations=4, social_org_activity_radius_cells=3)
    h = model.households
    for org, (x, y) in enumerate(model.organisation_cells):
        start, size = model.catchment_start[org], model.catchment_size[org]
        catchment = model.catchment_households[start : start + size]
        assert size > 0
        assert np.all(np.maximum(np.abs(h.x[catchment] - x), np.abs(h.y[catchment] - y)) <= 3)
    reached = outreach.activity_reach(model, np.random.default_rng(0))
    assert len(reached) > 0 and np.isin(reached, model.catchment_households).all()
