"""`cogov classroom` on the command line: bad input is a clear message and exit status 2."""

from __future__ import annotations

import socket

import pytest

from sim.interfaces.cli import main


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["classroom", "--listen", "classroom-wifi"], "--listen 'classroom-wifi' is not an IP address"),
        (["classroom", "--listen", "300.1.1.1"], "is not an IP address"),
        (["classroom", "--max-students", "500"], "--max-students must be from 1 to 200"),
        (["classroom", "--seed", "-3"], "--seed"),
        (["classroom", "no_such_scenario"], "no_such_scenario"),
        (["classroom", "--set", "pooling=7"], "pooling"),
    ],
)
def test_bad_input_exits_2_with_a_message(argv, fragment, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_a_busy_port_is_a_clear_error(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["classroom", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"classroom: cannot listen on 127.0.0.1 port {port} (--port {port})" in err


def test_a_busy_student_port_names_its_option(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["classroom", "--port", "0", "--student-port", str(port)]) == 2
    assert f"(--student-port {port})" in capsys.readouterr().err


def test_opening_to_the_network_warns_and_the_teacher_stays_on_loopback(monkeypatch, capsys):
    """--listen 0.0.0.0 prints a warning; the teacher's server is bound to 127.0.0.1 whatever --listen says.
    (Nothing is bound here: the servers are replaced by a recorder.)"""
    from sim.interfaces.classroom import command

    made = {}

    class Recorder(command.ClassroomServers):
        def run(self):
            made["teacher"] = (self.teacher.config.host, self.teacher.config.port)
            made["students"] = (self.students.config.host, self.students.config.port)

    monkeypatch.setattr(command, "ClassroomServers", Recorder)
    monkeypatch.setattr(command, "check_free", lambda host, port, option: None)
    monkeypatch.setattr(command, "reachable_address", lambda listen: "192.0.2.10")  # documentation address
    assert main(["classroom", "--listen", "0.0.0.0", "--port", "8780", "--student-port", "8781", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "警告" in out and "WARNING" in out and "0.0.0.0" in out
    assert "http://192.0.2.10:8781/" in out and "http://127.0.0.1:8780/" in out
    assert made == {"teacher": ("127.0.0.1", 8780), "students": ("0.0.0.0", 8781)}
