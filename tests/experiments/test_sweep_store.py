"""The results store: resume, refusal of a different experiment, journals, failure isolation."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from sweep_helpers import comparable, deadly, fragile

from sim.errors import UserInputError
from sim.experiments import ResultStore, load_results, run_experiment
from sim.experiments.store import Lock


def test_resume_skips_finished_runs_and_writes_no_duplicates(tiny_experiment, tmp_path):
    experiment = tiny_experiment(["empowerment=0,0.5,1"], replicates=2)
    first = run_experiment(experiment, tmp_path, "serial", progress=False)
    assert (first.ran, first.skipped) == (6, 0)
    second = run_experiment(experiment, tmp_path, "serial", progress=False)
    assert (second.ran, second.skipped) == (0, 6)
    assert "ran 0" in second.line() and "skipped 6" in second.line()
    rows = sum(pq.read_metadata(p).num_rows for p in (tmp_path / "runs").glob("part-*.parquet"))
    assert rows == 6
    results = load_results(tmp_path)
    assert results.runs["run_key"].is_unique and len(results.runs) == 6
    assert len(results.timeseries) == 6 * (experiment.steps + 1)


def test_a_different_experiment_on_the_same_folder_is_refused(tiny_experiment, tmp_path, cogov):
    run_experiment(tiny_experiment(["empowerment=0,1"], replicates=2), tmp_path, "serial", progress=False)
    with pytest.raises(UserInputError) as caught:
        run_experiment(tiny_experiment(["empowerment=0,1"], replicates=2, steps=6), tmp_path, "serial", progress=False)
    assert "already holds a different experiment" in str(caught.value)
    assert "steps: 5 there, 6 now" in str(caught.value)
    code, out, err = cogov("sweep", "baseline", "--vary", "empowerment=0,0.5", "--set", "width=10", "--set", "height=10",
                           "--steps", "5", "--replicates", "2", "--seed", "7", "--out", tmp_path, "--quiet")
    assert code == 2 and "already holds a different experiment" in err and "Traceback" not in err
    assert "vary:" in err and "point count: 2 there, 2 now" not in err


def test_a_folder_with_other_files_is_not_used(tiny_experiment, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UserInputError, match="not empty"):
        run_experiment(tiny_experiment(["empowerment=0,1"]), tmp_path, "serial", progress=False)


def test_a_dead_writers_journal_is_recovered_exactly_once(tiny_experiment, tmp_path):
    """A writer that dies after journaling runs (but before writing a part) loses nothing."""
    experiment = tiny_experiment(["empowerment=0,0.5,1"], replicates=2)
    store = ResultStore(tmp_path, batch_size=1000)
    store.create_or_check(experiment)
    store.begin()
    from sim.experiments.engine import SweepReport, _record
    from sim.experiments.worker import execute_task

    for index in range(4):
        task = experiment.task(index)
        _record(experiment, store, task, 1, execute_task(task), SweepReport(out=tmp_path))
    assert not list((tmp_path / "runs").glob("part-*.parquet"))  # nothing flushed yet
    for lock in store._locks:  # the process "dies": its locks go, its journal stays
        lock.release()
    report = run_experiment(experiment, tmp_path, "serial", progress=False)
    assert (report.skipped, report.ran) == (4, 2)
    assert not any((tmp_path / "journal").iterdir())
    runs = load_results(tmp_path).runs
    assert len(runs) == 6 and runs["run_key"].is_unique


def test_a_live_writers_journal_is_left_alone(tiny_experiment, tmp_path):
    experiment = tiny_experiment(["empowerment=0,1"], replicates=1)
    store = ResultStore(tmp_path, batch_size=1000)
    store.create_or_check(experiment)
    store.begin(shard=(1, 2))
    from sim.experiments.engine import SweepReport, _record
    from sim.experiments.worker import execute_task

    task = experiment.task(0)
    _record(experiment, store, task, 1, execute_task(task), SweepReport(out=tmp_path))
    other = ResultStore(tmp_path)
    other.read_manifest()
    assert other.recover() == 0 and other.finished() == {}
    store.end()
    assert set(ResultStore(tmp_path).finished()) == {task.key}
    assert Lock.supported


@pytest.mark.parametrize("executor", ["serial", "processes"])
def test_a_run_that_raises_is_recorded_and_the_sweep_goes_on(tiny_experiment, tmp_path, executor):
    experiment = tiny_experiment(["empowerment=0,0.5,1"], replicates=2)
    report = run_experiment(experiment, tmp_path, executor, workers=2, progress=False, simulate=fragile)
    assert (report.ran, report.ok, report.failed) == (6, 4, 2)
    status = load_results(tmp_path, timeseries=False).status
    failed = status[status["status"] == "failed"]
    assert sorted(failed["point"]) == [1, 1]
    assert all("ValueError: planned failure at empowerment 0.5" in e and "Traceback" in e for e in failed["error"])
    assert status.loc[status["status"] == "ok", "error"].isna().all()
    assert run_experiment(experiment, tmp_path, "serial", progress=False).skipped == 6  # failed runs count as finished
    retried = run_experiment(experiment, tmp_path, "serial", progress=False, retry_failed=True)
    assert (retried.ran, retried.ok) == (2, 2)
    results = load_results(tmp_path)
    assert (results.runs["status"] == "ok").all() and len(results.runs) == 6
    assert len(results.timeseries) == 6 * 6


def test_a_dead_worker_is_retried_once_then_recorded_as_failed(tiny_experiment, tmp_path):
    experiment = tiny_experiment(["pooling=0,1", "empowerment=0,0.5"], replicates=2)
    report = run_experiment(experiment, tmp_path, "processes", workers=2, progress=False, simulate=deadly)
    assert (report.ran, report.ok, report.failed) == (8, 4, 4)
    assert report.retried >= 4
    status = load_results(tmp_path, timeseries=False).status
    dead = status[status["status"] == "failed"]
    assert (dead["attempts"] == 2).all() and dead["error"].str.contains("died twice").all()
    runs = load_results(tmp_path, timeseries=False).runs
    assert (runs.loc[runs["status"] == "failed", "pooling"] == 1.0).all()
    reference = tmp_path / "reference"
    run_experiment(experiment, reference, "serial", progress=False)
    survivors = comparable(runs[runs["status"] == "ok"]).drop(columns=["error", "status"])
    expected = load_results(reference, timeseries=False).runs
    expected = comparable(expected[expected["run_key"].isin(survivors["run_key"])]).drop(columns=["error", "status"])
    assert survivors.equals(expected)


def test_manifest_records_spec_scenario_versions_and_key_scheme(tiny_experiment, tmp_path):
    run_experiment(tiny_experiment(["empowerment=0,1"]), tmp_path, "serial", progress=False)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["vary"] == {"empowerment": {"values": [0.0, 1.0]}}
    assert manifest["base_scenario"]["name"] == "baseline"
    assert manifest["base_parameters"]["width"] == 10
    assert {"mesa", "numpy", "pyarrow", "duckdb"} <= set(manifest["versions"])
    assert "git_revision" in manifest and manifest["model_version"]["sources"]
    assert manifest["runs"] == 4 and manifest["points"] == 2


def test_two_sessions_on_one_folder_are_refused_but_distinct_shards_are_not(tiny_experiment, tmp_path):
    experiment = tiny_experiment(["empowerment=0,1"])
    holder = ResultStore(tmp_path)
    holder.create_or_check(experiment)
    holder.begin(shard=(1, 2))
    try:
        with pytest.raises(UserInputError, match="shard 1/2 is already being run"):
            run_experiment(experiment, tmp_path, shard=(1, 2), progress=False)
        with pytest.raises(UserInputError, match="another cogov process is writing"):
            run_experiment(experiment, tmp_path, "serial", progress=False)
        other = run_experiment(experiment, tmp_path, shard=(2, 2), progress=False)
        assert other.ran == other.selected and other.failed == 0
    finally:
        holder.end()
