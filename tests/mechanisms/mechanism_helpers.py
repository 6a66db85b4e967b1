"""Small helpers shared by the mechanism tests (hand-built states; no mechanism logic)."""

from __future__ import annotations

import numpy as np

from sim.model.cogovernance import CoreTime
from sim.model.problems import NOT_YET

QUIET_RESIDENTS = {"report_intercept": -20.0, "report_weight_efficacy": 0.0, "report_weight_trust": 0.0}
"""Overrides under which residents never report, so only patrols, visits or the hotline make problems known."""

ACTIVE_MEMBERS = {
    "party_activeness": 1.0,
    "formalism": 0.0,
    "embedding_activeness_gain": 0.0,
    "in_service_activeness_factor": 1.0,
}
"""Overrides under which every Party member's effective activeness is exactly 1."""


FOUR_COMPOUNDS = {"compound_width_buildings": 1, "compound_height_buildings": 1}
"""Overrides under which the 10 x 10 test community (2 x 2 buildings) has four compounds of one building each."""


def households_of_building(model, building: int) -> np.ndarray:
    return np.flatnonzero(model.households.building == building)


def busiest_building(model) -> int:
    return int(np.argmax(model.building_count))


def give_core_time(model, capacity: float) -> CoreTime:
    """Give the core ``capacity`` effort units for the phases called next (as ``step`` does each week)."""
    model.core_time = CoreTime(capacity)
    return model.core_time


def with_parameters(model, **changes):
    """Change parameters of a built model in place (bypassing ``intervene``'s set-up guard)."""
    model.p = model.p.model_copy(update=changes)
    return model


def assign_to(model, ids, actor, t: int = 0, needs: int = 0, committed: int = 0) -> None:
    """Mark problems known and taken in by ``actor`` (through its channel or the core's dispatch) with the given commitment bits."""
    book = model.problems
    book.known_step[ids] = np.where(book.known_step[ids] == NOT_YET, t, book.known_step[ids])
    book.assigned_step[ids] = t
    book.in_core_queue[ids] = False
    book.actor[ids] = actor
    book.needs[ids] = needs
    book.committed[ids] = committed


def seed_with_mixed_committees(make_model, **overrides):
    """The first seed whose community has compounds both with and without an owners' committee."""
    for seed in range(1, 200):
        model = make_model(seed=seed, committee_formation_unaided=0.5, **{**FOUR_COMPOUNDS, **overrides})
        has = model.committee_actor >= 0
        if has.any() and not has.all():
            return model
    raise AssertionError("no seed in 1..199 gives a mix of compounds with and without a committee")
