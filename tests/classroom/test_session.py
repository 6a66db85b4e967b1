"""A session's weeks: answers feed the class's run, silence falls back to simulation, the twin
stays all-simulated, levers change both runs, and the debrief and record tell what happened."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from sim.interfaces.classroom.record import class_record_html, session_record
from sim.interfaces.classroom.roles import AnswerError
from sim.interfaces.classroom.session import AWAY_AFTER_S

from .forms import SCENARIO, SEED, answer, fill_form, join, seen


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clocked(scenario):
    from sim.interfaces.classroom.session import ClassSession

    clock = FakeClock()
    return ClassSession(SCENARIO, SEED, scenario.parameters, clock=clock), clock


def join_all(session, n):
    students = [join(session, f"学生{k}", k) for k in range(n)]
    return students, [session.student_view(s) for s in students]


def test_a_student_who_does_not_answer_falls_back_to_simulation(session):
    students, views = join_all(session, 6)
    for student, view in zip(students[:5], views[:5], strict=True):
        answer(session, student, 0, fill_form(view))
    session.close_week()
    assert session.week == 1
    by_role = {h["role"]: h for h in session.history}
    silent = by_role[students[5].role.key]
    assert silent["simulated"] and silent["chosen"] is None and silent["answered"] == []
    assert students[5].simulated_weeks == [0] and students[0].answered_weeks == [0]
    firm = by_role[students[0].role.key]
    assert not firm["simulated"] and firm["chosen"] == {"effort": 0.0, "join_pool": True}
    # The next week starts with no answers, and the form asks again.
    assert not session.answers and not session.student_view(students[0])["answered"]
    assert session.student_view(students[5])["last_week"]["simulated"] is True


def test_the_twin_is_the_same_community_all_simulated(session):
    assert np.array_equal(session.model.households.building, session.twin.households.building)
    session.close_week()
    session.close_week()
    # Nobody played: both runs are the same run.
    for name in ("backlog", "resolution_rate", "participation_rate", "mean_trust"):
        assert session.model.outcomes[name] == session.twin.outcomes[name]


def test_a_round_waits_for_present_students_only(clocked):
    session, clock = clocked
    students, views = join_all(session, 3)
    session.start_round(2, 30)
    assert session.seconds_left() == 30
    for student, view in zip(students[:2], views[:2], strict=True):
        answer(session, student, 0, fill_form(view))
    assert not session.all_answered()  # the third is present and silent
    clock.now += AWAY_AFTER_S + 1  # the third student's page stops asking: gone
    seen(session, students[0])
    seen(session, students[1])
    assert session.all_answered()
    session.after_round_week()
    assert session.week == 1 and session.round_weeks_left == 1 and session.seconds_left() == 30
    session.after_round_week()
    assert session.round_weeks_left == 0 and session.seconds_left() is None


def test_levers_change_both_runs_between_rounds_only(session):
    session.close_week()
    changed = session.intervene("pooling", 0.8)
    assert changed == {"pooling": [session.interventions[0]["old"], 0.8]}
    assert session.model.p.pooling == session.twin.p.pooling == 0.8
    assert session.interventions[0]["week"] == 1 and session.interventions[0]["label_zh"]
    session.start_round(3, 30)
    with pytest.raises(AnswerError) as caught:
        session.intervene("pooling", 0.5)
    assert caught.value.status == 409


def test_debrief_tells_each_roles_decisions_and_the_outcomes_beside_the_twin(session):
    students, _ = join_all(session, 12)
    committee = next(s for s in students if s.role.kind == "committee")
    asked = 0  # weeks in which works waited for the committee's consent
    for week in range(3):
        for student in students:
            view = session.student_view(student)
            if student is committee:
                answers = {"supervise": "true"}
                if any(f["name"] == "approve_works" for f in view["form"]):
                    answers["approve_works"] = "false"
                    asked += 1
            elif week == 2 and student.role.kind == "organisation":
                continue  # dropped out
            else:
                answers = fill_form(view)
            answer(session, student, week, answers)
        session.close_week()
    record = session_record(session)
    cards = {card["kind"]: card for card in record["debrief"]}
    assert set(cards) == {"residents", "member", "firm", "committee", "organisation", "core"}
    assert f"否决 {asked} 次" in cards["committee"]["did_zh"] and f"refused {asked}×" in cards["committee"]["did_en"]
    assert "监督物业 3 周" in cards["committee"]["did_zh"]
    assert cards["organisation"]["simulated_weeks"] == 1 and cards["firm"]["simulated_weeks"] == 0
    labels = [f["label_zh"] for f in cards["committee"]["follows"]]
    assert "跨主体事项解决率" in labels and "跨主体事项积压" in labels
    assert all(f["class"] and f["twin"] for card in record["debrief"] for f in card["follows"])
    html = class_record_html(record)
    assert html.startswith("<!DOCTYPE html>") and "课堂角色扮演记录" in html and "Classroom role-play record" in html
    assert "学生0" in html and f"否决 {asked} 次" in html and "fell back to simulation in 1 of 3 weeks" in html


def test_the_record_is_self_contained_and_escapes_names(session):
    student = join(session, "<u>甲</u>")
    session.close_week()
    session.intervene("embedding", 0.5)
    session.close_week()
    html = class_record_html(session_record(session))
    assert "<u>甲" not in html and "&lt;u&gt;甲" in html
    assert "<script" not in html.lower()
    # Nothing is fetched from elsewhere: no src or stylesheet links at all (SVG namespaces aside).
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert 'class="event-line"' in html and "Organisational embedding" in html
    assert student.role.key in html


def test_differences_from_the_twin_are_put_in_words():
    from sim.interfaces.classroom.debrief import compare

    assert compare("backlog", 153, 123) == ("高于模拟对照 30", "30 above the simulated run")
    assert compare("resolution_rate", 0.443, 0.554) == ("低于模拟对照 11.1个百分点", "11.1 points below the simulated run")
    assert compare("mean_trust", 0.471, 0.4712) == ("与模拟对照相同", "same as the simulated run")
    assert compare("resolution_rate", float("nan"), 0.5) == ("", "")


def test_students_answers_reach_the_mechanisms_and_leave_the_twin_alone(session):
    firm, committee = (join(session, name, k) for k, name in enumerate(("经理", "主任")))
    assert (firm.role.kind, committee.role.kind) == ("firm", "committee")
    for week in range(4):
        answer(session, firm, week, {"effort": "0.0", "join_pool": "false"})
        answer(session, committee, week, {"approve_works": "false", "supervise": "false"})
        session.close_week()
    actor = int(session.model.firm_actor[firm.role.actor])
    assert session.model.actor_capacity[actor] == 0.0 < session.twin.actor_capacity[actor]
    assert session.model.pool_contributed[actor] < session.twin.pool_contributed[actor]
    firm_weeks = [h for h in session.history if h["role"] == firm.role.key]
    assert all(h["taken"]["effort"] == 0.0 and h["twin_taken"]["effort"] > 0.0 for h in firm_weeks)
    committee_weeks = [h for h in session.history if h["role"] == committee.role.key]
    assert all(h["taken"]["supervise"] is False for h in committee_weeks)
    # Consent is asked only in weeks with works waiting for the owners; otherwise it is not recorded.
    assert all(h["taken"]["approve_works"] in (False, None) for h in committee_weeks)


#: Chinese punctuation that no space may precede once the English spans are hidden.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+[：，。；、）」]")
_ENGLISH_SPAN = re.compile(r"""<span class=(["'])en\1>[^<]*</span>""")


def chinese_only_text(html: str) -> str:
    """The text a page shows in 只看中文 mode: English spans removed, then every tag."""
    return re.sub(r"<[^>]+>", "", _ENGLISH_SPAN.sub("", html))


def test_hiding_the_english_leaves_no_space_before_chinese_punctuation(session):
    from sim.interfaces.classroom import record as record_module

    join(session, "甲")
    for _ in range(2):  # nobody answers: the card says the simulation decided
        session.close_week()
    html = class_record_html(session_record(session))
    assert "扮演者：" in chinese_only_text(html)
    pages = [html, *(p.read_text(encoding="utf-8") for p in (Path(record_module.__file__).parent / "static").glob("*.html"))]
    for page in pages:
        shown = chinese_only_text(page)
        assert not _SPACE_BEFORE_PUNCTUATION.search(shown), _SPACE_BEFORE_PUNCTUATION.findall(shown)[:5]
