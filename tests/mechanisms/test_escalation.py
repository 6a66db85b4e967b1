"""Neglected problems escalate to the core (hotline complaints, repeats, whistles); the core supervises them."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.mechanisms import escalation
from sim.model.problems import DISPUTES, NOT_YET, REPAIR


def test_a_hotline_complaint_makes_a_work_order_with_paperwork_and_counts_per_compound(make_model, add_problems):
    model = make_model(hotline_handling_effort=0.25)
    ids = add_problems(model, [0, 1, 2], REPAIR)
    dispute = add_problems(model, [3], DISPUTES)
    escalation.escalate(model, np.concatenate([ids, dispute]), 6, hotline=True)
    book = model.problems
    assert book.in_core_queue[ids].all() and np.all(book.known_step[ids] == 6) and np.all(book.escalated_step[ids] == 6)
    assert model.pending_paperwork == pytest.approx(1.0)
    compounds = book.compound[np.concatenate([ids, dispute])]
    np.testing.assert_array_equal(model.flows.current["complaints"], np.bincount(compounds, minlength=model.n_compounds))
    assert model.flows.current["property_complaints"].sum() == 3  # a dispute is not a property complaint


def test_a_whistle_escalates_without_paperwork_or_a_complaint(make_model, add_problems):
    model = make_model()
    ids = add_problems(model, [0], REPAIR, known_step=1)
    escalation.escalate(model, ids, 6, hotline=False)
    assert model.problems.in_core_queue[ids[0]] and model.pending_paperwork == 0
    assert model.flows.current["complaints"].sum() == 0 and model.flows.current["whistles"] == 1


def test_first_escalation_week_is_kept_on_repeats(make_model, add_problems):
    model = make_model()
    ids = add_problems(model, [0], REPAIR)
    escalation.escalate(model, ids, 3, hotline=True)
    model.problems.in_core_queue[ids] = False
    escalation.escalate(model, ids, 9, hotline=True)
    assert model.problems.escalated_step[ids[0]] == 3 and model.problems.complaints[ids[0]] == 2


@pytest.mark.parametrize(("p_first", "p_repeat"), [(1.0, 0.0), (0.0, 1.0), (0.0, 0.0)])
def test_complain_first_and_repeat_probabilities(make_model, add_problems, p_first, p_repeat):
    model = make_model(p_hotline_escalation=p_first, p_complaint_repeat_week=p_repeat)
    fresh = add_problems(model, np.arange(20), REPAIR, known_step=1)
    complained = add_problems(model, np.arange(20, 40), REPAIR, known_step=1)
    model.problems.complaints[complained] = 1  # complained before, dispatched and still open
    escalation.complain(model, fresh, 10)
    book = model.problems
    assert book.in_core_queue[fresh].all() == (p_first == 1.0) and not (p_first == 0.0 and book.in_core_queue[fresh].any())
    assert book.in_core_queue[complained].all() == (p_repeat == 1.0)
    assert not (p_repeat == 0.0 and book.in_core_queue[complained].any())
    assert np.all(book.complaints[complained] == (2 if p_repeat else 1))


def test_repeat_complaints_do_not_come_from_problems_still_waiting_in_the_queue(make_model, add_problems):
    model = make_model(p_hotline_escalation=0.0, p_complaint_repeat_week=1.0)
    waiting = add_problems(model, [0], REPAIR, known_step=1)
    model.problems.complaints[waiting] = 1
    model.problems.in_core_queue[waiting] = True
    escalation.complain(model, np.empty(0, np.int64), 10)
    assert model.problems.complaints[waiting[0]] == 1
    assert model.problems.escalated_step[waiting[0]] == NOT_YET  # set only through escalate
