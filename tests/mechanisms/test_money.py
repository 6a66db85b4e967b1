"""Incomes, firms' staff, the common fund and the funding of problems; the maintenance fund needs an
owners' committee; funding follows the tasks actually delegated."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import FOUR_COMPOUNDS, assign_to, seed_with_mixed_committees

from sim.model.agents import CORE
from sim.model.mechanisms import money
from sim.model.problems import ALL_PARTIES, CROSS_ACTOR, NEEDS_FIRM, REPAIR, SERVICES

NO_CO_FUNDING = {"subdistrict_funding_share": 0.0, "owner_contribution_share": 0.0}
"""Overrides under which a major work gets no sub-district subsidy and no owners' share, so budgets and the pool pay all of it."""


def test_funding_order_own_budget_committee_core_then_pool_cross_actor_first(make_model, add_problems, monkeypatch):
    model = make_model(pooling=0.0, committee_formation_unaided=1.0, **NO_CO_FUNDING)
    monkeypatch.setattr(money, "incomes", lambda m: np.ones(len(m.actor_kind)))  # one unit a week for every actor
    firm, committee = model.firm_actor[0], model.committee_actor[0]
    assert committee > 0
    model.actor_budget[:] = 0.0
    model.actor_budget[[firm, committee, CORE]] = [0.0, 2.0, 4.0]  # +1 income each this week
    model.pool_balance = 15.0
    home = np.flatnonzero(model.households.compound == 0)[0]
    repair = add_problems(model, [home], REPAIR, money=5.0)
    major = add_problems(model, [home], CROSS_ACTOR, money=20.0)
    assign_to(model, repair, firm, t=0)
    assign_to(model, major, firm, t=1, needs=ALL_PARTIES, committed=ALL_PARTIES)

    money.fund(model)

    book = model.problems
    # Repair: 1 from the firm's budget, then 3 from the pool (what is left after the major work).
    # Major work: 3 from the committee's fund, 5 from the core, 12 from the pool (served first).
    assert book.money_funded[repair[0]] == pytest.approx(4.0)
    assert book.pool_money[repair[0]] == pytest.approx(3.0)
    assert book.money_funded[major[0]] == pytest.approx(20.0)
    assert book.pool_money[major[0]] == pytest.approx(12.0)
    assert model.pool_balance == pytest.approx(0.0)
    np.testing.assert_allclose(model.actor_budget[[firm, committee, CORE]], 0.0, atol=1e-12)
    assert model.money_spent == pytest.approx(24.0)
    # Pool money is credited to whoever spends it: the repair's firm, the major work's owners' committee.
    assert model.pool_received[firm] == pytest.approx(3.0) and model.pool_received[committee] == pytest.approx(12.0)
    assert model.pool_received[CORE] == 0.0


def test_uncommitted_or_undispatched_problems_are_not_funded(make_model, add_problems):
    model = make_model(pooling=0.0)
    model.pool_balance = 100.0
    waiting = add_problems(model, [0], CROSS_ACTOR, money=5.0)
    firm = model.firm_actor[model.problems.compound[waiting]]
    assign_to(model, waiting, firm, needs=ALL_PARTIES, committed=NEEDS_FIRM)
    undispatched = add_problems(model, [1], REPAIR, money=5.0, known_step=0)
    money.fund(model)
    assert model.problems.money_funded[waiting[0]] == 0 and model.problems.money_funded[undispatched[0]] == 0
    assert model.pool_balance == pytest.approx(100.0)


def test_maintenance_fund_pays_for_major_works_only_where_an_owners_committee_exists(
    make_model, add_problems, monkeypatch
):
    model = seed_with_mixed_committees(make_model, pooling=0.0, **NO_CO_FUNDING)
    has_committee = model.committee_actor >= 0
    fund_income = np.zeros(len(model.actor_kind))
    fund_income[model.committee_actor[has_committee]] = 100.0  # this week's maintenance fund; nothing else
    monkeypatch.setattr(money, "incomes", lambda m: fund_income)
    with_committee = int(np.flatnonzero(has_committee)[0])
    without = int(np.flatnonzero(~has_committee & (model.households_per_compound > 0))[0])
    model.actor_budget[:] = 0.0
    homes = [int(np.flatnonzero(model.households.compound == c)[0]) for c in (with_committee, without)]
    works = add_problems(model, homes, CROSS_ACTOR, money=10.0)
    repair = add_problems(model, homes[:1], REPAIR, money=1.0)
    assign_to(model, works, model.firm_actor[[with_committee, without]], needs=ALL_PARTIES, committed=ALL_PARTIES)
    assign_to(model, repair, model.firm_actor[with_committee])

    money.fund(model)

    book = model.problems
    assert book.money_funded[works[0]] == pytest.approx(10.0)  # released by its committee
    assert book.money_funded[works[1]] == 0.0  # no committee: no other compound's fund pays for it
    assert book.money_funded[repair[0]] == 0.0  # the fund serves major works only
    committee = model.committee_actor[with_committee]
    assert model.actor_budget[committee] == pytest.approx(90.0)
    others = model.committee_actor[has_committee & (np.arange(model.n_compounds) != with_committee)]
    np.testing.assert_allclose(model.actor_budget[others], 100.0)


def test_maintenance_fund_income_goes_only_to_committees(make_model):
    model = seed_with_mixed_committees(make_model, maintenance_fund_per_1000=4.0)
    income = money.incomes(model)
    has = model.committee_actor >= 0
    np.testing.assert_allclose(income[model.committee_actor[has]], 4.0 * model.households_per_compound[has] / 1000)
    assert len(model.committee_of_compound) == int(has.sum())


def test_firm_income_is_fees_collected_net_of_profit(make_model):
    model = make_model(fee_income_per_1000=22.0, firm_profit_pressure=0.35, **FOUR_COMPOUNDS)
    model.fee_collection_rate[:] = [0.9, 0.5, 0.7, 1.0]
    income = money.incomes(model)
    expected = 22.0 * model.households_per_compound / 1000 * model.fee_collection_rate * 0.65
    np.testing.assert_allclose(income[model.firm_actor], expected)


def test_pooling_moves_a_share_of_income_into_the_fund(make_model):
    model = make_model(pooling=0.4)
    income = money.incomes(model)
    money.fund(model)
    assert model.pool_balance == pytest.approx(0.4 * income.sum())
    np.testing.assert_allclose(model.pool_contributed, 0.4 * income)
    unpooled = make_model(pooling=0.0)
    money.fund(unpooled)
    assert unpooled.pool_balance == 0.0


def test_a_firm_whose_commitment_faded_contributes_less(make_model):
    model = make_model(pooling=0.5, **FOUR_COMPOUNDS)
    model.firm_pool_commitment[:] = [1.0, 0.5, 0.0, 1.0]
    income = money.incomes(model)
    money.fund(model)
    expected = 0.5 * income[model.firm_actor] * [1.0, 0.5, 0.0, 1.0]
    np.testing.assert_allclose(model.pool_contributed[model.firm_actor], expected)


def test_the_pool_serves_major_works_first_oldest_first(make_model, add_problems):
    model = make_model(pooling=0.0, **NO_CO_FUNDING)
    model.actor_budget[:] = 0.0
    model.pool_balance = 3.0
    service = add_problems(model, [0], SERVICES, money=2.0)
    old, young = add_problems(model, [1, 2], CROSS_ACTOR, money=2.0)
    assign_to(model, service, CORE, t=0)
    for t, work in enumerate((old, young), start=1):
        firm = model.firm_actor[model.problems.compound[work]]
        assign_to(model, np.array([work]), firm, t=t, needs=ALL_PARTIES, committed=ALL_PARTIES)
    model.actor_budget[:] = -money.incomes(model)  # nothing in any budget this week
    money.fund(model)
    pool = model.problems.pool_money
    assert pool[old] == pytest.approx(2.0) and pool[young] == pytest.approx(1.0) and pool[service[0]] == 0.0


@pytest.mark.parametrize("cap_weeks", [12.0, 3.0])
def test_budgets_are_capped_at_budget_cap_weeks_of_income(make_model, cap_weeks):
    model = make_model(pooling=0.0, budget_cap_weeks=cap_weeks)
    income = money.incomes(model)
    assert np.all(income[model.firm_actor] > 0) and income[CORE] > 0
    model.actor_budget[:] = 1000.0
    money.fund(model)
    np.testing.assert_allclose(model.actor_budget, cap_weeks * income)


def test_actors_start_with_initial_budget_weeks_of_income(make_model):
    for weeks in (4.0, 10.0):
        model = make_model(initial_budget_weeks=weeks)
        np.testing.assert_allclose(model.actor_budget, weeks * money.incomes(model))


def test_firm_staff_moves_toward_what_its_collected_fees_pay(make_model):
    model = make_model(firm_capacity_per_1000=80.0, firm_staffing_adjustment_week=0.25, **FOUR_COMPOUNDS)
    occupied = model.households_per_compound > 0
    full = 80.0 * model.households_per_compound / 1000
    # At set-up the staff is what the fees collected at the initial satisfaction pay for.
    np.testing.assert_allclose(model.firm_staff, full * model.fee_collection_rate)
    model.fee_collection_rate[:] = [0.2, 0.5, 0.8, 1.0]
    model.firm_staff[:] = full * 0.6
    money.fund(model)
    target = full * np.array([0.2, 0.5, 0.8, 1.0])
    np.testing.assert_allclose(model.firm_staff, full * 0.6 + 0.25 * (target - full * 0.6))
    assert np.all((model.firm_staff < full * 0.6)[occupied] == (np.array([0.2, 0.5, 0.8, 1.0]) < 0.6)[occupied])
    # Staff is not income: a firm's staff does not depend on the profit it takes.
    greedy = make_model(firm_capacity_per_1000=80.0, firm_profit_pressure=0.9, **FOUR_COMPOUNDS)
    np.testing.assert_allclose(greedy.firm_staff, 80.0 * greedy.households_per_compound / 1000 * greedy.fee_collection_rate)


def _coordinated_works(model, add_problems, costs):
    home = int(np.flatnonzero(model.households.compound == 0)[0])
    works = add_problems(model, [home] * len(costs), CROSS_ACTOR)
    model.problems.money_needed[works] = costs
    assign_to(model, works, model.firm_actor[0], needs=ALL_PARTIES, committed=ALL_PARTIES)
    return works


def test_major_works_are_co_funded_by_subdistrict_and_owners_once_coordinated(make_model, add_problems):
    model = make_model(pooling=0.0, empowerment=0.0, subdistrict_funding_share=0.5, owner_contribution_share=0.2)
    model.actor_budget[:] = -money.incomes(model)  # nothing in any budget: only co-funding pays
    works = _coordinated_works(model, add_problems, [10.0, 30.0])
    waiting = _coordinated_works(model, add_problems, [50.0])
    model.problems.committed[waiting] = NEEDS_FIRM  # not yet coordinated: not co-funded
    money.fund(model)
    book = model.problems
    np.testing.assert_allclose(book.money_funded[works], [7.0, 21.0])
    assert book.co_funded[works].all() and not book.co_funded[waiting[0]] and book.money_funded[waiting[0]] == 0
    assert model.subdistrict_spending == pytest.approx(20.0)
    assert model.money_spent == pytest.approx(28.0)
    # Co-funding is paid once: a second week adds nothing.
    model.actor_budget[:] = -money.incomes(model)
    money.fund(model)
    np.testing.assert_allclose(book.money_funded[works], [7.0, 21.0])
    assert model.subdistrict_spending == pytest.approx(20.0)


@pytest.mark.parametrize(("empowerment", "follows", "transfer_share"), [(0.0, True, 0.6), (0.8, False, 0.6), (0.8, True, 0.6), (0.5, True, 1.0)])
def test_funding_follows_tasks_transfers_a_share_of_the_subdistricts_spending_on_the_delegated_works(
    make_model, add_problems, empowerment, follows, transfer_share
):
    """费随事转: the core receives funding_transfer_share x what the sub-district no longer pays on the
    works actually coordinated (subdistrict_funding_share x empowerment of their cost), when they are
    co-funded; no income from works that merely arise or wait, and nothing without empowerment."""
    overrides = {"empowerment": empowerment, "funding_follows_tasks": follows, "funding_transfer_share": transfer_share,
                 "subdistrict_funding_share": 0.5, "owner_contribution_share": 0.0, "pooling": 0.0}
    model = make_model(**overrides)
    baseline = make_model(**{**overrides, "empowerment": 0.0, "funding_follows_tasks": False})
    assert money.incomes(model)[CORE] == pytest.approx(money.incomes(baseline)[CORE])  # no expected-spending income
    works = _coordinated_works(model, add_problems, [10.0, 30.0])
    waiting = _coordinated_works(model, add_problems, [100.0])
    model.problems.committed[waiting] = NEEDS_FIRM
    before = model.actor_budget[CORE]
    money.co_fund_major_works(model, works)
    transfer = transfer_share * 0.5 * empowerment * 40.0 if follows else 0.0
    assert model.actor_budget[CORE] - before == pytest.approx(transfer)
    subsidy = 0.5 * (1 - empowerment) * 40.0
    np.testing.assert_allclose(model.problems.money_funded[works], 0.5 * (1 - empowerment) * np.array([10.0, 30.0]))
    assert model.subdistrict_spending == pytest.approx(subsidy + transfer)
    # The sub-district's total outlay never exceeds what it paid without empowerment.
    assert model.subdistrict_spending <= 0.5 * 40.0 + 1e-9
    # Through the weekly funding phase, works not yet coordinated bring no transfer.
    fresh = make_model(**overrides)
    idle = _coordinated_works(fresh, add_problems, [100.0])
    fresh.problems.committed[idle] = NEEDS_FIRM
    money.fund(fresh)
    assert fresh.subdistrict_spending == 0.0
