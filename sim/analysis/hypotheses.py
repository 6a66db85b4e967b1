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
    until the participation effect reaches half its final size, minus the same for
    responsiveness (H4); interval by bootstrap over replicates.
  - ``recovery_time``: restricted mean time to recovery from a Kaplan–Meier curve, runs that
    never recover counted as censored (H7), against the same seeds without the shock; unmet need
    and the recovery threshold follow the registry (``recovery_counts_given_up``,
    ``recovery_tolerance``), as in the model's own ``recovery_weeks``.
  - ``peak_excess`` and ``burst_resolved``: the shock's peak excess unmet need and the share of
    its burst of problems resolved, both against the same seeds without the shock (H7).

* ``expected`` is the direction the hypothesis predicts (+1 up, -1 down); the verdict is
  *supports* when the 95% interval lies on that side of zero, *contradicts* when it lies on the
  other side, and *cannot tell* otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Stand-in for ``reform_start_week`` in an arm's overrides: replaced by :func:`reform_week`.
REFORM_WEEK = "<reform week>"
LATE_WEEKS_SHARE = 0.25  # "late" windows average the last quarter of a run (26 of 104 weeks)
BURST_FOLLOW_WEEKS = 26  # share of the shock's burst resolved this many weeks after the shock


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

    def resolved_overrides(self, steps: int) -> dict[str, Any]:
        return {name: reform_week(steps) if value == REFORM_WEEK else value for name, value in self.overrides}


ARMS: dict[str, Arm] = {
    "baseline": Arm("baseline"),
    "empowerment": Arm("empowerment"),
    "embedding": Arm("embedding"),
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

    def arm_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(arm for arm, _, _ in self.terms), *self.arms]))


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


H7_ARMS = ("shock_co_governance", "no_shock_co_governance", "shock_status_quo", "no_shock_status_quo")

HYPOTHESES: tuple[Hypothesis, ...] = (
    Hypothesis(
        "H1", "授权赋能为社区减负，腾出力量，提高问题解决率", "Empowerment frees the core's capacity and raises resolution",
        "S1, S3", "paired difference, empowerment vs baseline",
        (
            Measure("resolution", "问题解决率", "resolution rate", "contrast", +1,
                    paired("empowerment", "baseline", "resolution_rate")),
            Measure("capacity_freed", "机制：社区有效工作力量", "mechanism: core capacity freed", "contrast", +1,
                    paired("empowerment", "baseline", "core_effective_capacity"), "late", unit="effort units/week"),
        ),
    ),
    Hypothesis(
        "H2", "组织嵌入减少碎片化，提高跨主体事项解决率和居民参与", "Embedding reduces fragmentation and raises participation",
        "S1, S3, S4", "paired difference, embedding vs baseline",
        (
            Measure("cross_actor", "跨主体事项解决率", "cross-actor resolution rate", "contrast", +1,
                    paired("embedding", "baseline", "cross_actor_resolution_rate")),
            Measure("participation", "居民参与率（末段均值）", "participation (late mean)", "contrast", +1,
                    paired("embedding", "baseline", "participation_rate"), "late"),
        ),
    ),
    Hypothesis(
        "H3", "资源整合帮助资金密集的大事；与组织嵌入合用时一加一大于二", "Pooling helps money-heavy works; with embedding 1 + 1 > 2",
        "S1, S4", "2 x 2 factorial pooling x embedding on cross-actor (money-heavy) works",
        (
            Measure("pooling_effect", "资源整合对跨主体事项的作用", "pooling effect on cross-actor works", "contrast", +1,
                    paired("pooling", "baseline", "cross_actor_resolution_rate")),
            Measure("interaction", "交互作用（一加一大于二）", "interaction pooling x embedding (1+1>2)", "contrast", +1,
                    (("pooling_embedding", "cross_actor_resolution_rate", 1.0), ("pooling", "cross_actor_resolution_rate", -1.0),
                     ("embedding", "cross_actor_resolution_rate", -1.0), ("baseline", "cross_actor_resolution_rate", 1.0))),
        ),
    ),
    Hypothesis(
        "H4", "回应性低使参与锁定在低位；提高回应性后参与随之上升但有滞后",
        "Raising responsiveness raises participation, with a lag", "S2",
        "reform (empowerment) switched on a third into a running community vs the same seeds held in the status quo",
        (
            Measure("participation_gain", "改革后参与率提升（末段均值）", "participation gain after the reform (late mean)",
                    "contrast", +1, paired("reform_responsive", "baseline", "participation_rate"), "late"),
            Measure("lag", "参与滞后于回应性（达到一半效果的周数之差）", "lag of participation behind responsiveness",
                    "lag", +1, arms=("reform_responsive", "baseline"), unit="weeks"),
        ),
    ),
    Hypothesis(
        "H5", "形式主义消耗力量，党组织悬浮，信任下降", "Formalism drains capacity; the Party organisation idles; trust falls",
        "S2", "paired difference, heavy formalism vs baseline",
        (
            Measure("capacity", "社区有效工作力量", "core effective capacity", "contrast", -1,
                    paired("formalism_heavy", "baseline", "core_effective_capacity"), "late", unit="effort units/week"),
            Measure("party_reach", "党组织覆盖率", "Party reach", "contrast", -1,
                    paired("formalism_heavy", "baseline", "party_reach"), "late"),
            Measure("trust", "平均信任", "mean trust", "contrast", -1, paired("formalism_heavy", "baseline", "mean_trust")),
        ),
    ),
    Hypothesis(
        "H6", "放权不放钱不如放权又放钱，甚至不如不放权", "Empowerment without funding does worse than with it, maybe worse than none",
        "S3", "paired differences, empowerment without funding vs with funding and vs baseline",
        (
            Measure("vs_funded", "跨主体事项解决率：对比放权放钱", "cross-actor resolution vs funded empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "empowerment", "cross_actor_resolution_rate")),
            Measure("vs_none", "跨主体事项解决率：对比不放权", "cross-actor resolution vs no empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "baseline", "cross_actor_resolution_rate")),
            Measure("vs_none_all", "全部问题解决率：对比不放权", "overall resolution vs no empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "baseline", "resolution_rate")),
        ),
    ),
    Hypothesis(
        "H7", "党建引领网格、志愿力量和资源整合使社区从冲击中恢复更快", "Co-governance recovers faster from a shock",
        "S5", "co-governance vs status quo, each against the same seeds without the shock",
        (
            Measure("recovery_time", "恢复时间（受限平均，未恢复者删失）", "recovery time (restricted mean, censored)",
                    "recovery_time", -1, arms=H7_ARMS, unit="weeks"),
            Measure("peak_excess", "冲击造成的未满足需求峰值", "peak excess unmet need", "peak_excess", -1, arms=H7_ARMS,
                    unit="problems"),
            Measure("burst_resolved", f"冲击后{BURST_FOLLOW_WEEKS}周内解决的冲击问题比例",
                    f"share of the burst resolved within {BURST_FOLLOW_WEEKS} weeks", "burst_resolved", +1, arms=H7_ARMS),
        ),
    ),
    Hypothesis(
        "H8", "参与集中在退休居民，在职居民最少", "Participation concentrates among retirees; working-age residents least",
        "S2", "within-run group comparison in the baseline (paired by run)",
        (
            Measure("retired_vs_working", "退休与在职居民参与率之差", "retired minus working-age participation", "contrast", +1,
                    (("baseline", "participation_rate_retired", 1.0), ("baseline", "participation_rate_working", -1.0)), "late"),
            Measure("working_vs_young", "在职与青年居民参与率之差", "working-age minus young participation", "contrast", -1,
                    (("baseline", "participation_rate_working", 1.0), ("baseline", "participation_rate_young", -1.0)), "late"),
        ),
    ),
    Hypothesis(
        "H9", "社会组织更强，养老托育和邻里纠纷解决得更好", "Stronger social organisations resolve more service and dispute problems",
        "S2, S3", "paired difference, strong social organisations vs baseline",
        (
            Measure("services", "养老托育解决率", "resolution of service needs", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_services")),
            Measure("disputes", "邻里纠纷解决率", "resolution of disputes", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_disputes")),
        ),
    ),
)
HYPOTHESIS_BY_KEY: dict[str, Hypothesis] = {h.key: h for h in HYPOTHESES}

VERDICTS = {
    "supports": ("支持", "supports"),
    "contradicts": ("相悖", "contradicts"),
    "cannot tell": ("无法判断", "cannot tell"),
}


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
            problems += [f"{where}: unknown outcome {o}" for _, o, _ in measure.terms if o not in OUTCOMES]
            if measure.expected not in (-1, 1):
                problems.append(f"{where}: expected direction must be +1 or -1")
            if measure.design == "contrast" and not measure.terms:
                problems.append(f"{where}: a contrast needs terms")
    return problems
