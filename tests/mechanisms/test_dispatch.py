"""The core dispatches what is in its queue (major works and escalations), escalations first, within its time."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import give_core_time

from sim.model.mechanisms import dispatch
from sim.model.problems import ALL_PARTIES, CROSS_ACTOR, NEEDS_APPROVAL, NOT_YET, REPAIR


def queue(model, ids):
    model.problems.in_core_queue[ids] = True


def test_dispatch_takes_escalations_then_oldest_within_capacity(make_model, add_problems):
    model = make_model(dispatch_effort_per_problem=1.0, digital_platform=False)
    book = model.problems
    ids = add_problems(model, np.arange(6), CROSS_ACTOR)
    book.known_step[ids] = [5, 3, 4, 1, 2, 6]
    queue(model, ids)
    book.escalated_step[ids[5]] = 6
    not_queued = add_problems(model, [7], CROSS_ACTOR, known_step=0)  # known but not in the core's queue
    core = give_core_time(model, 3.0)
    dispatch.dispatch(model, 7)
    assert core.left == pytest.approx(0.0)
    taken = ids[~book.in_core_queue[ids]]
    np.testing.assert_array_equal(np.sort(taken), np.sort(ids[[5, 3, 4]]))
    assert book.in_core_queue[not_queued[0]] == False and book.assigned_step[not_queued[0]] == NOT_YET  # noqa: E712
    np.testing.assert_array_equal(book.actor[taken], model.firm_actor[book.compound[taken]])
    give_core_time(model, 1.0)  # the next week the rest go, oldest first
    dispatch.dispatch(model, 8)
    assert book.assigned_step[ids[1]] == 8 and book.assigned_step[ids[0]] == NOT_YET


def test_dispatch_supervises_an_escalated_everyday_problem_without_reassigning_it(make_model, add_problems):
    model = make_model(dispatch_effort_per_problem=1.0)
    book = model.problems
    ids = add_problems(model, [0, 1], REPAIR, known_step=1)
    book.assigned_step[ids] = 1
    book.actor[ids] = model.firm_actor[book.compound[ids]]
    book.escalated_step[ids[0]] = 4
    queue(model, ids[:1])
    give_core_time(model, 5.0)
    dispatch.dispatch(model, 5)
    assert book.supervised[ids[0]] and not book.supervised[ids[1]]
    assert book.assigned_step[ids[0]] == 1  # its responder keeps it, now told to put it first (督办)
    assert model.flows.current["dispatched"] == 1


def test_digital_platform_saves_dispatch_effort(make_model, add_problems):
    counts = []
    for platform in (False, True):
        model = make_model(dispatch_effort_per_problem=1.0, digital_platform=platform, digital_dispatch_saving=0.5)
        ids = add_problems(model, np.arange(10), CROSS_ACTOR, known_step=1)
        queue(model, ids)
        give_core_time(model, 3.0)
        dispatch.dispatch(model, 2)
        counts.append(int((model.problems.assigned_step[ids] == 2).sum()))
    assert counts == [3, 6]


@pytest.mark.parametrize("cost", [0.0, 5e-324, 1e-300])
def test_dispatch_with_negligible_effort_takes_everything(make_model, add_problems, cost):
    # Regression: a tiny effort per problem once overflowed int(capacity / cost) (found by hypothesis).
    model = make_model(dispatch_effort_per_problem=cost)
    ids = add_problems(model, np.arange(10), CROSS_ACTOR, known_step=1)
    queue(model, ids)
    core = give_core_time(model, 1.0)
    dispatch.dispatch(model, 2)
    assert np.all(model.problems.assigned_step[ids] == 2)
    assert core.left == pytest.approx(1.0)


@pytest.mark.parametrize(("empowerment", "wait"), [(0.0, 12), (0.5, 6), (1.0, 0)])
def test_approval_wait_shrinks_with_empowerment(make_model, add_problems, empowerment, wait):
    model = make_model(empowerment=empowerment, approval_wait_weeks=12, dispatch_effort_per_problem=0.0)
    ids = add_problems(model, [0], CROSS_ACTOR, known_step=1)
    queue(model, ids)
    give_core_time(model, 0.0)
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
