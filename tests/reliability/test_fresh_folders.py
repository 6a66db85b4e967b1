"""A fresh folder of every command works with every command that takes a folder (issue 22, item 1).

Each folder kind is built at a tiny size (a 10 x 10 grid, a few weeks; the calibration on a toy
simulator) and ``query``, ``verify``, ``export`` (every format that applies) and ``report`` are
run on it; each must exit 0, and ``query`` must see the folder's rows.
"""

from __future__ import annotations

import pytest
from reliability_helpers import TINY_SWEEP, toy_simulate

from sim.interfaces.cli import main

SMALL = ("--set", "width=10", "--set", "height=10")
BUILD = {
    "run": lambda out: ["run", "co_governance", "--seed", "42", "--steps", "3", *SMALL, "--quiet", "--out", out],
    "compare": lambda out: ["compare", "baseline", "empowerment", "--replicates", "2", "--steps", "2", *SMALL,
                            "--workers", "1", "--quiet", "--out", out],
    "sweep": lambda out: [*TINY_SWEEP, "--out", out],
    "sensitivity": lambda out: ["sensitivity", "baseline", "--method", "morris", "--vary", "empowerment=0:1",
                                "--vary", "pooling=0:1", "--samples", "2", "--steps", "2", *SMALL, "--workers", "1",
                                "--outcome", "resolution_rate", "--quiet", "--out", out],
    "hypotheses": lambda out: ["hypotheses", "H1", "--replicates", "2", "--steps", "52", "--workers", "1", "--quiet",
                               "--format", "csv", "--out", out],
    "calibration": lambda out: ["calibrate", "--population", "10", "--generations", "1", "--ppc-draws", "0",
                                "--workers", "1", "--out", out],
}
#: A query each kind answers with at least one row.
QUERY = {"run": "SELECT count(*) AS n FROM timeseries", "calibration": "SELECT count(*) AS n FROM posterior"}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Every kind of folder, freshly written by its command."""
    import sim.analysis.calibration_targets as targets

    root = tmp_path_factory.mktemp("fresh")
    real = targets.simulate
    targets.simulate = toy_simulate
    try:
        for kind, argv in BUILD.items():
            assert main([str(a) for a in argv(root / kind)]) == 0, kind
    finally:
        targets.simulate = real
    return root


@pytest.mark.parametrize("kind", list(BUILD))
def test_query_reads_a_fresh_folder(kind, fresh, cogov):
    code, out, err = cogov("query", fresh / kind, QUERY.get(kind, "SELECT count(*) AS n FROM runs"))
    assert code == 0, err
    assert int(out.split()[-1]) > 0


@pytest.mark.parametrize("kind", list(BUILD))
def test_verify_finds_a_fresh_folder_sound(kind, fresh, cogov):
    code, out, err = cogov("verify", fresh / kind)
    assert code == 0, err
    assert "ok: every part matches its checksum" in out and "damaged" not in err


@pytest.mark.parametrize("fmt", ["long", "wide", "behaviorspace"])
@pytest.mark.parametrize("kind", list(BUILD))
def test_export_writes_a_fresh_folder(kind, fmt, fresh, tmp_path, cogov):
    code, out, err = cogov("export", fresh / kind, "--format", fmt, "--out", tmp_path / fmt)
    if kind == "calibration" and fmt == "behaviorspace":  # a posterior has no runs over weeks: a clear refusal
        assert code == 2 and "use --format long" in err
        return
    assert code == 0, err
    assert out.startswith("wrote ") and all((tmp_path / name).stat().st_size > 0 for name in
                                            [p.name for p in tmp_path.iterdir()])


@pytest.mark.parametrize("kind", list(BUILD))
def test_report_describes_a_fresh_folder(kind, fresh, tmp_path, cogov):
    code, out, err = cogov("report", fresh / kind, "--out", tmp_path / "report.html")
    assert code == 0, err
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_issue_22_command_line(tmp_path, cogov, monkeypatch):
    """`cogov run co_governance --seed 42 --out results/x && cogov query results/x "SELECT count(*) FROM timeseries"`."""
    monkeypatch.chdir(tmp_path)
    assert cogov("run", "co_governance", "--seed", "42", "--steps", "2", *SMALL, "--quiet", "--out", "results/x")[0] == 0
    code, out, err = cogov("query", "results/x", "SELECT count(*) FROM timeseries")
    assert code == 0 and out.split()[-1] == "3", err
