"""Volunteers, firms, organisations, the core and contractors work on problems (DESIGN §5.7).

Volunteers (S1 §2.4, S5 §2): a building's volunteer effort goes to its small environment,
service and dispute problems that someone knows about: reported or discovered ones, and those
of households taking part in community life (neighbours hear of them through participation).
Oldest first. (Deviation from the first version, where volunteers also fixed problems no one
knew of, about half of all resolutions at the status quo; ODD §5.)

Actors: each spends its weekly effort on the funded, coordinated problems that have reached it
(through its channel or the core's dispatch), supervised ones (督办: escalations the core has
dispatched) first, then oldest known; unused effort is not carried over. A property firm's
effort is its staff, whom its collected fees pay (:mod:`.money`), and, under profit pressure, it
diverts a share profit_pressure x (1 - supervision) of it to other business (shirking);
supervision = committee_supervision x the owners' committee's legitimacy (if the committee
supervises this week) + embedded_supervision x the effective activeness of a Party member
embedded in the firm (红色物业, S4 §1), capped at 1 (DESIGN §4). A firm's manager may set the
share in the classroom. Social organisations work at social_org_capacity x (1 + professional
share) (S2 §1: 23.4% professional social workers). Major works are built by contractors paid
from the work's money at contractor_effort_per_week (deviation: DESIGN has the firm do them;
ODD §5). Every resolution records who resolved it (core, firm, organisation, contractors,
volunteers), so self-help is not counted as governance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.agents import CORE, FIRM
from sim.model.kernels import working
from sim.model.mechanisms.embedding import firm_branch_activeness
from sim.model.problems import (
    BY_CONTRACTORS,
    BY_CORE,
    BY_FIRM,
    BY_ORGANISATION,
    BY_VOLUNTEERS,
    CROSS_ACTOR,
    DISPUTES,
    ENVIRONMENT,
    NOT_YET,
    SERVICES,
    serve_in_order,
)

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

VOLUNTEER_CATEGORIES = (ENVIRONMENT, SERVICES, DISPUTES)


def firm_supervision(model: CoGovernanceModel) -> np.ndarray:
    """Per compound: how closely the firm is supervised this week, in [0, 1]."""
    p = model.p
    legitimacy = model.committee_legitimacy_by_compound()
    supervises = model.committee_actor >= 0
    committees = np.flatnonzero(supervises)
    supervises[committees] = model.choices.decide_each("committees", committees, "supervise", np.ones(len(committees), bool))
    level = p.committee_supervision * legitimacy * supervises + p.embedded_supervision * firm_branch_activeness(model)
    return np.minimum(1.0, level)


def firm_effort_share(model: CoGovernanceModel) -> np.ndarray:
    """Per compound: share of the firm's capacity spent on residents' problems (1 - shirking)."""
    simulated = 1 - model.p.firm_profit_pressure * (1 - firm_supervision(model))
    return model.choices.decide_each("firms", np.arange(model.n_compounds), "effort", simulated.astype(float))


def work(model: CoGovernanceModel, t: int) -> None:
    if not kernels.ENABLED:
        return work_reference(model, t)
    p, book = model.p, model.problems
    model.actor_capacity = actor_capacity(model)
    model.resolved_now, book.open_ids, core_used = working.work(
        t, book.open_ids, book.category, book.household, book.building, book.effort_needed, book.effort_done, book.known_step,
        book.assigned_step, book.money_needed, book.money_funded, book.committed, book.needs, book.supervised, book.actor,
        book.resolved_step, book.resolved_by, book.in_core_queue, model.households.participating, p.simple_problem_effort_max,
        model.building_volunteer_effort, model.volunteer_effort, model.actor_capacity, model.actor_kind,
        p.contractor_effort_per_week * model.capacity_factor,
    )
    model.core_time.spend_up_to(core_used)


def actor_capacity(model: CoGovernanceModel) -> np.ndarray:
    """Each actor's effort for problems this week: the core's time left, firms' staff less shirking, working organisations."""
    p = model.p
    capacity = np.zeros(len(model.actor_kind))
    capacity[CORE] = model.core_time.left
    capacity[model.firm_actor] = model.firm_staff * firm_effort_share(model) * model.capacity_factor
    working_organisations = model.organisation_actor_ids[~model.organisation_is_volunteering()]
    capacity[working_organisations] = p.social_org_capacity * (1 + p.social_org_professional_share) * model.capacity_factor
    return capacity


def work_reference(model: CoGovernanceModel, t: int) -> None:
    """The numpy reference of :func:`work` (kernel :func:`sim.model.kernels.working.work`)."""
    p, book = model.p, model.problems
    open_ids = book.open_ids
    h = model.households
    resolved_parts = []
    simple = open_ids[
        np.isin(book.category[open_ids], VOLUNTEER_CATEGORIES)
        & (book.effort_needed[open_ids] <= p.simple_problem_effort_max)
        & ((book.known_step[open_ids] != NOT_YET) | h.participating[book.household[open_ids]])
    ]
    if len(simple) and model.volunteer_effort > 0:
        simple = simple[np.lexsort((simple, book.building[simple]))]
        grant = serve_in_order(book.building[simple], book.effort_needed[simple] - book.effort_done[simple], model.building_volunteer_effort)
        book.effort_done[simple] += grant
        done = simple[book.effort_done[simple] >= book.effort_needed[simple] - 1e-9]
        book.close(done, t, BY_VOLUNTEERS)
        resolved_parts.append(done)
        open_ids = book.open_ids

    capacity = model.actor_capacity = actor_capacity(model)

    ready = open_ids[
        (book.assigned_step[open_ids] != NOT_YET)
        & (book.money_funded[open_ids] >= book.money_needed[open_ids] - 1e-9)
        & (book.committed[open_ids] == book.needs[open_ids])
    ]
    major = book.category[ready] == CROSS_ACTOR
    works = ready[major]
    book.effort_done[works] += np.minimum(book.effort_needed[works] - book.effort_done[works], p.contractor_effort_per_week * model.capacity_factor)
    built = works[book.effort_done[works] >= book.effort_needed[works] - 1e-9]
    book.close(built, t, BY_CONTRACTORS)
    resolved_parts.append(built)

    ready = ready[~major]
    ready = ready[np.lexsort((ready, book.known_step[ready], ~book.supervised[ready], book.actor[ready]))]
    grant = serve_in_order(book.actor[ready], book.effort_needed[ready] - book.effort_done[ready], capacity)
    book.effort_done[ready] += grant
    capacity_used = np.bincount(book.actor[ready], weights=grant, minlength=len(capacity))
    model.core_time.spend_up_to(capacity_used[CORE])
    done = ready[book.effort_done[ready] >= book.effort_needed[ready] - 1e-9]
    kind = model.actor_kind[book.actor[done]]
    book.close(done, t, np.select([kind == CORE, kind == FIRM], [BY_CORE, BY_FIRM], BY_ORGANISATION))
    resolved_parts.append(done)
    model.resolved_now = np.concatenate(resolved_parts) if resolved_parts else np.zeros(0, np.int64)
