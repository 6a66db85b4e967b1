"""Fixtures of the reliability tests: the command line run in this process, and finished sweeps."""

from __future__ import annotations

import pytest
from reliability_helpers import TINY_SWEEP

from sim.interfaces.cli import main


@pytest.fixture
def cogov(capsys):
    """Run ``cogov`` in this process: ``code, out, err = cogov("sweep", ...)``."""

    def run(*argv):
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def reference_sweep(tmp_path_factory):
    """The tiny sweep run once without interruption: (runs, timeseries) as comparable tables."""
    from sweep_helpers import comparable

    from sim.experiments import load_results

    out = tmp_path_factory.mktemp("reference")
    assert main([*TINY_SWEEP, "--out", str(out)]) == 0
    results = load_results(out)
    return comparable(results.runs), comparable(results.timeseries)


@pytest.fixture(scope="session")
def finished_sweep(tmp_path_factory):
    """A finished tiny sweep's results folder, shared: copy it before changing anything in it."""
    out = tmp_path_factory.mktemp("finished") / "results"
    assert main([*TINY_SWEEP, "--out", str(out)]) == 0
    return out
