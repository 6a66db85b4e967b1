"""``cogov check-facts``: the table, its exit status, and bad input."""

from __future__ import annotations

import json

import pytest

from sim.interfaces.cli import main

QUICK = ["--replicates", "3", "--workers", "1", "--facts", "committees_unaided,committees_pushed,party_membership"]


def test_table_lists_each_fact_with_target_measure_and_verdict(capsys):
    assert main(["check-facts", "baseline", *QUICK]) == 0
    out = capsys.readouterr().out
    assert "业委会自发组建少" in out and "Owners' committees rarely form" in out
    assert "15-30% of compounds" in out  # the target pattern
    assert "of 108 compounds" in out  # 3 replicates x 36 compounds
    assert out.count("通过 pass") == 3
    assert "3 of 3 facts reproduced" in out


def test_failing_fact_exits_zero_unless_strict(capsys):
    # Unaided formation at 60% is no longer "rare": the fact must fail.
    arguments = ["check-facts", "baseline", *QUICK, "--set", "committee_formation_unaided=0.6"]
    assert main(arguments) == 0
    assert "未通过 FAIL" in capsys.readouterr().out
    assert main([*arguments, "--strict"]) == 3


def test_json_output_has_one_record_per_fact_and_scenario(capsys):
    assert main(["check-facts", "baseline", "formalism_heavy", *QUICK, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 6
    assert {r["scenario"] for r in records} == {"baseline", "formalism_heavy"}
    unaided = next(r for r in records if r["fact"] == "committees_unaided")
    assert 0.15 <= unaided["figure"] <= 0.30 and unaided["passed"] is True


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
