"""Major works wait for every party; joint meetings decide jointly and cost the core staff time."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import ACTIVE_MEMBERS, assign_to, give_core_time

from sim.model.mechanisms import coordination, dispatch, money, work
from sim.model.problems import (
    ALL_PARTIES,
    CROSS_ACTOR,
    NEEDS_APPROVAL,
    NEEDS_COMMITTEE,
    NEEDS_CORE,
    NEEDS_FIRM,
    NOT_YET,
    REPAIR,
)


def _cross_actor_model(make_model, add_problems, n=20, committed=0, **parameters):
    """A model with ``n`` dispatched major works waiting for commitment (no committees, no approval wait)."""
    parameters = {"empowerment": 1.0, "committee_formation_unaided": 0.0, "consent_without_committee_factor": 1.0,
                  "embedding": 0.0, **parameters}
    model = make_model(**parameters)
    ids = add_problems(model, np.arange(n) % model.households.count, CROSS_ACTOR, effort=1.0, money=0.0, known_step=0)
    assign_to(model, ids, model.firm_actor[model.problems.compound[ids]], needs=ALL_PARTIES, committed=committed)
    return model, ids


def _hold_meeting(model, t: int = 4) -> None:
    give_core_time(model, 100.0)
    model.p = model.p.model_copy(update={"meeting_interval_steps": t})
    coordination.convene(model, t)
    assert model.meeting_held


def _gone_ahead(model, ids) -> np.ndarray:
    committed = model.problems.committed[ids]
    return committed == ALL_PARTIES


def test_cross_actor_work_waits_for_every_party(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, n=1, contractor_effort_per_week=5.0)
    book = model.problems
    book.committed[ids] = NEEDS_FIRM | NEEDS_CORE  # the owners have not agreed yet
    give_core_time(model, 100.0)
    money.fund(model)
    work.work(model, 1)
    assert book.resolved_step[ids[0]] == NOT_YET and book.effort_done[ids[0]] == 0
    book.committed[ids] |= NEEDS_COMMITTEE
    work.work(model, 2)
    assert book.resolved_step[ids[0]] == 2


def test_without_meetings_fragmented_actors_rarely_commit(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, p_commit_independent=0.0, meeting_interval_steps=0)
    for t in range(1, 10):
        coordination.coordinate(model, t)
    assert np.all(model.problems.committed[ids] == 0)
    model, ids = _cross_actor_model(make_model, add_problems, p_commit_independent=1.0, meeting_interval_steps=0)
    coordination.coordinate(model, 1)
    assert np.all(model.problems.committed[ids] == ALL_PARTIES)


def test_between_meetings_each_party_commits_on_its_own(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, n=3000, p_commit_independent=0.5,
                                    consent_without_committee_factor=0.5)
    coordination.coordinate(model, 1)
    bits = model.problems.committed[ids]
    share = {bit: ((bits & bit) > 0).mean() for bit in (NEEDS_COMMITTEE, NEEDS_FIRM, NEEDS_CORE)}
    sd = np.sqrt(0.25 / len(ids))
    assert abs(share[NEEDS_COMMITTEE] - 0.25) < 4 * sd  # owners without a committee: factor x p
    assert abs(share[NEEDS_FIRM] - 0.5) < 4 * sd and abs(share[NEEDS_CORE] - 0.5) < 4 * sd
    partial = (bits != 0) & (bits != ALL_PARTIES)
    assert partial.mean() > 0.5  # parties commit separately


def test_joint_meetings_raise_commitment_in_the_weeks_they_are_held(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, p_commit_independent=0.0, meeting_interval_steps=4,
                                    p_commit_meeting=1.0)
    give_core_time(model, 100.0)
    coordination.convene(model, 3)  # no meeting this week
    coordination.coordinate(model, 3)
    assert np.all(model.problems.committed[ids] == 0)
    coordination.convene(model, 4)  # joint meeting
    coordination.coordinate(model, 4)
    assert np.all(model.problems.committed[ids] == ALL_PARTIES)


def test_joint_meeting_commits_all_parties_at_once_or_none(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, n=3000, p_commit_meeting=0.5, p_commit_independent=0.0)
    _hold_meeting(model)
    coordination.coordinate(model, 4)
    bits = model.problems.committed[ids]
    assert set(np.unique(bits)) == {0, ALL_PARTIES}
    expected = 0.5**3  # owners' consent, firm and core together
    assert abs(_gone_ahead(model, ids).mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / len(ids))


@pytest.mark.parametrize(("already", "missing"), [(NEEDS_FIRM | NEEDS_CORE, 1), (NEEDS_FIRM, 2), (0, 3)])
def test_meeting_chance_falls_with_the_number_of_uncommitted_parties(make_model, add_problems, already, missing):
    model, ids = _cross_actor_model(make_model, add_problems, n=3000, committed=already, p_commit_meeting=0.6,
                                    p_commit_independent=0.0)
    _hold_meeting(model)
    coordination.coordinate(model, 4)
    bits = model.problems.committed[ids]
    assert set(np.unique(bits)) <= {already, ALL_PARTIES}
    expected = 0.6**missing
    assert abs(_gone_ahead(model, ids).mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / len(ids))


def test_an_attending_embedded_member_raises_the_firms_agreement_at_a_meeting(make_model, add_problems):
    rates = {}
    for embedding in (0.0, 1.0):
        model, ids = _cross_actor_model(make_model, add_problems, n=3000, embedding=embedding, p_commit_meeting=0.5,
                                        p_commit_independent=0.0, embedded_commit_bonus=1.0, **ACTIVE_MEMBERS)
        _hold_meeting(model)
        coordination.coordinate(model, 4)
        rates[embedding] = _gone_ahead(model, ids).mean()
    assert np.all(model.post_holder[model.firm_actor] >= 0)
    # The firm agrees for sure with its embedded member at the table: 0.5 x 0.5 instead of 0.5 x 0.5 x 0.5.
    assert abs(rates[0.0] - 0.125) < 0.03 and abs(rates[1.0] - 0.25) < 0.035


def test_a_formal_member_stays_away_from_the_meeting(make_model, add_problems):
    # Attendance follows the member's effective activeness: with formalism 0.95 the bonus nearly vanishes.
    model, ids = _cross_actor_model(make_model, add_problems, n=3000, embedding=1.0, p_commit_meeting=0.5,
                                    p_commit_independent=0.0, embedded_commit_bonus=1.0,
                                    **{**ACTIVE_MEMBERS, "formalism": 0.95})
    _hold_meeting(model)
    coordination.coordinate(model, 4)
    assert abs(_gone_ahead(model, ids).mean() - 0.125) < 0.04


def test_committee_legitimacy_decides_its_compounds_works_together_at_a_meeting(make_model, add_problems):
    for legitimacy, expected in ((0.0, 0.0), (1.0, 1.0)):
        model, ids = _cross_actor_model(make_model, add_problems, n=200, committee_formation_unaided=1.0,
                                        p_commit_meeting=1.0, p_commit_independent=0.0)
        model.legitimacy[:] = legitimacy
        _hold_meeting(model)
        coordination.coordinate(model, 4)
        assert _gone_ahead(model, ids).mean() == expected
    # At legitimacy 0.5 the committee's one decision per meeting covers all its compound's works.
    model, ids = _cross_actor_model(make_model, add_problems, n=200, committee_formation_unaided=1.0,
                                    p_commit_meeting=1.0, p_commit_independent=0.0)
    model.legitimacy[:] = 0.5
    _hold_meeting(model)
    coordination.coordinate(model, 4)
    compound = model.problems.compound[ids]
    ahead = _gone_ahead(model, ids)
    for c in np.unique(compound):
        assert len(np.unique(ahead[compound == c])) == 1


def test_meeting_costs_the_core_its_staff_effort_in_the_week_held(make_model):
    model = make_model(meeting_interval_steps=4, meeting_staff_effort=2.0)
    core = give_core_time(model, 5.0)
    coordination.convene(model, 3)  # not a meeting week
    assert not model.meeting_held and core.left == 5.0 and model.meetings_held == 0
    coordination.convene(model, 4)
    assert model.meeting_held and core.left == pytest.approx(3.0) and model.meetings_held == 1
    # Not held when the core lacks the time, and then it costs nothing.
    core = give_core_time(model, 1.5)
    coordination.convene(model, 8)
    assert not model.meeting_held and core.left == 1.5 and model.meetings_held == 1
    never = make_model(meeting_interval_steps=0)
    give_core_time(never, 100.0)
    coordination.convene(never, 0)
    assert not never.meeting_held


def test_meeting_time_is_taken_before_dispatch(make_model, add_problems):
    dispatched = []
    for interval in (0, 1):
        model = make_model(meeting_interval_steps=interval, meeting_staff_effort=2.0, dispatch_effort_per_problem=0.5)
        ids = add_problems(model, np.arange(6), CROSS_ACTOR, known_step=0)
        model.problems.in_core_queue[ids] = True  # six major works wait for the core's dispatch
        give_core_time(model, 3.0)
        coordination.convene(model, 1)
        dispatch.dispatch(model, 1)
        dispatched.append(int((model.problems.assigned_step[ids] == 1).sum()))
    assert dispatched == [6, 2]


def test_meetings_in_a_run_cost_core_time_every_week_they_are_held(make_model):
    def capacity_left_for_work(interval):
        model = make_model(seed=2, width=20, height=20, core_staff_per_1000=40.0, meeting_interval_steps=interval,
                           meeting_staff_effort=3.0, patrol_intensity=0.0, problem_rate_per_household_week=0.0)
        model.step()
        return model.meetings_held, model.core_time.left

    (none, left_without), (held, left_with) = capacity_left_for_work(0), capacity_left_for_work(1)
    assert none == 0 and held == 1
    assert left_without - left_with == pytest.approx(3.0)


def test_embedded_members_broker_commitment_between_meetings(make_model, add_problems):
    committed = {}
    for embedding, formalism in ((0.0, 0.0), (1.0, 0.0), (1.0, 0.5)):
        model, ids = _cross_actor_model(make_model, add_problems, n=3000, p_commit_independent=0.05,
                                        embedded_commit_bonus=0.5, embedding=embedding,
                                        **{**ACTIVE_MEMBERS, "formalism": formalism})
        coordination.coordinate(model, 1)
        bits = model.problems.committed[ids]
        committed[embedding, formalism] = (((bits & NEEDS_FIRM) > 0).mean(), ((bits & NEEDS_CORE) > 0).mean())
    assert abs(committed[0.0, 0.0][0] - 0.05) < 0.02
    assert abs(committed[1.0, 0.0][0] - 0.55) < 0.04  # p + bonus x activeness 1
    assert abs(committed[1.0, 0.5][0] - 0.30) < 0.04  # formalism halves the member's effect
    # The core's commitment does not depend on embedding (no bonus straight from the lever).
    assert committed[0.0, 0.0][1] == committed[1.0, 0.0][1] == committed[1.0, 0.5][1]


def test_sub_district_approval_arrives_after_its_wait(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, n=3, empowerment=0.0)
    book = model.problems
    book.needs[ids] = ALL_PARTIES | NEEDS_APPROVAL
    book.committed[ids] = ALL_PARTIES
    book.approval_step[ids] = 9
    coordination.coordinate(model, 8)
    assert np.all(book.committed[ids] == ALL_PARTIES)
    coordination.coordinate(model, 9)
    assert np.all(book.committed[ids] == ALL_PARTIES | NEEDS_APPROVAL)
    assert np.all(book.money_funded[ids] == 0)  # money is raised by the funding phase, not here
