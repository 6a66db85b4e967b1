"""What a week brought a role's own actor: the short result a student reads after each week.

:func:`standing` reads, from the model's state, the figures a role is answerable for (problems
answered and waiting, money, trust and participation where the actor works); :func:`week_result`
compares them before and after the week and says it in both languages, every figure with its unit.
These two functions are the only place that knows which model state belongs to which role, so a
change to the mechanisms changes only them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.interfaces.classroom.forms import MONEY_UNIT
from sim.interfaces.classroom.roles import COMMITTEE, CORE, FIRM, MEMBER, ORGANISATION, RESIDENTS, Role
from sim.model.problems import BY_CONTRACTORS, CROSS_ACTOR, NOT_YET

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def _building_of(role: Role, model: CoGovernanceModel) -> int:
    return role.actor if role.kind == RESIDENTS else int(model.member_building[role.actor])


def _households(model: CoGovernanceModel, building: int) -> slice:
    start = int(model.building_start[building])
    return slice(start, start + int(model.building_count[building]))


def standing(role: Role, model: CoGovernanceModel) -> dict[str, float]:
    """The figures of ``role``'s actor now: counts of problems solved so far and open, money,
    and, where the actor works in a building, its households' mean trust and participation."""
    book = model.problems
    resolved = book.column("resolved_step") != NOT_YET
    open_ids = book.open_ids
    figures: dict[str, float] = {}
    if role.kind in (RESIDENTS, MEMBER):
        building = _building_of(role, model)
        households = _households(model, building)
        figures["solved"] = int(np.count_nonzero(resolved & (book.column("building") == building)))
        figures["open"] = int(np.count_nonzero(book.building[open_ids] == building))
        figures["trust"] = float(np.mean(model.households.trust[households]))
        figures["participation"] = float(np.mean(model.households.participating[households]))
    elif role.kind in (FIRM, ORGANISATION):
        actor = int(model.firm_actor[role.actor]) if role.kind == FIRM else role.actor
        figures["solved"] = int(np.count_nonzero(resolved & (book.column("actor") == actor)))
        figures["open"] = int(np.count_nonzero(book.actor[open_ids] == actor))
        figures["money"] = float(model.actor_budget[actor])
        if role.kind == FIRM:
            figures["fee_collection"] = float(model.fee_collection_rate[role.actor])
            figures["complaints"] = float(model.flows.totals["property_complaints"][role.actor])  # since week 0
    elif role.kind == COMMITTEE:
        works = book.column("category") == CROSS_ACTOR
        here = book.column("compound") == role.actor
        figures["solved"] = int(np.count_nonzero(resolved & works & here & (book.column("resolved_by") == BY_CONTRACTORS)))
        figures["open"] = int(np.count_nonzero((book.category[open_ids] == CROSS_ACTOR) & (book.compound[open_ids] == role.actor)))
        figures["money"] = float(model.actor_budget[model.committee_actor[role.actor]])
        figures["legitimacy"] = float(model.legitimacy[role.actor])
    else:
        figures["solved"] = int(np.count_nonzero(resolved))
        figures["open"] = len(open_ids)
        if model.p.pooling > 0 or model.pool_balance > 0:
            figures["money"] = float(model.pool_balance)
        figures["trust"] = float(np.mean(model.households.trust))
        figures["participation"] = float(np.mean(model.households.participating))
    return figures


def _change(after: float, before: float, digits: int) -> str:
    difference = after - before
    return f"{'+' if difference >= 0 else '−'}{abs(difference):.{digits}f}"


def week_result(role: Role, model: CoGovernanceModel, before: dict[str, float]) -> dict[str, Any]:
    """The week just played, for ``role``'s actor: ``lines`` of (Chinese, English), and the figures."""
    after = standing(role, model)
    solved = int(after["solved"] - before["solved"])
    where = {
        RESIDENTS: ("本楼", "in your building"), MEMBER: ("你联系的楼栋", "in your building"),
        FIRM: ("物业", "by the firm"), ORGANISATION: ("本组织", "by your organisation"),
        COMMITTEE: ("本小区的大修工程", "major works of your compound"), CORE: ("全社区", "in the community"),
    }[role.kind]
    if role.kind == COMMITTEE:
        lines = [(f"{where[0]}本周完工 {solved} 项，还有 {int(after['open'])} 项未完成。",
                  f"{solved} major works finished this week; {int(after['open'])} still open.")]
    else:
        lines = [(f"{where[0]}本周解决问题 {solved} 件，还有 {int(after['open'])} 件未解决。",
                  f"{solved} problems solved {where[1]} this week; {int(after['open'])} still open.")]
    if "money" in after:
        name = {FIRM: ("物业经费", "The firm's budget"), ORGANISATION: ("本组织经费", "Your budget"),
                COMMITTEE: ("维修基金", "The maintenance fund"), CORE: ("共享资金", "The common fund")}[role.kind]
        change = _change(after["money"], before["money"], 1)
        lines.append((f"{name[0]} {after['money']:,.1f} {MONEY_UNIT[0]}（{change}）。",
                      f"{name[1]}: {after['money']:,.1f} {MONEY_UNIT[1]} ({change})."))
    if "fee_collection" in after:
        complaints = int(after["complaints"] - before["complaints"])
        lines.append((f"物业费收缴率 {after['fee_collection']:.0%}；本周新增涉及物业的 12345 投诉 {complaints} 件。",
                      f"Fee collection {after['fee_collection']:.0%}; {complaints} new hotline complaints about property this week."))
    if "legitimacy" in after:
        change = _change(after["legitimacy"], before["legitimacy"], 3)
        lines.append((f"业委会合法性 {after['legitimacy']:.2f}（0 到 1，{change}）。",
                      f"The committee's legitimacy: {after['legitimacy']:.2f} (0 to 1, {change})."))
    if "trust" in after:
        scope = ("全社区", "Community-wide") if role.kind == CORE else ("本楼", "In the building")
        trust = _change(after["trust"], before["trust"], 3)
        taking_part = after["participation"] * 100
        moved = _change(after["participation"] * 100, before["participation"] * 100, 0)
        lines.append((f"{scope[0]}居民平均信任 {after['trust']:.2f}（0 到 1，{trust}），本周参加活动的住户 {taking_part:.0f}%（{moved} 个百分点）。",
                      f"{scope[1]}: mean trust {after['trust']:.2f} (0 to 1, {trust}); {taking_part:.0f}% of households took part "
                      f"this week ({moved} points)."))
    return {"lines": lines, "before": before, "after": after}
