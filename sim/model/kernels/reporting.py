"""Kernels of residents' reports and grid patrols (:func:`sim.model.mechanisms.reporting.report_and_patrol`,
its reference). Bit-identical to the reference (``expit`` as SciPy computes it).
"""

from __future__ import annotations

import math

import numpy as np

from sim.model.kernels import kernel
from sim.model.problems import NOT_YET


@kernel
def would_report(uniform, efficacy, trust, intercept, weight_efficacy, weight_trust, digital_gain):
    """Per household: whether it would report its unknown problems this week."""
    out = np.empty(len(uniform), np.bool_)
    for i in range(len(uniform)):
        u = intercept + weight_efficacy * efficacy[i] + weight_trust * trust[i] + digital_gain
        out[i] = uniform[i] < 1.0 / (1.0 + math.exp(-u))
    return out


@kernel
def report(t, open_ids, reporting, known_step, household, reported_by_resident, reports_made, first_report_problem):
    """Households that report make all their unknown problems known; returns how many were reported.

    A household's first report is its highest-numbered problem reported in the first week it reports
    (as the reference's vectorised assignment leaves it)."""
    reported = 0
    first_now = np.zeros(len(reports_made), np.bool_)
    counts = np.zeros(len(reports_made), np.int32)
    for problem in open_ids:
        if known_step[problem] != NOT_YET:
            continue
        who = household[problem]
        if not reporting[who]:
            continue
        known_step[problem] = t
        reported_by_resident[problem] = True
        reported += 1
        counts[who] += 1
        if reports_made[who] == 0 and (first_report_problem[who] < 0 or first_now[who]):
            first_report_problem[who] = problem
            first_now[who] = True
    for i in range(len(reports_made)):
        reports_made[i] += counts[i]
    return reported


@kernel
def patrol_rates(open_ids, known_step, neglected, escalated_step, household, zone, households_per_zone, grid_worker_households,
                 discovery, patrol_done, capacity_factor):
    """(problems a patrol can pass: unknown, or neglected and not yet escalated; each one's weekly pass rate)."""
    passable = np.empty(len(open_ids), np.int64)
    rate = np.empty(len(open_ids))
    n = 0
    for problem in open_ids:
        if known_step[problem] == NOT_YET or (neglected[problem] and escalated_step[problem] == NOT_YET):
            passable[n] = problem
            reach = grid_worker_households / households_per_zone[zone[household[problem]]]
            rate[n] = discovery * reach * patrol_done * capacity_factor
            n += 1
    return passable[:n], rate[:n]
