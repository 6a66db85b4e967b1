"""Role-play choices override single actors' decisions in the mechanism they feed; replaying them reproduces a run.

Each choice field of :mod:`sim.model.decisions` is tested on a small hand-built case in which the
choice changes what its mechanism does; the last tests feed a run's own recorded decisions
(``model.taken``) back as ``model.decisions`` and require the very same run.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from mechanism_helpers import (
    ACTIVE_MEMBERS,
    FOUR_COMPOUNDS,
    QUIET_RESIDENTS,
    busiest_building,
    assign_to,
    give_core_time,
    households_of_building,
)

from sim.model import CoGovernanceModel
from sim.model.agents import CORE
from sim.model.decisions import (
    CommitteeChoice,
    CoreChoice,
    FirmChoice,
    MemberChoice,
    OrganisationChoice,
    ResidentChoice,
    WeekDecisions,
)
from sim.model.households import NEVER
from sim.model.mechanisms import channels, coordination, dispatch, money, outreach, participation, reporting, work
from sim.model.problems import (
    ALL_PARTIES,
    CROSS_ACTOR,
    DISPUTES,
    NEEDS_COMMITTEE,
    NEEDS_CORE,
    NOT_YET,
    REPAIR,
    SERVICES,
)


def choose(model, **groups) -> WeekDecisions:
    """Make ``groups`` (as WeekDecisions fields) this week's choices, as ``step`` does at its start."""
    decisions = WeekDecisions(**groups)
    decisions.validate(model)
    model.choices.start_week(decisions, None)
    model._choose_domains()
    return decisions


# ====================================================================== residents
def test_resident_report_choice(make_model, add_problems):
    quiet = make_model(patrol_intensity=0.0, **QUIET_RESIDENTS)
    give_core_time(quiet, 10.0)
    ids = add_problems(quiet, [0, 1, 2])
    choose(quiet, residents={1: ResidentChoice(report=True)})
    reporting.report_and_patrol(quiet, 1)
    np.testing.assert_array_equal(quiet.problems.known_step[ids], [NOT_YET, 1, NOT_YET])
    assert quiet.problems.reported_by_resident[ids[1]]

    eager = make_model(patrol_intensity=0.0, report_intercept=20.0)
    give_core_time(eager, 10.0)
    ids = add_problems(eager, [0, 1, 1, 2])
    choose(eager, residents={1: ResidentChoice(report=False)})
    reporting.report_and_patrol(eager, 1)
    np.testing.assert_array_equal(eager.problems.known_step[ids], [1, NOT_YET, NOT_YET, 1])


def test_resident_participate_choice(make_model):
    model = make_model(participation_rule="threshold", social_organisations=0)
    h = model.households
    h.threshold[:] = 1.0
    h.efficacy[:] = 0.0
    h.mobilised_until[:] = NEVER
    choose(model, residents={3: ResidentChoice(participate=True), 4: ResidentChoice(participate=True)})
    participation.participate(model, 1)
    np.testing.assert_array_equal(np.flatnonzero(h.participating), [3, 4])
    h.threshold[:] = 0.0
    choose(model, residents={3: ResidentChoice(participate=False)})
    participation.participate(model, 2)
    assert not h.participating[3] and h.participating.sum() == h.count - 1


def test_a_chosen_participation_is_what_the_aspiration_rule_learns_from(make_model):
    model = make_model(participation_rule="aspiration", volunteer_incentive=0.0, aspiration_learning_rate=0.2,
                       aspiration_habituation=0.1, aspiration_time_cost=0.0, social_organisations=0)
    h = model.households
    h.time_availability[:] = 1.0
    h.mobilised_until[:] = NEVER
    h.propensity[:] = 0.001  # the simulation would have them stay out
    h.aspiration[:] = 0.0
    model.building_responsiveness = np.ones(model.n_buildings)  # taking part pays 1
    others = {i: ResidentChoice(participate=False) for i in range(1, h.count)}
    choose(model, residents={0: ResidentChoice(participate=True), **others})
    participation.participate(model, 1)
    assert h.participating[0] and not h.participating[1:].any()
    # Household 0 took part and was rewarded: its propensity rises, its aspiration moves toward the payoff.
    assert h.propensity[0] == pytest.approx(0.001 + 0.2 * 1.0 * (1 - 0.001))
    assert h.aspiration[0] == pytest.approx(0.1)
    assert h.propensity[1] == pytest.approx(0.001) and h.aspiration[1] == 0.0


def test_resident_volunteer_choice(make_model):
    model = make_model(participation_rule="threshold", social_organisations=0, volunteer_effort_per_participant=0.5)
    h = model.households
    h.threshold[:] = 0.0  # everyone takes part
    building = busiest_building(model)
    inside = households_of_building(model, building)
    choose(model, residents={int(i): ResidentChoice(volunteer=False) for i in inside})
    participation.participate(model, 1)
    assert h.participating[inside].all()
    assert model.building_volunteer_effort[building] == 0.0
    assert model.building_volunteer_effort.sum() > 0
    # Volunteering needs taking part: a non-participant who chooses to volunteer gives nothing.
    h.threshold[:] = 1.0
    h.efficacy[:] = 0.0
    h.participating[:] = False
    choose(model, residents={int(inside[0]): ResidentChoice(volunteer=True)})
    participation.participate(model, 2)
    assert model.volunteer_effort == 0.0


# ====================================================================== Party members
def test_member_visit_choice(make_model):
    model = make_model(seed=2, visits_per_member_week=0.0, social_organisations=0, **ACTIVE_MEMBERS)
    member = int(np.flatnonzero(model.member_household >= 0)[0])
    neighbours = households_of_building(model, int(model.member_building[member]))[:2]
    trust = model.households.trust.copy()
    choose(model, members={member: MemberChoice(visit=tuple(int(i) for i in neighbours))})
    outreach.reach_out(model, 5)
    h = model.households
    np.testing.assert_array_equal(np.flatnonzero(h.last_visit_step == 5), np.sort(neighbours))
    assert np.all(h.trust[neighbours] > trust[neighbours])
    # A member who chooses to visit no one replaces their drawn visits.
    busy = make_model(seed=2, visits_per_member_week=20.0, social_organisations=0, in_service_members=0,
                      **ACTIVE_MEMBERS)
    choose(busy, members={m: MemberChoice(visit=()) for m in range(len(busy.member_building))})
    outreach.reach_out(busy, 5)
    assert not (busy.households.last_visit_step == 5).any()


def test_member_attend_meeting_choice(make_model, add_problems):
    model = make_model(empowerment=1.0, committee_formation_unaided=0.0, embedding=1.0, p_commit_meeting=0.0,
                       p_commit_independent=0.0, embedded_commit_bonus=1.0, meeting_interval_steps=4, **ACTIVE_MEMBERS)
    ids = add_problems(model, np.arange(40), CROSS_ACTOR, known_step=0)
    book = model.problems
    firms = model.firm_actor[book.compound[ids]]
    assign_to(model, ids, firms, needs=ALL_PARTIES, committed=NEEDS_COMMITTEE | NEEDS_CORE)
    holders = model.post_holder[model.firm_actor]
    stays_away = int(holders[0])
    choose(model, members={stays_away: MemberChoice(attend_meeting=False)})
    give_core_time(model, 100.0)
    coordination.convene(model, 4)
    coordination.coordinate(model, 4)
    # Only the firm was missing; it agrees exactly where its embedded member came to the table.
    ahead = book.committed[ids] == ALL_PARTIES
    np.testing.assert_array_equal(ahead, book.compound[ids] != 0)


# ====================================================================== firms and committees
def test_firm_effort_choice(make_model, add_problems):
    model = make_model(firm_profit_pressure=0.8, committee_formation_unaided=0.0, firm_capacity_per_1000=200.0,
                       **FOUR_COMPOUNDS)
    assert model.n_compounds == 4 and (model.committee_actor < 0).all()
    assert (model.post_holder[model.firm_actor] < 0).all()  # no embedded member supervises a firm
    homes = [int(np.flatnonzero(model.households.compound == c)[0]) for c in (0, 1)]
    ids = add_problems(model, homes, REPAIR, effort=1.0)
    assign_to(model, ids, model.firm_actor[[0, 1]])
    choose(model, firms={0: FirmChoice(effort=0.0), 1: FirmChoice(effort=1.0)})
    give_core_time(model, 0.0)
    work.work(model, 1)
    # A firm's capacity is the staff its collected fees pay for, times the share of it put into residents' problems.
    staff = money.staff_paid_by_fees(model)
    np.testing.assert_allclose(model.firm_staff, staff)
    assert staff[1] >= 1.0  # enough for the problem when nothing is diverted
    assert model.actor_capacity[model.firm_actor[0]] == 0.0
    assert model.actor_capacity[model.firm_actor[1]] == pytest.approx(staff[1])
    # Simulated, unsupervised (no committee, no embedded member): shirks profit_pressure of its staff.
    np.testing.assert_allclose(model.actor_capacity[model.firm_actor[2:]], staff[2:] * 0.2)
    np.testing.assert_array_equal(model.problems.resolved_step[ids], [NOT_YET, 1])


def test_firm_join_pool_choice(make_model):
    model = make_model(pooling=0.5)
    income = money.incomes(model)
    choose(model, firms={0: FirmChoice(join_pool=False)})
    money.fund(model)
    contributed = model.pool_contributed[model.firm_actor]
    assert contributed[0] == 0.0
    np.testing.assert_allclose(contributed[1:], 0.5 * income[model.firm_actor[1:]])


def test_committee_approve_works_choice(make_model, add_problems):
    def owners_agree(p_commit_independent, legitimacy, compound, approve):
        """Which compounds' owners commit to their major work this week, one committee's choice given."""
        model = make_model(empowerment=1.0, committee_formation_unaided=1.0, embedding=0.0,
                           p_commit_independent=p_commit_independent, **FOUR_COMPOUNDS)
        assert (model.committee_actor >= 0).all()
        model.legitimacy[:] = legitimacy
        homes = [int(np.flatnonzero(model.households.compound == c)[0]) for c in range(4)]
        ids = add_problems(model, homes, CROSS_ACTOR, known_step=0)
        assign_to(model, ids, model.firm_actor[range(4)], needs=ALL_PARTIES)
        choose(model, committees={compound: CommitteeChoice(approve_works=approve)})
        coordination.coordinate(model, 1)
        return list((model.problems.committed[ids] & NEEDS_COMMITTEE) > 0)

    assert owners_agree(0.0, 0.0, 0, True) == [True, False, False, False]
    assert owners_agree(1.0, 1.0, 2, False) == [True, True, False, True]


def test_committee_supervise_choice(make_model):
    model = make_model(committee_formation_unaided=1.0, committee_supervision=0.8, embedded_supervision=0.0,
                       firm_profit_pressure=0.5, **FOUR_COMPOUNDS)
    model.legitimacy[:] = 1.0
    choose(model, committees={1: CommitteeChoice(supervise=False)})
    np.testing.assert_allclose(work.firm_supervision(model), [0.8, 0.0, 0.8, 0.8])
    np.testing.assert_allclose(work.firm_effort_share(model), [0.9, 0.5, 0.9, 0.9])


# ====================================================================== organisations and the core
def test_organisation_domain_choice(make_model, add_problems):
    model = make_model(social_organisations=4, p_dispute_to_organisation=1.0)
    mediation = int(model.organisations_by_domain()["mediation"][0])
    volunteering = int(model.organisations_by_domain()["volunteering"][0])
    single = model.organised_volunteer_capacity()
    choose(model, organisations={mediation: OrganisationChoice(domain="care"),
                                 volunteering: OrganisationChoice(domain="care")})
    assert model.organised_volunteer_capacity() == 0.0 < single
    ids = add_problems(model, np.arange(30), SERVICES, known_step=0)
    disputes = add_problems(model, np.arange(5), DISPUTES, known_step=0)
    model.problems.route_draw[np.r_[ids, disputes]] = np.random.default_rng(1).random(len(ids) + len(disputes))
    channels.take_in(model, 1)  # services reach a care organisation; disputes a mediation one, if any serves
    care = set(model.organisations_by_domain()["care"])
    assert {mediation, volunteering} <= care
    assert set(model.problems.actor[ids]) <= care and mediation in set(model.problems.actor[ids])
    assert np.all(model.problems.actor[disputes] == CORE)  # no mediation organisation left: the core takes disputes
    assert np.all(model.problems.assigned_step[np.r_[ids, disputes]] == 1)


def test_core_dispatch_priority_choice(make_model, add_problems):
    def dispatched(priority):
        """Which of the core's work orders it dispatches with time for two: escalated repairs, then major works."""
        model = make_model(dispatch_effort_per_problem=1.0, digital_platform=False)
        book = model.problems
        repairs = add_problems(model, np.arange(3), REPAIR, known_step=0)
        assign_to(model, repairs, model.firm_actor[book.compound[repairs]])
        book.escalated_step[repairs] = 1
        book.in_core_queue[repairs] = True  # hotline complaints about them wait for the core
        works = add_problems(model, np.arange(2), CROSS_ACTOR, known_step=3)
        channels.take_in(model, 3)
        assert book.in_core_queue[works].all() and np.all(book.assigned_step[works] == NOT_YET)
        choose(model, core=CoreChoice(dispatch_priority=priority))
        core = give_core_time(model, 2.0)
        dispatch.dispatch(model, 4)
        assert core.left == pytest.approx(0.0)
        return model, repairs, works

    # Simulated: escalations first, so two of the repairs are supervised and the works wait.
    model, repairs, works = dispatched(None)
    book = model.problems
    np.testing.assert_array_equal(book.supervised[repairs], [True, True, False])
    assert book.in_core_queue[works].all() and np.all(book.assigned_step[works] == NOT_YET)
    # The secretary puts major works first: both go to their firm with every party's commitment needed.
    model, repairs, works = dispatched("cross_actor")
    book = model.problems
    assert np.all(book.assigned_step[works] == 4) and not book.in_core_queue[works].any()
    np.testing.assert_array_equal(book.actor[works], model.firm_actor[book.compound[works]])
    assert np.all(book.needs[works] & ALL_PARTIES == ALL_PARTIES)
    assert book.in_core_queue[repairs].all() and not book.supervised[repairs].any()
    np.testing.assert_array_equal(book.assigned_step[repairs], [0, 0, 0])  # their responder keeps them


def test_core_hold_meeting_choice(make_model):
    model = make_model(meeting_interval_steps=0, meeting_staff_effort=2.0)
    core = give_core_time(model, 5.0)
    choose(model, core=CoreChoice(hold_meeting=True))
    coordination.convene(model, 3)
    assert model.meeting_held and core.left == pytest.approx(3.0)
    scheduled = make_model(meeting_interval_steps=4)
    core = give_core_time(scheduled, 5.0)
    choose(scheduled, core=CoreChoice(hold_meeting=False))
    coordination.convene(scheduled, 4)
    assert not scheduled.meeting_held and core.left == 5.0


def test_core_pool_priority_choice(make_model, add_problems):
    def pool_money(priority, owner_share=0.0):
        """Pool money granted to (a repair, a major work) when the pool holds 2 and each needs 2."""
        model = make_model(pooling=0.0, subdistrict_funding_share=0.0, owner_contribution_share=owner_share)
        model.actor_budget[:] = -money.incomes(model)  # nothing in any budget this week
        model.pool_balance = 2.0
        repair = add_problems(model, [0], REPAIR, money=2.0)
        major = add_problems(model, [1], CROSS_ACTOR, money=2.0)
        assign_to(model, repair, model.firm_actor[model.problems.compound[repair]], t=1)
        firm = model.firm_actor[model.problems.compound[major]]
        assign_to(model, major, firm, t=0, needs=ALL_PARTIES, committed=ALL_PARTIES)
        choose(model, core=CoreChoice(pool_priority=priority))
        money.fund(model)
        book = model.problems
        funded = 2.0 if priority is None else owner_share * 2.0
        assert book.co_funded[major[0]] and book.money_funded[major[0]] == pytest.approx(funded)
        return book.pool_money[repair[0]], book.pool_money[major[0]]

    assert pool_money(None) == (0.0, 2.0)  # simulated: major works first
    assert pool_money("repair") == (2.0, 0.0)
    # The owners pay their share of a major work first (业主自筹), so the pool has money left for the repair.
    assert pool_money(None, owner_share=0.25) == pytest.approx((0.5, 1.5))


def test_a_choice_changes_only_its_own_actor(make_model, add_problems):
    def reported(decisions):
        model = make_model(seed=4, patrol_intensity=0.0, report_intercept=0.0, report_weight_efficacy=0.0,
                           report_weight_trust=0.0)
        give_core_time(model, 10.0)
        ids = add_problems(model, np.arange(model.households.count))
        model.choices.start_week(decisions, None)
        reporting.report_and_patrol(model, 1)
        return model.problems.known_step[ids] == 1

    simulated = reported(None)
    chosen = reported(WeekDecisions(residents={5: ResidentChoice(report=not simulated[5])}))
    assert chosen[5] != simulated[5]
    others = np.arange(len(simulated)) != 5
    np.testing.assert_array_equal(chosen[others], simulated[others])


# ====================================================================== replaying a run's own decisions
REPLAY = {"width": 20, "height": 20, "embedding": 1.0, "pooling": 0.5, "meeting_interval_steps": 4,
          "core_staff_per_1000": 40.0, "committee_formation_unaided": 1.0}
WEEKS = 52


def _watch(model) -> WeekDecisions:
    """Watch a building's residents, an embedded member, a firm, a committee, an organisation and the core."""
    residents = households_of_building(model, busiest_building(model))
    member = int(model.post_holder[model.firm_actor[0]])
    committee = next(iter(model.committee_of_compound))
    return WeekDecisions(
        residents={int(i): ResidentChoice() for i in residents},
        members={member: MemberChoice()},
        firms={0: FirmChoice()},
        committees={committee: CommitteeChoice()},
        organisations={int(model.organisation_actor_ids[0]): OrganisationChoice()},
        core=CoreChoice(),
    )


def _frame(model):
    return model.datacollector.get_model_vars_dataframe()


@pytest.fixture(scope="module")
def watched_run():
    plain = CoGovernanceModel(rng=3, **REPLAY)
    watched = CoGovernanceModel(rng=3, **REPLAY)
    watched.watch = _watch(watched)
    taken = []
    for _ in range(WEEKS):
        plain.step()
        watched.step()
        taken.append(watched.taken)
    return plain, watched, taken


def test_watching_changes_nothing_and_records_every_watched_decision(watched_run):
    plain, watched, taken = watched_run
    assert _frame(watched).equals(_frame(plain))
    assert plain.meetings_held > 0
    watch = watched.watch
    for week in taken:
        assert set(week.residents) <= set(watch.residents) and set(week.members) == set(watch.members)
        assert set(week.firms) == set(watch.firms) and set(week.committees) == set(watch.committees)
        assert set(week.organisations) == set(watch.organisations) and week.core is not None
        firm = week.firms[0]
        assert firm.join_pool is True and 0.0 <= firm.effort <= 1.0
        (committee,) = week.committees.values()
        assert committee.approve_works is not None and committee.supervise is not None
        assert all(r.participate is not None and r.volunteer is not None for r in week.residents.values())
    assert sum(week.core.hold_meeting for week in taken) == plain.meetings_held
    assert any(r.report is not None for week in taken for r in week.residents.values())
    (member,) = watch.members
    assert any(week.members[member].visit for week in taken)
    assert any(week.members[member].attend_meeting is not None for week in taken)


def test_replaying_the_taken_decisions_reproduces_the_run(watched_run):
    plain, _, taken = watched_run
    replay = CoGovernanceModel(rng=3, **REPLAY)
    for decisions in taken:
        replay.decisions = decisions
        replay.step()
    assert _frame(replay).equals(_frame(plain))
    np.testing.assert_array_equal(replay.households.trust, plain.households.trust)
    np.testing.assert_array_equal(replay.problems.column("resolved_step"), plain.problems.column("resolved_step"))


def test_replaying_changed_decisions_changes_the_run(watched_run):
    # The replay comparison has power: one firm working less for a few weeks shows in the outcomes.
    plain, _, taken = watched_run
    replay = CoGovernanceModel(rng=3, **REPLAY)
    for week, decisions in enumerate(taken):
        if 10 <= week < 20:
            decisions = dataclasses.replace(decisions, firms={0: FirmChoice(effort=0.0)})
        replay.decisions = decisions
        replay.step()
    assert not _frame(replay).equals(_frame(plain))


def test_taken_decisions_are_valid_decisions(watched_run):
    plain, _, taken = watched_run
    for week, decisions in enumerate(taken):
        assert decisions.problems(plain) == [], week


def test_replaying_reports_reproduces_them(make_model, add_problems):
    def run(decisions, watch):
        model = make_model(seed=8, patrol_intensity=0.0, report_intercept=0.0, report_weight_efficacy=0.0,
                           report_weight_trust=0.0)  # each problem reported with probability 1/2
        give_core_time(model, 10.0)
        ids = add_problems(model, np.repeat([0, 1, 2], 6))
        model.choices.start_week(decisions, watch)
        reporting.report_and_patrol(model, 1)
        return model.problems.known_step[ids] == 1, model.choices

    watch = WeekDecisions(residents={0: ResidentChoice(), 1: ResidentChoice(), 2: ResidentChoice()})
    simulated, choices = run(None, watch)
    for household in range(3):  # one decision per household and week: all of its problems or none
        assert simulated[6 * household : 6 * household + 6].all() or not simulated[6 * household : 6 * household + 6].any()
    taken = WeekDecisions(residents={k: ResidentChoice(**v) for k, v in choices.taken["residents"].items()})
    replayed, _ = run(taken, None)
    np.testing.assert_array_equal(replayed, simulated)
