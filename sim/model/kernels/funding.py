"""Kernels of the funding of problems (:func:`sim.model.mechanisms.money.fund`, its reference).

:func:`ready_problems` finds the problems that have reached their actor and are fully
coordinated; :func:`pay_from_budgets` funds the ones still short from their actors' budgets,
the owners' committees' maintenance funds and the core's budget, in the reference's order.
Sums that the reference takes with numpy's pairwise summation (money spent) are left to the
caller, so the results are bit-identical to the reference.
"""

from __future__ import annotations

import numpy as np

from sim.model.agents import CORE
from sim.model.kernels import kernel
from sim.model.kernels.working import DONE_TOLERANCE, serve_in_order
from sim.model.problems import CROSS_ACTOR, NOT_YET


@kernel
def ready_problems(open_ids, assigned_step, committed, needs, category, co_funded):
    """(problems ready to be funded, of them the major works not yet co-funded)."""
    ready = np.empty(len(open_ids), np.int64)
    works = np.empty(len(open_ids), np.int64)
    n_ready = n_works = 0
    for problem in open_ids:
        if assigned_step[problem] != NOT_YET and committed[problem] == needs[problem]:
            ready[n_ready] = problem
            n_ready += 1
            if category[problem] == CROSS_ACTOR and not co_funded[problem]:
                works[n_works] = problem
                n_works += 1
    return ready[:n_ready], works[:n_works]


@kernel
def _pay(ids, payers, money_needed, money_funded, actor_budget):
    """Fund ``ids`` (in priority order) from each payer's budget; returns the grants (in payer order)."""
    order = np.argsort(payers, kind="mergesort")
    ids, payers = ids[order], payers[order]
    need = np.maximum(money_needed[ids] - money_funded[ids], 0)
    grant = serve_in_order(payers, need, np.maximum(actor_budget, 0))
    paid = np.zeros(len(actor_budget))
    for k in range(len(ids)):
        money_funded[ids[k]] += grant[k]
        paid[payers[k]] += grant[k]
    for a in range(len(actor_budget)):
        actor_budget[a] -= paid[a]
    return grant


@kernel
def pay_from_budgets(ready, money_needed, money_funded, known_step, supervised, category, actor, compound, committee_actor,
                     actor_budget):
    """Fund the ready problems still short of money, supervised then oldest known first: everyday problems from
    their actor's budget; major works from the owners' committee's fund, then the core's budget.
    Returns (the three stages' grants, the problems still short afterwards, in priority order)."""
    short = np.empty(len(ready), np.int64)
    n = 0
    for problem in ready:
        if money_funded[problem] < money_needed[problem] - DONE_TOLERANCE:
            short[n] = problem
            n += 1
    short = short[:n]
    key = np.empty(n, np.int64)
    for k in range(n):
        key[k] = (np.int64(0 if supervised[short[k]] else 1) << 32) + (np.int64(known_step[short[k]]) + 2**31)
    short = short[np.argsort(key, kind="mergesort")]
    cross = category[short] == CROSS_ACTOR
    everyday, major = short[~cross], short[cross]
    actors = actor[everyday].astype(np.int64)
    by_actor = _pay(everyday, actors, money_needed, money_funded, actor_budget)
    with_committee = major[committee_actor[compound[major]] >= 0]
    by_committee = _pay(with_committee, committee_actor[compound[with_committee]].astype(np.int64), money_needed, money_funded, actor_budget)
    by_core = _pay(major, np.full(len(major), CORE, np.int64), money_needed, money_funded, actor_budget)
    still = np.empty(n, np.int64)
    m = 0
    for problem in short:
        if money_funded[problem] < money_needed[problem] - DONE_TOLERANCE:
            still[m] = problem
            m += 1
    return by_actor, by_committee, by_core, still[:m]
