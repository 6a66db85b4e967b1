"""Neighbourhood problems (急难愁盼问题) as a columnar record store: the problem book.

Problems are not Mesa agents (DESIGN §4): they are records with a location, a category, the
effort and money they need, the actors whose commitment they need, and the weeks at which they
arose, became known, reached the actor who works on them and left the books (resolved, or
unresolved for a stated reason). They live in numpy arrays so that every mechanism acting on
them is vectorised.

Weeks are the model's own clock: negative during the burn-in, 0 at its end (see
:class:`sim.model.CoGovernanceModel`), so a column that has no week yet holds :data:`NOT_YET`,
which no real week can equal.
"""

from __future__ import annotations

import numpy as np

from sim.parameters import CATEGORY_KEYS

REPAIR, ENVIRONMENT, SERVICES, DISPUTES, CROSS_ACTOR = range(len(CATEGORY_KEYS))
EVERYDAY = (REPAIR, ENVIRONMENT, SERVICES, DISPUTES)

# Actors whose commitment a cross-actor work needs, as bits of ``needs`` / ``committed``.
NEEDS_COMMITTEE = 1  # owners' approval: the owners' committee, or owners' consent gathered by the core
NEEDS_FIRM = 2  # the property firm that does the work
NEEDS_CORE = 4  # the community core, which coordinates and co-funds
NEEDS_APPROVAL = 8  # sub-district approval (waived by empowerment)
ALL_PARTIES = NEEDS_COMMITTEE | NEEDS_FIRM | NEEDS_CORE

NOT_YET = -1_000_000_000  # value of a week column before the event happened (weeks can be negative)

# Who resolved a problem. The governance system is the core, firms, organisations and the
# contractors they pay; volunteers' fixes are self-help (DESIGN §11).
BY_NOBODY, BY_CORE, BY_FIRM, BY_ORGANISATION, BY_VOLUNTEERS, BY_CONTRACTORS = range(6)
RESOLVERS = ("nobody", "core", "firm", "organisation", "volunteers", "contractors")
GOVERNANCE = (BY_CORE, BY_FIRM, BY_ORGANISATION, BY_CONTRACTORS)

# How an unresolved problem left the books.
STILL_OPEN, GIVEN_UP, COPED_ALONE, SHELVED = range(4)
EXIT_REASONS = ("open", "given_up", "coped_alone", "shelved")


class ProblemBook:
    """Growable columnar store of problems; row ``i`` is problem ``i``."""

    _COLUMNS: dict[str, tuple[type, int | float | bool]] = {
        "category": (np.int8, 0),
        "household": (np.int32, 0),
        "building": (np.int32, 0),
        "compound": (np.int32, 0),
        "effort_needed": (np.float64, 0.0),
        "effort_done": (np.float64, 0.0),
        "money_needed": (np.float64, 0.0),
        "money_funded": (np.float64, 0.0),
        "pool_money": (np.float64, 0.0),
        "arisen_step": (np.int32, NOT_YET),
        "known_step": (np.int32, NOT_YET),
        "assigned_step": (np.int32, NOT_YET),  # reached the actor who works on it (channel or core dispatch)
        "approval_step": (np.int32, NOT_YET),
        "resolved_step": (np.int32, NOT_YET),
        "exit_step": (np.int32, NOT_YET),  # left the books unresolved
        "exit_reason": (np.int8, STILL_OPEN),
        "escalated_step": (np.int32, NOT_YET),  # first pushed up to the core (hotline, 吹哨)
        "reported_by_resident": (np.bool_, False),
        "actor": (np.int32, -1),
        "in_core_queue": (np.bool_, False),  # waiting for the core's dispatch
        "needs": (np.uint8, 0),
        "committed": (np.uint8, 0),
        "co_funded": (np.bool_, False),  # a major work's subsidy and owners' share have been paid
        "neglected": (np.bool_, False),
        "supervised": (np.bool_, False),  # the core dispatched its escalation: the actor puts it first (督办)
        "complaints": (np.int16, 0),
        "resolved_by": (np.int8, BY_NOBODY),
        "patience_weeks": (np.float64, 0.0),
        "route_draw": (np.float64, 0.0),  # the problem's own uniform draw for channel routing (CRN)
    }

    def __init__(self, initial_capacity: int = 1024):
        self.size = 0
        self._capacity = max(16, initial_capacity)
        for name, (dtype, fill) in self._COLUMNS.items():
            setattr(self, name, np.full(self._capacity, fill, dtype=dtype))
        # Indices of open problems, kept so that per-step work scales with the backlog.
        self.open_ids = np.empty(0, dtype=np.int64)

    def __len__(self) -> int:
        return self.size

    def _grow(self, needed: int) -> None:
        capacity = self._capacity
        while capacity < needed:
            capacity *= 2
        if capacity == self._capacity:
            return
        for name, (dtype, fill) in self._COLUMNS.items():
            column = np.full(capacity, fill, dtype=dtype)
            column[: self.size] = getattr(self, name)[: self.size]
            setattr(self, name, column)
        self._capacity = capacity

    def add(self, **columns: np.ndarray) -> np.ndarray:
        """Append problems given as equal-length arrays; return their ids."""
        count = len(next(iter(columns.values())))
        self._grow(self.size + count)
        ids = np.arange(self.size, self.size + count)
        rows = slice(self.size, self.size + count)
        for name, values in columns.items():
            getattr(self, name)[rows] = values
        self.size += count
        self.open_ids = np.concatenate([self.open_ids, ids])
        return ids

    def close(self, ids: np.ndarray, step: int, resolved_by: int | np.ndarray) -> None:
        """Mark problems resolved at ``step`` by ``resolved_by``."""
        if len(ids) == 0:
            return
        self.resolved_step[ids] = step
        self.resolved_by[ids] = resolved_by
        self.in_core_queue[ids] = False
        self.open_ids = self.open_ids[self.resolved_step[self.open_ids] == NOT_YET]

    def leave(self, ids: np.ndarray, step: int, reason: int | np.ndarray) -> None:
        """Mark problems leaving the books unresolved at ``step`` (:data:`EXIT_REASONS`)."""
        if len(ids) == 0:
            return
        self.exit_step[ids] = step
        self.exit_reason[ids] = reason
        self.in_core_queue[ids] = False
        self.open_ids = self.open_ids[self.exit_step[self.open_ids] == NOT_YET]

    def column(self, name: str) -> np.ndarray:
        """A view of one column over the problems recorded so far."""
        return getattr(self, name)[: self.size]


def serve_in_order(groups: np.ndarray, demands: np.ndarray, supply: np.ndarray) -> np.ndarray:
    """Grant each item as much of its group's supply as is left after the items before it.

    ``groups`` must be sorted so that each group's items are contiguous and in priority order.
    Item ``i`` of group ``g`` gets ``clip(supply[g] - (demand of earlier items of g), 0, demand[i])``:
    the first items are served in full, the marginal item partly, the rest not at all. This one
    vectorised rule allocates work capacity, budgets, the common pool and volunteer effort.
    """
    n = len(demands)
    if n == 0:
        return np.zeros(0)
    exclusive = np.cumsum(demands) - demands
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    lengths = np.diff(np.r_[starts, n])
    before = exclusive - np.repeat(exclusive[starts], lengths)
    return np.clip(supply[groups] - before, 0.0, demands)
