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

  - ``formula``: a weighted sum of (arm, formula) terms, each formula a function of the arm's
    parameters only (:data:`FORMULAS`); always a *context* row.

* ``expected`` is the direction the hypothesis predicts (+1 up, -1 down) and ``rope`` the
  half-width of the region of practical equivalence (the smallest effect that matters) with its
  one-line reason, declared once per kind of measure below (``RATE_ROPE`` ...). The verdict (:func:`sim.analysis.verdict_rule.verdict_of`) is
  *supports* when the 95% interval lies entirely beyond ``+rope`` on the predicted side,
  *contradicts* when it lies entirely beyond the ROPE on the other side, *practically nil* when it
  lies entirely inside ``(-rope, +rope)``, and *cannot tell* otherwise.
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

    def resolved_overrides(self, steps: int, reform_at: int | None = None) -> dict[str, Any]:
        week = reform_week(steps) if reform_at is None else reform_at
        return {name: week if value == REFORM_WEEK else value for name, value in self.overrides}


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
    rope: tuple[float, str] = (0.0, "")  # (half-width of the region of practical equivalence, reason)
    context: str = ""  # non-empty: shown as context for this reason, never decided

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


def subsidy_following_works(p: dict[str, Any]) -> float:
    """Sub-district money that reaches a major work, as a share of its cost: the subsidy it still pays plus the
    delegated share transferred to the core when funding follows tasks (``co_fund_major_works``)."""
    delegated = p["subdistrict_funding_share"] * p["empowerment"]
    return (p["subdistrict_funding_share"] * (1 - p["empowerment"])
            + (delegated * p["funding_transfer_share"] if p["funding_follows_tasks"] else 0.0))


#: Functions of an arm's parameters for ``formula`` measures (context rows).
FORMULAS = {"subsidy_following_works": subsidy_following_works}


H7_ARMS = ("shock_co_governance", "no_shock_co_governance", "shock_status_quo", "no_shock_status_quo")

HYPOTHESES: tuple[Hypothesis, ...] = (
    Hypothesis(
        "H1", "授权赋能为社区减负，腾出力量，提高问题解决率", "Empowerment frees the core's capacity and raises resolution",
        "S1, S3", "paired difference, empowerment vs baseline",
        (
            Measure("resolution", "问题解决率", "resolution rate", "contrast", +1,
                    paired("empowerment", "baseline", "resolution_rate"), rope=RATE_ROPE),
            Measure("core_queue", "机制：社区待派单数（末段均值）", "mechanism: orders waiting for the core (late mean)",
                    "contrast", -1, paired("empowerment", "baseline", "core_queue"), "late", unit="orders", rope=QUEUE_ROPE),
            Measure("capacity_freed", "背景：减负腾出的社区力量", "context: core capacity freed by the burden cut", "contrast", +1,
                    paired("empowerment", "baseline", "core_effective_capacity"), "late", unit="effort units/week",
                    context=FORMULA + " (staff x (1 - burden) x (1 - formalism))"),
        ),
    ),
    Hypothesis(
        "H2", "组织嵌入减少碎片化，提高跨主体事项解决率和居民参与", "Embedding reduces fragmentation and raises participation",
        "S1, S3, S4", "paired difference, embedding vs baseline",
        (
            Measure("cross_actor", "跨主体事项解决率", "cross-actor resolution rate", "contrast", +1,
                    paired("embedding", "baseline", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("participation", "居民参与率（末段均值）", "participation (late mean)", "contrast", +1,
                    paired("embedding", "baseline", "participation_rate"), "late", rope=PARTICIPATION_ROPE),
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
        "S2", "paired difference, heavy formalism vs baseline",
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
        ),
    ),
    Hypothesis(
        "H6", "放权不放钱不如放权又放钱，甚至不如不放权", "Empowerment without funding does worse than with it, maybe worse than none",
        "S3", "paired differences, empowerment without funding vs with funding and vs baseline",
        (
            Measure("vs_funded", "跨主体事项解决率：对比放权放钱", "cross-actor resolution vs funded empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "empowerment", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("vs_none", "跨主体事项解决率：对比不放权", "cross-actor resolution vs no empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "baseline", "cross_actor_resolution_rate"), rope=WORKS_ROPE),
            Measure("vs_none_all", "全部问题解决率：对比不放权", "overall resolution vs no empowerment", "contrast", -1,
                    paired("empowerment_without_funding", "baseline", "resolution_rate"), rope=RATE_ROPE),
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
        "S2", "within-run group comparison in the baseline (paired by run)",
        (
            Measure("retired_vs_working", "退休与在职居民参与率之差", "retired minus working-age participation", "contrast", +1,
                    (("baseline", "participation_rate_retired", 1.0), ("baseline", "participation_rate_working", -1.0)), "late",
                    rope=GAP_ROPE),
            Measure("working_vs_young", "在职与青年居民参与率之差", "working-age minus young participation", "contrast", -1,
                    (("baseline", "participation_rate_working", 1.0), ("baseline", "participation_rate_young", -1.0)), "late",
                    rope=GAP_ROPE),
        ),
    ),
    Hypothesis(
        "H9", "社会组织更强，养老托育和邻里纠纷解决得更好", "Stronger social organisations resolve more service and dispute problems",
        "S2, S3", "paired difference, strong social organisations vs baseline",
        (
            Measure("services", "养老托育解决率", "resolution of service needs", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_services"), rope=RATE_ROPE),
            Measure("disputes", "邻里纠纷解决率", "resolution of disputes", "contrast", +1,
                    paired("strong_social_organisations", "baseline", "resolution_rate_disputes"), rope=RATE_ROPE),
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
    return problems
