"""Kernel of residents' learning (:func:`sim.model.mechanisms.feedback.learn`, its reference).

One pass over this week's resolutions, one over the open problems, one over the households:
efficacy, trust and satisfaction after answers, self-help and neglect; the households' first
reports; trust drift where no Party member has visited; each building's responsiveness. Same
operations in the same order as the reference, so the results are bit-identical.
"""

from __future__ import annotations

import numpy as np

from sim.model.households import ANSWERED, NEGLECTED, NO_REPORT_YET, SELF_HELPED
from sim.model.kernels import kernel
from sim.model.problems import BY_VOLUNTEERS


@kernel
def learn(
    t, resolved, open_ids,
    household, building, resolved_by, reported_by_resident, neglected, arisen_step, patience_weeks,
    efficacy, trust, satisfaction, first_report_problem, first_report_outcome, home_building, last_visit_step,
    building_count, efficacy_gain, trust_gain, satisfaction_weight, weight_found, weight_late, spillover,
    efficacy_loss, trust_loss, visit_memory_weeks, trust_decay, trust_floor,
):
    """Returns (efficacy, trust, satisfaction, responsiveness per building, ids newly neglected)."""
    n = len(efficacy)
    n_buildings = len(building_count)
    efficacy, trust, satisfaction = efficacy.copy(), trust.copy(), satisfaction.copy()
    answered_per_building = np.zeros(n_buildings)
    if len(resolved):
        answer_weight = np.zeros(n)
        resolutions = np.zeros(n, np.int64)
        for problem in resolved:
            who = household[problem]
            answered = resolved_by[problem] != BY_VOLUNTEERS
            weight = (1.0 if reported_by_resident[problem] else weight_found) * (weight_late if neglected[problem] else 1.0)
            answer_weight[who] += weight * (1.0 if answered else 0.0)
            resolutions[who] += 1
            if first_report_problem[who] == problem and first_report_outcome[who] == NO_REPORT_YET:
                first_report_outcome[who] = ANSWERED if answered else SELF_HELPED
            if answered:
                answered_per_building[building[problem]] += 1.0
        for i in range(n):
            times = answer_weight[i]
            if times != 0:
                efficacy[i] = 1 - (1 - efficacy[i]) * (1 - efficacy_gain) ** times
                trust[i] = 1 - (1 - trust[i]) * (1 - trust_gain) ** times
            if resolutions[i] != 0:
                satisfaction[i] = 1 - (1 - satisfaction[i]) * (1 - satisfaction_weight) ** float(resolutions[i])
        for i in range(n):
            share = answered_per_building[home_building[i]] / max(building_count[home_building[i]], 1)
            efficacy[i] = 1 - (1 - efficacy[i]) * (1 - min(1.0, spillover * share))

    late = np.empty(len(open_ids), np.int64)
    n_late = 0
    open_per_building = np.zeros(n_buildings, np.int64)
    for problem in open_ids:
        open_per_building[building[problem]] += 1
        if not neglected[problem] and t - arisen_step[problem] >= patience_weeks[problem]:
            late[n_late] = problem
            n_late += 1
    late = late[:n_late]
    if n_late:
        neglects = np.zeros(n, np.int64)
        for problem in late:
            neglected[problem] = True
            who = household[problem]
            neglects[who] += 1
            if first_report_problem[who] == problem and first_report_outcome[who] == NO_REPORT_YET:
                first_report_outcome[who] = NEGLECTED
        for i in range(n):
            if neglects[i] > 0:
                times = float(neglects[i])
                efficacy[i] = efficacy[i] * (1 - efficacy_loss) ** times
                trust[i] = trust[i] * (1 - trust_loss) ** times
                satisfaction[i] = satisfaction[i] * (1 - satisfaction_weight) ** times
    for i in range(n):
        if t - last_visit_step[i] >= visit_memory_weeks:
            trust[i] = trust[i] - trust_decay * (trust[i] - trust_floor)
    responsiveness = np.empty(n_buildings)
    for b in range(n_buildings):
        responsiveness[b] = answered_per_building[b] / max(answered_per_building[b] + open_per_building[b], 1.0)
    return efficacy, trust, satisfaction, responsiveness, late
