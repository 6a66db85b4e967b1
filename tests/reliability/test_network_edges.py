"""Network edges: addresses read as the socket layer reads them (a warning for every non-loopback
one, an empty one refused), and classroom connections bounded in time and number, with a 400
for a malformed body of any shape. Loopback only; counts and waits bounded."""

from __future__ import annotations

import socket
import time

import pytest
from starlette.testclient import TestClient

from sim.errors import UserInputError
from sim.interfaces.network import exposure_warning, normalise_host


@pytest.mark.parametrize(("given", "address"), [
    ("0", "0.0.0.0"), ("0.0.0.0", "0.0.0.0"), ("0x0", "0.0.0.0"), ("::", "::"), ("::0", "::"),
    ("0:0:0:0:0:0:0:0", "::"), ("[::]", "::"), (" 0 ", "0.0.0.0"), ("127.1", "127.0.0.1"), ("::1", "::1"),
])
def test_addresses_are_read_as_the_socket_layer_reads_them(given, address):
    assert normalise_host(given, "--host") == address


@pytest.mark.parametrize("host", ["0", "::0", "0:0:0:0:0:0:0:0", "192.0.2.7", "10.1.2.3", "::ffff:192.0.2.7", "fe80::1"])
def test_every_non_loopback_address_is_warned_about(host):
    warning = exposure_warning(normalise_host(host, "--host") if host in ("0", "::0", "0:0:0:0:0:0:0:0") else host, 8765)
    assert warning and "anyone on the network can open this page" in warning and "任何人都能打开" in warning


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"])
def test_loopback_addresses_are_not_warned_about(host):
    assert exposure_warning(host, 8765) is None


@pytest.mark.parametrize("host", ["", "   ", "[]", "[ ]"])
def test_an_empty_address_is_refused(host, cogov):
    with pytest.raises(UserInputError, match="empty address is refused"):
        normalise_host(host, "--host")
    code, _, err = cogov("dashboard", "--host", host, "--port", "0")
    assert code == 2 and "empty address" in err
    code, _, err = cogov("classroom", "--listen", host)
    assert code == 2 and "empty address" in err


def test_a_classroom_listen_address_in_any_spelling_of_everywhere_warns(capsys):
    from sim.interfaces.classroom.command import listen_address

    assert listen_address("0") == "0.0.0.0" and listen_address("::0") == "::"
    with pytest.raises(UserInputError):
        listen_address("not an address at all!")


# ---------------------------------------------------------------- the classroom's HTTP edge
@pytest.fixture
def servers(monkeypatch):
    """Both classroom servers on loopback, free ports, a short request deadline."""
    from sim.interfaces.classroom import connections
    from sim.interfaces.classroom.command import ClassroomServers, free_port
    from sim.interfaces.classroom.session import ClassSession
    from sim.scenarios import load_scenario

    monkeypatch.setattr(connections, "REQUEST_TIMEOUT_S", 0.5)
    scenario = load_scenario("co_governance", {"width": 10, "height": 10})
    session = ClassSession("co_governance", 7, scenario.parameters, title=("课", "class"), max_students=10)
    teacher, students = free_port("127.0.0.1"), free_port("127.0.0.1")
    running = ClassroomServers(session, teacher, "127.0.0.1", students, f"http://127.0.0.1:{students}/")
    running.start_in_thread()
    try:
        yield running, teacher, students
    finally:
        running.stop()


def _closed_by_server(sock: socket.socket, within_s: float) -> bool:
    sock.settimeout(within_s)
    try:
        return sock.recv(4096) == b"" or True  # a 408/400 answer then close counts as closed too
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def _get(port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return sock.recv(64)


def test_half_sent_headers_are_closed_and_the_class_goes_on(servers):
    _, teacher, students = servers
    half_open = []
    try:
        for _ in range(150):
            sock = socket.create_connection(("127.0.0.1", students), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            half_open.append(sock)
        deadline = time.monotonic() + 30
        for sock in half_open:  # every one is closed by the server (its deadline is 0.5 s)
            assert _closed_by_server(sock, max(0.1, deadline - time.monotonic()))
        assert _get(students).startswith(b"HTTP/1.1 200")
        assert _get(teacher).startswith(b"HTTP/1.1 200")
    finally:
        for sock in half_open:
            sock.close()


def test_a_slow_body_is_closed_too(servers):
    _, _, students = servers
    with socket.create_connection(("127.0.0.1", students), timeout=5) as sock:
        sock.sendall(b"POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        assert _closed_by_server(sock, 20)


def test_connections_beyond_the_cap_are_refused_at_once(servers, monkeypatch):
    from sim.interfaces.classroom import connections

    running, _, students = servers
    monkeypatch.setattr(connections.GuardedH11Protocol, "request_timeout_s", 60.0)
    cap = running.students.config.http_protocol_class.max_connections
    opened = []
    try:
        for _ in range(cap + 20):
            opened.append(socket.create_connection(("127.0.0.1", students), timeout=5))
        time.sleep(0)  # nothing to wait for: extra connections are closed as they are accepted
        closed = sum(_closed_by_server(sock, 0.05) for sock in opened[-20:])
        assert closed >= 15  # the server accepts in order; the last ones found it full
    finally:
        for sock in opened:
            sock.close()


NESTED = "[" * 2000 + "]" * 2000


@pytest.mark.parametrize("body", [NESTED, "{" * 2000, '{"a":' * 600 + "1" + "}" * 600, "9" * 4000, "\udcff".encode("utf-8", "surrogateescape").decode("latin-1")])
def test_a_malformed_body_of_any_shape_is_a_400(body):
    from sim.interfaces.classroom.app import student_app, teacher_app
    from sim.interfaces.classroom.session import ClassSession
    from sim.scenarios import load_scenario

    scenario = load_scenario("co_governance", {"width": 10, "height": 10})
    session = ClassSession("co_governance", 7, scenario.parameters, title=("课", "class"))
    students = TestClient(student_app(session), base_url="http://127.0.0.1:8781", client=("127.0.0.1", 50001),
                          raise_server_exceptions=False)
    teacher = TestClient(teacher_app(session), base_url="http://127.0.0.1:8780", client=("127.0.0.1", 50002),
                         raise_server_exceptions=False)
    data = body.encode("latin-1") if body.startswith("\udcff") else body.encode("utf-8")
    headers = {"content-type": "application/json"}
    expected = {400} if not body.startswith('{"a":') else set(range(200, 500))  # a deep but valid object: handled as usual
    for url in ("/api/join", "/api/answer"):
        assert students.post(url, content=data, headers=headers).status_code in expected
    for url in ("/api/lever", "/api/round", "/api/advance"):
        assert teacher.post(url, content=data, headers={**headers, "X-Cogov-Teacher": "1"}).status_code in expected


ODD_VALUES = [None, True, -1, 2**70, 1e308, 1.5, "", "x" * 3000, [], [1], {}, {"a": {"b": []}}, "NaN"]


def test_a_json_object_with_fields_of_any_type_is_refused_never_a_500():
    """Every field of every POST endpoint given values of the wrong type: a 4xx each time, the class goes on."""
    import json

    from sim.interfaces.classroom.app import student_app, teacher_app
    from sim.interfaces.classroom.session import LEVER_NAMES, ClassSession
    from sim.scenarios import load_scenario

    scenario = load_scenario("co_governance", {"width": 10, "height": 10})
    session = ClassSession("co_governance", 7, scenario.parameters, title=("课", "class"), max_students=10)
    session.requests.allow = lambda *_: True  # the rate limit is not what is tested here
    students = TestClient(student_app(session), base_url="http://127.0.0.1:8781", client=("127.0.0.1", 50001),
                          raise_server_exceptions=False)
    teacher = TestClient(teacher_app(session), base_url="http://127.0.0.1:8780", client=("127.0.0.1", 50002),
                         raise_server_exceptions=False)
    joined = students.post("/api/join", json={"code": session.join_code, "name": "甲", "device": "d" * 32}).json()
    good = {
        (students, "/api/join"): {"code": session.join_code, "name": "乙", "device": "e" * 32},
        (students, "/api/answer"): {"week": session.week, "role": joined["role"], "answers": {}},
        (teacher, "/api/round"): {"weeks": 1, "seconds": 5},
        (teacher, "/api/lever"): {"name": LEVER_NAMES[0], "value": 0.5},
    }
    headers = {"content-type": "application/json", "x-token": joined["token"], "x-device": "d" * 32, "X-Cogov-Teacher": "1"}
    answers = []
    for (client, url), body in good.items():
        for field in body:
            for value in ODD_VALUES:
                sent = json.dumps({**body, field: value})
                status = client.post(url, content=sent.encode(), headers=headers).status_code
                answers.append((url, field, repr(value)[:20], status))
                teacher.post("/api/stop", json={}, headers=headers)
    unexpected = [a for a in answers if not (400 <= a[3] < 500 or a[3] in (200, 201))]  # a valid value is taken
    assert unexpected == [] and len(answers) == len(ODD_VALUES) * sum(len(body) for body in good.values())
    assert students.get("/api/state", headers=headers).status_code == 200
