"""The core dispatches known problems, hotline complaints first, within its time; routing by category."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import give_core_time

from sim.model.agents import CORE
from sim.model.mechanisms import dispatch
from sim.model.problems import (
    ALL_PARTIES,
    CROSS_ACTOR,
    DISPUTES,
    ENVIRONMENT,
    NEEDS_APPROVAL,
    NOT_YET,
    REPAIR,
    SERVICES,
)


def test_dispatch_takes_escalated_then_oldest_within_capacity(make_model, add_problems):
    model = make_model(dispatch_effort_per_problem=1.0, digital_platform=False)
    book = model.problems
    ids = add_problems(model, np.arange(6), REPAIR)
    book.known_step[ids] = [5, 3, 4, 1, 2, 6]
    book.escalated[ids[5]] = True
    unknown = add_problems(model, [7], REPAIR)  # never reported: cannot be dispatched
    core = give_core_time(model, 3.0)
    dispatch.dispatch(model, 7)
    assert core.left == pytest.approx(0.0)
    dispatched = ids[book.dispatched_step[ids] == 7]
    np.testing.assert_array_equal(np.sort(dispatched), np.sort(ids[[5, 3, 4]]))
    assert book.dispatched_step[unknown[0]] == NOT_YET
    np.testing.assert_array_equal(book.actor[dispatched], model.firm_actor[book.compound[dispatched]])
    # The next week the rest go, oldest first.
    give_core_time(model, 1.0)
    dispatch.dispatch(model, 8)
    assert book.dispatched_step[ids[1]] == 8 and book.dispatched_step[ids[0]] == NOT_YET


def test_digital_platform_saves_dispatch_effort(make_model, add_problems):
    counts = []
    for platform in (False, True):
        model = make_model(dispatch_effort_per_problem=1.0, digital_platform=platform, digital_dispatch_saving=0.5)
        ids = add_problems(model, np.arange(10), REPAIR, known_step=1)
        give_core_time(model, 3.0)
        dispatch.dispatch(model, 2)
        counts.append(int((model.problems.dispatched_step[ids] == 2).sum()))
    assert counts == [3, 6]


@pytest.mark.parametrize("cost", [0.0, 5e-324, 1e-300])
def test_dispatch_with_negligible_effort_takes_everything(make_model, add_problems, cost):
    # Regression: a tiny effort per problem once overflowed int(capacity / cost) (found by hypothesis).
    model = make_model(dispatch_effort_per_problem=cost)
    ids = add_problems(model, np.arange(10), REPAIR, known_step=1)
    core = give_core_time(model, 1.0)
    dispatch.dispatch(model, 2)
    assert np.all(model.problems.dispatched_step[ids] == 2)
    assert core.left == pytest.approx(1.0)


def test_dispatch_routes_by_category(make_model, add_problems):
    model = make_model(social_organisations=4, dispatch_effort_per_problem=0.0)
    give_core_time(model, 0.0)
    book = model.problems
    ids = {c: add_problems(model, np.arange(40), c, known_step=1) for c in (REPAIR, SERVICES, DISPUTES, ENVIRONMENT)}
    book.route_draw[: len(book)] = np.random.default_rng(0).random(len(book))
    dispatch.dispatch(model, 2)
    domains = model.organisations_by_domain()
    np.testing.assert_array_equal(book.actor[ids[REPAIR]], model.firm_actor[book.compound[ids[REPAIR]]])
    assert set(book.actor[ids[SERVICES]]) == set(domains["care"])
    assert set(book.actor[ids[DISPUTES]]) == set(domains["mediation"])
    # Environment problems go to an environment organisation when the problem's routing draw says so.
    environment = ids[ENVIRONMENT]
    to_organisation = book.route_draw[environment] < model.p.p_environment_to_organisation
    assert 0 < to_organisation.sum() < len(environment)
    assert set(book.actor[environment[to_organisation]]) <= set(domains["environment"])
    to_firm = environment[~to_organisation]
    np.testing.assert_array_equal(book.actor[to_firm], model.firm_actor[book.compound[to_firm]])
    # Without organisations the core takes services and disputes, the firm environment problems.
    bare = make_model(social_organisations=0, dispatch_effort_per_problem=0.0)
    give_core_time(bare, 0.0)
    services = add_problems(bare, np.arange(5), SERVICES, known_step=1)
    litter = add_problems(bare, np.arange(5), ENVIRONMENT, known_step=1)
    dispatch.dispatch(bare, 2)
    assert np.all(bare.problems.actor[services] == CORE)
    np.testing.assert_array_equal(bare.problems.actor[litter], bare.firm_actor[bare.problems.compound[litter]])


def test_routing_picks_among_organisations_of_a_domain_by_the_problems_own_draw(make_model, add_problems):
    model = make_model(social_organisations=8, dispatch_effort_per_problem=0.0)
    give_core_time(model, 0.0)
    ids = add_problems(model, np.arange(60), SERVICES, known_step=1)
    model.problems.route_draw[ids] = np.random.default_rng(0).random(len(ids))
    dispatch.dispatch(model, 2)
    care = model.organisations_by_domain()["care"]
    assert len(care) == 2
    assert set(model.problems.actor[ids]) == set(care)  # both care organisations get work


@pytest.mark.parametrize(("empowerment", "wait"), [(0.0, 12), (0.5, 6), (1.0, 0)])
def test_approval_wait_shrinks_with_empowerment(make_model, add_problems, empowerment, wait):
    model = make_model(empowerment=empowerment, approval_wait_weeks=12, dispatch_effort_per_problem=0.0)
    give_core_time(model, 0.0)
    ids = add_problems(model, [0], CROSS_ACTOR, known_step=1)
    dispatch.dispatch(model, 3)
    book = model.problems
    assert book.approval_step[ids[0]] == 3 + wait
    assert book.needs[ids[0]] == ALL_PARTIES | (NEEDS_APPROVAL if wait else 0)


def test_empowerment_frees_the_cores_capacity_from_burden(make_model):
    def capacity(empowerment):
        model = make_model(empowerment=empowerment, administrative_burden=0.5, empowerment_burden_relief=0.7,
                           formalism=0.3, core_staff_per_1000=20.0)
        return model.core.effective_capacity(), 20.0 * model.households.count / 1000

    none, staff = capacity(0.0)
    assert none == pytest.approx(staff * 0.5 * 0.7)
    assert capacity(1.0)[0] == pytest.approx(staff * (1 - 0.5 * 0.3) * 0.7)
