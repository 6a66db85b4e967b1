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
    this week, volunteer points, satisfaction. Rules acting on residents are vectorised in
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
    def volunteer_points(self) -> float:
        return float(self._value("volunteer_points"))

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
    if actor < 0 or not model.actor_embedded[actor]:
        return None
    return next(a for a in model.agents if isinstance(a, Organisation) and a.actor_id == actor)


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

    def __init__(self, model: CoGovernanceModel, actor_id: int, cell, embedded: bool):
        super().__init__(model)
        self.actor_id = actor_id
        self.cell = cell
        self.embedded = embedded  # a Party member holds a post here (交叉任职), S4 §1

    @property
    def budget(self) -> float:
        return float(self.model.actor_budget[self.actor_id])

    @property
    def capacity(self) -> float:
        """Effort units available this week."""
        return float(self.model.actor_capacity[self.actor_id])


class CommunityCore(Organisation):
    """The community core (一核): Party organisation, residents' committee and grid workers.

    Effective capacity = staff x (1 - administrative burden) x (1 - formalism) (S1 §1.1, S3 §2.1,
    S2 §1), with empowerment removing part of the burden (减负, S1 §3.1). It patrols, dispatches,
    convenes joint meetings, allocates the common fund, and works on problems no one else takes.
    """

    kind = CORE

    def effective_capacity(self) -> float:
        p = self.model.p
        burden = p.administrative_burden * (1 - p.empowerment * p.empowerment_burden_relief)
        staff = p.core_staff_per_1000 * self.model.households.count / 1000
        return staff * (1 - burden) * (1 - p.formalism) * self.model.capacity_factor

    def weekly_income(self) -> float:
        """Budget per week; with funding following tasks (费随事转) it also receives the
        sub-district's expected spending on the major works that empowerment delegates (S3 §3.3.1)."""
        p = self.model.p
        income = p.core_budget_per_1000 * self.model.households.count / 1000
        if p.funding_follows_tasks:
            income += p.empowerment * self.model.expected_subdistrict_spending_week
        return income


class PropertyFirm(Organisation):
    """A property-management firm (物业企业), one per compound.

    Its effort falls with profit pressure (shirking) and rises with supervision by a legitimate
    owners' committee and an embedded Party branch (红色物业, S4 §1). Its budget comes from fees,
    whose collection falls when residents are dissatisfied (DESIGN §4; assumption on the form).
    Its contribution to the common fund fades when the pool returns little to its compound (S2:
    firms join for publicity and do not sustain).
    """

    kind = FIRM

    def __init__(self, model, actor_id, cell, embedded, compound: int):
        super().__init__(model, actor_id, cell, embedded)
        self.compound = compound
        self.fee_collection_rate = model.p.fee_collection_base
        self.reputation = 0.5
        self.pool_commitment = 1.0

    def supervision(self) -> float:
        p = self.model.p
        committee = self.model.committee_of_compound.get(self.compound)
        level = committee.legitimacy * p.committee_supervision if committee is not None else 0.0
        if self.embedded:
            level += p.embedded_supervision
        return min(1.0, level)

    def weekly_capacity(self) -> float:
        p = self.model.p
        households = self.model.households_per_compound[self.compound]
        shirking = p.firm_profit_pressure * (1 - self.supervision())
        return p.firm_capacity_per_1000 * households / 1000 * (1 - shirking) * self.model.capacity_factor

    def weekly_income(self) -> float:
        """Fee income net of profit taken."""
        p = self.model.p
        households = self.model.households_per_compound[self.compound]
        fees = p.fee_income_per_1000 * households / 1000 * self.fee_collection_rate
        return fees * (1 - p.firm_profit_pressure)

    def update_standing(self) -> None:
        """Fee collection follows residents' satisfaction; reputation is its moving average."""
        satisfaction, pay_rate = self.model.compound_satisfaction_and_payment(self.compound)
        self.fee_collection_rate = self.model.p.fee_collection_base * pay_rate
        self.reputation += 0.1 * (satisfaction - self.reputation)
        contributed, received = self.model.pool_flows(self.actor_id)
        if contributed > 0 and received < 0.5 * contributed:
            self.pool_commitment *= 1 - self.model.p.firm_pool_fade_week
        elif contributed > 0:
            self.pool_commitment = min(1.0, self.pool_commitment + self.model.p.firm_pool_fade_week)


class OwnersCommittee(Organisation):
    """An owners' committee (业委会), in compounds where one formed.

    Legitimacy tracks the participation of its compound's residents; a legitimate committee
    supervises the firm, approves major works and spends the maintenance fund (DESIGN §4).
    """

    kind = COMMITTEE

    def __init__(self, model, actor_id, cell, embedded, compound: int):
        super().__init__(model, actor_id, cell, embedded)
        self.compound = compound
        self.legitimacy = 0.5

    def update_standing(self) -> None:
        reference = self.model.p.legitimacy_reference_participation
        participation = self.model.compound_participation[self.compound]
        self.legitimacy += 0.1 * (min(1.0, participation / reference) - self.legitimacy)


class SocialOrganisation(Organisation):
    """A social organisation (社会组织) with a domain: care, mediation, environment or volunteering.

    Care and mediation organisations resolve service and dispute problems; environment ones share
    environment problems with the firm; volunteering ones turn their capacity into organised
    volunteer effort. All run activities that raise trust and mobilise residents (三社联动, S3 §3.2).
    Productivity rises with the professional share (S2 §1: 23.4% professional social workers).
    """

    kind = ORGANISATION

    def __init__(self, model, actor_id, cell, embedded, domain: str):
        super().__init__(model, actor_id, cell, embedded)
        self.domain = domain

    def weekly_capacity(self) -> float:
        p = self.model.p
        return p.social_org_capacity * (1 + p.social_org_professional_share) * self.model.capacity_factor

    def activity_reach(self) -> float:
        """Households reached by activities this week; embedded organisations are linked into
        the grid system and reach half as many again (assumption, S3 §3.2)."""
        p = self.model.p
        reach = p.social_org_activity_households * (0.5 + p.social_org_professional_share)
        return reach * (1.5 if self.embedded else 1.0) * self.model.capacity_factor
