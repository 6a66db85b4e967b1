"""SALib's own analyser, called on a sensitivity folder's saved design and outputs, gives the folder's indices."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from ecosystem_helpers import TINY

from sim.experiments import load_results


@pytest.fixture(scope="module")
def sobol_folder(tmp_path_factory):
    from sim.interfaces.cli import main

    out = tmp_path_factory.mktemp("sobol")
    code = main([
        "sensitivity", "baseline", "--vary", "empowerment=0:1", "--vary", "formalism=0:0.6", "--samples", "8",
        "--no-second-order", "--replicates", "2", "--steps", "6", *TINY, "--outcome", "resolution_rate",
        "--outcome", "core_effective_capacity", "--out", str(out), "--workers", "1", "--quiet",
    ])
    assert code == 0
    return out


@pytest.mark.slow
def test_salib_sobol_analyze_on_saved_outputs_matches_cogov(sobol_folder):
    from SALib.analyze import sobol

    problem = json.loads((sobol_folder / "salib_problem.json").read_text())
    design = pd.read_parquet(sobol_folder / "design.parquet")
    runs = load_results(sobol_folder, timeseries=False).runs.set_index("run_key")
    assert len(design) == 8 * (2 + 2) * 2 and design["run_key"].isin(runs.index).all()
    ours = pd.read_csv(sobol_folder / "sensitivity.csv")
    for outcome in ("resolution_rate", "core_effective_capacity"):
        y = runs.loc[design["run_key"], outcome].to_numpy().reshape(-1, problem["replicates"]).mean(axis=1)
        result = sobol.analyze({k: problem[k] for k in ("num_vars", "names", "bounds")}, y,
                               calc_second_order=problem["calc_second_order"], seed=problem["design_seed"])
        mine = ours[ours["outcome"] == outcome].set_index("parameter").loc[problem["names"]]
        np.testing.assert_allclose(result["S1"], mine["S1"], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(result["ST"], mine["ST"], rtol=1e-9, atol=1e-12)
    # formalism drains the core's capacity at once: it must carry most of that outcome's variance
    capacity = ours[ours["outcome"] == "core_effective_capacity"].set_index("parameter")
    assert capacity.loc["formalism", "ST"] > capacity.loc["empowerment", "ST"] * 0.2


@pytest.mark.slow
def test_design_rows_are_the_sample_salib_made(sobol_folder):
    from SALib.sample import sobol as sobol_sample

    problem = json.loads((sobol_folder / "salib_problem.json").read_text())
    design = pd.read_parquet(sobol_folder / "design.parquet")
    sample = sobol_sample.sample({k: problem[k] for k in ("num_vars", "names", "bounds")}, 8,
                                 calc_second_order=False, seed=problem["design_seed"])
    first_replicate = design[design["replicate"] == 0].sort_values("row")
    np.testing.assert_array_equal(first_replicate[problem["names"]].to_numpy(), sample)


def test_too_few_samples_warn_that_intervals_are_wider_than_the_indices():
    from sim.experiments.sensitivity import interval_warnings

    indices = pd.DataFrame({
        "method": ["sobol", "sobol"], "outcome": ["backlog", "backlog"], "parameter": ["a", "b"],
        "S1": [0.3, 0.1], "S1_conf": [0.7, 0.05], "ST": [0.4, 0.1], "ST_conf": [0.2, 0.05],
    })
    (warning,) = interval_warnings(indices, samples=8)
    assert "backlog / a: S1" in warning and "--samples 32" in warning
    assert interval_warnings(indices.assign(S1_conf=0.1), samples=8) == []
