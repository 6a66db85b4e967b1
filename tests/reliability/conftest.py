"""Fixtures of the reliability tests: the command line run in this process, and a tiny sweep."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sim.interfaces.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))  # sweep_helpers

#: A sweep small enough to run in about a second: 8 runs of 4 weeks on a 10 x 10 grid.
TINY_SWEEP = ("sweep", "baseline", "--vary", "empowerment=0,0.25,0.5,1", "--replicates", "2", "--steps", "4",
              "--set", "width=10", "--set", "height=10", "--seed", "3", "--workers", "1", "--quiet")
TINY_RUNS = 8


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


def same_as_reference(out: Path, reference) -> bool:
    from sweep_helpers import comparable

    from sim.experiments import load_results

    results = load_results(out)
    runs, series = comparable(results.runs), comparable(results.timeseries)
    return runs.equals(reference[0]) and series.equals(reference[1])
