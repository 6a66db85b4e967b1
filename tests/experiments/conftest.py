"""Fixtures for the experiment-layer tests: tiny sweeps (10 x 10 cells, a few weeks)."""

from __future__ import annotations

import pytest

from sim.interfaces.cli import main

TINY = {"width": 10, "height": 10}


@pytest.fixture
def tiny_experiment():
    """``tiny_experiment(vary, **options)``: a resolved grid sweep of the baseline on a 10 x 10 grid."""
    from sim.experiments import experiment_from_sweep, sweep_from_arguments

    def make(vary: list[str], *, steps: int = 5, replicates: int = 2, seed: int = 7, overrides=None, **options):
        spec = sweep_from_arguments(
            "baseline", vary, overrides={**TINY, **(overrides or {})}, steps=steps, replicates=replicates, seed=seed, **options
        )
        return experiment_from_sweep(spec)

    return make


@pytest.fixture
def cogov(capsys):
    """Run the ``cogov`` command line in this process: ``code, out, err = cogov("sweep", ...)``."""

    def run(*argv: str):
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
