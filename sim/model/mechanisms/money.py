"""Incomes, firms' staff, the common fund (资源整合) and the funding of problems
(DESIGN §5.7; S1 §2.4, S2 §1, S3 §3.3.1, S4 §2, S5 §2).

Incomes: the core's budget; each firm's fee income (fees x the share its compound's households
pay, which falls with dissatisfaction, see :mod:`.feedback`) net of the profit it takes; each
owners' committee's maintenance fund (维修基金); each social organisation's service purchase
funding. Unspent money beyond ``budget_cap_weeks`` of income lapses.

Firms' staff: the fees a firm collects pay its staff. Each week its staff capacity moves
``firm_staffing_adjustment_week`` of the way toward firm_capacity_per_1000 x (households / 1,000)
x its compound's fee collection rate, so dissatisfaction costs repair capacity a few months
later, and capacity regained wins satisfaction back: the compound's fee loop (DESIGN §4).

Pooling: every actor puts ``pooling`` x its income into the common fund; a firm scales its
contribution by a commitment that fades while the pool returns to it less than
``firm_pool_return_threshold`` of what it put in (S2 §1: firms join for publicity and do not
sustain; the memory of both flows keeps ``pool_flow_retention_week`` a week), and a firm's manager
may refuse to join in the classroom.

Funding: problems that have reached their actor and are fully coordinated are funded first from
their own actor's budget. A major work, once fully coordinated, is co-funded at once: the
sub-district pays subdistrict_funding_share x (1 - empowerment) of its cost, and the owners
``owner_contribution_share`` (业主自筹). With empowerment the core approves in the sub-district's
place, and when funding follows tasks (费随事转, S3 §3.3.1) the sub-district transfers
``funding_transfer_share`` of the share it no longer pays, subdistrict_funding_share x
empowerment of the cost, into the core's budget: the money of what was actually delegated.
(Deviation from the first version, which paid the core empowerment x the sub-district's
expected spending on every arriving work, more than it actually spent; ODD §5.) The rest comes
from the compound's maintenance fund, which only the owners' committee can release (no
committee, no fund), then from the core's budget, then from the common fund, which the core
gives first to major works (or the category the community secretary names), oldest first.
Pool money is credited to whoever spends it: the responder of an everyday problem, and for a
major work the owners' committee (the core where there is none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.agents import CORE
from sim.model.kernels import funding
from sim.model.problems import CROSS_ACTOR, NOT_YET, serve_in_order
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def incomes(model: CoGovernanceModel) -> np.ndarray:
    """Each actor's income this week (actor table order)."""
    p = model.p
    income = np.zeros(len(model.actor_kind))
    income[CORE] = p.core_budget_per_1000 * model.households.count / 1000
    fees = p.fee_income_per_1000 * model.households_per_compound / 1000 * model.fee_collection_rate
    income[model.firm_actor] = fees * (1 - p.firm_profit_pressure)
    has_committee = model.committee_actor >= 0
    income[model.committee_actor[has_committee]] = p.maintenance_fund_per_1000 * model.households_per_compound[has_committee] / 1000
    income[model.organisation_actor_ids] = p.social_org_funding
    return income


def staff_paid_by_fees(model: CoGovernanceModel) -> np.ndarray:
    """Per compound: the firm staff capacity its collected fees pay for (before shirking and shocks)."""
    return model.p.firm_capacity_per_1000 * model.households_per_compound / 1000 * model.fee_collection_rate


def pay_firm_staff(model: CoGovernanceModel) -> None:
    """Firms move their staff toward what their collected fees pay for."""
    model.firm_staff += model.p.firm_staffing_adjustment_week * (staff_paid_by_fees(model) - model.firm_staff)


def fund(model: CoGovernanceModel) -> None:
    if not kernels.ENABLED:
        return fund_reference(model)
    book = model.problems
    collect_incomes(model)
    ready, works = funding.ready_problems(book.open_ids, book.assigned_step, book.committed, book.needs, book.category, book.co_funded)
    co_fund_major_works(model, works)
    if len(ready) == 0:
        return
    *grants, still = funding.pay_from_budgets(
        ready, book.money_needed, book.money_funded, book.known_step, book.supervised, book.category, book.actor, book.compound,
        model.committee_actor, model.actor_budget,
    )
    for grant in grants:
        model.money_spent += float(grant.sum())
    fund_from_pool(model, still)


def fund_reference(model: CoGovernanceModel) -> None:
    """The numpy reference of :func:`fund` (kernels in :mod:`sim.model.kernels.funding`)."""
    book = model.problems
    collect_incomes(model)
    open_ids = book.open_ids
    ready = open_ids[(book.assigned_step[open_ids] != NOT_YET) & (book.committed[open_ids] == book.needs[open_ids])]
    co_fund_major_works(model, ready[(book.category[ready] == CROSS_ACTOR) & ~book.co_funded[ready]])
    short = ready[book.money_funded[ready] < book.money_needed[ready] - 1e-9]
    if len(short) == 0:
        return
    short = short[np.lexsort((short, book.known_step[short], ~book.supervised[short]))]
    cross = book.category[short] == CROSS_ACTOR
    pay_from_budgets(model, short[~cross], book.actor[short[~cross]])
    major = short[cross]
    with_committee = major[model.committee_actor[book.compound[major]] >= 0]
    pay_from_budgets(model, with_committee, model.committee_actor[book.compound[with_committee]])
    pay_from_budgets(model, major, np.full(len(major), CORE, dtype=np.int64))
    fund_from_pool(model, short[book.money_funded[short] < book.money_needed[short] - 1e-9])


def collect_incomes(model: CoGovernanceModel) -> None:
    """Firms pay their staff; every actor's income, less its pool contribution, goes to its budget (capped)."""
    p = model.p
    pay_firm_staff(model)
    income = incomes(model)
    commitment = np.ones_like(income)
    commitment[model.firm_actor] = model.firm_pool_commitment
    if p.pooling > 0:
        commitment[model.firm_actor] *= model.choices.decide_each("firms", np.arange(model.n_compounds), "join_pool", np.ones(model.n_compounds, bool))
    contribution = p.pooling * income * commitment
    model.pool_balance += float(contribution.sum())
    model.pool_contributed = p.pool_flow_retention_week * model.pool_contributed + contribution
    model.pool_received *= p.pool_flow_retention_week
    model.actor_budget = np.minimum(model.actor_budget + income - contribution, p.budget_cap_weeks * income)


def fund_from_pool(model: CoGovernanceModel, still: np.ndarray) -> None:
    """The common fund pays what budgets could not, major works (or the secretary's category) first, oldest first."""
    book = model.problems
    if len(still) and model.pool_balance > 0:
        first = model.choices.decide("core", None, "pool_priority", None) or "cross_actor"
        still = still[np.argsort(book.category[still] != CATEGORY_KEYS.index(first), kind="stable")]
        need = book.money_needed[still] - book.money_funded[still]
        grant = serve_in_order(np.zeros(len(still), dtype=np.int64), need, np.array([model.pool_balance]))
        book.money_funded[still] += grant
        book.pool_money[still] += grant
        model.pool_balance = max(0.0, model.pool_balance - float(grant.sum()))
        model.pool_received += np.bincount(spender(model, still), weights=grant, minlength=len(model.actor_budget))
        model.money_spent += float(grant.sum())


def co_fund_major_works(model: CoGovernanceModel, works: np.ndarray) -> None:
    """The sub-district's subsidy and the owners' share of newly coordinated works; the delegated
    share of the subsidy goes to the core's budget when funding follows tasks."""
    if len(works) == 0:
        return
    p, book = model.p, model.problems
    cost = book.money_needed[works]
    subsidy = cost * p.subdistrict_funding_share * (1 - p.empowerment)
    owners = cost * p.owner_contribution_share
    book.money_funded[works] = np.minimum(cost, book.money_funded[works] + subsidy + owners)
    book.co_funded[works] = True
    delegated = float((cost * p.subdistrict_funding_share * p.empowerment).sum())
    transfer = delegated * p.funding_transfer_share if p.funding_follows_tasks else 0.0
    model.actor_budget[CORE] += transfer
    model.subdistrict_spending += float(subsidy.sum()) + transfer
    model.money_spent += float(subsidy.sum() + owners.sum())


def spender(model: CoGovernanceModel, ids: np.ndarray) -> np.ndarray:
    """Who spends each problem's money: its responder, or for a major work the owners' committee (else the core)."""
    book = model.problems
    committee = model.committee_actor[book.compound[ids]]
    owners = np.where(committee >= 0, committee, CORE)
    return np.where(book.category[ids] == CROSS_ACTOR, owners, book.actor[ids]).astype(np.int64)


def pay_from_budgets(model: CoGovernanceModel, ids: np.ndarray, payers: np.ndarray) -> None:
    """Fund problems (in the given priority order) from each payer's budget."""
    if len(ids) == 0:
        return
    book = model.problems
    order = np.argsort(payers, kind="stable")
    ids, payers = ids[order], payers[order]
    need = np.maximum(book.money_needed[ids] - book.money_funded[ids], 0)
    grant = serve_in_order(payers, need, np.maximum(model.actor_budget, 0))
    book.money_funded[ids] += grant
    model.actor_budget -= np.bincount(payers, weights=grant, minlength=len(model.actor_budget))
    model.money_spent += float(grant.sum())
