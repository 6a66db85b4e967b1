"""The ``cogov`` command line: bad input gets a clear message and exit 2; the main jobs write their files.

Most calls run ``sim.interfaces.cli.main`` in-process and capture its output; one runs the installed
console script in a real subprocess.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.interfaces.cli import main
from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY, registry

HEADER = '[scenario]\ntitle_zh = "测试"\ntitle_en = "Test"\n'


def write_scenario(folder: Path, name: str, parameters: str = "", scenario: str = "") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(HEADER + scenario + "\n[parameters]\n" + parameters, encoding="utf-8")
    return path


def cogov(capsys, *args) -> tuple[int, str]:
    """Run the CLI in-process; return the exit code and everything it printed."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out + err


def assert_user_error(code: int, text: str, *fragments: str) -> None:
    assert code == 2, text
    assert "Traceback" not in text
    assert "internal error" not in text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} missing from:\n{text}"


@pytest.fixture
def no_model(monkeypatch):
    """Fail the test if a model is built: bad input must be refused before any allocation."""

    def refuse(*args, **kwargs):
        raise AssertionError("a model was built from invalid input")

    monkeypatch.setattr("sim.model.CoGovernanceModel.__init__", refuse)


# ====================================================================== bad scenario files
def test_malformed_toml(tmp_path, capsys, no_model):
    path = tmp_path / "broken.toml"
    path.write_text('[scenario\ntitle_zh = "x', encoding="utf-8")
    code, text = cogov(capsys, "run", path, "--out", tmp_path / "out")
    assert_user_error(code, text, "broken.toml", "not valid TOML", "line 1")


def test_unknown_parameter_key(tmp_path, capsys, no_model):
    path = write_scenario(tmp_path, "typo", "empowermnt = 0.5\n")
    code, text = cogov(capsys, "run", path)
    assert_user_error(code, text, "typo.toml", "unknown parameter 'empowermnt'", "did you mean 'empowerment'")


def test_unknown_scenario_key(tmp_path, capsys, no_model):
    path = write_scenario(tmp_path, "meta", scenario='hypothesis = ["H1"]\n')
    code, text = cogov(capsys, "run", path)
    assert_user_error(code, text, "meta.toml", "[scenario] key 'hypothesis'", "unknown key")


def test_unknown_top_level_table(tmp_path, capsys, no_model):
    path = write_scenario(tmp_path, "extra", "empowerment = 0.5\n[paramaters]\npooling = 0.1\n")
    code, text = cogov(capsys, "validate", path)
    assert_user_error(code, text, "extra.toml", "unknown top-level key 'paramaters'")


@pytest.mark.parametrize(
    ("line", "fragments"),
    [
        ("formalism = 2.0", ("formalism", "2.0", "from 0 to 0.95")),
        ("empowerment = -0.1", ("empowerment", "-0.1", "from 0 to 1")),
        ("meeting_interval_steps = 60", ("meeting_interval_steps", "60", "whole number from 0 to 52")),
        ("empowerment = nan", ("empowerment", "nan", "from 0 to 1")),
        ("formalism = inf", ("formalism", "inf", "from 0 to 0.95")),
    ],
)
def test_out_of_range_value(tmp_path, capsys, no_model, line, fragments):
    path = write_scenario(tmp_path, "range", line + "\n")
    code, text = cogov(capsys, "run", path)
    assert_user_error(code, text, "range.toml", "is not allowed", *fragments)


@pytest.mark.parametrize(
    ("line", "fragments"),
    [
        ('pooling = "high"', ("pooling", "'high'", "wrong type (str)", "a number from 0 to 1")),
        ("width = 10.5", ("width", "10.5", "wrong type (float)", "a whole number from 5 to 300")),
        ("digital_platform = 1", ("digital_platform", "wrong type (int)", "true or false")),
        ("empowerment = true", ("empowerment", "True", "wrong type (bool)", "a number from 0 to 1")),
        ('participation_rule = "random"', ("participation_rule", "'random'", "'logistic'", "'threshold'")),
        ("pooling = [0.1, 0.2]", ("pooling", "[0.1, 0.2]", "wrong type (list)")),
    ],
)
def test_wrongly_typed_value(tmp_path, capsys, no_model, line, fragments):
    path = write_scenario(tmp_path, "typed", line + "\n")
    code, text = cogov(capsys, "run", path)
    assert_user_error(code, text, "typed.toml", *fragments)


def test_whole_float_for_an_integer_is_accepted(tmp_path, capsys):
    path = write_scenario(tmp_path, "whole", "width = 10.0\nheight = 10\n")
    code, text = cogov(capsys, "run", path, "--steps", 2, "--out", tmp_path / "out", "--quiet")
    assert code == 0, text
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["width"] == 10


def test_inconsistent_shares(tmp_path, capsys, no_model):
    path = write_scenario(tmp_path, "shares", "share_young = 0.8\nshare_retired = 0.5\n")
    code, text = cogov(capsys, "run", path)
    assert_user_error(code, text, "shares.toml", "share_young + share_retired must be at most 1")


def test_cyclic_extends(tmp_path, capsys, no_model):
    write_scenario(tmp_path, "ring_a", scenario='extends = "ring_b"\n')
    write_scenario(tmp_path, "ring_b", scenario='extends = "ring_c"\n')
    write_scenario(tmp_path, "ring_c", scenario='extends = "ring_a"\n')
    code, text = cogov(capsys, "run", tmp_path / "ring_a.toml")
    assert_user_error(code, text, "ring_a.toml", "cycle", "ring_a -> ring_b -> ring_c -> ring_a")
    write_scenario(tmp_path, "selfish", scenario='extends = "selfish"\n')
    code, text = cogov(capsys, "validate", tmp_path / "selfish.toml")
    assert_user_error(code, text, "cycle", "selfish -> selfish")


def test_missing_extends_parent(tmp_path, capsys, no_model):
    parents = 'extends = ["baseline", "no_such_parent"]\n'
    path = write_scenario(tmp_path, "orphan", "empowerment = 0.2\n", scenario=parents)
    code, text = cogov(capsys, "run", path)
    assert_user_error(code, text, "orphan.toml", "extends 'no_such_parent'", "not found")


def test_bad_value_in_parent_names_the_parent(tmp_path, capsys, no_model):
    write_scenario(tmp_path, "parent", "formalism = 1.5\n")
    child = write_scenario(tmp_path, "child", "pooling = 0.2\n", scenario='extends = "parent"\n')
    code, text = cogov(capsys, "run", child)
    assert_user_error(code, text, "parent.toml: parameter 'formalism'", "1.5", "from 0 to 0.95")


@pytest.mark.parametrize(
    "line", ["width = 1000000000", "height = 99999999999999999999", "in_service_members = 10000000"]
)
def test_absurd_sizes_are_refused_before_building_a_model(tmp_path, capsys, no_model, line):
    path = write_scenario(tmp_path, "huge", line + "\n")
    code, text = cogov(capsys, "run", path, "--out", tmp_path / "out")
    key, value = (part.strip() for part in line.split("="))
    assert_user_error(code, text, "huge.toml", key, value, "allowed: a whole number from")
    assert not (tmp_path / "out").exists()


def test_absurd_sizes_through_set_and_options(tmp_path, capsys, no_model):
    code, text = cogov(capsys, "run", "baseline", "--set", "width=1000000000", "--out", tmp_path / "out")
    assert_user_error(code, text, "--set: parameter 'width'", "1000000000", "from 5 to 300")
    code, text = cogov(capsys, "run", "baseline", "--steps", 10**12)
    assert_user_error(code, text, "--steps", "1 to 5200")
    code, text = cogov(capsys, "compare", "baseline", "empowerment", "--replicates", 10**9)
    assert_user_error(code, text, "--replicates", "1 to 100000")


# ====================================================================== bad command lines
def test_unknown_scenario_name(capsys, no_model):
    code, text = cogov(capsys, "run", "no_such_scenario")
    assert_user_error(code, text, "'no_such_scenario' was not found", "baseline", "co_governance")


@pytest.mark.parametrize("assignment", ["empowerment", "=0.5", "empowerment=", " = "])
def test_bad_set_syntax(capsys, no_model, assignment):
    code, text = cogov(capsys, "run", "baseline", "--set", assignment)
    assert_user_error(code, text, "--set", "key=value")


def test_set_unknown_key_and_bad_value(capsys, no_model):
    code, text = cogov(capsys, "run", "baseline", "--set", "embeding=0.5", "--set", "pooling=2")
    assert_user_error(code, text, "--set: unknown parameter 'embeding'", "did you mean 'embedding'",
                      "--set: parameter 'pooling'", "from 0 to 1")


@pytest.mark.parametrize("steps", ["abc", "0", "-3", "2.5", "5201"])
def test_bad_steps(capsys, no_model, steps):
    code, text = cogov(capsys, "run", "baseline", "--steps", steps)
    assert_user_error(code, text, "--steps", "1 to 5200", steps)


def test_bad_seed_and_unknown_command(capsys, no_model):
    code, text = cogov(capsys, "run", "baseline", "--seed", "-1")
    assert_user_error(code, text, "--seed", "0 to 4294967295")
    code, text = cogov(capsys, "frobnicate")
    assert_user_error(code, text, "frobnicate", "cogov --help")


def test_compare_reports_every_bad_scenario(tmp_path, capsys, no_model):
    bad = write_scenario(tmp_path, "bad", "formalism = 3\n")
    code, text = cogov(capsys, "compare", "baseline", bad, "no_such_scenario", "--out", tmp_path / "out")
    assert_user_error(code, text, "formalism", "'no_such_scenario' was not found")
    code, text = cogov(capsys, "compare", "baseline", "baseline", "--out", tmp_path / "out")
    assert_user_error(code, text, "each scenario may appear once")


def test_output_path_that_is_a_file(tmp_path, capsys, no_model):
    target = tmp_path / "taken"
    target.write_text("not a folder", encoding="utf-8")
    code, text = cogov(capsys, "run", "baseline", "--out", target)
    assert_user_error(code, text, "--out", "not a folder")


def test_validate_reports_every_problem_at_once(tmp_path, capsys):
    good = write_scenario(tmp_path, "good", "empowerment = 0.5\n", scenario='extends = "baseline"\n')
    bad = write_scenario(
        tmp_path,
        "many",
        'empowermnt = 0.5\nformalism = 2.0\nwidth = 10.5\npooling = "high"\nparticipation_rule = "random"\n',
        scenario='extends = "no_such_parent"\nhypotheses = ["H42"]\ncolour = "red"\n',
    )
    code, text = cogov(capsys, "validate", good, bad)
    assert_user_error(
        code, text,
        "ok   " + str(good), "FAIL " + str(bad),
        "'empowermnt'", "'formalism'", "'width'", "'pooling'", "'participation_rule'",
        "'no_such_parent'", "'H42'", "'colour'",
        "1 of 2 scenario file(s) have problems",
    )


def test_validate_accepts_every_shipped_scenario(capsys):
    from sim.scenarios import available_scenarios

    names = sorted(available_scenarios())
    code, text = cogov(capsys, "validate", *names)
    assert code == 0, text
    assert text.count("ok  ") == len(names)


def test_debug_shows_the_traceback(capsys):
    code, text = cogov(capsys, "--debug", "run", "no_such_scenario")
    assert code == 2
    assert "Traceback" in text and "UserInputError" in text


def test_console_script_in_a_subprocess(tmp_path):
    script = shutil.which("cogov", path=str(Path(sys.executable).parent)) or shutil.which("cogov")
    assert script, "the cogov console script is not installed (pip install -e .)"
    path = write_scenario(tmp_path, "bad", "width = 1000000000\nempowermnt = 1\n")
    result = subprocess.run([script, "run", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in ("bad.toml", "'width'", "1000000000", "from 5 to 300", "'empowermnt'"):
        assert fragment in result.stderr
    version = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("cogov ")


# ====================================================================== happy paths
def test_smoke_run_writes_time_series_and_manifest(tmp_path, capsys):
    out = tmp_path / "run"
    code, text = cogov(capsys, "run", "empowerment", "--steps", 5, "--seed", 3, "--set", "width=12",
                       "--set", "height=12", "--out", out)
    assert code == 0, text
    assert "Resolution rate" in text
    parquet = pd.read_parquet(out / "timeseries.parquet")
    csv = pd.read_csv(out / "timeseries.csv")
    assert len(parquet) == len(csv) == 6
    assert set(OUTCOMES) <= set(parquet.columns)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario"] == "empowerment" and manifest["seed"] == 3 and manifest["steps"] == 5
    assert set(manifest["parameters"]) == set(REGISTRY)
    assert manifest["parameters"]["empowerment"] == 0.8 and manifest["parameters"]["width"] == 12
    assert manifest["overrides"] == {"width": 12, "height": 12}
    assert [Path(p).stem for p in manifest["scenario_chain"]] == ["baseline", "empowerment"]
    assert manifest["versions"]["mesa"] == "3.5.1"


def test_smoke_compare_writes_paired_summary(tmp_path, capsys):
    out = tmp_path / "compare"
    code, text = cogov(capsys, "compare", "baseline", "empowerment", "--replicates", 2, "--steps", 10,
                       "--out", out, "--quiet")
    assert code == 0, text
    summary = pd.read_csv(out / "summary.csv")
    assert {"outcome", "scenario", "mean", "difference", "ci_low", "ci_high"} <= set(summary.columns)
    assert set(summary["scenario"]) == {"baseline", "empowerment"}
    assert (out / "timeseries.parquet").exists() and (out / "figures" / "timeseries.png").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete" and manifest["replicates"] == 2


def test_smoke_params_json_lists_the_registry(capsys):
    code, text = cogov(capsys, "params", "--format", "json")
    assert code == 0
    entries = json.loads(text)
    assert [e["name"] for e in entries] == [spec.name for spec in registry()]
    assert {e["name"] for e in entries} == set(REGISTRY)
    assert all(e["label"] and e["meaning"] and e["source"] for e in entries)
    width = next(e for e in entries if e["name"] == "width")
    assert (width["minimum"], width["maximum"], width["default"]) == (5, 300, 40)


def test_smoke_params_and_scenarios_listings(capsys):
    code, text = cogov(capsys, "params", "--lang", "zh")
    assert code == 0 and "授权赋能" in text
    code, text = cogov(capsys, "scenarios")
    assert code == 0 and "co_governance" in text and "invalid" not in text


def test_compare_summary_is_the_mean_of_paired_differences(tmp_path, capsys):
    out = tmp_path / "compare"
    replicates, steps = 4, 12
    code, text = cogov(capsys, "compare", "baseline", "co_governance", "--replicates", replicates, "--steps", steps,
                       "--seed", 11, "--set", "width=12", "--set", "height=12", "--workers", 1, "--out", out, "--quiet")
    assert code == 0, text
    summary = pd.read_csv(out / "summary.csv").set_index(["outcome", "scenario"])
    series = pd.read_parquet(out / "timeseries.parquet")
    final = series[series["step"] == steps]
    assert len(final) == 2 * replicates
    # Common random numbers: replicate r has the same seed in both scenarios.
    seeds = final.pivot(index="replicate", columns="scenario", values="seed")
    assert (seeds["baseline"] == seeds["co_governance"]).all()
    checked = 0
    for outcome in ("resolution_rate", "participation_rate", "backlog", "mean_trust", "pool_balance"):
        wide = final.pivot(index="replicate", columns="scenario", values=outcome)
        differences = (wide["co_governance"] - wide["baseline"]).dropna()
        row = summary.loc[(outcome, "co_governance")]
        assert row["difference"] == pytest.approx(differences.mean(), rel=1e-9, abs=1e-12)
        assert row["mean"] == pytest.approx(wide["co_governance"].mean(), rel=1e-9, abs=1e-12)
        half = stats.t.ppf(0.975, len(differences) - 1) * differences.std(ddof=1) / np.sqrt(len(differences))
        assert row["ci_low"] == pytest.approx(differences.mean() - half, rel=1e-9, abs=1e-12)
        assert row["ci_high"] == pytest.approx(differences.mean() + half, rel=1e-9, abs=1e-12)
        assert np.isnan(summary.loc[(outcome, "baseline"), "difference"])  # the reference has no difference from itself
        checked += 1
    assert checked == 5
