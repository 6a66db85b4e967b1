"""Messages a newcomer meets: typos, one-scenario comparisons, --debug after the sub-command, help texts."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ecosystem_helpers import TINY


def test_scenario_typo_suggests_the_name(cogov):
    code, _, err = cogov("run", "basline")
    assert code == 2 and "Did you mean 'baseline'?" in err


def test_set_typo_points_to_a_command_that_checks_set(cogov):
    code, _, err = cogov("run", "baseline", "--set", "empowrment=0.5")
    assert code == 2 and "did you mean 'empowerment'" in err
    assert "cogov show baseline --set" in err and "cogov validate" not in err


def test_compare_needs_two_scenarios(tmp_path, cogov):
    code, _, err = cogov("compare", "baseline", "--out", tmp_path / "c")
    assert code == 2 and "at least two scenarios" in err
    assert not (tmp_path / "c").exists()


def test_debug_after_the_subcommand_is_accepted_and_rejections_print_no_traceback():
    ok = subprocess.run([sys.executable, "-m", "sim.interfaces.cli", "params", "--group", "levers", "--debug"],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "empowerment" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "sim.interfaces.cli", "params", "--debugg"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_help_texts(cogov, capsys):
    from sim.interfaces.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    facts = sub.choices["check-facts"].format_help() + sub.choices["check-facts"].description
    assert "DESIGN" not in facts and "ODD.md §6" in parser.format_help() + facts
    sensitivity = " ".join(sub.choices["sensitivity"].format_help().split())
    sweep = " ".join(sub.choices["sweep"].format_help().split())
    assert "bounds low:high" in sensitivity and "N x (2D+2)" in sensitivity
    assert "range start:stop:count" in sweep and "range start:stop:count" not in sensitivity
    params = " ".join(sub.choices["params"].format_help().split())
    assert "levers, secondary" in params


def test_params_shows_meanings_by_default(cogov):
    code, out, _ = cogov("params", "--group", "levers")
    assert code == 0 and "Delegation to the community" in out
    code, out, _ = cogov("params", "--group", "levers", "--brief")
    assert "Delegation to the community" not in out


def test_scenarios_explain_hypotheses_and_align_chinese_columns(cogov):
    from sim.interfaces.text import display_width

    code, out, _ = cogov("scenarios", "--lang", "zh")
    lines = out.splitlines()
    assert code == 0 and any(line.strip().startswith("H1 ") and "赋能" in line for line in lines)
    rows = [line for line in lines if line.startswith(("baseline", "empowerment ", "resilience_shock "))]
    # the hypotheses column starts at the same display column on every row
    starts = {display_width(row[: row.index(" H")]) for row in rows}
    assert len(rows) == 3 and len(starts) == 1


def test_show_prints_the_resolved_scenario_and_exports_a_loadable_file(tmp_path, cogov):
    from sim.scenarios import load_scenario

    code, out, _ = cogov("show", "co_governance", "--set", "formalism=0.1")
    assert code == 0 and "modified" in out.splitlines()[0]
    assert any(line.startswith("* formalism") and "--set" in line for line in out.splitlines())
    target = tmp_path / "resolved.toml"
    code, _, _ = cogov("show", "co_governance", "--set", "formalism=0.1", "--format", "toml", "--out", target)
    assert code == 0
    resolved = load_scenario(target)
    expected = load_scenario("co_governance", {"formalism": 0.1})
    assert resolved.parameters == expected.parameters


def test_composition_error_says_what_to_do(cogov):
    code, _, err = cogov("run", "baseline", "--set", "share_repair=0.5", *TINY)
    assert code == 2 and "must add up to 1" in err and "rescale_composition" in err


@pytest.mark.parametrize("lang", ["en"])
def test_summary_leaves_reference_difference_empty_and_defines_its_columns(tmp_path, cogov, lang):
    import pandas as pd

    code, _, _ = cogov("compare", "baseline", "empowerment", "--replicates", "3", "--steps", "3", *TINY,
                       "--out", tmp_path, "--workers", "1", "--quiet")
    assert code == 0
    summary = pd.read_csv(tmp_path / "summary.csv")
    reference = summary[summary["scenario"] == "baseline"]
    assert reference[["difference", "ci_low", "ci_high", "effect_size", "p_value"]].isna().all().all()
    assert summary[summary["scenario"] == "empowerment"]["difference"].notna().any()
    columns = pd.read_csv(tmp_path / "summary_columns.csv").set_index("name")
    assert "d_z" in columns.loc["effect_size", "meaning"] and "t test" in columns.loc["p_value", "meaning"]
    # compare's CSVs carry the parameters that differ between the scenarios
    series = pd.read_csv(tmp_path / "timeseries.csv")
    assert set(series.groupby("scenario")["empowerment"].first()) == {0.0, 0.8}
