"""``cogov check-facts``: the table, its exit status, and bad input."""

from __future__ import annotations

import json
import re

import pytest

from sim.interfaces.cli import main

QUICK = ["--replicates", "3", "--workers", "1", "--facts", "committees_unaided,committees_pushed,party_membership"]


EMERGENT = ["--replicates", "2", "--workers", "1", "--facts", "thin_participation,committees_unaided"]


def test_table_lists_each_fact_with_target_measure_and_verdict(capsys):
    assert main(["check-facts", "baseline", *QUICK]) == 0
    out = capsys.readouterr().out
    assert "业委会自发组建少" in out and "Owners' committees rarely form" in out
    assert "15-30% of compounds" in out  # the target pattern
    pooled = re.search(r"of (\d+) compounds", out)
    assert pooled and int(pooled.group(1)) % 3 == 0 and int(pooled.group(1)) > 3  # pooled over 3 replicates
    assert out.count("通过 pass") == 3
    assert "Input checks" in out and "Calibration targets" not in out and "Counted patterns" not in out  # all read back inputs
    assert "0 of 0 counted patterns reproduced" in out


def test_input_checks_and_calibration_targets_are_printed_apart_and_not_counted(capsys):
    assert main(["check-facts", "baseline", *EMERGENT]) == 0
    out = capsys.readouterr().out
    fitted, inputs = out.index("Calibration targets"), out.index("Input checks")
    assert fitted < out.index("Formal participation is thin") < inputs < out.index("Owners' committees rarely form")
    assert "0 of 0 counted patterns reproduced" in out and "calibration targets 1/1" in out
    assert "validation seeds from master seed 20240901, calibration seeds from master seed 20250315" in out


def test_failing_input_check_does_not_count_but_failing_emergent_pattern_does(capsys):
    # Unaided formation at 60% is no longer "rare": the input check fails, but it is not validation.
    arguments = ["check-facts", "baseline", *QUICK, "--set", "committee_formation_unaided=0.6"]
    assert main(arguments) == 0
    assert "未通过 FAIL" in capsys.readouterr().out
    assert main([*arguments, "--strict"]) == 0
    # A participation intercept of +5 makes participation anything but thin: a calibration target fails.
    failing = ["check-facts", "baseline", *EMERGENT, "--set", "participation_intercept=5.0", "--strict"]
    assert main(failing) == 4  # 3 is a full disk


def test_json_output_has_one_record_per_fact_and_scenario(capsys):
    assert main(["check-facts", "baseline", "formalism_heavy", *QUICK, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 6
    assert {r["scenario"] for r in records} == {"baseline", "formalism_heavy"}
    unaided = next(r for r in records if r["fact"] == "committees_unaided")
    assert 0.15 <= unaided["figure"] <= 0.30 and unaided["passed"] is True
    assert unaided["kind"] == "input" and unaided["counts_as_validation"] is False


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["check-facts", "no_such_scenario"], "no_such_scenario"),
        (["check-facts", "baseline", "--facts", "not_a_fact"], "not_a_fact"),
        (["check-facts", "baseline", "--replicates", "0"], "--replicates"),
        (["check-facts", "baseline", "--set", "empowerment=7"], "empowerment"),
    ],
)
def test_bad_input_is_exit_2_with_a_message(capsys, arguments, message):
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_knockouts_smoke_prints_with_and_without_for_a_fact(capsys):
    """Smoke test (two replicates): the with / without table and its summary are printed."""
    assert main(["check-facts", "baseline", "--knockouts", "--replicates", "2", "--workers", "1",
                 "--facts", "cross_actor_stall"]) == 0
    out = capsys.readouterr().out
    assert "Qualitative checks" in out and "p_commit_independent=0" in out
    assert "pass with" in out and "fail without" in out
    assert "0 of 0 counted patterns pass with their mechanism and fail without it" in out


def test_knockouts_json_has_both_figures_smoke(capsys):
    assert main(["check-facts", "baseline", "--knockouts", "--replicates", "2", "--workers", "1",
                 "--facts", "cross_actor_stall", "--format", "json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["fact"] == "cross_actor_stall" and record["knockout"] == "p_commit_independent=0"
    assert record["without"] == 1.0 and record["fails_without"] is True  # frozen, not stalled
    assert record["role"] == "qualitative" and record["counts_as_validation"] is False


def test_knockouts_of_facts_without_a_mechanism_are_exit_2(capsys):
    assert main(["check-facts", "baseline", "--knockouts", "--facts", "committees_unaided,thin_participation"]) == 2
    err = capsys.readouterr().err
    assert "--knockouts" in err and "committees_unaided" in err and "cross_actor_stall" in err and "Traceback" not in err
