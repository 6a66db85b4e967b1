"""Kernels of Party members' visits and organisations' activities (:func:`sim.model.mechanisms.outreach.reach_out`).

:func:`visited_households` turns each member's drawn visits into the households visited (never
the member's own, each at most once a week); :func:`receive_visits` applies visits and activity
contacts to the households and finds the visited households' unknown problems. Bit-identical to
the reference.
"""

from __future__ import annotations

import numpy as np

from sim.model.kernels import kernel
from sim.model.problems import NOT_YET


@kernel
def visited_households(visits, member_building, member_household, position, building_start, building_count, n_households):
    """(visited household, visiting member) pairs, sorted by member then household, without repeats."""
    pairs = np.empty(len(position), np.int64)
    n_pairs = 0
    draw = 0
    for member in range(len(visits)):
        own = member_household[member]
        building = member_building[member]
        others = building_count[building] - (1 if own >= 0 else 0)
        for _ in range(visits[member]):
            visited = building_start[building] + np.int64(position[draw] * others)
            draw += 1
            if own >= 0 and visited >= own:
                visited += 1
            if others > 0:
                pairs[n_pairs] = member * n_households + visited
                n_pairs += 1
    pairs = np.unique(pairs[:n_pairs])
    return pairs % n_households, pairs // n_households


@kernel
def receive_visits(t, visited, touched, trust, last_visit_step, mobilised_until, visit_trust_gain, activity_trust_gain,
                   mobilisation_weeks, open_ids, known_step, household):
    """Trust after this week's visits and activities, and the unknown open problems of visited households.

    Records the visit week and the mobilisation of each household reached (in place).
    """
    n = len(trust)
    visits = np.zeros(n, np.int64)
    for i in visited:
        visits[i] += 1
    touches = np.zeros(n, np.int64)
    for i in touched:
        touches[i] += 1
    trust = trust.copy()
    for i in range(n):
        if visits[i] > 0:
            last_visit_step[i] = t
            trust[i] = 1 - (1 - trust[i]) * (1 - visit_trust_gain) ** float(visits[i])
        if touches[i] > 0:
            trust[i] = 1 - (1 - trust[i]) * (1 - activity_trust_gain) ** float(touches[i])
        if visits[i] > 0 or touches[i] > 0:
            mobilised_until[i] = t + mobilisation_weeks - 1
    found = np.empty(len(open_ids), np.int64)
    n_found = 0
    for problem in open_ids:
        if known_step[problem] == NOT_YET and visits[household[problem]] > 0:
            found[n_found] = problem
            n_found += 1
    return trust, found[:n_found]
