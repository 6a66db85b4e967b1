"""The pre-registered table of stylised facts, and the settings they are measured in.

One record per fact (:data:`FACTS`): its source (S1-S5 or the literature of DESIGN §9), what is
measured and in which weeks, the published size, the tolerance around it and why it is that
wide, its role, the mechanism it tests, and the knockout that switches that mechanism off
through the parameter registry (``--set``-style overrides). ``cogov check-facts`` measures the
facts (:mod:`sim.analysis.validation`), ``cogov check-facts --knockouts`` measures them again
with each knockout applied, and ``tests/validation`` asserts both halves. Declared apart from
:mod:`sim.analysis.validation` (which needs numpy and the model) so that ``cogov check-facts
--help`` can list the fact keys without importing either.

Roles of the emergent patterns (docs/ODD.md §6.1):

* ``calibration``: a target of ``cogov calibrate`` (:mod:`sim.analysis.calibration_targets`),
  or a pattern a hand-set input was tuned toward (its ``provenance`` says which): fitted, so
  shown but not validation;
* ``counted``: held out from calibration, with a published size and a two-sided tolerance
  around it; counted as validation, and it must fail under its knockout;
* ``qualitative``: no published size (the source gives a direction or a description): shown,
  with its knockout, but not counted.

Input checks (``kind = "input"``) read back figures the model is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

STATUS_QUO_STEPS = 104
SECOND_YEAR = (53, 104)  # weeks averaged for participation facts (the lock-in's second year)
RESPONSE_WINDOW = (27, 78)  # weeks in which reports are judged timely or not (all settle by week 104)
FIRST_REPORT_BY_WEEK = 52  # first reports up to this week enter the "report again" comparison ...
FOLLOW_UP_WEEKS = 52  # ... which counts another report within this many weeks of the first
MANY_COMPOUNDS = {"width": 60, "height": 60}  # 24 compounds of 2 x 3 buildings (measured: 240 over 10 replicates)
TOP_COMPOUND_SHARE = 0.11  # Shanghai 2018: 11% of compounds produced 47% of property complaints
REFORM_START_WEEK = 52
REFORM_FOLLOW_WEEKS = 104
REFORM_FIRST_YEAR_END = (40, 52)  # weeks after the switch averaged for the reform's first-year gain
TIMELY_WEEKS = 4  # a problem counts as resolved in time when resolved within four weeks
REFORM_SCENARIO = "co_governance"
STALL_OPEN_WEEKS = 26  # cross-actor works still open this long after they arose have stalled

#: Residents learn nothing from how their reports are answered (no efficacy or trust gained on an
#: answer or lost on neglect): the route from an answer to the next report and to participation.
NO_LEARNING_FROM_ANSWERS = (("efficacy_gain_on_response", 0.0), ("trust_gain_on_response", 0.0),
                            ("efficacy_loss_on_neglect", 0.0), ("trust_loss_on_neglect", 0.0))
ROLES = ("calibration", "counted", "qualitative")


# ====================================================================== the facts
@dataclass(frozen=True)
class Fact:
    """A stylised fact: one row of the pre-registered table.

    ``tolerance`` bounds the headline figure (``-inf``/``inf`` on an open side); ``definition``
    states any further condition the measure checks. ``knockout`` is a tuple of (parameter,
    value) pairs applied on top of the scenario in every setting the fact is measured in.
    """

    key: str
    label_zh: str
    label_en: str
    target_zh: str
    target_en: str
    source: str
    setting: str  # "status quo", "many compounds", "reform", "reformed" or "equal time"
    kind: str = "emergent"  # "emergent": a pattern the model must produce; "input": a figure it is given
    role: str = "qualitative"  # emergent patterns: one of ROLES; input checks: ""
    tolerance_why: str = ""
    definition: str = ""
    published: str = ""  # the published size, in words ("" when the source gives none)
    size: float | None = None  # the published size on the scale of the headline figure
    tolerance: tuple[float, float] = (-math.inf, math.inf)
    mechanism: str = ""
    knockout: tuple[tuple[str, float], ...] = ()
    knockout_why: str = ""
    provenance: str = ""  # hand-set inputs tuned toward this pattern (which makes it a calibration target)

    @property
    def counts(self) -> bool:
        """Whether the fact counts as validation: an emergent, held-out pattern with a published size."""
        return self.kind == "emergent" and self.role == "counted"

    @property
    def judged(self) -> bool:
        """Whether a failure matters for ``--strict``: counted patterns and calibration targets (not qualitative checks)."""
        return self.kind == "emergent" and self.role in ("calibration", "counted")

    def within(self, figure: float) -> bool:
        """Whether the headline figure lies inside the tolerance (NaN never does)."""
        low, high = self.tolerance
        return bool(low <= figure <= high)

    def tolerance_text(self) -> str:
        low, high = self.tolerance
        if math.isinf(low) and math.isinf(high):
            return "(none)"
        if math.isinf(low):
            return f"<= {high:.3g}"
        if math.isinf(high):
            return f">= {low:.3g}"
        return f"{low:.3g} to {high:.3g}"

    def knockout_text(self) -> str:
        return ", ".join(f"{name}={value:g}" for name, value in self.knockout) or "(none)"


HALF_THE_SIZE = "half the published size either way: wide enough for a different channel, city and year, narrow enough that no effect and a doubled effect both fail"
RESPONDER_CAPACITY_PROVENANCE = ("firm_capacity_per_1000 and social_org_capacity were set toward it by "
                                 "scripts/calibrate_responder_capacity.py (ODD §6.0)")

#: What the two measures of Sjoberg, Mellon & Peixoto's effect share (status quo and co-governance).
RESPONSE_BREEDS_REPORTING = dict(
    published="+57% chance of a second report after a response", size=0.57,
    mechanism="learning from answers (efficacy and trust) feeding the reporting decision",
    knockout=NO_LEARNING_FROM_ANSWERS, knockout_why="residents learn nothing from how their reports are answered",
)

FACTS: tuple[Fact, ...] = (
    Fact("age_participation", "参与随年龄上升", "Participation rises with age",
         "退休居民参与率至少是青年的2.5倍", "retired participate >= 2.5 x as often as young",
         "Shanghai Urban Neighbourhood Survey c. 2017 (14% aged 18-29 vs 78% aged 70-79 voted)", "status quo",
         kind="input", role="", tolerance=(2.5, math.inf),
         definition="weekly participation of retired over young household representatives, weeks 53-104",
         tolerance_why="Follows from the time-availability inputs (retired 0.9 vs young 0.45): shown for completeness, not evidence."),
    Fact("party_participation", "党员参与多于群众", "Party members participate more",
         "党员/非党员参与率之比在1.1至2.7之间（调查：1.35）", "member / non-member participation 1.1-2.7 (survey 1.35)",
         "Shanghai Urban Neighbourhood Survey c. 2017 (65% vs 48%)", "status quo",
         role="calibration", published="65% vs 48% voted: ratio 1.35", size=1.35, tolerance=(1.1, 2.7),
         definition="weekly participation of Party members over non-members, weeks 53-104 (ratio of pooled means)",
         mechanism="members' duties mobilise them (party_duty), on top of their older age",
         knockout=(("party_duty", 0.0),),
         knockout_why="members' duties no longer mobilise them; the age route (members are older) remains",
         tolerance_why="A calibration target (its band is the calibration's, sim/analysis/calibration_targets.py); the survey counts election turnout, not weekly participation."),
    Fact("thin_participation", "正式参与很薄弱", "Formal participation is thin",
         "每周参与率2%-20%，近四周接触过党员的住户少于40%", "weekly participation 2-20%; < 40% of households met a Party member in 4 weeks",
         "Shanghai Urban Neighbourhood Survey 2017 (about 70% do not know their committee director)", "status quo",
         role="calibration", published="no weekly figure (about 70% do not know their residents' committee director)",
         tolerance=(0.02, 0.20),
         definition="mean weekly participation rate, weeks 53-104; and Party reach (households visited in the last 4 weeks) below 40%",
         mechanism="the participation decision against time cost (a level, not one mechanism): no knockout",
         tolerance_why="A calibration target; surveys report participation per year or per activity, not per week, so the band spans what weekly rates consistent with them can be."),
    Fact("committees_unaided", "业委会自发组建少", "Owners' committees rarely form unaided",
         "无推动时15%-30%的小区有业委会", "15-30% of compounds have a committee without a push",
         "Beijing housing commission 2021 (15-30% in big cities)", "many compounds",
         kind="input", role="", tolerance=(0.15, 0.30), definition="share of compounds with a committee at set-up, no push",
         tolerance_why="The formation probability is a parameter taken from the same source: shown for completeness."),
    Fact("committees_pushed", "推动下业委会普遍组建", "Owners' committees form under a push",
         "全力推动下80%-97%的小区有业委会", "80-97% of compounds have a committee under a full push",
         "Beijing housing commission 2021 (11.9% to 90.1% in one year)", "many compounds",
         kind="input", role="", tolerance=(0.80, 0.97), definition="share of compounds with a committee at set-up, full push",
         tolerance_why="The formation probability under a push is a parameter taken from the same source: shown for completeness."),
    Fact("complaint_concentration", "投诉集中在少数小区", "Complaints concentrate in few compounds",
         "最差11%的小区产生35%-65%的物业投诉（上海：47%）", "worst 11% of compounds produce 35-65% of property complaints (Shanghai 47%)",
         "Shanghai 2018 (11% of compounds, 47% of property complaints)", "many compounds",
         role="calibration", published="11% of compounds produced 47% of property complaints", size=0.47, tolerance=(0.35, 0.65),
         definition="share of property complaints (weeks 0-104 after the burn-in) from the 11% of compounds with most complaints, 60 x 60 grid, mean over replicates",
         mechanism="the spread of housing condition across compounds (older stock breaks more), passed on by firms that serve one compound each",
         knockout=(("compound_condition_sigma", 0.0),), knockout_why="every compound's stock in the same condition",
         provenance="compound_condition_sigma was raised by hand from 0.8 to 1.0 toward this pattern (issue 18): a calibration target, no longer held out",
         tolerance_why="One city and one year (47%); +/-12 points is about the spread seen between districts in such counts."),
    Fact("low_responsiveness", "无压力时回应率低", "Responsiveness without pressure is low",
         "居民上报在耐心耗尽前由治理体系解决的比例为20%-50%（约三分之一）",
         "20-50% of residents' reports answered by the governance system before patience runs out (about one third)",
         "Chen, Pan & Xu 2016, AJPS (about one third of local governments respond)", "status quo",
         role="calibration", published="about one third of county governments answered a request without threats", size=1 / 3,
         tolerance=(0.20, 0.50),
         definition="reports by residents on problems arising in weeks 27-78 resolved by the governance system before the household's patience ran out",
         mechanism="first responders' limited capacity", knockout=(("firm_capacity_per_1000", 500.0), ("social_org_capacity", 500.0)),
         knockout_why="firms and organisations at the registry's largest capacity (no capacity limit)",
         provenance=RESPONDER_CAPACITY_PROVENANCE,
         tolerance_why="A calibration target; a field experiment with a different channel (online requests to county governments): about one third, so 20-50%."),
    Fact("response_breeds_reporting", "回应促进再次上报", "Response breeds reporting",
         "首次上报得到及时回应者一年内再次上报的概率高出28%-114%（研究：57%）",
         "first report answered in time: +28% to +114% chance of another report within a year (study: +57%)",
         "Sjoberg, Mellon & Peixoto 2017 (+57%)", "status quo",
         role="calibration", tolerance=(0.28, 1.14), **RESPONSE_BREEDS_REPORTING,
         definition="households whose first report (by week 52) was answered in time by governance vs neglected: relative increase in the share reporting again within 52 weeks",
         provenance=RESPONDER_CAPACITY_PROVENANCE,
         tolerance_why="A calibration target (its band is the calibration's); one platform study (+57%), half to twice the published effect."),
    Fact("response_breeds_reporting_reform", "改革后回应仍促进再次上报", "Response breeds reporting, under co-governance",
         "共治改革下，首次上报得到及时回应者一年内再次上报的概率高出28%-86%（研究：57%）",
         "under co-governance: first report answered in time: +28% to +86% chance of another report within a year (study: +57%)",
         "Sjoberg, Mellon & Peixoto 2017 (+57%)", "reformed",
         role="counted", tolerance=(0.285, 0.855), **RESPONSE_BREEDS_REPORTING,
         definition="as response_breeds_reporting, in a community under the reform's levers from week 0 after the burn-in (a setting calibration never sees)",
         tolerance_why="The study's effect is a property of residents, not of how often they are answered, so it should hold where answers are more common; " + HALF_THE_SIZE + "."),
    Fact("reform_gain", "改革一年内提升及时解决率", "Reform lifts timely resolution within a year",
         "改革第一年末及时解决率比改革前一季度高10.5至31.5个百分点（北京2019年：53%→74%，+21）",
         "timely resolution at the end of the reform's first year 10.5 to 31.5 points above the quarter before (Beijing 2019: 53% -> 74%, +21)",
         "Beijing 接诉即办 reports (53% -> 74% within 2019 -> 89% in 2021)", "reform",
         role="counted", published="+21 points within the first year (53% -> 74%)", size=0.21, tolerance=(0.105, 0.315),
         definition="paired difference (reform minus the same seeds held in the status quo) in the share of each week's new problems resolved by governance within 4 weeks: mean over weeks 40-52 after the switch minus the mean of the 13 weeks before",
         mechanism="the reform frees the core's capacity (burden relief from empowerment) for the problems escalated to it",
         knockout=(("empowerment_burden_relief", 0.0),),
         knockout_why="empowerment relieves none of the core's administrative burden (its other routes stay on)",
         tolerance_why=HALF_THE_SIZE.capitalize() + " (the 2021 level, +36, lies outside); the reported rate is the hotline's own, the model's is every new problem's."),
    Fact("reform_s_curve", "改革后解决率呈S形上升", "Reform lifts resolution along an S-curve",
         "改革后及时解决率先慢后快再趋平：前8周不到四分之一，半程滞后4-52周，第二年基本持平",
         "timely resolution rises slow-fast-level: < 1/4 of the gain in the first 8 weeks, half after 4-52 weeks, flat (±1/4) in year two",
         "Beijing 接诉即办 reports (53% -> 74% within 2019 -> 89% in 2021)", "reform",
         published="no shape: three yearly points", tolerance=(0.0, math.inf),
         definition="the reform's paired effect path (as reform_gain): positive second-year gain, share reached in the first 8 weeks, logistic midpoint lag, drift within year two",
         mechanism="residents learning from answers, which builds participation and reporting slowly",
         knockout=NO_LEARNING_FROM_ANSWERS, knockout_why="residents learn nothing from how their reports are answered",
         tolerance_why="The reported path has three points, which give no shape; only a slow start and levelling off are asked for: a qualitative check."),
    Fact("party_membership", "党员约占7%且年龄偏大", "Party members: about 7%, older than average",
         "党员占6%-8%，党员中退休者占20%-36%（全国：61岁以上28%）", "members 6-8% of residents; 20-36% of members retired (national: 28% aged 61+)",
         "CPC statistics 2023 (about 7%; 28% of members aged 61+)", "status quo",
         kind="input", role="", tolerance=(0.06, 0.08), definition="share of residents who are members; retired share of members 20-36%",
         tolerance_why="Membership share and its age profile are parameters: shown for completeness."),
    Fact("participation_lock_in", "回应低则参与锁定在低位", "Low responsiveness locks participation in low",
         "首次上报被搁置的住户第二年参与率至多为得到回应者的85%", "households whose first report was neglected participate in year two at most 0.85 x as often as those answered",
         "S2 §1 (参不参与都一样)", "status quo",
         published="none (S2 reports the attitude)", tolerance=(0.0, 0.85),
         definition="weeks 53-104 participation of households whose first report was neglected over those whose first report was answered by governance",
         mechanism="efficacy and trust lost on neglect",
         knockout=(("efficacy_loss_on_neglect", 0.0), ("trust_loss_on_neglect", 0.0)), knockout_why="neglect costs no efficacy or trust",
         tolerance_why="S2 reports the attitude, not a size: a qualitative check; 15% lower is well beyond run-to-run noise at ten replicates (about 3%)."),
    Fact("cross_actor_stall", "碎片化下跨主体事项久拖不决", "Cross-actor works stall under fragmentation",
         "第一年产生的跨主体大事26周后仍有至少30%未解决、但最终至少四分之一得到解决，解决周数中位数至少是日常问题的3倍",
         "of cross-actor works arising in year one >= 30% are still open after 26 weeks yet >= 1/4 are resolved by the end; median weeks to resolution >= 3 x that of everyday problems",
         "S1 §1.2; S3 §2.1 (多头管理、协调难)", "status quo",
         published="none (works wait for months across several offices)", tolerance=(0.30, math.inf),
         definition="cross-actor works arising in weeks 1-52: share open 26 weeks after arising; Kaplan-Meier quartiles of weeks to resolution, censored at week 104 (the 25th percentile must be reached: stalled, not frozen); median against everyday problems'",
         mechanism="actors committing to a cross-actor work one by one (fragmentation, p_commit_independent)",
         knockout=(("p_commit_independent", 0.0),), knockout_why="no actor commits on its own",
         tolerance_why="The sources describe works waiting for months, and being done in the end: a qualitative check (no size), two-sided in kind (stalled, not frozen)."),
    Fact("complaint_amplification", "物业超负荷放大投诉集中", "Overloaded firms amplify complaint concentration",
         "投诉最多的11%小区所占投诉份额至少是其物业问题份额的1.1倍", "the worst 11% of compounds' share of property complaints >= 1.1 x their share of property problems",
         "Shanghai 2018 (47% of complaints from 11% of compounds) with S2 §1", "many compounds",
         published="none", tolerance=(1.1, math.inf),
         definition="the worst 11% of compounds' share of property complaints over their share of property problems, 60 x 60 grid",
         mechanism="firms that fall further behind where they have more to do (capacity per household fixed)",
         knockout=(("firm_capacity_per_1000", 500.0),), knockout_why="firms at the registry's largest capacity (never overloaded)",
         tolerance_why="No source gives a size: a qualitative check; 10% more than the problems alone is the smallest amplification worth the name. "
                       "Its knockout does not bite (firms that are never overloaded give a larger ratio, ODD §6.4): the pattern does not test firm overload."),
    Fact("behavioural_membership_gradient", "行为产生党员参与差异", "A membership gradient arises from behaviour",
         "各年龄组空闲时间相同时，党员参与率仍至少为非党员的1.1倍", "with equal free time in every age group, members still participate >= 1.1 x as often as non-members",
         "Shanghai Urban Neighbourhood Survey c. 2017 (65% vs 48%)", "equal time",
         published="none for the behavioural part (the survey's 1.35 includes the age route and is a calibration target)",
         tolerance=(1.1, math.inf),
         definition="member / non-member participation, weeks 53-104, with every age group's free time set to the population mean",
         mechanism="members' duties mobilise them (party_duty)", knockout=(("party_duty", 0.0),),
         knockout_why="members' duties no longer mobilise them",
         tolerance_why="The party_participation target under equal time: not independent of calibration and without a size of its own, so qualitative."),
)
FACT_BY_KEY = {fact.key: fact for fact in FACTS}
