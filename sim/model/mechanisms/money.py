"""Weekly incomes, the common fund (资源整合) and the funding of problems (DESIGN §5.7; S1 §2.4, S4 §2, S5 §2).

Incomes: the core's budget (plus, with empowerment and ``funding_follows_tasks`` 费随事转, the
sub-district's expected spending on the major works it delegates, S3 §3.3.1); each firm's fee
income (fees x the share its compound's households pay, which falls with dissatisfaction, see
:mod:`sim.model.mechanisms.feedback`) net of the profit it takes; each owners' committee's
maintenance fund (维修基金); each social organisation's service purchase funding.

Pooling: every actor puts ``pooling`` x its income into the common fund; a firm scales its
contribution by a commitment that fades while the pool returns less than half of what it put in
(S2 §1: firms join for publicity and do not sustain), and a firm's manager may refuse to join in
the classroom. Unspent money beyond twelve weeks of income lapses.

Funding: problems that are dispatched and fully coordinated are funded first from their own
actor's budget. A major work is funded from its compound's maintenance fund, which only the
owners' committee can release (its commitment is its approval: no committee, no fund), then
from the core's budget, then from the common fund, which the core gives first to major works
(or the category the community secretary names), oldest first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.problems import CROSS_ACTOR, NOT_YET, serve_in_order
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

BUDGET_CAP_WEEKS = 12  # unspent money beyond 12 weeks of income lapses (assumption)
POOL_FLOW_MEMORY = 0.9  # weekly decay of the remembered pool contributions and returns (assumption)


def incomes(model: CoGovernanceModel) -> np.ndarray:
    """Each actor's income this week (actor table order)."""
    p = model.p
    income = np.zeros(len(model.actor_kind))
    core = p.core_budget_per_1000 * model.households.count / 1000
    if p.funding_follows_tasks:
        core += p.empowerment * model.expected_subdistrict_spending_week
    income[0] = core
    fees = p.fee_income_per_1000 * model.households_per_compound / 1000 * model.fee_collection_rate
    income[model.firm_actor] = fees * (1 - p.firm_profit_pressure)
    has_committee = model.committee_actor >= 0
    income[model.committee_actor[has_committee]] = p.maintenance_fund_per_1000 * model.households_per_compound[has_committee] / 1000
    income[model.organisation_actor_ids] = p.social_org_funding
    return income


def fund(model: CoGovernanceModel) -> None:
    p, book = model.p, model.problems
    income = incomes(model)
    commitment = np.ones_like(income)
    commitment[model.firm_actor] = model.firm_pool_commitment
    for compound, actor in enumerate(model.firm_actor):
        joins = model.choices.decide("firms", compound, "join_pool", True) if p.pooling > 0 else True
        commitment[actor] *= bool(joins)
    contribution = p.pooling * income * commitment
    model.pool_balance += float(contribution.sum())
    model.pool_contributed = POOL_FLOW_MEMORY * model.pool_contributed + contribution
    model.pool_received *= POOL_FLOW_MEMORY
    model.actor_budget = np.minimum(model.actor_budget + income - contribution, BUDGET_CAP_WEEKS * income)

    open_ids = book.open_ids
    short = open_ids[
        (book.dispatched_step[open_ids] != NOT_YET)
        & (book.money_funded[open_ids] < book.money_needed[open_ids] - 1e-9)
        & (book.committed[open_ids] == book.needs[open_ids])
    ]
    if len(short) == 0:
        return
    short = short[np.lexsort((short, book.known_step[short], ~book.escalated[short]))]
    cross = book.category[short] == CROSS_ACTOR
    pay_from_budgets(model, short[~cross], book.actor[short[~cross]])
    major = short[cross]
    with_committee = major[model.committee_actor[book.compound[major]] >= 0]
    pay_from_budgets(model, with_committee, model.committee_actor[book.compound[with_committee]])
    pay_from_budgets(model, major, np.zeros(len(major), dtype=np.int64))

    still = short[book.money_funded[short] < book.money_needed[short] - 1e-9]
    if len(still) and model.pool_balance > 0:
        first = model.choices.decide("core", None, "pool_priority", None) or "cross_actor"
        still = still[np.argsort(book.category[still] != CATEGORY_KEYS.index(first), kind="stable")]
        need = book.money_needed[still] - book.money_funded[still]
        grant = serve_in_order(np.zeros(len(still), dtype=np.int64), need, np.array([model.pool_balance]))
        book.money_funded[still] += grant
        book.pool_money[still] += grant
        model.pool_balance = max(0.0, model.pool_balance - float(grant.sum()))
        model.pool_received += np.bincount(book.actor[still], weights=grant, minlength=len(model.actor_budget))
        model.money_spent += float(grant.sum())


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
