"""Model-level outcomes (DESIGN §7), declared once with their labels and meanings.

Every outcome is a column of the model's DataCollector, collected every week. Three kinds of
time base (DESIGN §11: no result may depend on how long a run happened to be):

* *windowed* rates and means are over the last ``outcome_window_weeks`` weeks (52 by default),
  burn-in weeks included while the run is younger than the window: these are the headline
  figures that ``compare``, ``hypotheses``, ``check-facts`` and the dashboard read;
* *levels* are the state at the end of the week (backlog, beliefs, balances);
* *cumulative* counts and the cumulative resolution rate run from week 0, the end of the
  burn-in, and remain for continuity.

Weeks to resolution are Kaplan–Meier estimates over the problems that arose in the window, with
problems still open or gone unresolved censored. Rates whose denominator is still zero are NaN.
At week 0 (the end of the burn-in, where the record starts) windowed rates and levels describe the
settled status quo; the quantities of a single week (:data:`WEEKLY_OUTCOMES`) are NaN, because no
week of the experiment has passed yet, and cumulative counts are 0. Without a burn-in
(``burn_in_weeks = 0``) no week has been run at all and windowed rates are NaN too.
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


W = "over the outcome window (the last outcome_window_weeks weeks)"
C = "of the problems whose case closed in the outcome window (resolved, or left unresolved), the share resolved"

_OUTCOMES = [
    Outcome("participation_rate", "居民参与率", "Participation rate", f"Mean weekly share of households participating, {W}."),
    Outcome("participation_rate_young", "青年参与率", "Participation, young", f"Mean weekly share of young residents participating, {W}."),
    Outcome("participation_rate_working", "在职居民参与率", "Participation, working-age", f"Mean weekly share of working-age residents participating, {W}."),
    Outcome("participation_rate_retired", "退休居民参与率", "Participation, retired", f"Mean weekly share of retired residents participating, {W}."),
    Outcome("participation_rate_party", "党员参与率", "Participation, Party members", f"Mean weekly share of resident Party members participating, {W}."),
    Outcome("participation_rate_non_party", "非党员参与率", "Participation, non-members", f"Mean weekly share of residents who are not Party members participating, {W}."),
    Outcome("report_rate", "居民上报率", "Report rate", f"Share of the problems arisen {W} that a resident has reported by the end of the week."),
    Outcome("problems_arisen", "累计发生问题", "Problems arisen", "Problems arisen since week 0 (cumulative).", "count"),
    Outcome("problems_reported", "累计居民上报", "Problems reported", "Problems reported by residents since week 0 (cumulative).", "count"),
    Outcome("problems_discovered", "累计主动发现", "Problems discovered", "Problems found by patrols, visits or the hotline before any report, since week 0 (cumulative).", "count"),
    Outcome("problems_resolved", "累计解决问题", "Problems resolved", "Problems resolved since week 0 (cumulative).", "count"),
    Outcome("problems_withdrawn", "累计未解决离账", "Problems left unresolved", "Problems that left the books unresolved since week 0: given up, coped with alone or shelved (cumulative).", "count"),
    Outcome("problems_given_up", "累计放弃问题", "Problems given up", "Neglected everyday problems whose household gave up and lives with them, since week 0 (cumulative).", "count"),
    Outcome("problems_coped_alone", "累计自行解决", "Problems coped with alone", "Neglected repairs and care needs the household fixed privately after it stopped waiting, since week 0 (cumulative; not a resolution by the community).", "count"),
    Outcome("problems_shelved", "累计搁置大事", "Major works shelved", "Major works the owners shelved before any work started, since week 0 (cumulative).", "count"),
    Outcome("problems_arisen_step", "本周新发生问题", "Problems arisen this week", "Problems that arose this week.", "count"),
    Outcome("problems_reported_step", "本周上报问题", "Problems reported this week", "Problems reported by residents this week.", "count"),
    Outcome("problems_resolved_step", "本周解决问题", "Problems resolved this week", "Problems resolved this week.", "count"),
    Outcome("backlog", "积压问题", "Backlog", "Open problems at the end of the week.", "count"),
    Outcome("open_cross_actor_works", "待办跨主体大事", "Open major works", "Major cross-actor works open at the end of the week.", "count"),
    Outcome("core_queue", "社区待派工单", "Core's work orders waiting", "Work orders (major works, escalations) waiting for the core's dispatch at the end of the week.", "count"),
    Outcome("resolution_rate", "问题解决率", "Resolution rate", f"All problems: {C}."),
    Outcome("resolution_rate_cumulative", "累计问题解决率", "Resolution rate since week 0", "Of the problems closed since week 0, the share resolved (cumulative)."),
    Outcome("cross_actor_resolution_rate", "跨主体事项解决率", "Cross-actor resolution rate", f"Major cross-actor works: {C} (completed rather than shelved; the fragmentation measure)."),
    Outcome("resolution_rate_repair", "物业维修解决率", "Resolution rate, repairs", f"Property repairs: {C}."),
    Outcome("resolution_rate_environment", "环境卫生解决率", "Resolution rate, environment", f"Environment problems: {C}."),
    Outcome("resolution_rate_services", "养老托育解决率", "Resolution rate, services", f"Service needs of the old and young: {C}."),
    Outcome("resolution_rate_disputes", "邻里纠纷解决率", "Resolution rate, disputes", f"Neighbour disputes: {C}."),
    Outcome("mean_weeks_to_resolution", "平均解决周数", "Mean weeks to resolution", "Kaplan–Meier restricted mean of weeks from arising to resolution, up to the window's length, over the problems that arose in the window (open and unresolved ones censored).", "weeks"),
    Outcome("median_weeks_to_resolution", "解决周数中位数", "Median weeks to resolution", "Kaplan–Meier median of weeks from arising to resolution over the problems that arose in the window (open and unresolved ones censored; NaN when fewer than half would ever be resolved).", "weeks"),
    Outcome("unreported_share", "未上报问题比例", "Unreported share", f"Share of the problems arisen {W} that nobody (resident, patrol or hotline) knows of yet."),
    Outcome("late_intake_share", "超期受理比例", "Late intake share", f"Share of problems reaching their first responder only after their household's patience ran out, {W}."),
    Outcome("mean_efficacy", "平均效能感", "Mean efficacy", "Mean efficacy of residents.", "level"),
    Outcome("mean_trust", "平均信任", "Mean trust", "Mean trust of residents in the Party organisation and residents' committee.", "level"),
    Outcome("satisfaction", "居民满意度", "Satisfaction", "Mean satisfaction of residents.", "level"),
    Outcome("party_reach", "党组织覆盖率", "Party reach", "Share of households visited by a Party member in the last four weeks."),
    Outcome("pool_balance", "共享资金余额", "Pool balance", "Money in the common fund at the end of the week.", "money"),
    Outcome("money_spent_per_resolved", "每个问题花费", "Money per problem resolved", f"Money spent on problems resolved / problems resolved, {W}.", "money"),
    Outcome("hotline_complaints", "热线投诉（每周）", "Hotline complaints a week", f"Hotline complaints (first and repeated) a week, {W}.", "other"),
    Outcome("complaint_concentration", "投诉集中度", "Complaint concentration", f"Gini coefficient of property complaints per household across compounds, {W} (0 even, 1 all in one)."),
    Outcome("recovery_weeks", "冲击恢复周数", "Recovery weeks", "Weeks after the shock until unmet need (the backlog, plus given-up problems if recovery_counts_given_up) is back within recovery_tolerance of its peak excess over the pre-shock level (NaN before recovery or without a shock).", "weeks"),
    Outcome("owners_committees", "业委会数量", "Owners' committees", "Compounds with an owners' committee (fixed for a run: results can be stratified by it).", "count"),
    Outcome("committee_legitimacy", "业委会合法性", "Committee legitimacy", "Mean legitimacy of owners' committees.", "level"),
    Outcome("core_effective_capacity", "社区有效工作力量", "Core effective capacity", "The core's effort units this week after burden, formalism and shocks.", "other"),
    Outcome("volunteer_effort", "志愿投入", "Volunteer effort", "Volunteer effort units given this week.", "other"),
    Outcome("governance_resolution_rate", "治理体系解决率", "Resolution by the governance system", "Of the problems whose case closed in the outcome window, the share the core, firms, social organisations or contractors resolved (self-help by volunteers excluded)."),
    Outcome("governance_resolution_rate_environment", "环境卫生解决率（治理体系）", "Resolution, environment, by the governance system", "Environment problems: of the problems whose case closed in the outcome window, the share the core, firms or social organisations resolved (volunteers' self-help excluded)."),
    Outcome("governance_resolution_rate_services", "养老托育解决率（治理体系）", "Resolution, services, by the governance system", "Service needs of the old and young: of the problems whose case closed in the outcome window, the share the core, firms or social organisations resolved (volunteers' self-help excluded)."),
    Outcome("governance_resolution_rate_disputes", "邻里纠纷解决率（治理体系）", "Resolution, disputes, by the governance system", "Neighbour disputes: of the problems whose case closed in the outcome window, the share the core, firms or social organisations resolved (volunteers' self-help excluded)."),
    Outcome("self_help_share", "居民自助解决占比", "Self-help share", f"Share of resolutions that volunteers made, {W}."),
    Outcome("problems_resolved_by_core", "社区自办解决", "Resolved by the core", "Problems the community core resolved itself since week 0 (cumulative).", "count"),
    Outcome("problems_resolved_by_firm", "物业解决", "Resolved by firms", "Problems property firms resolved since week 0 (cumulative).", "count"),
    Outcome("problems_resolved_by_organisation", "社会组织解决", "Resolved by social organisations", "Problems social organisations resolved since week 0 (cumulative).", "count"),
    Outcome("problems_resolved_by_volunteers", "志愿者解决", "Resolved by volunteers", "Problems volunteers resolved since week 0 (cumulative).", "count"),
    Outcome("problems_resolved_by_contractors", "施工方完成", "Built by contractors", "Major works contractors completed since week 0 (cumulative).", "count"),
    Outcome("meetings_held", "已召开联席会议", "Joint meetings held", "Joint meetings held since week 0 (cumulative).", "count"),
    Outcome("firm_effort_share", "物业投入比例", "Firm effort share", "Share of property firms' staff capacity spent on residents' problems this week (1 - shirking), mean over firms.", "level"),
    Outcome("firm_staffing", "物业人员保障率", "Firm staffing", "Property firms' staff capacity as a share of what full fee payment would pay for, mean over firms (falls when households pay less).", "level"),
]

OUTCOMES: dict[str, Outcome] = {o.name: o for o in _OUTCOMES}

#: Quantities of a single week (what happened during it): NaN at week 0, where the experiment's
#: record starts and no week of it has passed yet (the week before belongs to the burn-in).
WEEKLY_OUTCOMES = frozenset({
    "problems_arisen_step", "problems_reported_step", "problems_resolved_step",
    "core_effective_capacity", "volunteer_effort", "firm_effort_share",
})

#: Outcomes shown in comparison figures, reports and printed summaries, in this order.
HEADLINE_OUTCOMES = (
    "resolution_rate",
    "governance_resolution_rate",
    "cross_actor_resolution_rate",
    "participation_rate",
    "backlog",
    "mean_trust",
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
