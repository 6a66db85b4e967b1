"""Residents' state as arrays, and the vectorised rules that act on it.

One row per household, ordered by building so that each building's households are contiguous
(``building_start[b]`` .. ``building_start[b] + building_count[b]``). The rules here are DESIGN
§5 steps 2 (reporting), 4 (participation) and 8 (feedback).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from sim.parameters import Parameters

YOUNG, WORKING, RETIRED = 0, 1, 2
NEVER = -10_000  # step value for "never happened"

_MOORE_OFFSETS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx, dy) != (0, 0)]


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
    volunteer_points: np.ndarray
    reports_made: np.ndarray
    first_report_outcome: np.ndarray  # 0 none yet, 1 resolved (a response), 2 neglected first
    first_report_problem: np.ndarray

    @property
    def count(self) -> int:
        return len(self.x)


def create_households(p: Parameters, rng: np.random.Generator) -> Households:
    """Place households on the grid and draw their attributes (DESIGN §3, §4)."""
    cells = p.width * p.height
    count = max(1, int(round(p.occupancy * cells)))
    chosen = np.sort(rng.choice(cells, size=count, replace=False))
    x, y = chosen // p.height, chosen % p.height
    buildings_down = -(-p.height // p.building_size_cells)
    building = (x // p.building_size_cells) * buildings_down + y // p.building_size_cells
    compound = np.minimum(x * p.compound_columns // p.width, p.compound_columns - 1) * p.compound_rows + np.minimum(
        y * p.compound_rows // p.height, p.compound_rows - 1
    )
    zones_down = -(-p.height // p.zone_size_cells)
    zone = (x // p.zone_size_cells) * zones_down + y // p.zone_size_cells
    order = np.lexsort((chosen, building))
    x, y, building, compound, zone = x[order], y[order], building[order], compound[order], zone[order]

    shares = np.array([p.share_young, p.share_working, p.share_retired])
    age_group = rng.choice(3, size=count, p=shares / shares.sum())
    low_income = rng.random(count) < p.share_low_income
    availability = np.array([p.time_availability_young, p.time_availability_working, p.time_availability_retired])
    # Membership rate by age group relative to working age: retired r, young 1/r, scaled so the
    # overall share is party_member_share (CPC statistics 2023: members are older than average).
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
        party=party, efficacy=efficacy, trust=trust, satisfaction=np.full(count, 0.5),
        threshold=threshold, patience_weeks=patience,
        participating=np.zeros(count, dtype=bool), propensity=np.zeros(count), aspiration=np.zeros(count),
        mobilised_until=np.full(count, NEVER), last_visit_step=np.full(count, NEVER),
        volunteer_points=np.zeros(count), reports_made=np.zeros(count, dtype=np.int32),
        first_report_outcome=np.zeros(count, dtype=np.int8), first_report_problem=np.full(count, -1, dtype=np.int64),
    )
    households.propensity = expit(logistic_utility(households, p, np.zeros(count), np.zeros(count, dtype=bool)))
    return households


def neighbour_share(h: Households, width: int, height: int) -> np.ndarray:
    """Share of each household's occupied Moore neighbours that participated (Granovetter 1978)."""
    participating = np.zeros((width + 2, height + 2))
    occupied = np.zeros((width + 2, height + 2))
    participating[h.x + 1, h.y + 1] = h.participating
    occupied[h.x + 1, h.y + 1] = 1.0
    total_participating = np.zeros((width, height))
    total_occupied = np.zeros((width, height))
    for dx, dy in _MOORE_OFFSETS:
        total_participating += participating[1 + dx : width + 1 + dx, 1 + dy : height + 1 + dy]
        total_occupied += occupied[1 + dx : width + 1 + dx, 1 + dy : height + 1 + dy]
    neighbours = total_occupied[h.x, h.y]
    return np.where(neighbours > 0, total_participating[h.x, h.y] / np.maximum(neighbours, 1), 0.0)


def logistic_utility(h: Households, p: Parameters, share: np.ndarray, mobilised: np.ndarray) -> np.ndarray:
    """Participation utility of the default rule (DESIGN §5.4).

    u = b0 + w_e e + w_t t + w_n (neighbour share - threshold) + w_m mobilised
        + w_i incentive (x2 for low-income) - w_c (1 - time availability)
    """
    incentive = p.volunteer_incentive * (1 + h.low_income)
    return (
        p.participation_intercept
        + p.weight_efficacy * h.efficacy
        + p.weight_trust * h.trust
        + p.weight_neighbours * (share - h.threshold)
        + p.weight_mobilisation * mobilised
        + p.weight_incentive * incentive
        - p.weight_time_cost * (1 - h.time_availability)
    )


def decide_participation(
    h: Households,
    p: Parameters,
    rng: np.random.Generator,
    step: int,
    building_responsiveness: np.ndarray,
) -> np.ndarray:
    """Who participates this week, under the chosen rule (DESIGN §5.4). Returns the new flags.

    * ``logistic``: Bernoulli draw with probability expit(u) (see :func:`logistic_utility`).
    * ``threshold`` (Granovetter 1978): participate when the share of neighbours who took part
      last week, counting a recent Party visit or activity as one more participating neighbour,
      reaches one's threshold; a resident with no free time needs up to twice the threshold.
      Deterministic given the state.
    * ``aspiration`` (Macy 1991, Bush-Mosteller): participate with a learned propensity; after
      acting, the propensity of the action taken moves up when the payoff beats the aspiration
      and down otherwise, and aspirations drift toward payoffs. A participant's payoff is the
      responsiveness seen in their building plus incentive and mobilisation minus time cost;
      staying out pays zero.
    """
    share = neighbour_share(h, p.width, p.height)
    mobilised = h.mobilised_until >= step
    if p.participation_rule == "logistic":
        return rng.random(h.count) < expit(logistic_utility(h, p, share, mobilised))
    if p.participation_rule == "threshold":
        effective_share = share + mobilised / 8.0
        return effective_share >= h.threshold * (2 - h.time_availability)
    # aspiration
    participate = rng.random(h.count) < h.propensity
    payoff = np.where(
        participate,
        building_responsiveness[h.building]
        + p.volunteer_incentive * (1 + h.low_income) / 2
        + 0.5 * mobilised
        - (1 - h.time_availability),
        0.0,
    )
    stimulus = np.clip(payoff - h.aspiration, -1, 1)
    # Probability of the action taken moves toward 1 on a positive stimulus, toward 0 otherwise.
    taken = np.where(participate, h.propensity, 1 - h.propensity)
    taken = np.where(stimulus >= 0, taken + p.aspiration_learning_rate * stimulus * (1 - taken),
                     taken + p.aspiration_learning_rate * stimulus * taken)
    h.propensity = np.clip(np.where(participate, taken, 1 - taken), 0.001, 0.999)
    h.aspiration += p.aspiration_habituation * (payoff - h.aspiration)
    return participate


def report_probability(h: Households, p: Parameters, households: np.ndarray) -> np.ndarray:
    """Weekly probability that a household reports one of its open problems (DESIGN §5.2).

    Rises with efficacy and trust (responsiveness breeds reporting, Sjoberg, Mellon & Peixoto
    2017); a digital platform lowers the cost of reporting (S4 §3).
    """
    return expit(
        p.report_intercept
        + p.report_weight_efficacy * h.efficacy[households]
        + p.report_weight_trust * h.trust[households]
        + p.digital_report_gain * p.digital_platform
    )


def move_toward_one(values: np.ndarray, rate: float, times: np.ndarray | float = 1.0) -> np.ndarray:
    """Close the share ``rate`` of the gap to 1, ``times`` times: 1 - (1 - v)(1 - rate)^times."""
    return 1 - (1 - values) * (1 - rate) ** times


def move_toward_zero(values: np.ndarray, rate: float, times: np.ndarray | float = 1.0) -> np.ndarray:
    """Lose the share ``rate`` of the value, ``times`` times: v (1 - rate)^times."""
    return values * (1 - rate) ** times
