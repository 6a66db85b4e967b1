"""Escalation: neglected problems are pushed up to the core (DESIGN §5.5, §5.8; 接诉即办, S4 §1).

A problem escalates in two ways, and either way it enters the core's queue as a work order:

* a hotline complaint (12345, 接诉即办): when a problem outlasts its household's patience, the
  household complains with ``p_hotline_escalation``; while the problem stays open it complains
  again with ``p_complaint_repeat_week`` a week. Each complaint is a new work order that costs the
  core ``hotline_handling_effort`` of paperwork the next week (痕迹化, S2 §1), counts as a
  hotline complaint of its compound, and makes an unknown problem known;
* a grid worker's whistle (网格吹哨): a patrol that passes a neglected problem nobody has pushed
  up yet escalates it, without the hotline's paperwork (:mod:`.reporting`).

When the core dispatches the work order (:mod:`.dispatch`), the problem's responder is told to put
it first (督办); a repeat complaint about a problem already supervised costs the core another
dispatch. So an overloaded or shirking firm, whose neglected repairs stay open, multiplies its
compound's complaints and the core's work, which is how complaints come to concentrate beyond
what housing condition alone would give (Shanghai 2018; S2 §1).
Draws come from the ``feedback`` stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.mechanisms.channels import discover
from sim.model.problems import CROSS_ACTOR, ENVIRONMENT, NOT_YET, REPAIR

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

#: Categories whose complaints count as property complaints (the firm's and the compound's domain).
PROPERTY_COMPLAINTS = (REPAIR, ENVIRONMENT, CROSS_ACTOR)


def escalate(model: CoGovernanceModel, ids: np.ndarray, t: int, *, hotline: bool) -> None:
    """Put problems in the core's queue as work orders: hotline complaints, or grid workers' whistles."""
    if len(ids) == 0:
        return
    book, p = model.problems, model.p
    discover(model, ids[book.known_step[ids] == NOT_YET], t)
    book.escalated_step[ids] = np.where(book.escalated_step[ids] == NOT_YET, t, book.escalated_step[ids])
    book.in_core_queue[ids] = True
    if not hotline:
        model.flows.add("whistles", len(ids))
        return
    book.complaints[ids] += 1
    compounds = book.compound[ids]
    model.flows.add("complaints", np.bincount(compounds, minlength=model.n_compounds))
    prop = np.isin(book.category[ids], PROPERTY_COMPLAINTS)
    model.flows.add("property_complaints", np.bincount(compounds[prop], minlength=model.n_compounds))
    model.pending_paperwork += p.hotline_handling_effort * len(ids)


def complain(model: CoGovernanceModel, newly_neglected: np.ndarray, t: int) -> None:
    """First complaints about problems that have just outlasted patience, and repeat complaints."""
    p, book, rng = model.p, model.problems, model.streams.feedback
    first = newly_neglected[rng.random(len(newly_neglected)) < p.p_hotline_escalation]
    open_ids = book.open_ids
    repeat_pool = open_ids[(book.complaints[open_ids] > 0) & ~book.in_core_queue[open_ids]]
    repeat = repeat_pool[rng.random(len(repeat_pool)) < p.p_complaint_repeat_week]
    escalate(model, np.concatenate([first, repeat]), t, hotline=True)
