"""Shards of a job array are balanced (sizes differ by at most one) and say their share before starting."""

from __future__ import annotations

from ecosystem_helpers import TINY


def test_twelve_runs_in_three_shards_are_four_each_and_together_the_whole(tmp_path, cogov):
    shares, keys = [], []
    for k in (1, 2, 3):
        code, out, err = cogov("sweep", "baseline", "--vary", "empowerment=0:1:6", "--replicates", "2", "--steps", "2",
                               *TINY, "--out", tmp_path, "--shard", f"{k}/3", "--quiet")
        assert code == 0
        assert f"shard {k}/3: 4 of 12 runs" in err, err
        assert "(shard" in out and "4 of 12 runs" in out
        shares.append(err)
    from sim.experiments import load_results

    runs = load_results(tmp_path, timeseries=False).runs
    assert len(runs) == 12 and runs["run_key"].is_unique


def test_seven_runs_in_three_shards_are_three_two_two():
    from sim.experiments import experiment_from_sweep, sweep_from_arguments
    from sim.experiments.engine import SweepReport, _plan

    spec = sweep_from_arguments("baseline", ["empowerment=0:1:7"], overrides={"width": 10, "height": 10}, steps=2,
                                replicates=1, seed=0)
    experiment = experiment_from_sweep(spec)

    class Empty:
        def finished(self):
            return {}

    sizes = []
    for k in (1, 2, 3):
        report = SweepReport(out=None)
        sizes.append(len(_plan(experiment, Empty(), (k, 3), False, report)))
    assert sorted(sizes) == [2, 2, 3]
