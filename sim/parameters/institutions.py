"""The community core, property firms, owners' committees and social organisations (DESIGN §4-5).

Each field is one registry entry (see :func:`sim.parameters.declare.parameter`); sources as in
:mod:`sim.parameters`.
"""

from __future__ import annotations

from sim.parameters.declare import SHORT_OF_MONEY, ParameterFields, acts, parameter


class InstitutionParameters(ParameterFields):
    """The community core, property firms, owners' committees and social organisations (DESIGN §4-5)."""

    # ----------------------------------------------------------------- core
    core_staff_per_1000: float = parameter(
        14.0, ge=0, le=500, group="core", unit="effort units/week per 1,000 households",
        zh="社区工作力量", en="Core staff capacity",
        meaning="Weekly work capacity of the residents' committee, Party organisation and grid workers.",
        source="S1 §2.4 (staff guarantee); calibrated",
        acts_on=acts("resolution_rate"),
    )
    grid_worker_households: float = parameter(
        400.0, ge=10, le=10000, group="core", unit="households",
        zh="网格员服务户数", en="Households per grid worker",
        meaning="Households one grid worker's patrols cover fully; zones with more households are patrolled proportionally more thinly.",
        source="commonly cited 300-500 household norm (no primary source found)",
        acts_on=acts("problems_discovered", "unreported_share"),
    )
    empowerment_burden_relief: float = parameter(
        0.7, ge=0, le=1, group="core", unit="share",
        zh="授权减负比例", en="Burden relief from empowerment",
        meaning="Share of the administrative burden removed at full empowerment.",
        source="S1 §3.1",
        acts_on=acts("core_effective_capacity", "resolution_rate", context="empowerment"),
    )
    core_budget_per_1000: float = parameter(
        3.0, ge=0, le=1000, group="core", unit="money units/week per 1,000 households",
        zh="社区经费", en="Core budget",
        meaning="Weekly budget of the core for problems it funds.",
        source="S1 §2.4; S2 §1",
        acts_on=acts("cross_actor_resolution_rate", "resolution_rate"),
    )
    dispatch_effort_per_problem: float = parameter(
        0.3, ge=0, le=10, group="core", unit="effort units",
        zh="派单工作量", en="Dispatch effort per problem",
        meaning="Core effort to take one work order from its own queue (an escalation, a major work, a problem no one else takes) and dispatch it (less digital_dispatch_saving of it with the digital platform).",
        source="S4 §3",
        acts_on=acts("resolution_rate", "cross_actor_resolution_rate", "core_queue"),
    )
    patrol_effort_per_1000: float = parameter(
        3.0, ge=0, le=100, group="core", unit="effort units/week per 1,000 households",
        zh="巡查工作量", en="Patrol effort",
        meaning="Core effort spent on patrols at full patrol intensity.",
        source="S3 §3.2; S5 §1",
        acts_on=acts("resolution_rate"),
    )
    hotline_handling_effort: float = parameter(
        0.5, ge=0, le=10, group="core", unit="effort units",
        zh="热线工单处理工作量", en="Hotline handling effort",
        meaning="Core effort spent on the paperwork of each hotline complaint.",
        source="S2 §1 (痕迹化)",
        acts_on=acts("resolution_rate"),
    )
    approval_wait_weeks: int = parameter(
        12, ge=0, le=104, group="core", unit="weeks",
        zh="街道审批等待", en="Sub-district approval wait",
        meaning="Weeks a major cross-actor work waits for sub-district approval without empowerment.",
        source="S1 §1.1; S4 §1 (吹哨报到)",
        acts_on=acts("cross_actor_resolution_rate"),
    )
    subdistrict_funding_share: float = parameter(
        0.5, ge=0, le=1, group="core", unit="share",
        zh="街道出资比例", en="Sub-district funding share",
        meaning="Share of a major work's cost the sub-district pays on approval, before empowerment moves that duty to the core.",
        source="S3 §3.3.1",
        acts_on=acts("cross_actor_resolution_rate", set=SHORT_OF_MONEY),
    )
    meeting_staff_effort: float = parameter(
        2.0, ge=0, le=100, group="core", unit="effort units per meeting",
        zh="联席会议人力成本", en="Joint meeting staff cost",
        meaning="Core staff time a joint meeting takes in the week it is held (preparation, convening, minutes); a meeting is held only when the core has this much capacity left.",
        source="S1 §2.3; assumption (size)",
        acts_on=acts("resolution_rate", "cross_actor_resolution_rate", context="co_governance"),
    )
    p_environment_to_organisation: float = parameter(
        0.5, ge=0, le=1, group="core", unit="probability",
        zh="环境问题派给社会组织的概率", en="Environment problems sent to organisations",
        meaning="Channel of environment problems: the chance (from the problem's own routing draw) that an environment organisation (where one exists) is its first responder rather than the compound's property firm.",
        source="S3 §3.2 (三社联动); assumption",
        acts_on=acts("resolution_rate_environment", "problems_resolved_by_organisation"),
    )
    # ----------------------------------------------------------------- actors
    firm_capacity_per_1000: float = parameter(
        25.0, ge=0, le=500, group="actors", unit="effort units/week per 1,000 households",
        zh="物业服务能力", en="Firm capacity",
        meaning="Weekly work capacity of a property firm's staff, per 1,000 households of its compound, when every household pays its fees in full; the firm staffs in proportion to the fees it collects.",
        source="calibrated with social_org_capacity to the governance targets (one third of reports answered in time, Chen, Pan & Xu 2016; +57% reporting again, Sjoberg, Mellon & Peixoto 2017) by scripts/calibrate_responder_capacity.py, keeping the old 50 : 8 split of the two, which the targets do not identify (calibration/responder_capacity.csv, docs/ODD.md §6.0)",
        acts_on=acts("resolution_rate_repair"),
    )
    contractor_effort_per_week: float = parameter(
        2.5, ge=0.01, le=100, group="actors", unit="effort units/week",
        zh="工程施工进度", en="Contractor pace",
        meaning="Weekly effort contractors put into one funded, fully coordinated major work (a mean work takes about four weeks).",
        source="assumption",
        acts_on=acts("cross_actor_resolution_rate"),
    )
    fee_income_per_1000: float = parameter(
        30.0, ge=0, le=1000, group="actors", unit="money units/week per 1,000 households",
        zh="物业费收入", en="Fee income",
        meaning="Weekly fee income of a firm at full collection, per 1,000 households, beyond what pays its staff: the money for repair materials and profit.",
        source="assumption (size: at the status quo's collection and profit it covers the materials of an average compound's repairs with a small margin; docs/ODD.md §3.2)",
        acts_on=acts("resolution_rate_repair"),
    )
    firm_profit_pressure: float = parameter(
        0.35, ge=0, le=1, group="actors", unit="share",
        zh="物业逐利压力", en="Firm profit pressure",
        meaning="Share of effort a firm withholds without supervision, and share of fee income it keeps as profit.",
        source="S2 §1; assumption",
        acts_on=acts("resolution_rate_repair"),
    )
    fee_collection_base: float = parameter(
        0.9, ge=0, le=1, group="actors", unit="share",
        zh="基础收费率", en="Base fee collection",
        meaning="Fee collection rate of satisfied middle-income households; falls with dissatisfaction.",
        source="assumption",
        acts_on=acts("resolution_rate_repair"),
    )
    committee_formation_unaided: float = parameter(
        0.2, ge=0, le=1, group="actors", unit="probability",
        zh="业委会自发组建概率", en="Unaided committee formation",
        meaning="Probability that a compound has an owners' committee without a formation push.",
        source="Beijing housing commission 2021 (15–30% in big cities)",
        acts_on=acts("owners_committees"),
    )
    committee_formation_pushed: float = parameter(
        0.9, ge=0, le=1, group="actors", unit="probability",
        zh="推动下业委会组建概率", en="Pushed committee formation",
        meaning="Probability that a compound has an owners' committee under a full formation push.",
        source="Beijing housing commission 2021 (11.9% to 90.1%)",
        acts_on=acts("owners_committees", set={"committee_formation_push": 1.0}),
    )
    committee_supervision: float = parameter(
        0.6, ge=0, le=1, group="actors", unit="share",
        zh="业委会监督强度", en="Committee supervision",
        meaning="Supervision of its firm by a fully legitimate owners' committee (cuts shirking).",
        source="S1 §2.3; S4 §1",
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog", set={"committee_formation_push": 1.0}),
    )
    embedded_supervision: float = parameter(
        0.5, ge=0, le=1, group="actors", unit="share",
        zh="红色物业监督", en="Supervision by embedded branch",
        meaning="Supervision added by a Party branch embedded in a firm (红色物业).",
        source="S4 §1",
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog", context="embedding"),
    )
    maintenance_fund_per_1000: float = parameter(
        4.0, ge=0, le=1000, group="actors", unit="money units/week per 1,000 households",
        zh="维修资金", en="Maintenance fund",
        meaning="Weekly accrual of the maintenance fund an owners' committee can spend on approved major works.",
        source="DESIGN §4; assumption",
        acts_on=acts("cross_actor_resolution_rate", "money_spent_per_resolved", set={"committee_formation_push": 1.0, **SHORT_OF_MONEY}, weeks=208),
    )
    legitimacy_reference_participation: float = parameter(
        0.15, ge=0.01, le=1, group="actors", unit="share",
        zh="业委会合法性参照参与率", en="Legitimacy reference participation",
        meaning="Compound participation rate at which an owners' committee's legitimacy saturates.",
        source="assumption",
        acts_on=acts("cross_actor_resolution_rate", "resolution_rate_repair", set={"committee_formation_push": 1.0}),
    )
    social_organisations: int = parameter(
        4, ge=0, le=200, group="actors", unit="organisations",
        zh="社会组织数量", en="Social organisations",
        meaning="Number of social organisations; domains cycle through elderly and child care, mediation, environment, volunteering.",
        source="S2 §1; S3 §2.2 (policy target at least 10)",
        acts_on=acts("resolution_rate_services", "mean_trust"),
    )
    social_org_capacity: float = parameter(
        4.0, ge=0, le=500, group="actors", unit="effort units/week",
        zh="社会组织服务能力", en="Social organisation capacity",
        meaning="Weekly work capacity of one social organisation before its professional bonus.",
        source="S2 §1; calibrated with firm_capacity_per_1000 to the governance targets (scripts/calibrate_responder_capacity.py, docs/ODD.md §6.0)",
        acts_on=acts("resolution_rate_services"),
    )
    social_org_professional_share: float = parameter(
        0.234, ge=0, le=1, group="actors", unit="share",
        zh="专业社工比例", en="Professional share",
        meaning="Share of professional social workers; each point of share raises productivity (up to double at 1).",
        source="S2 §1 (23.4%)",
        acts_on=acts("resolution_rate_services", "mean_trust"),
    )
    social_org_funding: float = parameter(
        3.0, ge=0, le=1000, group="actors", unit="money units/week",
        zh="政府购买服务经费", en="Social organisation funding",
        meaning="Weekly government purchase of services per social organisation.",
        source="S3 §2.2",
        acts_on=acts("resolution_rate_services"),
    )
    social_org_activity_households: float = parameter(
        15.0, ge=0, le=1000, group="actors", unit="households/week",
        zh="社会组织活动覆盖户数", en="Activity reach",
        meaning="Households reached each week by one organisation's activities at full professional share (三社联动).",
        source="S3 §3.2",
        acts_on=acts("mean_trust", "participation_rate"),
    )
    social_org_base_reach: float = parameter(
        0.5, ge=0, le=2, group="actors", unit="share",
        zh="社会组织基础活动覆盖", en="Base activity reach",
        meaning="Reach of an organisation with no professional staff, as a share of social_org_activity_households (reach = activity households x (this + professional share)).",
        source="S2 §1 (thin professional staff); assumption (size)",
        acts_on=acts("mean_trust", "participation_rate"),
    )
    social_org_activity_radius_cells: int = parameter(
        10, ge=1, le=600, group="actors", unit="cells",
        zh="社会组织活动半径", en="Activity radius",
        meaning="Households within this many cells (in each direction) of an organisation's place are those its activities reach.",
        source="S3 §3.2 (三社联动 in the neighbourhood); assumption (size)",
        acts_on=acts("mean_trust", values=(2, 40)),
    )
    social_org_activity_trust_gain: float = parameter(
        0.05, ge=0, le=1, group="actors", unit="share",
        zh="活动信任增益", en="Trust gain per activity",
        meaning="Share of the gap to full trust closed by taking part in an activity; the resident is also mobilised.",
        source="S3 §3.2",
        acts_on=acts("mean_trust"),
    )
    firm_pool_fade_week: float = parameter(
        0.05, ge=0, le=1, group="actors", unit="rate/week",
        zh="物业出资意愿衰减", en="Fading of firms' pool commitment",
        meaning="Weekly loss of a firm's willingness to pay into the common fund while the fund returns to the firm less than firm_pool_return_threshold of what it put in.",
        source="S2 §1 (firms join for publicity and do not sustain)",
        acts_on=acts("pool_balance", "cross_actor_resolution_rate", context="pooling"),
    )
    p_commit_independent: float = parameter(
        0.04, ge=0, le=1, group="actors", unit="probability/week",
        zh="各自承诺概率", en="Independent commitment",
        meaning="Weekly probability that an actor commits to a cross-actor work on its own (fragmentation, 碎片化).",
        source="S1 §1.2",
        acts_on=acts("cross_actor_resolution_rate"),
    )
    p_commit_meeting: float = parameter(
        0.6, ge=0, le=1, group="actors", unit="probability",
        zh="联席会议承诺概率", en="Commitment at a joint meeting",
        meaning="Probability that an actor commits at a joint meeting.",
        source="S1 §2.3",
        acts_on=acts("cross_actor_resolution_rate", "problems_shelved", context="co_governance"),
    )
    embedded_commit_bonus: float = parameter(
        0.3, ge=0, le=1, group="actors", unit="probability",
        zh="交叉任职承诺增益", en="Commitment bonus of embedded members",
        meaning="Added weekly commitment probability of an actor with an embedded Party member (brokerage).",
        source="S4 §1 (交叉任职)",
        acts_on=acts("cross_actor_resolution_rate", "problems_resolved_by_contractors", context="empowerment", set={"embedding": 1.0, "width": 40, "height": 40}),
    )
    consent_without_committee_factor: float = parameter(
        0.5, ge=0, le=1, group="actors", unit="ratio",
        zh="无业委会时业主同意系数", en="Owner consent without committee",
        meaning="Commitment probability of owners without a committee (consent gathered by the core), relative to a legitimate committee.",
        source="assumption",
        acts_on=acts("cross_actor_resolution_rate"),
    )
    embedded_reach_gain: float = parameter(
        0.5, ge=0, le=5, group="actors", unit="share",
        zh="嵌入组织活动覆盖增益", en="Embedded organisation reach gain",
        meaning="Extra share of households an organisation's activities reach when its embedded Party member is active (x the member's effective activeness); linkage into the grid system.",
        source="S3 §3.2 (三社联动); assumption (size)",
        acts_on=acts("mean_trust", "participation_rate", context="embedding"),
    )
    fee_payment_floor: float = parameter(
        0.4, ge=0, le=1, group="actors", unit="share",
        zh="最低缴费意愿", en="Fee payment floor",
        meaning="Share of fees a fully dissatisfied household still pays; willingness rises linearly to 1 with satisfaction.",
        source="DESIGN §4 (fee collection falls with dissatisfaction); assumption",
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog"),
    )
    low_income_payment_factor: float = parameter(
        0.8, ge=0, le=1, group="actors", unit="share",
        zh="低收入户缴费系数", en="Low-income payment factor",
        meaning="Multiplier on the willingness of low-income households to pay property fees.",
        source="S2 §1; assumption",
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog"),
    )
    legitimacy_adjustment_week: float = parameter(
        0.1, ge=0, le=1, group="actors", unit="share per week",
        zh="业委会合法性调整速度", en="Committee legitimacy adjustment",
        meaning="Share of the gap between an owners' committee's legitimacy and its compound's participation (relative to the reference) closed each week.",
        source="assumption",
        acts_on=acts("committee_legitimacy", "resolution_rate_repair", context="empowerment", set={"committee_formation_push": 1.0}),
    )
    firm_staffing_adjustment_week: float = parameter(
        0.08, ge=0, le=1, group="actors", unit="share per week",
        zh="物业人员调整速度", en="Firm staffing adjustment",
        meaning="Share of the gap between a firm's staff and what its collected fees pay for that it closes each week (about a quarter to adjust).",
        source="DESIGN §4 (fees pay the firm); assumption (speed)",
        acts_on=acts("resolution_rate_repair", set={"fee_payment_floor": 0.0}, values=(0.0, 0.5)),
    )
    owner_contribution_share: float = parameter(
        0.2, ge=0, le=1, group="actors", unit="share",
        zh="业主自筹比例", en="Owners' contribution",
        meaning="Share of a major work's cost its compound's owners pay themselves (业主自筹) once they have consented, on top of what the maintenance fund, the sub-district, the core and the pool pay.",
        source="S1 §2.4; S5 §2 (integrating owners' resources); assumption (size)",
        acts_on=acts("cross_actor_resolution_rate", "money_spent_per_resolved", set=SHORT_OF_MONEY),
    )
    budget_cap_weeks: float = parameter(
        12.0, ge=1, le=1040, group="actors", unit="weeks of income",
        zh="经费结余上限", en="Budget cap",
        meaning="An actor's unspent money beyond this many weeks of its income lapses (budgets are annual and returned when unspent).",
        source="assumption (a quarter of a year)",
        acts_on=acts("cross_actor_resolution_rate", "satisfaction", set=SHORT_OF_MONEY, values=(1.0, 104.0)),
    )
    initial_budget_weeks: float = parameter(
        4.0, ge=0, le=104, group="actors", unit="weeks of income",
        zh="初始经费", en="Initial budget",
        meaning="Money every actor holds when the run (its burn-in included) begins, in weeks of its income.",
        source="assumption",
        acts_on=acts("resolution_rate", "resolution_rate_repair", set={"burn_in_weeks": 0, **SHORT_OF_MONEY}, weeks=26, values=(0.0, 52.0)),
    )
    initial_legitimacy: float = parameter(
        0.5, ge=0, le=1, group="actors", unit="0-1",
        zh="业委会初始合法性", en="Initial committee legitimacy",
        meaning="Legitimacy of every owners' committee when the run (its burn-in included) begins.",
        source="assumption (midpoint)",
        acts_on=acts("committee_legitimacy", set={"burn_in_weeks": 0, "committee_formation_push": 1.0}, weeks=8),
    )
    pool_flow_retention_week: float = parameter(
        0.9, ge=0, le=1, group="actors", unit="share per week",
        zh="出资记忆保留率", en="Memory of pool flows",
        meaning="Share of last week's remembered contributions to and returns from the common fund that a firm still remembers this week (about ten weeks' memory).",
        source="S2 §1; assumption (length of memory)",
        acts_on=acts("pool_balance", context="pooling", set=SHORT_OF_MONEY, values=(0.0, 0.99)),
    )
    firm_pool_return_threshold: float = parameter(
        0.5, ge=0, le=5, group="actors", unit="ratio",
        zh="物业出资回报门槛", en="Firms' return threshold",
        meaning="A firm's commitment to the common fund fades while what the fund returns to it is below this share of what it contributed (S2: firms join for publicity and do not sustain).",
        source="S2 §1; assumption (size)",
        acts_on=acts("pool_balance", context="pooling", values=(0.0, 2.0)),
    )
    p_dispute_to_organisation: float = parameter(
        0.5, ge=0, le=1, group="core", unit="probability",
        zh="纠纷由调解组织受理的概率", en="Disputes taken by mediation organisations",
        meaning="Channel of neighbour disputes: the chance (from the problem's own routing draw) that a mediation organisation (where one exists) mediates rather than the residents' committee and its grid workers (人民调解).",
        source="S4 §2 (social organisations in mediation); S3 §3.2; assumption (size)",
        acts_on=acts("problems_resolved_by_core", "problems_resolved_by_organisation"),
    )
