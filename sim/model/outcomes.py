"""Model-level outcomes (DESIGN §7), declared once with their labels and meanings.

Every outcome is a column of the model's DataCollector, collected every step. Rates whose
denominator is still zero (no problem of that kind has arisen yet) are NaN, not 0, and so is, at
week 0 (the community as set up, before any week has passed), every quantity of a week
(:data:`WEEKLY_OUTCOMES`): nothing has been measured yet. Stocks and cumulative counts are
measured at week 0 (no problem has arisen yet: 0 is their value).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial


@dataclass(frozen=True)
class Outcome:
    name: str
    label_zh: str
    label_en: str
    meaning: str
    kind: str = "rate"  # "rate" (0-1), "count", "level" (0-1 mean of a belief), "weeks", "money", "other"

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang == "zh" else self.label_en


_OUTCOMES = [
    Outcome("participation_rate", "居民参与率", "Participation rate", "Share of households participating this week."),
    Outcome("participation_rate_young", "青年参与率", "Participation, young", "Share of young residents participating."),
    Outcome("participation_rate_working", "在职居民参与率", "Participation, working-age", "Share of working-age residents participating."),
    Outcome("participation_rate_retired", "退休居民参与率", "Participation, retired", "Share of retired residents participating."),
    Outcome("participation_rate_party", "党员参与率", "Participation, Party members", "Share of resident Party members participating."),
    Outcome("participation_rate_non_party", "非党员参与率", "Participation, non-members", "Share of residents who are not Party members participating."),
    Outcome("report_rate", "居民上报率", "Report rate", "Problems reported by residents / problems arisen, cumulative."),
    Outcome("problems_arisen", "累计发生问题", "Problems arisen", "Problems arisen so far (cumulative).", "count"),
    Outcome("problems_reported", "累计居民上报", "Problems reported", "Problems reported by residents so far (cumulative).", "count"),
    Outcome("problems_discovered", "累计主动发现", "Problems discovered", "Problems found by patrols, visits or hotline before any report (cumulative).", "count"),
    Outcome("problems_resolved", "累计解决问题", "Problems resolved", "Problems resolved so far (cumulative).", "count"),
    Outcome("problems_withdrawn", "累计放弃问题", "Problems given up", "Neglected problems given up unresolved so far (cumulative).", "count"),
    Outcome("problems_arisen_step", "本周新发生问题", "Problems arisen this week", "Problems that arose this week.", "count"),
    Outcome("problems_reported_step", "本周上报问题", "Problems reported this week", "Problems reported by residents this week.", "count"),
    Outcome("problems_resolved_step", "本周解决问题", "Problems resolved this week", "Problems resolved this week.", "count"),
    Outcome("backlog", "积压问题", "Backlog", "Open problems at the end of the week.", "count"),
    Outcome("resolution_rate", "问题解决率", "Resolution rate", "Problems resolved / problems arisen, cumulative."),
    Outcome("cross_actor_resolution_rate", "跨主体事项解决率", "Cross-actor resolution rate", "Resolution rate of major cross-actor works (the fragmentation measure)."),
    Outcome("resolution_rate_repair", "物业维修解决率", "Resolution rate, repairs", "Resolution rate of property repairs."),
    Outcome("resolution_rate_environment", "环境卫生解决率", "Resolution rate, environment", "Resolution rate of environment problems."),
    Outcome("resolution_rate_services", "养老托育解决率", "Resolution rate, services", "Resolution rate of service needs of the old and young."),
    Outcome("resolution_rate_disputes", "邻里纠纷解决率", "Resolution rate, disputes", "Resolution rate of neighbour disputes."),
    Outcome("mean_weeks_to_resolution", "平均解决周数", "Mean weeks to resolution", "Mean weeks from arising to resolution, over problems resolved so far.", "weeks"),
    Outcome("median_weeks_to_resolution", "解决周数中位数", "Median weeks to resolution", "Median weeks from arising to resolution, over problems resolved so far.", "weeks"),
    Outcome("unreported_share", "未上报问题比例", "Unreported share", "Share of problems arisen so far that no one reported or discovered."),
    Outcome("mean_efficacy", "平均效能感", "Mean efficacy", "Mean efficacy of residents.", "level"),
    Outcome("mean_trust", "平均信任", "Mean trust", "Mean trust of residents in the Party organisation and residents' committee.", "level"),
    Outcome("satisfaction", "居民满意度", "Satisfaction", "Mean satisfaction of residents.", "level"),
    Outcome("party_reach", "党组织覆盖率", "Party reach", "Share of households visited by a Party member in the last four weeks."),
    Outcome("pool_balance", "共享资金余额", "Pool balance", "Money in the common fund at the end of the week.", "money"),
    Outcome("money_spent_per_resolved", "每个问题花费", "Money per problem resolved", "Money spent on resolved problems / problems resolved, cumulative.", "money"),
    Outcome("hotline_complaints", "累计热线投诉", "Hotline complaints", "Neglected problems escalated to the hotline (cumulative).", "count"),
    Outcome("complaint_concentration", "投诉集中度", "Complaint concentration", "Gini coefficient of property complaints per household across compounds (0 even, 1 all in one)."),
    Outcome("recovery_weeks", "冲击恢复周数", "Recovery weeks", "Weeks after the shock until unmet need (the backlog, plus given-up problems if recovery_counts_given_up) is back within recovery_tolerance of its peak excess over the pre-shock level (NaN before recovery or without a shock).", "weeks"),
    Outcome("owners_committees", "业委会数量", "Owners' committees", "Compounds with an owners' committee.", "count"),
    Outcome("committee_legitimacy", "业委会合法性", "Committee legitimacy", "Mean legitimacy of owners' committees.", "level"),
    Outcome("core_effective_capacity", "社区有效工作力量", "Core effective capacity", "The core's effort units this week after burden, formalism and shocks.", "other"),
    Outcome("volunteer_effort", "志愿投入", "Volunteer effort", "Volunteer effort units given this week.", "other"),
    Outcome("governance_resolution_rate", "治理体系解决率", "Resolution by the governance system", "Problems resolved by the core, firms, social organisations or contractors / problems arisen, cumulative (self-help by volunteers excluded)."),
    Outcome("self_help_share", "居民自助解决占比", "Self-help share", "Share of resolved problems that volunteers resolved, cumulative."),
    Outcome("problems_resolved_by_core", "社区自办解决", "Resolved by the core", "Problems the community core resolved itself (cumulative).", "count"),
    Outcome("problems_resolved_by_firm", "物业解决", "Resolved by firms", "Problems property firms resolved (cumulative).", "count"),
    Outcome("problems_resolved_by_organisation", "社会组织解决", "Resolved by social organisations", "Problems social organisations resolved (cumulative).", "count"),
    Outcome("problems_resolved_by_volunteers", "志愿者解决", "Resolved by volunteers", "Problems volunteers resolved (cumulative).", "count"),
    Outcome("problems_resolved_by_contractors", "施工方完成", "Built by contractors", "Major works contractors completed (cumulative).", "count"),
    Outcome("meetings_held", "已召开联席会议", "Joint meetings held", "Joint meetings held so far (cumulative).", "count"),
    Outcome("firm_effort_share", "物业投入比例", "Firm effort share", "Share of property firms' capacity spent on residents' problems this week (1 - shirking), mean over firms.", "level"),
]

OUTCOMES: dict[str, Outcome] = {o.name: o for o in _OUTCOMES}

#: Quantities of a week (what happened during it): undefined (NaN) at week 0, before the first week.
WEEKLY_OUTCOMES = frozenset({
    "participation_rate", "participation_rate_young", "participation_rate_working", "participation_rate_retired",
    "participation_rate_party", "participation_rate_non_party", "problems_arisen_step", "problems_reported_step",
    "problems_resolved_step", "party_reach", "core_effective_capacity", "volunteer_effort", "firm_effort_share",
})

#: Outcomes shown in comparison figures, reports and printed summaries, in this order.
HEADLINE_OUTCOMES = (
    "resolution_rate",
    "cross_actor_resolution_rate",
    "participation_rate",
    "backlog",
    "mean_trust",
    "mean_efficacy",
    "party_reach",
    "mean_weeks_to_resolution",
)


def read_outcome(model, name: str) -> float:
    """DataCollector reporter: one outcome from the model's per-step table (picklable via partial)."""
    return model.outcomes[name]


def model_reporters() -> dict[str, partial]:
    return {name: partial(read_outcome, name=name) for name in OUTCOMES}


def gini(values) -> float:
    """Gini coefficient of non-negative values (0 when all equal; NaN when all zero)."""
    import numpy as np

    v = np.sort(np.asarray(values, dtype=float))
    n = len(v)
    if n == 0 or v.sum() <= 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * v).sum() / (n * v.sum())) - (n + 1) / n)
