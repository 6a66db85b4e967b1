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
