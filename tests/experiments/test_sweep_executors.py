"""The same sweep gives identical results on every executor, any number of workers, and in shards."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sweep_helpers import comparable

from sim.errors import UserInputError
from sim.experiments import load_results, run_experiment
from sim.interfaces.experiment_commands import parse_shard

VARY = ["empowerment=0,1", "pooling=0,0.5"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The sweep run serially: the results every other executor must reproduce exactly."""
    from sim.experiments import experiment_from_sweep, sweep_from_arguments

    spec = sweep_from_arguments("baseline", VARY, overrides={"width": 12, "height": 12}, steps=6, replicates=2, seed=3)
    experiment = experiment_from_sweep(spec)
    out = tmp_path_factory.mktemp("serial")
    run_experiment(experiment, out, "serial", progress=False)
    results = load_results(out)
    return experiment, comparable(results.runs), comparable(results.timeseries)


def same_as_reference(reference, out):
    _, runs, series = reference
    results = load_results(out)
    assert len(results.runs) == 8
    assert comparable(results.runs).equals(runs)
    assert comparable(results.timeseries).equals(series)


@pytest.mark.parametrize("workers", [2, 3])
def test_process_pool_matches_serial(reference, tmp_path, workers):
    report = run_experiment(reference[0], tmp_path, workers=workers, progress=False)
    assert report.executor.startswith("process pool") and report.ok == 8
    same_as_reference(reference, tmp_path)


def test_dask_local_cluster_matches_serial(reference, tmp_path):
    report = run_experiment(reference[0], tmp_path, dask_local=2, progress=False)
    assert report.executor.startswith("dask") and report.ok == 8
    same_as_reference(reference, tmp_path)


def test_any_concurrent_futures_executor_matches_serial(reference, tmp_path):
    with ThreadPoolExecutor(2) as pool:
        report = run_experiment(reference[0], tmp_path, pool, progress=False)
    assert report.executor.startswith("ThreadPoolExecutor") and report.ok == 8
    same_as_reference(reference, tmp_path)


def test_shards_split_the_runs_without_overlap_and_merge_in_one_folder(reference, tmp_path):
    reports = [run_experiment(reference[0], tmp_path, shard=(k, 3), progress=False) for k in (1, 2, 3)]
    assert all(r.executor.startswith("serial") for r in reports)
    assert sum(r.selected for r in reports) == sum(r.ran for r in reports) == 8
    assert all(r.skipped == 0 for r in reports)
    same_as_reference(reference, tmp_path)
    assert run_experiment(reference[0], tmp_path, "serial", progress=False).skipped == 8


def test_a_resumed_shard_and_a_later_whole_run_do_not_duplicate(reference, tmp_path):
    run_experiment(reference[0], tmp_path, shard=(2, 2), progress=False)
    report = run_experiment(reference[0], tmp_path, workers=2, progress=False)
    assert report.ran + report.skipped == 8 and report.skipped > 0
    same_as_reference(reference, tmp_path)


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_bad_shard_is_a_user_error(text):
    with pytest.raises(UserInputError, match="1 <= K <= N"):
        parse_shard(text)
