"""The parameter registry: every model parameter is declared here, once.

Each field of :class:`Parameters` carries its type, default, bounds, unit, Chinese and English
label, a one-line meaning and its source. The model, the command line, scenario validation, the
dashboard sliders and ``docs/ODD.md`` all read this one declaration (through :func:`registry`).

Sources are labelled as in ``docs/ODD.md``:

* S1 Meng Qinglian, "Building a Party-led co-governance community through authorization and
  empowerment" (以授权赋能打造党领共治型社区治理新格局).
* S2 Guo Feifei & Zhang Chunmei, "Challenges of Party-building-led community governance and
  strategies to resolve them" (党建引领社区治理的挑战及化解策略).
* S3 Huang Jian, "Operating dilemmas and innovation of the urban community governance system:
  a Party-integration perspective" (城市社区治理体制的运行困境与创新之道), 探索 2018(6).
* S4 Zhai Huijie, "Party-building leadership at the core of modernising community governance"
  (以党建引领为核心,推动社区治理体系现代化与效能提升).
* S5 Ji Junhui, "Urban grassroots Party organisations leading resilient community governance"
  (城市基层党组织引领社区韧性治理的路径探索), 2025.

``assumption`` marks a value chosen by the modellers (documented and open to sensitivity
analysis); ``calibrated`` marks one tuned so that the validation facts of ``docs/ODD.md`` hold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Parameter groups, in display order, with Chinese and English titles.
GROUPS: dict[str, tuple[str, str]] = {
    "levers": ("主要政策杠杆", "Main policy levers"),
    "secondary": ("辅助政策杠杆", "Secondary levers"),
    "space": ("空间", "Space"),
    "population": ("居民", "Residents"),
    "party": ("党员", "Party members"),
    "core": ("社区党组织与居委会", "Community core"),
    "actors": ("物业、业委会与社会组织", "Firms, committees and social organisations"),
    "problems": ("社区问题", "Neighbourhood problems"),
    "behaviour": ("行为规则", "Behavioural rules"),
    "shock": ("冲击与韧性", "Shock and resilience"),
    "output": ("输出", "Output"),
}

PARTICIPATION_RULES = ("logistic", "threshold", "aspiration")


@dataclass(frozen=True)
class ActsOn:
    """What a parameter must move, and where: the declaration the liveness test checks.

    ``outcomes`` are columns of :data:`sim.model.outcomes.OUTCOMES`; moving any one of them
    beyond the noise of paired replicates counts. The context is a shipped scenario plus
    ``overrides`` (the liveness test runs it on a small community, see
    :data:`LIVENESS_COMMUNITY`, for ``weeks`` weeks). ``test_values`` replaces the parameter's
    bounds where a bound is degenerate, impossible or needlessly expensive; ``balance`` names a
    parameter that absorbs the change so that shares which must add up to 1 stay composable.
    ``output`` marks a pure output setting that moves no outcome by design.
    """

    outcomes: tuple[str, ...] = ()
    context: str = "baseline"
    overrides: tuple[tuple[str, Any], ...] = ()
    test_values: tuple[Any, Any] | None = None
    balance: str | None = None
    weeks: int = 104
    output: bool = False

    def settings(self) -> dict[str, Any]:
        """The context's overrides (on top of :data:`LIVENESS_COMMUNITY`) as a dictionary."""
        return {**LIVENESS_COMMUNITY, **dict(self.overrides)}

    def describe(self) -> str:
        """One line for tables: ``outcome, outcome @ scenario (key=value, ...)``."""
        if self.output:
            return "output setting"
        where = self.context
        extras = [f"{k}={v}" for k, v in self.overrides]
        if self.test_values is not None:
            extras.append(f"test {self.test_values[0]} vs {self.test_values[1]}")
        if self.balance:
            extras.append(f"balanced by {self.balance}")
        if self.weeks != ActsOn.weeks:
            extras.append(f"{self.weeks} weeks")
        if extras:
            where += " (" + ", ".join(extras) + ")"
        return f"{', '.join(self.outcomes)} @ {where}"

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (for ``cogov params --format json`` and pydantic's schema)."""
        return {
            "outcomes": list(self.outcomes),
            "context": self.context,
            "overrides": dict(self.overrides),
            "test_values": list(self.test_values) if self.test_values is not None else None,
            "balance": self.balance,
            "weeks": self.weeks,
            "output": self.output,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActsOn:
        values = data.get("test_values")
        return cls(
            outcomes=tuple(data.get("outcomes", ())),
            context=data.get("context", "baseline"),
            overrides=tuple(sorted(data.get("overrides", {}).items())),
            test_values=tuple(values) if values is not None else None,
            balance=data.get("balance"),
            weeks=data.get("weeks", 104),
            output=data.get("output", False),
        )


#: The community every liveness check runs on, unless its context overrides it: small and fast.
LIVENESS_COMMUNITY: dict[str, Any] = {"width": 20, "height": 20}


def acts(
    *outcomes: str,
    context: str = "baseline",
    set: dict[str, Any] | None = None,  # noqa: A002 - reads as the CLI's --set
    values: tuple[Any, Any] | None = None,
    balance: str | None = None,
    weeks: int = 104,
) -> ActsOn:
    """Declare that a parameter must move one of ``outcomes`` in ``context`` with overrides ``set``."""
    if not outcomes:
        raise ValueError("acts() needs at least one outcome")
    return ActsOn(
        outcomes=tuple(outcomes),
        context=context,
        overrides=tuple(sorted((set or {}).items())),
        test_values=tuple(values) if values is not None else None,
        balance=balance,
        weeks=weeks,
    )


#: A pure output setting: it changes what is recorded, never what happens.
OUTPUT = ActsOn(context="", output=True)


def parameter(
    default: Any,
    *,
    group: str,
    zh: str,
    en: str,
    meaning: str,
    source: str,
    unit: str = "",
    ge: float | None = None,
    le: float | None = None,
    acts_on: ActsOn | None = None,
    prior: tuple[float, float] | None = None,
    prior_basis: str = "",
) -> Any:
    """Declare one registry entry (a pydantic ``Field`` with the registry's metadata).

    ``prior`` marks an uncertain behavioural parameter that ``cogov calibrate`` estimates: the
    range (inside ``ge``..``le``) over which its uniform prior runs, with ``prior_basis`` saying
    why that range is plausible. The bounds ``ge``/``le`` say what the model accepts; the prior
    says what anyone believes.
    """
    if group not in GROUPS:
        raise ValueError(f"unknown parameter group {group!r}")
    if prior is not None and not (prior_basis and prior[0] < prior[1]
                                  and (ge is None or prior[0] >= ge) and (le is None or prior[1] <= le)):
        raise ValueError(f"prior {prior} must be an increasing pair inside the bounds, with a stated basis")
    return Field(
        default,
        ge=ge,
        le=le,
        description=meaning,
        json_schema_extra={
            "group": group,
            "label_zh": zh,
            "label_en": en,
            "unit": unit,
            "source": source,
            "acts_on": acts_on.as_dict() if acts_on is not None else None,
            "prior": list(prior) if prior is not None else None,
            "prior_basis": prior_basis,
        },
    )


class Parameters(BaseModel):
    """All parameters of :class:`sim.model.CoGovernanceModel`, typed, bounded and documented.

    Unknown keys are refused (``extra="forbid"``) and types are strict: a string is not a number.
    Effort is measured in *effort units* (one unit is roughly one person-day of work on a
    problem); money in *money units* (one unit is roughly the cost of a routine repair).
    Capacities and budgets are given per 1,000 households so that results do not depend on the
    size of the grid.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, validate_default=True)

    # ----------------------------------------------------------------- main levers
    empowerment: float = parameter(
        0.0, ge=0, le=1, group="levers", unit="share",
        zh="授权赋能", en="Empowerment",
        meaning="Delegation to the community: lowers administrative burden, shortens the sub-district approval wait and moves the sub-district's funding duty to the core.",
        source="S1 §2.1, §3.1; S3 §3.3.1",
        acts_on=acts("resolution_rate", "cross_actor_resolution_rate"),
    )
    pooling: float = parameter(
        0.0, ge=0, le=1, group="levers", unit="share",
        zh="资源整合", en="Resource pooling",
        meaning="Share of every actor's weekly income put into the common fund that the core allocates to problems short of money.",
        source="S1 §2.4; S4 §2; S5 §2",
        acts_on=acts("resolution_rate", "cross_actor_resolution_rate"),
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
        meaning="When on, empowerment also moves the sub-district's expected spending on major works into the core's budget; off models delegation without money.",
        source="S1 §3.1; S3 §3.3.1",
        acts_on=acts("cross_actor_resolution_rate", "resolution_rate", context="empowerment"),
    )

    # ----------------------------------------------------------------- secondary levers
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
    compound_columns: int = parameter(
        2, ge=1, le=30, group="space", unit="compounds",
        zh="小区列数", en="Compound columns",
        meaning="Compounds (小区) across the grid; each has one property firm and possibly one owners' committee.",
        source="assumption",
        acts_on=acts("owners_committees", "complaint_concentration", values=(1, 20)),
    )
    compound_rows: int = parameter(
        2, ge=1, le=30, group="space", unit="compounds",
        zh="小区行数", en="Compound rows",
        meaning="Compounds (小区) down the grid.",
        source="assumption",
        acts_on=acts("owners_committees", "complaint_concentration", values=(1, 20)),
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

    # ----------------------------------------------------------------- residents
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
        acts_on=acts("mean_efficacy", "report_rate"),
    )
    initial_trust_mean: float = parameter(
        0.45, ge=0.01, le=0.99, group="population", unit="0-1",
        zh="初始信任均值", en="Initial trust, mean",
        meaning="Mean of the beta distribution of residents' initial trust in the Party organisation and residents' committee.",
        source="assumption",
        acts_on=acts("mean_trust"),
    )
    initial_belief_concentration: float = parameter(
        8.0, ge=1, le=200, group="population", unit="alpha+beta",
        zh="初始信念集中度", en="Initial belief concentration",
        meaning="Concentration (alpha + beta) of the beta distributions of initial efficacy and trust; higher is less dispersed.",
        source="assumption",
        acts_on=acts("participation_rate", "report_rate", weeks=26),
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

    # ----------------------------------------------------------------- Party members
    party_member_share: float = parameter(
        0.07, ge=0, le=0.5, group="party", unit="share",
        zh="党员比例", en="Party member share",
        meaning="Share of household representatives who are Party members.",
        source="CPC statistics 2023 (about 7%)",
        acts_on=acts("party_reach", "mean_trust"),
    )
    party_retired_relative_rate: float = parameter(
        1.5, ge=0.1, le=10, group="party", unit="ratio",
        zh="退休居民党员比率倍数", en="Party membership rate, retired",
        meaning="Membership rate among retired residents relative to working-age ones (young residents use the inverse); members are older than average.",
        source="CPC statistics 2023 (28% of members aged 61+)",
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
    mobilisation_duration_weeks: int = parameter(
        4, ge=1, le=52, group="party", unit="weeks",
        zh="动员持续周数", en="Mobilisation duration",
        meaning="Weeks a visit keeps a resident mobilised.",
        source="assumption",
        acts_on=acts("participation_rate"),
    )

    # ----------------------------------------------------------------- community core
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
        meaning="Core effort to triage and dispatch one reported problem (halved by the digital platform).",
        source="S4 §3",
        acts_on=acts("resolution_rate"),
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
        acts_on=acts("cross_actor_resolution_rate"),
    )

    # ----------------------------------------------------------------- firms, committees, organisations
    firm_capacity_per_1000: float = parameter(
        24.0, ge=0, le=500, group="actors", unit="effort units/week per 1,000 households",
        zh="物业服务能力", en="Firm capacity",
        meaning="Weekly work capacity of a property firm, per 1,000 households of its compound.",
        source="assumption; calibrated",
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
        22.0, ge=0, le=1000, group="actors", unit="money units/week per 1,000 households",
        zh="物业费收入", en="Fee income",
        meaning="Weekly fee income of a firm at full collection, per 1,000 households.",
        source="assumption",
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
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog", context="empowerment", set={"committee_formation_push": 1.0}),
    )
    embedded_supervision: float = parameter(
        0.5, ge=0, le=1, group="actors", unit="share",
        zh="红色物业监督", en="Supervision by embedded branch",
        meaning="Supervision added by a Party branch embedded in a firm (红色物业).",
        source="S4 §1",
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog", context="co_governance"),
    )
    maintenance_fund_per_1000: float = parameter(
        4.0, ge=0, le=1000, group="actors", unit="money units/week per 1,000 households",
        zh="维修资金", en="Maintenance fund",
        meaning="Weekly accrual of the maintenance fund an owners' committee can spend on approved major works.",
        source="DESIGN §4; assumption",
        acts_on=acts("cross_actor_resolution_rate", set={"committee_formation_push": 1.0}),
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
        8.0, ge=0, le=500, group="actors", unit="effort units/week",
        zh="社会组织服务能力", en="Social organisation capacity",
        meaning="Weekly work capacity of one social organisation before its professional bonus.",
        source="S2 §1; assumption",
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
        meaning="Weekly loss of a firm's willingness to pay into the common fund while the fund returns less than half its contribution to the firm's compound.",
        source="S2 §1 (firms join for publicity and do not sustain)",
        acts_on=acts("pool_balance", "cross_actor_resolution_rate", context="pooling"),
    )

    # ----------------------------------------------------------------- coordination
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
        acts_on=acts("cross_actor_resolution_rate", context="co_governance"),
    )
    embedded_commit_bonus: float = parameter(
        0.3, ge=0, le=1, group="actors", unit="probability",
        zh="交叉任职承诺增益", en="Commitment bonus of embedded members",
        meaning="Added weekly commitment probability of an actor with an embedded Party member (brokerage).",
        source="S4 §1 (交叉任职)",
        acts_on=acts("cross_actor_resolution_rate", context="empowerment", set={"embedding": 1.0}),
    )
    consent_without_committee_factor: float = parameter(
        0.5, ge=0, le=1, group="actors", unit="ratio",
        zh="无业委会时业主同意系数", en="Owner consent without committee",
        meaning="Commitment probability of owners without a committee (consent gathered by the core), relative to a legitimate committee.",
        source="assumption",
        acts_on=acts("cross_actor_resolution_rate"),
    )

    # ----------------------------------------------------------------- problems
    problem_rate_per_household_week: float = parameter(
        0.02, ge=0, le=0.5, group="problems", unit="problems/household/week",
        zh="问题发生率", en="Problem rate",
        meaning="Mean number of new problems per household per week, before the compound condition multiplier.",
        source="DESIGN §5; assumption",
        acts_on=acts("problems_arisen", "backlog"),
    )
    share_repair: float = parameter(
        0.35, ge=0, le=1, group="problems", unit="share",
        zh="物业维修占比", en="Share repairs",
        meaning="Share of new problems that are property repairs (物业维修).",
        source="DESIGN §4",
        acts_on=acts("resolution_rate", values=(0.15, 0.55), balance="share_environment"),
    )
    share_environment: float = parameter(
        0.2, ge=0, le=1, group="problems", unit="share",
        zh="环境卫生占比", en="Share environment",
        meaning="Share of new problems that are environment and sanitation problems (环境卫生).",
        source="DESIGN §4",
        acts_on=acts("resolution_rate", values=(0.0, 0.4), balance="share_repair"),
    )
    share_services: float = parameter(
        0.2, ge=0, le=1, group="problems", unit="share",
        zh="养老托育占比", en="Share services",
        meaning="Share of new problems that are services for the old and young (养老托育服务).",
        source="DESIGN §4",
        acts_on=acts("resolution_rate", values=(0.0, 0.4), balance="share_repair"),
    )
    share_disputes: float = parameter(
        0.15, ge=0, le=1, group="problems", unit="share",
        zh="邻里纠纷占比", en="Share disputes",
        meaning="Share of new problems that are neighbour disputes (邻里纠纷).",
        source="DESIGN §4",
        acts_on=acts("resolution_rate", values=(0.0, 0.4), balance="share_repair"),
    )
    share_cross_actor: float = parameter(
        0.1, ge=0, le=1, group="problems", unit="share",
        zh="跨主体事项占比", en="Share cross-actor",
        meaning="Share of new problems that are major cross-actor works (跨主体事项) needing committee, firm, money and approval.",
        source="DESIGN §4; S1 §1.2",
        acts_on=acts("resolution_rate", "backlog", values=(0.0, 0.3), balance="share_repair"),
    )
    repair_effort: float = parameter(
        2.0, ge=0.01, le=100, group="problems", unit="effort units",
        zh="维修工作量", en="Repair effort", meaning="Mean effort to resolve a repair.", source="assumption",
        acts_on=acts("resolution_rate_repair"),
    )
    environment_effort: float = parameter(
        1.0, ge=0.01, le=100, group="problems", unit="effort units",
        zh="环境问题工作量", en="Environment effort", meaning="Mean effort to resolve an environment problem.", source="assumption",
        acts_on=acts("resolution_rate_environment"),
    )
    services_effort: float = parameter(
        2.0, ge=0.01, le=100, group="problems", unit="effort units",
        zh="服务问题工作量", en="Services effort", meaning="Mean effort to resolve a service need.", source="assumption",
        acts_on=acts("resolution_rate_services"),
    )
    disputes_effort: float = parameter(
        1.5, ge=0.01, le=100, group="problems", unit="effort units",
        zh="纠纷调解工作量", en="Dispute effort", meaning="Mean effort to mediate a dispute.", source="assumption",
        acts_on=acts("resolution_rate_disputes"),
    )
    cross_actor_effort: float = parameter(
        10.0, ge=0.01, le=500, group="problems", unit="effort units",
        zh="跨主体事项工作量", en="Cross-actor effort", meaning="Mean effort of a major cross-actor work.", source="assumption",
        acts_on=acts("cross_actor_resolution_rate"),
    )
    repair_cost: float = parameter(
        1.0, ge=0, le=100, group="problems", unit="money units",
        zh="维修费用", en="Repair cost", meaning="Mean money a repair needs.", source="assumption",
        acts_on=acts("resolution_rate_repair"),
    )
    environment_cost: float = parameter(
        0.2, ge=0, le=100, group="problems", unit="money units",
        zh="环境问题费用", en="Environment cost", meaning="Mean money an environment problem needs.", source="assumption",
        acts_on=acts("resolution_rate_environment"),
    )
    services_cost: float = parameter(
        0.5, ge=0, le=100, group="problems", unit="money units",
        zh="服务费用", en="Services cost", meaning="Mean money a service need requires.", source="assumption",
        acts_on=acts("resolution_rate_services"),
    )
    disputes_cost: float = parameter(
        0.0, ge=0, le=100, group="problems", unit="money units",
        zh="纠纷调解费用", en="Dispute cost", meaning="Mean money a dispute needs.", source="assumption",
        acts_on=acts("resolution_rate_disputes"),
    )
    cross_actor_cost: float = parameter(
        12.0, ge=0, le=1000, group="problems", unit="money units",
        zh="跨主体事项费用", en="Cross-actor cost", meaning="Mean money a major cross-actor work needs.", source="assumption",
        acts_on=acts("cross_actor_resolution_rate"),
    )
    problem_size_sigma: float = parameter(
        0.5, ge=0, le=2, group="problems", unit="log-sd",
        zh="问题规模离散度", en="Spread of problem size",
        meaning="Log-standard deviation of each problem's effort and cost around the category mean.",
        source="assumption",
        acts_on=acts("resolution_rate", "backlog"),
    )
    simple_problem_effort_max: float = parameter(
        1.5, ge=0, le=100, group="problems", unit="effort units",
        zh="志愿者可处理的最大工作量", en="Largest volunteer-sized problem",
        meaning="Environment, service and dispute problems up to this effort can be resolved by volunteers of the building.",
        source="S1 §2.4; S5 §2",
        acts_on=acts("resolution_rate"),
    )

    # ----------------------------------------------------------------- behaviour
    participation_rule: Literal["logistic", "threshold", "aspiration"] = parameter(
        "logistic", group="behaviour",
        zh="参与决策规则", en="Participation rule",
        meaning="logistic: utility with efficacy, trust, neighbours, mobilisation, incentive and time cost; threshold: Granovetter's pure threshold; aspiration: Bush-Mosteller reinforcement learning (Macy 1991).",
        source="Granovetter 1978; Macy 1991",
        acts_on=acts("participation_rate", "participation_rate_retired"),
    )
    participation_intercept: float = parameter(
        -2.87, ge=-20, le=20, group="behaviour", unit="logit",
        zh="参与基准倾向", en="Participation intercept",
        meaning="Intercept of the logistic participation utility.",
        source="default: posterior median of `cogov calibrate` (ODD §6.3)",
        acts_on=acts("participation_rate"),
        prior=(-4.5, -1.0),
        prior_basis='weekly participation of 1% to 27% with every other term of the utility at zero; wider than the survey band of 2-20% (ODD §6.4) so the band does not cut the posterior',
    )
    weight_efficacy: float = parameter(
        1.83, ge=-20, le=20, group="behaviour", unit="logit",
        zh="效能感权重", en="Weight of efficacy", meaning="Effect of efficacy on participation utility.", source="S2 §1; default: posterior median of `cogov calibrate` (ODD §6.3)",
        acts_on=acts("participation_rate"),
        prior=(0.0, 4.0),
        prior_basis="from no effect to an odds ratio of about 55 between lowest and highest efficacy; S2's 参不参与都一样 says efficacy matters, not how much",
    )
    weight_trust: float = parameter(
        1.5, ge=-20, le=20, group="behaviour", unit="logit",
        zh="信任权重", en="Weight of trust", meaning="Effect of trust on participation utility.", source="S1 §1.3",
        acts_on=acts("participation_rate"),
    )
    weight_neighbours: float = parameter(
        3.0, ge=-20, le=20, group="behaviour", unit="logit",
        zh="邻里带动权重", en="Weight of neighbours",
        meaning="Effect of the participating share of neighbours above the resident's threshold.",
        source="Granovetter 1978",
        acts_on=acts("participation_rate"),
    )
    weight_mobilisation: float = parameter(
        1.5, ge=-20, le=20, group="behaviour", unit="logit",
        zh="党员动员权重", en="Weight of mobilisation",
        meaning="Effect of a recent visit by a Party member or an organisation's activity.",
        source="S4 §1",
        acts_on=acts("participation_rate"),
    )
    weight_incentive: float = parameter(
        1.5, ge=-20, le=20, group="behaviour", unit="logit",
        zh="积分激励权重", en="Weight of incentive",
        meaning="Effect of the volunteer incentive at full strength (doubled for low-income households).",
        source="S1 §2.4",
        acts_on=acts("participation_rate", set={"volunteer_incentive": 1.0}),
    )
    weight_time_cost: float = parameter(
        3.99, ge=-20, le=20, group="behaviour", unit="logit",
        zh="时间成本权重", en="Weight of time cost",
        meaning="Penalty of having no free time; multiplies one minus time availability.",
        source="S2 §1; default: posterior median of `cogov calibrate` (ODD §6.3)",
        acts_on=acts("participation_rate"),
        prior=(1.0, 7.0),
        prior_basis="odds ratio of 3 to 1,100 between residents with and without free time; S2 finds participation concentrated among retirees, whose time is freest, but does not measure the size of the effect",
    )
    aspiration_learning_rate: float = parameter(
        0.2, ge=0, le=1, group="behaviour", unit="rate",
        zh="期望学习率", en="Aspiration learning rate",
        meaning="Bush-Mosteller learning rate of the aspiration rule.",
        source="Macy 1991",
        acts_on=acts("participation_rate", set={"participation_rule": "aspiration"}),
    )
    aspiration_habituation: float = parameter(
        0.1, ge=0, le=1, group="behaviour", unit="rate",
        zh="期望适应率", en="Aspiration habituation",
        meaning="Rate at which aspirations move toward recent payoffs (aspiration rule).",
        source="Macy 1991",
        acts_on=acts("committee_legitimacy", "participation_rate", set={"participation_rule": "aspiration", "committee_formation_push": 1.0}),
    )
    volunteer_effort_per_participant: float = parameter(
        0.3, ge=0, le=10, group="behaviour", unit="effort units/week",
        zh="参与者志愿工作量", en="Volunteer effort per participant",
        meaning="Weekly volunteer effort a fully available participant gives to their building.",
        source="S1 §2.4; S5 §2",
        acts_on=acts("resolution_rate", "median_weeks_to_resolution"),
    )
    report_intercept: float = parameter(
        -5.0, ge=-20, le=20, group="behaviour", unit="logit",
        zh="上报基准倾向", en="Reporting intercept",
        meaning="Intercept of the weekly probability that a resident reports an open problem.",
        source="default: posterior median of `cogov calibrate` (ODD §6.3)",
        acts_on=acts("report_rate"),
        prior=(-8.0, -2.0),
        prior_basis='weekly report probability of 0.03-12% at zero efficacy and trust',
    )
    report_weight_efficacy: float = parameter(
        8.26, ge=-20, le=20, group="behaviour", unit="logit",
        zh="上报的效能感权重", en="Reporting weight of efficacy",
        meaning="Effect of efficacy on reporting.",
        source="Sjoberg, Mellon & Peixoto 2017; default: posterior median of `cogov calibrate` (ODD §6.3)",
        acts_on=acts("report_rate"),
        prior=(2.0, 12.0),
        prior_basis='at the default intercept, a fully efficacious resident reports a problem within the week with probability from 5% to near certainty; Sjoberg, Mellon & Peixoto 2017 find past responsiveness a strong, not a sure, predictor of reporting again',
    )
    report_weight_trust: float = parameter(
        1.0, ge=-20, le=20, group="behaviour", unit="logit",
        zh="上报的信任权重", en="Reporting weight of trust",
        meaning="Effect of trust on reporting.",
        source="assumption",
        acts_on=acts("report_rate"),
    )
    digital_report_gain: float = parameter(
        0.8, ge=0, le=20, group="behaviour", unit="logit",
        zh="智慧平台上报增益", en="Reporting gain of the platform",
        meaning="Added reporting propensity with the digital platform (lower reporting cost).",
        source="S4 §3",
        acts_on=acts("report_rate", set={"digital_platform": True}),
    )
    p_patrol_discovery: float = parameter(
        0.3, ge=0, le=1, group="behaviour", unit="probability/week",
        zh="巡查发现概率", en="Patrol discovery",
        meaning="Weekly probability that a patrol at full intensity discovers an unreported problem.",
        source="S3 §3.2; S5 §1",
        acts_on=acts("problems_discovered"),
    )
    efficacy_gain_on_response: float = parameter(
        0.48, ge=0, le=1, group="behaviour", unit="share",
        zh="回应带来的效能感增益", en="Efficacy gain on response",
        meaning="Share of the gap to full efficacy closed when a resident's reported problem is resolved.",
        source="Sjoberg, Mellon & Peixoto 2017; default: posterior median of `cogov calibrate` (ODD §6.3)",
        acts_on=acts("mean_efficacy"),
        prior=(0.05, 0.9),
        prior_basis='a resolved report closes from 5% to 90% of the gap to full efficacy; the learning rate is not measured in the sources',
    )
    trust_gain_on_response: float = parameter(
        0.1, ge=0, le=1, group="behaviour", unit="share",
        zh="回应带来的信任增益", en="Trust gain on response",
        meaning="Share of the gap to full trust closed when a resident's problem is resolved.",
        source="S2 §2",
        acts_on=acts("mean_trust"),
    )
    efficacy_loss_on_neglect: float = parameter(
        0.635, ge=0, le=1, group="behaviour", unit="share",
        zh="久拖不决的效能感损失", en="Efficacy loss on neglect",
        meaning="Share of efficacy lost when a resident's problem outlasts their patience.",
        source="S2 §1 (参不参与都一样); default: posterior median of `cogov calibrate` (ODD §6.3)",
        acts_on=acts("mean_efficacy"),
        prior=(0.05, 0.9),
        prior_basis="a neglected problem removes from 5% to 90% of efficacy (S2's 参不参与都一样 gives the direction, not the size)",
    )
    trust_loss_on_neglect: float = parameter(
        0.15, ge=0, le=1, group="behaviour", unit="share",
        zh="久拖不决的信任损失", en="Trust loss on neglect",
        meaning="Share of trust lost when a resident's problem outlasts their patience.",
        source="S2 §1",
        acts_on=acts("mean_trust"),
    )
    responsiveness_spillover: float = parameter(
        0.2, ge=0, le=10, group="behaviour", unit="share",
        zh="邻里可见回应外溢", en="Visible responsiveness spillover",
        meaning="Share of the gap to full efficacy that residents close per resolved problem per household of their building (responsiveness seen by neighbours).",
        source="S2 §2",
        acts_on=acts("mean_efficacy"),
    )
    p_hotline_escalation: float = parameter(
        0.3, ge=0, le=1, group="behaviour", unit="probability",
        zh="热线投诉概率", en="Hotline escalation",
        meaning="Probability that a neglected problem is escalated to a hotline complaint, which gives it priority and costs the core paperwork.",
        source="Beijing 接诉即办 (see ODD §7)",
        acts_on=acts("hotline_complaints"),
    )
    p_give_up_week: float = parameter(
        0.05, ge=0, le=1, group="behaviour", unit="probability/week",
        zh="放弃求助概率", en="Giving up",
        meaning="Weekly probability that a household gives up on a neglected problem on which no work has started (major works excepted) and copes on its own; it leaves the backlog unresolved.",
        source="S2 §1 (参不参与都一样); assumption",
        acts_on=acts("problems_withdrawn", "backlog"),
    )
    trust_decay_week: float = parameter(
        0.02, ge=0, le=1, group="behaviour", unit="rate/week",
        zh="信任周衰减率", en="Weekly trust decay",
        meaning="Rate at which trust decays toward its floor in households not visited in the last four weeks (悬浮化, 上热下冷).",
        source="S1 §1.3",
        acts_on=acts("mean_trust"),
    )
    trust_floor: float = parameter(
        0.15, ge=0, le=1, group="behaviour", unit="0-1",
        zh="信任下限", en="Trust floor",
        meaning="Level toward which trust decays without visible presence.",
        source="assumption",
        acts_on=acts("mean_trust"),
    )
    satisfaction_weight: float = parameter(
        0.3, ge=0, le=1, group="behaviour", unit="share",
        zh="满意度更新权重", en="Satisfaction update weight",
        meaning="Share of the gap closed toward 1 on a resolution and toward 0 on neglect.",
        source="assumption",
        acts_on=acts("satisfaction", "resolution_rate_repair", "resolution_rate", context="empowerment"),
    )

    # ----------------------------------------------------------------- shock
    shock_week: int = parameter(
        0, ge=0, le=1040, group="shock", unit="week",
        zh="冲击发生周", en="Shock week",
        meaning="Week of a shock (flood, epidemic, fire) in the compound in worst condition; 0 means no shock.",
        source="S5 §1",
        acts_on=acts("backlog", "problems_arisen", context="resilience_shock", weeks=78, values=(0, 26)),
    )
    shock_duration_weeks: int = parameter(
        8, ge=1, le=104, group="shock", unit="weeks",
        zh="冲击持续周数", en="Shock duration",
        meaning="Weeks during which actors' capacity is cut by the shock.",
        source="S5 §1",
        acts_on=acts("backlog", "resolution_rate", context="resilience_shock", weeks=78),
    )
    shock_problems_per_household: float = parameter(
        0.3, ge=0, le=5, group="shock", unit="problems/household",
        zh="冲击新增问题", en="Problems per household in a shock",
        meaning="Burst of problems per household in the hit compound in the shock week.",
        source="S5 §1",
        acts_on=acts("backlog", "problems_arisen", context="resilience_shock", weeks=78),
    )
    shock_capacity_loss: float = parameter(
        0.4, ge=0, le=0.95, group="shock", unit="share",
        zh="冲击能力损失", en="Capacity loss in a shock",
        meaning="Share of every actor's capacity lost while the shock lasts.",
        source="S5 §1",
        acts_on=acts("backlog", "resolution_rate", context="resilience_shock", weeks=78),
    )
    recovery_counts_given_up: bool = parameter(
        False, group="shock",
        zh="恢复计入放弃的问题", en="Recovery counts given-up problems",
        meaning="When on, problems residents gave up count as unmet need in the recovery measure, so a backlog that shrinks only because residents gave up does not count as recovery.",
        source="assumption",
        acts_on=acts("recovery_weeks", context="resilience_shock_co_governance", weeks=156),
    )
    recovery_tolerance: float = parameter(
        0.2, ge=0, le=1, group="shock", unit="share",
        zh="恢复判定容差", en="Recovery tolerance",
        meaning="The community counts as recovered when unmet need's excess over its pre-shock level has fallen to this share of its peak.",
        source="assumption (time to recover most of the loss)",
        acts_on=acts("recovery_weeks", context="resilience_shock_co_governance"),
    )

    # ----------------------------------------------------------------- mechanisms (constants made parameters)
    meeting_staff_effort: float = parameter(
        2.0, ge=0, le=100, group="core", unit="effort units per meeting",
        zh="联席会议人力成本", en="Joint meeting staff cost",
        meaning="Core staff time a joint meeting takes in the week it is held (preparation, convening, minutes); a meeting is held only when the core has this much capacity left.",
        source="S1 §2.3; assumption (size)",
        acts_on=acts("resolution_rate", "cross_actor_resolution_rate", context="co_governance"),
    )
    embedded_reach_gain: float = parameter(
        0.5, ge=0, le=5, group="actors", unit="share",
        zh="嵌入组织活动覆盖增益", en="Embedded organisation reach gain",
        meaning="Extra share of households an organisation's activities reach when its embedded Party member is active (x the member's effective activeness); linkage into the grid system.",
        source="S3 §3.2 (三社联动); assumption (size)",
        acts_on=acts("mean_trust", "participation_rate", context="embedding"),
    )
    p_environment_to_organisation: float = parameter(
        0.5, ge=0, le=1, group="core", unit="probability",
        zh="环境问题派给社会组织的概率", en="Environment problems sent to organisations",
        meaning="Chance that the core dispatches an environment problem to an environment organisation (where one exists) rather than to the property firm.",
        source="S3 §3.2 (三社联动); assumption",
        acts_on=acts("resolution_rate_environment", "problems_resolved_by_organisation"),
    )
    digital_dispatch_saving: float = parameter(
        0.5, ge=0, le=1, group="secondary", unit="share",
        zh="智慧平台派单省力", en="Digital dispatch saving",
        meaning="Share of the core's dispatch effort per problem that a digital platform saves.",
        source="S4 §3; assumption (size)",
        acts_on=acts("resolution_rate", "mean_weeks_to_resolution", set={"digital_platform": True}),
    )
    fee_payment_floor: float = parameter(
        0.4, ge=0, le=1, group="actors", unit="share",
        zh="最低缴费意愿", en="Fee payment floor",
        meaning="Share of fees a fully dissatisfied household still pays; willingness rises linearly to 1 with satisfaction.",
        source="DESIGN §4 (fee collection falls with dissatisfaction); assumption",
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog", context="empowerment"),
    )
    low_income_payment_factor: float = parameter(
        0.8, ge=0, le=1, group="actors", unit="share",
        zh="低收入户缴费系数", en="Low-income payment factor",
        meaning="Multiplier on the willingness of low-income households to pay property fees.",
        source="S2 §1; assumption",
        acts_on=acts("resolution_rate_repair", "resolution_rate", "backlog", context="empowerment"),
    )
    legitimacy_adjustment_week: float = parameter(
        0.1, ge=0, le=1, group="actors", unit="share per week",
        zh="业委会合法性调整速度", en="Committee legitimacy adjustment",
        meaning="Share of the gap between an owners' committee's legitimacy and its compound's participation (relative to the reference) closed each week.",
        source="assumption",
        acts_on=acts("committee_legitimacy", "resolution_rate_repair", context="empowerment", set={"committee_formation_push": 1.0}),
    )
    threshold_rule_scale: float = parameter(
        2.0, ge=0, le=20, group="behaviour", unit="multiplier",
        zh="阈值规则：阈值倍数", en="Threshold rule: threshold scale",
        meaning="Threshold rule: a resident's Granovetter threshold is their drawn threshold x this scale (the share of participating neighbours needed before time cost and efficacy).",
        source="Granovetter 1978; calibrated (weekly participation 2-20%, ODD §6)",
        acts_on=acts("participation_rate", set={"participation_rule": "threshold"}),
    )
    threshold_mobilisation_weight: float = parameter(
        0.125, ge=0, le=1, group="behaviour", unit="share",
        zh="阈值规则：动员权重", en="Threshold rule: mobilisation weight",
        meaning="Threshold rule: a recent Party visit or activity counts as this share of participating neighbours (1/8: one more of eight Moore neighbours).",
        source="Granovetter 1978; S4 §1; assumption",
        acts_on=acts("participation_rate", set={"participation_rule": "threshold"}),
    )
    threshold_time_cost: float = parameter(
        4.0, ge=0, le=5, group="behaviour", unit="share",
        zh="阈值规则：时间成本", en="Threshold rule: time cost",
        meaning="Threshold rule: a resident's threshold is multiplied by 1 + this x (1 - time availability), so busy residents need more participating neighbours.",
        source="S2 §1; calibrated (age gradient of participation, ODD §6)",
        acts_on=acts("participation_rate", set={"participation_rule": "threshold"}),
    )
    threshold_efficacy_weight: float = parameter(
        0.3, ge=0, le=2, group="behaviour", unit="share",
        zh="阈值规则：效能感权重", en="Threshold rule: efficacy weight",
        meaning="Threshold rule: efficacy lowers the threshold by this x efficacy (residents who believe participation works need fewer others to start).",
        source="S2 §1 (参不参与都一样); assumption",
        acts_on=acts("participation_rate", set={"participation_rule": "threshold"}),
    )
    aspiration_mobilisation_payoff: float = parameter(
        0.5, ge=0, le=5, group="behaviour", unit="payoff",
        zh="期望学习规则：动员收益", en="Aspiration rule: mobilisation payoff",
        meaning="Aspiration rule: payoff of participating for a resident mobilised by a recent Party visit or activity.",
        source="Macy 1991; S4 §1; assumption",
        acts_on=acts("participation_rate", set={"participation_rule": "aspiration"}),
    )
    aspiration_time_cost: float = parameter(
        1.0, ge=0, le=5, group="behaviour", unit="payoff",
        zh="期望学习规则：时间成本", en="Aspiration rule: time cost",
        meaning="Aspiration rule: cost of participating, x (1 - time availability).",
        source="S2 §1; assumption",
        acts_on=acts("participation_rate", set={"participation_rule": "aspiration"}),
    )

    # ----------------------------------------------------------------- output
    agent_data_interval_steps: int = parameter(
        0, ge=0, le=1040, group="output", unit="weeks",
        zh="个体数据采样间隔", en="Agent data interval",
        meaning="Record residents' state every this many weeks (0: never), kept apart from model-level data.",
        source="—",
        acts_on=OUTPUT,
    )

    # ----------------------------------------------------------------- cross-field checks
    @model_validator(mode="before")
    @classmethod
    def _numpy_scalars_to_python(cls, data: Any) -> Any:
        """Accept numpy scalars (from sweeps and samplers) as the matching Python values."""
        if isinstance(data, dict):
            return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _check_consistency(self) -> Parameters:
        if self.share_young + self.share_retired > 1 + 1e-9:
            raise ValueError(
                f"share_young + share_retired must be at most 1 (the rest are of working age); "
                f"got {self.share_young} + {self.share_retired}"
            )
        total = sum(getattr(self, f"share_{c}") for c in CATEGORY_KEYS)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            names = " + ".join(f"share_{c}" for c in CATEGORY_KEYS)
            raise ValueError(
                f"{names} must add up to 1; they add up to {total:.6g}. To change one share, change the others by the "
                "opposite amount, or let them be rescaled in proportion: sweeps, sensitivity analyses and the EMA "
                "adapter do this by themselves when only some of these shares vary (the manifest records it), and "
                "in Python sim.parameters.rescale_composition(values, fixed=[...]) does it"
            )
        return self

    @model_validator(mode="after")
    def _check_geometry(self) -> Parameters:
        """The grid and the compounds it is cut into, checked together rather than one value at a time.

        Compounds split the grid's columns and rows; more compound columns than grid columns (or
        rows) leaves compounds without a single dwelling, which would still get a firm and perhaps an
        owners' committee. Buildings and grid zones are cut from the grid in whole blocks (one larger
        than the grid is the whole grid), so none of them is ever empty.
        """
        problems = [
            f"compound_{axis}s = {count} but the grid is only {cells} cells {extent}: {count - cells} compound "
            f"{axis}(s) would hold no dwelling; use compound_{axis}s <= {'width' if axis == 'column' else 'height'}"
            for axis, count, cells, extent in (
                ("column", self.compound_columns, self.width, "wide"),
                ("row", self.compound_rows, self.height, "high"),
            )
            if count > cells
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # ----------------------------------------------------------------- derived values
    @property
    def share_working(self) -> float:
        """Share of working-age household representatives (the remainder)."""
        return 1.0 - self.share_young - self.share_retired

    @property
    def category_shares(self) -> np.ndarray:
        return np.array([getattr(self, f"share_{c}") for c in CATEGORY_KEYS])

    @property
    def category_effort(self) -> np.ndarray:
        return np.array([getattr(self, f"{c}_effort") for c in CATEGORY_KEYS])

    @property
    def category_cost(self) -> np.ndarray:
        return np.array([getattr(self, f"{c}_cost") for c in CATEGORY_KEYS])


#: Problem categories in their fixed order (index = category code).
CATEGORY_KEYS = ("repair", "environment", "services", "disputes", "cross_actor")
CATEGORY_LABELS = {
    "repair": ("物业维修", "Property repairs"),
    "environment": ("环境卫生", "Environment and sanitation"),
    "services": ("养老托育服务", "Services for the old and young"),
    "disputes": ("邻里纠纷", "Neighbour disputes"),
    "cross_actor": ("跨主体事项", "Major cross-actor works"),
}


@dataclass(frozen=True)
class ParameterSpec:
    """One registry entry as plain data, for the CLI, the dashboard and the docs."""

    name: str
    kind: str  # "float", "int", "bool" or "choice"
    default: Any
    minimum: float | None
    maximum: float | None
    choices: tuple[str, ...]
    unit: str
    label_zh: str
    label_en: str
    meaning: str
    source: str
    group: str
    acts_on: ActsOn | None = None  # None: not declared yet (the liveness test's fast check fails)
    prior: tuple[float, float] | None = None  # uniform prior range of a calibrated parameter
    prior_basis: str = ""

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        unit = f" {self.unit}" if self.unit and self.unit not in {"share", "0-1"} else ""
        kind = "a whole number" if self.kind == "int" else "a number"
        return f"{kind} from {_fmt(self.minimum)} to {_fmt(self.maximum)}{unit}"

    def coerce(self, value: Any) -> Any:
        """Convert a value of the right kind that arrived as another Python type (a float 3.0 for an int)."""
        if self.kind == "int" and isinstance(value, float) and value.is_integer():
            return int(value)
        if self.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value


def _fmt(value: float | None) -> str:
    if value is None:
        return "unbounded"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _spec_for(name: str) -> ParameterSpec:
    field = Parameters.model_fields[name]
    extra = field.json_schema_extra or {}
    minimum = maximum = None
    for meta in field.metadata:
        minimum = getattr(meta, "ge", minimum)
        maximum = getattr(meta, "le", maximum)
    annotation = field.annotation
    choices: tuple[str, ...] = ()
    if annotation is bool:
        kind = "bool"
    elif annotation is int:
        kind = "int"
    elif annotation is float:
        kind = "float"
    else:
        kind, choices = "choice", tuple(get_args(annotation))
    return ParameterSpec(
        name=name,
        kind=kind,
        default=field.default,
        minimum=minimum,
        maximum=maximum,
        choices=choices,
        unit=extra.get("unit", ""),
        label_zh=extra["label_zh"],
        label_en=extra["label_en"],
        meaning=field.description or "",
        source=extra["source"],
        group=extra["group"],
        acts_on=ActsOn.from_dict(extra["acts_on"]) if extra.get("acts_on") is not None else None,
        prior=tuple(extra["prior"]) if extra.get("prior") is not None else None,
        prior_basis=extra.get("prior_basis", ""),
    )


#: The registry as plain data, in declaration order.
REGISTRY: dict[str, ParameterSpec] = {name: _spec_for(name) for name in Parameters.model_fields}


def registry() -> list[ParameterSpec]:
    """All parameters, in declaration order (grouped as in :data:`GROUPS`)."""
    order = list(GROUPS)
    return sorted(REGISTRY.values(), key=lambda spec: order.index(spec.group))


def defaults() -> dict[str, Any]:
    """Default value of every parameter."""
    return {name: spec.default for name, spec in REGISTRY.items()}


#: Parameters that are shares of one whole (a composition): they must add up to 1.
COMPOSITIONS: dict[str, tuple[str, ...]] = {"problem_mix": tuple(f"share_{c}" for c in CATEGORY_KEYS)}


def rescale_composition(values: dict[str, Any], fixed: Any) -> dict[str, Any]:
    """Values in which the shares of each composition not in ``fixed`` are rescaled to fill what ``fixed`` leaves.

    The free shares keep their proportions to one another (taken from ``values``, else the
    defaults); when they are all zero they split the remainder equally. A composition none of
    whose members is in ``fixed``, or all of whose members are, is left alone. Raises
    ``ValueError`` when the fixed shares alone exceed 1.
    """
    fixed = set(fixed)
    result = dict(values)
    for name, members in COMPOSITIONS.items():
        held = [m for m in members if m in fixed]
        free = [m for m in members if m not in fixed]
        if not held or not free:
            continue
        value = {m: float(result.get(m, REGISTRY[m].default)) for m in members}
        held_total = sum(value[m] for m in held)
        if held_total > 1 + 1e-9:
            raise ValueError(f"{' + '.join(held)} = {held_total:.6g} leaves nothing for the other shares of {name}; keep them at most 1 together")
        remainder = max(0.0, 1.0 - held_total)
        free_total = sum(value[m] for m in free)
        for m in free:
            result[m] = remainder * value[m] / free_total if free_total > 0 else remainder / len(free)
    return result
