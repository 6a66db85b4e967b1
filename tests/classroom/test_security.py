"""Security of the classroom endpoints, through Starlette's ASGI test client (loopback addresses only).

Every refusal must come with a clear status: 400 malformed, 401 no or forged token, 403 wrong
code / another role / not the teacher, 409 a week that is not open or a full class, 410 an
ended session, 413 an oversized body, 422 values outside the form, 429 flooding.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from sim.interfaces.classroom.app import MAX_BODY_BYTES, student_app, teacher_app
from sim.interfaces.classroom.security import RateLimiter, codes_match, is_loopback, new_join_code, new_token
from sim.interfaces.classroom.session import JOIN_FAILURES_PER_MINUTE, REQUESTS_PER_WINDOW, ClassSession

from .forms import SCENARIO, SEED, fill_form, new_device

TEACHER = {"X-Cogov-Teacher": "1"}


@pytest.fixture
def students(session):
    return TestClient(student_app(session), base_url="http://127.0.0.1:8781", client=("127.0.0.1", 50001))


@pytest.fixture
def teacher(session):
    return TestClient(teacher_app(session), base_url="http://127.0.0.1:8780", client=("127.0.0.1", 50002))


def phone(session, k: int) -> TestClient:
    """The students' server as the ``k``-th phone sees it (its own loopback address)."""
    return TestClient(student_app(session), base_url="http://127.0.0.1:8781", client=(f"127.0.0.{k + 2}", 50001))


def join(students, session, name="小王", device=None):
    device = device or new_device()
    response = students.post("/api/join", json={"code": session.join_code, "name": name, "device": device})
    assert response.status_code == 201, response.text
    return {**response.json(), "device": device}


def me(view, token=None) -> dict:
    """The headers a student's page sends: its role token and its device secret."""
    return {"X-Token": token or view["token"], "X-Device": view["device"]}


def answer(students, view, token=None, **changes):
    body = {"week": view["week"], "role": view["role"], "answers": fill_form(view), **changes}
    return students.post("/api/answer", json=body, headers=me(view, token))


# ---------------------------------------------------------------- helpers
def test_tokens_and_codes_are_random_and_codes_compare_leniently():
    assert len({new_token() for _ in range(100)}) == 100 and len(new_token()) >= 40
    code = new_join_code()
    assert codes_match(f" {code.lower()} ", code) and not codes_match(code[:-1], code)


def test_loopback_check():
    assert is_loopback("127.0.0.1") and is_loopback("127.8.9.1") and is_loopback("::1") and is_loopback("::ffff:127.0.0.1")
    for other in ("192.168.1.20", "10.0.0.1", "0.0.0.0", "::", "testclient", "", None):
        assert not is_loopback(other)


def test_rate_limiter_counts_a_sliding_window():
    now = [0.0]
    limiter = RateLimiter(3, 10.0, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # per key
    now[0] = 9.9
    assert not limiter.allow("a") and 0 < limiter.retry_after_s("a") <= 0.1 + 1e-9
    now[0] = 10.0
    assert limiter.allow("a")


# ---------------------------------------------------------------- joining
def test_joining_needs_the_code(students, session):
    assert students.post("/api/join", json={"name": "小王"}).status_code == 400
    assert students.post("/api/join", json={"code": "", "name": "小王"}).status_code == 400
    wrong = students.post("/api/join", json={"code": "AAAAAA", "name": "小王"})
    assert wrong.status_code == 403 and "加入码" in wrong.json()["error"]
    assert students.post("/api/join", json={"code": session.join_code}).status_code == 400  # no name
    assert students.post("/api/join", json={"code": session.join_code, "name": "x" * 40}).status_code == 422
    assert students.post("/api/join", json={"code": session.join_code, "name": "a\x00b"}).status_code == 422
    assert not session.students


def test_guessing_codes_is_limited(students, session):
    statuses = [students.post("/api/join", json={"code": "AAAAAA", "name": "x"}).status_code for _ in range(JOIN_FAILURES_PER_MINUTE + 2)]
    assert statuses[:JOIN_FAILURES_PER_MINUTE] == [403] * JOIN_FAILURES_PER_MINUTE
    assert statuses[-1] == 429


def test_the_class_has_a_cap(scenario):
    session = ClassSession(SCENARIO, SEED, scenario.parameters, max_students=3)
    for k in range(3):
        join(phone(session, k), session, f"s{k}")
    full = phone(session, 3).post("/api/join", json={"code": session.join_code, "name": "late", "device": new_device()})
    assert full.status_code == 409 and "已满" in full.json()["error"]


def test_malformed_and_oversized_bodies(students, session):
    assert students.post("/api/join", content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 400
    assert students.post("/api/join", content="\u00ff".encode("latin-1")).status_code == 400
    assert students.post("/api/join", json=["code"]).status_code == 400
    huge = students.post("/api/join", json={"code": session.join_code, "name": "x" * (MAX_BODY_BYTES + 10)})
    assert huge.status_code == 413


# ---------------------------------------------------------------- tokens and roles
def test_no_or_forged_token_is_refused(students, session):
    view = join(students, session)
    assert students.get("/api/state").status_code == 401
    assert students.get("/api/state", headers={"X-Token": new_token()}).status_code == 401
    assert answer(students, view, token=view["token"][:-2] + "xy").status_code == 401
    assert students.get("/api/state", headers=me(view)).status_code == 200


def test_a_token_taken_to_another_device_is_refused(students, session):
    view = join(students, session)
    elsewhere = TestClient(student_app(session), base_url="http://127.0.0.1:8781", client=("127.0.0.2", 50009))
    stolen = elsewhere.get("/api/state", headers=me(view))
    assert stolen.status_code == 403 and "另一台设备" in stolen.json()["error_zh"] and stolen.json()["error_en"]
    # Another browser behind the same address (the link copied to a friend's phone on one hotspot).
    copied = students.get("/api/state", headers={"X-Token": view["token"], "X-Device": new_device()})
    assert copied.status_code == 403
    assert answer(elsewhere, view).status_code == 403 and not session.answers
    assert answer(students, view).status_code == 200


def test_a_student_answers_only_as_their_own_role(students, session):
    firm = join(students, session, "甲")
    committee = join(students, session, "乙")
    assert (firm["kind"], committee["kind"]) == ("firm", "committee")
    # The firm's token used for the committee's role, with the committee's form.
    forged = {"week": 0, "role": committee["role"], "answers": fill_form(committee)}
    response = students.post("/api/answer", json=forged, headers=me(firm))
    assert response.status_code == 403 and "角色" in response.json()["error"]
    assert not session.answers
    assert answer(students, firm).status_code == 200 and list(session.answers) == [firm["token"]]


def test_only_the_open_week_can_be_answered(students, teacher, session):
    view = join(students, session)
    assert teacher.post("/api/advance", json={}, headers=TEACHER).status_code == 200
    past = answer(students, view, week=0)
    assert past.status_code == 409 and "本周" in past.json()["error"]
    assert answer(students, view, week=5).status_code == 409
    assert answer(students, view, week="1").status_code == 422
    assert answer(students, view, week=1).status_code == 200


def test_values_outside_the_form_are_refused(students, session):
    view = join(students, session)  # the firm manager
    for answers in ({"effort": "1.5", "join_pool": "true"}, {"effort": "0.4", "join_pool": "maybe"}, {"effort": "0.4"}, "all"):
        response = students.post(
            "/api/answer", json={"week": 0, "role": view["role"], "answers": answers}, headers=me(view)
        )
        assert response.status_code == 422, answers
    assert not session.answers


def test_flooding_is_limited(students, session):
    view = join(students, session)
    statuses = [students.get("/api/state", headers=me(view)).status_code for _ in range(REQUESTS_PER_WINDOW + 5)]
    assert statuses.count(200) == REQUESTS_PER_WINDOW and statuses[-1] == 429
    limited = students.get("/api/state", headers=me(view))
    assert limited.status_code == 429 and limited.headers["Retry-After"]


def test_after_the_end_students_get_410(students, teacher, session):
    view = join(students, session)
    assert teacher.post("/api/end", json={}, headers=TEACHER).status_code == 200
    assert students.get("/api/state", headers=me(view)).status_code == 410
    assert answer(students, view).status_code == 410
    assert students.post("/api/join", json={"code": session.join_code, "name": "晚到"}).status_code == 410


# ---------------------------------------------------------------- the teacher's controls
def test_teacher_controls_are_unreachable_from_a_non_local_address(session):
    outsider = TestClient(teacher_app(session), base_url="http://127.0.0.1:8780", client=("192.168.1.23", 50100))
    for path in ("/", "/api/state", "/charts", "/community", "/record.html", "/debrief", "/qr.svg"):
        assert outsider.get(path).status_code == 403, path
    for path in ("/api/advance", "/api/round", "/api/lever", "/api/end", "/api/stop"):
        assert outsider.post(path, json={"weeks": 1, "seconds": 5, "name": "pooling", "value": 1.0}, headers=TEACHER).status_code == 403
    assert session.week == 0 and not session.ended and session.model.p.pooling != 1.0


def test_students_have_no_teacher_controls(students, session):
    for path in ("/api/advance", "/api/round", "/api/lever", "/api/end", "/api/stop", "/record.html", "/charts"):
        assert students.post(path, json={}).status_code in (404, 405), path
    assert session.week == 0 and not session.ended


def test_teacher_controls_need_the_page_header_and_a_local_host_name(session, teacher):
    # A foreign web page in the teacher's browser cannot add the custom header (CSRF).
    assert teacher.post("/api/advance", json={}).status_code == 403
    # DNS rebinding: a request naming another host is refused.
    rebound = TestClient(teacher_app(session), base_url="http://evil.example:8780", client=("127.0.0.1", 50101))
    assert rebound.get("/api/state").status_code == 400
    assert session.week == 0


def test_bad_teacher_values_are_refused(teacher, session):
    assert teacher.post("/api/round", json={"weeks": 0, "seconds": 30}, headers=TEACHER).status_code == 422
    assert teacher.post("/api/round", json={"weeks": 2, "seconds": 1}, headers=TEACHER).status_code == 422
    bad_lever = teacher.post("/api/lever", json={"name": "pooling", "value": 3}, headers=TEACHER)
    assert bad_lever.status_code == 422 and "pooling" in bad_lever.json()["error"]
    assert teacher.post("/api/lever", json={"name": "width", "value": 20}, headers=TEACHER).status_code == 422
    assert teacher.post("/api/lever", json={"name": "pooling", "value": 0.9}, headers=TEACHER).status_code == 200
    assert session.model.p.pooling == session.twin.p.pooling == 0.9


def test_the_teacher_can_keep_the_secretary_for_themselves(scenario):
    session = ClassSession(SCENARIO, SEED, scenario.parameters, secretary="teacher")
    students = TestClient(student_app(session), base_url="http://127.0.0.1:8781", client=("127.0.0.1", 50001))
    teacher = TestClient(teacher_app(session, "http://127.0.0.1:8781/"), base_url="http://127.0.0.1:8780", client=("127.0.0.1", 50002))
    kinds = [join(phone(session, k), session, f"s{k}")["kind"] for k in range(12)]
    assert "core" not in kinds and "committee" in kinds
    claimed = teacher.post("/api/secretary", json={}, headers=TEACHER)
    assert claimed.status_code == 200
    ticket = claimed.json()["url"].split("#ticket=")[1]
    device = new_device()
    joined = students.post("/api/join", json={"ticket": ticket, "device": device})
    assert joined.status_code == 201, joined.text
    view = students.get("/api/state", headers=me({**joined.json(), "device": device})).json()
    assert view["kind"] == "core" and view["name"] == "教师 Teacher"
    # The ticket works once: a copy of the link opens nothing.
    assert students.post("/api/join", json={"ticket": ticket, "device": new_device()}).status_code == 403
    assert teacher.post("/api/secretary", json={}, headers=TEACHER).status_code == 409  # only once
    outsider = TestClient(teacher_app(session), base_url="http://127.0.0.1:8780", client=("10.1.1.1", 50003))
    assert outsider.post("/api/secretary", json={}, headers=TEACHER).status_code == 403


def test_the_secretary_is_not_the_teachers_by_default(teacher):
    refused = teacher.post("/api/secretary", json={}, headers=TEACHER)
    assert refused.status_code == 409 and "--secretary" in refused.json()["error"]


def test_the_teacher_removes_and_moves_students_from_the_roster(session, teacher):
    first, second = join(phone(session, 0), session, "甲"), join(phone(session, 1), session, "乙")
    state = teacher.get("/api/state").json()
    numbers = {row["name"]: row["number"] for row in state["roster"]}
    assert all("token" not in row for row in state["roster"])  # the teacher's page names students by number
    assert teacher.post("/api/remove", json={"number": numbers["甲"]}).status_code == 403  # no page header
    assert teacher.post("/api/remove", json={"number": numbers["甲"]}, headers=TEACHER).status_code == 200
    gone = phone(session, 0).get("/api/state", headers=me(first))
    assert gone.status_code == 401 and "移出" in gone.json()["error_zh"]
    target = next(r["role"] for r in teacher.get("/api/state").json()["free_roles"] if r["role"].startswith("organisation:"))
    moved = teacher.post("/api/reassign", json={"number": numbers["乙"], "role": target}, headers=TEACHER)
    assert moved.status_code == 200 and phone(session, 1).get("/api/state", headers=me(second)).json()["role"] == target
    assert teacher.post("/api/remove", json={"number": "1"}, headers=TEACHER).status_code == 404
