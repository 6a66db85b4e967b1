"""Roles: who gets which actor, what each form offers, and how answers become the week's choices."""

from __future__ import annotations

from collections import Counter

import pytest

from sim.interfaces.classroom.roles import (
    BUILDING_GROUP_SIZE,
    COMMITTEE,
    CORE,
    FIRM,
    KINDS,
    MEMBER,
    ORGANISATION,
    RESIDENTS,
    AnswerError,
    Role,
    next_role,
)
from sim.interfaces.classroom.forms import (
    EFFORT_UNIT,
    MONEY_UNIT,
    describe_decision,
    form,
    majority,
    meeting_scheduled,
    most_visits,
    parse_answers,
    situation,
    week_decisions,
)
from sim.model.cogovernance import CoGovernanceModel
from sim.model.decisions import CoreChoice, FirmChoice, ResidentChoice

from .forms import SEED


@pytest.fixture(scope="module")
def model(scenario):
    return CoGovernanceModel(rng=SEED, parameters=scenario.parameters)


def allocate(model, n):
    taken, roles = Counter(), []
    for joined in range(n):
        role = next_role(model, joined, taken)
        taken[role] += 1
        roles.append(role)
    return roles, taken


def test_twelve_students_cover_every_kind_of_actor(model):
    roles, _ = allocate(model, 12)
    assert {r.kind for r in roles} == set(KINDS)
    # The firm and the committee first, of the same compound, so they meet.
    assert roles[0].kind == FIRM and roles[1].kind == COMMITTEE and roles[0].actor == roles[1].actor


def test_buildings_are_shared_by_small_groups_and_single_actors_are_never_doubled(model):
    roles, taken = allocate(model, 60)
    for role, count in taken.items():
        if role.kind == RESIDENTS:
            assert 1 <= count <= BUILDING_GROUP_SIZE
        else:
            assert count == 1, f"{role.key} given to {count} students"
    assert sum(r.kind == CORE for r in roles) == 1
    assert sum(r.kind == COMMITTEE for r in roles) == len(model.committee_of_compound)
    # A class of five still gets the core actors first.
    assert [r.kind for r in roles[:5]] == [FIRM, COMMITTEE, MEMBER, ORGANISATION, CORE]


def test_every_form_offers_only_values_the_model_accepts(model):
    roles, _ = allocate(model, 12)
    for role in roles:
        for field in form(role, model):
            assert field["label_zh"] and field["label_en"] and field["options"]
            assert all(o["zh"] and o["en"] for o in field["options"])
    member = next(r for r in roles if r.kind == MEMBER)
    visit = form(member, model)[0]
    building = int(model.member_building[member.actor])
    offered = [int(o["value"]) for o in visit["options"]]
    assert all(int(model.households.building[h]) == building for h in offered)
    assert len(offered) == model.building_count[building]
    assert visit["most"] == most_visits(model) >= 1


def test_answers_outside_the_form_are_refused(model):
    firm = Role(FIRM, 0)
    good = {"effort": "0.6", "join_pool": "true"}
    assert parse_answers(firm, model, good) == {"effort": 0.6, "join_pool": True}
    for bad in (
        {"effort": "0.65", "join_pool": "true"},  # not an offered level
        {"effort": 0.6, "join_pool": "true"},  # a number, not the offered string
        {"effort": "2.0", "join_pool": "true"},
        {"effort": "0.6"},  # missing field
        {"effort": "0.6", "join_pool": "true", "profit": "1"},  # extra field
        {"effort": "0.6", "join_pool": "yes"},
        ["0.6", "true"],
    ):
        with pytest.raises(AnswerError) as caught:
            parse_answers(firm, model, bad)
        assert caught.value.status == 422


def test_a_member_may_visit_only_listed_households_up_to_the_limit(model):
    member = Role(MEMBER, 0)
    options = [o["value"] for o in form(member, model)[0]["options"]]
    assert parse_answers(member, model, {"visit": options[:2], "attend_meeting": "false"})["visit"] == tuple(map(int, options[:2]))
    outsider = str(next(i for i in range(model.households.count) if str(i) not in options))
    for visit in ([outsider], options[:1] * 2, options[: most_visits(model) + 1], "1"):
        with pytest.raises(AnswerError):
            parse_answers(member, model, {"visit": visit, "attend_meeting": "false"})


def test_majority_of_a_building_group_and_ties_left_to_simulation():
    assert majority([True, True, False]) is True
    assert majority([False]) is False
    assert majority([True, False]) is None
    assert majority([]) is None


def test_answers_become_the_weeks_decisions(model):
    building = Role(RESIDENTS, 2)
    answers = [
        (building, {"report": True, "participate": False, "volunteer": True}),
        (building, {"report": True, "participate": True, "volunteer": False}),
        (building, {"report": False, "participate": False, "volunteer": True}),
        (Role(FIRM, 1), {"effort": 0.2, "join_pool": False}),
        (Role(CORE, 0), {"dispatch_priority": None, "hold_meeting": True, "pool_priority": "repair"}),
    ]
    decisions = week_decisions(model, answers)
    start, count = int(model.building_start[2]), int(model.building_count[2])
    assert set(decisions.residents) == set(range(start, start + count))
    assert decisions.residents[start] == ResidentChoice(report=True, participate=False, volunteer=True)
    assert decisions.firms == {1: FirmChoice(effort=0.2, join_pool=False)}
    assert decisions.core == CoreChoice(None, True, "repair")
    decisions.validate(model)


def test_role_keys_round_trip_and_unknown_keys_are_refused():
    assert Role.from_key("committee:3") == Role(COMMITTEE, 3)
    for key in ("mayor:1", "firm:", "firm:-1", "firm:x"):
        with pytest.raises(AnswerError):
            Role.from_key(key)


def test_each_role_sees_its_situation(scenario):
    model = CoGovernanceModel(rng=SEED, parameters=scenario.parameters)
    for _ in range(6):
        model.step()
    roles, _ = allocate(model, 12)
    for role in roles:
        zh, en = situation(role, model)
        assert zh and en and any(ch.isdigit() for ch in zh)
    core = situation(Role(CORE, 0), model)
    assert f"社区积压问题 {len(model.problems.open_ids)} 件" in core[0]


def test_decisions_are_described_in_both_languages():
    zh, en = describe_decision({"effort": 0.4, "join_pool": False, "visit": [3, 4], "domain": "care", "dispatch_priority": None})
    assert zh == "投入多少人力处理居民的问题：40% · 是否向共享资金出资：否 · 走访哪些住户：2 户次 · 本周服务领域：养老托育"
    assert en.startswith("Effort on residents' problems: 40% · Pay into the common fund: no")
    assert describe_decision(None) == ("", "")


def test_every_choice_says_what_it_costs_and_buys(model):
    roles, _ = allocate(model, 12)
    for role in roles:
        for field in form(role, model):
            if field["kind"] == "many":
                assert field["hint_zh"] and field["hint_en"]  # the member's visits: what a visit does
                continue
            values = {o["value"] for o in field["options"]}
            if values == {"true", "false"} or field["name"] == "domain":
                assert all(o["note_zh"] and o["note_en"] for o in field["options"]), field["name"]
            else:  # effort levels and priorities: the field's hint gives this week's figures
                assert field["hint_zh"] and any(c.isdigit() for c in field["hint_zh"]), field["name"]


def test_questions_are_asked_only_when_they_apply(scenario):
    model = CoGovernanceModel(rng=SEED, parameters=scenario.parameters)
    weeks_seen = {True: False, False: False}
    for _ in range(int(model.p.meeting_interval_steps) + 1):
        scheduled = meeting_scheduled(model)
        weeks_seen[scheduled] = True
        for member in range(len(model.member_household)):
            names = [f["name"] for f in form(Role(MEMBER, member), model)]
            if not scheduled:
                assert "attend_meeting" not in names
        model.step()
    assert all(weeks_seen.values())
    residents = form(Role(RESIDENTS, 0), model)
    assert next(f for f in residents if f["name"] == "volunteer")["requires"] == {"participate": "true"}
    # Not taking part: the volunteer question does not apply and may be left out.
    assert parse_answers(Role(RESIDENTS, 0), model, {"report": "true", "participate": "false"}) == {"report": True, "participate": False}
    # Without pooling there is no common fund to pay into or to spend.
    no_pool = CoGovernanceModel(rng=SEED, parameters=scenario.parameters.model_copy(update={"pooling": 0.0}))
    assert "join_pool" not in [f["name"] for f in form(Role(FIRM, 0), no_pool)]
    assert "pool_priority" not in [f["name"] for f in form(Role(CORE, 0), no_pool)]


def test_figures_on_the_forms_carry_their_units(scenario):
    model = CoGovernanceModel(rng=SEED, parameters=scenario.parameters)
    model.step()
    firm = form(Role(FIRM, 0), model)
    assert EFFORT_UNIT[0] in firm[0]["hint_zh"] and EFFORT_UNIT[1] in firm[0]["hint_en"]
    assert all(EFFORT_UNIT[0] in o["zh"] for o in firm[0]["options"])
    committee = situation(Role(COMMITTEE, sorted(model.committee_of_compound)[0]), model)
    assert MONEY_UNIT[0] in committee[0] and MONEY_UNIT[1] in committee[1]
    assert MONEY_UNIT[0] in situation(Role(CORE, 0), model)[0]
