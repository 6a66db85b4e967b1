"""Shared by the real-browser tests of the dashboard, the classroom and the SolaraViz example."""

from __future__ import annotations

import os

import pytest

from sim.interfaces.dashboard.probe import missing_browser


def require_browser() -> None:
    """Skip a real-browser test where Chromium or playwright is missing; in CI, fail instead."""
    reason = missing_browser()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)
