"""Residents learn from responses and neglect; trust follows what the governance system does; standing follows."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import busiest_building, dispatch_as, households_of_building

from sim.model.households import NEVER
from sim.model.mechanisms import feedback
from sim.model.problems import (
    BY_CONTRACTORS,
    BY_CORE,
    BY_FIRM,
    BY_ORGANISATION,
    BY_VOLUNTEERS,
    CROSS_ACTOR,
    NOT_YET,
    REPAIR,
)


def _resolve(model, ids, t, by):
    model.problems.close(ids, t, by)
    model.resolved_now = np.asarray(ids)
    feedback.learn(model, t)


def test_resolution_raises_efficacy_trust_and_satisfaction(make_model, add_problems):
    model = make_model(responsiveness_spillover=0.0, efficacy_gain_on_response=0.25, trust_gain_on_response=0.1,
                       satisfaction_weight=0.3)
    h = model.households
    h.last_visit_step[:] = 5  # recently visited: no trust decay
    mine, found = add_problems(model, [0, 1], REPAIR)
    model.problems.reported_by_resident[mine] = True
    efficacy, trust, satisfaction = h.efficacy.copy(), h.trust.copy(), h.satisfaction.copy()
    _resolve(model, np.array([mine, found]), 5, BY_FIRM)
    assert h.efficacy[0] == pytest.approx(1 - (1 - efficacy[0]) * 0.75)
    assert h.trust[0] == pytest.approx(1 - (1 - trust[0]) * 0.9)
    assert h.satisfaction[0] == pytest.approx(1 - (1 - satisfaction[0]) * 0.7)
    # A problem found for the resident counts half.
    assert h.efficacy[1] == pytest.approx(1 - (1 - efficacy[1]) * 0.75**0.5)
    assert h.trust[1] == pytest.approx(1 - (1 - trust[1]) * 0.9**0.5)
    np.testing.assert_allclose(h.efficacy[2:], efficacy[2:], rtol=0, atol=1e-12)
    assert model.counts["resolved"] == 2 and model.resolved_by_whom[BY_FIRM] == 2


def test_a_late_answer_counts_half(make_model, add_problems):
    model = make_model(responsiveness_spillover=0.0, efficacy_gain_on_response=0.25)
    h = model.households
    h.last_visit_step[:] = 5
    (late,) = add_problems(model, [0], REPAIR)
    model.problems.reported_by_resident[late] = True
    model.problems.neglected[late] = True
    efficacy = h.efficacy.copy()
    _resolve(model, np.array([late]), 5, BY_CORE)
    assert h.efficacy[0] == pytest.approx(1 - (1 - efficacy[0]) * 0.75**0.5)


@pytest.mark.parametrize("by", [BY_CORE, BY_FIRM, BY_ORGANISATION, BY_CONTRACTORS])
def test_trust_rises_when_the_governance_system_resolves(make_model, add_problems, by):
    model = make_model(trust_gain_on_response=0.2, responsiveness_spillover=0.0)
    h = model.households
    h.last_visit_step[:] = 5
    ids = add_problems(model, [0], REPAIR)
    model.problems.reported_by_resident[ids] = True
    trust = h.trust.copy()
    _resolve(model, ids, 5, by)
    assert h.trust[0] == pytest.approx(1 - (1 - trust[0]) * 0.8)


def test_self_help_by_volunteers_raises_efficacy_but_not_trust(make_model, add_problems):
    model = make_model(trust_gain_on_response=0.2, efficacy_gain_on_response=0.3, responsiveness_spillover=0.0)
    h = model.households
    h.last_visit_step[:] = 5
    ids = add_problems(model, [0], REPAIR)
    model.problems.reported_by_resident[ids] = True
    trust, efficacy = h.trust.copy(), h.efficacy.copy()
    _resolve(model, ids, 5, BY_VOLUNTEERS)
    assert h.trust[0] == pytest.approx(trust[0], abs=1e-12)
    assert h.efficacy[0] == pytest.approx(1 - (1 - efficacy[0]) * 0.7)
    assert model.resolved_by_whom[BY_VOLUNTEERS] == 1


def test_visible_responsiveness_spills_over_to_the_building(make_model, add_problems):
    model = make_model(responsiveness_spillover=0.5)
    h = model.households
    h.last_visit_step[:] = 5
    building = busiest_building(model)
    resident = households_of_building(model, building)[0]
    ids = add_problems(model, [resident], REPAIR)
    efficacy = h.efficacy.copy()
    _resolve(model, ids, 5, BY_FIRM)
    neighbours = (h.building == building) & (np.arange(h.count) != resident)
    assert np.all(h.efficacy[neighbours] > efficacy[neighbours])
    np.testing.assert_allclose(h.efficacy[h.building != building], efficacy[h.building != building], rtol=0, atol=1e-12)
    assert model.building_responsiveness[building] == pytest.approx(1.0)


def test_neglect_lowers_beliefs_and_may_escalate_to_the_hotline(make_model, add_problems):
    model = make_model(p_hotline_escalation=1.0, p_give_up_week=0.0, efficacy_loss_on_neglect=0.2,
                       trust_loss_on_neglect=0.15, satisfaction_weight=0.3, hotline_handling_effort=0.5)
    h = model.households
    h.last_visit_step[:] = 10
    late = add_problems(model, [3], REPAIR, arisen_step=0, patience_weeks=4)
    patient = add_problems(model, [4], REPAIR, arisen_step=0, patience_weeks=50)
    efficacy, trust, satisfaction = h.efficacy.copy(), h.trust.copy(), h.satisfaction.copy()
    model.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(model, 10)
    book = model.problems
    assert book.neglected[late[0]] and book.escalated[late[0]]
    assert book.known_step[late[0]] == 10  # the hotline makes it known
    assert not book.neglected[patient[0]] and book.known_step[patient[0]] == NOT_YET
    assert h.efficacy[3] == pytest.approx(efficacy[3] * 0.8)
    assert h.trust[3] == pytest.approx(trust[3] * 0.85)
    assert h.satisfaction[3] == pytest.approx(satisfaction[3] * 0.7)
    assert h.efficacy[4] == pytest.approx(efficacy[4], abs=1e-12)
    assert model.complaints.sum() == 1 and model.complaints[book.compound[late[0]]] == 1
    assert model.property_complaints.sum() == 1  # a repair is a complaint about the property firm
    assert model.pending_paperwork == pytest.approx(0.5)
    # Neglect is counted once.
    feedback.learn(model, 11)
    assert h.efficacy[3] == pytest.approx(efficacy[3] * 0.8) and model.complaints.sum() == 1

    calm = make_model(p_hotline_escalation=0.0, p_give_up_week=0.0)
    ids = add_problems(calm, [3], REPAIR, arisen_step=0, patience_weeks=1)
    calm.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(calm, 5)
    assert calm.problems.neglected[ids[0]] and not calm.problems.escalated[ids[0]]


def test_trust_decays_without_visits(make_model):
    model = make_model(trust_decay_week=0.1, trust_floor=0.2)
    h = model.households
    visited = np.arange(h.count) % 2 == 0
    h.last_visit_step = np.where(visited, 9, NEVER)
    trust = h.trust.copy()
    model.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(model, 10)
    np.testing.assert_allclose(h.trust[visited], trust[visited])
    np.testing.assert_allclose(h.trust[~visited], trust[~visited] - 0.1 * (trust[~visited] - 0.2))


def test_giving_up_removes_only_neglected_untouched_everyday_problems(make_model, add_problems):
    model = make_model(p_give_up_week=1.0, p_hotline_escalation=0.0)
    neglected, dispatched, worked_on, fresh = add_problems(model, [0, 1, 2, 3], REPAIR, arisen_step=0, patience_weeks=2)
    (major,) = add_problems(model, [4], CROSS_ACTOR, arisen_step=0, patience_weeks=2)
    book = model.problems
    book.patience_weeks[fresh] = 100
    dispatch_as(model, np.array([dispatched, worked_on]), model.firm_actor[book.compound[dispatched]])
    book.effort_done[worked_on] = 0.1
    model.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(model, 5)
    # Neglected and nothing done yet: given up, dispatched or not; work started, a fresh problem,
    # or a major work (the compound's collective agenda): kept.
    assert book.withdrawn_step[neglected] == 5 and book.withdrawn_step[dispatched] == 5
    for kept in (worked_on, fresh, major):
        assert book.withdrawn_step[kept] == NOT_YET
    np.testing.assert_array_equal(np.sort(book.open_ids), sorted([worked_on, fresh, major]))
    assert model.counts["withdrawn"] == 2


# ====================================================================== standing
def test_dissatisfied_residents_pay_fewer_fees(make_model):
    model = make_model(fee_payment_floor=0.4, low_income_payment_factor=0.8, fee_collection_base=0.9)
    h = model.households
    rates = []
    for satisfaction in (0.1, 0.9):
        h.satisfaction[:] = satisfaction
        feedback.update_standing(model)
        rates.append(model.fee_collection_rate.copy())
    occupied = model.households_per_compound > 0
    assert np.all(rates[0][occupied] < rates[1][occupied])
    assert np.all(rates[1] <= 0.9)
    h.satisfaction[:] = 1.0
    h.low_income[:] = False
    feedback.update_standing(model)
    np.testing.assert_allclose(model.fee_collection_rate[occupied], 0.9)
    h.low_income[:] = True
    feedback.update_standing(model)
    np.testing.assert_allclose(model.fee_collection_rate[occupied], 0.9 * 0.8)
    h.satisfaction[:] = 0.0
    feedback.update_standing(model)
    np.testing.assert_allclose(model.fee_collection_rate[occupied], 0.9 * 0.8 * 0.4)


def test_committee_legitimacy_follows_its_compounds_participation(make_model):
    model = make_model(legitimacy_reference_participation=0.2, legitimacy_adjustment_week=0.5)
    model.legitimacy[:] = 0.5
    model.compound_participation = np.array([0.0, 0.1, 0.2, 0.6])
    feedback.update_standing(model)
    np.testing.assert_allclose(model.legitimacy, 0.5 + 0.5 * (np.array([0.0, 0.5, 1.0, 1.0]) - 0.5))


def test_firm_pool_commitment_fades_while_the_pool_returns_little(make_model):
    model = make_model(firm_pool_fade_week=0.1)
    firms = model.firm_actor
    model.pool_contributed[firms] = [1.0, 1.0, 1.0, 0.0]
    model.pool_received[firms] = [0.2, 0.6, 2.0, 0.0]
    model.firm_pool_commitment[:] = [1.0, 0.5, 0.5, 0.7]
    feedback.update_standing(model)
    np.testing.assert_allclose(model.firm_pool_commitment, [0.9, 0.6, 0.6, 0.7])


def test_firms_carry_no_unused_reputation(make_model):
    # The first version computed a reputation that nothing read; it was removed rather than left inert.
    model = make_model()
    assert not any(hasattr(firm, "reputation") for firm in model.firm_of_compound)
