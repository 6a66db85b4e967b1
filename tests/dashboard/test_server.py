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


def test_bad_lesson_file_is_refused_before_the_server_starts(tmp_path, capsys):
    broken = tmp_path / "lesson.json"
    broken.write_text('{"format": "cogov-lesson", "scenario": "baseline", "interventions": [{"week": 5, "changes": {"empowerment": 3}}]}')
    assert main(["dashboard", "--port", "0", "--lesson", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and "empowerment" in err and "from 0 to 1" in err and "Traceback" not in err
    assert main(["dashboard", "--port", "0", "--lesson", str(tmp_path / "missing.json")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_pages_start_from_the_lesson_given_to_the_command(tmp_path, monkeypatch):
    import solara

    from sim.interfaces.dashboard import app, state
    from sim.interfaces.dashboard.server import LESSON_ENVIRONMENT_VARIABLE

    lesson = tmp_path / "lesson.json"
    lesson.write_text('{"format": "cogov-lesson", "scenario": "baseline", "seed": 12, "interventions": [{"week": 4, "changes": {"pooling": 0.2}}]}')
    monkeypatch.setenv(LESSON_ENVIRONMENT_VARIABLE, str(lesson))
    state.reset_session()
    _, rc = solara.render(app.Layout(children=[app.Page()]), handle_error=False)
    try:
        room = state.classroom.value
        assert (room.seed, room.week, [(i.week, i.changes) for i in room.plan]) == (12, 0, [(4, {"pooling": 0.2})])
        room.step(5)
        assert [(i.week, i.applied) for i in room.interventions] == [(4, {"pooling": (0.0, 0.2)})]
    finally:
        state.reset_session()
        rc.close()
        state.reset_session()
