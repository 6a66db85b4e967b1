"""Known problems reach their own first responders (受理渠道); only major works go to the core's queue."""

from __future__ import annotations

import numpy as np

from sim.model.agents import CORE
from sim.model.mechanisms import channels
from sim.model.problems import CROSS_ACTOR, DISPUTES, ENVIRONMENT, NOT_YET, REPAIR, SERVICES


def test_every_category_reaches_its_first_responder(make_model, add_problems):
    model = make_model(social_organisations=4)
    book = model.problems
    ids = {c: add_problems(model, np.arange(40), c, known_step=1) for c in (REPAIR, SERVICES, DISPUTES, ENVIRONMENT, CROSS_ACTOR)}
    book.route_draw[: len(book)] = np.random.default_rng(0).random(len(book))
    channels.take_in(model, 2)
    domains = model.organisations_by_domain()
    firm_of = lambda i: model.firm_actor[book.compound[i]]  # noqa: E731
    np.testing.assert_array_equal(book.actor[ids[REPAIR]], firm_of(ids[REPAIR]))
    assert set(book.actor[ids[SERVICES]]) == set(domains["care"])
    for category, domain, chance in ((ENVIRONMENT, "environment", "p_environment_to_organisation"),
                                     (DISPUTES, "mediation", "p_dispute_to_organisation")):
        rows = ids[category]
        to_organisation = book.route_draw[rows] < getattr(model.p, chance)
        assert 0 < to_organisation.sum() < len(rows)
        assert set(book.actor[rows[to_organisation]]) <= set(domains[domain])
        fallback = firm_of(rows[~to_organisation]) if category == ENVIRONMENT else CORE
        np.testing.assert_array_equal(book.actor[rows[~to_organisation]], np.broadcast_to(fallback, (~to_organisation).sum()))
    everyday = np.concatenate([ids[c] for c in (REPAIR, SERVICES, DISPUTES, ENVIRONMENT)])
    assert np.all(book.assigned_step[everyday] == 2) and not book.in_core_queue[everyday].any()
    # Major works wait in the core's queue, untaken, for its dispatch.
    assert book.in_core_queue[ids[CROSS_ACTOR]].all() and np.all(book.assigned_step[ids[CROSS_ACTOR]] == NOT_YET)
    assert model.flows.current["taken_in"] == len(everyday)


def test_without_organisations_the_core_takes_services_and_disputes(make_model, add_problems):
    model = make_model(social_organisations=0)
    services = add_problems(model, np.arange(5), SERVICES, known_step=1)
    disputes = add_problems(model, np.arange(5), DISPUTES, known_step=1)
    litter = add_problems(model, np.arange(5), ENVIRONMENT, known_step=1)
    channels.take_in(model, 2)
    book = model.problems
    assert np.all(book.actor[np.concatenate([services, disputes])] == CORE)
    np.testing.assert_array_equal(book.actor[litter], model.firm_actor[book.compound[litter]])


def test_unknown_problems_are_not_taken_in_and_late_intake_is_counted(make_model, add_problems):
    model = make_model()
    unknown = add_problems(model, [0], REPAIR)
    late = add_problems(model, [1], REPAIR, known_step=9, arisen_step=0, patience_weeks=4.0)
    channels.take_in(model, 10)
    assert model.problems.assigned_step[unknown[0]] == NOT_YET and model.problems.assigned_step[late[0]] == 10
    assert model.flows.current["taken_in_late"] == 1


def test_routing_picks_among_organisations_of_a_domain_by_the_problems_own_draw(make_model, add_problems):
    model = make_model(social_organisations=8)
    ids = add_problems(model, np.arange(60), SERVICES, known_step=1)
    model.problems.route_draw[ids] = np.random.default_rng(0).random(len(ids))
    channels.take_in(model, 2)
    care = model.organisations_by_domain()["care"]
    assert len(care) == 2
    assert set(model.problems.actor[ids]) == set(care)  # both care organisations get work
