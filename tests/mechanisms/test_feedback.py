"""Residents learn from answers and neglect; only the governance system's answers move efficacy and trust; standing follows."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import FOUR_COMPOUNDS, assign_to, busiest_building, households_of_building

from sim.model import measurement
from sim.model.households import ANSWERED, NEGLECTED, NEVER, NO_REPORT_YET, SELF_HELPED
from sim.model.mechanisms import exits, feedback
from sim.model.problems import (
    BY_CONTRACTORS,
    BY_CORE,
    BY_FIRM,
    BY_ORGANISATION,
    BY_VOLUNTEERS,
    CROSS_ACTOR,
    NOT_YET,
    REPAIR,
    SERVICES,
    STILL_OPEN,
)


def _resolve(model, ids, t, by):
    model.problems.close(ids, t, by)
    model.resolved_now = np.asarray(ids)
    measurement.record_resolutions(model, model.resolved_now)
    feedback.learn(model, t)


def _first_report(model, household, problem):
    h = model.households
    h.reports_made[household] = 1
    h.first_report_problem[household] = problem
    model.problems.reported_by_resident[problem] = True


def test_resolution_raises_efficacy_trust_and_satisfaction(make_model, add_problems):
    model = make_model(responsiveness_spillover=0.0, efficacy_gain_on_response=0.25, trust_gain_on_response=0.1,
                       satisfaction_weight=0.3, efficacy_weight_found=0.4)
    h = model.households
    h.last_visit_step[:] = 5  # recently visited: no trust decay
    mine, found = add_problems(model, [0, 1], REPAIR)
    _first_report(model, 0, mine)
    efficacy, trust, satisfaction = h.efficacy.copy(), h.trust.copy(), h.satisfaction.copy()
    _resolve(model, np.array([mine, found]), 5, BY_FIRM)
    assert h.efficacy[0] == pytest.approx(1 - (1 - efficacy[0]) * 0.75)
    assert h.trust[0] == pytest.approx(1 - (1 - trust[0]) * 0.9)
    assert h.satisfaction[0] == pytest.approx(1 - (1 - satisfaction[0]) * 0.7)
    assert h.first_report_outcome[0] == ANSWERED
    # A problem found for the resident counts efficacy_weight_found of a reported one; satisfaction moves fully.
    assert h.efficacy[1] == pytest.approx(1 - (1 - efficacy[1]) * 0.75**0.4)
    assert h.trust[1] == pytest.approx(1 - (1 - trust[1]) * 0.9**0.4)
    assert h.satisfaction[1] == pytest.approx(1 - (1 - satisfaction[1]) * 0.7)
    assert h.first_report_outcome[1] == NO_REPORT_YET  # household 1 never reported
    np.testing.assert_allclose(h.efficacy[2:], efficacy[2:], rtol=0, atol=1e-12)
    assert model.flows.current["resolved"].sum() == 2 and model.flows.current["resolved_by"][BY_FIRM] == 2


def test_a_late_answer_counts_efficacy_weight_late(make_model, add_problems):
    model = make_model(responsiveness_spillover=0.0, efficacy_gain_on_response=0.25, efficacy_weight_late=0.3)
    h = model.households
    h.last_visit_step[:] = 5
    (late,) = add_problems(model, [0], REPAIR)
    model.problems.reported_by_resident[late] = True
    model.problems.neglected[late] = True
    efficacy = h.efficacy.copy()
    _resolve(model, np.array([late]), 5, BY_CORE)
    assert h.efficacy[0] == pytest.approx(1 - (1 - efficacy[0]) * 0.75**0.3)


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


@pytest.mark.parametrize("by", [BY_VOLUNTEERS, BY_FIRM])
def test_a_volunteer_resolution_never_counts_as_a_governance_response(make_model, add_problems, by):
    """Volunteers' fix is self-help: the problem is gone (satisfaction rises), but it is no answer
    from the governance system: the first report stays SELF_HELPED, efficacy and trust stay put,
    no neighbour sees responsiveness, and measurement counts it as self-help (a firm's fix, the
    contrast, does all of these)."""
    model = make_model(trust_gain_on_response=0.2, efficacy_gain_on_response=0.3, satisfaction_weight=0.3,
                       responsiveness_spillover=0.5, efficacy_weight_found=1.0)
    h = model.households
    h.last_visit_step[:] = 5
    building = busiest_building(model)
    resident = households_of_building(model, building)[0]
    (problem,) = add_problems(model, [resident], SERVICES, effort=0.2)
    _first_report(model, resident, problem)
    trust, efficacy, satisfaction = h.trust.copy(), h.efficacy.copy(), h.satisfaction.copy()
    _resolve(model, np.array([problem]), 5, by)
    assert h.satisfaction[resident] == pytest.approx(1 - (1 - satisfaction[resident]) * 0.7)
    model.flows.end_week()
    outcomes = measurement.measure(model, 5)
    if by == BY_VOLUNTEERS:
        assert h.first_report_outcome[resident] == SELF_HELPED
        np.testing.assert_allclose(h.trust, trust, rtol=0, atol=1e-12)
        np.testing.assert_allclose(h.efficacy, efficacy, rtol=0, atol=1e-12)
        assert model.building_responsiveness[building] == 0.0
        assert outcomes["self_help_share"] == 1.0 and outcomes["governance_resolution_rate"] == 0.0
    else:
        assert h.first_report_outcome[resident] == ANSWERED
        assert h.trust[resident] == pytest.approx(1 - (1 - trust[resident]) * 0.8)
        assert h.efficacy[resident] > efficacy[resident]
        neighbours = (h.building == building) & (np.arange(h.count) != resident)
        assert np.all(h.efficacy[neighbours] > efficacy[neighbours])
        assert model.building_responsiveness[building] == 1.0
        assert outcomes["self_help_share"] == 0.0 and outcomes["governance_resolution_rate"] == 1.0
    assert outcomes["resolution_rate"] == 1.0  # either way the problem is resolved


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
    model = make_model(p_hotline_escalation=1.0, p_complaint_repeat_week=0.0, efficacy_loss_on_neglect=0.2,
                       trust_loss_on_neglect=0.15, satisfaction_weight=0.3, hotline_handling_effort=0.5)
    h = model.households
    h.last_visit_step[:] = 10
    late = add_problems(model, [3], REPAIR, arisen_step=0, patience_weeks=4)
    patient = add_problems(model, [4], REPAIR, arisen_step=0, patience_weeks=50)
    h.first_report_problem[3] = late[0]  # household 3's first report: its neglect is recorded
    efficacy, trust, satisfaction = h.efficacy.copy(), h.trust.copy(), h.satisfaction.copy()
    model.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(model, 10)
    book = model.problems
    assert book.neglected[late[0]] and book.escalated_step[late[0]] == 10 and book.in_core_queue[late[0]]
    assert book.complaints[late[0]] == 1
    assert book.known_step[late[0]] == 10  # the hotline makes it known
    assert not book.neglected[patient[0]] and book.known_step[patient[0]] == NOT_YET
    assert book.escalated_step[patient[0]] == NOT_YET
    assert h.efficacy[3] == pytest.approx(efficacy[3] * 0.8)
    assert h.trust[3] == pytest.approx(trust[3] * 0.85)
    assert h.satisfaction[3] == pytest.approx(satisfaction[3] * 0.7)
    assert h.first_report_outcome[3] == NEGLECTED
    assert h.efficacy[4] == pytest.approx(efficacy[4], abs=1e-12)
    complaints = model.flows.current["complaints"]
    assert complaints.sum() == 1 and complaints[book.compound[late[0]]] == 1
    assert model.flows.current["property_complaints"].sum() == 1  # a repair is a complaint about the property firm
    assert model.pending_paperwork == pytest.approx(0.5)
    # Neglect is counted once: no second loss of beliefs, no second first complaint.
    feedback.learn(model, 11)
    assert h.efficacy[3] == pytest.approx(efficacy[3] * 0.8) and model.flows.current["complaints"].sum() == 1

    calm = make_model(p_hotline_escalation=0.0, p_complaint_repeat_week=0.0)
    ids = add_problems(calm, [3], REPAIR, arisen_step=0, patience_weeks=1)
    calm.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(calm, 5)
    assert calm.problems.neglected[ids[0]] and calm.problems.escalated_step[ids[0]] == NOT_YET
    assert calm.flows.current["complaints"].sum() == 0 and calm.pending_paperwork == 0


@pytest.mark.parametrize("memory_weeks", [4, 8])
def test_trust_decays_in_households_unvisited_for_trust_visit_memory_weeks(make_model, memory_weeks):
    model = make_model(trust_decay_week=0.1, trust_floor=0.2, trust_visit_memory_weeks=memory_weeks)
    h = model.households
    last_visit = np.array([9, 4, NEVER])[np.arange(h.count) % 3]  # 1 week ago, 6 weeks ago, never
    h.last_visit_step = last_visit.copy()
    trust = h.trust.copy()
    model.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(model, 10)
    remembered = 10 - last_visit < memory_weeks
    assert remembered.any() and (~remembered).any()
    np.testing.assert_allclose(h.trust[remembered], trust[remembered])
    np.testing.assert_allclose(h.trust[~remembered], trust[~remembered] - 0.1 * (trust[~remembered] - 0.2))
    assert np.all(remembered[last_visit == 4] == (memory_weeks > 6))


def test_learning_marks_neglect_and_leaves_exits_to_their_own_phase(make_model, add_problems):
    """Learning removes nothing from the books; exits then remove the neglected problems nobody has
    started on (taken in by a responder or not) and keep work in progress, fresh problems and major works."""
    model = make_model(p_give_up_week=1.0, p_hotline_escalation=0.0, p_complaint_repeat_week=0.0, p_major_work_shelved_week=0.0)
    neglected, taken_in, worked_on, fresh = add_problems(model, [0, 1, 2, 3], REPAIR, arisen_step=0, patience_weeks=2)
    (major,) = add_problems(model, [4], CROSS_ACTOR, arisen_step=0, patience_weeks=2)
    book = model.problems
    book.patience_weeks[fresh] = 100
    assign_to(model, np.array([taken_in, worked_on]), model.firm_actor[book.compound[taken_in]])
    book.effort_done[worked_on] = 0.1
    model.resolved_now = np.zeros(0, dtype=np.int64)
    feedback.learn(model, 5)
    everything = [neglected, taken_in, worked_on, fresh, major]
    np.testing.assert_array_equal(np.sort(book.open_ids), sorted(everything))
    assert np.all(book.exit_step[everything] == NOT_YET)
    assert book.neglected[[neglected, taken_in, worked_on, major]].all() and not book.neglected[fresh]
    exits.leave_the_books(model, 5)
    assert book.exit_step[neglected] == 5 and book.exit_step[taken_in] == 5
    for kept in (worked_on, fresh, major):
        assert book.exit_step[kept] == NOT_YET and book.exit_reason[kept] == STILL_OPEN
    np.testing.assert_array_equal(np.sort(book.open_ids), sorted([worked_on, fresh, major]))
    assert model.flows.current["exits"].sum() == 2


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
    model = make_model(legitimacy_reference_participation=0.2, legitimacy_adjustment_week=0.5, **FOUR_COMPOUNDS)
    model.legitimacy[:] = 0.5
    model.compound_participation = np.array([0.0, 0.1, 0.2, 0.6])
    feedback.update_standing(model)
    np.testing.assert_allclose(model.legitimacy, 0.5 + 0.5 * (np.array([0.0, 0.5, 1.0, 1.0]) - 0.5))


@pytest.mark.parametrize(("threshold", "expected"), [(0.5, [0.9, 0.6, 0.6, 0.7]), (0.7, [0.9, 0.45, 0.6, 0.7])])
def test_firm_pool_commitment_fades_while_the_pool_returns_less_than_the_threshold(make_model, threshold, expected):
    model = make_model(firm_pool_fade_week=0.1, firm_pool_return_threshold=threshold, **FOUR_COMPOUNDS)
    firms = model.firm_actor
    model.pool_contributed[firms] = [1.0, 1.0, 1.0, 0.0]
    model.pool_received[firms] = [0.2, 0.6, 2.0, 0.0]
    model.firm_pool_commitment[:] = [1.0, 0.5, 0.5, 0.7]
    feedback.update_standing(model)
    np.testing.assert_allclose(model.firm_pool_commitment, expected)


def test_firms_carry_no_unused_reputation(make_model):
    # The first version computed a reputation that nothing read; it was removed rather than left inert.
    model = make_model()
    assert not any(hasattr(firm, "reputation") for firm in model.firm_of_compound)
