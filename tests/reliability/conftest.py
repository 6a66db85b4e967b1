"""Fixtures of the reliability tests: the command line run in this process, and finished sweeps."""

from __future__ import annotations

import os
import shutil
import subprocess

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


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 4 MiB tmpfs mounted at tmp_path/disk (skipped where mounting is not allowed); always unmounted."""
    mount = shutil.which("mount")
    disk = tmp_path / "disk"
    disk.mkdir()
    if mount is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run([mount, "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mount is not allowed here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], check=False, capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(disk)], check=False)  # still busy: detach it now, freed when released


@pytest.fixture
def sweep_copy(finished_sweep, tmp_path):
    """A private copy of the finished tiny sweep, to damage."""
    copy = tmp_path / "sweep"
    shutil.copytree(finished_sweep, copy, symlinks=True)
    return copy


@pytest.fixture
def toy_calibration(monkeypatch):
    """``cogov calibrate`` on a toy simulator (instant), so that calibration folders are cheap to make."""
    from reliability_helpers import toy_simulate

    monkeypatch.setattr("sim.analysis.calibration_targets.simulate", toy_simulate)
    return ("calibrate", "--population", "10", "--generations", "1", "--ppc-draws", "0", "--workers", "1")
