"""The community itself: space, residents and Party members (DESIGN §3-4).

Each field is one registry entry (see :func:`sim.parameters.declare.parameter`); sources as in
:mod:`sim.parameters`.
"""

from __future__ import annotations

from sim.parameters.declare import ParameterFields, acts, parameter


class CommunityParameters(ParameterFields):
    """The community itself: space, residents and Party members (DESIGN §3-4)."""

    # ----------------------------------------------------------------- space
    width: int = parameter(
        40, ge=5, le=300, group="space", unit="cells",
        zh="网格宽度", en="Grid width",
        meaning="Width of the grid; one cell is one dwelling.",
        source="DESIGN §3",
        acts_on=acts("problems_arisen", values=(5, 40)),
    )
    height: int = parameter(
        40, ge=5, le=300, group="space", unit="cells",
        zh="网格高度", en="Grid height",
        meaning="Height of the grid; one cell is one dwelling.",
        source="DESIGN §3",
        acts_on=acts("problems_arisen", values=(5, 40)),
    )
    occupancy: float = parameter(
        0.95, ge=0.05, le=1, group="space", unit="share",
        zh="入住率", en="Occupancy",
        meaning="Share of dwellings occupied by a household.",
        source="assumption",
        acts_on=acts("problems_arisen"),
    )
    building_size_cells: int = parameter(
        5, ge=1, le=50, group="space", unit="cells",
        zh="楼栋边长", en="Building side",
        meaning="Side of the square block of cells that forms one building (楼栋).",
        source="assumption",
        acts_on=acts("party_reach", "resolution_rate_environment"),
    )
    compound_width_buildings: int = parameter(
        2, ge=1, le=300, group="space", unit="buildings",
        zh="小区宽度（楼栋）", en="Compound width",
        meaning="Width of a compound (小区) in buildings: compounds are blocks of whole buildings, compound_width_buildings x compound_height_buildings (smaller at the grid's edge), each with one property firm and possibly one owners' committee; a larger grid has more compounds.",
        source="DESIGN §3 (a 社区 of several 小区: 8-16 at the default size); assumption (2 x 3 buildings, about 140 households: 12 compounds on the default grid)",
        acts_on=acts("owners_committees", "complaint_concentration", values=(1, 4)),
    )
    compound_height_buildings: int = parameter(
        3, ge=1, le=300, group="space", unit="buildings",
        zh="小区高度（楼栋）", en="Compound height",
        meaning="Height of a compound in buildings (see compound_width_buildings).",
        source="DESIGN §3; assumption (2 x 3 buildings)",
        acts_on=acts("owners_committees", "complaint_concentration", values=(1, 4)),
    )
    zone_size_cells: int = parameter(
        20, ge=2, le=300, group="space", unit="cells",
        zh="网格单元边长", en="Grid-zone side",
        meaning="Side of the square block of cells that forms one grid-management zone (网格), about 400 households at the default.",
        source="S4 §1; S5 §1",
        acts_on=acts("problems_discovered", "unreported_share"),
    )
    compound_condition_sigma: float = parameter(
        1.0, ge=0, le=2, group="space", unit="log-sd",
        zh="小区房屋状况离散度", en="Spread of compound condition",
        meaning="Log-standard deviation of the per-compound multiplier on property problems (older stock breaks more).",
        source="calibrated (complaint concentration, docs/ODD.md §6)",
        acts_on=acts("complaint_concentration"),
    )
    # ----------------------------------------------------------------- population
    share_young: float = parameter(
        0.25, ge=0, le=1, group="population", unit="share",
        zh="青年居民比例", en="Share young",
        meaning="Share of household representatives who are young adults.",
        source="assumption",
        acts_on=acts("participation_rate", values=(0.0, 0.6)),
    )
    share_retired: float = parameter(
        0.35, ge=0, le=1, group="population", unit="share",
        zh="退休居民比例", en="Share retired",
        meaning="Share of household representatives who are retired; the rest are of working age.",
        source="assumption",
        acts_on=acts("participation_rate", values=(0.0, 0.7)),
    )
    share_low_income: float = parameter(
        0.3, ge=0, le=1, group="population", unit="share",
        zh="低收入家庭比例", en="Share low-income",
        meaning="Share of low-income households; they respond more to volunteer incentives and pay fees less reliably.",
        source="S2 §1",
        acts_on=acts("participation_rate", "resolution_rate_repair", set={"volunteer_incentive": 1.0}),
    )
    time_availability_young: float = parameter(
        0.45, ge=0, le=1, group="population", unit="share",
        zh="青年可支配时间", en="Time availability, young",
        meaning="Free time of young residents, relative to the most available.",
        source="S2 §1",
        acts_on=acts("participation_rate_young"),
    )
    time_availability_working: float = parameter(
        0.25, ge=0, le=1, group="population", unit="share",
        zh="在职居民可支配时间", en="Time availability, working-age",
        meaning="Free time of working-age residents, relative to the most available.",
        source="S2 §1",
        acts_on=acts("participation_rate_working"),
    )
    time_availability_retired: float = parameter(
        0.9, ge=0, le=1, group="population", unit="share",
        zh="退休居民可支配时间", en="Time availability, retired",
        meaning="Free time of retired residents, relative to the most available.",
        source="S2 §1",
        acts_on=acts("participation_rate_retired"),
    )
    initial_efficacy_mean: float = parameter(
        0.3, ge=0.01, le=0.99, group="population", unit="0-1",
        zh="初始效能感均值", en="Initial efficacy, mean",
        meaning="Mean of the beta distribution of residents' initial efficacy (belief that reporting or participating gets results).",
        source="S2 §1 (参不参与都一样)",
        acts_on=acts("mean_efficacy", "report_rate", set={"burn_in_weeks": 0}),
    )
    initial_trust_mean: float = parameter(
        0.45, ge=0.01, le=0.99, group="population", unit="0-1",
        zh="初始信任均值", en="Initial trust, mean",
        meaning="Mean of the beta distribution of residents' initial trust in the Party organisation and residents' committee.",
        source="assumption",
        acts_on=acts("mean_trust", set={"burn_in_weeks": 0}),
    )
    initial_satisfaction: float = parameter(
        0.5, ge=0, le=1, group="population", unit="0-1",
        zh="初始满意度", en="Initial satisfaction",
        meaning="Residents' satisfaction with their compound's services when the run (its burn-in included) begins.",
        source="assumption (midpoint)",
        acts_on=acts("satisfaction", set={"burn_in_weeks": 0}, weeks=8),
    )
    initial_belief_concentration: float = parameter(
        8.0, ge=1, le=200, group="population", unit="alpha+beta",
        zh="初始信念集中度", en="Initial belief concentration",
        meaning="Concentration (alpha + beta) of the beta distributions of initial efficacy and trust; higher is less dispersed.",
        source="assumption",
        acts_on=acts("participation_rate", "report_rate", weeks=26, set={"burn_in_weeks": 0}),
    )
    patience_weeks_mean: float = parameter(
        8.0, ge=1, le=104, group="population", unit="weeks",
        zh="平均耐心", en="Mean patience",
        meaning="Mean number of weeks a resident waits for a problem before counting it as neglected (exponentially distributed across residents, at least one week).",
        source="assumption",
        acts_on=acts("mean_efficacy", "hotline_complaints"),
    )
    threshold_mean: float = parameter(
        0.25, ge=0, le=1, group="population", unit="share",
        zh="参与阈值均值", en="Participation threshold, mean",
        meaning="Mean share of participating neighbours a resident needs before joining in.",
        source="Granovetter 1978",
        acts_on=acts("participation_rate"),
    )
    threshold_sd: float = parameter(
        0.15, ge=0, le=1, group="population", unit="share",
        zh="参与阈值标准差", en="Participation threshold, sd",
        meaning="Standard deviation of the participation threshold across residents.",
        source="Granovetter 1978",
        acts_on=acts("participation_rate", set={"participation_rule": "threshold"}),
    )
    # ----------------------------------------------------------------- party
    party_member_share: float = parameter(
        0.07, ge=0, le=0.5, group="party", unit="share",
        zh="党员比例", en="Party member share",
        meaning="Share of household representatives who are Party members.",
        source="CPC statistics 2023 (about 7%)",
        acts_on=acts("party_reach", "mean_trust"),
    )
    party_retired_relative_rate: float = parameter(
        0.8, ge=0.1, le=10, group="party", unit="ratio",
        zh="退休居民党员比率倍数", en="Party membership rate, retired",
        meaning="Membership rate among retired residents relative to working-age ones (young residents use the inverse). At the default age mix (35% retired) 0.8 makes 28% of resident members retired.",
        source="CPC statistics 2023 (28% of members aged 61+, read as retired)",
        acts_on=acts("participation_rate_party"),
    )
    party_activeness: float = parameter(
        0.25, ge=0, le=1, group="party", unit="share",
        zh="党员活跃度", en="Party member activeness",
        meaning="Share of a member's service time spent on substantive work before embedding; low values model suspended Party building (悬浮化).",
        source="S1 §1.3",
        acts_on=acts("party_reach"),
    )
    embedding_activeness_gain: float = parameter(
        0.6, ge=0, le=1, group="party", unit="share",
        zh="嵌入对活跃度的提升", en="Activeness gain from embedding",
        meaning="Share of the gap to full activeness closed by members in buildings covered by a Party group.",
        source="S3 §3.2; S4 §1",
        acts_on=acts("party_reach", "mean_trust", context="embedding"),
    )
    in_service_activeness_factor: float = parameter(
        0.5, ge=0, le=1, group="party", unit="ratio",
        zh="在职党员活跃系数", en="In-service activeness factor",
        meaning="Activeness of an in-service member relative to a resident member (they live elsewhere and work).",
        source="S4 §2",
        acts_on=acts("party_reach"),
    )
    visits_per_member_week: float = parameter(
        4.0, ge=0, le=50, group="party", unit="households/week",
        zh="党员每周走访户数", en="Visits per member per week",
        meaning="Households a fully active member visits in a week in their building.",
        source="S4 §1 (weekly building visits)",
        acts_on=acts("party_reach"),
    )
    visit_trust_gain: float = parameter(
        0.08, ge=0, le=1, group="party", unit="share",
        zh="走访信任增益", en="Trust gain per visit",
        meaning="Share of the gap to full trust closed by a visit.",
        source="S1 §1.3; S4 §1",
        acts_on=acts("mean_trust"),
    )
    party_duty: float = parameter(
        1.0, ge=0, le=3, group="party", unit="ratio",
        zh="党员义务动员强度", en="Party members' duty",
        meaning="Members' duties (organisational life 组织生活, taking on residents' requests 党员接单, serving as vanguard 党员先锋) mobilise a resident member to take part like a Party visit does, with strength this x the member's effective activeness (so suspended Party building and formalism weaken it).",
        source="S4 §1-2 (党员接单, service points); S1 §1.3 (悬浮化); assumption (size: a fully active member as mobilised as a visited resident)",
        acts_on=acts("participation_rate_party"),
    )
    mobilisation_duration_weeks: int = parameter(
        4, ge=1, le=52, group="party", unit="weeks",
        zh="动员持续周数", en="Mobilisation duration",
        meaning="Weeks a visit keeps a resident mobilised.",
        source="assumption",
        acts_on=acts("participation_rate"),
    )
