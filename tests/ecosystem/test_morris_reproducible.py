"""A Morris sensitivity analysis reproduces to the bit: the same seed gives identical indices, serially and on two workers."""

from __future__ import annotations

import pandas as pd
from ecosystem_helpers import TINY

#: A tiny Morris design: two parameters, four trajectories (at most 12 runs), four weeks on the 10 x 10 community.
MORRIS = ["sensitivity", "baseline", "--method", "morris", "--vary", "embedding=0:1", "--vary", "pooling=0:1",
          "--samples", "4", "--replicates", "1", "--steps", "4", "--outcome", "resolution_rate",
          "--outcome", "mean_trust", "--quiet", *TINY]


def morris(cogov, out, seed: int, workers: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indices and the runs (by run key) of a Morris analysis into ``out``."""
    from sim.experiments.results import load_results

    code, _, err = cogov(*MORRIS, "--seed", seed, "--workers", workers, "--out", out)
    assert code == 0, err
    indices = pd.read_parquet(out / "sensitivity.parquet")
    runs = load_results(out, timeseries=False).runs
    runs = runs.drop(columns=[c for c in ("duration_seconds", "worker", "finished_at") if c in runs.columns])
    return indices, runs.sort_values("run_key").reset_index(drop=True)


def test_the_same_seed_gives_identical_morris_indices_serially_and_on_two_workers(cogov, tmp_path):
    first, first_runs = morris(cogov, tmp_path / "a", seed=11, workers=1)
    again, again_runs = morris(cogov, tmp_path / "b", seed=11, workers=1)
    parallel, parallel_runs = morris(cogov, tmp_path / "c", seed=11, workers=2)
    assert 0 < len(first_runs) <= 4 * (2 + 1) and set(first["parameter"]) == {"embedding", "pooling"}  # duplicate rows run once
    assert {"mu_star", "mu_star_conf", "sigma"} <= set(first.columns)
    assert first[["mu_star", "sigma"]].notna().all().all()
    for indices, runs in ((again, again_runs), (parallel, parallel_runs)):
        pd.testing.assert_frame_equal(indices, first, check_exact=True)
        pd.testing.assert_frame_equal(runs, first_runs, check_exact=True)
    for name in ("design.csv", "salib_problem.json"):  # the saved design too, byte for byte
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
        assert (tmp_path / "c" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
    other, _ = morris(cogov, tmp_path / "d", seed=12, workers=1)  # the comparison can fail: another seed differs
    assert not other[["mu_star", "sigma"]].equals(first[["mu_star", "sigma"]])
