"""Fixtures for the dashboard tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: A process that keeps one CPU core busy, and ends by itself after this many seconds if the test
#: that started it could not stop it.
BUSY_SECONDS = 600


@pytest.fixture
def page():
    """The rendered dashboard (layout and page) from a fresh session state, and its render context."""
    import solara

    from sim.interfaces.dashboard import app, state

    state.reset_session()
    _, rc = solara.render(app.Layout(children=[app.Page()]), handle_error=False)
    yield rc
    state.reset_session()  # stops the page's player
    rc.close()
    state.reset_session()


@pytest.fixture
def busy_core():
    """One CPU core kept busy by another process while the test runs (a loaded classroom laptop)."""
    process = subprocess.Popen(
        [sys.executable, "-c", f"import time\nend = time.monotonic() + {BUSY_SECONDS}\nwhile time.monotonic() < end:\n    pass"]
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait()
