"""ABC-SMC calibration (:mod:`sim.analysis.calibration`): recovery of a known parameter, resume, bad input.

The toy model has one parameter whose true value is known (0.3): it returns the parameter plus
Gaussian noise (sd 0.05) drawn from a generator seeded by the parameter value, so that every
evaluation is reproducible. With 60 particles and five populations the posterior mean lies
within 0.05 of the truth and the truth inside the central 95% of the posterior.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.analysis.calibration import run_abc
from sim.analysis.calibration_targets import CALIBRATED, TARGETS, distance, evaluation_seed, observed
from sim.analysis.posterior import central_estimate, draw_parameter_sets
from sim.errors import UserInputError

TRUE_THETA = 0.3
BOUNDS = {"theta": (0.0, 1.0)}


def toy_model(values) -> dict[str, float]:
    theta = float(values["theta"])
    rng = np.random.default_rng(int(theta * 1e12) % 2**32)
    return {"x": theta + float(rng.normal(0.0, 0.05))}


def toy_distance(simulated, target) -> float:
    return abs(simulated["x"] - target["x"])


class Interrupt(KeyboardInterrupt):
    pass


class InterruptingModel:
    """A model (the toy model unless told), interrupted (as by Ctrl-C) at its n-th evaluation.

    pyabc pickles the model for every population, so the count lives in a file, not in the object.
    """

    def __init__(self, counter, after: int, model=toy_model):
        self.counter, self.after, self.model = counter, after, model

    def __call__(self, values):
        calls = int(self.counter.read_text()) + 1 if self.counter.exists() else 1
        self.counter.write_text(str(calls))
        if calls > self.after:
            raise Interrupt
        return self.model(values)


def weighted_quantiles(values, weights, quantiles):
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return [values[order][np.searchsorted(cumulative, q)] for q in quantiles]


@pytest.mark.slow
def test_toy_calibration_recovers_the_true_parameter(tmp_path):
    report = run_abc(tmp_path / "toy", toy_model, BOUNDS, {"x": TRUE_THETA}, toy_distance, population_size=60,
                     generations=5, executor="serial", seed=1)
    assert report.generations == 5
    posterior = pd.read_parquet(tmp_path / "toy" / "posterior.parquet")
    weights = posterior["weight"].to_numpy()
    mean = float(np.sum(posterior["theta"] * weights))
    low, high = weighted_quantiles(posterior["theta"].to_numpy(), weights, (0.025, 0.975))
    assert abs(mean - TRUE_THETA) < 0.05
    assert low <= TRUE_THETA <= high
    assert high - low < 0.5  # narrower than the prior (width 1)
    assert abs(central_estimate(posterior)["theta"] - TRUE_THETA) < 0.05


@pytest.mark.slow
def test_an_interrupted_calibration_resumes_from_its_last_population(tmp_path):
    folder = tmp_path / "resume"
    arguments = dict(population_size=20, executor="serial", seed=2)
    model = InterruptingModel(tmp_path / "calls", after=150)  # the calibration of the distance and two or three populations, then Ctrl-C
    with pytest.raises(Interrupt):
        run_abc(folder, model, BOUNDS, {"x": TRUE_THETA}, toy_distance, generations=6, **arguments)
    import pyabc

    history = pyabc.History(f"sqlite:///{folder / 'abc.db'}", _id=1)
    finished = history.max_t + 1
    assert 1 <= finished < 6
    before = history.get_all_populations()
    report = run_abc(folder, toy_model, BOUNDS, {"x": TRUE_THETA}, toy_distance, generations=6, **arguments)
    assert report.resumed and report.generations == 6
    after = pyabc.History(f"sqlite:///{folder / 'abc.db'}", _id=1).get_all_populations()
    kept = before[before["t"] < finished].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept[["t", "epsilon", "samples"]], after[after["t"] < finished].reset_index(drop=True)[["t", "epsilon", "samples"]])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "calibration" and manifest["generations"] == 6


def test_resuming_with_different_priors_is_refused_and_the_report_reads_the_folder(tmp_path):
    from sim.interfaces.cli import main

    folder = tmp_path / "clash"
    run_abc(folder, toy_model, BOUNDS, {"x": TRUE_THETA}, toy_distance, population_size=10, generations=1, executor="serial")
    assert main(["report", str(folder)]) == 0
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "校准 Calibration" in page and "Marginal posteriors" in page and "Pairwise posterior" in page
    with pytest.raises(UserInputError, match="different calibration"):
        run_abc(folder, toy_model, {"theta": (0.0, 2.0)}, {"x": TRUE_THETA}, toy_distance, population_size=10,
                generations=2, executor="serial")


def test_calibration_declares_six_or_more_behavioural_parameters_with_registry_priors_inside_their_bounds():
    from sim.parameters import REGISTRY

    assert len(CALIBRATED) >= 6
    for name in CALIBRATED:
        spec = REGISTRY[name]
        low, high = spec.prior
        assert spec.group == "behaviour" and spec.prior_basis
        assert low < spec.default < high
        assert (spec.minimum is None or low >= spec.minimum) and (spec.maximum is None or high <= spec.maximum)


def test_a_prior_outside_the_bounds_or_without_a_basis_is_refused():
    from sim.parameters import parameter

    common = dict(group="behaviour", zh="试", en="Test", meaning="m", source="s", ge=0.0, le=1.0)
    with pytest.raises(ValueError, match="inside the bounds"):
        parameter(0.5, prior=(-0.1, 0.9), prior_basis="why", **common)
    with pytest.raises(ValueError, match="stated basis"):
        parameter(0.5, prior=(0.1, 0.9), **common)


def test_calibration_targets_are_calibration_facts_and_held_out_ones_are_not_targets():
    from sim.analysis.validation import FACT_BY_KEY, FACTS

    for target in TARGETS:
        assert FACT_BY_KEY[target.fact].role == "calibration"
    held_out = [f for f in FACTS if f.counts]  # counted patterns are held out from calibration
    assert held_out and not {f.key for f in held_out} & {t.fact for t in TARGETS}
    assert distance(observed(), observed()) == 0
    assert distance({}, observed()) == float("inf")


def test_calibration_seeds_differ_from_validation_seeds():
    from sim.analysis.calibration_targets import VALIDATION_SEED
    from sim.experiments.runs import replicate_seeds

    seeds = {evaluation_seed({"participation_intercept": -2.8 + i / 100}) for i in range(200)}
    assert len(seeds) == 200
    assert not seeds & set(replicate_seeds(VALIDATION_SEED, 100))
    assert evaluation_seed({"a": 1.0}) == evaluation_seed({"a": 1.0})


def test_posterior_draws_follow_the_weights(tmp_path):
    pd.DataFrame({"participation_intercept": [-3.0, -2.0], "weight": [1.0, 0.0]}).to_parquet(tmp_path / "p.parquet")
    draws = draw_parameter_sets(tmp_path / "p.parquet", 5, seed=0)
    assert draws == [{"participation_intercept": -3.0}] * 5


def test_the_shipped_posterior_is_of_the_registry_priors_and_the_defaults_are_its_central_estimate():
    """ODD §6.3: the registry default of each calibrated parameter is the shipped posterior's weighted median."""
    from sim.analysis.calibration_targets import prior_bounds
    from sim.analysis.posterior import SHIPPED_POSTERIOR, read_posterior
    from sim.parameters import REGISTRY

    table, manifest = read_posterior(None)
    assert manifest["kind"] == "calibration" and manifest["status"] == "complete" and manifest["runs"] >= 10_000
    assert manifest["identity"]["parameters"] == {n: list(b) for n, b in prior_bounds().items()}
    prior = json.loads((SHIPPED_POSTERIOR.parent / "prior.json").read_text(encoding="utf-8"))
    assert {n: (p["low"], p["high"]) for n, p in prior.items()} == prior_bounds()
    for name, value in central_estimate(table).items():
        low, high = REGISTRY[name].prior
        assert abs(REGISTRY[name].default - value) <= 0.005 * (high - low), (name, REGISTRY[name].default, value)
