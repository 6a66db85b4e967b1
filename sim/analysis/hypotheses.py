"""The hypotheses H1–H9 of DESIGN §8, declared once: statement, arms, measures, design, direction, source.

This table is the single definition read by ``cogov hypotheses`` (:mod:`sim.analysis.hypothesis_tests`),
notebook ``02_policy_hypotheses`` and docs/ODD.md §6.5. Nothing here runs the model.

* An :class:`Arm` is one configuration of the community: a shipped scenario plus overrides.
  Every arm of every hypothesis runs on the same replicate seeds (common random numbers), so
  replicate ``r`` of two arms differs only where the arms differ.
* A :class:`Measure` turns the runs into one number per replicate and a verdict. Designs:

  - ``contrast``: a weighted sum of (arm, outcome) terms per replicate. A paired difference is
    ``(+1 treatment, -1 reference)``; H3's 2 x 2 interaction is ``(+1 both, -1 pooling, -1
    embedding, +1 neither)``; H8's within-run group comparison uses two outcomes of one arm.
  - ``lag``: weeks from a reform switched on in a running community (``reform_start_week``)
    until the participation effect reaches half of its fitted asymptote, minus the same for
    responsiveness (H4; :mod:`sim.analysis.response_fit`). The lag's arms run on their own
    follow-up of ``LAG_FOLLOW_UP_WEEKS`` after the reform, whatever the run length, since a
    half-time read in a window the path has not levelled off in is set by the window;
    interval by bootstrap over replicates.
  - ``recovery_time``: restricted mean time to recovery from a Kaplan–Meier curve, runs that
    never recover counted as censored (H7), against the same seeds without the shock; unmet need
    and the recovery threshold follow the registry (``recovery_counts_given_up``,
    ``recovery_tolerance``), as in the model's own ``recovery_weeks``.
  - ``peak_excess`` and ``burst_resolved``: the shock's peak excess unmet need and the share of
    its burst of problems resolved, both against the same seeds without the shock (H7).

  - ``share``: a mediation share, the mean of one contrast (``terms``) over the mean of another
    (``denominator``), e.g. the part of empowerment's effect that is lost when its burden relief
    is blocked, over its whole effect; percentile bootstrap over replicates. Always context: a
    decomposition of decided contrasts, not a claim of its own.
  - ``formula``: a weighted sum of (arm, formula) terms, each formula a function of the arm's
    parameters only (:data:`FORMULAS`); always a *context* row.

* ``expected`` is the direction the hypothesis predicts (+1 up, -1 down) and ``rope`` the
  half-width of the region of practical equivalence (the smallest effect that matters) with its
  one-line reason, declared once per kind of measure below (``RATE_ROPE`` ...). The verdict (:func:`sim.analysis.verdict_rule.verdict_of`) is
  *supports* when the 95% interval lies entirely beyond ``+rope`` on the predicted side,
  *contradicts* when it lies entirely beyond the ROPE on the other side, *practically nil* when it
  lies entirely inside ``(-rope, +rope)``, and *cannot tell* otherwise.
* Mediation (DESIGN §8 names a mechanism for H1, H2, H5, H6, H9): extra arms switch one channel
  of a lever off, or reproduce it with another lever, each through registry parameters
  (:attr:`Arm.derive`), on the same seeds. A contrast of a resolution rate also carries the same
  contrast of resolution by the governance system alone and of the self-help share
  (:data:`COMPANIONS`), so a gain made by volunteers is not read as governance.
* A measure with a ``context`` reason is shown but never decided: a quantity the parameters fix
  by formula or by construction (the capacity an empowerment frees, Party reach under
  formalism) is not evidence. A measure whose paired values are identical in every replicate is
  reported as *context (deterministic)* whatever its declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Stand-in for ``reform_start_week`` in an arm's overrides: replaced by :func:`reform_week`.
REFORM_WEEK = "<reform week>"
LATE_WEEKS_SHARE = 0.25  # "late" windows average the last quarter of a run (26 of 104 weeks)
BURST_FOLLOW_WEEKS = 26  # share of the shock's burst resolved this many weeks after the shock

# Smallest effects that matter (ROPE half-widths), one per kind of measure, each with its reason.
RATE_ROPE = (0.02, "two percentage points of the problems that arise: a smaller change is not worth a policy")
WORKS_ROPE = (0.05, "five percentage points of major works: there are about two a year per compound, so less is "
                    "a fraction of one work per compound in the run")
PARTICIPATION_ROPE = (0.005, "half a percentage point of residents taking part in a week (the status quo's rate "
                             "is of the order of 0.1)")
GAP_ROPE = (0.01, "one percentage point of weekly participation between two groups of residents")
TRUST_ROPE = (0.02, "two hundredths of the 0-1 trust scale")
QUEUE_ROPE = (2.0, "two orders waiting for the core's dispatch")
LAG_ROPE = (4.0, "a month: shorter lags are within half the 8-week smoothing of the paths")
RECOVERY_ROPE = (4.0, "a month of recovery")
PEAK_ROPE = (10.0, "ten open problems, about one per compound of the default community")
BURST_ROPE = (0.05, "five percentage points of the shock's burst of problems")
FORMULA = "formula of the parameters, the same in every replicate: not evidence"


#: H4's lag is read on its own follow-up, whatever the run length: the reform starts LAG_LEAD_WEEKS into a run
#: of LAG_LEAD_WEEKS + LAG_FOLLOW_UP_WEEKS weeks, long enough for participation to level off at the defaults.
LAG_LEAD_WEEKS = 26
LAG_FOLLOW_UP_WEEKS = 520


def reform_week(steps: int) -> int:
    """Week at which H4's reform starts: a third into the run (week 34 of 104), leaving two thirds to follow it."""
    return max(1, steps // 3)


@dataclass(frozen=True)
class Arm:
    """One configuration: a shipped scenario with overrides (``REFORM_WEEK`` is filled in per run length).

    ``levers_of`` names further scenarios whose parameters (where they differ from the registry
    defaults) are laid over the first one, as a scenario file with several ``extends`` would.
    """

    scenario: str
    overrides: tuple[tuple[str, Any], ...] = ()
    levers_of: tuple[str, ...] = ()
    derive: str = ""  # a function of :data:`DERIVED`: further registry values computed from this arm's and other arms' parameters

    def resolved_overrides(self, steps: int, reform_at: int | None = None) -> dict[str, Any]:
        week = reform_week(steps) if reform_at is None else reform_at
        return {name: week if value == REFORM_WEEK else value for name, value in self.overrides}


def _matched_burden(p: dict[str, Any], target: dict[str, Any]) -> float:
    """The administrative burden that gives arm ``p`` the core capacity per staff of ``target``:
    (1 - burden x (1 - empowerment x relief)) x (1 - formalism) equal in both (the core's capacity, agents.py)."""
    def free(q):  # share of staff capacity left after burden and formalism
        return (1 - q["administrative_burden"] * (1 - q["empowerment"] * q["empowerment_burden_relief"])) * (1 - q["formalism"])

    wanted = free(target) / (1 - p["formalism"])  # share left after the burden alone
    relief = 1 - p["empowerment"] * p["empowerment_burden_relief"]
    return min(0.95, max(0.0, (1 - wanted) / relief))


def burden_of_empowerment(p, arm_of):
    """H1: the status quo with the burden empowerment leaves, and no empowerment (no approval or funding change)."""
    empowered = arm_of("empowerment")
    return {"administrative_burden": empowered["administrative_burden"]
            * (1 - empowered["empowerment"] * empowered["empowerment_burden_relief"])}


def capacity_of_heavy_formalism(p, arm_of):
    """H5's capacity channel: the status quo's formalism for members, the core capacity of heavy formalism (a higher burden)."""
    return {"administrative_burden": _matched_burden(p, arm_of("formalism_heavy"))}


def capacity_of_baseline(p, arm_of):
    """H5's members' channel: heavy formalism for members, the status quo's core capacity (a lower burden)."""
    return {"administrative_burden": _matched_burden(p, arm_of("baseline"))}


def subsidy_of_unfunded_empowerment(p, arm_of):
    """H6: the status quo with the sub-district's share of each work cut to what unfunded empowerment leaves (no lever)."""
    unfunded = arm_of("empowerment_without_funding")
    return {"subdistrict_funding_share": unfunded["subdistrict_funding_share"] * (1 - unfunded["empowerment"])}


#: Functions for :attr:`Arm.derive`: (the arm's parameters, parameters of another arm by name) -> overrides.
DERIVED = {f.__name__: f for f in (burden_of_empowerment, capacity_of_heavy_formalism, capacity_of_baseline,
                                   subsidy_of_unfunded_empowerment)}

#: Parameters through which embedding's posts act (firm supervision, brokerage of works, organisations' reach).
POST_EFFECTS = (("embedded_supervision", 0.0), ("embedded_commit_bonus", 0.0), ("embedded_reach_gain", 0.0))

ARMS: dict[str, Arm] = {
    "baseline": Arm("baseline"),
    "empowerment": Arm("empowerment"),
    "empowerment_relief_blocked": Arm("empowerment", (("empowerment_burden_relief", 0.0),)),
    "burden_cut": Arm("baseline", derive="burden_of_empowerment"),
    "embedding": Arm("embedding"),
    "embedding_posts_inert": Arm("embedding", POST_EFFECTS),
    "formalism_capacity_only": Arm("baseline", derive="capacity_of_heavy_formalism"),
    "formalism_members_only": Arm("formalism_heavy", derive="capacity_of_baseline"),
    "funding_cut": Arm("baseline", derive="subsidy_of_unfunded_empowerment"),
    "pooling": Arm("pooling"),
    "pooling_embedding": Arm("pooling", levers_of=("embedding",)),
    "empowerment_without_funding": Arm("empowerment_without_funding"),
    "formalism_heavy": Arm("formalism_heavy"),
    "strong_social_organisations": Arm("strong_social_organisations"),
    "reform_responsive": Arm("empowerment", (("reform_start_week", REFORM_WEEK),)),
    "shock_status_quo": Arm("resilience_shock"),
    "no_shock_status_quo": Arm("resilience_shock", (("shock_week", 0),)),
    "shock_co_governance": Arm("resilience_shock_co_governance"),
    "no_shock_co_governance": Arm("resilience_shock_co_governance", (("shock_week", 0),)),
}


@dataclass(frozen=True)
class Measure:
    """One measured claim of a hypothesis and how it is judged."""

    key: str
    label_zh: str
    label_en: str
    design: str  # "contrast", "lag", "recovery_time", "peak_excess", "burst_resolved"
    expected: int  # +1: the hypothesis predicts an increase, -1 a decrease
    terms: tuple[tuple[str, str, float], ...] = ()  # contrast: (arm, outcome, weight)
    window: str = "final"  # contrast: "final" (last week) or "late" (mean of the last quarter)
    arms: tuple[str, ...] = ()  # other designs: (treatment, reference) or the four H7 arms
    unit: str = ""
    rope: tuple[float, str] = (0.0, "")  # (half-width of the region of practical equivalence, reason)
    context: str = ""  # non-empty: shown as context for this reason, never decided
    denominator: tuple[tuple[str, str, float], ...] = ()  # share: the contrast that ``terms`` is a share of

    def arm_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(arm for arm, _, _ in (*self.terms, *self.denominator)), *self.arms]))


@dataclass(frozen=True)
class Hypothesis:
    key: str
    statement_zh: str
    statement_en: str
    source: str
    design_en: str
    measures: tuple[Measure, ...] = field(default_factory=tuple)

    def arm_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(arm for m in self.measures for arm in m.arm_names()))


def paired(treatment: str, reference: str, outcome: str) -> tuple[tuple[str, str, float], ...]:
    return ((treatment, outcome, 1.0), (reference, outcome, -1.0))


def subsidy_following_works(p: dict[str, Any]) -> float:
    """Sub-district money that reaches a major work, as a share of its cost: the subsidy it still pays plus the
    delegated share transferred to the core when funding follows tasks (``co_fund_major_works``)."""
    delegated = p["subdistrict_funding_share"] * p["empowerment"]
    return (p["subdistrict_funding_share"] * (1 - p["empowerment"])
            + (delegated * p["funding_transfer_share"] if p["funding_follows_tasks"] else 0.0))


#: Functions of an arm's parameters for ``formula`` measures (context rows).
FORMULAS = {"subsidy_following_works": subsidy_following_works}


NO_PREDICTION = "a channel of the design the hypothesis predicts no direction for"
DECOMPOSITION = "a decomposition of the decided contrasts above, not a claim of its own"
FREE_TIME = ("a consequence of the inputs: the groups differ in free time (time_availability_young / _working / _retired), "
             "which check-facts classes as an input check (age_participation)")

#: Companions of a resolution outcome: every contrast of it also shows the same contrast of these.
COMPANIONS = {
    "resolution_rate": ("governance_resolution_rate", "self_help_share"),
    **{f"resolution_rate_{d}": (f"governance_resolution_rate_{d}",) for d in ("environment", "services", "disputes")},
}


def channel_measures(key: str, label_zh: str, label_en: str, outcome: str, rope) -> tuple[Measure, ...]:
    """H5's two channels of formalism on one outcome: the core's capacity alone, members' time alone."""
    return (
        Measure(f"{key}_via_capacity", f"中介：{label_zh}，只经由社区力量", f"mediation: {label_en} through the core's capacity only",
                "contrast", -1, paired("formalism_capacity_only", "baseline", outcome), rope=rope),
        Measure(f"{key}_via_members", f"中介：{label_zh}，只经由党员时间", f"mediation: {label_en} through members' time only",
                "contrast", -1, paired("formalism_members_only", "baseline", outcome), rope=rope),
    )


H7_ARMS = ("shock_co_governance", "no_shock_co_governance", "shock_status_quo", "no_shock_status_quo")

HYPOTHESES: tuple[Hypothesis, ...] = (
    Hypothesis(
        "H1", "授权赋能为社区减负，腾出力量，提高问题解决率", "Empowerment frees the core's capacity and raises resolution",
        "S1, S3", "paired difference, empowerment vs baseline; mediation: empowerment with its burden relief blocked, "
        "and the same burden cut without the lever",
        (
            Measure("resolution", "问题解决率", "resolution rate", "contrast", +1,
                    paired("empowerment", "baseline", "resolution_rate"), rope=RATE_ROPE),
            Measure("governance_resolution", "治理体系解决率（不含居民自助）", "resolution by the governance system (no self-help)",
                    "contrast", +1, paired("empowerment", "baseline", "governance_resolution_rate"), rope=RATE_ROPE),
            Measure("through_relief", "中介：减负的作用（赋能减去不减负的赋能）",
                    "mediation: burden relief (empowerment minus empowerment with relief blocked)", "contrast", +1,
                    paired("empowerment", "empowerment_relief_blocked", "resolution_rate"), rope=RATE_ROPE),
            Measure("burden_cut_alone", "中介：只减负、不赋能", "mediation: the same burden cut without the lever", "contrast", +1,
                    paired("burden_cut", "baseline", "resolution_rate"), rope=RATE_ROPE),
            Measure("relief_blocked", "中介：不减负的赋能（审批与经费渠道）", "mediation: empowerment with burden relief blocked "
                    "(approval and funding channels)", "contrast", +1,
                    paired("empowerment_relief_blocked", "baseline", "resolution_rate"),
                    context=NO_PREDICTION + " (the lever's other channels)"),
            Measure("share_through_relief", "中介：经由减负的效果比例", "mediation: share of the effect through burden relief",
                    "share", +1, paired("empowerment", "empowerment_relief_blocked", "resolution_rate"),
                    denominator=paired("empowerment", "baseline", "resolution_rate"), unit="share", context=DECOMPOSITION),
            Measure("core_queue", "机制：社区待派单数（末段均值）", "mechanism: orders waiting for the core (late mean)",
                    "contrast", -1, paired("empowerment", "baseline", "core_queue"), "late", unit="orders", rope=QUEUE_ROPE),
            Measure("capacity_freed", "背景：减负腾出的社区力量", "context: core capacity freed by the burden cut", "contrast", +1,
                    paired("empowerment", "baseline", "core_effective_capacity"), "late", unit="effort units/week",
                    context=FORMULA + " (staff x (1 - burden) x (1 - formalism))"),
        ),
    ),
    Hypothesis(
        "H2", "组织嵌入减少碎片化，提高跨主体事项解决率和居民参与", "Embedding reduces fragmentation and raises participation",
        "S1, S3, S4", "paired difference, embedding vs baseline; mediation: embedding whose posts are held but act on "
        "nothing (embedded supervision, brokerage and reach gains 0)",
        (
            Measure("cross_actor", "跨主体事项解决率", "cross-actor resolution rate", "contrast", +1,
                    paired("embedding", "baseline", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("through_posts", "中介：任职岗位的作用（跨主体事项）", "mediation: posts held (cross-actor works; embedding "
                    "minus embedding with inert posts)", "contrast", +1,
                    paired("embedding", "embedding_posts_inert", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("share_through_posts", "中介：跨主体事项效果经由岗位的比例", "mediation: share of the cross-actor effect "
                    "through posts", "share", +1, paired("embedding", "embedding_posts_inert", "cross_actor_resolution_rate"),
                    denominator=paired("embedding", "baseline", "cross_actor_resolution_rate"), unit="share",
                    context=DECOMPOSITION),
            Measure("participation", "居民参与率（末段均值）", "participation (late mean)", "contrast", +1,
                    paired("embedding", "baseline", "participation_rate"), "late", rope=PARTICIPATION_ROPE),
            Measure("participation_through_posts", "中介：参与经由岗位的部分（末段均值）", "mediation: participation through "
                    "posts (late mean)", "contrast", +1,
                    paired("embedding", "embedding_posts_inert", "participation_rate"), "late",
                    context=NO_PREDICTION + " (posts reach residents only through organisations' activities)"),
        ),
    ),
    Hypothesis(
        "H3", "资源整合帮助资金密集的大事；与组织嵌入合用时一加一大于二", "Pooling helps money-heavy works; with embedding 1 + 1 > 2",
        "S1, S4", "2 x 2 factorial pooling x embedding on cross-actor (money-heavy) works",
        (
            Measure("pooling_effect", "资源整合对跨主体事项的作用", "pooling effect on cross-actor works", "contrast", +1,
                    paired("pooling", "baseline", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("interaction", "交互作用（一加一大于二）", "interaction pooling x embedding (1+1>2)", "contrast", +1,
                    (("pooling_embedding", "cross_actor_resolution_rate", 1.0), ("pooling", "cross_actor_resolution_rate", -1.0),
                     ("embedding", "cross_actor_resolution_rate", -1.0), ("baseline", "cross_actor_resolution_rate", 1.0)),
                    rope=WORKS_ROPE),
        ),
    ),
    Hypothesis(
        "H4", "回应性低使参与锁定在低位；提高回应性后参与随之上升但有滞后",
        "Raising responsiveness raises participation, with a lag", "S2",
        "reform (empowerment) switched on a third into a running community vs the same seeds held in the status quo",
        (
            Measure("participation_gain", "改革后参与率提升（末段均值）", "participation gain after the reform (late mean)",
                    "contrast", +1, paired("reform_responsive", "baseline", "participation_rate"), "late",
                    rope=PARTICIPATION_ROPE),
            Measure("lag", "参与滞后于回应性（拟合半程周数之差）", "lag of participation behind responsiveness (fitted half-times)",
                    "lag", +1, arms=("reform_responsive", "baseline"), unit="weeks", rope=LAG_ROPE),
        ),
    ),
    Hypothesis(
        "H5", "形式主义消耗力量，党组织悬浮，信任下降", "Formalism drains capacity; the Party organisation idles; trust falls",
        "S2", "paired difference, heavy formalism vs baseline; mediation: heavy formalism's core capacity alone (a "
        "higher burden) and its loss of members' time alone (a lower burden keeps the core's capacity)",
        (
            Measure("core_queue", "社区待派单数（末段均值）", "orders waiting for the core (late mean)", "contrast", +1,
                    paired("formalism_heavy", "baseline", "core_queue"), "late", unit="orders", rope=QUEUE_ROPE),
            Measure("resolution", "问题解决率", "resolution rate", "contrast", -1,
                    paired("formalism_heavy", "baseline", "resolution_rate"), rope=RATE_ROPE),
            Measure("trust", "平均信任", "mean trust", "contrast", -1, paired("formalism_heavy", "baseline", "mean_trust"),
                    rope=TRUST_ROPE),
            Measure("capacity", "背景：形式主义消耗的社区力量", "context: core capacity drained", "contrast", -1,
                    paired("formalism_heavy", "baseline", "core_effective_capacity"), "late", unit="effort units/week",
                    context=FORMULA + " (staff x (1 - burden) x (1 - formalism))"),
            Measure("party_reach", "背景：党组织覆盖率", "context: Party reach", "contrast", -1,
                    paired("formalism_heavy", "baseline", "party_reach"), "late",
                    context="by construction: members' visits scale with 1 - formalism, the same under every participation rule"),
            *channel_measures("resolution", "问题解决率", "resolution", "resolution_rate", RATE_ROPE),
            *channel_measures("trust", "平均信任", "mean trust", "mean_trust", TRUST_ROPE),
        ),
    ),
    Hypothesis(
        "H6", "放权不放钱不如放权又放钱，甚至不如不放权", "Empowerment without funding does worse than with it, maybe worse than none",
        "S3", "paired differences, empowerment without funding vs baseline, decomposed by the same subsidy cut "
        "without the lever; vs funded empowerment as context (that contrast is the money the formula removes)",
        (
            Measure("vs_funded", "背景：跨主体事项解决率，对比放权放钱", "context: cross-actor resolution vs funded empowerment",
                    "contrast", -1, paired("empowerment_without_funding", "empowerment", "cross_actor_resolution_rate"),
                    context="by construction: the arms differ only in the subsidy_following_works formula (each work "
                            "loses subdistrict_funding_share x empowerment of its cost), so the sign is set by the inputs"),
            Measure("vs_none", "跨主体事项解决率：对比不放权", "cross-actor resolution vs no empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "baseline", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("vs_none_all", "全部问题解决率：对比不放权", "overall resolution vs no empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "baseline", "resolution_rate"), rope=RATE_ROPE),
            Measure("money_alone", "中介：同等经费削减、不放权", "mediation: the same subsidy cut without the lever",
                    "contrast", -1, paired("funding_cut", "baseline", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("delegation_at_equal_money", "中介：同等经费下放权的其余作用", "mediation: the lever's other channels at "
                    "equal money (unfunded empowerment minus the subsidy cut alone)", "contrast", +1,
                    paired("empowerment_without_funding", "funding_cut", "cross_actor_resolution_rate"),
                    context=NO_PREDICTION + " (burden relief and approval speed)"),
            Measure("money", "背景：跟随大事的街道经费（占费用比例）", "context: sub-district money following each major work "
                    "(share of its cost), vs funded empowerment", "formula", -1,
                    (("empowerment_without_funding", "subsidy_following_works", 1.0),
                     ("empowerment", "subsidy_following_works", -1.0)), context=FORMULA + " (the lever H6 is about)"),
        ),
    ),
    Hypothesis(
        "H7", "党建引领网格、志愿力量和资源整合使社区从冲击中恢复更快", "Co-governance recovers faster from a shock",
        "S5", "co-governance vs status quo, each against the same seeds without the shock",
        (
            Measure("recovery_time", "恢复时间（受限平均，未恢复者删失）", "recovery time (restricted mean, censored)",
                    "recovery_time", -1, arms=H7_ARMS, unit="weeks", rope=RECOVERY_ROPE),
            Measure("peak_excess", "冲击造成的未满足需求峰值", "peak excess unmet need", "peak_excess", -1, arms=H7_ARMS,
                    unit="problems", rope=PEAK_ROPE),
            Measure("burst_resolved", f"冲击后{BURST_FOLLOW_WEEKS}周内解决的冲击问题比例",
                    f"share of the burst resolved within {BURST_FOLLOW_WEEKS} weeks", "burst_resolved", +1, arms=H7_ARMS,
                    rope=BURST_ROPE),
        ),
    ),
    Hypothesis(
        "H8", "参与集中在退休居民，在职居民最少", "Participation concentrates among retirees; working-age residents least",
        "S2", "within-run group comparison in the baseline (paired by run); a consequence of the free-time inputs, so context",
        (
            Measure("retired_vs_working", "退休与在职居民参与率之差", "retired minus working-age participation", "contrast", +1,
                    (("baseline", "participation_rate_retired", 1.0), ("baseline", "participation_rate_working", -1.0)), "late",
                    rope=GAP_ROPE, context=FREE_TIME),
            Measure("working_vs_young", "在职与青年居民参与率之差", "working-age minus young participation", "contrast", -1,
                    (("baseline", "participation_rate_working", 1.0), ("baseline", "participation_rate_young", -1.0)), "late",
                    rope=GAP_ROPE, context=FREE_TIME),
        ),
    ),
    Hypothesis(
        "H9", "社会组织更强，养老托育和邻里纠纷解决得更好", "Stronger social organisations resolve more service and dispute problems",
        "S2, S3", "paired difference, strong social organisations vs baseline, by problem domain (organisations take "
        "services and disputes, some environment problems, no repairs), each with its governance-only resolution",
        (
            Measure("services", "养老托育解决率", "resolution of service needs", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_services"), rope=RATE_ROPE),
            Measure("services_governance", "养老托育：治理体系解决率", "service needs resolved by the governance system", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "governance_resolution_rate_services"), rope=RATE_ROPE),
            Measure("disputes", "邻里纠纷解决率", "resolution of disputes", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_disputes"), rope=RATE_ROPE),
            Measure("disputes_governance", "邻里纠纷：治理体系解决率", "disputes resolved by the governance system", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "governance_resolution_rate_disputes"), rope=RATE_ROPE),
            Measure("environment", "按领域：环境卫生解决率", "by domain: resolution of environment problems", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_environment"),
                    context=NO_PREDICTION + " (organisations take only p_environment_to_organisation of them)"),
            Measure("repair", "按领域：物业维修解决率（对照）", "by domain: resolution of repairs (control)", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_repair"),
                    context="negative control: organisations take no repairs, so a change here comes through the core or fees"),
        ),
    ),
)
HYPOTHESIS_BY_KEY: dict[str, Hypothesis] = {h.key: h for h in HYPOTHESES}

VERDICTS = {
    "supports": ("支持", "supports"),
    "contradicts": ("相悖", "contradicts"),
    "practically nil": ("实际无差别", "practically nil"),
    "cannot tell": ("无法判断", "cannot tell"),
    "context": ("背景（不作判断）", "context"),
    "context (deterministic)": ("背景（确定性，不作判断）", "context (deterministic)"),
}
DECIDED = ("supports", "contradicts", "practically nil", "cannot tell")


def verdict_label(verdict: str) -> str:
    zh, en = VERDICTS[verdict]
    return f"{zh} {en}"


def check_table() -> list[str]:
    """Problems with the table itself (unknown arms or outcomes, bad directions); empty when sound."""
    from sim.model.outcomes import OUTCOMES

    problems = []
    for hypothesis in HYPOTHESES:
        for measure in hypothesis.measures:
            where = f"{hypothesis.key}.{measure.key}"
            problems += [f"{where}: unknown arm {a}" for a in measure.arm_names() if a not in ARMS]
            problems += [f"{where}: unknown derivation of arm {a}" for a in measure.arm_names()
                         if a in ARMS and ARMS[a].derive and ARMS[a].derive not in DERIVED]
            problems += [f"{where}: unknown outcome {o}" for _, o, _ in measure.denominator if o not in OUTCOMES]
            if (measure.design == "share") != bool(measure.denominator):
                problems.append(f"{where}: a share, and only a share, needs a denominator")
            if measure.design == "share" and not measure.context:
                problems.append(f"{where}: a share is a decomposition: give its context reason")
            known = FORMULAS if measure.design == "formula" else OUTCOMES
            problems += [f"{where}: unknown outcome {o}" for _, o, _ in measure.terms if o not in known]
            if measure.expected not in (-1, 1):
                problems.append(f"{where}: expected direction must be +1 or -1")
            if measure.design in ("contrast", "formula") and not measure.terms:
                problems.append(f"{where}: a {measure.design} needs terms")
            if measure.design == "formula" and not measure.context:
                problems.append(f"{where}: a formula is context, never decided: give its context reason")
            if not measure.context and not (measure.rope[0] > 0 and measure.rope[1]):
                problems.append(f"{where}: a decided measure needs a ROPE half-width > 0 and its reason")
    problems += [f"companion of {o}: unknown outcome {c}" for o, cs in COMPANIONS.items() for c in (o, *cs) if c not in OUTCOMES]
    return problems
