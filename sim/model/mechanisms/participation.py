"""Residents decide whether to take part in community life (DESIGN §5.4).

Three rules, chosen by ``participation_rule`` (structural uncertainty that scholars vary):

* ``logistic`` (default): participate with probability expit(u),
  u = b0 + w_e e + w_t t + w_n (n - theta) + w_m M + w_i I f - w_c (1 - a),
  with efficacy e, trust t, the share n of Moore neighbours who took part last week against
  the resident's threshold theta (Granovetter 1978), mobilisation M (below), the volunteer
  incentive I (积分制, S1 §2.4; f = low_income_incentive_factor for low-income households, else
  1) and the time cost of a resident with free time a (S2 §1: working-age residents take part
  least).
* ``threshold`` (Granovetter 1978): participate when n + m_w M >= s theta (1 + c (1 - a)) - w_eff e:
  mobilisation counts as m_w of participating neighbours, busy residents need more
  neighbours, and efficacy lowers the threshold (参不参与都一样 raises it, S2 §1).
  Deterministic given the state.
* ``aspiration`` (Macy 1991, Bush-Mosteller): participate with a learned propensity; after
  acting, the propensity of the action taken moves up when its payoff beats the aspiration
  and down otherwise, and the aspiration drifts toward payoffs. A participant's payoff is the
  responsiveness seen in their building + incentive payoff x I f + mobilisation payoff x M -
  time cost.

Mobilisation M is 1 for a resident whom a Party member visited, or an organisation's activity
reached, in the last mobilisation_duration_weeks (S4 §1), plus, for a resident Party member,
party_duty x the member's effective activeness: members' duties (组织生活, 党员接单, 党员先锋,
S4 §1-2) mobilise them as a visit would, as far as suspended Party building and formalism leave
them active (S1 §1.3). This is the only route by which membership itself enters participation
(deviation from the first version, where members' visits to their own household made most of
the membership gradient; ODD §5). Age enters only through free time and the age profile of
membership: no source gives a behavioural age mechanism beyond available time (ODD §5).

Participants give volunteer effort to their building in proportion to their free time;
volunteering organisations add their capacity as
organised volunteer effort spread over buildings in proportion to participants (S5 §2). A
compound's participation feeds its owners' committee's legitimacy. Draws come from the
``participation`` stream: one uniform per household every week, whatever the rule or levers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.special import expit

from sim.model import kernels
from sim.model.households import Households
from sim.model.kernels import participating
from sim.model.mechanisms.embedding import effective_activeness
from sim.parameters import Parameters

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

_MOORE_OFFSETS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx, dy) != (0, 0)]


def neighbour_share(h: Households, width: int, height: int) -> np.ndarray:
    """Share of each household's occupied Moore neighbours that participated last week."""
    if h.occupied_neighbours is None:  # the dwellings never change: counted once, at set-up
        h.occupied_neighbours = moore_sum(np.ones(h.count), h, width, height)
    participating = moore_sum(h.participating.astype(float), h, width, height)
    return np.where(h.occupied_neighbours > 0, participating / np.maximum(h.occupied_neighbours, 1), 0.0)


def moore_sum(values: np.ndarray, h: Households, width: int, height: int) -> np.ndarray:
    """For each household, the sum of ``values`` over the households in its eight neighbouring cells."""
    padded = np.zeros((width + 2, height + 2))
    padded[h.x + 1, h.y + 1] = values
    total = np.zeros((width, height))
    for dx, dy in _MOORE_OFFSETS:
        total += padded[1 + dx : width + 1 + dx, 1 + dy : height + 1 + dy]
    return total[h.x, h.y]


def incentive_strength(h: Households, p: Parameters) -> np.ndarray:
    """The volunteer incentive as each household feels it: I x low_income_incentive_factor for low-income households."""
    return p.volunteer_incentive * np.where(h.low_income, p.low_income_incentive_factor, 1.0)


def logistic_utility(h: Households, p: Parameters, share: np.ndarray, mobilised: np.ndarray) -> np.ndarray:
    """Participation utility u of the logistic rule (see the module docstring); ``mobilised`` is M."""
    incentive = incentive_strength(h, p)
    return (
        p.participation_intercept
        + p.weight_efficacy * h.efficacy
        + p.weight_trust * h.trust
        + p.weight_neighbours * (share - h.threshold)
        + p.weight_mobilisation * mobilised
        + p.weight_incentive * incentive
        - p.weight_time_cost * (1 - h.time_availability)
    )


def mobilisation(h: Households, step: int, duty: np.ndarray) -> np.ndarray:
    """M: 1 after a recent visit or activity, plus each resident member's duty (see the module docstring)."""
    return (h.mobilised_until >= step) + duty


def decide(h: Households, p: Parameters, uniform: np.ndarray, step: int, duty: np.ndarray) -> np.ndarray:
    """Who would participate this week under ``p.participation_rule`` (one uniform draw each).

    The aspiration rule learns afterwards, from the action actually taken (:func:`learn_from_action`).
    """
    share = neighbour_share(h, p.width, p.height)
    mobilised = mobilisation(h, step, duty)
    if p.participation_rule == "logistic":
        return uniform < expit(logistic_utility(h, p, share, mobilised))
    if p.participation_rule == "threshold":
        needed = p.threshold_rule_scale * h.threshold * (1 + p.threshold_time_cost * (1 - h.time_availability)) - p.threshold_efficacy_weight * h.efficacy
        return share + p.threshold_mobilisation_weight * mobilised >= needed
    return uniform < h.propensity


def learn_from_action(h: Households, p: Parameters, participate: np.ndarray, step: int, building_responsiveness: np.ndarray,
                      duty: np.ndarray) -> None:
    """Aspiration rule: update propensity and aspiration from the action actually taken."""
    mobilised = mobilisation(h, step, duty)
    payoff = np.where(
        participate,
        building_responsiveness[h.building]
        + p.aspiration_incentive_payoff * incentive_strength(h, p)
        + p.aspiration_mobilisation_payoff * mobilised
        - p.aspiration_time_cost * (1 - h.time_availability),
        0.0,
    )
    stimulus = np.clip(payoff - h.aspiration, -1, 1)
    taken = np.where(participate, h.propensity, 1 - h.propensity)
    taken = np.where(
        stimulus >= 0,
        taken + p.aspiration_learning_rate * stimulus * (1 - taken),
        taken + p.aspiration_learning_rate * stimulus * taken,
    )
    h.propensity = np.clip(np.where(participate, taken, 1 - taken), 0.001, 0.999)
    h.aspiration += p.aspiration_habituation * (payoff - h.aspiration)


def participate(model: CoGovernanceModel, t: int) -> None:
    if not kernels.ENABLED:
        return participate_reference(model, t)
    p, h = model.p, model.households
    uniform = model.streams.participation.random(h.count)
    everyone = np.arange(h.count)
    duty = party_duty(model)
    if h.neighbours is None:  # the dwellings never change: listed once
        h.neighbours = participating.moore_neighbours(h.x, h.y, p.width, p.height)
    if h.occupied_neighbours is None:
        h.occupied_neighbours = moore_sum(np.ones(h.count), h, p.width, p.height)
    simulated = participating.would_participate(
        participating.RULES[p.participation_rule], uniform, t, h.participating, h.neighbours, h.occupied_neighbours,
        h.mobilised_until, duty, h.efficacy, h.trust, h.threshold, h.low_income, h.time_availability, h.propensity,
        (p.participation_intercept, p.weight_efficacy, p.weight_trust, p.weight_neighbours, p.weight_mobilisation,
         p.weight_incentive, p.weight_time_cost, float(p.volunteer_incentive), p.low_income_incentive_factor),
        (p.threshold_rule_scale, p.threshold_time_cost, p.threshold_efficacy_weight, p.threshold_mobilisation_weight),
    )
    h.participating = model.choices.resident_flags("participate", everyone, simulated)
    if p.participation_rule == "aspiration":
        learn_from_action(h, p, h.participating, t, model.building_responsiveness, duty)
    volunteering = model.choices.resident_flags("volunteer", everyone, h.participating.copy()) & h.participating
    model.building_volunteer_effort, model.compound_participation = participating.volunteer_effort(
        h.participating, volunteering, h.time_availability, p.volunteer_effort_per_participant, h.building,
        model.building_count, h.compound, model.households_per_compound, model.organised_volunteer_capacity(),
    )
    model.volunteer_effort = float(model.building_volunteer_effort.sum())


def participate_reference(model: CoGovernanceModel, t: int) -> None:
    """The numpy reference of :func:`participate` (kernels in :mod:`sim.model.kernels.participating`)."""
    p, h = model.p, model.households
    uniform = model.streams.participation.random(h.count)
    everyone = np.arange(h.count)
    duty = party_duty(model)
    h.participating = model.choices.resident_flags("participate", everyone, decide(h, p, uniform, t, duty))
    if p.participation_rule == "aspiration":
        learn_from_action(h, p, h.participating, t, model.building_responsiveness, duty)
    volunteering = model.choices.resident_flags("volunteer", everyone, h.participating.copy()) & h.participating
    effort = volunteering * h.time_availability * p.volunteer_effort_per_participant
    per_building = np.bincount(h.building, weights=effort, minlength=model.n_buildings)
    organised = model.organised_volunteer_capacity()
    if organised > 0:
        participants = np.bincount(h.building, weights=h.participating, minlength=model.n_buildings)
        weights = participants if participants.sum() > 0 else (model.building_count > 0).astype(float)
        per_building += organised * weights / weights.sum()
    model.building_volunteer_effort = per_building
    model.volunteer_effort = float(per_building.sum())
    model.compound_participation = np.bincount(h.compound, weights=h.participating, minlength=model.n_compounds) / np.maximum(
        model.households_per_compound, 1
    )


def party_duty(model: CoGovernanceModel) -> np.ndarray:
    """Per household: the mobilisation its Party member's duties give (0 for non-members)."""
    duty = np.zeros(model.households.count)
    residents = model.member_household >= 0
    duty[model.member_household[residents]] = model.p.party_duty * effective_activeness(model)[residents]
    return duty
