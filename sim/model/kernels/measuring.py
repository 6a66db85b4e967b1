"""Kernel of the outcome window's cohort (:func:`sim.model.measurement.measure`; references
:func:`~sim.model.measurement.window_cohort`, :func:`~sim.model.measurement.kaplan_meier`,
:func:`~sim.model.measurement.cohort_shares`).

Problems are recorded in the order they arise, so the cohort of a window is a contiguous range
of ids (found by binary search instead of a scan of the whole book). One pass over it gives the
Kaplan–Meier survival of weeks to resolution and the counts behind the report rate and the
unreported share. Bit-identical to the references.
"""

from __future__ import annotations

import numpy as np

from sim.model.kernels import kernel
from sim.model.problems import NOT_YET


@kernel
def cohort_survival(first, last, t, arisen_step, resolved_step, exit_step, reported_by_resident, known_step):
    """(survival S(k) for k = 0, 1, ..., problems reported by a resident, problems nobody knows of) of ids first..last-1."""
    n = last - first
    durations = np.empty(n, np.int64)
    resolved = np.empty(n, np.bool_)
    reported = 0
    unknown = 0
    longest = 0
    for k in range(n):
        i = first + k
        resolved[k] = resolved_step[i] != NOT_YET
        end = resolved_step[i] if resolved[k] else (exit_step[i] if exit_step[i] != NOT_YET else t)
        durations[k] = end - arisen_step[i]
        longest = max(longest, durations[k])
        reported += 1 if reported_by_resident[i] else 0
        unknown += 1 if known_step[i] == NOT_YET else 0
    length = longest + 1
    at = np.zeros(length, np.int64)
    events = np.zeros(length, np.int64)
    for k in range(n):
        at[durations[k]] += 1
        if resolved[k]:
            events[durations[k]] += 1
    survival = np.empty(length)
    at_or_after = 0
    for k in range(length - 1, -1, -1):
        at_or_after += at[k]
        at[k] = at_or_after
    s = 1.0
    for k in range(length):
        hazard = events[k] / at[k] if at[k] > 0 else 0.0
        s = s * (1.0 - hazard) if k else 1.0 - hazard
        survival[k] = s
    return survival, reported, unknown
