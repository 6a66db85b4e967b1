"""A real `cogov sweep` process killed with SIGKILL, then rerun: nothing finished is lost or duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pyarrow.parquet as pq
import pytest
from sweep_helpers import comparable

from sim.experiments import experiment_from_sweep, load_results, run_experiment, sweep_from_arguments
from sim.experiments.store import ResultStore, _read_stream

VARY = ["empowerment=0:1:5", "pooling=0:1:4"]
SETTINGS = {"overrides": {"width": 20, "height": 20}, "steps": 15, "replicates": 3, "seed": 5}
RUNS = 5 * 4 * 3


def command(out, *extra):
    argv = [sys.executable, "-m", "sim.interfaces.cli", "sweep", "baseline", "--replicates", "3", "--steps", "15", "--seed", "5",
            "--set", "width=20", "--set", "height=20", "--out", str(out), "--quiet", *extra]
    for vary in VARY:
        argv += ["--vary", vary]
    return argv


def durable_runs(out) -> int:
    """Runs on disk: rows of committed parts plus complete rows in journals."""
    store = ResultStore(out)
    if not store.manifest_path.exists():
        return 0
    try:
        store.read_manifest()
    except Exception:  # noqa: BLE001 - being written right now
        return 0
    committed = sum(pq.read_metadata(p).num_rows for p in store.committed_parts()[0])
    journaled = sum(_read_stream(p, store.runs_schema).num_rows for p in store.journal_dir.glob("*/*.runs.arrows"))
    return committed + journaled


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    run_experiment(experiment_from_sweep(sweep_from_arguments("baseline", VARY, **SETTINGS)), out, "serial", progress=False)
    return load_results(out)


@pytest.mark.parametrize(("extra", "label"), [(("--workers", "1", "--batch-size", "5"), "serial, parts and journal"),
                                              (("--workers", "2", "--batch-size", "1000"), "process pool, journal only")])
def test_sigkill_then_rerun_loses_and_duplicates_nothing(tmp_path, reference, extra, label):
    out = tmp_path / "sweep"
    process = subprocess.Popen(command(out, *extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while durable_runs(out) < 8:
        assert process.poll() is None, f"the sweep ended before it could be killed: {process.communicate()}"
        assert time.monotonic() < deadline, "the sweep made no progress"
        time.sleep(0.02)
    workers = psutil.Process(process.pid).children(recursive=True)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    before = durable_runs(out)
    assert 8 <= before < RUNS, label
    _, gone_alive = psutil.wait_procs(workers, timeout=10)
    assert not gone_alive, "pool workers outlived their killed parent"

    rerun = subprocess.run(command(out, *extra), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"ran {RUNS - before} " in rerun.stdout and f"skipped {before} already finished" in rerun.stdout

    results = load_results(out)
    assert len(results.runs) == RUNS and results.runs["run_key"].is_unique
    stored = sum(pq.read_metadata(p).num_rows for p in (out / "runs").glob("part-*.parquet"))
    assert stored == RUNS  # no duplicate rows on disk either
    assert len(results.timeseries) == RUNS * 16
    assert comparable(results.runs).equals(comparable(reference.runs))
    assert comparable(results.timeseries).equals(comparable(reference.timeseries))
    assert not list((out / "journal").glob("*/*.arrows"))
