"""Each mechanism of DESIGN §5 on a small hand-built situation.

Every test builds a tiny model (10 x 10 cells), sets the state it needs directly
(``model.households`` arrays, ``model.problems``), calls one phase method and checks its effect.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from sim.model.agents import CORE
from sim.model.households import (
    NEVER,
    RETIRED,
    WORKING,
    YOUNG,
    decide_participation,
    logistic_utility,
    neighbour_share,
    report_probability,
)
from sim.model.problems import (
    ALL_PARTIES,
    BY_VOLUNTEERS,
    CROSS_ACTOR,
    DISPUTES,
    ENVIRONMENT,
    NEEDS_APPROVAL,
    NEEDS_COMMITTEE,
    NEEDS_CORE,
    NEEDS_FIRM,
    NOT_YET,
    REPAIR,
    SERVICES,
)


def households_of_building(model, building: int) -> np.ndarray:
    return np.flatnonzero(model.households.building == building)


def busiest_building(model) -> int:
    return int(np.argmax(model.building_count))


def dispatch_as(model, ids, actor, t=0, needs=0, committed=0):
    """Mark problems known and dispatched to ``actor`` with the given commitment bits."""
    book = model.problems
    book.known_step[ids] = np.where(book.known_step[ids] == NOT_YET, t, book.known_step[ids])
    book.dispatched_step[ids] = t
    book.actor[ids] = actor
    book.needs[ids] = needs
    book.committed[ids] = committed


# ====================================================================== 1. problems arise
def test_property_problems_follow_compound_condition(make_model):
    model = make_model(problem_rate_per_household_week=0.5)
    condition = np.zeros(model.n_compounds)
    condition[0] = 1.0  # only compound 0's housing stock breaks
    model.compound_condition = condition
    weeks = 40
    for t in range(1, weeks + 1):
        model._problems_arise(t)
    table = model.problem_table()
    physical = table["category"].isin(["repair", "cross_actor"]).to_numpy()
    assert np.all(table["compound"].to_numpy()[physical] == 0)
    # Other problems arise everywhere, in proportion to households.
    assert set(table["compound"].to_numpy()[~physical]) == set(np.flatnonzero(model.households_per_compound))
    # Physical arrivals scale with the summed condition (here: households of compound 0).
    p = model.p
    physical_share = p.share_repair + p.share_cross_actor
    expected_physical = p.problem_rate_per_household_week * physical_share * model.households_per_compound[0] * weeks
    expected_other = p.problem_rate_per_household_week * (1 - physical_share) * model.households.count * weeks
    assert abs(physical.sum() - expected_physical) < 4 * np.sqrt(expected_physical)
    assert abs((~physical).sum() - expected_other) < 4 * np.sqrt(expected_other)


def test_worse_condition_means_more_property_problems(make_model):
    counts = []
    for multiplier in (1.0, 3.0):
        model = make_model(problem_rate_per_household_week=0.3)
        model.compound_condition = np.full(model.n_compounds, multiplier)
        for t in range(1, 31):
            model._problems_arise(t)
        counts.append(int(model.arisen_by_category[REPAIR] + model.arisen_by_category[CROSS_ACTOR]))
    expected = np.array([1.0, 3.0]) * 0.3 * 0.45 * model.households.count * 30
    assert np.all(np.abs(np.array(counts) - expected) < 4 * np.sqrt(expected))


# ====================================================================== 2. reporting and patrols
def test_report_probability_rises_with_efficacy_trust_and_platform(make_model):
    model = make_model()
    h, p = model.households, model.p
    everyone = np.arange(h.count)
    h.trust[:] = 0.5
    h.efficacy = np.linspace(0, 1, h.count)
    assert np.all(np.diff(report_probability(h, p, everyone)) > 0)
    h.efficacy[:] = 0.5
    h.trust = np.linspace(0, 1, h.count)
    assert np.all(np.diff(report_probability(h, p, everyone)) > 0)
    with_platform = p.model_copy(update={"digital_platform": True})
    assert np.all(report_probability(h, with_platform, everyone) > report_probability(h, p, everyone))


def test_confident_residents_report_more(make_model, add_problems):
    model = make_model(patrol_intensity=0.0)
    h = model.households
    confident = np.arange(h.count) % 2 == 0
    h.efficacy = np.where(confident, 1.0, 0.0)
    h.trust = np.where(confident, 1.0, 0.0)
    ids = add_problems(model, np.repeat(np.arange(h.count), 10))
    model._report_and_patrol(1)
    book = model.problems
    reported = book.known_step[ids] == 1
    assert np.all(book.reported_by_resident[ids] == reported)
    share_confident = reported[confident[book.household[ids]]].mean()
    share_doubtful = reported[~confident[book.household[ids]]].mean()
    assert share_confident > 0.6 and share_doubtful < 0.15
    assert model.counts["reported"] == reported.sum() == h.reports_made.sum()
    assert model.counts["discovered"] == 0  # no patrols


def test_patrols_discover_unreported_problems(make_model, add_problems):
    quiet = dict(report_intercept=-20.0, report_weight_efficacy=0.0, report_weight_trust=0.0)
    model = make_model(patrol_intensity=1.0, p_patrol_discovery=1.0, core_staff_per_1000=500.0,
                       grid_worker_households=10000.0, **quiet)
    ids = add_problems(model, np.arange(model.households.count))
    left = model._report_and_patrol(1)
    book = model.problems
    assert np.all(book.known_step[ids] == 1)
    assert not book.reported_by_resident[ids].any()
    assert model.counts["discovered"] == len(ids) and model.counts["reported"] == 0
    patrol_cost = model.p.patrol_effort_per_1000 * model.households.count / 1000
    assert left == pytest.approx(model.core.effective_capacity() - patrol_cost)

    no_patrol = make_model(patrol_intensity=0.0, p_patrol_discovery=1.0, **quiet)
    ids = add_problems(no_patrol, np.arange(no_patrol.households.count))
    no_patrol._report_and_patrol(1)
    assert np.all(no_patrol.problems.known_step[ids] == NOT_YET)

    # A core with no capacity cannot patrol.
    no_staff = make_model(patrol_intensity=1.0, p_patrol_discovery=1.0, core_staff_per_1000=0.0, **quiet)
    ids = add_problems(no_staff, np.arange(no_staff.households.count))
    no_staff._report_and_patrol(1)
    assert np.all(no_staff.problems.known_step[ids] == NOT_YET)


# ====================================================================== 3. Party members act
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

    model._reach_out(t=5)

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


def _households_visited(make_model, **parameters) -> int:
    parameters = {"party_activeness": 1.0, **parameters}
    model = make_model(seed=4, social_organisations=0, visits_per_member_week=2.0, **parameters)
    total = 0
    for t in range(1, 21):
        model._reach_out(t)
        total += int((model.households.last_visit_step == t).sum())
    return total


def test_formalism_reduces_visits(make_model):
    free = _households_visited(make_model, formalism=0.0)
    burdened = _households_visited(make_model, formalism=0.9)
    assert free > 3 * burdened


def test_embedding_raises_member_activeness(make_model):
    parameters = dict(party_activeness=0.2, embedding_activeness_gain=0.5, in_service_members=6,
                      in_service_activeness_factor=0.5)
    flat = make_model(embedding=0.0, **parameters)
    embedded = make_model(embedding=1.0, **parameters)
    residents = int(flat.households.party.sum())
    assert not flat.building_has_party_group.any() and embedded.building_has_party_group.all()
    np.testing.assert_allclose(flat.member_activeness[:residents], 0.2)
    np.testing.assert_allclose(embedded.member_activeness[:residents], 0.2 + 0.8 * 0.5)
    np.testing.assert_allclose(embedded.member_activeness[residents:], (0.2 + 0.8 * 0.5) * 0.5)
    assert _households_visited(make_model, embedding=1.0, party_activeness=0.2) > _households_visited(
        make_model, embedding=0.0, party_activeness=0.2
    )


# ====================================================================== 4. participation rules
def _uniform_residents(model, efficacy=0.5, trust=0.5, threshold=0.25):
    h = model.households
    h.efficacy[:] = efficacy
    h.trust[:] = trust
    h.threshold[:] = threshold
    h.participating[:] = False
    h.mobilised_until[:] = NEVER
    h.low_income[:] = False


def test_logistic_rule_time_cost_makes_working_age_participate_least(make_model):
    model = make_model(width=30, height=30, participation_rule="logistic")
    _uniform_residents(model)
    h, p = model.households, model.p
    rng = np.random.default_rng(0)
    draws = np.mean([decide_participation(h, p, rng, 1, np.zeros(model.n_buildings)) for _ in range(40)], axis=0)
    rate = {g: draws[h.age_group == g].mean() for g in (YOUNG, WORKING, RETIRED)}
    assert rate[WORKING] < rate[YOUNG] < rate[RETIRED]
    # The draw follows expit(utility): compare with the exact probabilities.
    expected = expit(logistic_utility(h, p, np.zeros(h.count), np.zeros(h.count, dtype=bool)))
    assert abs(draws.mean() - expected.mean()) < 0.02
    # Without a time cost, age makes no difference.
    no_cost = p.model_copy(update={"weight_time_cost": 0.0})
    utility = logistic_utility(h, no_cost, np.zeros(h.count), np.zeros(h.count, dtype=bool))
    assert np.ptp(utility) == pytest.approx(0.0)


def test_logistic_rule_rises_with_mobilisation_and_beliefs(make_model):
    model = make_model(participation_rule="logistic")
    _uniform_residents(model)
    h, p = model.households, model.p
    share = np.zeros(h.count)
    base = logistic_utility(h, p, share, np.zeros(h.count, dtype=bool))
    mobilised = logistic_utility(h, p, share, np.ones(h.count, dtype=bool))
    np.testing.assert_allclose(mobilised - base, p.weight_mobilisation)
    h.efficacy[:] = 0.9
    more_efficacy = logistic_utility(h, p, share, np.zeros(h.count, dtype=bool))
    np.testing.assert_allclose(more_efficacy - base, 0.4 * p.weight_efficacy)


def _brute_force_neighbour_share(h, width, height):
    cell = {(int(x), int(y)): i for i, (x, y) in enumerate(zip(h.x, h.y, strict=True))}
    share = np.zeros(h.count)
    for i, (x, y) in enumerate(zip(h.x, h.y, strict=True)):
        around = [cell[(x + dx, y + dy)] for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                  if (dx, dy) != (0, 0) and (x + dx, y + dy) in cell]
        share[i] = np.mean(h.participating[around]) if around else 0.0
    return share


def test_neighbour_share_counts_occupied_moore_neighbours(make_model):
    model = make_model(occupancy=0.7)
    h = model.households
    h.participating = np.random.default_rng(1).random(h.count) < 0.4
    np.testing.assert_allclose(neighbour_share(h, 10, 10), _brute_force_neighbour_share(h, 10, 10))


def test_threshold_rule_is_deterministic_and_respects_thresholds(make_model):
    model = make_model(participation_rule="threshold")
    h, p = model.households, model.p
    generator = np.random.default_rng(5)
    h.participating = generator.random(h.count) < 0.4
    h.threshold = generator.random(h.count)
    h.time_availability[:] = 1.0
    h.mobilised_until[:] = NEVER
    responsiveness = np.zeros(model.n_buildings)
    first = decide_participation(h, p, np.random.default_rng(1), 3, responsiveness)
    second = decide_participation(h, p, np.random.default_rng(99), 3, responsiveness)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, neighbour_share(h, 10, 10) >= h.threshold)

    h.threshold[:] = 0.0
    assert decide_participation(h, p, generator, 3, responsiveness).all()
    h.threshold[:] = 1.0
    h.participating[:] = False
    assert not decide_participation(h, p, generator, 3, responsiveness).any()
    # A recent visit counts as one more participating neighbour (1/8).
    h.threshold[:] = 0.1
    h.mobilised_until[:] = 3
    assert decide_participation(h, p, generator, 3, responsiveness).all()
    # Residents with no free time need twice their threshold.
    h.mobilised_until[:] = NEVER
    h.participating[:] = True
    h.threshold[:] = 0.6
    h.time_availability[:] = 0.0
    assert not decide_participation(h, p, generator, 3, responsiveness).any()


def test_aspiration_rule_reinforces_rewarded_participation(make_model):
    model = make_model(participation_rule="aspiration", volunteer_incentive=0.0,
                       aspiration_learning_rate=0.2, aspiration_habituation=0.1)
    h, p = model.households, model.p
    h.mobilised_until[:] = NEVER
    h.time_availability[:] = 1.0
    h.propensity[:] = 0.5
    h.aspiration[:] = 0.0
    took_part = decide_participation(h, p, np.random.default_rng(2), 1, np.ones(model.n_buildings))
    assert 0 < took_part.sum() < h.count
    # Payoff 1 beats aspiration 0: the propensity moves 20% of the way up; staying out pays 0 = aspiration.
    np.testing.assert_allclose(h.propensity[took_part], 0.5 + 0.2 * 0.5)
    np.testing.assert_allclose(h.propensity[~took_part], 0.5)
    np.testing.assert_allclose(h.aspiration[took_part], 0.1)
    np.testing.assert_allclose(h.aspiration[~took_part], 0.0)

    # A costly, unrewarded participation (payoff -1) lowers the propensity.
    h.propensity[:] = 0.5
    h.aspiration[:] = 0.0
    h.time_availability[:] = 0.0
    took_part = decide_participation(h, p, np.random.default_rng(3), 1, np.zeros(model.n_buildings))
    np.testing.assert_allclose(h.propensity[took_part], 0.5 - 0.2 * 0.5)

    # Participation is drawn with the learned propensity.
    h.propensity[:] = 0.999
    assert decide_participation(h, p, np.random.default_rng(4), 1, np.zeros(model.n_buildings)).mean() > 0.95
    h.propensity[:] = 0.001
    assert decide_participation(h, p, np.random.default_rng(4), 1, np.zeros(model.n_buildings)).mean() < 0.05


def test_participants_give_volunteer_effort_to_their_building(make_model):
    model = make_model(participation_rule="threshold", social_organisations=0, volunteer_effort_per_participant=0.5)
    h = model.households
    h.threshold[:] = 0.0  # everyone participates
    model._participate(1)
    assert h.participating.all()
    expected = np.bincount(h.building, weights=h.time_availability * 0.5, minlength=model.n_buildings)
    np.testing.assert_allclose(model.building_volunteer_effort, expected)
    np.testing.assert_allclose(model.compound_participation[model.households_per_compound > 0], 1.0)


# ====================================================================== 5. dispatch
def test_dispatch_takes_escalated_then_oldest_within_capacity(make_model, add_problems):
    model = make_model(dispatch_effort_per_problem=1.0, digital_platform=False)
    book = model.problems
    ids = add_problems(model, np.arange(6), REPAIR)
    book.known_step[ids] = [5, 3, 4, 1, 2, 6]
    book.escalated[ids[5]] = True
    unknown = add_problems(model, [7], REPAIR)  # never reported: cannot be dispatched
    left = model._dispatch(t=7, capacity=3.0)
    assert left == pytest.approx(0.0)
    dispatched = ids[book.dispatched_step[ids] == 7]
    np.testing.assert_array_equal(np.sort(dispatched), np.sort(ids[[5, 3, 4]]))
    assert book.dispatched_step[unknown[0]] == NOT_YET
    np.testing.assert_array_equal(book.actor[dispatched], model.firm_actor[book.compound[dispatched]])
    # The next week the rest go, oldest first.
    model._dispatch(t=8, capacity=1.0)
    assert book.dispatched_step[ids[1]] == 8 and book.dispatched_step[ids[0]] == NOT_YET


def test_digital_platform_halves_dispatch_effort(make_model, add_problems):
    counts = []
    for platform in (False, True):
        model = make_model(dispatch_effort_per_problem=1.0, digital_platform=platform)
        ids = add_problems(model, np.arange(10), REPAIR, known_step=1)
        model._dispatch(t=2, capacity=3.0)
        counts.append(int((model.problems.dispatched_step[ids] == 2).sum()))
    assert counts == [3, 6]


@pytest.mark.parametrize("cost", [0.0, 5e-324, 1e-300])
def test_dispatch_with_negligible_effort_takes_everything(make_model, add_problems, cost):
    # Regression: a tiny effort per problem once overflowed int(capacity / cost) (found by hypothesis).
    model = make_model(dispatch_effort_per_problem=cost)
    ids = add_problems(model, np.arange(10), REPAIR, known_step=1)
    left = model._dispatch(t=2, capacity=1.0)
    assert np.all(model.problems.dispatched_step[ids] == 2)
    assert left == pytest.approx(1.0)


def test_dispatch_routes_by_category(make_model, add_problems):
    model = make_model(social_organisations=4, dispatch_effort_per_problem=0.0)
    book = model.problems
    ids = {c: add_problems(model, np.arange(8), c, known_step=1) for c in (REPAIR, SERVICES, DISPUTES, ENVIRONMENT)}
    model._dispatch(t=2, capacity=0.0)
    np.testing.assert_array_equal(book.actor[ids[REPAIR]], model.firm_actor[book.compound[ids[REPAIR]]])
    assert set(book.actor[ids[SERVICES]]) <= set(model.orgs_by_domain["care"])
    assert set(book.actor[ids[DISPUTES]]) <= set(model.orgs_by_domain["mediation"])
    environment = set(model.orgs_by_domain["environment"]) | set(model.firm_actor)
    assert set(book.actor[ids[ENVIRONMENT]]) <= environment
    # Without organisations the core takes services and disputes.
    bare = make_model(social_organisations=0, dispatch_effort_per_problem=0.0)
    services = add_problems(bare, np.arange(5), SERVICES, known_step=1)
    bare._dispatch(t=2, capacity=0.0)
    assert np.all(bare.problems.actor[services] == CORE)


@pytest.mark.parametrize(("empowerment", "wait"), [(0.0, 12), (0.5, 6), (1.0, 0)])
def test_approval_wait_shrinks_with_empowerment(make_model, add_problems, empowerment, wait):
    model = make_model(empowerment=empowerment, approval_wait_weeks=12, dispatch_effort_per_problem=0.0)
    ids = add_problems(model, [0], CROSS_ACTOR, known_step=1)
    model._dispatch(t=3, capacity=0.0)
    book = model.problems
    assert book.approval_step[ids[0]] == 3 + wait
    expected_needs = ALL_PARTIES | (NEEDS_APPROVAL if wait else 0)
    assert book.needs[ids[0]] == expected_needs


# ====================================================================== 6. coordination
def _cross_actor_model(make_model, add_problems, n=20, **parameters):
    parameters = {"empowerment": 1.0, "committee_formation_unaided": 0.0, "consent_without_committee_factor": 1.0,
                  "embedding": 0.0, **parameters}
    model = make_model(**parameters)
    ids = add_problems(model, np.arange(n) % model.households.count, CROSS_ACTOR, effort=1.0, money=0.0, known_step=0)
    dispatch_as(model, ids, model.firm_actor[model.problems.compound[ids]], needs=ALL_PARTIES)
    return model, ids


def test_cross_actor_work_waits_for_every_party(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, n=1, firm_capacity_per_1000=500.0)
    book = model.problems
    book.committed[ids] = NEEDS_FIRM | NEEDS_CORE  # the owners have not agreed yet
    model._fund()
    model._work(t=1, core_capacity=100.0)
    assert book.resolved_step[ids[0]] == NOT_YET and book.effort_done[ids[0]] == 0
    book.committed[ids] |= NEEDS_COMMITTEE
    model._work(t=2, core_capacity=100.0)
    assert book.resolved_step[ids[0]] == 2


def test_without_meetings_fragmented_actors_rarely_commit(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, p_commit_independent=0.0, meeting_interval_steps=0)
    for t in range(1, 10):
        model._coordinate(t)
    assert np.all(model.problems.committed[ids] == 0)
    model, ids = _cross_actor_model(make_model, add_problems, p_commit_independent=1.0, meeting_interval_steps=0)
    model._coordinate(1)
    assert np.all(model.problems.committed[ids] == ALL_PARTIES)


def test_joint_meetings_raise_commitment(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, p_commit_independent=0.0,
                                    meeting_interval_steps=4, p_commit_meeting=1.0)
    model._coordinate(3)  # no meeting this week
    assert np.all(model.problems.committed[ids] == 0)
    model._coordinate(4)  # joint meeting
    assert np.all(model.problems.committed[ids] == ALL_PARTIES)


def test_embedded_members_broker_commitment(make_model, add_problems):
    committed = []
    for embedding in (0.0, 1.0):
        model, ids = _cross_actor_model(make_model, add_problems, n=200, p_commit_independent=0.05,
                                        embedded_commit_bonus=0.5, embedding=embedding)
        model._coordinate(1)
        bits = model.problems.committed[ids]
        committed.append(((bits & NEEDS_FIRM) > 0).mean() + ((bits & NEEDS_CORE) > 0).mean())
    assert committed[1] > committed[0] + 0.5


def test_sub_district_approval_arrives_after_wait_and_pays_its_share(make_model, add_problems):
    model, ids = _cross_actor_model(make_model, add_problems, n=3, empowerment=0.0, subdistrict_funding_share=0.5)
    book = model.problems
    book.money_needed[ids] = 10.0
    book.needs[ids] = ALL_PARTIES | NEEDS_APPROVAL
    book.committed[ids] = ALL_PARTIES
    book.approval_step[ids] = 9
    model._coordinate(8)
    assert np.all(book.committed[ids] == ALL_PARTIES) and np.all(book.money_funded[ids] == 0)
    model._coordinate(9)
    assert np.all(book.committed[ids] == ALL_PARTIES | NEEDS_APPROVAL)
    np.testing.assert_allclose(book.money_funded[ids], 5.0)


# ====================================================================== 7. money and work
def test_funding_order_own_budget_committee_core_then_pool_cross_actor_first(make_model, add_problems):
    model = make_model(pooling=0.0, committee_formation_unaided=1.0)
    incomes = np.ones(len(model.actor_budget))
    model._actor_incomes = lambda: incomes  # one money unit a week for every actor
    firm, committee = model.firm_actor[0], model.committee_actor[0]
    assert committee > 0
    model.actor_budget[:] = 0.0
    model.actor_budget[[firm, committee, CORE]] = [0.0, 2.0, 4.0]  # +1 income each this week
    model.pool_balance = 15.0
    home = np.flatnonzero(model.households.compound == 0)[0]
    repair = add_problems(model, [home], REPAIR, money=5.0)
    major = add_problems(model, [home], CROSS_ACTOR, money=20.0)
    dispatch_as(model, repair, firm, t=0)
    dispatch_as(model, major, firm, t=1, needs=ALL_PARTIES, committed=ALL_PARTIES)

    model._fund()

    book = model.problems
    # Repair: 1 from the firm's budget, then 3 from the pool (what is left after the major work).
    # Major work: 3 from the committee's fund, 5 from the core, 12 from the pool (served first).
    assert book.money_funded[repair[0]] == pytest.approx(4.0)
    assert book.pool_money[repair[0]] == pytest.approx(3.0)
    assert book.money_funded[major[0]] == pytest.approx(20.0)
    assert book.pool_money[major[0]] == pytest.approx(12.0)
    assert model.pool_balance == pytest.approx(0.0)
    np.testing.assert_allclose(model.actor_budget[[firm, committee, CORE]], 0.0, atol=1e-12)


def test_uncommitted_or_undispatched_problems_are_not_funded(make_model, add_problems):
    model = make_model(pooling=0.0)
    model.pool_balance = 100.0
    waiting = add_problems(model, [0], CROSS_ACTOR, money=5.0)
    firm = model.firm_actor[model.problems.compound[waiting]]
    dispatch_as(model, waiting, firm, needs=ALL_PARTIES, committed=NEEDS_FIRM)
    undispatched = add_problems(model, [1], REPAIR, money=5.0, known_step=0)
    model._fund()
    assert model.problems.money_funded[waiting[0]] == 0 and model.problems.money_funded[undispatched[0]] == 0
    assert model.pool_balance == pytest.approx(100.0)


def test_pooling_moves_a_share_of_income_into_the_fund(make_model):
    model = make_model(pooling=0.4)
    income = model._actor_incomes()
    model._fund()
    assert model.pool_balance == pytest.approx(0.4 * income.sum())
    assert make_model(pooling=0.0).pool_balance == 0.0


def test_firm_capacity_falls_with_profit_pressure_and_rises_with_supervision(make_model):
    def capacity(pressure, legitimacy, embedded):
        model = make_model(firm_profit_pressure=pressure, committee_formation_unaided=1.0, committee_supervision=0.6,
                           embedded_supervision=0.5)
        firm = model.firm_of_compound[0]
        model.committee_of_compound[0].legitimacy = legitimacy
        firm.embedded = embedded
        return firm.weekly_capacity(), model.p.firm_capacity_per_1000 * model.households_per_compound[0] / 1000

    full, nominal = capacity(0.0, 0.0, False)
    assert full == pytest.approx(nominal)
    assert capacity(0.8, 0.0, False)[0] == pytest.approx(nominal * 0.2)
    assert capacity(0.8, 1.0, False)[0] == pytest.approx(nominal * (1 - 0.8 * 0.4))
    assert capacity(0.8, 1.0, True)[0] == pytest.approx(nominal)  # supervision capped at 1
    assert capacity(0.8, 0.0, True)[0] == pytest.approx(nominal * (1 - 0.8 * 0.5))


def test_dissatisfied_residents_pay_fewer_fees(make_model):
    rates = []
    for satisfaction in (0.1, 0.9):
        model = make_model()
        model.households.satisfaction[:] = satisfaction
        model._update_organisations()
        rates.append(model.firm_of_compound[0].fee_collection_rate)
    assert rates[0] < rates[1] <= model.p.fee_collection_base


def test_actors_work_escalated_then_oldest_within_capacity(make_model, add_problems):
    model = make_model(firm_capacity_per_1000=0.0)
    home = np.flatnonzero(model.households.compound == 0)[:3]
    ids = add_problems(model, home, REPAIR, effort=2.0, money=0.0)
    firm = model.firm_actor[0]
    dispatch_as(model, ids, firm)
    model.problems.known_step[ids] = [1, 2, 3]
    model.problems.escalated[ids[2]] = True
    model.firm_of_compound[0].weekly_capacity = lambda: 3.0  # room for one and a half problems
    model._work(t=4, core_capacity=0.0)
    book = model.problems
    assert book.resolved_step[ids[2]] == 4  # the hotline complaint first
    assert book.effort_done[ids[0]] == pytest.approx(1.0) and book.resolved_step[ids[0]] == NOT_YET
    assert book.effort_done[ids[1]] == 0.0
    np.testing.assert_array_equal(model.resolved_now, ids[[2]])


def test_volunteers_resolve_small_problems_in_their_building(make_model, add_problems):
    model = make_model(simple_problem_effort_max=1.5)
    building = busiest_building(model)
    inside = households_of_building(model, building)[:2]
    small = add_problems(model, inside, ENVIRONMENT, effort=0.5)
    large = add_problems(model, inside[:1], SERVICES, effort=5.0)
    repair = add_problems(model, inside[:1], REPAIR, effort=0.5)
    model.building_volunteer_effort = np.zeros(model.n_buildings)
    model.building_volunteer_effort[building] = 2.0
    model.volunteer_effort = 2.0
    model._work(t=1, core_capacity=0.0)
    book = model.problems
    assert np.all(book.resolved_step[small] == 1) and np.all(book.resolved_by[small] == BY_VOLUNTEERS)
    assert book.resolved_step[large[0]] == NOT_YET and book.resolved_step[repair[0]] == NOT_YET


# ====================================================================== 8. feedback
def test_resolution_raises_efficacy_and_trust(make_model, add_problems):
    model = make_model(responsiveness_spillover=0.0, efficacy_gain_on_response=0.25, trust_gain_on_response=0.1)
    h = model.households
    h.last_visit_step[:] = 5  # recently visited: no trust decay
    mine, found = add_problems(model, [0, 1], REPAIR)
    model.problems.reported_by_resident[mine] = True
    model.problems.close(np.array([mine, found]), 5, 2)
    efficacy, trust = h.efficacy.copy(), h.trust.copy()
    model.resolved_now = np.array([mine, found])
    model._feedback(5)
    assert h.efficacy[0] == pytest.approx(1 - (1 - efficacy[0]) * 0.75)
    assert h.trust[0] == pytest.approx(1 - (1 - trust[0]) * 0.9)
    # A problem found for the resident counts half.
    assert h.efficacy[1] == pytest.approx(1 - (1 - efficacy[1]) * 0.75**0.5)
    np.testing.assert_allclose(h.efficacy[2:], efficacy[2:], rtol=0, atol=1e-12)
    assert model.counts["resolved"] == 2


def test_visible_responsiveness_spills_over_to_the_building(make_model, add_problems):
    model = make_model(responsiveness_spillover=0.5)
    h = model.households
    h.last_visit_step[:] = 5
    building = busiest_building(model)
    resident = households_of_building(model, building)[0]
    ids = add_problems(model, [resident], REPAIR)
    model.problems.close(ids, 5, 2)
    efficacy = h.efficacy.copy()
    model.resolved_now = ids
    model._feedback(5)
    neighbours = (h.building == building) & (np.arange(h.count) != resident)
    assert np.all(h.efficacy[neighbours] > efficacy[neighbours])
    np.testing.assert_allclose(h.efficacy[h.building != building], efficacy[h.building != building], rtol=0, atol=1e-12)


def test_neglect_lowers_efficacy_and_may_escalate_to_the_hotline(make_model, add_problems):
    model = make_model(p_hotline_escalation=1.0, p_give_up_week=0.0, efficacy_loss_on_neglect=0.2,
                       trust_loss_on_neglect=0.15, hotline_handling_effort=0.5)
    h = model.households
    h.last_visit_step[:] = 10
    late = add_problems(model, [3], REPAIR, arisen_step=0, patience_weeks=4)
    patient = add_problems(model, [4], REPAIR, arisen_step=0, patience_weeks=50)
    efficacy, trust = h.efficacy.copy(), h.trust.copy()
    model.resolved_now = np.zeros(0, dtype=np.int64)
    model._feedback(10)
    book = model.problems
    assert book.neglected[late[0]] and book.escalated[late[0]]
    assert book.known_step[late[0]] == 10  # the hotline makes it known
    assert not book.neglected[patient[0]] and book.known_step[patient[0]] == NOT_YET
    assert h.efficacy[3] == pytest.approx(efficacy[3] * 0.8)
    assert h.trust[3] == pytest.approx(trust[3] * 0.85)
    assert h.efficacy[4] == pytest.approx(efficacy[4], abs=1e-12)
    assert model.complaints.sum() == 1 and model.complaints[book.compound[late[0]]] == 1
    assert model.pending_paperwork == pytest.approx(0.5)
    # Neglect is counted once.
    model._feedback(11)
    assert h.efficacy[3] == pytest.approx(efficacy[3] * 0.8) and model.complaints.sum() == 1

    calm = make_model(p_hotline_escalation=0.0, p_give_up_week=0.0)
    ids = add_problems(calm, [3], REPAIR, arisen_step=0, patience_weeks=1)
    calm.resolved_now = np.zeros(0, dtype=np.int64)
    calm._feedback(5)
    assert calm.problems.neglected[ids[0]] and not calm.problems.escalated[ids[0]]


def test_trust_decays_without_visits(make_model):
    model = make_model(trust_decay_week=0.1, trust_floor=0.2)
    h = model.households
    visited = np.arange(h.count) % 2 == 0
    h.last_visit_step = np.where(visited, 9, NEVER)
    trust = h.trust.copy()
    model.resolved_now = np.zeros(0, dtype=np.int64)
    model._feedback(10)
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
    model._feedback(5)
    # Neglected and nothing done yet: given up, dispatched or not; work started, a fresh problem,
    # or a major work (the compound's collective agenda): kept.
    assert book.withdrawn_step[neglected] == 5 and book.withdrawn_step[dispatched] == 5
    for kept in (worked_on, fresh, major):
        assert book.withdrawn_step[kept] == NOT_YET
    np.testing.assert_array_equal(np.sort(book.open_ids), sorted([worked_on, fresh, major]))
    assert model.counts["withdrawn"] == 2


# ====================================================================== levers on the core
def test_funding_follows_tasks_raises_core_income_only_with_empowerment(make_model):
    def income(empowerment, follows):
        model = make_model(empowerment=empowerment, funding_follows_tasks=follows)
        return model.core.weekly_income(), model.expected_subdistrict_spending_week

    base, _ = income(0.0, False)
    assert income(0.0, True)[0] == pytest.approx(base)
    assert income(0.8, False)[0] == pytest.approx(base)
    funded, expected = income(0.8, True)
    assert expected > 0
    assert funded == pytest.approx(base + 0.8 * expected)


def test_empowerment_frees_core_capacity_from_burden(make_model):
    def capacity(empowerment):
        model = make_model(empowerment=empowerment, administrative_burden=0.5, empowerment_burden_relief=0.7,
                           formalism=0.3, core_staff_per_1000=20.0)
        staff = 20.0 * model.households.count / 1000
        return model.core.effective_capacity(), staff

    none, staff = capacity(0.0)
    assert none == pytest.approx(staff * 0.5 * 0.7)
    assert capacity(1.0)[0] == pytest.approx(staff * (1 - 0.5 * 0.3) * 0.7)


# ====================================================================== shocks
def test_shock_hits_worst_compound_and_cuts_capacity_for_its_duration(make_model):
    model = make_model(shock_week=2, shock_duration_weeks=3, shock_problems_per_household=2.0,
                       shock_capacity_loss=0.5, problem_rate_per_household_week=0.0)
    worst = int(np.argmax(model.compound_condition * (model.households_per_compound > 0)))
    factors, capacity = [], []
    for _ in range(6):
        model.step()
        factors.append(model.capacity_factor)
        capacity.append(model.outcomes["core_effective_capacity"])
        if model.steps == 1:
            assert len(model.problems) == 0
        if model.steps == 2:
            arrived = len(model.problems)
            assert model.expected_unmet_without_shock(2) == 0  # nothing open before the shock
    assert factors == [1.0, 0.5, 0.5, 0.5, 1.0, 1.0]
    np.testing.assert_allclose(capacity, np.array(factors) * capacity[0])
    table = model.problem_table()
    assert len(table) == arrived  # a burst in the shock week only
    expected = 2.0 * model.households_per_compound[worst]
    assert abs(arrived - expected) < 4 * np.sqrt(expected)
    assert np.all(table["compound"] == worst)
    assert np.all(table["arisen_step"] == 2)


def test_recovery_counts_weeks_until_most_of_the_excess_backlog_is_gone(make_model):
    model = make_model(shock_week=10, recovery_tolerance=0.2)
    model.unmet_history = [0] * 2 + [100] * 8  # weeks 0..9: a pre-shock level of 100
    assert model.expected_unmet_without_shock(30) == pytest.approx(100.0)
    model.steps = 10
    for week, backlog in zip(range(10, 16), [150, 200, 160, 121, 119, 100], strict=True):
        model.steps = week
        model.problems.open_ids = np.arange(backlog)
        model._measure()
        if week < 14:
            assert np.isnan(model.outcomes["recovery_weeks"])
    # peak excess 100 at week 11; 19 <= 0.2 * 100 first at week 14
    assert model.outcomes["recovery_weeks"] == 4.0


def test_major_works_are_built_by_contractors_without_drawing_on_the_firm(make_model, add_problems):
    from sim.model.problems import ALL_PARTIES, CROSS_ACTOR, REPAIR

    model = make_model(contractor_effort_per_week=2.5, firm_profit_pressure=0.0)
    firm = model.firm_of_compound[0]
    household = int(np.flatnonzero(model.households.compound == 0)[0])
    works = add_problems(model, [household] * 3, CROSS_ACTOR, effort=10.0, known_step=1)
    repairs = add_problems(model, household, REPAIR, effort=0.5, known_step=1)
    book = model.problems
    for ids in (works, repairs):
        book.dispatched_step[ids] = 1
        book.actor[ids] = firm.actor_id
    book.needs[works] = ALL_PARTIES
    book.committed[works] = ALL_PARTIES
    model._work(2, core_capacity=0.0)
    np.testing.assert_allclose(book.effort_done[works], 2.5)  # every work advances at the contractor pace
    assert book.resolved_step[repairs[0]] == 2  # the firm's own capacity still went to the repair
