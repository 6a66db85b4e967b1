"""Unresolved problems leave the books by a stated route: given up, coped with alone, or shelved."""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms import exits
from sim.model.problems import COPED_ALONE, CROSS_ACTOR, DISPUTES, GIVEN_UP, NOT_YET, REPAIR, SHELVED, STILL_OPEN


def test_neglected_untouched_everyday_problems_leave_by_who_can_pay(make_model, add_problems):
    model = make_model(p_give_up_week=1.0, p_major_work_shelved_week=0.0, share_low_income=0.5)
    h, book = model.households, model.problems
    poor = np.flatnonzero(h.low_income)[:3]
    rich = np.flatnonzero(~h.low_income)[:3]
    repairs_poor = add_problems(model, poor, REPAIR)
    repairs_rich = add_problems(model, rich, REPAIR)
    disputes_rich = add_problems(model, rich, DISPUTES)
    started = add_problems(model, rich, REPAIR)
    patient = add_problems(model, rich, REPAIR)
    neglected = np.concatenate([repairs_poor, repairs_rich, disputes_rich, started])
    book.neglected[neglected] = True
    book.effort_done[started] = 0.5  # work has begun: the household waits for it
    exits.leave_the_books(model, 7)
    assert np.all(book.exit_reason[repairs_poor] == GIVEN_UP)
    assert np.all(book.exit_reason[repairs_rich] == COPED_ALONE)
    assert np.all(book.exit_reason[disputes_rich] == GIVEN_UP)  # a dispute cannot be fixed privately
    assert np.all(book.exit_reason[np.concatenate([started, patient])] == STILL_OPEN)
    assert np.all(book.exit_step[repairs_poor] == 7) and np.all(book.resolved_step[repairs_poor] == NOT_YET)
    assert not np.isin(repairs_poor, book.open_ids).any() and np.isin(patient, book.open_ids).all()
    np.testing.assert_array_equal(model.flows.current["exits"][[GIVEN_UP, COPED_ALONE, SHELVED]], [6, 3, 0])


def test_major_works_not_started_are_shelved(make_model, add_problems):
    model = make_model(p_give_up_week=0.0, p_major_work_shelved_week=1.0)
    works = add_problems(model, [0, 1], CROSS_ACTOR)
    model.problems.effort_done[works[1]] = 1.0
    exits.leave_the_books(model, 3)
    assert model.problems.exit_reason[works[0]] == SHELVED and model.problems.exit_reason[works[1]] == STILL_OPEN


def test_nothing_leaves_at_zero_probability(make_model, add_problems):
    model = make_model(p_give_up_week=0.0, p_major_work_shelved_week=0.0)
    ids = add_problems(model, np.arange(10), REPAIR)
    model.problems.neglected[ids] = True
    add_problems(model, [0], CROSS_ACTOR)
    exits.leave_the_books(model, 3)
    assert len(model.problems.open_ids) == 11
