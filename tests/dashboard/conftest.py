"""Fixtures for the dashboard tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def page():
    """The rendered dashboard (layout and page) from a fresh session state, and its render context."""
    import solara

    from sim.interfaces.dashboard import app

    app.reset_session()
    _, rc = solara.render(app.Layout(children=[app.Page()]), handle_error=False)
    yield rc
    app.playing.set(False)
    rc.close()
    app.reset_session()
