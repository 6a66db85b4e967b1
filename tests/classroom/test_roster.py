"""Joining under the teacher's control: a few joins per address, tokens bound to the browser that
joined, names kept for the teacher, and a roster the teacher can change (loopback addresses only)."""

from __future__ import annotations

import pytest

from sim.interfaces.classroom.roles import AnswerError
from sim.interfaces.classroom.roster import DEFAULT_JOINS_PER_ADDRESS, TEACHER_NAME, clean_name
from sim.interfaces.classroom.session import ClassSession

from .forms import SCENARIO, SEED, answer, fill_form, join, new_device, seen


def refused(call, *args) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        call(*args)
    return caught.value


def test_thirty_joins_from_one_address_admit_only_the_configured_few(session):
    outcomes = []
    for k in range(30):
        try:
            session.join(session.join_code, f"刷号{k}", "127.0.0.2", new_device())
            outcomes.append(201)
        except AnswerError as error:
            outcomes.append(error.status)
    assert outcomes.count(201) == DEFAULT_JOINS_PER_ADDRESS and set(outcomes[DEFAULT_JOINS_PER_ADDRESS:]) == {429}
    # A student on another device still gets a role, and the message tells the teacher what to raise.
    other = session.join(session.join_code, "真学生", "127.0.0.3", new_device())
    assert other.role is not None and len(session.students) == DEFAULT_JOINS_PER_ADDRESS + 1
    error = refused(session.join, session.join_code, "又一个", "127.0.0.2", new_device())
    assert "--joins-per-address" in error.zh and "--joins-per-address" in error.en


def test_a_shared_computer_room_raises_the_limit(scenario):
    session = ClassSession(SCENARIO, SEED, scenario.parameters, joins_per_address=12)
    for k in range(12):
        session.join(session.join_code, f"机房{k}", "127.0.0.2", new_device())
    assert refused(session.join, session.join_code, "第13个", "127.0.0.2", new_device()).status == 429


def test_the_same_browser_joining_again_gets_its_role_back(session):
    device = new_device()
    first = session.join(session.join_code, "小王", "127.0.0.2", device)
    again = session.join(session.join_code, "小王", "127.0.0.2", device)
    assert again is first and len(session.students) == 1 and session.admitted["127.0.0.2"] == 1


def test_a_token_works_only_in_the_browser_that_joined(session):
    device = new_device()
    student = session.join(session.join_code, "小王", "127.0.0.2", device)
    assert session.student(student.token, "127.0.0.2", device) is student
    # Another browser behind the same address (a copied link), or no secret at all: refused.
    assert refused(session.student, student.token, "127.0.0.2", new_device()).status == 403
    assert refused(session.student, student.token, "127.0.0.2", None).status == 403
    # The right secret from another address: refused too.
    assert refused(session.student, student.token, "127.0.0.4", device).status == 403
    # Joining needs a device secret of the right form.
    for bad in (None, "", "short", "x" * 200, "has spaces in it ........", 12345):
        assert refused(session.join, session.join_code, "小李", "127.0.0.5", bad).status == 400


@pytest.mark.parametrize("name", ["教师 Teacher", "老师", "Teacher", "ＴＥＡＣＨＥＲ", "T-e-a-c-h-e-r", "王老师", "admin"])
def test_names_the_teachers_roles_use_are_reserved(name):
    error = refused(clean_name, name)
    assert error.status == 422 and "老师" in error.zh
    # Ordinary names pass, including ones that share a character with a reserved word.
    assert clean_name("  小  王 ") == "小 王" and clean_name("教学楼小王") == "教学楼小王"


def test_the_teacher_removes_a_student_and_the_role_is_free_again(session):
    firm = join(session, "甲", 0)
    committee = join(session, "乙", 1)
    view = session.student_view(firm)
    answer(session, firm, 0, fill_form(view))
    removed = session.remove(firm.number)
    assert removed is firm and firm.token not in session.students and firm.token not in session.answers
    assert firm.role.key in {r["role"] for r in session.free_roles()}
    assert refused(seen, session, firm).status == 401  # the removed page is told so
    assert "移出" in refused(seen, session, firm).zh
    # That browser cannot come back, but the place at its address is free for another student,
    # who gets the freed role first (the firm is the first role handed out).
    device = new_device()
    newcomer = session.join(session.join_code, "丙", "127.0.0.2", device)
    assert newcomer.role == firm.role
    assert refused(session.remove, 99).status == 404
    assert [row["name"] for row in session.roster()] == ["乙", "丙"] and committee.token in session.students


def test_the_teacher_moves_a_student_to_a_free_role(session):
    students = [join(session, f"学生{k}", k) for k in range(6)]
    free = [r["role"] for r in session.free_roles()]
    target = next(key for key in free if key.startswith("firm:"))
    moved = session.reassign(students[0].number, target)
    assert moved.role.key == target and students[0].role.key == target
    taken = students[1].role.key
    assert refused(session.reassign, students[0].number, taken).status == 409
    assert refused(session.reassign, students[0].number, "mayor:1").status in (400, 409)


def test_after_a_week_each_student_reads_what_it_brought_their_actor(session):
    students = [join(session, f"学生{k}", k) for k in range(12)]
    for student in students:
        answer(session, student, 0, fill_form(session.student_view(student)))
    session.close_week()
    for student in students:
        last = session.student_view(student)["last_week"]
        assert last["week"] == 0 and last["result"], student.role.key
        for zh, en in last["result"]:
            assert zh and en and any(c.isdigit() for c in zh)
    firm = next(s for s in students if s.role.kind == "firm")
    lines = session.student_view(firm)["last_week"]["result"]
    assert any("经费单位" in zh for zh, _ in lines) and any("money units" in en for _, en in lines)


def test_a_lever_set_to_its_current_value_says_so(session):
    value = session.model.p.pooling
    assert session.intervene("pooling", value) == {} and not session.interventions
    zh, en = session.unchanged_message("pooling")
    assert "没有改变" in zh and "nothing changed" in en
    error = refused(session.intervene, "pooling", 3)
    assert error.status == 422 and "资源整合" in error.zh and "pooling" in error.en


def test_the_teachers_secretary_joins_with_a_one_time_ticket(scenario):
    session = ClassSession(SCENARIO, SEED, scenario.parameters, secretary="teacher")
    ticket = session.claim_secretary()
    device = new_device()
    teacher = session.join_as_secretary(ticket, "127.0.0.1", device)
    assert teacher.teacher and teacher.name == TEACHER_NAME and teacher.role.kind == "core"
    assert refused(session.join_as_secretary, ticket, "127.0.0.1", new_device()).status == 403  # used up
    assert refused(session.claim_secretary).status == 409
    assert session.student(teacher.token, "127.0.0.1", device) is teacher
