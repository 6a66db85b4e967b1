"""Seeds from one master seed, common random numbers across points, and run keys."""

from __future__ import annotations

import json

import numpy as np

from sim.experiments import load_results, run_experiment
from sim.experiments.keys import model_version, run_key, run_modules
from sim.parameters import REGISTRY


def test_replicate_seeds_are_spawned_from_the_master_seed_and_recorded(tiny_experiment, tmp_path):
    experiment = tiny_experiment(["empowerment=0,1"], replicates=3, seed=11)
    children = np.random.SeedSequence(11).spawn(3)
    expected = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    assert experiment.seeds == expected
    run_experiment(experiment, tmp_path, "serial", progress=False)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["replicate_seeds"] == expected
    assert manifest["master_seed"] == 11 and manifest["common_random_numbers"] is True


def test_replicate_r_has_the_same_seed_at_every_point(tiny_experiment, tmp_path):
    experiment = tiny_experiment(["empowerment=0,0.5,1", "pooling=0,1"], replicates=3)
    run_experiment(experiment, tmp_path, "serial", progress=False)
    runs = load_results(tmp_path, timeseries=False).runs
    seeds_by_replicate = runs.groupby("replicate")["seed"].unique()
    assert all(len(seeds) == 1 for seeds in seeds_by_replicate)
    assert runs.groupby("replicate")["seed"].first().tolist() == experiment.seeds
    assert runs["seed"].nunique() == 3


def test_common_random_numbers_make_an_inert_parameter_change_nothing(tiny_experiment, tmp_path):
    """Without a shock, the recovery tolerance is never read: on common seeds, runs are identical;
    across replicates (different seeds) they are not."""
    spec = REGISTRY["recovery_tolerance"]
    values = ",".join(str(spec.minimum + share * (spec.maximum - spec.minimum)) for share in (0.1, 0.5, 1.0))
    experiment = tiny_experiment([f"recovery_tolerance={values}"], replicates=2, steps=8, overrides={"shock_week": 0})
    run_experiment(experiment, tmp_path, "serial", progress=False)
    series = load_results(tmp_path).timeseries
    outcomes = ["participation_rate", "problems_arisen", "backlog", "mean_trust"]
    for replicate, part in series.groupby("replicate"):
        tables = [p[outcomes].reset_index(drop=True) for _, p in part.groupby("point")]
        assert all(t.equals(tables[0]) for t in tables[1:]), f"replicate {replicate} differs between points"
    first, second = (p[outcomes].reset_index(drop=True) for _, p in series[series["point"] == 0].groupby("replicate"))
    assert not first.equals(second)


def test_run_keys_depend_on_parameters_seed_steps_and_model_version(tiny_experiment):
    experiment = tiny_experiment(["empowerment=0,1"], replicates=2)
    keys = [key for _, key in experiment.run_keys()]
    assert len(set(keys)) == 4 and all(len(k) == 32 for k in keys)
    again = tiny_experiment(["empowerment=0,1"], replicates=2)
    assert [key for _, key in again.run_keys()] == keys  # stable across processes and calls
    longer = tiny_experiment(["empowerment=0,1"], replicates=2, steps=6)
    assert set(key for _, key in longer.run_keys()).isdisjoint(keys)
    point = experiment.point_digests[0]
    version = model_version()
    assert run_key(point, 5, 10, version) != run_key(point, 6, 10, version)
    assert run_key(point, 5, 10, version) != run_key(point, 5, 10, {**version, "sources": "changed"})


def test_model_version_covers_the_modules_a_run_executes():
    modules = run_modules()
    assert {"sim.model", "sim.experiments.runs", "sim.parameters", "sim.model.households"} <= set(modules)
    assert not {"sim.interfaces.cli", "sim.analysis.compare"} & set(modules)
    assert not any(name.startswith("sim.experiments") and name != "sim.experiments.runs" for name in modules)


def test_a_seed_block_gives_each_block_its_own_seeds_and_keeps_block_zero_plain():
    """Posterior draws are independent: a seed block per draw, common seeds within it."""
    import pandas as pd

    from sim.experiments.experiment import Experiment
    from sim.experiments.runs import block_master_seed, replicate_seeds
    from sim.parameters import defaults

    points = pd.DataFrame({"arm": ["a", "b", "a", "b"], "draw": ["0", "0", "1", "1"], "empowerment": [0.0, 1.0, 0.0, 1.0]})
    plain = Experiment(base=defaults(), points=points, replicates=3, steps=4, master_seed=7, labels=("arm", "draw"))
    blocked = Experiment(base=defaults(), points=points, replicates=3, steps=4, master_seed=7, labels=("arm", "draw"),
                         seed_block="draw")
    assert [plain.seed(p, r) for p in range(4) for r in range(3)] == replicate_seeds(7, 3) * 4
    assert [blocked.seed(0, r) for r in range(3)] == [blocked.seed(1, r) for r in range(3)] == replicate_seeds(7, 3)
    second = [blocked.seed(2, r) for r in range(3)]
    assert second == [blocked.seed(3, r) for r in range(3)] == replicate_seeds(block_master_seed(7, 1), 3)
    assert not set(second) & set(replicate_seeds(7, 3))
    assert "seed_block" not in plain.identity() and blocked.identity()["seed_block"] == "draw"
    assert blocked.run_key(0) == plain.run_key(0) and blocked.run_key(6) != plain.run_key(6)
