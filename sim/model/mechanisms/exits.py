"""How unresolved problems leave the books (DESIGN §11: the status quo settles).

Nothing stays open for ever. Each week:

* a household stops waiting for a neglected everyday problem on which no work has started with
  ``p_give_up_week``. A household that is not low-income copes alone with a repair or a care need
  (it pays for a private fix: 自行解决); every other such problem is given up (the household lives
  with it; an environment problem or a dispute cannot be fixed privately). Either way the problem
  was not resolved by the community (S2 §1: 参不参与都一样);
* the owners shelve (withdraw) a major work on which no work has started with
  ``p_major_work_shelved_week`` (S1 §1.2: works that need several parties lapse).

Exits are counted by reason (:data:`sim.model.problems.EXIT_REASONS`). Deviation from the first
version, where major works were never given up and piled up for as long as the model ran
(ODD §5). Draws come from the ``exits`` stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.kernels import leaving
from sim.model.problems import COPED_ALONE, CROSS_ACTOR, EXIT_REASONS, GIVEN_UP, REPAIR, SERVICES, SHELVED
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

#: Everyday categories a household that can pay may fix privately.
PRIVATE_FIXES = (REPAIR, SERVICES)


def leave_the_books(model: CoGovernanceModel, t: int) -> None:
    if not kernels.ENABLED:
        return leave_the_books_reference(model, t)
    p, book, h, rng = model.p, model.problems, model.households, model.streams.exits
    waiting, works = leaving.candidates(book.open_ids, book.effort_done, book.category, book.neglected)
    stops = waiting[rng.random(len(waiting)) < p.p_give_up_week]
    shelved = works[rng.random(len(works)) < p.p_major_work_shelved_week]
    book.open_ids, exits, left = leaving.leave(
        t, book.open_ids, stops, shelved, book.category, book.household, h.low_income, book.exit_step, book.exit_reason,
        book.in_core_queue, len(EXIT_REASONS), len(CATEGORY_KEYS),
    )
    model.flows.add("exits", exits)
    model.flows.add("left", left)


def leave_the_books_reference(model: CoGovernanceModel, t: int) -> None:
    """The numpy reference of :func:`leave_the_books` (kernels in :mod:`sim.model.kernels.leaving`)."""
    p, book, h, rng = model.p, model.problems, model.households, model.streams.exits
    open_ids = book.open_ids
    untouched = book.effort_done[open_ids] == 0
    major = book.category[open_ids] == CROSS_ACTOR
    waiting = open_ids[book.neglected[open_ids] & untouched & ~major]
    works = open_ids[untouched & major]
    stops = waiting[rng.random(len(waiting)) < p.p_give_up_week]
    shelved = works[rng.random(len(works)) < p.p_major_work_shelved_week]
    can_pay = np.isin(book.category[stops], PRIVATE_FIXES) & ~h.low_income[book.household[stops]]
    reason = np.where(can_pay, COPED_ALONE, GIVEN_UP)
    book.leave(stops, t, reason)
    book.leave(shelved, t, SHELVED)
    exits = np.bincount(reason, minlength=len(EXIT_REASONS))
    exits[SHELVED] += len(shelved)
    model.flows.add("exits", exits)
    model.flows.add("left", np.bincount(book.category[np.concatenate([stops, shelved])], minlength=len(CATEGORY_KEYS)))
