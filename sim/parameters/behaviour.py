"""Behavioural rules of residents: reporting, participation, learning (DESIGN §5).

Each field is one registry entry (see :func:`sim.parameters.declare.parameter`); sources as in
:mod:`sim.parameters`.
"""

from __future__ import annotations

from typing import Literal

from sim.parameters.declare import ParameterFields, acts, parameter


class BehaviourParameters(ParameterFields):
    """Behavioural rules of residents: reporting, participation, learning (DESIGN §5)."""

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
        meaning="Effect of the volunteer incentive at full strength (x low_income_incentive_factor for low-income households).",
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
        meaning="Weekly probability that a patrol at full intensity passes a given open problem: an unreported one is discovered and referred to its first responder, a neglected one not yet escalated is whistled up to the core (网格吹哨).",
        source="S3 §3.2; S5 §1",
        acts_on=acts("problems_discovered"),
    )
    efficacy_gain_on_response: float = parameter(
        0.48, ge=0, le=1, group="behaviour", unit="share",
        zh="回应带来的效能感增益", en="Efficacy gain on response",
        meaning="Share of the gap to full efficacy closed when the governance system answers (resolves) a problem the resident reported (less for problems found for them or answered late).",
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
    efficacy_weight_found: float = parameter(
        0.5, ge=0, le=1, group="behaviour", unit="ratio",
        zh="代为发现问题的效能感权重", en="Efficacy weight of found problems",
        meaning="An answer to a problem the household did not report itself (found by a patrol, a visit, or through its participation) moves efficacy by this share of a reported problem's answer.",
        source="Sjoberg, Mellon & Peixoto 2017 (reporting and its answer); assumption (size)",
        acts_on=acts("mean_efficacy", values=(0.0, 1.0)),
    )
    efficacy_weight_late: float = parameter(
        0.5, ge=0, le=1, group="behaviour", unit="ratio",
        zh="迟到回应的效能感权重", en="Efficacy weight of late answers",
        meaning="An answer that came after the household's patience ran out moves efficacy (and trust) by this share of a timely answer.",
        source="S2 §1-2; assumption (size)",
        acts_on=acts("mean_efficacy", values=(0.0, 1.0)),
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
        meaning="Probability that a household whose problem has outlasted its patience complains to the hotline (12345): the complaint goes to the core's queue, costs paperwork, and once dispatched puts the problem first with its responder (督办).",
        source="Beijing 接诉即办 (see ODD §7)",
        acts_on=acts("hotline_complaints"),
    )
    p_give_up_week: float = parameter(
        0.1, ge=0, le=1, group="behaviour", unit="probability/week",
        zh="放弃求助概率", en="Giving up",
        meaning="Weekly probability that a household stops waiting for a neglected everyday problem on which no work has started: a household that can pay copes alone with a repair or a care need (a private fix), others give up and live with it; either way it leaves the books unresolved.",
        source="S2 §1 (参不参与都一样); assumption (rate: about ten weeks past patience; docs/ODD.md §3.2)",
        acts_on=acts("problems_withdrawn", "backlog"),
    )
    p_complaint_repeat_week: float = parameter(
        0.1, ge=0, le=1, group="behaviour", unit="probability/week",
        zh="重复投诉概率", en="Repeat complaints",
        meaning="Weekly probability that a household complains to the hotline again about a neglected problem it has already complained about and that is still open (each complaint is a new work order for the core).",
        source="Beijing 接诉即办 (repeat calls); assumption (rate)",
        acts_on=acts("hotline_complaints"),
    )
    trust_decay_week: float = parameter(
        0.02, ge=0, le=1, group="behaviour", unit="rate/week",
        zh="信任周衰减率", en="Weekly trust decay",
        meaning="Rate at which trust decays toward its floor in households no Party member visited in the last trust_visit_memory_weeks (悬浮化, 上热下冷).",
        source="S1 §1.3",
        acts_on=acts("mean_trust"),
    )
    trust_visit_memory_weeks: int = parameter(
        4, ge=1, le=104, group="behaviour", unit="weeks",
        zh="走访记忆周数", en="Memory of a visit",
        meaning="Weeks after a Party member's visit during which a household's trust does not decay (the Party organisation counts as present).",
        source="S1 §1.3; S4 §1 (weekly visits); assumption (length)",
        acts_on=acts("mean_trust", values=(1, 52)),
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
        acts_on=acts("satisfaction", "resolution_rate_repair", "resolution_rate"),
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
    low_income_incentive_factor: float = parameter(
        2.0, ge=0, le=10, group="behaviour", unit="ratio",
        zh="低收入户激励倍数", en="Low-income incentive factor",
        meaning="How much more the volunteer incentive (积分制) counts for a low-income household than for others, in every participation rule.",
        source="S2 §1 (participants mostly retirees and low-income households); assumption (size)",
        acts_on=acts("participation_rate", set={"volunteer_incentive": 1.0}),
    )
    aspiration_incentive_payoff: float = parameter(
        0.5, ge=0, le=5, group="behaviour", unit="payoff",
        zh="期望学习规则：激励收益", en="Aspiration rule: incentive payoff",
        meaning="Aspiration rule: payoff of participating under a full volunteer incentive (x low_income_incentive_factor for low-income households).",
        source="Macy 1991; S1 §2.4; assumption",
        acts_on=acts("participation_rate", set={"participation_rule": "aspiration", "volunteer_incentive": 1.0}),
    )
