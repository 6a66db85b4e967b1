"""The weekly form of each classroom role, what each choice costs and buys, and the answers.

A role's form lists exactly the choices a student may send this week, and only those that apply
(no meeting question without a meeting, no common-fund question without a common fund, no vote on
works when none wait for the owners); each option says, in the model's own terms and with this
week's figures, what it costs and what it buys. The server accepts an answer only if every field
holds one of the offered values (:func:`parse_answers`), then turns the answers of all students
into the model's :class:`sim.model.decisions.WeekDecisions` (:func:`week_decisions`).

Every figure carries its unit: the model counts work in effort units (工作量单位) and money in
money units (经费单位), as its parameter registry does.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.interfaces.classroom.roles import COMMITTEE, CORE, FIRM, MEMBER, ORGANISATION, RESIDENTS, AnswerError, Role
from sim.model.agents import AGE_GROUPS, DOMAIN_LABELS, DOMAINS
from sim.model.decisions import (
    CommitteeChoice,
    CoreChoice,
    FirmChoice,
    MemberChoice,
    OrganisationChoice,
    ResidentChoice,
    WeekDecisions,
)
from sim.model.mechanisms.money import incomes
from sim.model.problems import CROSS_ACTOR, NEEDS_COMMITTEE, NOT_YET
from sim.parameters import CATEGORY_KEYS, CATEGORY_LABELS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

#: Firm effort levels offered on the form (share of capacity put into residents' problems).
EFFORT_LEVELS = ("0.0", "0.2", "0.4", "0.6", "0.8", "1.0")
#: The model's units, as a figure on a student's page names them.
EFFORT_UNIT = ("个工作量单位", "effort units")
MONEY_UNIT = ("经费单位", "money units")
#: Every field of every form: its label (Chinese, English).
FIELD_LABELS = {
    "report": ("遇到问题是否上报（12345、网格员）", "Report problems (hotline, grid worker)"),
    "participate": ("是否参加本周社区活动", "Take part in this week's activity"),
    "volunteer": ("是否当志愿者", "Volunteer"),
    "visit": ("走访哪些住户", "Households to visit"),
    "attend_meeting": ("是否参加联席会议", "Attend the joint meeting"),
    "effort": ("投入多少人力处理居民的问题", "Effort on residents' problems"),
    "join_pool": ("是否向共享资金出资", "Pay into the common fund"),
    "approve_works": ("是否批准大修工程并动用维修基金", "Approve major works and release the maintenance fund"),
    "supervise": ("是否监督物业", "Supervise the property firm"),
    "domain": ("本周服务领域", "Domain to serve this week"),
    "dispatch_priority": ("派单优先处理", "Dispatch first"),
    "hold_meeting": ("是否召开联席会议", "Hold the joint meeting"),
    "pool_priority": ("共享资金优先用于", "The common fund pays first for"),
}
#: Every question each kind of role may be asked (which of them apply changes week by week).
ROLE_FIELDS = {
    RESIDENTS: ("report", "participate", "volunteer"),
    MEMBER: ("visit", "attend_meeting"),
    FIRM: ("effort", "join_pool"),
    COMMITTEE: ("approve_works", "supervise"),
    ORGANISATION: ("domain",),
    CORE: ("dispatch_priority", "hold_meeting", "pool_priority"),
}
AGE_LABELS = {"young": ("青年", "young"), "working": ("在职", "working"), "retired": ("退休", "retired")}
#: What each yes/no choice costs and buys, in the model's terms: {field: ((yes zh, yes en), (no zh, no en))}.
YES_NO_NOTES = {
    "report": (
        ("问题进入社区的派单队列（派单要花社区的工作力量）；解决后，上报的住户参与效能感和信任升得更多。",
         "Your problems join the community's dispatch queue (dispatching costs the core's effort); once solved, "
         "households that reported gain more efficacy and trust."),
        ("问题只能等党员走访或网格员巡查时发现；拖过住户的耐心，效能感和信任下降，还可能打 12345 投诉。",
         "Problems wait for a Party member's visit or a grid patrol; past a household's patience efficacy and trust "
         "fall, and it may call the 12345 hotline."),
    ),
    "participate": (
        ("要花时间（在职居民最难抽身）；邻居更了解彼此的问题，志愿者能顺手解决小事；小区参与越多，业委会越有代表性。",
         "It takes time (hardest for working residents); neighbours learn of each other's problems and volunteers fix "
         "small ones; the more a compound takes part, the more legitimate its owners' committee."),
        ("省下时间；但邻里互助少了，邻居也更不愿参加，业委会的合法性随小区参与下降。",
         "Saves time; but less mutual help, neighbours are less inclined to join, and the committee's legitimacy "
         "falls with the compound's participation."),
    ),
    "volunteer": (
        ("把空闲时间用在本楼的小问题上（环境、服务、纠纷里的小事）；有志愿积分制时还能攒积分。",
         "Your free time goes into the building's small problems (environment, services, small disputes); with a "
         "points scheme you earn points."),
        ("只参加活动，不出力。", "Take part without working on problems."),
    ),
    "join_pool": (
        ("社区用共享资金补缺钱的问题（首先是大修工程），物业自己的经费相应减少；共享资金回报不到出资一半时，出资意愿会慢慢减弱。",
         "The community uses the fund for problems short of money (major works first); the firm's own budget is "
         "smaller by as much; while the fund returns less than half of what the firm paid in, its willingness fades."),
        ("本周不出资：经费留在物业，共享资金少了这一份。", "No payment this week: the money stays with the firm; the fund misses it."),
    ),
    "approve_works": (
        ("同意开工，并允许用维修基金付工程款；还要物业和社区也同意，工程才能动工。",
         "Consent to the works and let the maintenance fund pay for them; the firm and the core must consent too."),
        ("工程继续等待，居民的问题拖着，拖久了会有投诉。", "The works keep waiting; residents' problems drag on and may end in complaints."),
    ),
    "supervise": (
        ("督促物业少把人力挪去逐利，效果随业委会的合法性而定；在模型里监督不花业委会的钱。",
         "Presses the firm to divert less effort to profit, as far as the committee's legitimacy carries; in the "
         "model supervising costs the committee no money."),
        ("物业按自己的判断分配人力。", "The firm divides its effort as it sees fit."),
    ),
    "attend_meeting": (
        ("你在会上代表你任职的组织表态：它同意待批工程的可能更大。",
         "At the table you speak for the organisation where you hold a post: it is more likely to consent to pending works."),
        ("不到场：你任职的组织按自己的判断表态。", "Absent: the organisation where you hold a post decides on its own."),
    ),
    "hold_meeting": (
        ("各方同桌商量，待批工程一次谈成的可能大得多（有党员交叉任职、业委会合法性高时更大）；开会占用社区的工作力量。",
         "The parties meet at one table: pending works are far more likely to be agreed at once (more so with "
         "embedded Party members and a legitimate committee); the meeting takes the core's effort."),
        ("各方各自表态，一项工程往往要等很久才凑齐同意。", "Each party decides alone; a work often waits long for every consent."),
    ),
}
DOMAIN_NOTES = {
    "care": ("接社区派来的养老托育服务类问题。", "Takes the services for the old and young that the core dispatches."),
    "mediation": ("接邻里纠纷类问题。", "Takes neighbour disputes."),
    "environment": ("接一部分环境卫生问题（其余归物业）。", "Takes part of the environment problems (the rest go to the firm)."),
    "volunteering": (
        "不接派单：本组织的力量作为有组织的志愿者，分到居民参与多的楼栋做小事；已派给你们的问题本周没人处理。",
        "No dispatched work: your capacity goes to the buildings where residents take part, as organised volunteers; "
        "problems already dispatched to you wait this week.",
    ),
}


def _yes_no(name: str) -> list[tuple[str, str, str, str, str]]:
    (yes_zh, yes_en), (no_zh, no_en) = YES_NO_NOTES[name]
    return [("true", "是", "Yes", yes_zh, yes_en), ("false", "否", "No", no_zh, no_en)]


def _field(name: str, kind: str, options, hint: tuple[str, str] = ("", ""), most: int = 0, **extra: Any) -> dict:
    """One question: options are (value, zh, en[, note zh, note en]); ``extra`` adds ``requires``
    (the field applies only when another field has a value) or a ``layout`` for the page."""
    zh, en = FIELD_LABELS[name]
    listed = []
    for option in options:
        value, option_zh, option_en, *note = option
        entry = {"value": value, "zh": option_zh, "en": option_en, "note_zh": "", "note_en": ""}
        if note:
            entry["note_zh"], entry["note_en"] = note[0], note[1]
            if len(note) > 2:
                entry["tile"] = note[2]
        listed.append(entry)
    return {"name": name, "label_zh": zh, "label_en": en, "kind": kind, "options": listed, "hint_zh": hint[0], "hint_en": hint[1],
            "most": most, "requires": None, "layout": "list", **extra}


def _amount(value: float, unit: tuple[str, str]) -> tuple[str, str]:
    return f"{value:,.1f} {unit[0]}", f"{value:,.1f} {unit[1]}"


def most_visits(model: CoGovernanceModel) -> int:
    """The most households a member may visit in a week from the form: the registry's weekly visit rate
    of a fully active member (simulated members visit fewer, as activeness and formalism cut it)."""
    return max(1, math.ceil(model.p.visits_per_member_week))


def meeting_scheduled(model: CoGovernanceModel) -> bool:
    """Whether the coming week is a joint-meeting week of the schedule."""
    week = model.steps + 1  # the model's step counter during the coming step
    return model.p.meeting_interval_steps > 0 and week % model.p.meeting_interval_steps == 0


def member_post(model: CoGovernanceModel, member: int) -> int | None:
    """The actor in which a Party member holds a post (交叉任职), if any."""
    posts = np.flatnonzero(model.post_holder == member)
    return int(posts[0]) if len(posts) else None


def works_awaiting_owners(model: CoGovernanceModel, compound: int) -> int:
    """Major works of ``compound`` already dispatched that still need the owners' consent."""
    book = model.problems
    works = book.open_ids[(book.category[book.open_ids] == CROSS_ACTOR) & (book.compound[book.open_ids] == compound)]
    return int(np.count_nonzero((book.needs[works] & NEEDS_COMMITTEE) & ~book.committed[works]))


def _open_for(model: CoGovernanceModel, actor: int) -> int:
    book = model.problems
    return int(np.count_nonzero(book.actor[book.open_ids] == actor))


def form(role: Role, model: CoGovernanceModel) -> list[dict]:
    """The fields of ``role``'s weekly form that apply this week (bilingual; option values are strings)."""
    p = model.p
    if role.kind == RESIDENTS:
        return [
            _field("report", "one", _yes_no("report")),
            _field("participate", "one", _yes_no("participate")),
            _field("volunteer", "one", _yes_no("volunteer"), requires={"participate": "true"}),
        ]
    if role.kind == MEMBER:
        return _member_form(role, model)
    if role.kind == FIRM:
        return _firm_form(role, model)
    if role.kind == COMMITTEE:
        fields = []
        waiting = works_awaiting_owners(model, role.actor)
        fund = _amount(float(model.actor_budget[model.committee_actor[role.actor]]), MONEY_UNIT)
        if waiting:
            hint = (f"本小区有 {waiting} 项大修工程等业委会同意；维修基金余额 {fund[0]}。",
                    f"{waiting} major works here wait for the owners' consent; maintenance fund {fund[1]}.")
            fields.append(_field("approve_works", "one", _yes_no("approve_works"), hint))
        legitimacy = float(model.legitimacy[role.actor])
        hint = (f"业委会的合法性 {legitimacy:.2f}（0 到 1，随本小区居民的参与升降）。",
                f"The committee's legitimacy is {legitimacy:.2f} (0 to 1, rising and falling with residents' participation).")
        fields.append(_field("supervise", "one", _yes_no("supervise"), hint))
        return fields
    if role.kind == ORGANISATION:
        capacity = _amount(p.social_org_capacity * (1 + p.social_org_professional_share) * model.capacity_factor, EFFORT_UNIT)
        waiting = _open_for(model, role.actor)
        hint = (f"本组织本周工作力量约 {capacity[0]}；派给本组织、尚未解决的问题 {waiting} 件。",
                f"This organisation works about {capacity[1]} this week; {waiting} open problems are dispatched to it.")
        domains = [(d, *DOMAIN_LABELS[d], *DOMAIN_NOTES[d]) for d in DOMAINS]
        return [_field("domain", "one", domains, hint)]
    return _core_form(model)


def _member_form(role: Role, model: CoGovernanceModel) -> list[dict]:
    p = model.p
    most = most_visits(model)
    hint = (
        f"最多走访 {most} 户。走访能发现没人上报的问题，让这户更信任社区党组织，并带动他们参加之后 "
        f"{p.mobilisation_duration_weeks} 周的活动；{p.trust_visit_memory_weeks} 周没人走访的住户，信任会慢慢回落。",
        f"Visit at most {most}. A visit finds unreported problems, raises the household's trust in the Party "
        f"organisation and draws it into activities for {p.mobilisation_duration_weeks} weeks; households no one has "
        f"visited for {p.trust_visit_memory_weeks} weeks slowly lose trust.",
    )
    fields = [_field("visit", "many", visit_options(role, model), hint, most, layout="map", columns=int(p.building_size_cells))]
    post = member_post(model, role.actor)
    if post is not None and meeting_scheduled(model):
        hint = ("本周召开例行联席会议；你在一个组织里交叉任职。", "A joint meeting is due this week; you hold a post in an organisation.")
        fields.append(_field("attend_meeting", "one", _yes_no("attend_meeting"), hint))
    return fields


def _firm_form(role: Role, model: CoGovernanceModel) -> list[dict]:
    p = model.p
    compound = role.actor
    full = p.firm_capacity_per_1000 * model.households_per_compound[compound] / 1000 * model.capacity_factor
    waiting = _open_for(model, int(model.firm_actor[compound]))
    capacity = _amount(full, EFFORT_UNIT)
    hint = (
        f"本周物业满员工作力量约 {capacity[0]}，派给本物业、尚未解决的问题 {waiting} 件。投入越多，维修和环境问题解决越快，"
        "拖延引起的 12345 投诉越少，居民越满意，物业费收缴率也随之上升；没投入的力量在模型里代表逐利压力下转去做别的业务"
        "（其收益不计入物业经费）。",
        f"At full strength the firm works about {capacity[1]} this week; {waiting} open problems are dispatched to it. The "
        "more effort, the faster repairs and environment problems are solved, the fewer hotline complaints from delays, "
        "the more satisfied residents and the higher the fee collection; effort not put in stands, in the model, for "
        "work diverted to other business under profit pressure (its earnings are not in the firm's budget).",
    )
    levels = []
    for level in EFFORT_LEVELS:
        amount = _amount(float(level) * full, EFFORT_UNIT)
        levels.append((level, f"{float(level):.0%} 用于居民问题（约 {amount[0]}）", f"{float(level):.0%} on residents' problems (about {amount[1]})"))
    fields = [_field("effort", "one", levels, hint)]
    if p.pooling > 0:
        paid = _amount(p.pooling * float(incomes(model)[model.firm_actor[compound]]), MONEY_UNIT)
        hint = (f"资源整合比例 {p.pooling:.0%}：出资即本周拿出收入中约 {paid[0]} 放进共享资金。",
                f"Pooling is {p.pooling:.0%}: paying in puts about {paid[1]} of this week's income into the common fund.")
        fields.append(_field("join_pool", "one", _yes_no("join_pool"), hint))
    return fields


def _core_form(model: CoGovernanceModel) -> list[dict]:
    p, book = model.p, model.problems
    capacity = _amount(model.core.effective_capacity(), EFFORT_UNIT)
    cost = p.dispatch_effort_per_problem * (1 - p.digital_dispatch_saving * p.digital_platform)
    open_ids = book.open_ids
    waiting = int(np.count_nonzero(book.in_core_queue[open_ids] & (book.assigned_step[open_ids] == NOT_YET)))
    hint = (
        f"社区本周的工作力量约 {capacity[0]}（已扣除上级摊派和形式主义），每派一单约花 {cost:.2f} 个工作量单位；"
        f"社区待派的问题 {waiting} 件（12345 投诉、各方协同的大修，以及没有其他人接手的问题）。12345 投诉的问题总是最先派。",
        f"The core works about {capacity[1]} this week (after pushed-down tasks and formalism); each dispatch costs about "
        f"{cost:.2f} effort units; {waiting} problems wait in the core's queue (hotline complaints, cross-actor major works and "
        f"what no one else takes). Hotline complaints always go first.",
    )
    categories = [(k, *CATEGORY_LABELS[k]) for k in CATEGORY_KEYS]
    fields = [_field("dispatch_priority", "one", [("oldest", "先到先办", "Oldest first"), *categories], hint)]
    pending = int(np.count_nonzero((book.needs[open_ids] > 0) & (book.committed[open_ids] != book.needs[open_ids])))
    when = ("本周是例行联席会议周。", "This is a scheduled meeting week.") if meeting_scheduled(model) else (
        "本周不是例会周，也可以临时召集。", "No meeting is scheduled this week; you may call one.")
    hint = (f"{when[0]}开会要花社区 {p.meeting_staff_effort:.1f} 个工作量单位（少派几单）；待各方同意的大修工程 {pending} 项。",
            f"{when[1]} A meeting takes {p.meeting_staff_effort:.1f} effort units of the core (fewer dispatches); "
            f"{pending} major works wait for consent.")
    fields.append(_field("hold_meeting", "one", _yes_no("hold_meeting"), hint))
    if p.pooling > 0:
        pool = _amount(model.pool_balance, MONEY_UNIT)
        hint = (f"共享资金余额 {pool[0]}，补已经派出、各方同意但还缺钱的问题。",
                f"The common fund holds {pool[1]}; it pays for dispatched, agreed problems that are short of money.")
        fields.append(_field("pool_priority", "one", categories, hint))
    return fields


def visit_options(role: Role, model: CoGovernanceModel) -> list[tuple]:
    """Households of the member's building, with what a visiting member would see, and where each
    lives in the building (``x``, ``y`` in cells from the building's corner: a map of the building)."""
    h, p = model.households, model.p
    building = int(model.member_building[role.actor])
    start, count = int(model.building_start[building]), int(model.building_count[building])
    open_problems = model.open_problems_per_household()
    size = int(p.building_size_cells)
    buildings_down = -(-int(p.height) // size)
    x0, y0 = (building // buildings_down) * size, (building % buildings_down) * size
    options = []
    for k, index in enumerate(range(start, start + count)):
        age_zh, age_en = AGE_LABELS[AGE_GROUPS[int(h.age_group[index])]]
        weeks = model.steps - int(h.last_visit_step[index])
        seen = 0 <= weeks < 100
        visited = (f"{weeks} 周前走访", f"visited {weeks} wk ago") if seen else ("未走访", "not visited")
        problems = int(open_problems[index])
        options.append((
            str(index),
            f"{k + 1} 户 · {age_zh} · 未解决问题 {problems} 件 · {visited[0]}",
            f"flat {k + 1}, {age_en}, {problems} open, {visited[1]}",
            "", "",
            {"flat": k + 1, "x": int(h.x[index]) - x0, "y": int(h.y[index]) - y0, "problems": problems,
             "weeks_since_visit": weeks if seen else None, "age_zh": age_zh, "age_en": age_en},
        ))
    return options


def situation(role: Role, model: CoGovernanceModel) -> tuple[str, str]:
    """What the actor can see this week before deciding (bilingual, one line, every figure with its unit)."""
    book = model.problems
    open_ids = book.open_ids
    if role.kind in (RESIDENTS, MEMBER):
        building = role.actor if role.kind == RESIDENTS else int(model.member_building[role.actor])
        mine = open_ids[book.building[open_ids] == building]
        unknown = int(np.count_nonzero(book.known_step[mine] == NOT_YET))
        where = ("本楼", "this building") if role.kind == RESIDENTS else (f"{building + 1} 号楼", f"building {building + 1}")
        return (f"{where[0]}未解决的问题 {len(mine)} 件，其中 {unknown} 件还没人上报或发现",
                f"{len(mine)} open problems in {where[1]}, {unknown} of them not yet reported or found")
    if role.kind == FIRM:
        n = _open_for(model, int(model.firm_actor[role.actor]))
        budget = _amount(float(model.actor_budget[model.firm_actor[role.actor]]), MONEY_UNIT)
        rate = float(model.fee_collection_rate[role.actor])
        return (f"派给本物业、尚未解决的问题 {n} 件；物业经费 {budget[0]}；物业费收缴率 {rate:.0%}",
                f"{n} open problems dispatched to this firm; budget {budget[1]}; fee collection {rate:.0%}")
    if role.kind == COMMITTEE:
        works = open_ids[(book.category[open_ids] == CROSS_ACTOR) & (book.compound[open_ids] == role.actor)]
        waiting = int(np.count_nonzero(book.committed[works] != book.needs[works]))
        fund = _amount(float(model.actor_budget[model.committee_actor[role.actor]]), MONEY_UNIT)
        return (f"本小区大修工程 {len(works)} 项未完成，其中 {waiting} 项待各方同意；维修基金余额 {fund[0]}",
                f"{len(works)} major works open here, {waiting} awaiting consent; maintenance fund {fund[1]}")
    if role.kind == ORGANISATION:
        n = _open_for(model, role.actor)
        return f"派给本组织、尚未解决的问题 {n} 件", f"{n} open problems dispatched to this organisation"
    pool = _amount(model.pool_balance, MONEY_UNIT)
    return (f"社区积压问题 {len(open_ids)} 件；共享资金余额 {pool[0]}",
            f"{len(open_ids)} open problems in the community; common fund {pool[1]}")


# ====================================================================== answers
def _applies(spec: dict, answers: dict) -> bool:
    return not spec["requires"] or all(answers.get(name) == value for name, value in spec["requires"].items())


def parse_answers(role: Role, model: CoGovernanceModel, answers: Any) -> dict[str, Any]:
    """Check a student's answers against the role's form; return them as choice values.

    Every field that applies must be present with one of the offered values (a "many" field: a
    list of distinct offered values, at most ``most``); a field whose condition is not met
    (``requires``), or a question of the role that is not asked this week (a page loaded before
    the teacher changed a lever), may be sent and is ignored; fields the role never has are refused. Raises
    :class:`AnswerError` (422) naming the field, the value and what is allowed.
    """
    if not isinstance(answers, dict):
        raise AnswerError(422, "答案格式错误：应为“字段: 取值”的对象", "answers must be an object of field -> value")
    fields = {f["name"]: f for f in form(role, model)}
    extra = sorted(set(answers) - set(ROLE_FIELDS[role.kind]))
    if extra:
        raise AnswerError(422, f"表单没有这些问题：{extra}；本周的问题：{sorted(fields)}",
                          f"the form has no field(s) {extra}; fields: {sorted(fields)}")
    parsed: dict[str, Any] = {}
    for name, spec in fields.items():
        if not _applies(spec, answers):
            continue
        if name not in answers:
            raise AnswerError(422, f"还没回答：{spec['label_zh']}", f"missing field '{name}' ({spec['label_en']})")
        value = answers[name]
        allowed = [o["value"] for o in spec["options"]]
        if spec["kind"] == "many":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise AnswerError(422, f"“{spec['label_zh']}”应为选项列表", f"field '{name}' must be a list of option values")
            if any(v not in allowed for v in value) or len(set(value)) != len(value) or len(value) > spec["most"]:
                raise AnswerError(
                    422, f"“{spec['label_zh']}”的选择无效：最多从 {len(allowed)} 个选项中选 {spec['most']} 个不同的",
                    f"field '{name}' = {value!r} is not allowed: up to {spec['most']} distinct values from the form's {len(allowed)} options",
                )
            parsed[name] = tuple(int(v) for v in value)
        else:
            if not isinstance(value, str) or value not in allowed:
                raise AnswerError(422, f"“{spec['label_zh']}”的选择无效：{value!r} 不是选项",
                                  f"field '{name}' = {value!r} is not allowed; allowed: {allowed}")
            parsed[name] = _typed(name, value)
    return parsed


def _typed(name: str, value: str) -> Any:
    if value in ("true", "false"):
        return value == "true"
    if name == "effort":
        return float(value)
    if name == "dispatch_priority" and value == "oldest":
        return None
    return value


def majority(values: list[bool]) -> bool | None:
    """The group's decision: the majority of its answers, None (simulated) on a tie or no answer."""
    yes = sum(values)
    no = len(values) - yes
    return None if yes == no else yes > no


def week_decisions(model: CoGovernanceModel, answered: list[tuple[Role, dict[str, Any]]]) -> WeekDecisions:
    """Turn the week's parsed answers into the model's overrides (actors without answers, and
    questions that did not apply: none, that is simulated)."""
    decisions = WeekDecisions()
    groups: dict[int, list[dict[str, Any]]] = {}
    for role, answers in answered:
        if role.kind == RESIDENTS:
            groups.setdefault(role.actor, []).append(answers)
        elif role.kind == MEMBER:
            decisions.members[role.actor] = MemberChoice(visit=answers["visit"], attend_meeting=answers.get("attend_meeting"))
        elif role.kind == FIRM:
            decisions.firms[role.actor] = FirmChoice(effort=answers["effort"], join_pool=answers.get("join_pool"))
        elif role.kind == COMMITTEE:
            decisions.committees[role.actor] = CommitteeChoice(approve_works=answers.get("approve_works"), supervise=answers["supervise"])
        elif role.kind == ORGANISATION:
            decisions.organisations[role.actor] = OrganisationChoice(domain=answers["domain"])
        else:
            decisions.core = CoreChoice(answers["dispatch_priority"], answers["hold_meeting"], answers.get("pool_priority"))
    for building, group in groups.items():
        votes = {name: majority([bool(a.get(name, False)) for a in group]) for name in ("report", "participate", "volunteer")}
        start, count = int(model.building_start[building]), int(model.building_count[building])
        for household in range(start, start + count):
            decisions.residents[household] = ResidentChoice(**votes)
    return decisions


def watch_list(model: CoGovernanceModel, roles: list[Role]) -> WeekDecisions:
    """A WeekDecisions whose ids are the actors the class plays (values ignored): ``model.watch``."""
    watch = WeekDecisions()
    for role in roles:
        if role.kind == RESIDENTS:
            start, count = int(model.building_start[role.actor]), int(model.building_count[role.actor])
            watch.residents.update({i: ResidentChoice() for i in range(start, start + count)})
        elif role.kind == MEMBER:
            watch.members[role.actor] = MemberChoice()
        elif role.kind == FIRM:
            watch.firms[role.actor] = FirmChoice()
        elif role.kind == COMMITTEE:
            watch.committees[role.actor] = CommitteeChoice()
        elif role.kind == ORGANISATION:
            watch.organisations[role.actor] = OrganisationChoice()
        else:
            watch.core = CoreChoice()
    return watch


def choice_of(role: Role, decisions: WeekDecisions | None, model: CoGovernanceModel) -> dict[str, Any] | None:
    """What ``decisions`` holds for ``role`` as a plain dict (a building: its first household's choice)."""
    if decisions is None:
        return None
    if role.kind == CORE:
        choice = decisions.core
    elif role.kind == RESIDENTS:
        return _building_choice(role.actor, decisions, model)
    else:
        table = {MEMBER: decisions.members, FIRM: decisions.firms, COMMITTEE: decisions.committees,
                 ORGANISATION: decisions.organisations}[role.kind]
        choice = table.get(role.actor)
    if choice is None:
        return None
    return {k: list(v) if isinstance(v, tuple) else v for k, v in choice.__dict__.items()}


#: Decisions the model draws every week but that only matter when the form asks them (works that
#: wait for the owners, a common fund): where they were not asked, the record leaves them out.
MOOT_UNLESS_ASKED = ("approve_works", "join_pool", "pool_priority")


def asked_only(choice: dict[str, Any] | None, asked: set[str]) -> dict[str, Any] | None:
    """``choice`` without the moot decisions of a week whose form did not ask them."""
    if choice is None:
        return None
    return {name: None if name in MOOT_UNLESS_ASKED and name not in asked else value for name, value in choice.items()}


def _building_choice(building: int, decisions: WeekDecisions, model: CoGovernanceModel) -> dict[str, Any] | None:
    """A building's decision: for each field, True if any household decided yes, False if households
    decided and none said yes, None if no household of the building faced that decision."""
    start, count = int(model.building_start[building]), int(model.building_count[building])
    choices = [decisions.residents[i] for i in range(start, start + count) if i in decisions.residents]
    if not choices:
        return None
    combined = {}
    for name in ("report", "participate", "volunteer"):
        values = [getattr(c, name) for c in choices if getattr(c, name) is not None]
        combined[name] = any(values) if values else None
    return combined


def describe_decision(decided: dict[str, Any] | None) -> tuple[str, str]:
    """A decision in words, e.g. ("是否监督物业：是 · ...", "Supervise the property firm: yes · ...")."""
    if not decided:
        return "", ""
    zh, en = [], []
    for name, value in decided.items():
        if value is None or name not in FIELD_LABELS:
            continue
        if isinstance(value, bool):
            words = ("是", "yes") if value else ("否", "no")
        elif isinstance(value, list | tuple):
            words = (f"{len(value)} 户次", f"{len(value)} visits")
        elif isinstance(value, float):
            words = (f"{value:.0%}", f"{value:.0%}")
        elif value in CATEGORY_LABELS:
            words = (CATEGORY_LABELS[value][0], CATEGORY_LABELS[value][1].lower())
        elif value in DOMAIN_LABELS:
            words = (DOMAIN_LABELS[value][0], DOMAIN_LABELS[value][1].lower())
        else:
            words = (str(value), str(value))
        label_zh, label_en = FIELD_LABELS[name]
        zh.append(f"{label_zh}：{words[0]}")
        en.append(f"{label_en}: {words[1]}")
    return " · ".join(zh), " · ".join(en)
