"""Kernels of problems leaving the books unresolved (:func:`sim.model.mechanisms.exits.leave_the_books`,
its reference). Bit-identical to the reference.
"""

from __future__ import annotations

import numpy as np

from sim.model.kernels import kernel
from sim.model.problems import COPED_ALONE, CROSS_ACTOR, GIVEN_UP, NOT_YET, REPAIR, SERVICES, SHELVED


@kernel
def candidates(open_ids, effort_done, category, neglected):
    """(neglected everyday problems nobody has worked on, major works nobody has started), in id order."""
    waiting = np.empty(len(open_ids), np.int64)
    works = np.empty(len(open_ids), np.int64)
    n_waiting = n_works = 0
    for problem in open_ids:
        if effort_done[problem] != 0:
            continue
        if category[problem] == CROSS_ACTOR:
            works[n_works] = problem
            n_works += 1
        elif neglected[problem]:
            waiting[n_waiting] = problem
            n_waiting += 1
    return waiting[:n_waiting], works[:n_works]


@kernel
def leave(t, open_ids, stops, shelved, category, household, low_income, exit_step, exit_reason, in_core_queue, n_reasons, n_categories):
    """Households stop waiting (coping alone if they can pay for a repair or care, else giving up); works are
    shelved. Returns (open problems left, exits by reason, exits by category)."""
    exits = np.zeros(n_reasons, np.int64)
    left = np.zeros(n_categories, np.int64)
    for problem in stops:
        c = category[problem]
        reason = COPED_ALONE if (c == REPAIR or c == SERVICES) and not low_income[household[problem]] else GIVEN_UP
        exit_step[problem] = t
        exit_reason[problem] = reason
        in_core_queue[problem] = False
        exits[reason] += 1
        left[c] += 1
    for problem in shelved:
        exit_step[problem] = t
        exit_reason[problem] = SHELVED
        in_core_queue[problem] = False
        exits[SHELVED] += 1
        left[category[problem]] += 1
    still_open = np.empty(len(open_ids), np.int64)
    n_open = 0
    for problem in open_ids:
        if exit_step[problem] == NOT_YET:
            still_open[n_open] = problem
            n_open += 1
    return still_open[:n_open], exits, left
