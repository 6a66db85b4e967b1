"""Kernels of commitment to major works (:func:`sim.model.mechanisms.coordination.coordinate`, its reference).

:func:`pending_works` finds the works still waiting for a party; :func:`commit` applies the week's
draws to them, at a joint meeting or between meetings. Bit-identical to the reference.
"""

from __future__ import annotations

import numpy as np

from sim.model.kernels import kernel
from sim.model.problems import NEEDS_APPROVAL, NEEDS_COMMITTEE, NEEDS_CORE, NEEDS_FIRM

PARTIES = NEEDS_COMMITTEE | NEEDS_FIRM | NEEDS_CORE


@kernel
def pending_works(open_ids, needs, committed):
    pending = np.empty(len(open_ids), np.int64)
    n = 0
    for problem in open_ids:
        if needs[problem] > 0 and committed[problem] != needs[problem]:
            pending[n] = problem
            n += 1
    return pending[:n]


@kernel
def commit(t, pending, draws, meeting, compound, needs, committed, approval_step, committee_actor, approves,
           committee_agrees, firm_agrees, core_agrees):
    """Each pending work's parties commit (all together at a meeting, each on its own otherwise); approval after its wait."""
    for k in range(len(pending)):
        problem = pending[k]
        c = compound[problem]
        need = needs[problem]
        done = committed[problem]
        owners_yes = approves[c] if committee_actor[c] >= 0 else draws[0, k] < committee_agrees[c]
        if meeting:
            missing = need & ~done
            others = (firm_agrees[c] if missing & NEEDS_FIRM else 1.0) * (core_agrees if missing & NEEDS_CORE else 1.0)
            if draws[1, k] < others and (owners_yes or not missing & NEEDS_COMMITTEE):
                done |= need & PARTIES
        else:
            if owners_yes:
                done |= NEEDS_COMMITTEE
            if draws[1, k] < firm_agrees[c]:
                done |= NEEDS_FIRM
            if draws[2, k] < core_agrees:
                done |= NEEDS_CORE
        done &= need | NEEDS_APPROVAL
        if need & NEEDS_APPROVAL and t >= approval_step[problem]:
            done |= NEEDS_APPROVAL
        committed[problem] = done
