"""A calibration reproduces: the same seed gives the same posterior with one or two workers and any
batch size, a calibration stopped and resumed ends where an uninterrupted one does, another
seed gives another posterior (:mod:`sim.analysis.abc_sampler`).

The toy model draws its noise from numpy's global generator, as a model that seeds nothing
would, so the tests also check that each candidate's draws are fixed by its seed wherever it
runs. Eight particles and two populations: a second or two each, the process pool included; the one
slow test runs the model's own calibration (what `cogov calibrate` runs) at a tiny size.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyabc
import pytest
from test_calibration import Interrupt, InterruptingModel

from sim.analysis.abc_sampler import IndexOrderSampler, candidate_seed
from sim.analysis.calibration import run_abc
from sim.experiments.executors import SerialExecutor

BOUNDS = {"theta": (0.0, 1.0), "phi": (-1.0, 1.0)}
OBSERVED = {"x": 0.3, "y": 0.0}
SMALL = dict(population_size=8, generations=2)


def noisy_model(values) -> dict[str, float]:
    """Parameters plus noise from numpy's global generator (seeded per candidate by the sampler)."""
    return {"x": float(values["theta"]) + float(np.random.normal(0.0, 0.05)),
            "y": float(values["phi"]) + float(np.random.normal(0.0, 0.05))}


def toy_distance(simulated, target) -> float:
    return abs(simulated["x"] - target["x"]) + abs(simulated["y"] - target["y"])


def calibrate(out, seed=0, model=noisy_model, **options):
    arguments = {**SMALL, "executor": "serial", **options}
    return run_abc(out, model, BOUNDS, OBSERVED, toy_distance, seed=seed, **arguments)


def outcome(out):
    """What must reproduce: the posterior table, every population's threshold and run count, the total."""
    history = pyabc.History(f"sqlite:///{out / 'abc.db'}", _id=1)
    populations = history.get_all_populations()[["t", "epsilon", "samples", "particles"]].reset_index(drop=True)
    return pd.read_parquet(out / "posterior.parquet"), populations, int(history.total_nr_simulations)


def assert_same(first, second):
    pd.testing.assert_frame_equal(first[0], second[0], check_exact=True)
    pd.testing.assert_frame_equal(first[1], second[1], check_exact=True)
    assert first[2] == second[2]


def test_the_same_seed_gives_the_same_posterior_and_run_count(tmp_path):
    calibrate(tmp_path / "a")
    calibrate(tmp_path / "b")
    first, second = outcome(tmp_path / "a"), outcome(tmp_path / "b")
    assert_same(first, second)
    assert len(first[0]) == 8 and first[1]["t"].tolist() == [-1, 0, 1]
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["runs"] == first[2]


def test_a_different_seed_gives_a_different_posterior(tmp_path):
    calibrate(tmp_path / "a", seed=0)
    calibrate(tmp_path / "b", seed=1)
    assert not outcome(tmp_path / "a")[0].equals(outcome(tmp_path / "b")[0])


def test_two_workers_and_other_batch_sizes_give_the_posterior_of_one(tmp_path):
    calibrate(tmp_path / "one")
    calibrate(tmp_path / "two", executor=None, workers=2)
    calibrate(tmp_path / "batched", executor=None, workers=2, batch_size=3)
    calibrate(tmp_path / "serial-batched", batch_size=5)
    reference = outcome(tmp_path / "one")
    for folder in ("two", "batched", "serial-batched"):
        assert_same(reference, outcome(tmp_path / folder))


class LaterFirstExecutor(ThreadPoolExecutor):
    """Threads that finish later candidates first (each submission waits less the higher its first index)."""

    def submit(self, fn, /, *args, **kwargs):
        first = args[3]

        def late(*a, **k):
            time.sleep(0.003 * ((-first) % 6))
            return fn(*a, **k)

        return super().submit(late, *args, **kwargs)


def test_candidates_that_finish_out_of_order_are_still_accepted_in_index_order(tmp_path):
    calibrate(tmp_path / "one")
    with LaterFirstExecutor(6) as executor:
        calibrate(tmp_path / "threads", executor=executor, workers=3)
    assert_same(outcome(tmp_path / "one"), outcome(tmp_path / "threads"))


def test_stopping_after_a_generation_and_resuming_gives_the_uninterrupted_posterior(tmp_path):
    calibrate(tmp_path / "whole")
    first = calibrate(tmp_path / "resumed", generations=1)
    assert first.generations == 1 and not first.resumed
    second = calibrate(tmp_path / "resumed", workers=2, executor=None)  # the resuming session may use other workers
    assert second.resumed and second.generations == 2
    assert_same(outcome(tmp_path / "whole"), outcome(tmp_path / "resumed"))


def test_a_calibration_killed_inside_a_generation_resumes_to_the_uninterrupted_posterior(tmp_path):
    calibrate(tmp_path / "whole")
    _, populations, _ = outcome(tmp_path / "whole")
    before_last = int(populations.loc[populations["t"] < 1, "samples"].sum())  # the prior sample and population 0
    model = InterruptingModel(tmp_path / "calls", before_last + 3, noisy_model)  # Ctrl-C inside population 1
    with pytest.raises(Interrupt):
        calibrate(tmp_path / "killed", model=model)
    history = pyabc.History(f"sqlite:///{tmp_path / 'killed' / 'abc.db'}", _id=1)
    assert history.max_t == 0  # population 1 was cut off
    report = calibrate(tmp_path / "killed")
    assert report.resumed and report.generations == 2
    assert_same(outcome(tmp_path / "whole"), outcome(tmp_path / "killed"))


def test_the_population_is_the_first_accepted_candidates_by_index_and_the_count_the_last_index_plus_one():
    accept = {1, 2, 4, 7, 8}  # candidates accepted, whatever order they finish in

    class Particle:
        def __init__(self, index):
            self.index, self.accepted, self.preliminary = index, index in accept, False

    first_draws = {np.random.RandomState(candidate_seed(5, 0, i).generate_state(8)).random_sample(): i
                   for i in range(20)}

    def simulate_one():  # the first draw of the seeded global generator tells which candidate this is
        return Particle(first_draws[np.random.random_sample()])

    sampler = IndexOrderSampler(SerialExecutor(), seed=5, window=3, batch_size=2)
    sample = sampler.sample_until_n_accepted(3, simulate_one, 0)
    assert [p.index for p in sample.accepted_particles] == [1, 2, 4]
    assert sampler.nr_evaluations_ == 5


def test_the_manifest_says_how_the_calibration_is_seeded(tmp_path, monkeypatch):
    from sim.interfaces.cli import main

    monkeypatch.setattr("sim.analysis.calibration_targets.simulate", lambda values: {
        "participation_rate": 0.063 + float(np.random.normal(0.0, 0.01)), "party_ratio": 1.35,
        "timely_share": 1 / 3, "repeat_effect": 0.57})
    out = tmp_path / "calibration"
    assert main(["calibrate", "--population", "10", "--generations", "1", "--ppc-draws", "0", "--workers", "1",
                 "--seed", "7", "--out", str(out)]) == 0
    seeds = json.loads((out / "manifest.json").read_text())["seeds"]
    assert "SeedSequence([7, generation + 1, candidate])" in seeds["abc_proposals"]
    assert "global seed" not in json.dumps(seeds)


@pytest.mark.slow
def test_the_model_calibration_reproduces_with_one_or_two_workers(tmp_path, monkeypatch):
    """The model's own calibration (``calibrate_model``, what `cogov calibrate` runs): six parameter sets, one
    population, on a 12 x 12 community with a four-week burn-in (about 0.3 s a run)."""
    from sim.analysis import calibration_targets
    from sim.analysis.calibration import calibrate_model

    tiny = {**calibration_targets.calibration_base(), "width": 12, "height": 12, "burn_in_weeks": 4}
    monkeypatch.setattr(calibration_targets, "calibration_base", lambda: tiny)
    for folder, workers in (("one", 1), ("two", 2)):
        calibrate_model(tmp_path / folder, population_size=6, generations=1, workers=workers, seed=0)
    assert_same(outcome(tmp_path / "one"), outcome(tmp_path / "two"))
