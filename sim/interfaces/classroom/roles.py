"""Classroom roles: who plays which actor, and which roles are still free.

A role is one actor of the shared community (or, for residents, one building whose households
follow a small group of students). What a role decides each week, and how its answers become the
model's choices, is in :mod:`sim.interfaces.classroom.forms`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

RESIDENTS, MEMBER, FIRM, COMMITTEE, ORGANISATION, CORE = "residents", "member", "firm", "committee", "organisation", "core"
KINDS = (RESIDENTS, MEMBER, FIRM, COMMITTEE, ORGANISATION, CORE)

#: Students sharing one building (a small group decides by majority; a tie leaves it to the simulation).
BUILDING_GROUP_SIZE = 3
#: Order in which joining students get roles; it repeats, and a kind with no free actor left
#: gives its turn to a residents' group. Twelve students cover every kind of actor.
JOIN_PATTERN = (FIRM, COMMITTEE, MEMBER, ORGANISATION, CORE, RESIDENTS, RESIDENTS, RESIDENTS, MEMBER, RESIDENTS, RESIDENTS, RESIDENTS)

KIND_TITLES = {
    RESIDENTS: ("楼栋居民", "Residents of a building"),
    MEMBER: ("党员", "Party member"),
    FIRM: ("物业经理", "Property firm manager"),
    COMMITTEE: ("业委会主任", "Owners' committee chair"),
    ORGANISATION: ("社会组织负责人", "Social organisation lead"),
    CORE: ("社区书记", "Community Party secretary"),
}


class AnswerError(ValueError):
    """A request the server refuses: ``status`` is the HTTP status to send, ``zh`` and ``en`` the
    message in each language (``str()`` gives both, Chinese first)."""

    def __init__(self, status: int, zh: str, en: str):
        self.status = status
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Role:
    """One playable actor: ``kind`` and its id (building, member index, compound, actor id; 0 for the core)."""

    kind: str
    actor: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.actor}"

    @classmethod
    def from_key(cls, key: str) -> Role:
        kind, _, actor = key.partition(":")
        if kind not in KINDS or not actor.isdigit():
            raise AnswerError(400, f"未知角色 {key!r}", f"unknown role {key!r}")
        return cls(kind, int(actor))

    def title(self, model: CoGovernanceModel) -> tuple[str, str]:
        """Bilingual title naming the actor, e.g. ("3号楼居民", "Residents of building 3")."""
        zh, en = KIND_TITLES[self.kind]
        n = self.actor
        if self.kind == RESIDENTS:
            return f"{n + 1}号楼居民", f"Residents of building {n + 1}"
        if self.kind == MEMBER:
            where = "在职党员" if model.member_household[n] < 0 else "居民党员"
            return f"{where}（{int(model.member_building[n]) + 1}号楼）", f"Party member, building {int(model.member_building[n]) + 1}"
        if self.kind in (FIRM, COMMITTEE):
            return f"{n + 1}号小区{zh}", f"{en}, compound {n + 1}"
        if self.kind == ORGANISATION:
            from sim.model.agents import DOMAIN_LABELS  # here, not at the top: `cogov --help` loads no Mesa

            d_zh, d_en = DOMAIN_LABELS[model.organisations[self._org_index(model)].domain]
            return f"{zh}（{d_zh}）", f"{en} ({d_en})"
        return zh, en

    def _org_index(self, model: CoGovernanceModel) -> int:
        return [o.actor_id for o in model.organisations].index(self.actor)


# ====================================================================== allocation
def free_roles(model: CoGovernanceModel, kind: str, taken: Counter) -> list[Role]:
    """Roles of ``kind`` still open, in the order they are handed out."""
    if kind == RESIDENTS:
        import numpy as np

        occupied = np.flatnonzero(model.building_count > 0)
        # Fill a started building before opening the next one.
        return sorted(
            (Role(RESIDENTS, int(b)) for b in occupied if taken[Role(RESIDENTS, int(b))] < BUILDING_GROUP_SIZE),
            key=lambda role: (-taken[role], role.actor),
        )
    if kind == MEMBER:
        # Members of buildings no student member covers yet first, so the class reaches more buildings.
        covered = {int(model.member_building[r.actor]) for r in taken if r.kind == MEMBER}
        ids = sorted(range(len(model.member_household)), key=lambda m: (int(model.member_building[m]) in covered, m))
    elif kind == FIRM:
        # Firms of compounds with an owners' committee first, so firm and committee meet.
        ids = sorted(range(model.n_compounds), key=lambda c: (c not in model.committee_of_compound, c))
    elif kind == COMMITTEE:
        ids = sorted(model.committee_of_compound)
    elif kind == ORGANISATION:
        ids = [o.actor_id for o in model.organisations]
    else:
        ids = [0]
    return [Role(kind, int(i)) for i in ids if not taken[Role(kind, int(i))]]


def next_role(model: CoGovernanceModel, joined: int, taken: Counter) -> Role | None:
    """The role of the ``joined``-th student (0-based), given how many students hold each role."""
    kind = JOIN_PATTERN[joined % len(JOIN_PATTERN)]
    roles = free_roles(model, kind, taken) or free_roles(model, RESIDENTS, taken)
    return roles[0] if roles else None


def open_roles(model: CoGovernanceModel, taken: Counter) -> list[Role]:
    """Every role a student could be moved to: single actors nobody plays, buildings with room."""
    return [role for kind in KINDS for role in free_roles(model, kind, taken)]


