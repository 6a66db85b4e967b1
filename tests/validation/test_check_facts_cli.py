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
    assert "Input checks" in out and "Emergent patterns" not in out  # all three read back inputs
    assert "0 of 0 emergent patterns reproduced" in out


def test_input_checks_and_emergent_patterns_are_printed_apart(capsys):
    assert main(["check-facts", "baseline", *EMERGENT]) == 0
    out = capsys.readouterr().out
    emergent, inputs = out.index("Emergent patterns"), out.index("Input checks")
    assert emergent < out.index("Formal participation is thin") < inputs < out.index("Owners' committees rarely form")
    assert "1 of 1 emergent patterns reproduced" in out
    assert "validation seeds from master seed 20240901, calibration seeds from master seed 20250315" in out


def test_failing_input_check_does_not_count_but_failing_emergent_pattern_does(capsys):
    # Unaided formation at 60% is no longer "rare": the input check fails, but it is not validation.
    arguments = ["check-facts", "baseline", *QUICK, "--set", "committee_formation_unaided=0.6"]
    assert main(arguments) == 0
    assert "未通过 FAIL" in capsys.readouterr().out
    assert main([*arguments, "--strict"]) == 0
    # A participation intercept of +5 makes participation anything but thin: an emergent pattern fails.
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
