"""The debrief: what each role did, week by week, and what followed, beside the simulated twin.

Each role's lines count the decisions the class actually made (the model's record of what was
decided, ``taken``; the class's own choice where that record is missing) and name the
outcomes that role's decisions act on, at the last week, for the class and for the twin.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.interfaces.classroom.roles import COMMITTEE, CORE, FIRM, MEMBER, ORGANISATION, RESIDENTS, Role
from sim.model.agents import DOMAIN_LABELS
from sim.model.outcomes import OUTCOMES
from sim.model.problems import CROSS_ACTOR
from sim.parameters import CATEGORY_LABELS

if TYPE_CHECKING:
    from sim.interfaces.classroom.session import ClassSession

#: The outcomes each kind of role acts on most directly (all from sim.model.outcomes).
FOLLOWS = {
    RESIDENTS: ("report_rate", "participation_rate", "volunteer_effort"),
    MEMBER: ("party_reach", "mean_trust"),
    FIRM: ("resolution_rate_repair", "hotline_complaints", "pool_balance"),
    COMMITTEE: ("cross_actor_resolution_rate",),
    ORGANISATION: ("resolution_rate_services", "resolution_rate_disputes", "resolution_rate_environment"),
    CORE: ("backlog", "resolution_rate", "pool_balance"),
}


def cross_actor_backlog(model) -> int:
    """Open major cross-actor works (the committee's and the core's shared agenda)."""
    book = model.problems
    return int(np.count_nonzero(book.category[book.open_ids] == CROSS_ACTOR))


def format_outcome(name: str, value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    kind = OUTCOMES[name].kind
    if kind == "rate":
        return f"{value:.1%}"
    if kind in ("count", "money"):
        return f"{value:,.0f}"
    return f"{value:.2f}"


def compare(name: str, value: float, twin: float) -> tuple[str, str]:
    """How the class's value differs from the twin's, in words (rates in percentage points)."""
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (value, twin)):
        return "", ""
    difference = value - twin
    kind = OUTCOMES.get(name).kind if name in OUTCOMES else "count"
    if kind == "rate":
        size, zh_unit, en_unit = abs(difference) * 100, "个百分点", " points"
    else:
        size, zh_unit, en_unit = abs(difference), "", ""
    shown = f"{size:.1f}" if kind in ("rate", "weeks") else f"{size:,.0f}" if kind in ("count", "money") else f"{size:.2f}"
    if float(shown.replace(",", "")) == 0:
        return "与模拟对照相同", "same as the simulated run"
    zh = ("高于" if difference > 0 else "低于") + f"模拟对照 {shown}{zh_unit}"
    en = f"{shown}{en_unit} {'above' if difference > 0 else 'below'} the simulated run"
    return zh, en


def _follow(name: str, label_zh: str, label_en: str, value: float, twin: float, shown=None) -> dict[str, str]:
    zh, en = compare(name, value, twin)
    return {
        "outcome": name, "label_zh": label_zh, "label_en": label_en,
        "class": shown(value) if shown else format_outcome(name, value),
        "twin": shown(twin) if shown else format_outcome(name, twin),
        "change_zh": zh, "change_en": en,
    }


def _decided(entry: dict[str, Any]) -> dict[str, Any] | None:
    return entry["taken"] or entry["chosen"]


def _count(entries: list[dict], name: str) -> tuple[int, int]:
    """Weeks the decision ``name`` was yes and no."""
    values = [d.get(name) for d in map(_decided, entries) if d]
    return sum(v is True for v in values), sum(v is False for v in values)


def did(kind: str, entries: list[dict]) -> tuple[str, str]:
    """What a role decided over the session, in Chinese and English."""
    decided = [d for d in map(_decided, entries) if d]
    if kind == RESIDENTS:
        (r, _), (p, _), (v, _) = (_count(entries, n) for n in ("report", "participate", "volunteer"))
        return f"上报问题 {r} 周，参加活动 {p} 周，当志愿者 {v} 周", f"reported in {r} weeks, took part in {p}, volunteered in {v}"
    if kind == MEMBER:
        visits = sum(len(d.get("visit") or ()) for d in decided)
        attended, skipped = _count(entries, "attend_meeting")
        return f"走访 {visits} 户次，参加联席会议 {attended} 次、缺席 {skipped} 次", f"made {visits} visits, attended the joint meeting {attended}×, stayed away {skipped}×"
    if kind == FIRM:
        efforts = [d["effort"] for d in decided if d.get("effort") is not None]
        mean = f"{np.mean(efforts):.0%}" if efforts else "–"
        joined, refused = _count(entries, "join_pool")
        return f"平均 {mean} 人力用于居民问题；向共享资金出资 {joined} 周、拒绝 {refused} 周", f"put {mean} of capacity into residents' problems on average; paid into the common fund in {joined} weeks, refused in {refused}"
    if kind == COMMITTEE:
        approved, refused = _count(entries, "approve_works")
        supervised, _ = _count(entries, "supervise")
        return f"批准大修 {approved} 次，否决 {refused} 次；监督物业 {supervised} 周", f"approved major works {approved}×, refused {refused}×; supervised the firm in {supervised} weeks"
    if kind == ORGANISATION:
        domains = Counter(d["domain"] for d in decided if d.get("domain"))
        zh = "、".join(f"{DOMAIN_LABELS[k][0]} {n} 周" for k, n in domains.most_common()) or "–"
        en = ", ".join(f"{DOMAIN_LABELS[k][1].lower()} {n} wk" for k, n in domains.most_common()) or "–"
        return f"服务领域：{zh}", f"served {en}"
    held, skipped = _count(entries, "hold_meeting")
    firsts = Counter(d.get("dispatch_priority") or "oldest" for d in decided)
    first = firsts.most_common(1)[0][0] if firsts else "oldest"
    first_zh, first_en = ("先到先办", "oldest first") if first == "oldest" else CATEGORY_LABELS[first]
    return f"召开联席会议 {held} 次、取消 {skipped} 次；派单多以「{first_zh}」优先", f"held the joint meeting {held}×, cancelled {skipped}×; mostly dispatched {first_en.lower()} first"


def debrief(session: ClassSession) -> list[dict[str, Any]]:
    """One card per role played: who played it, what they did, fallbacks, and what followed."""
    model, twin = session.model, session.twin
    cards = []
    roles = sorted({Role.from_key(h["role"]) for h in session.history}, key=lambda r: (r.kind, r.actor))
    for role in roles:
        entries = [h for h in session.history if h["role"] == role.key]
        simulated = sum(h["simulated"] for h in entries)
        twin_entries = [{"taken": h["twin_taken"], "chosen": None} for h in entries]
        zh, en = role.title(model)
        did_zh, did_en = did(role.kind, entries)
        twin_zh, twin_en = did(role.kind, twin_entries) if any(h["twin_taken"] for h in entries) else ("", "")
        follows = [
            _follow(name, OUTCOMES[name].label_zh, OUTCOMES[name].label_en, model.outcomes[name], twin.outcomes[name])
            for name in FOLLOWS[role.kind]
        ]
        if role.kind in (COMMITTEE, CORE):
            follows.append(_follow("cross_actor_backlog", "跨主体事项积压", "Major works waiting",
                                   cross_actor_backlog(model), cross_actor_backlog(twin), str))
        students = sorted({n for h in entries for n in h["students"]})
        cards.append({
            "role": role.key, "kind": role.kind, "title_zh": zh, "title_en": en, "students": students,
            "weeks": len(entries), "simulated_weeks": simulated,
            "did_zh": did_zh, "did_en": did_en, "twin_zh": twin_zh, "twin_en": twin_en,
            "follows": follows,
        })
    return cards


def headline(session: ClassSession) -> list[dict[str, str]]:
    """The community's main outcomes at the last week, class against twin."""
    names = ("resolution_rate", "cross_actor_resolution_rate", "backlog", "participation_rate", "mean_trust", "satisfaction", "party_reach")
    return [
        _follow(n, OUTCOMES[n].label_zh, OUTCOMES[n].label_en, session.model.outcomes[n], session.twin.outcomes[n])
        for n in names
    ]
