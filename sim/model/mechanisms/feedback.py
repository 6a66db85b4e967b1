"""Residents learn from what happens to their problems; organisations' standing follows (DESIGN §5.8).

Responsiveness: a problem the governance system resolved (the core, a firm, an organisation, or
contractors they paid: an *answer*) raises its household's efficacy and trust: fully if the
household reported it, by ``efficacy_weight_found`` if it was found for them or known only through
participation, and by ``efficacy_weight_late`` of that if the answer came after the household's
patience ran out: responsiveness breeds reporting (Sjoberg, Mellon & Peixoto 2017), and trust
follows what the organisation visibly does (S1 §1.3). A fix by volunteers is self-help: it
raises satisfaction (the problem is gone) but is no answer, so it moves neither efficacy nor
trust (DESIGN §11). Satisfaction rises by satisfaction_weight of its gap on any resolution.
Neighbours in the building gain efficacy from the answers they see (responsiveness_spillover).

Neglect: a problem that outlasts its household's patience lowers efficacy, trust and
satisfaction once, and may be complained about (:mod:`.escalation`). Trust drifts toward its
floor in households no Party member visited in the last ``trust_visit_memory_weeks``
(悬浮化, 上热下冷, S1 §1.3).

Standing: a compound's households pay property fees with willingness fee_payment_floor + (1 -
floor) x satisfaction (x low_income_payment_factor for low-income households), so
dissatisfaction cuts the firm's income and, through its staff, its capacity (:mod:`.money`); an
owners' committee's legitimacy moves toward its compound's participation relative to
legitimacy_reference_participation; a firm's pool commitment fades while the pool returns to it
less than firm_pool_return_threshold of its contributions (S2 §1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.households import ANSWERED, NEGLECTED, NO_REPORT_YET, SELF_HELPED, move_toward_one, move_toward_zero
from sim.model import kernels
from sim.model.kernels import learning
from sim.model.mechanisms.escalation import complain
from sim.model.problems import BY_VOLUNTEERS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def learn(model: CoGovernanceModel, t: int) -> None:
    """Beliefs after this week's resolutions and neglect; complaints; trust drift."""
    if not kernels.ENABLED:
        return learn_reference(model, t)
    p, h, book = model.p, model.households, model.problems
    h.efficacy, h.trust, h.satisfaction, model.building_responsiveness, late = learning.learn(
        t, model.resolved_now, book.open_ids,
        book.household, book.building, book.resolved_by, book.reported_by_resident, book.neglected, book.arisen_step, book.patience_weeks,
        h.efficacy, h.trust, h.satisfaction, h.first_report_problem, h.first_report_outcome, h.building, h.last_visit_step,
        model.building_count, p.efficacy_gain_on_response, p.trust_gain_on_response, p.satisfaction_weight, p.efficacy_weight_found,
        p.efficacy_weight_late, p.responsiveness_spillover, p.efficacy_loss_on_neglect, p.trust_loss_on_neglect,
        p.trust_visit_memory_weeks, p.trust_decay_week, p.trust_floor,
    )
    complain(model, late, t)


def learn_reference(model: CoGovernanceModel, t: int) -> None:
    """The numpy reference of :func:`learn` (the kernel :func:`sim.model.kernels.learning.learn` reproduces it)."""
    p, h, book = model.p, model.households, model.problems
    resolved = model.resolved_now
    n = h.count
    answered_per_building = np.zeros(model.n_buildings)
    if len(resolved):
        who = book.household[resolved]
        answered = book.resolved_by[resolved] != BY_VOLUNTEERS
        weight = np.where(book.reported_by_resident[resolved], 1.0, p.efficacy_weight_found)
        weight = weight * np.where(book.neglected[resolved], p.efficacy_weight_late, 1.0) * answered
        h.efficacy = move_toward_one(h.efficacy, p.efficacy_gain_on_response, np.bincount(who, weights=weight, minlength=n))
        h.trust = move_toward_one(h.trust, p.trust_gain_on_response, np.bincount(who, weights=weight, minlength=n))
        h.satisfaction = move_toward_one(h.satisfaction, p.satisfaction_weight, np.bincount(who, minlength=n))
        first = (h.first_report_problem[who] == resolved) & (h.first_report_outcome[who] == NO_REPORT_YET)
        h.first_report_outcome[who[first]] = np.where(answered[first], ANSWERED, SELF_HELPED)
        answered_per_building = np.bincount(book.building[resolved[answered]], minlength=model.n_buildings).astype(float)
        share = answered_per_building / np.maximum(model.building_count, 1)
        h.efficacy = move_toward_one(h.efficacy, np.minimum(1.0, p.responsiveness_spillover * share[h.building]))

    open_ids = book.open_ids
    late = open_ids[~book.neglected[open_ids] & (t - book.arisen_step[open_ids] >= book.patience_weeks[open_ids])]
    if len(late):
        book.neglected[late] = True
        who = book.household[late]
        times = np.bincount(who, minlength=n)
        h.efficacy = move_toward_zero(h.efficacy, p.efficacy_loss_on_neglect, times)
        h.trust = move_toward_zero(h.trust, p.trust_loss_on_neglect, times)
        h.satisfaction = move_toward_zero(h.satisfaction, p.satisfaction_weight, times)
        first = (h.first_report_problem[who] == late) & (h.first_report_outcome[who] == NO_REPORT_YET)
        h.first_report_outcome[who[first]] = NEGLECTED
    complain(model, late, t)

    unvisited = t - h.last_visit_step >= p.trust_visit_memory_weeks
    h.trust = np.where(unvisited, h.trust - p.trust_decay_week * (h.trust - p.trust_floor), h.trust)
    open_per_building = np.bincount(book.building[book.open_ids], minlength=model.n_buildings)
    model.building_responsiveness = answered_per_building / np.maximum(answered_per_building + open_per_building, 1)


def fee_collection_rates(model: CoGovernanceModel) -> np.ndarray:
    """Per compound: the share of fees its households pay, given their satisfaction and incomes."""
    p, h = model.p, model.households
    willingness = (p.fee_payment_floor + (1 - p.fee_payment_floor) * h.satisfaction) * np.where(h.low_income, p.low_income_payment_factor, 1.0)
    paid = np.bincount(h.compound, weights=willingness, minlength=model.n_compounds)
    return p.fee_collection_base * paid / np.maximum(model.households_per_compound, 1)


def update_standing(model: CoGovernanceModel) -> None:
    p = model.p
    model.fee_collection_rate = fee_collection_rates(model)
    relative = np.minimum(1.0, model.compound_participation / p.legitimacy_reference_participation)
    model.legitimacy += p.legitimacy_adjustment_week * (relative - model.legitimacy)
    contributed = model.pool_contributed[model.firm_actor]
    received = model.pool_received[model.firm_actor]
    fading = (contributed > 0) & (received < p.firm_pool_return_threshold * contributed)
    model.firm_pool_commitment = np.where(
        fading,
        model.firm_pool_commitment * (1 - p.firm_pool_fade_week),
        np.where(contributed > 0, np.minimum(1.0, model.firm_pool_commitment + p.firm_pool_fade_week), model.firm_pool_commitment),
    )
