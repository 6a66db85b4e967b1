"""Problems arise, and shocks strike (DESIGN §5.1; S5 §1).

Rule: each week, for each everyday category c (repairs, environment, services, disputes),
Poisson(rate x share_c x mass) problems arise, where the mass is the number of households or,
for repairs, the sum of households' compound condition multipliers, so that older stock breaks
more and complaints concentrate. Major cross-actor works arise at their own, much lower rate
(major_works_per_1000_households_year / 52 per household-week, also scaled by condition): a
few per compound per year (DESIGN §4). Each problem draws mean-one lognormal multipliers of its
category's effort and money, and its routing draw (used by the channels). A shock adds, in its
first week, a burst of everyday problems in the compound in worst condition (capacity cuts are
in ``model.capacity_factor``).

Deviation from the first version: major works were a tenth of all problems (about 160 a year
in a community of 1,500 households, 40 per compound); they are now a separate process of a few
per compound per year (ODD §5).

Common random numbers: arrivals draw from the ``arrivals`` stream only (the shock burst from
``shocks``) and nothing here reads a lever, so the same seed gives the same problems under every
lever setting. Households are drawn by condition through one cumulative distribution built at
set-up (condition never changes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.problems import CROSS_ACTOR, REPAIR
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

WEEKS_PER_YEAR = 52


def condition_distribution(condition_per_household: np.ndarray) -> np.ndarray:
    """Cumulative distribution over households, in proportion to their compound's condition multiplier."""
    cumulative = np.cumsum(condition_per_household)
    return cumulative / cumulative[-1]


def draw_by_condition(model: CoGovernanceModel, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` households drawn with probability proportional to their compound's condition."""
    picked = np.searchsorted(model.condition_cdf, rng.random(n), side="right")
    return np.minimum(picked, model.households.count - 1)


def problems_arise(model: CoGovernanceModel, t: int) -> None:
    p, h, rng = model.p, model.households, model.streams.arrivals
    total_condition = model.total_condition
    household_parts, category_parts = [], []
    for category, share in enumerate(p.everyday_shares):
        physical = category == REPAIR
        n = rng.poisson(p.problem_rate_per_household_week * share * (total_condition if physical else h.count))
        household_parts.append(draw_by_condition(model, rng, n) if physical else rng.integers(0, h.count, n))
        category_parts.append(np.full(n, category, dtype=np.int8))
    n = rng.poisson(p.major_works_per_1000_households_year / WEEKS_PER_YEAR / 1000 * total_condition)
    household_parts.append(draw_by_condition(model, rng, n))
    category_parts.append(np.full(n, CROSS_ACTOR, dtype=np.int8))
    add_problems(model, np.concatenate(household_parts), np.concatenate(category_parts), rng, t)
    if p.shock_week > 0 and t == p.shock_week:
        shocks = model.streams.shocks
        target = int(np.argmax(model.compound_condition * (model.households_per_compound > 0)))
        residents = np.flatnonzero(h.compound == target)
        n = shocks.poisson(p.shock_problems_per_household * len(residents))
        who = shocks.choice(residents, n)
        categories = shocks.choice(len(p.everyday_shares), n, p=p.everyday_shares).astype(np.int8)
        add_problems(model, who, categories, shocks, t)


def add_problems(model: CoGovernanceModel, who: np.ndarray, category: np.ndarray, rng: np.random.Generator, t: int) -> None:
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
    model.flows.add("arisen", np.bincount(category, minlength=len(CATEGORY_KEYS)))
