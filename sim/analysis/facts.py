"""The stylised facts of pattern-oriented validation and the settings they are measured in.

Declared apart from :mod:`sim.analysis.validation` (which measures them, with numpy and the
model) so that ``cogov check-facts --help`` can list the fact keys without importing either.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUS_QUO_STEPS = 104
SECOND_YEAR = (53, 104)  # weeks averaged for participation facts (the lock-in's second year)
RESPONSE_WINDOW = (27, 78)  # weeks in which reports are judged timely or not (all settle by week 104)
FIRST_REPORT_BY_WEEK = 52  # first reports up to this week enter the "report again" comparison ...
FOLLOW_UP_WEEKS = 52  # ... which counts another report within this many weeks of the first
MANY_COMPOUNDS = {"width": 60, "height": 60}  # 27 compounds of 2 x 3 buildings
TOP_COMPOUND_SHARE = 0.11  # Shanghai 2018: 11% of compounds produced 47% of property complaints
REFORM_START_WEEK = 52
REFORM_FOLLOW_WEEKS = 104
TIMELY_WEEKS = 4  # a problem counts as resolved in time when resolved within four weeks
REFORM_SCENARIO = "co_governance"


# ====================================================================== the facts
@dataclass(frozen=True)
class Fact:
    """A stylised fact: label, target pattern and tolerance, source, and the setting it needs."""

    key: str
    label_zh: str
    label_en: str
    target_zh: str
    target_en: str
    source: str
    setting: str  # "status quo", "many compounds", "reform" or "equal time"
    kind: str = "emergent"  # "emergent": a pattern the model must produce; "input": a figure it is given
    role: str = "held-out"  # emergent patterns: "calibration" (ABC target) or "held-out" (validation only)
    tolerance_why: str = ""

    @property
    def counts(self) -> bool:
        """Whether the fact counts as validation (only emergent patterns do)."""
        return self.kind == "emergent"


FACTS: tuple[Fact, ...] = (
    Fact("age_participation", "参与随年龄上升", "Participation rises with age",
         "退休居民参与率至少是青年的2.5倍", "retired participate >= 2.5 x as often as young",
         "Shanghai Urban Neighbourhood Survey c. 2017 (14% aged 18-29 vs 78% aged 70-79 voted)", "status quo",
         kind="input", role="", tolerance_why="Follows from the time-availability inputs (retired 0.9 vs young 0.45): shown for completeness, not evidence."),
    Fact("party_participation", "党员参与多于群众", "Party members participate more",
         "党员/非党员参与率之比在1.1至2.7之间（调查：1.35）", "member / non-member participation 1.1-2.7 (survey 1.35)",
         "Shanghai Urban Neighbourhood Survey c. 2017 (65% vs 48%)", "status quo",
         role="calibration", tolerance_why="The survey ratio is 1.35; the band allows for a single city survey and for the model counting weekly rather than any participation."),
    Fact("thin_participation", "正式参与很薄弱", "Formal participation is thin",
         "每周参与率2%-20%，近四周接触过党员的住户少于40%", "weekly participation 2-20%; < 40% of households met a Party member in 4 weeks",
         "Shanghai Urban Neighbourhood Survey 2017 (about 70% do not know their committee director)", "status quo",
         role="calibration", tolerance_why="Surveys report participation per year or per activity, not per week; the band spans what weekly rates consistent with them can be."),
    Fact("committees_unaided", "业委会自发组建少", "Owners' committees rarely form unaided",
         "无推动时15%-30%的小区有业委会", "15-30% of compounds have a committee without a push",
         "Beijing housing commission 2021 (15-30% in big cities)", "many compounds",
         kind="input", role="", tolerance_why="The formation probability is a parameter taken from the same source: shown for completeness."),
    Fact("committees_pushed", "推动下业委会普遍组建", "Owners' committees form under a push",
         "全力推动下80%-97%的小区有业委会", "80-97% of compounds have a committee under a full push",
         "Beijing housing commission 2021 (11.9% to 90.1% in one year)", "many compounds",
         kind="input", role="", tolerance_why="The formation probability under a push is a parameter taken from the same source: shown for completeness."),
    Fact("complaint_concentration", "投诉集中在少数小区", "Complaints concentrate in few compounds",
         "最差11%的小区产生35%-65%的物业投诉（上海：47%）", "worst 11% of compounds produce 35-65% of property complaints (Shanghai 47%)",
         "Shanghai 2018 (11% of compounds, 47% of property complaints)", "many compounds",
         tolerance_why="One city and one year (47%); +/-12 points is about the spread seen between districts in such counts."),
    Fact("low_responsiveness", "无压力时回应率低", "Responsiveness without pressure is low",
         "居民上报在耐心耗尽前得到解决的比例为20%-50%（约三分之一）", "20-50% of residents' reports resolved before patience runs out (about one third)",
         "Chen, Pan & Xu 2016, AJPS (about one third of local governments respond)", "status quo",
         role="calibration", tolerance_why="A field experiment with a different channel (online requests to county governments); about one third, so 20-50%."),
    Fact("response_breeds_reporting", "回应促进再次上报", "Response breeds reporting",
         "首次上报得到及时回应者一年内再次上报的概率高出28%-114%（研究：57%）",
         "first report answered in time: +28% to +114% chance of another report within a year (study: +57%)",
         "Sjoberg, Mellon & Peixoto 2017 (+57%)", "status quo",
         role="calibration", tolerance_why="One platform study (+57%); half to twice the published effect."),
    Fact("reform_s_curve", "改革后解决率呈S形上升", "Reform lifts resolution along an S-curve",
         "改革后及时解决率先慢后快再趋平：提升至少5个百分点，前8周不到四分之一，半程滞后4-52周，第二年基本持平",
         "timely resolution rises slow-fast-level: gain >= 5 points, < 1/4 of it in the first 8 weeks, half after 4-52 weeks, flat (±1/4) in year two",
         "Beijing 接诉即办 reports (53% -> 74% within 2019 -> 89% in 2021)", "reform",
         tolerance_why="The reported path has three points; only the shape (slow start, levelling off) and a gain above noise are asked for."),
    Fact("party_membership", "党员约占7%且年龄偏大", "Party members: about 7%, older than average",
         "党员占6%-8%，党员中退休者占20%-36%（全国：61岁以上28%）", "members 6-8% of residents; 20-36% of members retired (national: 28% aged 61+)",
         "CPC statistics 2023 (about 7%; 28% of members aged 61+)", "status quo",
         kind="input", role="", tolerance_why="Membership share and its age profile are parameters: shown for completeness."),
    Fact("participation_lock_in", "回应低则参与锁定在低位", "Low responsiveness locks participation in low",
         "首次上报被搁置的住户第二年参与率至多为得到回应者的85%", "households whose first report was neglected participate in year two at most 0.85 x as often as those answered",
         "S2 §1 (参不参与都一样)", "status quo",
         tolerance_why="S2 reports the attitude, not a size; 15% lower is well beyond run-to-run noise at ten replicates (about 3%)."),
    Fact("cross_actor_stall", "碎片化下跨主体事项久拖不决", "Cross-actor works stall under fragmentation",
         "第一年产生的跨主体大事26周后仍有至少30%未解决，解决周数中位数至少是日常问题的3倍",
         "of cross-actor works arising in year one >= 30% are still open after 26 weeks; median weeks to resolution >= 3 x that of everyday problems",
         "S1 §1.2; S3 §2.1 (多头管理、协调难)", "status quo",
         tolerance_why="The sources describe works waiting for months across several offices; 26 weeks and a threefold gap are conservative readings."),
    Fact("complaint_amplification", "物业超负荷放大投诉集中", "Overloaded firms amplify complaint concentration",
         "投诉最多的11%小区所占投诉份额至少是其物业问题份额的1.1倍", "the worst 11% of compounds' share of property complaints >= 1.1 x their share of property problems",
         "Shanghai 2018 (47% of complaints from 11% of compounds) with S2 §1", "many compounds",
         tolerance_why="Concentration beyond the spread of housing condition needs firms that fall behind; 10% more than the problems alone is the smallest amplification worth the name."),
    Fact("behavioural_membership_gradient", "行为产生党员参与差异", "A membership gradient arises from behaviour",
         "各年龄组空闲时间相同时，党员参与率仍至少为非党员的1.1倍", "with equal free time in every age group, members still participate >= 1.1 x as often as non-members",
         "Shanghai Urban Neighbourhood Survey c. 2017 (65% vs 48%)", "equal time",
         tolerance_why="Removes the age route (members are older) so that what remains comes from members' own activeness and visits."),
)
FACT_BY_KEY = {fact.key: fact for fact in FACTS}
