"""Kernels of residents' participation (:func:`sim.model.mechanisms.participation.participate`, its reference).

:func:`moore_neighbours` lists each household's Moore neighbours once (dwellings never change);
:func:`would_participate` applies the participation rule in one pass over the households;
:func:`volunteer_effort` sums participants' effort by building and participation by compound.
Bit-identical to the reference (``expit`` is computed as SciPy does, 1 / (1 + exp(-u))).
"""

from __future__ import annotations

import math

import numpy as np

from sim.model.kernels import kernel

LOGISTIC, THRESHOLD, ASPIRATION = 0, 1, 2
RULES = {"logistic": LOGISTIC, "threshold": THRESHOLD, "aspiration": ASPIRATION}


@kernel
def moore_neighbours(x, y, width, height):
    """Per household, the households in its eight neighbouring cells (-1 for an empty cell), in the
    order of the reference's offsets (dx, dy) = (-1, -1), (-1, 0), ..., (1, 1)."""
    at = np.full((width, height), -1, np.int64)
    for i in range(len(x)):
        at[x[i], y[i]] = i
    neighbours = np.full((len(x), 8), -1, np.int64)
    for i in range(len(x)):
        slot = 0
        for dx in range(-1, 2):
            for dy in range(-1, 2):
                if dx == 0 and dy == 0:
                    continue
                cx, cy = x[i] + dx, y[i] + dy
                if 0 <= cx < width and 0 <= cy < height:
                    neighbours[i, slot] = at[cx, cy]
                slot += 1
    return neighbours


@kernel
def would_participate(rule, uniform, step, participating, neighbours, occupied_neighbours, mobilised_until, duty,
                      efficacy, trust, threshold, low_income, time_availability, propensity, weights, threshold_rule):
    """Who would take part this week under the rule (``weights`` and ``threshold_rule``: see the caller)."""
    intercept, w_efficacy, w_trust, w_neighbours, w_mobilisation, w_incentive, w_time, incentive, low_income_factor = weights
    scale, time_cost, efficacy_weight, mobilisation_weight = threshold_rule
    n = len(uniform)
    out = np.empty(n, np.bool_)
    for i in range(n):
        if rule == 2:
            out[i] = uniform[i] < propensity[i]
            continue
        total = 0.0
        for slot in range(8):
            j = neighbours[i, slot]
            if j >= 0:
                total += 1.0 if participating[j] else 0.0
        share = total / max(occupied_neighbours[i], 1.0) if occupied_neighbours[i] > 0 else 0.0
        mobilised = (1.0 if mobilised_until[i] >= step else 0.0) + duty[i]
        if rule == 0:
            felt = incentive * (low_income_factor if low_income[i] else 1.0)
            u = (intercept + w_efficacy * efficacy[i] + w_trust * trust[i] + w_neighbours * (share - threshold[i])
                 + w_mobilisation * mobilised + w_incentive * felt - w_time * (1 - time_availability[i]))
            out[i] = uniform[i] < 1.0 / (1.0 + math.exp(-u))
        else:
            needed = scale * threshold[i] * (1 + time_cost * (1 - time_availability[i])) - efficacy_weight * efficacy[i]
            out[i] = share + mobilisation_weight * mobilised >= needed
    return out


@kernel
def volunteer_effort(participating, volunteering, time_availability, effort_per_participant, building, building_count,
                     compound, households_per_compound, organised):
    """(volunteer effort per building, participation share per compound)."""
    per_building = np.zeros(len(building_count))
    participants = np.zeros(len(building_count))
    per_compound = np.zeros(len(households_per_compound))
    for i in range(len(participating)):
        per_building[building[i]] += (1.0 if volunteering[i] else 0.0) * time_availability[i] * effort_per_participant
        if participating[i]:
            participants[building[i]] += 1.0
            per_compound[compound[i]] += 1.0
    if organised > 0:
        total = participants.sum()
        if not total > 0:
            for b in range(len(building_count)):
                participants[b] = 1.0 if building_count[b] > 0 else 0.0
            total = participants.sum()
        for b in range(len(building_count)):
            per_building[b] += organised * participants[b] / total
    for c in range(len(per_compound)):
        per_compound[c] = per_compound[c] / max(households_per_compound[c], 1)
    return per_building, per_compound
