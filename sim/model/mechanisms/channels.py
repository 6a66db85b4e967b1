"""Channels (受理渠道): a known problem reaches the actor a resident would turn to (DESIGN §5.5).

Each week every problem that has become known (reported by its household, found by a patrol or
a Party member's visit, or raised through the hotline) is taken in by its first responder:

=================  =========================================================================
category           first responder
=================  =========================================================================
repairs            the compound's property firm (its service desk, 物业报修)
environment        an environment organisation with ``p_environment_to_organisation`` where one
                   serves this week, else the compound's property firm (compound cleaning)
services           a care organisation where one serves this week (养老托育 providers), else the
                   core (the residents' committee's own services)
disputes           a mediation organisation with ``p_dispute_to_organisation`` where one serves
                   this week, else the core (人民调解 by the residents' committee and grid workers)
major works        the core's queue: it dispatches them for coordination (``dispatch``)
=================  =========================================================================

So the core takes in what it is the first responder for, without dispatching it, and its
dispatch queue holds only major works and escalations (``escalation``: a hotline complaint or a
grid worker's whistle about a problem its responder has let wait past the household's
patience), as in S2's loop 收集意见—协商办理—落实推进—反馈信息 and S4's
居民点单、支部派单、党员接单、群众评单 and 网格吹哨、部门报到. Which organisation of a domain
takes a problem, and whether an environment problem or a dispute goes to an organisation, is
read from the problem's own routing draw, so routing is the same under every lever.

Deviation from the first version, in which the core triaged and dispatched every problem
(DESIGN §5 then said so; it was corrected): one queue for everything hid every other
institution behind the core's capacity (ODD §5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.agents import CORE
from sim.model.kernels import routing
from sim.model.problems import CROSS_ACTOR, DISPUTES, ENVIRONMENT, NOT_YET, SERVICES

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

#: Everyday categories an organisation can take, its domain, and the registry parameter giving
#: the chance it takes one (None: always, where one serves).
ORGANISATION_CHANNELS = ((SERVICES, "care", None), (DISPUTES, "mediation", "p_dispute_to_organisation"),
                         (ENVIRONMENT, "environment", "p_environment_to_organisation"))
#: Categories the core takes in itself when no organisation does.
CORE_FALLBACK = (SERVICES, DISPUTES)


def discover(model: CoGovernanceModel, ids: np.ndarray, t: int) -> None:
    """Problems become known without their household's report (patrol, visit, hotline)."""
    model.problems.known_step[ids] = t
    model.flows.add("discovered", len(ids))


def first_responders(model: CoGovernanceModel, ids: np.ndarray) -> np.ndarray:
    """The actor that takes in each (everyday) problem, by the channel table above."""
    p, book = model.p, model.problems
    category = book.category[ids]
    route = book.route_draw[ids]
    responder = model.firm_actor[book.compound[ids]].astype(np.int64)
    responder[np.isin(category, CORE_FALLBACK)] = CORE
    orgs_by_domain = model.organisations_by_domain()
    for cat, domain, chance in ORGANISATION_CHANNELS:
        orgs = orgs_by_domain[domain]
        if len(orgs) == 0:
            continue
        rows = np.flatnonzero(category == cat)
        if chance is not None:
            rows = rows[route[rows] < getattr(p, chance)]
        # The routing draw's lower digits pick which organisation of the domain (same under every lever).
        pick = ((route[rows] * 7919.0) % 1.0 * len(orgs)).astype(np.int64)
        responder[rows] = orgs[np.minimum(pick, len(orgs) - 1)]
    return responder


def take_in(model: CoGovernanceModel, t: int) -> None:
    """Every newly known problem reaches its first responder, or the core's queue (major works)."""
    if not kernels.ENABLED:
        return take_in_reference(model, t)
    p, book = model.p, model.problems
    by_domain = model.organisations_by_domain()
    taken_in, late = routing.take_in(
        t, book.open_ids, book.known_step, book.assigned_step, book.category, book.compound, book.route_draw, book.arisen_step,
        book.patience_weeks, book.in_core_queue, book.actor, model.firm_actor, by_domain["care"], by_domain["mediation"],
        by_domain["environment"], p.p_dispute_to_organisation, p.p_environment_to_organisation,
    )
    model.flows.add("taken_in", taken_in)
    model.flows.add("taken_in_late", late)


def take_in_reference(model: CoGovernanceModel, t: int) -> None:
    """The numpy reference of :func:`take_in` (kernel :func:`sim.model.kernels.routing.take_in`)."""
    book = model.problems
    open_ids = book.open_ids
    new = open_ids[(book.known_step[open_ids] != NOT_YET) & (book.assigned_step[open_ids] == NOT_YET)]
    if len(new) == 0:
        return
    major = book.category[new] == CROSS_ACTOR
    book.in_core_queue[new[major]] = True  # until the core dispatches it (an escalated one may be there already)
    everyday = new[~major]  # an escalated one stays in the core's queue as well, for the core to supervise
    book.actor[everyday] = first_responders(model, everyday)
    book.assigned_step[everyday] = t
    late = t - book.arisen_step[everyday] >= book.patience_weeks[everyday]
    model.flows.add("taken_in", len(everyday))
    model.flows.add("taken_in_late", int(late.sum()))
