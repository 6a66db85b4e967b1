"""Party members visit households; social organisations run activities (DESIGN §5.3).

Rule: each Party member makes Poisson(visits_per_member_week x effective activeness) visits to
random households of the building they live in or serve, never their own (a household drawn
twice in a week is visited once) (S4 §1: weekly building visits; S2 §1: formalism takes the
time; effective activeness in :mod:`sim.model.mechanisms.embedding`). A visit raises the
household's trust (the Party organisation is seen, S1 §1.3), mobilises the resident for
``mobilisation_duration_weeks`` and discovers the household's unreported problems.
Each social organisation's activities reach Poisson(reach) households drawn from those within
``social_org_activity_radius_cells`` of its place, reach = social_org_activity_households x
(social_org_base_reach + professional share), with a smaller trust gain and the same
mobilisation (三社联动, S3 §3.2); an organisation whose embedded member is active reaches more
(x (1 + embedded_reach_gain x the member's effective activeness)).
(Deviation from the first version: members could visit themselves, which made up most of the
membership gradient of participation, and activities reached households anywhere; ODD §5.)
Draws come from the ``outreach`` stream; a member whose visits are chosen in the classroom visits
the chosen households instead of the drawn ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.households import move_toward_one
from sim.model.kernels import visiting
from sim.model.mechanisms.embedding import effective_activeness, post_activeness
from sim.model.mechanisms.channels import discover
from sim.model.problems import NOT_YET

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def reach_out(model: CoGovernanceModel, t: int) -> None:
    if not kernels.ENABLED:
        return reach_out_reference(model, t)
    p, h, rng, book = model.p, model.households, model.streams.outreach, model.problems
    visits = rng.poisson(p.visits_per_member_week * effective_activeness(model))
    position = rng.random(int(visits.sum()))
    visited, by_member = visiting.visited_households(
        visits, model.member_building, model.member_household, position, model.building_start, model.building_count, h.count
    )
    visited = _apply_chosen_visits(model, visited, by_member)
    touched = activity_reach(model, rng)
    h.trust, found = visiting.receive_visits(
        t, visited, touched, h.trust, h.last_visit_step, h.mobilised_until, p.visit_trust_gain, p.social_org_activity_trust_gain,
        p.mobilisation_duration_weeks, book.open_ids, book.known_step, book.household,
    )
    discover(model, found, t)


def reach_out_reference(model: CoGovernanceModel, t: int) -> None:
    """The numpy reference of :func:`reach_out` (kernels in :mod:`sim.model.kernels.visiting`)."""
    p, h, rng = model.p, model.households, model.streams.outreach
    visits = rng.poisson(p.visits_per_member_week * effective_activeness(model))
    building = np.repeat(model.member_building, visits)
    position = rng.random(len(building))
    by_member = np.repeat(np.arange(len(visits)), visits)
    # A resident member draws among the other households of their building: the draw skips their own row.
    own = model.member_household[by_member]
    others = model.building_count[building] - (own >= 0)
    visited = model.building_start[building] + (position * others).astype(np.int64)
    visited += (own >= 0) & (visited >= own)
    keep = others > 0
    visited, by_member = visited[keep], by_member[keep]
    # A member visits a household at most once a week (a repeated draw is the same visit).
    pair = np.unique(by_member * h.count + visited)
    visited, by_member = pair % h.count, pair // h.count
    visited = _apply_chosen_visits(model, visited, by_member)

    touched = activity_reach(model, rng)

    visits_per_household = np.bincount(visited, minlength=h.count)
    visited_now = visits_per_household > 0
    h.last_visit_step[visited_now] = t
    h.trust = move_toward_one(h.trust, p.visit_trust_gain, visits_per_household)
    touches = np.bincount(touched, minlength=h.count)
    h.trust = move_toward_one(h.trust, p.social_org_activity_trust_gain, touches)
    h.mobilised_until[visited_now | (touches > 0)] = t + p.mobilisation_duration_weeks - 1

    book = model.problems
    unknown = book.open_ids[book.known_step[book.open_ids] == NOT_YET]
    discover(model, unknown[visited_now[book.household[unknown]]], t)


def _apply_chosen_visits(model: CoGovernanceModel, visited: np.ndarray, by_member: np.ndarray) -> np.ndarray:
    """Replace the drawn visits of members whose visits were chosen; record watched members' visits."""
    choices = model.choices
    chosen = {}
    if choices.decisions is not None and choices.decisions.members:
        chosen = {m: c.visit for m, c in choices.decisions.members.items() if c.visit is not None}
    if chosen:
        keep = ~np.isin(by_member, np.fromiter(chosen, dtype=np.int64, count=len(chosen)))
        extra = [np.asarray(v, dtype=np.int64) for v in chosen.values()]
        visited = np.concatenate([visited[keep], *extra])
        by_member = np.concatenate([by_member[keep], *[np.full(len(v), m) for m, v in zip(chosen, extra, strict=True)]])
    if choices.watch is not None:
        for member in choices.watch.members:
            choices.record("members", member, "visit", tuple(int(x) for x in visited[by_member == member]))
    return visited


def activity_reach(model: CoGovernanceModel, rng: np.random.Generator) -> np.ndarray:
    """Households reached this week by the organisations' activities, each drawn from its catchment."""
    p = model.p
    organisations = model.organisation_actor_ids
    if len(organisations) == 0:
        return np.zeros(0, np.int64)
    reach = p.social_org_activity_households * (p.social_org_base_reach + p.social_org_professional_share) * model.capacity_factor
    reach = reach * (1 + p.embedded_reach_gain * post_activeness(model, organisations))
    counts = rng.poisson(reach)
    start, size = model.catchment_start, model.catchment_size
    org = np.repeat(np.arange(len(organisations)), counts)
    pick = (rng.random(len(org)) * size[org]).astype(np.int64)
    return model.catchment_households[start[org] + pick]


def catchments(model: CoGovernanceModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each organisation, the households within its activity radius (flat array, starts, sizes).

    An organisation with no household in reach (possible on a sparse grid) reaches its nearest one.
    """
    h, radius = model.households, model.p.social_org_activity_radius_cells
    parts = []
    for x, y in model.organisation_cells:
        near = np.flatnonzero((np.abs(h.x - x) <= radius) & (np.abs(h.y - y) <= radius))
        if len(near) == 0:
            near = np.array([int(np.argmin(np.abs(h.x - x) + np.abs(h.y - y)))])
        parts.append(near)
    size = np.array([len(part) for part in parts], dtype=np.int64)
    start = np.r_[0, np.cumsum(size)[:-1]].astype(np.int64)
    flat = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    return flat, start, size
