"""`cogov dashboard`: registration and clear errors for bad addresses (no server is left running)."""

from __future__ import annotations

import socket

from sim.interfaces.cli import build_parser, main


def test_dashboard_command_is_registered_with_its_options():
    args = build_parser().parse_args(["dashboard"])
    assert (args.port, args.lang, args.host) == (8765, "zh", "127.0.0.1")
    args = build_parser().parse_args(["dashboard", "--port", "0", "--lang", "en", "--host", "::1"])
    assert (args.port, args.lang, args.host) == (0, "en", "::1")


def test_bad_port_and_language_are_user_errors(capsys):
    assert main(["dashboard", "--port", "70000"]) == 2
    assert "--port must be from 0 to 65535" in capsys.readouterr().err
    assert main(["dashboard", "--lang", "fr"]) == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_port_in_use_is_a_clear_error(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"--port {port}" in err and "Traceback" not in err
