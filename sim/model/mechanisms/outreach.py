"""Party members visit households; social organisations run activities (DESIGN §5.3).

Rule: each Party member makes Poisson(visits_per_member_week x effective activeness) visits to
random households of the building they live in or serve (a household drawn twice in a week is
visited once) (S4 §1: weekly building visits; S2 §1:
formalism takes the time; effective activeness in :mod:`sim.model.mechanisms.embedding`). A
visit raises the household's trust (the Party organisation is seen, S1 §1.3), mobilises the
resident for ``mobilisation_duration_weeks`` and discovers the household's unreported problems.
Each social organisation's activities reach Poisson(reach) random households with a smaller
trust gain and the same mobilisation (三社联动, S3 §3.2); an organisation whose embedded member
is active reaches more (x (1 + embedded_reach_gain x the member's effective activeness)).
Draws come from the ``outreach`` stream; a member whose visits are chosen in the classroom visits
the chosen households instead of the drawn ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.households import move_toward_one
from sim.model.mechanisms.embedding import effective_activeness, post_activeness
from sim.model.mechanisms.reporting import discover
from sim.model.problems import NOT_YET

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def reach_out(model: CoGovernanceModel, t: int) -> None:
    p, h, rng = model.p, model.households, model.streams.outreach
    visits = rng.poisson(p.visits_per_member_week * effective_activeness(model))
    building = np.repeat(model.member_building, visits)
    position = rng.random(len(building))
    visited = model.building_start[building] + (position * model.building_count[building]).astype(np.int64)
    by_member = np.repeat(np.arange(len(visits)), visits)
    # A member visits a household at most once a week (a repeated draw is the same visit).
    pair = np.unique(by_member * h.count + visited)
    visited, by_member = pair % h.count, pair // h.count
    visited = _apply_chosen_visits(model, visited, by_member)

    organisations = model.organisation_actor_ids
    reach = p.social_org_activity_households * (0.5 + p.social_org_professional_share) * model.capacity_factor
    reach = reach * (1 + p.embedded_reach_gain * post_activeness(model, organisations))
    touched = rng.integers(0, h.count, int(rng.poisson(reach.sum()))) if len(organisations) else np.zeros(0, np.int64)

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
