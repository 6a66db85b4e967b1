"""Kernels of the week's work (:func:`sim.model.mechanisms.work.work`, its reference) and of the
one allocation rule every mechanism shares (:func:`serve_in_order`, reference
:func:`sim.model.problems.serve_in_order`). Bit-identical to the references.
"""

from __future__ import annotations

import numpy as np

from sim.model.agents import CORE, FIRM
from sim.model.kernels import kernel
from sim.model.problems import (
    BY_CONTRACTORS,
    BY_CORE,
    BY_FIRM,
    BY_ORGANISATION,
    BY_VOLUNTEERS,
    CROSS_ACTOR,
    DISPUTES,
    ENVIRONMENT,
    NOT_YET,
    SERVICES,
)

DONE_TOLERANCE = 1e-9  # effort (or money) within this of what is needed counts as complete


@kernel
def serve_in_order(groups, demands, supply):
    """Grant each item as much of its group's supply as is left after the items before it (groups contiguous)."""
    n = len(demands)
    grant = np.zeros(n)
    running = 0.0
    group_start = 0.0
    for i in range(n):
        running += demands[i]
        exclusive = running - demands[i]
        if i == 0 or groups[i] != groups[i - 1]:
            group_start = exclusive
        grant[i] = min(max(supply[groups[i]] - (exclusive - group_start), 0.0), demands[i])
    return grant


@kernel
def _close(ids, t, resolver, resolved_step, resolved_by, in_core_queue):
    for problem in ids:
        resolved_step[problem] = t
        resolved_by[problem] = resolver
        in_core_queue[problem] = False


@kernel
def work(t, open_ids, category, household, building, effort_needed, effort_done, known_step, assigned_step, money_needed,
         money_funded, committed, needs, supervised, actor, resolved_step, resolved_by, in_core_queue, participating,
         simple_effort_max, building_volunteer_effort, volunteer_effort, capacity, actor_kind, contractor_effort):
    """Returns (problems resolved this week in the reference's order, open problems left, the core's effort used)."""
    resolved = np.empty(len(open_ids), np.int64)
    n_resolved = 0
    # Volunteers: known (or heard-of) small environment, service and dispute problems, by building, oldest first.
    simple = np.empty(len(open_ids), np.int64)
    n_simple = 0
    for problem in open_ids:
        c = category[problem]
        if ((c == ENVIRONMENT or c == SERVICES or c == DISPUTES) and effort_needed[problem] <= simple_effort_max
                and (known_step[problem] != NOT_YET or participating[household[problem]])):
            simple[n_simple] = problem
            n_simple += 1
    if n_simple and volunteer_effort > 0:
        simple = simple[:n_simple]
        simple = simple[np.argsort(building[simple], kind="mergesort")]
        grant = serve_in_order(building[simple], effort_needed[simple] - effort_done[simple], building_volunteer_effort)
        for k in range(n_simple):
            problem = simple[k]
            effort_done[problem] += grant[k]
            if effort_done[problem] >= effort_needed[problem] - DONE_TOLERANCE:
                _close(simple[k:k + 1], t, BY_VOLUNTEERS, resolved_step, resolved_by, in_core_queue)
                resolved[n_resolved] = problem
                n_resolved += 1
    # Ready: reached its actor, funded and fully coordinated. Contractors build major works.
    ready = np.empty(len(open_ids), np.int64)
    n_ready = 0
    for problem in open_ids:
        if (resolved_step[problem] == NOT_YET and assigned_step[problem] != NOT_YET
                and money_funded[problem] >= money_needed[problem] - DONE_TOLERANCE and committed[problem] == needs[problem]):
            if category[problem] == CROSS_ACTOR:
                effort_done[problem] += min(effort_needed[problem] - effort_done[problem], contractor_effort)
                if effort_done[problem] >= effort_needed[problem] - DONE_TOLERANCE:
                    resolved[n_resolved] = problem
                    n_resolved += 1
            else:
                ready[n_ready] = problem
                n_ready += 1
    for k in range(n_resolved):  # the works just built (volunteers' fixes are closed already)
        problem = resolved[k]
        if resolved_step[problem] == NOT_YET:
            _close(resolved[k:k + 1], t, BY_CONTRACTORS, resolved_step, resolved_by, in_core_queue)
    # Actors: each its own problems, supervised ones first, then oldest known.
    ready = ready[:n_ready]
    key = np.empty(n_ready, np.int64)
    for k in range(n_ready):
        problem = ready[k]
        key[k] = ((np.int64(actor[problem]) * 2 + (0 if supervised[problem] else 1)) << 32) + (np.int64(known_step[problem]) + 2**31)
    ready = ready[np.argsort(key, kind="mergesort")]
    groups = actor[ready]
    grant = serve_in_order(groups, effort_needed[ready] - effort_done[ready], capacity)
    core_used = 0.0
    for k in range(n_ready):
        problem = ready[k]
        effort_done[problem] += grant[k]
        if groups[k] == CORE:
            core_used += grant[k]
    for k in range(n_ready):
        problem = ready[k]
        if effort_done[problem] >= effort_needed[problem] - DONE_TOLERANCE:
            kind = actor_kind[actor[problem]]
            resolver = BY_CORE if kind == CORE else (BY_FIRM if kind == FIRM else BY_ORGANISATION)
            _close(ready[k:k + 1], t, resolver, resolved_step, resolved_by, in_core_queue)
            resolved[n_resolved] = problem
            n_resolved += 1
    still_open = np.empty(len(open_ids), np.int64)
    n_open = 0
    for problem in open_ids:
        if resolved_step[problem] == NOT_YET:
            still_open[n_open] = problem
            n_open += 1
    return resolved[:n_resolved], still_open[:n_open], core_used
