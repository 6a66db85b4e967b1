"""Party members visit households of their building; social organisations reach households by activities."""

from __future__ import annotations

import numpy as np
from mechanism_helpers import busiest_building, households_of_building

from sim.model.households import NEVER
from sim.model.mechanisms import outreach
from sim.model.problems import NOT_YET


def test_party_visits_stay_in_own_building_raise_trust_mobilise_and_discover(make_model, add_problems):
    model = make_model(seed=2, social_organisations=0, in_service_members=0, party_member_share=0.3,
                       party_activeness=1.0, visits_per_member_week=20.0, formalism=0.0)
    h = model.households
    assert len(model.member_building) > 0
    building = busiest_building(model)
    model.member_building[:] = building  # every member serves this one building
    inside = households_of_building(model, building)
    outside = np.flatnonzero(h.building != building)
    problems_inside = add_problems(model, inside)
    problems_outside = add_problems(model, outside)
    trust_before = h.trust.copy()

    outreach.reach_out(model, 5)

    visited = h.last_visit_step == 5
    assert visited.any()
    assert np.all(h.building[visited] == building)
    assert np.all(h.trust[visited] > trust_before[visited])
    np.testing.assert_allclose(h.trust[~visited], trust_before[~visited], rtol=0, atol=1e-12)
    duration = model.p.mobilisation_duration_weeks
    assert np.all(h.mobilised_until[visited] == 5 + duration - 1)
    assert np.all(h.mobilised_until[~visited] == NEVER)
    book = model.problems
    found = book.known_step[problems_inside] == 5
    np.testing.assert_array_equal(found, visited[book.household[problems_inside]])
    assert np.all(book.known_step[problems_outside] == NOT_YET)
    assert model.counts["discovered"] == found.sum()


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
