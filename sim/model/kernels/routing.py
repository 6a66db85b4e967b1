"""Kernel of first responders' intake (:func:`sim.model.mechanisms.channels.take_in`, its reference).

One pass over the open problems: each newly known everyday problem reaches its first responder
(routed by its own draw), each newly known major work joins the core's queue. Bit-identical to
the reference.
"""

from __future__ import annotations

import numpy as np

from sim.model.agents import CORE
from sim.model.kernels import kernel
from sim.model.problems import CROSS_ACTOR, DISPUTES, ENVIRONMENT, NOT_YET, SERVICES

ORGANISATION_PICK = 7919.0  # the routing draw's lower digits pick which organisation of a domain


@kernel
def _organisation(route, organisations):
    pick = np.int64((route * ORGANISATION_PICK) % 1.0 * len(organisations))
    return organisations[min(pick, len(organisations) - 1)]


@kernel
def take_in(t, open_ids, known_step, assigned_step, category, compound, route_draw, arisen_step, patience_weeks,
            in_core_queue, actor, firm_actor, care, mediation, environment, p_dispute_to_organisation,
            p_environment_to_organisation):
    """Route this week's newly known problems; returns (everyday problems taken in, of them taken in late)."""
    taken_in = 0
    late = 0
    for problem in open_ids:
        if known_step[problem] == NOT_YET or assigned_step[problem] != NOT_YET:
            continue
        c = category[problem]
        if c == CROSS_ACTOR:
            in_core_queue[problem] = True
            continue
        route = route_draw[problem]
        responder = np.int64(firm_actor[compound[problem]])
        if c == SERVICES or c == DISPUTES:
            responder = CORE
        if c == SERVICES and len(care):
            responder = _organisation(route, care)
        elif c == DISPUTES and len(mediation) and route < p_dispute_to_organisation:
            responder = _organisation(route, mediation)
        elif c == ENVIRONMENT and len(environment) and route < p_environment_to_organisation:
            responder = _organisation(route, environment)
        actor[problem] = responder
        assigned_step[problem] = t
        taken_in += 1
        if t - arisen_step[problem] >= patience_weeks[problem]:
            late += 1
    return taken_in, late
