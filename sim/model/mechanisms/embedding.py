"""Organisational embedding (组织嵌入): Party members take posts and building Party groups form.

Rule: ``embedding`` is the share of firms, owners' committees and social organisations in
which a Party member holds a post (交叉任职, S4 §1; the "big Party committee" 大党委) and the
share of member-inhabited buildings with a building Party group (楼院党小组, S3 §3.2, S4 §1).
A post exists only if a member holds it: the organisations of each kind take posts in a fixed
random order, and each post goes to the first free member in a fixed random priority order who
lives in the organisation's compound (firms, committees), else to any free member, resident or
in-service (双报到). A building Party group exists only where members live or serve. Members
in a building with a Party group are more active (counters 悬浮化, S1 §1.3).

What an embedded member does depends on that member: a member's *effective activeness* in a
week is activeness x (1 - formalism) x shock capacity, and it scales every effect of the post
(firm supervision by a Party branch, 红色物业; brokerage of commitment to major works;
attendance at joint meetings; an organisation's linkage into the grid). So formalism reaches
through the posts, and with no Party members embedding has nothing to act through.

The orders are drawn once at set-up from the ``organisations`` and ``members`` streams, so
embedding levels are nested (a higher level adds posts, never moves them) and a change of
``embedding`` during a run re-applies this rule to the same orders.
Deviation from the first version: the lever set organisations' embedded flags directly, with or
without members, and raised the core's commitment probability by itself (ODD §5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def apply_embedding(model: CoGovernanceModel) -> None:
    """Set posts, building Party groups and members' activeness for ``model.p.embedding``."""
    p = model.p
    groups = model.member_buildings_order[: int(round(p.embedding * len(model.member_buildings_order)))]
    model.building_has_party_group = np.zeros(model.n_buildings, dtype=bool)
    model.building_has_party_group[groups] = True

    holder = np.full(len(model.actor_kind), -1)
    taken = np.zeros(len(model.member_building), dtype=bool)
    priority = model.member_post_priority  # member indices, fixed order
    priority_compound = model.member_compound[priority]
    for order in model.actor_orders:
        for actor in order[: int(round(p.embedding * len(order)))]:
            free = ~taken[priority]
            compound = model.actor_compound[actor]
            local = free & (priority_compound == compound) if compound >= 0 else free
            candidates = np.flatnonzero(local if local.any() else free)
            if len(candidates):
                member = priority[candidates[0]]
                holder[actor] = member
                taken[member] = True
    model.post_holder = holder
    model.actor_embedded = holder >= 0
    for agent in model.organisation_agents:
        agent.embedded = bool(model.actor_embedded[agent.actor_id])

    covered = model.building_has_party_group[model.member_building]
    activeness = p.party_activeness + (1 - p.party_activeness) * p.embedding_activeness_gain * covered
    activeness[model.member_household < 0] *= p.in_service_activeness_factor
    model.member_activeness = activeness


def effective_activeness(model: CoGovernanceModel) -> np.ndarray:
    """Each member's share of time on substantive service this week (after formalism and shocks)."""
    return model.member_activeness * (1 - model.p.formalism) * model.capacity_factor


def post_activeness(model: CoGovernanceModel, actors: np.ndarray) -> np.ndarray:
    """Effective activeness of the member holding each actor's post (0 where no member holds one)."""
    holder = model.post_holder[actors]
    activeness = effective_activeness(model)
    return np.where(holder >= 0, activeness[np.maximum(holder, 0)], 0.0) if len(activeness) else np.zeros(len(actors))


def firm_branch_activeness(model: CoGovernanceModel) -> np.ndarray:
    """Per compound: effective activeness of the Party member embedded in its firm (红色物业)."""
    return post_activeness(model, model.firm_actor)

