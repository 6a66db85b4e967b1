"""The command line: cogov sweep / query / sensitivity, spec files, and bad input (exit 2)."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.experiments import load_results

TINY = ["--set", "width=10", "--set", "height=10", "--steps", "5"]


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """A small grid sweep written by `cogov sweep` (3 x 2 points x 2 replicates)."""
    from sim.interfaces.cli import main

    out = tmp_path_factory.mktemp("sweep") / "out"
    code = main(["sweep", "baseline", "--vary", "empowerment=0:1:3", "--vary", "digital_platform=true,false",
                 "--replicates", "2", *TINY, "--workers", "1", "--out", str(out), "--quiet"])
    assert code == 0
    return out


def test_sweep_prints_a_final_line_with_counts(tmp_path, cogov):
    code, out, err = cogov("sweep", "baseline", "--vary", "pooling=0,1", *TINY, "--workers", "1", "--out", tmp_path / "s")
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("ran 2 in ")
    assert "(2 ok, 0 failed), skipped 0 already finished" in out
    assert "2 grid point(s) x 1 replicate(s) = 2 runs" in err
    code, out, _ = cogov("sweep", "baseline", "--vary", "pooling=0,1", *TINY, "--workers", "1", "--out", tmp_path / "s", "--quiet")
    assert code == 0 and out.strip() == f"ran 0 (0 ok, 0 failed), skipped 2 already finished; results in {tmp_path / 's'}"


def test_sql_over_runs_and_timeseries(swept, cogov):
    code, out, _ = cogov("query", swept, "SELECT digital_platform, empowerment, count(*) AS n FROM runs GROUP BY ALL ORDER BY ALL")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].split() == ["digital_platform", "empowerment", "n"] and len(lines) == 7
    assert all(line.split()[-1] == "2" for line in lines[1:])
    runs = load_results(swept).runs
    series = load_results(swept).timeseries
    means = pd.Series({p: g["participation_rate"].mean() for p, g in series[series["step"] == 5].groupby("point")})
    code, out, _ = cogov("query", swept, "SELECT point, avg(participation_rate) AS m FROM timeseries WHERE step = 5 GROUP BY point ORDER BY point")
    printed = [float(line.split()[1]) for line in out.strip().splitlines()[1:]]
    assert printed == pytest.approx(list(means), rel=1e-5)
    assert (runs.set_index("run_key")["participation_rate"].sort_index().to_numpy()
            == series[series["step"] == 5].set_index("run_key")["participation_rate"].sort_index().to_numpy()).all()


def test_query_writes_csv_and_status_view(swept, cogov, tmp_path):
    target = tmp_path / "out" / "status.csv"
    code, out, _ = cogov("query", swept, "SELECT * FROM status ORDER BY point, replicate", "--csv", target)
    assert code == 0 and "wrote 12 row(s)" in out
    table = pd.read_csv(target)
    assert len(table) == 12 and set(table["status"]) == {"ok"} and table["run_key"].is_unique


def test_query_prints_null_as_null_and_a_computed_nan_as_nan(swept, cogov, tmp_path):
    """Week 0 has no week's resolutions yet (NULL in Parquet and DuckDB); NULL prints as NULL, a NaN stays NaN."""
    import duckdb

    code, out, _ = cogov("query", swept, "SELECT step, problems_resolved_step, problems_resolved_step IS NULL AS missing, "
                         "'nan'::DOUBLE AS computed FROM timeseries WHERE point = 0 AND replicate = 0 AND step < 2 ORDER BY step",
                         "--engine-version")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == f"DuckDB {duckdb.__version__} (the Python package duckdb); cogov's tested range is in pyproject.toml"
    assert lines[1].split() == ["step", "problems_resolved_step", "missing", "computed"]
    assert lines[2].split() == ["0", "NULL", "True", "NaN"]
    step_1 = lines[3].split()
    assert step_1[0] == "1" and float(step_1[1]) >= 0 and step_1[2:] == ["False", "NaN"]
    target = tmp_path / "week0.csv"
    code, _, _ = cogov("query", swept, "SELECT step, problems_resolved_step FROM timeseries WHERE step = 0 LIMIT 1", "--csv", target)
    assert code == 0 and target.read_text(encoding="utf-8").splitlines() == ["step,problems_resolved_step", "0,"]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["query", "{missing}", "SELECT 1"], "does not exist"),
        (["query", "{empty}", "SELECT 1"], "not a cogov results folder"),
        (["query", "{swept}", "SELECT nonsense FROM runs"], "DuckDB could not run this SQL"),
        (["query", "{swept}", "SELECT * FROM nowhere"], "The views are runs, timeseries and status"),
    ],
)
def test_query_errors_exit_2(argv, fragment, swept, tmp_path, cogov):
    (tmp_path / "empty").mkdir()
    paths = {"missing": tmp_path / "missing", "empty": tmp_path / "empty", "swept": swept}
    code, _, err = cogov(*[a.format(**paths) for a in argv])
    assert code == 2 and fragment in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--vary", "empowermnt=0:1:3"], "unknown parameter 'empowermnt'"),
        (["--vary", "empowerment=0:2:3"], "allowed: a number from 0 to 1"),
        (["--vary", "empowerment=1:1:3"], "the range is empty"),
        (["--vary", "empowerment=0:1:0"], "the range is empty"),
        (["--vary", "empowerment=0,1", "--replicates", "0"], "zero replicates"),
        (["--vary", "in_service_members=0:100", "--design", "sobol", "--samples", "12"], "power of two"),
        (["--vary", "participation_rule=logistic:threshold", "--design", "morris"], "only the grid design"),
        (["--vary", "empowerment=0,1", "--shard", "4/3"], "1 <= K <= N"),
        (["--vary", "empowerment=0,1", "--steps", "0"], "steps = 0 is not allowed"),
        (["--vary", "empowerment", ], "not of the form name=VALUES"),
        (["--vary", "empowerment=0,1", "--workers", "2", "--dask-local", "2"], "not allowed with argument"),
    ],
)
def test_bad_sweeps_exit_2_with_one_clear_message(argv, fragment, tmp_path, cogov):
    code, out, err = cogov("sweep", "baseline", *argv, "--out", tmp_path / "never")
    assert code == 2, err
    assert fragment in err and "Traceback" not in err
    assert not (tmp_path / "never").exists()


def test_sweep_without_out_or_scenario_exits_2(cogov):
    code, _, err = cogov("sweep", "baseline", "--vary", "empowerment=0,1")
    assert code == 2 and "--out DIR" in err
    code, _, err = cogov("sweep", "--vary", "empowerment=0,1", "--out", "x")
    assert code == 2 and "give a base SCENARIO" in err


def test_spec_file_runs_the_same_sweep_as_the_options(tmp_path, cogov):
    spec = tmp_path / "sweep.toml"
    spec.write_text(
        'scenario = "baseline"\nreplicates = 2\nsteps = 5\nseed = 4\n'
        f'out = "{(tmp_path / "from-file").as_posix()}"\n'
        '[set]\nwidth = 10\nheight = 10\n[vary]\nempowerment = "0:1:2"\n'
    )
    code, out, _ = cogov("sweep", "--spec", spec, "--workers", "1", "--quiet")
    assert code == 0 and "ran 4" in out
    code, out, _ = cogov("sweep", "baseline", "--vary", "empowerment=0,1", "--replicates", "2", "--seed", "4", *TINY,
                         "--out", tmp_path / "from-file", "--workers", "1", "--quiet")
    assert code == 0 and "skipped 4" in out  # the same experiment, so nothing to do
    code, _, err = cogov("sweep", "--spec", spec, "--steps", "9")
    assert code == 2 and "cannot be given too" in err
    spec.write_text('scenario = "baseline"\nreplicate = 2\n[vary]\nempowerment = [0.0, 2.0]\n')
    code, _, err = cogov("sweep", "--spec", spec, "--out", tmp_path / "bad")
    assert code == 2 and "unknown key 'replicate'" in err and "= 2.0 is not allowed" in err


def test_sensitivity_gives_zero_indices_to_an_inert_parameter(tmp_path, cogov):
    """With one replicate on one seed, a parameter the model never reads (the shock's duration when
    there is no shock) changes no output, so its Morris effects and Sobol' total index are exactly 0."""
    for method, samples in (("morris", "6"), ("sobol", "8")):
        out = tmp_path / method
        code, stdout, err = cogov(
            "sensitivity", "baseline", "--method", method, "--vary", "problem_rate_per_household_week=0.01:0.05",
            "--vary", "shock_duration_weeks=1:30", "--outcome", "problems_arisen", "--outcome", "backlog",
            "--samples", samples, *TINY, "--set", "shock_week=0", "--workers", "1", "--out", out,
        )
        assert code == 0, err
        table = pd.read_csv(out / "sensitivity.csv")
        inert = table[table["parameter"] == "shock_duration_weeks"]
        active = table[table["parameter"] == "problem_rate_per_household_week"]
        if method == "morris":
            assert (inert[["mu_star", "sigma"]] == 0).all().all()
            assert (active["mu_star"] > 0).all()
        else:
            assert (inert["ST"] == 0).all()
            assert (active["ST"] > 0.2).all()  # the only active parameter (N = 8 is a noisy estimate of 1)
            assert (out / "sensitivity_second_order.csv").exists()
        assert (out / "figures" / f"sensitivity-{method}.png").stat().st_size > 10_000
        assert "skipped 0" in stdout


def test_sensitivity_refuses_unknown_outcomes_and_methods(tmp_path, cogov):
    code, _, err = cogov("sensitivity", "baseline", "--vary", "pooling=0:1", "--outcome", "happiness", "--out", tmp_path)
    assert code == 2 and "not an outcome of the model" in err
    code, _, err = cogov("sensitivity", "baseline", "--vary", "pooling=0:1", "--outcome", "backlog", "--method", "fast")
    assert code == 2 and "choose sobol or morris" in err
