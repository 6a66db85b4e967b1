"""Residents' state as arrays, and the vectorised rules that act on it.

One row per household, ordered by building so that each building's households are contiguous
(``building_start[b]`` .. ``building_start[b] + building_count[b]``). The rules that act on this
state are the mechanisms in :mod:`sim.model.mechanisms`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.parameters import Parameters

YOUNG, WORKING, RETIRED = 0, 1, 2
NEVER = -1_000_000_000  # week value for "never happened" (weeks are negative during the burn-in)

# What happened to a household's first report (``first_report_outcome``).
NO_REPORT_YET, ANSWERED, NEGLECTED, SELF_HELPED = 0, 1, 2, 3


@dataclass
class Households:
    """Arrays of household state (see :class:`sim.model.agents.Resident` for the meaning)."""

    x: np.ndarray
    y: np.ndarray
    building: np.ndarray
    compound: np.ndarray
    zone: np.ndarray
    age_group: np.ndarray
    low_income: np.ndarray
    time_availability: np.ndarray
    party: np.ndarray
    efficacy: np.ndarray
    trust: np.ndarray
    satisfaction: np.ndarray
    threshold: np.ndarray
    patience_weeks: np.ndarray
    participating: np.ndarray
    propensity: np.ndarray  # aspiration rule: probability of participating
    aspiration: np.ndarray  # aspiration rule: aspiration level
    mobilised_until: np.ndarray
    last_visit_step: np.ndarray
    reports_made: np.ndarray
    first_report_outcome: np.ndarray  # NO_REPORT_YET, ANSWERED (by the governance system), NEGLECTED first, SELF_HELPED
    first_report_problem: np.ndarray
    occupied_neighbours: np.ndarray | None = None  # occupied Moore neighbours (static; filled on first use)
    neighbours: np.ndarray | None = None  # the households in the eight Moore cells, -1 where empty (static; filled on first use)

    @property
    def count(self) -> int:
        return len(self.x)


def create_households(p: Parameters, rng: np.random.Generator) -> Households:
    """Place households on the grid and draw their attributes (DESIGN §3, §4)."""
    cells = p.width * p.height
    count = max(1, int(round(p.occupancy * cells)))
    chosen = np.sort(rng.choice(cells, size=count, replace=False))
    x, y = chosen // p.height, chosen % p.height
    buildings_across, buildings_down = p.building_grid
    building_x, building_y = x // p.building_size_cells, y // p.building_size_cells
    building = building_x * buildings_down + building_y
    # A compound is a block of whole buildings (smaller at the grid's edge).
    compound = (building_x // p.compound_width_buildings) * p.compound_grid[1] + building_y // p.compound_height_buildings
    zones_down = -(-p.height // p.zone_size_cells)
    zone = (x // p.zone_size_cells) * zones_down + y // p.zone_size_cells
    order = np.lexsort((chosen, building))
    x, y, building, compound, zone = x[order], y[order], building[order], compound[order], zone[order]

    shares = np.array([p.share_young, p.share_working, p.share_retired])
    age_group = rng.choice(3, size=count, p=shares / shares.sum())
    low_income = rng.random(count) < p.share_low_income
    availability = np.array([p.time_availability_young, p.time_availability_working, p.time_availability_retired])
    # Membership rate by age group relative to working age: retired r, young 1/r, scaled so the
    # overall share is party_member_share (CPC statistics 2023: 28% of members aged 61+).
    relative = np.array([1 / p.party_retired_relative_rate, 1.0, p.party_retired_relative_rate])
    rate = np.clip(p.party_member_share * relative / (shares * relative).sum(), 0, 1)
    party = rng.random(count) < rate[age_group]

    k = p.initial_belief_concentration
    efficacy = rng.beta(p.initial_efficacy_mean * k, (1 - p.initial_efficacy_mean) * k, count)
    trust = rng.beta(p.initial_trust_mean * k, (1 - p.initial_trust_mean) * k, count)
    threshold = np.clip(rng.normal(p.threshold_mean, p.threshold_sd, count), 0, 1)
    patience = 1 + rng.exponential(max(p.patience_weeks_mean - 1, 1e-9), count)
    households = Households(
        x=x, y=y, building=building, compound=compound, zone=zone,
        age_group=age_group, low_income=low_income, time_availability=availability[age_group],
        party=party, efficacy=efficacy, trust=trust, satisfaction=np.full(count, p.initial_satisfaction),
        threshold=threshold, patience_weeks=patience,
        participating=np.zeros(count, dtype=bool), propensity=np.zeros(count), aspiration=np.zeros(count),
        mobilised_until=np.full(count, NEVER), last_visit_step=np.full(count, NEVER),
        reports_made=np.zeros(count, dtype=np.int32),
        first_report_outcome=np.zeros(count, dtype=np.int8), first_report_problem=np.full(count, -1, dtype=np.int64),
    )
    return households


def move_toward_one(values: np.ndarray, rate: float | np.ndarray, times: np.ndarray | float = 1.0) -> np.ndarray:
    """Close the share ``rate`` of the gap to 1, ``times`` times: 1 - (1 - v)(1 - rate)^times.

    With per-household ``times`` (mostly zero), only the households with times > 0 are computed.
    """
    if np.ndim(times) == 0 or np.ndim(rate) > 0:
        return 1 - (1 - values) * (1 - rate) ** times
    moved = np.flatnonzero(times)
    out = values.copy()
    out[moved] = 1 - (1 - values[moved]) * (1 - rate) ** times[moved]
    return out


def move_toward_zero(values: np.ndarray, rate: float, times: np.ndarray | float = 1.0) -> np.ndarray:
    """Lose the share ``rate`` of the value, ``times`` times: v (1 - rate)^times (only where times > 0)."""
    if np.ndim(times) == 0:
        return values * (1 - rate) ** times
    moved = np.flatnonzero(times)
    out = values.copy()
    out[moved] = values[moved] * (1 - rate) ** times[moved]
    return out
