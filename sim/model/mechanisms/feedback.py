"""Residents learn from what happens to their problems; organisations' standing follows (DESIGN §5.8).

Responsiveness: a resolved problem raises its household's efficacy (fully if the household
reported it, half if it was found for them or known only through participation; half again if
the answer came after the resident's patience ran out): responsiveness breeds reporting
(Sjoberg, Mellon & Peixoto 2017). Trust in the Party organisation and residents' committee rises
only when the governance system resolved it (dispatched by the core and done by the core, the
firm, an organisation or contractors), never for self-help by volunteers (S1 §1.3: trust follows
what the organisation visibly does). Satisfaction rises by satisfaction_weight of its gap on a
resolution. Neighbours in the building gain efficacy from visible responsiveness.

Neglect: a problem that outlasts its household's patience lowers efficacy, trust and
satisfaction once, and is escalated to the hotline (接诉即办) with p_hotline_escalation, which
makes it known, puts it first and costs the core paperwork next week (S2 §1: 痕迹化). A
household gives up a neglected everyday problem on which no work has started with p_give_up_week
a week (major works are the compound's agenda and are never given up; deviation, ODD §5).
Trust drifts toward its floor in households no Party member visited in the last four weeks
(悬浮化, 上热下冷, S1 §1.3).

Standing: a compound's households pay property fees with willingness fee_payment_floor + (1 -
floor) x satisfaction (x low_income_payment_factor for low-income households), so dissatisfaction
cuts the firm's income (DESIGN §4); an owners' committee's legitimacy moves toward its
compound's participation relative to legitimacy_reference_participation; a firm's pool
commitment fades while the pool returns less than half its contributions (S2 §1).
(Deviation: the first version computed a firm "reputation" that nothing read; it is removed.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.households import move_toward_one, move_toward_zero
from sim.model.mechanisms.reporting import discover
from sim.model.problems import BY_VOLUNTEERS, CROSS_ACTOR, ENVIRONMENT, NOT_YET, REPAIR
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

VISIT_MEMORY_WEEKS = 4  # Party reach counts visits in the last four weeks (DESIGN §7)
PROPERTY_COMPLAINTS = (REPAIR, ENVIRONMENT, CROSS_ACTOR)


def learn(model: CoGovernanceModel, t: int) -> None:
    p, h, book, rng = model.p, model.households, model.problems, model.streams.feedback
    resolved = model.resolved_now
    n = h.count
    per_building = np.zeros(model.n_buildings)
    if len(resolved):
        record_resolutions(model, resolved, t)
        who = book.household[resolved]
        weight = np.where(book.reported_by_resident[resolved], 1.0, 0.5) * np.where(book.neglected[resolved], 0.5, 1.0)
        h.efficacy = move_toward_one(h.efficacy, p.efficacy_gain_on_response, np.bincount(who, weights=weight, minlength=n))
        governed = book.resolved_by[resolved] != BY_VOLUNTEERS
        h.trust = move_toward_one(h.trust, p.trust_gain_on_response, np.bincount(who, weights=weight * governed, minlength=n))
        h.satisfaction = move_toward_one(h.satisfaction, p.satisfaction_weight, np.bincount(who, minlength=n))
        first = h.first_report_problem[who] == resolved
        h.first_report_outcome[who[first & (h.first_report_outcome[who] == 0)]] = 1
        per_building = np.bincount(book.building[resolved], minlength=model.n_buildings).astype(float)
        share = per_building / np.maximum(model.building_count, 1)
        h.efficacy = move_toward_one(h.efficacy, np.minimum(1.0, p.responsiveness_spillover * share[h.building]))

    open_ids = book.open_ids
    late = open_ids[~book.neglected[open_ids] & (t - book.arisen_step[open_ids] >= book.patience_weeks[open_ids])]
    escalate_draw = rng.random(len(late))
    if len(late):
        book.neglected[late] = True
        who = book.household[late]
        times = np.bincount(who, minlength=n)
        h.efficacy = move_toward_zero(h.efficacy, p.efficacy_loss_on_neglect, times)
        h.trust = move_toward_zero(h.trust, p.trust_loss_on_neglect, times)
        h.satisfaction = move_toward_zero(h.satisfaction, p.satisfaction_weight, times)
        first = h.first_report_problem[who] == late
        h.first_report_outcome[who[first & (h.first_report_outcome[who] == 0)]] = 2
        escalated = late[escalate_draw < p.p_hotline_escalation]
        book.escalated[escalated] = True
        discover(model, escalated[book.known_step[escalated] == NOT_YET], t)
        model.complaints += np.bincount(book.compound[escalated], minlength=model.n_compounds)
        prop = escalated[np.isin(book.category[escalated], PROPERTY_COMPLAINTS)]
        model.property_complaints += np.bincount(book.compound[prop], minlength=model.n_compounds)
        model.pending_paperwork += p.hotline_handling_effort * len(escalated)

    open_ids = book.open_ids
    untouched = (book.effort_done[open_ids] == 0) & (book.category[open_ids] != CROSS_ACTOR)
    neglected = open_ids[book.neglected[open_ids] & untouched]
    given_up = neglected[rng.random(len(neglected)) < p.p_give_up_week]
    book.withdraw(given_up, t)
    model.counts["withdrawn"] += len(given_up)

    unvisited = t - h.last_visit_step >= VISIT_MEMORY_WEEKS
    h.trust = np.where(unvisited, h.trust - p.trust_decay_week * (h.trust - p.trust_floor), h.trust)
    open_per_building = np.bincount(book.building[book.open_ids], minlength=model.n_buildings)
    model.building_responsiveness = per_building / np.maximum(per_building + open_per_building, 1)


def record_resolutions(model: CoGovernanceModel, resolved: np.ndarray, t: int) -> None:
    book = model.problems
    weeks = t - book.arisen_step[resolved]
    if weeks.max() >= len(model.weeks_to_resolution_counts):
        grown = np.zeros(max(int(weeks.max()) + 1, 2 * len(model.weeks_to_resolution_counts)), dtype=np.int64)
        grown[: len(model.weeks_to_resolution_counts)] = model.weeks_to_resolution_counts
        model.weeks_to_resolution_counts = grown
    model.weeks_to_resolution_counts += np.bincount(weeks, minlength=len(model.weeks_to_resolution_counts))
    model.counts["resolved"] += len(resolved)
    model.counts["resolved_step"] = len(resolved)
    model.resolved_by_category += np.bincount(book.category[resolved], minlength=len(CATEGORY_KEYS))
    model.resolved_by_whom += np.bincount(book.resolved_by[resolved], minlength=len(model.resolved_by_whom))
    model.money_of_resolved += float(book.money_funded[resolved].sum())


def update_standing(model: CoGovernanceModel) -> None:
    p, h = model.p, model.households
    weights = np.maximum(model.households_per_compound, 1)
    willingness = (p.fee_payment_floor + (1 - p.fee_payment_floor) * h.satisfaction) * np.where(h.low_income, p.low_income_payment_factor, 1.0)
    model.fee_collection_rate = p.fee_collection_base * np.bincount(h.compound, weights=willingness, minlength=model.n_compounds) / weights
    relative = np.minimum(1.0, model.compound_participation / p.legitimacy_reference_participation)
    model.legitimacy += p.legitimacy_adjustment_week * (relative - model.legitimacy)
    contributed = model.pool_contributed[model.firm_actor]
    received = model.pool_received[model.firm_actor]
    fading = (contributed > 0) & (received < 0.5 * contributed)
    model.firm_pool_commitment = np.where(
        fading,
        model.firm_pool_commitment * (1 - p.firm_pool_fade_week),
        np.where(contributed > 0, np.minimum(1.0, model.firm_pool_commitment + p.firm_pool_fade_week), model.firm_pool_commitment),
    )
