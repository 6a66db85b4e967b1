"""Problems arise, and shocks strike (DESIGN §5.1; S5 §1).

Rule: each week, for each category c, Poisson(rate x share_c x mass) problems arise, where the
mass is the number of households, or for physical categories (repairs, major works) the sum of
households' compound condition multipliers, so that older stock breaks more and complaints
concentrate. Each problem draws mean-one lognormal multipliers of its category's effort and
money, and its routing draw (used by dispatch). A shock adds, in its first week, a burst of
problems in the compound in worst condition (capacity cuts are in ``model.capacity_factor``).

Common random numbers: arrivals draw from the ``arrivals`` stream only (the shock burst from
``shocks``) and nothing here reads a lever, so the same seed gives the same problems under every
lever setting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.problems import CROSS_ACTOR, REPAIR
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

PHYSICAL = (REPAIR, CROSS_ACTOR)  # categories scaled by the compound's physical condition


def problems_arise(model: CoGovernanceModel, t: int) -> None:
    p, h, rng = model.p, model.households, model.streams.arrivals
    condition = model.compound_condition[h.compound]
    total_condition = condition.sum()
    household_parts, category_parts = [], []
    for category, share in enumerate(p.category_shares):
        physical = category in PHYSICAL
        n = rng.poisson(p.problem_rate_per_household_week * share * (total_condition if physical else h.count))
        who = rng.choice(h.count, n, p=condition / total_condition) if physical else rng.integers(0, h.count, n)
        household_parts.append(who)
        category_parts.append(np.full(n, category, dtype=np.int8))
    _add(model, np.concatenate(household_parts), np.concatenate(category_parts), rng, t)
    if p.shock_week > 0 and t == p.shock_week:
        shocks = model.streams.shocks
        target = int(np.argmax(model.compound_condition * (model.households_per_compound > 0)))
        residents = np.flatnonzero(h.compound == target)
        n = shocks.poisson(p.shock_problems_per_household * len(residents))
        who = shocks.choice(residents, n)
        _add(model, who, shocks.choice(len(CATEGORY_KEYS), n, p=p.category_shares).astype(np.int8), shocks, t)


def _add(model: CoGovernanceModel, who: np.ndarray, category: np.ndarray, rng: np.random.Generator, t: int) -> None:
    """Record new problems with their size multipliers and routing draws (from ``rng``)."""
    p, h, n = model.p, model.households, len(who)
    sigma = p.problem_size_sigma
    size = rng.lognormal(-sigma**2 / 2, sigma, (2, n))  # mean-one multipliers
    route = rng.random(n)
    if n == 0:
        return
    model.problems.add(
        category=category,
        household=who,
        building=h.building[who],
        compound=h.compound[who],
        effort_needed=p.category_effort[category] * size[0],
        money_needed=p.category_cost[category] * size[1],
        arisen_step=np.full(n, t),
        patience_weeks=h.patience_weeks[who],
        route_draw=route,
    )
    model.counts["arisen"] += n
    model.counts["arisen_step"] += n
    model.arisen_by_category += np.bincount(category, minlength=len(CATEGORY_KEYS))
