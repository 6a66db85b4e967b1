"""Policy levers (DESIGN §6): the main three and the secondary ones.

Each field is one registry entry (see :func:`sim.parameters.declare.parameter`); sources as in
:mod:`sim.parameters`.
"""

from __future__ import annotations

from sim.parameters.declare import SHORT_OF_MONEY, ParameterFields, acts, parameter


class LeverParameters(ParameterFields):
    """Policy levers (DESIGN §6): the main three and the secondary ones."""

    # ----------------------------------------------------------------- levers
    empowerment: float = parameter(
        0.0, ge=0, le=1, group="levers", unit="share",
        zh="授权赋能", en="Empowerment",
        meaning="Delegation to the community: lowers administrative burden, shortens the sub-district approval wait for major works and lets the core approve them itself; with funding following tasks, the sub-district's share of what it delegates comes with the task.",
        source="S1 §2.1, §3.1; S3 §3.3.1",
        acts_on=acts("resolution_rate", "cross_actor_resolution_rate"),
    )
    pooling: float = parameter(
        0.0, ge=0, le=1, group="levers", unit="share",
        zh="资源整合", en="Resource pooling",
        meaning="Share of every actor's weekly income put into the common fund that the core allocates to problems short of money.",
        source="S1 §2.4; S4 §2; S5 §2",
        acts_on=acts("cross_actor_resolution_rate", "resolution_rate", set=SHORT_OF_MONEY),
    )
    embedding: float = parameter(
        0.0, ge=0, le=1, group="levers", unit="share",
        zh="组织嵌入", en="Organisational embedding",
        meaning="Share of firms, owners' committees, social organisations and buildings with an embedded Party member or Party group; raises members' activeness.",
        source="S1 §2.2; S3 §3.2; S4 §1",
        acts_on=acts("mean_trust", "party_reach", "cross_actor_resolution_rate"),
    )
    funding_follows_tasks: bool = parameter(
        True, group="levers",
        zh="费随事转", en="Funding follows tasks",
        meaning="When on, each major work the core approves under delegated authority brings funding_transfer_share of the sub-district subsidy it would have paid into the core's budget; off models delegation without money.",
        source="S1 §3.1; S3 §3.3.1",
        acts_on=acts("cross_actor_resolution_rate", "resolution_rate", context="empowerment", set=SHORT_OF_MONEY),
    )
    funding_transfer_share: float = parameter(
        1.0, ge=0, le=1, group="levers", unit="share",
        zh="随事转移经费比例", en="Funding transfer share",
        meaning="Share of the sub-district's subsidy for a delegated major work (subdistrict_funding_share x empowerment of its cost) that is transferred to the core when funding follows tasks; 1 is a full transfer.",
        source="S3 §3.3.1; assumption (size)",
        acts_on=acts("cross_actor_resolution_rate", context="empowerment", set=SHORT_OF_MONEY),
    )
    # ----------------------------------------------------------------- secondary
    administrative_burden: float = parameter(
        0.5, ge=0, le=0.95, group="secondary", unit="share",
        zh="行政负担", en="Administrative burden",
        meaning="Share of the core's staff capacity consumed by tasks pushed down from above, before empowerment.",
        source="S1 §1.1; S3 §2.1",
        acts_on=acts("resolution_rate"),
    )
    formalism: float = parameter(
        0.3, ge=0, le=0.95, group="secondary", unit="share",
        zh="形式主义", en="Formalism",
        meaning="Share of the core's capacity and of Party members' time lost to paperwork and box-ticking.",
        source="S2 §1",
        acts_on=acts("resolution_rate", "party_reach"),
    )
    meeting_interval_steps: int = parameter(
        0, ge=0, le=52, group="secondary", unit="weeks",
        zh="联席会议间隔", en="Joint meeting interval",
        meaning="Weeks between joint meetings of core, firms, owners' committees and social organisations; 0 means no regular meetings.",
        source="S1 §2.3; S4 §1",
        acts_on=acts("cross_actor_resolution_rate", context="co_governance", values=(0, 4)),
    )
    volunteer_incentive: float = parameter(
        0.0, ge=0, le=1, group="secondary", unit="share",
        zh="志愿积分激励", en="Volunteer incentive",
        meaning="Strength of the volunteer points scheme; raises the propensity to participate, more for low-income households.",
        source="S1 §2.4; S2 §2",
        acts_on=acts("participation_rate"),
    )
    patrol_intensity: float = parameter(
        0.2, ge=0, le=1, group="secondary", unit="share",
        zh="网格巡查强度", en="Grid patrol intensity",
        meaning="Intensity of grid workers' patrols; discovers unreported problems at a cost in core capacity.",
        source="S3 §3.2; S4 §1; S5 §1",
        acts_on=acts("resolution_rate", "backlog", "problems_discovered", "unreported_share"),
    )
    digital_platform: bool = parameter(
        False, group="secondary",
        zh="智慧平台", en="Digital platform",
        meaning="A reporting and dispatch platform: raises reporting and halves the core's dispatch effort per problem.",
        source="S4 §3",
        acts_on=acts("report_rate"),
    )
    in_service_members: int = parameter(
        40, ge=0, le=5000, group="secondary", unit="members",
        zh="在职党员双报到人数", en="In-service Party members",
        meaning="Party members living elsewhere who register with the community and serve one building each.",
        source="S4 §2",
        acts_on=acts("party_reach", "mean_trust"),
    )
    committee_formation_push: float = parameter(
        0.0, ge=0, le=1, group="secondary", unit="share",
        zh="业委会组建推动", en="Owners' committee formation push",
        meaning="Administrative push to form owners' committees; moves the formation probability from its unaided to its pushed value.",
        source="Beijing property regulation 2020 (see ODD §7)",
        acts_on=acts("owners_committees", "cross_actor_resolution_rate"),
    )
    reform_start_week: int = parameter(
        0, ge=0, le=1040, group="secondary", unit="week",
        zh="改革启动周", en="Reform start week",
        meaning="Week from which the reform levers (empowerment, pooling, embedding, joint meetings, volunteer incentive, digital platform) take the scenario's values; before it the community runs under the status-quo defaults. 0: from the start.",
        source="Beijing 接诉即办 reform path (docs/ODD.md §6); assumption",
        acts_on=acts("resolution_rate", "mean_trust", "participation_rate", context="co_governance"),
    )
    digital_dispatch_saving: float = parameter(
        0.5, ge=0, le=1, group="secondary", unit="share",
        zh="智慧平台派单省力", en="Digital dispatch saving",
        meaning="Share of the core's dispatch effort per problem that a digital platform saves.",
        source="S4 §3; assumption (size)",
        acts_on=acts("resolution_rate", "mean_weeks_to_resolution", set={"digital_platform": True}),
    )
