"""Mesa agents of the co-governance model.

Residents are numerous, so their state lives in numpy arrays (:class:`sim.model.households.Households`)
and the :class:`Resident` agent is a readable view of one row: the dashboard, ``model.agents``
queries and Mesa tooling see ordinary agents while the hot paths stay vectorised. Organisations
are few; their weekly rules are methods here, called through ``model.agents_by_type[...].do``.

Symbols follow docs/ODD.md. Sources: S1 Meng, S2 Guo & Zhang, S3 Huang, S4 Zhai, S5 Ji
(full titles in :mod:`sim.parameters`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
from mesa.discrete_space import CellAgent, FixedAgent

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

AGE_GROUPS = ("young", "working", "retired")

# Actor kinds (rows of the model's actor table).
CORE, FIRM, COMMITTEE, ORGANISATION = range(4)

# Social organisation domains (S2, S3: 三社联动), cycled over the organisations.
DOMAINS = ("care", "mediation", "environment", "volunteering")
DOMAIN_LABELS = {
    "care": ("养老托育", "Elderly and child care"),
    "mediation": ("矛盾调解", "Mediation"),
    "environment": ("环境保护", "Environment"),
    "volunteering": ("志愿服务", "Volunteering"),
}


class Resident(CellAgent):
    """A household, represented by one resident (居民), living in one grid cell.

    State (read from the household arrays): age group, income group, time availability,
    efficacy ``e`` and trust ``t`` in [0, 1], participation threshold, whether participating
    this week, satisfaction. Rules acting on residents are vectorised in
    :mod:`sim.model.households` (reporting, participation, feedback; DESIGN §5 steps 2, 4, 8).
    """

    model: CoGovernanceModel

    def __init__(self, model: CoGovernanceModel, index: int, cell):
        super().__init__(model)
        self.index = index
        self.cell = cell

    def _value(self, column: str):
        return getattr(self.model.households, column)[self.index]

    @property
    def age_group(self) -> str:
        return AGE_GROUPS[int(self._value("age_group"))]

    @property
    def low_income(self) -> bool:
        return bool(self._value("low_income"))

    @property
    def efficacy(self) -> float:
        return float(self._value("efficacy"))

    @property
    def trust(self) -> float:
        return float(self._value("trust"))

    @property
    def satisfaction(self) -> float:
        return float(self._value("satisfaction"))

    @property
    def participating(self) -> bool:
        return bool(self._value("participating"))

    @property
    def building(self) -> int:
        return int(self._value("building"))

    @property
    def compound(self) -> int:
        return int(self._value("compound"))

    @property
    def open_problems(self) -> int:
        return int(self.model.open_problems_per_household()[self.index])


class PartyMember(Resident):
    """A resident Party member (党员): a resident who also visits households in their building.

    About 7% of residents, older than average (CPC statistics 2023). Activeness, the share of
    service time spent on substantive work rather than paperwork, is low when Party building is
    suspended (S1 §1.3) and rises when their building has a Party group (embedding; S3 §3.2, S4 §1).
    """

    @property
    def activeness(self) -> float:
        return float(self.model.member_activeness[self.model.member_index_of_household[self.index]])

    @property
    def embedded_post(self):
        """The firm, owners' committee or social organisation where this member holds a post."""
        return _embedded_post(self.model, int(self.model.member_index_of_household[self.index]))


def _embedded_post(model, member_index: int):
    """The organisation in which a member holds an embedded post, or None."""
    actor = int(model.member_post[member_index])
    return None if actor < 0 else model.organisation_agents[actor - 1]


class InServicePartyMember(mesa.Agent):
    """An in-service Party member (在职党员) who lives elsewhere and registers with the community
    (双报到, S4 §2); serves one building, at a fraction of a resident member's activeness."""

    model: CoGovernanceModel

    def __init__(self, model: CoGovernanceModel, member_index: int, building: int):
        super().__init__(model)
        self.member_index = member_index
        self.building = building

    @property
    def activeness(self) -> float:
        return float(self.model.member_activeness[self.member_index])

    @property
    def embedded_post(self):
        """The firm, owners' committee or social organisation where this member holds a post."""
        return _embedded_post(self.model, self.member_index)


class Organisation(FixedAgent):
    """An organisational actor with a row in the model's actor table (capacity, budget)."""

    model: CoGovernanceModel
    kind: int = -1

    def __init__(self, model: CoGovernanceModel, actor_id: int):
        super().__init__(model)
        self.actor_id = actor_id
        self.embedded = False  # a Party member holds a post here (交叉任职, S4 §1); set by embedding

    @property
    def cell(self):
        """Its cell of the Mesa grid (the grid is built from the model's arrays when first asked for)."""
        if self._mesa_cell is None:
            self.model._build_views()
        return self._mesa_cell

    @cell.setter
    def cell(self, cell) -> None:
        FixedAgent.cell.fset(self, cell)

    @property
    def post_holder(self) -> int:
        """Index of the Party member holding a post here, or -1."""
        return int(self.model.post_holder[self.actor_id])

    @property
    def budget(self) -> float:
        return float(self.model.actor_budget[self.actor_id])

    @property
    def capacity(self) -> float:
        """Effort units available this week."""
        return float(self.model.actor_capacity[self.actor_id])


class CommunityCore(Organisation):
    """The community core (一核): Party organisation, residents' committee and grid workers.

    Effective capacity = staff x (1 - administrative burden x (1 - empowerment x relief)) x
    (1 - formalism) x shock capacity (S1 §1.1, §3.1; S3 §2.1; S2 §1). It patrols, dispatches,
    convenes joint meetings, allocates the common fund and works on problems no one else takes.
    """

    kind = CORE

    def effective_capacity(self) -> float:
        p = self.model.p
        burden = p.administrative_burden * (1 - p.empowerment * p.empowerment_burden_relief)
        staff = p.core_staff_per_1000 * self.model.households.count / 1000
        return staff * (1 - burden) * (1 - p.formalism) * self.model.capacity_factor


class PropertyFirm(Organisation):
    """A property-management firm (物业企业), one per compound.

    Its effort is limited and, under profit pressure, partly diverted unless supervised by a
    legitimate owners' committee and an embedded Party branch (红色物业, S4 §1); its budget
    comes from fees whose collection falls with dissatisfaction (rules in
    :mod:`sim.model.mechanisms.work`, :mod:`sim.model.mechanisms.money` and
    :mod:`sim.model.mechanisms.feedback`).
    """

    kind = FIRM

    def __init__(self, model, actor_id, compound: int):
        super().__init__(model, actor_id)
        self.compound = compound

    @property
    def fee_collection_rate(self) -> float:
        """Share of fees collected in its compound."""
        return float(self.model.fee_collection_rate[self.compound])

    @property
    def pool_commitment(self) -> float:
        """How fully it still contributes to the common fund (fades when it gets nothing back)."""
        return float(self.model.firm_pool_commitment[self.compound])


class OwnersCommittee(Organisation):
    """An owners' committee (业委会), in compounds where one formed.

    Its legitimacy tracks its compound's participation; a legitimate committee supervises the
    firm, approves major works and alone releases the maintenance fund (维修基金).
    """

    kind = COMMITTEE

    def __init__(self, model, actor_id, compound: int):
        super().__init__(model, actor_id)
        self.compound = compound

    @property
    def legitimacy(self) -> float:
        return float(self.model.legitimacy[self.compound])


class SocialOrganisation(Organisation):
    """A social organisation (社会组织) with a domain: care, mediation, environment or volunteering.

    Care and mediation organisations resolve service and dispute problems; environment ones share
    environment problems with the firm; volunteering ones turn their capacity into organised
    volunteer effort. All run activities that raise trust and mobilise residents (三社联动, S3 §3.2).
    The domain it serves in a week may be chosen in the classroom.
    """

    kind = ORGANISATION

    def __init__(self, model, actor_id, domain: str):
        super().__init__(model, actor_id)
        self.domain = domain
