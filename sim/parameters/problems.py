"""Neighbourhood problems: arrivals, sizes and costs (DESIGN §4-5).

Each field is one registry entry (see :func:`sim.parameters.declare.parameter`); sources as in
:mod:`sim.parameters`.
"""

from __future__ import annotations

from sim.parameters.declare import ParameterFields, acts, parameter


class ProblemParameters(ParameterFields):
    """Neighbourhood problems: arrivals, sizes and costs (DESIGN §4-5)."""

    # ----------------------------------------------------------------- problems
    problem_rate_per_household_week: float = parameter(
        0.02, ge=0, le=0.5, group="problems", unit="problems/household/week",
        zh="日常问题发生率", en="Everyday problem rate",
        meaning="Mean number of new everyday problems (repairs, environment, services, disputes) per household per week, about one a year; repairs are scaled by the compound's condition. Major works arise separately (major_works_per_1000_households_year).",
        source="DESIGN §5; assumption",
        acts_on=acts("problems_arisen", "backlog"),
    )
    share_repair: float = parameter(
        0.39, ge=0, le=1, group="problems", unit="share",
        zh="物业维修占比", en="Share repairs",
        meaning="Share of everyday problems that are property repairs (物业维修).",
        source="DESIGN §4 (shares rescaled to the everyday categories)",
        acts_on=acts("resolution_rate", values=(0.15, 0.55), balance="share_environment"),
    )
    share_environment: float = parameter(
        0.22, ge=0, le=1, group="problems", unit="share",
        zh="环境卫生占比", en="Share environment",
        meaning="Share of everyday problems that are environment and sanitation problems (环境卫生).",
        source="DESIGN §4 (shares rescaled to the everyday categories)",
        acts_on=acts("resolution_rate", values=(0.0, 0.4), balance="share_repair"),
    )
    share_services: float = parameter(
        0.22, ge=0, le=1, group="problems", unit="share",
        zh="养老托育占比", en="Share services",
        meaning="Share of everyday problems that are services for the old and young (养老托育服务).",
        source="DESIGN §4 (shares rescaled to the everyday categories)",
        acts_on=acts("resolution_rate", values=(0.0, 0.4), balance="share_repair"),
    )
    share_disputes: float = parameter(
        0.17, ge=0, le=1, group="problems", unit="share",
        zh="邻里纠纷占比", en="Share disputes",
        meaning="Share of everyday problems that are neighbour disputes (邻里纠纷).",
        source="DESIGN §4 (shares rescaled to the everyday categories)",
        acts_on=acts("resolution_rate", values=(0.0, 0.4), balance="share_repair"),
    )
    major_works_per_1000_households_year: float = parameter(
        16.0, ge=0, le=500, group="problems", unit="works/year per 1,000 households",
        zh="跨主体大事发生率", en="Major works rate",
        meaning="Major cross-actor works (跨主体事项: roofs, outer walls, pipes, lifts, renovation) arising a year per 1,000 households, scaled by compound condition: about two a year in a compound of 130 households.",
        source="DESIGN §4 (a few per compound per year); assumption (size)",
        acts_on=acts("cross_actor_resolution_rate", "backlog", values=(4.0, 48.0)),
    )
    p_major_work_shelved_week: float = parameter(
        0.01, ge=0, le=1, group="problems", unit="probability/week",
        zh="大事搁置概率", en="Shelving of major works",
        meaning="Weekly chance that the owners shelve (withdraw) a major work on which no work has started; it leaves the books unresolved (after about two years on average).",
        source="S1 §1.2 (碎片化: works stall and lapse); assumption (rate)",
        acts_on=acts("cross_actor_resolution_rate", "problems_shelved"),
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
        acts_on=acts("resolution_rate", "backlog", "governance_resolution_rate"),
    )
    simple_problem_effort_max: float = parameter(
        1.5, ge=0, le=100, group="problems", unit="effort units",
        zh="志愿者可处理的最大工作量", en="Largest volunteer-sized problem",
        meaning="Environment, service and dispute problems up to this effort can be resolved by volunteers of the building.",
        source="S1 §2.4; S5 §2",
        acts_on=acts("resolution_rate"),
    )
