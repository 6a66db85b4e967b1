"""Choices made by people instead of the simulation (classroom role play), and what was decided.

The mechanisms ask this adapter for each decision an actor takes: the simulated value is
always computed first, from the same random draws, and a choice made for that actor this week
(``model.decisions``, a :class:`sim.model.decisions.WeekDecisions`) replaces it. So a choice
changes only its own actor's decision, never other actors' random numbers, and a class that
copies every simulated decision reproduces the all-simulated run exactly. For the actors listed
in ``model.watch`` (same shape, values ignored) the decision actually taken, chosen or
simulated, is recorded in ``model.taken``.

Groups and their keys: ``residents`` (household index), ``members`` (member index),
``firms`` and ``committees`` (compound), ``organisations`` (actor id), and ``core``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

GROUPS = ("residents", "members", "firms", "committees", "organisations")


class Choices:
    """Applies one week's choices and records the decisions of watched actors."""

    def __init__(self) -> None:
        self.decisions: Any = None
        self.watch: Any = None
        self.taken: dict[str, Any] = {}

    def start_week(self, decisions: Any, watch: Any) -> None:
        self.decisions = None if decisions is None or decisions.is_empty() else decisions
        self.watch = watch
        self.taken = {group: {} for group in GROUPS} | {"core": {}}

    # ------------------------------------------------------------------ single decisions
    def chosen(self, group: str, key: Any, field: str) -> Any:
        """The value chosen for this actor's decision this week, or None (simulate)."""
        if self.decisions is None:
            return None
        choice = self.decisions.core if group == "core" else getattr(self.decisions, group).get(key)
        return None if choice is None else getattr(choice, field)

    def decide(self, group: str, key: Any, field: str, simulated: Any) -> Any:
        """The decision taken: the chosen value if there is one, else the simulated one."""
        value = self.chosen(group, key, field)
        value = simulated if value is None else value
        self.record(group, key, field, value)
        return value

    def decide_each(self, group: str, keys: np.ndarray, field: str, simulated: np.ndarray) -> np.ndarray:
        """The decisions taken by many actors of ``group`` (``keys``), in key order: :meth:`decide` for
        each when anything is chosen or watched this week, else the simulated values themselves."""
        if self.decisions is None and self.watch is None:
            return simulated
        taken = simulated.copy()
        for i, (key, value) in enumerate(zip(keys.tolist(), simulated.tolist(), strict=True)):
            taken[i] = self.decide(group, key, field, value)
        return taken

    def record(self, group: str, key: Any, field: str, value: Any) -> None:
        if self.watch is None:
            return
        if group == "core":
            if self.watch.core is not None:
                self.taken["core"][field] = value
        elif key in getattr(self.watch, group):
            self.taken[group].setdefault(key, {})[field] = value

    # ------------------------------------------------------------------ residents, vectorised
    def resident_flags(
        self, field: str, households: np.ndarray, simulated: np.ndarray, only: np.ndarray | None = None
    ) -> np.ndarray:
        """Apply residents' choices of ``field`` to per-item flags of the given households.

        ``households`` may repeat; a household's choice applies to all its items. A watched
        household's decision is recorded as whether any of its items is True, and only for the
        households in ``only`` when given (those that had this decision to make this week).
        """
        if self.decisions is not None and self.decisions.residents:
            chosen = {k: getattr(c, field) for k, c in self.decisions.residents.items() if getattr(c, field) is not None}
            if chosen:
                keys = np.fromiter(chosen, dtype=np.int64, count=len(chosen))
                values = np.fromiter(chosen.values(), dtype=bool, count=len(chosen))
                order = np.argsort(keys)
                keys, values = keys[order], values[order]
                position = np.clip(np.searchsorted(keys, households), 0, len(keys) - 1)
                hit = keys[position] == households
                simulated = simulated.copy()
                simulated[hit] = values[position[hit]]
        if self.watch is not None and self.watch.residents:
            deciding = set(self.watch.residents) if only is None else set(self.watch.residents) & set(only.tolist())
            for household in deciding:
                mask = households == household
                if mask.any():
                    self.record("residents", household, field, bool(simulated[mask].any()))
        return simulated
