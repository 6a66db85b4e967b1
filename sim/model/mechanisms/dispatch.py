"""The core dispatches the work orders in its queue (派单, DESIGN §5.5; S1, S3, S4).

The core's queue holds what reaches the core (see :mod:`.channels`): major works waiting to be
coordinated, and escalations (hotline complaints and grid workers' whistles) about problems
their responder has let wait. Work orders are taken escalations first (a complaint has a
deadline under 接诉即办), then in the order they became known, or, when the community secretary
sets a priority in the classroom, that category first. Each costs the core
``dispatch_effort_per_problem`` (less ``digital_dispatch_saving`` of it with a digital platform,
S4 §3), paid from what the core's capacity has left this week after paperwork, patrols and any
joint meeting; the core stops when it runs out (S1 §1.1, S3 §2.1: pushed-down tasks leave
little), and what it cannot take waits for next week.

* A major work goes to its compound's property firm for the work, and now needs the owners',
  the firm's and the core's commitment and, unless empowerment removes the wait, sub-district
  approval after approval_wait_weeks x (1 - empowerment) weeks (吹哨报到, S1 §2.1, S4 §1).
* An escalation is supervised (督办): its responder (the firm, an organisation or the core
  itself) puts it ahead of everything else from now on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.problems import ALL_PARTIES, CROSS_ACTOR, NEEDS_APPROVAL, NOT_YET
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def dispatch(model: CoGovernanceModel, t: int) -> None:
    p, book = model.p, model.problems
    open_ids = book.open_ids
    queue = open_ids[book.in_core_queue[open_ids]]
    priority = model.choices.decide("core", None, "dispatch_priority", None)
    if len(queue) == 0:
        return
    first = book.category[queue] == CATEGORY_KEYS.index(priority) if priority else np.zeros(len(queue), bool)
    escalated = book.escalated_step[queue] != NOT_YET
    queue = queue[np.lexsort((queue, book.known_step[queue], ~escalated, ~first))]
    cost = p.dispatch_effort_per_problem * (1 - p.digital_dispatch_saving * p.digital_platform)
    affordable = len(queue) if cost * len(queue) <= model.core_time.left else int(model.core_time.left / cost + 1e-9)
    take = queue[:affordable]
    model.core_time.spend_up_to(affordable * cost)
    book.in_core_queue[take] = False
    model.flows.add("dispatched", len(take))
    model.flows.add("dispatched_late", int((t - book.arisen_step[take] >= book.patience_weeks[take]).sum()))

    escalations = take[book.escalated_step[take] != NOT_YET]
    book.supervised[escalations] = True
    works = take[(book.category[take] == CROSS_ACTOR) & (book.assigned_step[take] == NOT_YET)]
    book.actor[works] = model.firm_actor[book.compound[works]]
    book.assigned_step[works] = t
    wait = int(round(p.approval_wait_weeks * (1 - p.empowerment)))
    book.needs[works] = ALL_PARTIES | (NEEDS_APPROVAL if wait > 0 else 0)
    book.approval_step[works] = t + wait
