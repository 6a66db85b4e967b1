"""SALib's own analyser, called on a sensitivity folder's saved design and outputs, gives the folder's indices."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from ecosystem_helpers import TINY

from sim.experiments import load_results


def sensitivity_folder(out, *second_order: str):
    from sim.interfaces.cli import main

    code = main([
        "sensitivity", "baseline", "--vary", "empowerment=0:1", "--vary", "formalism=0:0.6", "--samples", "8",
        *second_order, "--replicates", "2", "--steps", "6", *TINY, "--outcome", "resolution_rate",
        "--outcome", "core_effective_capacity", "--out", str(out), "--workers", "1", "--quiet",
    ])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def sobol_folder(tmp_path_factory):
    return sensitivity_folder(tmp_path_factory.mktemp("sobol"), "--no-second-order")


@pytest.fixture(scope="module")
def sobol_second_order_folder(tmp_path_factory):
    return sensitivity_folder(tmp_path_factory.mktemp("sobol2"))


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["sobol_folder", "sobol_second_order_folder"])
def test_salib_with_only_what_the_folder_records_reproduces_cogovs_indices_and_intervals(folder, request):
    """The README's one call: SALib's analyze, the folder's problem and its recorded options, nothing else."""
    from SALib.analyze import sobol

    folder = request.getfixturevalue(folder)
    problem = json.loads((folder / "salib_problem.json").read_text())
    second_order = problem["analyze"]["calc_second_order"]
    assert second_order is (folder.name.startswith("sobol2"))
    assert problem["analyze"]["num_resamples"] == 1000 and problem["analyze"]["conf_level"] == 0.95
    design = pd.read_parquet(folder / "design.parquet")
    runs = load_results(folder, timeseries=False).runs.set_index("run_key")
    assert len(design) == 8 * (2 * 2 + 2 if second_order else 2 + 2) * 2 and design["run_key"].isin(runs.index).all()
    ours = pd.read_csv(folder / "sensitivity.csv")
    for outcome in ("resolution_rate", "core_effective_capacity"):
        y = runs.loc[design["run_key"], outcome].to_numpy().reshape(-1, problem["replicates"]).mean(axis=1)
        result = sobol.analyze(problem, y, **problem["analyze"])
        mine = ours[ours["outcome"] == outcome].set_index("parameter").loc[problem["names"]]
        for index in ("S1", "S1_conf", "ST", "ST_conf"):  # to the last bit (the CSV keeps 17 digits)
            np.testing.assert_array_equal(result[index], mine[index].to_numpy(), err_msg=f"{outcome} {index}")
        if second_order:
            pairs = pd.read_csv(folder / "sensitivity_second_order.csv")
            pair = pairs[pairs["outcome"] == outcome].iloc[0]
            assert (result["S2"][0, 1], result["S2_conf"][0, 1]) == (pair["S2"], pair["S2_conf"])
        # SALib's defaults (100 resamples, an unseeded bootstrap) give other intervals: the options matter
        default = sobol.analyze(problem, y, calc_second_order=second_order, seed=problem["analyze"]["seed"])
        assert not np.array_equal(default["S1_conf"], result["S1_conf"])
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


@pytest.mark.slow
def test_readme_salib_call_runs_as_written_and_gives_the_folders_indices(sobol_second_order_folder, tmp_path, monkeypatch):
    import re
    import textwrap
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("* **SALib**", 1)[1].split("\n* **", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "sobol").symlink_to(sobol_second_order_folder)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(textwrap.dedent(block), "README.md (SALib)", "exec"), namespace)  # noqa: S102 - the README's own code
    ours = pd.read_csv(sobol_second_order_folder / "sensitivity.csv")
    mine = ours[ours["outcome"] == "resolution_rate"].set_index("parameter").loc[namespace["problem"]["names"]]
    np.testing.assert_array_equal(namespace["indices"]["S1_conf"], mine["S1_conf"].to_numpy())
