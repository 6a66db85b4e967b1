"""Residents report problems; grid patrols discover unreported ones and whistle up neglected ones
(DESIGN §5.2; S3 §3.2, S4 §1, S5 §1).

Reporting: each week a household with open, unknown problems reports them to their channels
(all of them: one decision per household and week) with probability
expit(b0 + w_e e + w_t t + g D), rising with efficacy e (responsiveness breeds reporting:
Sjoberg, Mellon & Peixoto 2017) and trust t, and with a digital platform D (S4 §3).

Patrols: grid workers' patrols (网格巡查) pass each open problem of their zone with probability
1 - exp(-lambda), lambda = p_patrol_discovery x patrol_intensity x (grid_worker_households /
households in the problem's grid zone) x (share of the patrol the core could staff) x shock
capacity. A passed problem that nobody knew of is discovered and referred to its first responder
(网格员上报); a known problem that has outlasted its household's patience and has not been
escalated is whistled up to the core's queue (网格吹哨、部门报到, S4 §1), without the hotline's
paperwork. Coverage grows with patrol intensity and with grid workers' reach at every zone
size, with diminishing returns and no hard cap. Patrol effort is paid from the core's weekly
capacity after last week's hotline paperwork.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.special import expit

from sim.model import kernels
from sim.model.kernels import reporting
from sim.model.mechanisms.channels import discover
from sim.model.mechanisms.escalation import escalate
from sim.model.problems import NOT_YET

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def report_probability(model: CoGovernanceModel, households: np.ndarray) -> np.ndarray:
    """Weekly probability that each given household reports its open problems."""
    p, h = model.p, model.households
    return expit(
        p.report_intercept
        + p.report_weight_efficacy * h.efficacy[households]
        + p.report_weight_trust * h.trust[households]
        + p.digital_report_gain * p.digital_platform
    )


def report_and_patrol(model: CoGovernanceModel, t: int) -> None:
    if not kernels.ENABLED:
        return report_and_patrol_reference(model, t)
    p, h, book, rng = model.p, model.households, model.problems, model.streams.reporting
    patrol_done = _patrol_done(model)
    simulated = reporting.would_report(
        rng.random(h.count), h.efficacy, h.trust, p.report_intercept, p.report_weight_efficacy, p.report_weight_trust,
        p.digital_report_gain * p.digital_platform,
    )
    deciding = None
    if model.choices.watch is not None:  # only role play records who had a choice
        open_ids = book.open_ids
        deciding = np.unique(book.household[open_ids[book.known_step[open_ids] == NOT_YET]])
    households_reporting = model.choices.resident_flags("report", np.arange(h.count), simulated, only=deciding)
    model.flows.add("reported", reporting.report(
        t, book.open_ids, households_reporting, book.known_step, book.household, book.reported_by_resident, h.reports_made,
        h.first_report_problem,
    ))
    passable, rate = reporting.patrol_rates(
        book.open_ids, book.known_step, book.neglected, book.escalated_step, book.household, h.zone, model.households_per_zone,
        p.grid_worker_households, p.p_patrol_discovery * p.patrol_intensity, patrol_done, model.capacity_factor,
    )
    _pass(model, passable[rng.random(len(passable)) < -np.expm1(-rate)], t)


def _patrol_done(model: CoGovernanceModel) -> float:
    """Last week's hotline paperwork, then the patrol, from the core's time; the share of the patrol staffed."""
    p, core = model.p, model.core_time
    core.spend_up_to(model.pending_paperwork)
    model.pending_paperwork = 0.0
    patrol_cost = p.patrol_intensity * p.patrol_effort_per_1000 * model.households.count / 1000
    return core.spend_up_to(patrol_cost) / patrol_cost if patrol_cost > 0 else 1.0


def _pass(model: CoGovernanceModel, passed: np.ndarray, t: int) -> None:
    """Patrols discover the unknown problems they pass and whistle up the neglected ones."""
    unknown_now = model.problems.known_step[passed] == NOT_YET
    discover(model, passed[unknown_now], t)
    escalate(model, passed[~unknown_now], t, hotline=False)


def report_and_patrol_reference(model: CoGovernanceModel, t: int) -> None:
    """The numpy reference of :func:`report_and_patrol` (kernels in :mod:`sim.model.kernels.reporting`)."""
    p, h, book, rng = model.p, model.households, model.problems, model.streams.reporting
    patrol_done = _patrol_done(model)

    open_ids = book.open_ids
    unknown = open_ids[book.known_step[open_ids] == NOT_YET]
    who = book.household[unknown]
    # One decision per household and week: it reports all its unknown problems, or none.
    households_reporting = rng.random(h.count) < report_probability(model, np.arange(h.count))
    deciding = np.unique(who) if model.choices.watch is not None else None  # only role play records who had a choice
    households_reporting = model.choices.resident_flags("report", np.arange(h.count), households_reporting, only=deciding)
    reported = households_reporting[who]
    ids = unknown[reported]
    book.known_step[ids] = t
    book.reported_by_resident[ids] = True
    reporters = who[reported]
    first = (h.reports_made[reporters] == 0) & (h.first_report_problem[reporters] < 0)
    h.first_report_problem[reporters[first]] = ids[first]
    h.reports_made += np.bincount(reporters, minlength=h.count).astype(np.int32)
    model.flows.add("reported", len(ids))

    # Patrols pass the problems nobody knows of and the neglected ones nobody has pushed up yet.
    passable = open_ids[(book.known_step[open_ids] == NOT_YET) | (book.neglected[open_ids] & (book.escalated_step[open_ids] == NOT_YET))]
    reach = p.grid_worker_households / model.households_per_zone[h.zone[book.household[passable]]]
    rate = p.p_patrol_discovery * p.patrol_intensity * reach * patrol_done * model.capacity_factor
    _pass(model, passable[rng.random(len(passable)) < -np.expm1(-rate)], t)
