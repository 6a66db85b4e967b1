"""Incomes, the common fund and the funding of problems; the maintenance fund needs an owners' committee."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import dispatch_as, seed_with_mixed_committees

from sim.model.agents import CORE
from sim.model.mechanisms import money
from sim.model.problems import ALL_PARTIES, CROSS_ACTOR, NEEDS_FIRM, REPAIR, SERVICES


def test_funding_order_own_budget_committee_core_then_pool_cross_actor_first(make_model, add_problems, monkeypatch):
    model = make_model(pooling=0.0, committee_formation_unaided=1.0)
    monkeypatch.setattr(money, "incomes", lambda m: np.ones(len(m.actor_kind)))  # one unit a week for every actor
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


def test_uncommitted_or_undispatched_problems_are_not_funded(make_model, add_problems):
    model = make_model(pooling=0.0)
    model.pool_balance = 100.0
    waiting = add_problems(model, [0], CROSS_ACTOR, money=5.0)
    firm = model.firm_actor[model.problems.compound[waiting]]
    dispatch_as(model, waiting, firm, needs=ALL_PARTIES, committed=NEEDS_FIRM)
    undispatched = add_problems(model, [1], REPAIR, money=5.0, known_step=0)
    money.fund(model)
    assert model.problems.money_funded[waiting[0]] == 0 and model.problems.money_funded[undispatched[0]] == 0
    assert model.pool_balance == pytest.approx(100.0)


def test_maintenance_fund_pays_for_major_works_only_where_an_owners_committee_exists(
    make_model, add_problems, monkeypatch
):
    model = seed_with_mixed_committees(make_model, pooling=0.0)
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
    dispatch_as(model, works, model.firm_actor[[with_committee, without]], needs=ALL_PARTIES, committed=ALL_PARTIES)
    dispatch_as(model, repair, model.firm_actor[with_committee])

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
    model = make_model(fee_income_per_1000=22.0, firm_profit_pressure=0.35)
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
    model = make_model(pooling=0.5)
    model.firm_pool_commitment[:] = [1.0, 0.5, 0.0, 1.0]
    income = money.incomes(model)
    money.fund(model)
    expected = 0.5 * income[model.firm_actor] * [1.0, 0.5, 0.0, 1.0]
    np.testing.assert_allclose(model.pool_contributed[model.firm_actor], expected)


def test_the_pool_serves_major_works_first_oldest_first(make_model, add_problems):
    model = make_model(pooling=0.0)
    model.actor_budget[:] = 0.0
    model.pool_balance = 3.0
    service = add_problems(model, [0], SERVICES, money=2.0)
    old, young = add_problems(model, [1, 2], CROSS_ACTOR, money=2.0)
    dispatch_as(model, service, CORE, t=0)
    for t, work in enumerate((old, young), start=1):
        firm = model.firm_actor[model.problems.compound[work]]
        dispatch_as(model, np.array([work]), firm, t=t, needs=ALL_PARTIES, committed=ALL_PARTIES)
    model.actor_budget[:] = -money.incomes(model)  # nothing in any budget this week
    money.fund(model)
    pool = model.problems.pool_money
    assert pool[old] == pytest.approx(2.0) and pool[young] == pytest.approx(1.0) and pool[service[0]] == 0.0


def test_budgets_are_capped_at_twelve_weeks_of_income(make_model):
    model = make_model(pooling=0.0)
    income = money.incomes(model)
    model.actor_budget[:] = 1000.0
    money.fund(model)
    np.testing.assert_allclose(model.actor_budget, money.BUDGET_CAP_WEEKS * income)


def test_funding_follows_tasks_raises_core_income_only_with_empowerment(make_model):
    def income(empowerment, follows):
        model = make_model(empowerment=empowerment, funding_follows_tasks=follows)
        return money.incomes(model)[CORE], model.expected_subdistrict_spending_week

    base, _ = income(0.0, False)
    assert income(0.0, True)[0] == pytest.approx(base)
    assert income(0.8, False)[0] == pytest.approx(base)
    funded, expected = income(0.8, True)
    assert expected > 0
    assert funded == pytest.approx(base + 0.8 * expected)
