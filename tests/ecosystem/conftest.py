"""Fixtures for the ecosystem tests: the command line in this process."""

from __future__ import annotations

import pytest

from sim.interfaces.cli import main

@pytest.fixture
def cogov(capsys):
    """Run ``cogov`` in this process: ``code, out, err = cogov("run", ...)``."""

    def run(*argv):
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
