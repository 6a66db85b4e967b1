"""The core dispatches known problems to the responsible actor (派单, DESIGN §5.5; S1, S3, S4).

Rule: hotline-escalated problems first, then in the order they became known (or, when the
community secretary sets a priority in the classroom, that category first). Each costs the core
``dispatch_effort_per_problem`` (less ``digital_dispatch_saving`` of it with a digital platform,
S4 §3), paid from what the core's capacity has left this week after paperwork, patrols and any
joint meeting; the core stops when it runs out (S1 §1.1, S3 §2.1: pushed-down tasks leave
little). Repairs and major works go to the compound's property firm; an environment problem
to an environment organisation with probability ``p_environment_to_organisation`` (from the
problem's own routing draw, so routing is identical under every lever), else to the firm;
services to a care organisation and disputes to a mediation organisation, or to the core where
there is none. Major works need the owners', the firm's and the core's commitment and, unless
empowerment removes the wait, sub-district approval after approval_wait_weeks x (1 -
empowerment) weeks (吹哨报到, S1 §2.1, S4 §1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.agents import CORE
from sim.model.problems import ALL_PARTIES, CROSS_ACTOR, DISPUTES, ENVIRONMENT, NEEDS_APPROVAL, NOT_YET, SERVICES
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

ROUTES = ((SERVICES, "care"), (DISPUTES, "mediation"), (ENVIRONMENT, "environment"))


def dispatch(model: CoGovernanceModel, t: int) -> None:
    p, book = model.p, model.problems
    open_ids = book.open_ids
    waiting = open_ids[(book.known_step[open_ids] != NOT_YET) & (book.dispatched_step[open_ids] == NOT_YET)]
    priority = model.choices.decide("core", None, "dispatch_priority", None)
    if len(waiting) == 0:
        return
    first = book.category[waiting] == CATEGORY_KEYS.index(priority) if priority else np.zeros(len(waiting), bool)
    waiting = waiting[np.lexsort((waiting, book.known_step[waiting], ~first, ~book.escalated[waiting]))]
    cost = p.dispatch_effort_per_problem * (1 - p.digital_dispatch_saving * p.digital_platform)
    affordable = len(waiting) if cost * len(waiting) <= model.core_time.left else int(model.core_time.left / cost + 1e-9)
    take = waiting[:affordable]
    model.core_time.spend_up_to(affordable * cost)
    category = book.category[take]
    actor = model.firm_actor[book.compound[take]]
    orgs_by_domain = model.organisations_by_domain()
    for cat, domain in ROUTES:
        rows = np.flatnonzero(category == cat)
        orgs = orgs_by_domain[domain]
        if cat == ENVIRONMENT:
            rows = rows[book.route_draw[take[rows]] < p.p_environment_to_organisation] if len(orgs) else rows[:0]
        if len(rows):
            # The routing draw's lower digits pick which organisation of the domain (same under every lever).
            pick = ((book.route_draw[take[rows]] * 7919.0) % 1.0 * len(orgs)).astype(np.int64)
            actor[rows] = orgs[np.minimum(pick, len(orgs) - 1)] if len(orgs) else CORE
    book.actor[take] = actor
    book.dispatched_step[take] = t
    cross = take[category == CROSS_ACTOR]
    wait = int(round(p.approval_wait_weeks * (1 - p.empowerment)))
    book.needs[cross] = ALL_PARTIES | (NEEDS_APPROVAL if wait > 0 else 0)
    book.approval_step[cross] = t + wait
