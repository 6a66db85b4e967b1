"""Residents report problems; grid patrols discover unreported ones (DESIGN §5.2; S3 §3.2, S4 §1, S5 §1).

Reporting: each week a household with open, unknown problems reports them (all of them: one
decision per household and week) with probability expit(b0 + w_e e + w_t t + g D), rising with efficacy e (responsiveness breeds reporting:
Sjoberg, Mellon & Peixoto 2017) and trust t, and with a digital platform D (S4 §3).

Patrols: grid workers' patrols (网格巡查) discover each still-unknown problem with probability
1 - exp(-lambda), lambda = p_patrol_discovery x patrol_intensity x (grid_worker_households /
households in the problem's grid zone) x (share of the patrol the core could staff) x shock
capacity. Coverage thus grows with patrol intensity and with grid workers' reach at every zone
size, with diminishing returns and no hard cap (deviation: the first version capped coverage at
1 and so saturated at the default zone size; ODD §5). Patrol effort is paid from the core's
weekly capacity after last week's hotline paperwork.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.special import expit

from sim.model.problems import NOT_YET

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def report_probability(model: CoGovernanceModel, households: np.ndarray) -> np.ndarray:
    """Weekly probability that each given household reports one of its open problems."""
    p, h = model.p, model.households
    return expit(
        p.report_intercept
        + p.report_weight_efficacy * h.efficacy[households]
        + p.report_weight_trust * h.trust[households]
        + p.digital_report_gain * p.digital_platform
    )


def report_and_patrol(model: CoGovernanceModel, t: int) -> None:
    p, h, book, rng = model.p, model.households, model.problems, model.streams.reporting
    core = model.core_time
    core.spend_up_to(model.pending_paperwork)
    model.pending_paperwork = 0.0
    patrol_cost = p.patrol_intensity * p.patrol_effort_per_1000 * h.count / 1000
    patrol_done = core.spend_up_to(patrol_cost) / patrol_cost if patrol_cost > 0 else 1.0

    unknown = book.open_ids[book.known_step[book.open_ids] == NOT_YET]
    who = book.household[unknown]
    # One decision per household and week: it reports all its unknown problems, or none.
    households_reporting = rng.random(h.count) < report_probability(model, np.arange(h.count))
    households_reporting = model.choices.resident_flags("report", np.arange(h.count), households_reporting, only=np.unique(who))
    reported = households_reporting[who]
    ids = unknown[reported]
    book.known_step[ids] = t
    book.reported_by_resident[ids] = True
    reporters = who[reported]
    first = (h.reports_made[reporters] == 0) & (h.first_report_problem[reporters] < 0)
    h.first_report_problem[reporters[first]] = ids[first]
    h.reports_made += np.bincount(reporters, minlength=h.count).astype(np.int32)
    model.counts["reported"] += len(ids)
    model.counts["reported_step"] = len(ids)

    still_unknown = unknown[~reported]
    reach = p.grid_worker_households / model.households_per_zone[h.zone[book.household[still_unknown]]]
    rate = p.p_patrol_discovery * p.patrol_intensity * reach * patrol_done * model.capacity_factor
    found = still_unknown[rng.random(len(still_unknown)) < -np.expm1(-rate)]
    discover(model, found, t)


def discover(model: CoGovernanceModel, ids: np.ndarray, t: int) -> None:
    """Problems become known to the core without a resident's report (patrol, visit, hotline)."""
    model.problems.known_step[ids] = t
    model.counts["discovered"] += len(ids)
