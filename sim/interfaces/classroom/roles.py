"""Classroom roles: who plays which actor, the weekly form of each role, and its answers.

A role is one actor of the shared community (or, for residents, one building whose households
follow a small group of students). Its form lists exactly the choices a student may send; the
server accepts an answer only if every field holds one of the offered values
(:func:`parse_answers`), then turns the answers of all students into the model's
:class:`sim.model.decisions.WeekDecisions` (:func:`week_decisions`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

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
from sim.model.problems import CROSS_ACTOR
from sim.parameters import CATEGORY_KEYS, CATEGORY_LABELS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

RESIDENTS, MEMBER, FIRM, COMMITTEE, ORGANISATION, CORE = "residents", "member", "firm", "committee", "organisation", "core"
KINDS = (RESIDENTS, MEMBER, FIRM, COMMITTEE, ORGANISATION, CORE)

#: Students sharing one building (a small group decides by majority; a tie leaves it to the simulation).
BUILDING_GROUP_SIZE = 3
#: Order in which joining students get roles; it repeats, and a kind with no free actor left
#: gives its turn to a residents' group. Twelve students cover every kind of actor.
JOIN_PATTERN = (FIRM, COMMITTEE, MEMBER, ORGANISATION, CORE, RESIDENTS, RESIDENTS, RESIDENTS, MEMBER, RESIDENTS, RESIDENTS, RESIDENTS)
#: Firm effort levels offered on the form (share of capacity put into residents' problems).
EFFORT_LEVELS = ("0.0", "0.2", "0.4", "0.6", "0.8", "1.0")

KIND_TITLES = {
    RESIDENTS: ("楼栋居民", "Residents of a building"),
    MEMBER: ("党员", "Party member"),
    FIRM: ("物业经理", "Property firm manager"),
    COMMITTEE: ("业委会主任", "Owners' committee chair"),
    ORGANISATION: ("社会组织负责人", "Social organisation lead"),
    CORE: ("社区书记", "Community Party secretary"),
}
YES_NO = (("true", "是", "Yes"), ("false", "否", "No"))
#: Every field of every form: its label (Chinese, English).
FIELD_LABELS = {
    "report": ("遇到问题是否上报（12345、网格员）", "Report problems (hotline, grid worker)"),
    "participate": ("是否参加本周社区活动", "Take part in this week's activity"),
    "volunteer": ("是否当志愿者", "Volunteer"),
    "visit": ("走访哪些住户", "Households to visit"),
    "attend_meeting": ("是否参加联席会议", "Attend the joint meeting"),
    "effort": ("投入多少人力（其余追求利润）", "Effort on residents' problems (the rest goes to profit)"),
    "join_pool": ("是否向共享资金出资", "Pay into the common fund"),
    "approve_works": ("是否批准大修工程并动用维修基金", "Approve major works and release the maintenance fund"),
    "supervise": ("是否监督物业", "Supervise the property firm"),
    "domain": ("本周服务领域", "Domain to serve this week"),
    "dispatch_priority": ("派单优先处理", "Dispatch first"),
    "hold_meeting": ("是否召开联席会议", "Hold the joint meeting"),
    "pool_priority": ("共享资金优先用于", "The common fund pays first for"),
}

AGE_LABELS = {"young": ("青年", "young"), "working": ("在职", "working"), "retired": ("退休", "retired")}


class AnswerError(ValueError):
    """An answer the server refuses; ``status`` is the HTTP status to send."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Role:
    """One playable actor: ``kind`` and its id (building, member index, compound, actor id; 0 for the core)."""

    kind: str
    actor: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.actor}"

    @classmethod
    def from_key(cls, key: str) -> Role:
        kind, _, actor = key.partition(":")
        if kind not in KINDS or not actor.isdigit():
            raise AnswerError(400, f"未知角色 unknown role {key!r}")
        return cls(kind, int(actor))

    def title(self, model: CoGovernanceModel) -> tuple[str, str]:
        """Bilingual title naming the actor, e.g. ("3号楼居民", "Residents of building 3")."""
        zh, en = KIND_TITLES[self.kind]
        n = self.actor
        if self.kind == RESIDENTS:
            return f"{n + 1}号楼居民", f"Residents of building {n + 1}"
        if self.kind == MEMBER:
            where = "在职党员" if model.member_household[n] < 0 else "居民党员"
            return f"{where}（{int(model.member_building[n]) + 1}号楼）", f"Party member, building {int(model.member_building[n]) + 1}"
        if self.kind in (FIRM, COMMITTEE):
            return f"{n + 1}号小区{zh}", f"{en}, compound {n + 1}"
        if self.kind == ORGANISATION:
            d_zh, d_en = DOMAIN_LABELS[model.organisations[self._org_index(model)].domain]
            return f"{zh}（{d_zh}）", f"{en} ({d_en})"
        return zh, en

    def _org_index(self, model: CoGovernanceModel) -> int:
        return [o.actor_id for o in model.organisations].index(self.actor)


# ====================================================================== allocation
def free_roles(model: CoGovernanceModel, kind: str, taken: Counter) -> list[Role]:
    """Roles of ``kind`` still open, in the order they are handed out."""
    if kind == RESIDENTS:
        occupied = np.flatnonzero(model.building_count > 0)
        # Fill a started building before opening the next one.
        return sorted(
            (Role(RESIDENTS, int(b)) for b in occupied if taken[Role(RESIDENTS, int(b))] < BUILDING_GROUP_SIZE),
            key=lambda role: (-taken[role], role.actor),
        )
    if kind == MEMBER:
        # Members of buildings no student member covers yet first, so the class reaches more buildings.
        covered = {int(model.member_building[r.actor]) for r in taken if r.kind == MEMBER}
        ids = sorted(range(len(model.member_household)), key=lambda m: (int(model.member_building[m]) in covered, m))
    elif kind == FIRM:
        # Firms of compounds with an owners' committee first, so firm and committee meet.
        ids = sorted(range(model.n_compounds), key=lambda c: (c not in model.committee_of_compound, c))
    elif kind == COMMITTEE:
        ids = sorted(model.committee_of_compound)
    elif kind == ORGANISATION:
        ids = [o.actor_id for o in model.organisations]
    else:
        ids = [0]
    return [Role(kind, int(i)) for i in ids if not taken[Role(kind, int(i))]]


def next_role(model: CoGovernanceModel, joined: int, taken: Counter) -> Role | None:
    """The role of the ``joined``-th student (0-based), given how many students hold each role."""
    kind = JOIN_PATTERN[joined % len(JOIN_PATTERN)]
    roles = free_roles(model, kind, taken) or free_roles(model, RESIDENTS, taken)
    return roles[0] if roles else None


# ====================================================================== forms
def _field(name: str, kind: str, options, hint: tuple[str, str] = ("", ""), most: int = 0) -> dict:
    zh, en = FIELD_LABELS[name]
    return {
        "name": name,
        "label_zh": zh,
        "label_en": en,
        "kind": kind,  # "one" (pick one option) or "many" (pick up to ``most``)
        "options": [{"value": v, "zh": z, "en": e} for v, z, e in options],
        "hint_zh": hint[0],
        "hint_en": hint[1],
        "most": most,
    }


def most_visits(model: CoGovernanceModel) -> int:
    """The most households a member may visit in a week from the form: the registry's weekly visit rate
    of a fully active member (simulated members visit fewer, as activeness and formalism cut it)."""
    return max(1, math.ceil(model.p.visits_per_member_week))


def form(role: Role, model: CoGovernanceModel) -> list[dict]:
    """The fields of ``role``'s weekly form (bilingual labels; option values are strings)."""
    week = model.steps + 1  # the model's step counter during the coming step
    meeting_week = model.p.meeting_interval_steps > 0 and week % model.p.meeting_interval_steps == 0
    meeting_hint = ("本周召开联席会议。", "A joint meeting is due this week.") if meeting_week else (
        "本周没有例行联席会议。", "No joint meeting is scheduled this week.")
    if role.kind == RESIDENTS:
        return [
            _field("report", "one", YES_NO),
            _field("participate", "one", YES_NO),
            _field("volunteer", "one", YES_NO),
        ]
    if role.kind == MEMBER:
        return [
            _field("visit", "many", visit_options(role, model),
                   (f"最多 {most_visits(model)} 户", f"at most {most_visits(model)}"), most_visits(model)),
            _field("attend_meeting", "one", YES_NO, meeting_hint),
        ]
    if role.kind == FIRM:
        levels = [(v, f"{float(v):.0%} 用于居民问题", f"{float(v):.0%} on residents' problems") for v in EFFORT_LEVELS]
        return [
            _field("effort", "one", levels),
            _field("join_pool", "one", YES_NO),
        ]
    if role.kind == COMMITTEE:
        return [
            _field("approve_works", "one", YES_NO),
            _field("supervise", "one", YES_NO),
        ]
    if role.kind == ORGANISATION:
        domains = [(d, *DOMAIN_LABELS[d]) for d in DOMAINS]
        return [_field("domain", "one", domains)]
    categories = [(k, *CATEGORY_LABELS[k]) for k in CATEGORY_KEYS]
    return [
        _field("dispatch_priority", "one", [("oldest", "先到先办", "Oldest first"), *categories]),
        _field("hold_meeting", "one", YES_NO, meeting_hint),
        _field("pool_priority", "one", categories),
    ]


def visit_options(role: Role, model: CoGovernanceModel) -> list[tuple[str, str, str]]:
    """Households of the member's building, with what a visiting member would see."""
    h = model.households
    building = int(model.member_building[role.actor])
    start, count = int(model.building_start[building]), int(model.building_count[building])
    open_problems = model.open_problems_per_household()
    options = []
    for k, index in enumerate(range(start, start + count)):
        age_zh, age_en = AGE_LABELS[AGE_GROUPS[int(h.age_group[index])]]
        weeks = model.steps - int(h.last_visit_step[index])
        visited = (f"{weeks}周前走访", f"visited {weeks} wk ago") if 0 <= weeks < 100 else ("未走访", "not visited")
        problems = int(open_problems[index])
        options.append((
            str(index),
            f"{k + 1}户 · {age_zh} · 未决问题{problems} · {visited[0]}",
            f"flat {k + 1}, {age_en}, {problems} open, {visited[1]}",
        ))
    return options


def situation(role: Role, model: CoGovernanceModel) -> tuple[str, str]:
    """What the actor can see this week before deciding (bilingual, one line)."""
    book = model.problems
    open_ids = book.open_ids
    if role.kind == RESIDENTS:
        n = int(np.count_nonzero(book.building[open_ids] == role.actor))
        return f"本楼未解决问题 {n} 件", f"{n} open problems in this building"
    if role.kind == FIRM:
        n = int(np.count_nonzero(book.actor[open_ids] == model.firm_actor[role.actor]))
        return f"派给本物业、尚未解决的问题 {n} 件", f"{n} open problems dispatched to this firm"
    if role.kind == COMMITTEE:
        works = open_ids[(book.category[open_ids] == CROSS_ACTOR) & (book.compound[open_ids] == role.actor)]
        waiting = int(np.count_nonzero(book.committed[works] != book.needs[works]))
        fund = float(model.actor_budget[model.committee_actor[role.actor]])
        return (f"本小区大修工程 {len(works)} 项未完成，其中 {waiting} 项待各方同意；维修基金余额 {fund:,.0f}",
                f"{len(works)} major works open here, {waiting} awaiting consent; maintenance fund {fund:,.0f}")
    if role.kind == ORGANISATION:
        n = int(np.count_nonzero(book.actor[open_ids] == role.actor))
        return f"派给本组织、尚未解决的问题 {n} 件", f"{n} open problems dispatched to this organisation"
    if role.kind == MEMBER:
        building = int(model.member_building[role.actor])
        n = int(np.count_nonzero(book.building[open_ids] == building))
        return f"所在楼栋未解决问题 {n} 件", f"{n} open problems in the building"
    return (f"社区积压问题 {len(open_ids)} 件；共享资金余额 {model.pool_balance:,.0f}",
            f"{len(open_ids)} open problems in the community; common fund {model.pool_balance:,.0f}")


# ====================================================================== answers
def parse_answers(role: Role, model: CoGovernanceModel, answers: Any) -> dict[str, Any]:
    """Check a student's answers against the role's form; return them as choice values.

    Every field must be present with one of the offered values (a "many" field: a list of
    distinct offered values, at most ``most``); extra fields are refused. Raises
    :class:`AnswerError` (422) naming the field, the value and what is allowed.
    """
    if not isinstance(answers, dict):
        raise AnswerError(422, "答案格式错误：应为字段到取值的对象 / answers must be an object of field -> value")
    fields = {f["name"]: f for f in form(role, model)}
    extra = sorted(set(answers) - set(fields))
    if extra:
        raise AnswerError(422, f"表单没有这些字段 / the form has no field(s) {extra}; fields: {sorted(fields)}")
    parsed: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in answers:
            raise AnswerError(422, f"缺少字段 / missing field '{name}' ({spec['label_zh']} / {spec['label_en']})")
        value = answers[name]
        allowed = [o["value"] for o in spec["options"]]
        if spec["kind"] == "many":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise AnswerError(422, f"字段 '{name}' 应为列表 / field '{name}' must be a list of option values")
            bad = [v for v in value if v not in allowed]
            if bad or len(set(value)) != len(value) or len(value) > spec["most"]:
                raise AnswerError(
                    422,
                    f"字段 '{name}' 取值无效 / field '{name}' = {value!r} is not allowed: "
                    f"up to {spec['most']} distinct values from the form's {len(allowed)} options",
                )
            parsed[name] = tuple(int(v) for v in value)
        else:
            if not isinstance(value, str) or value not in allowed:
                raise AnswerError(422, f"字段 '{name}' 取值无效 / field '{name}' = {value!r} is not allowed; allowed: {allowed}")
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
    """Turn the week's parsed answers into the model's overrides (actors without answers: none)."""
    decisions = WeekDecisions()
    groups: dict[int, list[dict[str, Any]]] = {}
    for role, answers in answered:
        if role.kind == RESIDENTS:
            groups.setdefault(role.actor, []).append(answers)
        elif role.kind == MEMBER:
            decisions.members[role.actor] = MemberChoice(visit=answers["visit"], attend_meeting=answers["attend_meeting"])
        elif role.kind == FIRM:
            decisions.firms[role.actor] = FirmChoice(effort=answers["effort"], join_pool=answers["join_pool"])
        elif role.kind == COMMITTEE:
            decisions.committees[role.actor] = CommitteeChoice(approve_works=answers["approve_works"], supervise=answers["supervise"])
        elif role.kind == ORGANISATION:
            decisions.organisations[role.actor] = OrganisationChoice(domain=answers["domain"])
        else:
            decisions.core = CoreChoice(answers["dispatch_priority"], answers["hold_meeting"], answers["pool_priority"])
    for building, group in groups.items():
        choice = ResidentChoice(**{name: majority([a[name] for a in group]) for name in ("report", "participate", "volunteer")})
        start, count = int(model.building_start[building]), int(model.building_count[building])
        for household in range(start, start + count):
            decisions.residents[household] = choice
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
