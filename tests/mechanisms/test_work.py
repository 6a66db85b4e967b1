"""Volunteers, firms, organisations, the core and contractors work; firms shirk unless supervised; who resolved what."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import (
    ACTIVE_MEMBERS,
    FOUR_COMPOUNDS,
    busiest_building,
    assign_to,
    give_core_time,
    households_of_building,
    with_parameters,
)

from sim.model import CoGovernanceModel
from sim.model.agents import CORE
from sim.model.mechanisms import work
from sim.model.problems import (
    ALL_PARTIES,
    BY_CONTRACTORS,
    BY_CORE,
    BY_FIRM,
    BY_ORGANISATION,
    BY_VOLUNTEERS,
    CROSS_ACTOR,
    DISPUTES,
    ENVIRONMENT,
    NOT_YET,
    REPAIR,
    RESOLVERS,
    SERVICES,
)
from sim.parameters import CATEGORY_KEYS


# ====================================================================== firms: effort and supervision
@pytest.mark.parametrize("pressure", [0.0, 0.4, 0.8])
@pytest.mark.parametrize("legitimacy", [0.0, 0.5, 1.0])
@pytest.mark.parametrize(("embedding", "activeness"), [(0.0, 1.0), (1.0, 1.0), (1.0, 0.4)])
def test_firm_effort_share_is_one_minus_pressure_times_unsupervised_share(
    make_model, pressure, legitimacy, embedding, activeness
):
    model = make_model(seed=3, firm_profit_pressure=pressure, committee_formation_unaided=1.0,
                       committee_supervision=0.6, embedded_supervision=0.5, embedding=embedding,
                       **{**ACTIVE_MEMBERS, "party_activeness": activeness})
    model.legitimacy[:] = legitimacy
    branch = activeness if embedding else 0.0
    assert np.all((model.post_holder[model.firm_actor] >= 0) == bool(embedding))
    supervision = min(1.0, 0.6 * legitimacy + 0.5 * branch)
    np.testing.assert_allclose(work.firm_supervision(model), supervision)
    np.testing.assert_allclose(work.firm_effort_share(model), 1 - pressure * (1 - supervision))


def test_without_a_committee_only_an_embedded_branch_supervises(make_model):
    model = make_model(seed=3, committee_formation_unaided=0.0, committee_supervision=1.0, embedded_supervision=0.0,
                       firm_profit_pressure=0.5)
    model.legitimacy[:] = 1.0  # no committee holds it
    np.testing.assert_allclose(work.firm_supervision(model), 0.0)
    np.testing.assert_allclose(work.firm_effort_share(model), 0.5)


def test_firm_capacity_in_the_work_phase_is_its_effort_share_of_its_staff(make_model):
    model = make_model(seed=3, firm_profit_pressure=0.6, committee_formation_unaided=1.0, committee_supervision=0.5,
                       embedded_supervision=0.0, **FOUR_COMPOUNDS)
    model.legitimacy[:] = [0.0, 0.4, 0.8, 1.0]
    model.firm_staff[:] = [1.0, 2.0, 0.5, 3.0]  # what the firms' collected fees pay for (money.pay_firm_staff)
    give_core_time(model, 0.0)
    work.work(model, 1)
    share = 1 - 0.6 * (1 - 0.5 * model.legitimacy)
    np.testing.assert_allclose(model.actor_capacity[model.firm_actor], [1.0, 2.0, 0.5, 3.0] * share)
    # Capacity is the staff actually paid, not the nominal capacity parameter.
    with_parameters(model, firm_capacity_per_1000=500.0)
    work.work(model, 2)
    np.testing.assert_allclose(model.actor_capacity[model.firm_actor], [1.0, 2.0, 0.5, 3.0] * share)
    model.capacity_factor = 0.5  # a shock halves it
    work.work(model, 3)
    np.testing.assert_allclose(model.actor_capacity[model.firm_actor], 0.5 * np.array([1.0, 2.0, 0.5, 3.0]) * share)


# ====================================================================== actors work
def test_actors_work_supervised_then_oldest_within_capacity(make_model, add_problems):
    model = make_model(firm_profit_pressure=0.0)
    model.firm_staff[0] = 3.0  # 3 units this week
    home = np.flatnonzero(model.households.compound == 0)[:4]
    ids = add_problems(model, home, REPAIR, effort=2.0, money=0.0)
    firm = model.firm_actor[0]
    assign_to(model, ids, firm)
    book = model.problems
    book.known_step[ids] = [1, 2, 3, 4]
    book.escalated_step[ids[2:]] = 4
    book.supervised[ids[2]] = True  # the core dispatched its escalation: 督办
    book.in_core_queue[ids[3]] = True  # escalated, still waiting for the core: not yet supervised
    give_core_time(model, 0.0)
    work.work(model, 4)
    assert book.resolved_step[ids[2]] == 4  # the supervised problem first
    assert book.effort_done[ids[0]] == pytest.approx(1.0) and book.resolved_step[ids[0]] == NOT_YET
    assert book.effort_done[ids[1]] == 0.0 and book.effort_done[ids[3]] == 0.0
    np.testing.assert_array_equal(model.resolved_now, ids[[2]])
    assert book.resolved_by[ids[2]] == BY_FIRM


def test_unfunded_or_undispatched_problems_are_not_worked(make_model, add_problems):
    model = make_model(firm_profit_pressure=0.0, firm_capacity_per_1000=500.0)
    home = np.flatnonzero(model.households.compound == 0)[:2]
    unfunded = add_problems(model, home[:1], REPAIR, effort=0.5, money=3.0)
    undispatched = add_problems(model, home[1:], REPAIR, effort=0.5, known_step=0)
    assign_to(model, unfunded, model.firm_actor[0])
    give_core_time(model, 0.0)
    work.work(model, 1)
    assert model.problems.effort_done[unfunded[0]] == 0 and model.problems.effort_done[undispatched[0]] == 0


def test_the_core_works_from_its_time_left_and_each_resolver_is_recorded(make_model, add_problems):
    model = make_model(social_organisations=4, firm_profit_pressure=0.0, firm_capacity_per_1000=500.0)
    book = model.problems
    care = model.organisations_by_domain()["care"][0]
    by_core = add_problems(model, [0], DISPUTES, effort=1.0)
    by_org = add_problems(model, [1], SERVICES, effort=1.0)
    by_firm = add_problems(model, [2], REPAIR, effort=1.0)
    assign_to(model, by_core, CORE)
    assign_to(model, by_org, care)
    assign_to(model, by_firm, model.firm_actor[book.compound[by_firm]])
    core = give_core_time(model, 1.5)
    work.work(model, 3)
    assert book.resolved_by[by_core[0]] == BY_CORE
    assert book.resolved_by[by_org[0]] == BY_ORGANISATION
    assert book.resolved_by[by_firm[0]] == BY_FIRM
    assert core.left == pytest.approx(0.5)


def test_major_works_are_built_by_contractors_without_drawing_on_the_firm(make_model, add_problems):
    model = make_model(contractor_effort_per_week=2.5, firm_profit_pressure=0.0)
    firm = model.firm_of_compound[0]
    household = int(np.flatnonzero(model.households.compound == 0)[0])
    works = add_problems(model, [household] * 3, CROSS_ACTOR, effort=10.0, known_step=1)
    repairs = add_problems(model, household, REPAIR, effort=0.5, known_step=1)
    small = add_problems(model, [household], CROSS_ACTOR, effort=2.0, known_step=1)
    book = model.problems
    for ids in (works, repairs, small):
        book.assigned_step[ids] = 1
        book.actor[ids] = firm.actor_id
    book.needs[works] = book.committed[works] = ALL_PARTIES
    book.needs[small] = book.committed[small] = ALL_PARTIES
    give_core_time(model, 0.0)
    work.work(model, 2)
    np.testing.assert_allclose(book.effort_done[works], 2.5)  # every work advances at the contractor pace
    assert book.resolved_step[repairs[0]] == 2  # the firm's own capacity still went to the repair
    assert book.resolved_step[small[0]] == 2 and book.resolved_by[small[0]] == BY_CONTRACTORS


# ====================================================================== volunteers
def _volunteer_model(make_model, **parameters):
    model = make_model(simple_problem_effort_max=1.5, **parameters)
    building = busiest_building(model)
    model.households.participating[:] = False
    model.building_volunteer_effort = np.zeros(model.n_buildings)
    model.building_volunteer_effort[building] = 2.0
    model.volunteer_effort = 2.0
    give_core_time(model, 0.0)
    return model, households_of_building(model, building)


def test_volunteers_resolve_small_known_problems_in_their_building(make_model, add_problems):
    model, inside = _volunteer_model(make_model)
    small = add_problems(model, inside[:2], ENVIRONMENT, effort=0.5, known_step=0)
    large = add_problems(model, inside[:1], SERVICES, effort=5.0, known_step=0)
    repair = add_problems(model, inside[:1], REPAIR, effort=0.5, known_step=0)
    outside = np.flatnonzero(model.households.building != model.households.building[inside[0]])[:1]
    elsewhere = add_problems(model, outside, ENVIRONMENT, effort=0.5, known_step=0)
    work.work(model, 1)
    book = model.problems
    assert np.all(book.resolved_step[small] == 1) and np.all(book.resolved_by[small] == BY_VOLUNTEERS)
    for kept in (large, repair, elsewhere):
        assert book.resolved_step[kept[0]] == NOT_YET


def test_volunteers_work_only_on_problems_someone_knows_about(make_model, add_problems):
    model, inside = _volunteer_model(make_model)
    unknown = add_problems(model, inside[:2], DISPUTES, effort=0.5)  # nobody reported or discovered them
    work.work(model, 1)
    assert np.all(model.problems.resolved_step[unknown] == NOT_YET)
    # A participating household's neighbours hear of its problems.
    model.households.participating[inside[0]] = True
    work.work(model, 2)
    book = model.problems
    assert book.resolved_step[unknown[0]] == 2 and book.resolved_step[unknown[1]] == NOT_YET


def test_volunteer_effort_is_spent_oldest_first_and_not_carried_over(make_model, add_problems):
    model, inside = _volunteer_model(make_model)
    ids = add_problems(model, inside[:3], ENVIRONMENT, effort=1.0, known_step=0)
    work.work(model, 1)
    book = model.problems
    np.testing.assert_array_equal(book.resolved_step[ids], [1, 1, NOT_YET])
    assert book.effort_done[ids[2]] == 0.0


# ====================================================================== attribution in a run
REFORM = {"empowerment": 1.0, "pooling": 0.5, "embedding": 1.0, "meeting_interval_steps": 4}


@pytest.mark.parametrize("levers", [{}, REFORM], ids=["status_quo", "reform"])
def test_resolutions_are_attributed_and_add_up(levers):
    # A short burn-in, then 52 weeks = the outcome window, so windowed rates and counts since week 0 cover the same weeks.
    model = CoGovernanceModel(rng=11, width=30, height=30, burn_in_weeks=26, outcome_window_weeks=52, **levers)
    for _ in range(52):
        model.step()
    out = model.outcomes
    by = {who: out[f"problems_resolved_by_{who}"] for who in RESOLVERS if who != "nobody"}
    assert sum(by.values()) == out["problems_resolved"] > 0
    assert by["volunteers"] > 0 and by["firm"] > 0 and by["core"] + by["organisation"] > 0
    governed = out["problems_resolved"] - by["volunteers"]
    closed = out["problems_resolved"] + out["problems_withdrawn"]
    assert out["problems_withdrawn"] == out["problems_given_up"] + out["problems_coped_alone"] + out["problems_shelved"]
    assert out["resolution_rate"] == pytest.approx(out["problems_resolved"] / closed)
    assert out["governance_resolution_rate"] == pytest.approx(governed / closed)
    assert out["self_help_share"] == pytest.approx(by["volunteers"] / out["problems_resolved"])
    self_help_rate = out["self_help_share"] * out["resolution_rate"]
    assert out["governance_resolution_rate"] + self_help_rate == pytest.approx(out["resolution_rate"])
    # The problem book agrees (weeks 1..52; the burn-in's weeks are 0 and below), and each resolver
    # works only where the rules let it.
    table = model.problem_table()
    resolved = table[table["resolved_step"] > 0]
    who = resolved["resolved_by"]
    assert (who == "nobody").sum() == 0
    for name, count in by.items():
        assert (who == name).sum() == count
    assert set(resolved.loc[who == "contractors", "category"]) <= {"cross_actor"}
    assert set(resolved.loc[who == "volunteers", "category"]) <= {CATEGORY_KEYS[c] for c in work.VOLUNTEER_CATEGORIES}
    volunteered = resolved[who == "volunteers"]
    assert (volunteered["effort_needed"] <= model.p.simple_problem_effort_max + 1e-9).all()
    gone = table[table["exit_step"] > 0]
    assert len(gone) == out["problems_withdrawn"] and (gone["resolved_step"] < 0).all()
