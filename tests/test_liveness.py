"""Every parameter acts, provably: each registry entry declares what it must move, and does.

The fast tests check the declarations themselves (every parameter has one, every outcome and
context exists, every test pair gives valid parameters). The slow test runs paired replicates
of every parameter at its bounds in its declared context (see :mod:`sim.experiments.liveness`)
and fails with the full list of parameters that move none of their declared outcomes.
"""

from __future__ import annotations

import dataclasses

import pytest

from sim.experiments import liveness
from sim.model.outcomes import OUTCOMES
from sim.parameters import OUTPUT, REGISTRY, ActsOn, acts
from sim.scenarios import available_scenarios


def test_every_parameter_declares_what_it_acts_on():
    missing = [name for name, spec in REGISTRY.items() if spec.acts_on is None]
    assert not missing, (
        "these parameters do not declare what they act on; add acts_on=acts(OUTCOME, context=SCENARIO, set={...}) "
        f"or acts_on=OUTPUT to their entry in sim/parameters.py: {', '.join(missing)}"
    )


def test_declared_outcomes_contexts_and_overrides_exist():
    scenarios = available_scenarios()
    problems = []
    for name, spec in REGISTRY.items():
        declared = spec.acts_on
        if declared is None or declared.output:
            continue
        problems += [f"{name}: unknown outcome {o!r}" for o in declared.outcomes if o not in OUTCOMES]
        if declared.context not in scenarios:
            problems.append(f"{name}: unknown context scenario {declared.context!r}")
        problems += [f"{name}: override of unknown parameter {k!r}" for k, _ in declared.overrides if k not in REGISTRY]
        if name in dict(declared.overrides):
            problems.append(f"{name}: its context overrides the parameter under test")
        if declared.balance is not None and declared.balance not in REGISTRY:
            problems.append(f"{name}: balanced by unknown parameter {declared.balance!r}")
        if not declared.outcomes:
            problems.append(f"{name}: declares no outcome")
    assert not problems, "\n".join(problems)


def test_every_comparison_is_a_valid_pair_of_different_settings():
    """Test values and balancing shares give valid parameters (build_parameters raises otherwise)."""
    for name, spec in REGISTRY.items():
        found = liveness.comparisons(spec)
        if spec.acts_on.output:
            assert found == [], name
            continue
        expected = len(spec.choices) - 1 if spec.kind == "choice" else 1
        assert len(found) == expected, name
        for comparison in found:
            assert comparison.lower[name] != comparison.upper[name], name
            changed = {k for k in comparison.lower if comparison.lower[k] != comparison.upper[k]}
            assert changed == {name} | ({spec.acts_on.balance} if spec.acts_on.balance else set()), name


def test_bounds_are_tested_unless_a_pair_is_declared():
    spec = REGISTRY["formalism"]
    assert liveness.bound_pairs(spec) == [(spec.minimum, spec.maximum)]
    assert liveness.bound_pairs(REGISTRY["digital_platform"]) == [(False, True)]
    rule = REGISTRY["participation_rule"]
    assert liveness.bound_pairs(rule) == [(rule.default, c) for c in rule.choices if c != rule.default]
    assert liveness.bound_pairs(REGISTRY["width"]) == [REGISTRY["width"].acts_on.test_values]


def test_balanced_shares_stay_composable():
    (comparison,) = liveness.comparisons(REGISTRY["share_disputes"])
    for settings in (comparison.lower, comparison.upper):
        total = sum(settings[f"share_{c}"] for c in ("repair", "environment", "services", "disputes"))
        assert total == pytest.approx(1.0)
    assert comparison.upper["share_repair"] < comparison.lower["share_repair"]


def test_declarations_round_trip_as_plain_data():
    for spec in REGISTRY.values():
        assert ActsOn.from_dict(spec.acts_on.as_dict()) == spec.acts_on
    assert REGISTRY["agent_data_interval_steps"].acts_on == OUTPUT
    with pytest.raises(ValueError, match="at least one outcome"):
        acts()


def _finding(difference: float, standard_error: float, outcome: str = "resolution_rate") -> liveness.Finding:
    comparison = liveness.Comparison("x", 0, 1, {}, {}, 52, (outcome,))
    return liveness.Finding(comparison, outcome, difference, standard_error, 8)


def test_a_move_must_exceed_both_the_noise_and_the_floor():
    assert _finding(0.05, 0.01).moves
    assert not _finding(0.05, 0.02).moves  # within 3 standard errors
    assert not _finding(0.004, 0.0).moves  # below the floor of a rate
    assert _finding(-2.0, 0.1, "backlog").moves
    assert not _finding(0.9, 0.0, "backlog").moves  # below one problem
    assert not _finding(float("nan"), 0.0).moves


@pytest.mark.slow
def test_the_check_tells_a_live_parameter_from_an_inert_one():
    """An output setting declared as if it acted is caught; a parameter that acts passes."""
    pretend = dataclasses.replace(REGISTRY["agent_data_interval_steps"], acts_on=acts("resolution_rate", values=(0, 4), weeks=52))
    live = dataclasses.replace(REGISTRY["formalism"], acts_on=acts("resolution_rate", weeks=52))
    findings = liveness.measure([pretend, live], replicates=4, outcomes={})
    dead = liveness.inert(findings)
    assert [group[0].comparison.name for group in dead] == ["agent_data_interval_steps"]
    assert dead[0][0].difference == 0.0


@pytest.mark.slow
def test_every_parameter_moves_a_declared_outcome_beyond_noise():
    specs = [spec for spec in REGISTRY.values() if not spec.acts_on.output]
    findings = liveness.measure(specs)
    dead = liveness.inert(findings)
    report = "\n".join(finding.line() for group in dead for finding in group)
    if dead:  # pytest.fail, not assert: the message alone, without a dump of the findings
        pytest.fail(
            f"{len(dead)} parameter comparison(s) moved none of their declared outcomes beyond "
            f"max({liveness.K_SE:g} x SE, floor) with {liveness.REPLICATES} paired replicates:\n{report}",
            pytrace=False,
        )


def test_params_command_and_odd_tables_show_the_declarations(capsys):
    import csv
    import io
    import json

    from sim.interfaces.cli import main
    from sim.interfaces.docs import parameter_markdown

    assert main(["params", "--format", "json"]) == 0
    entries = {e["name"]: e for e in json.loads(capsys.readouterr().out)}
    supervision = entries["committee_supervision"]["acts_on"]
    assert supervision["outcomes"] == ["resolution_rate_repair", "resolution_rate", "backlog"]
    assert supervision["context"] == "baseline"  # the status quo (with committees pushed)
    assert supervision["overrides"] == {"committee_formation_push": 1.0}
    assert entries["agent_data_interval_steps"]["acts_on"]["output"] is True

    assert main(["params", "--format", "csv", "--group", "shock"]) == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["shock_week"]["acts_on"] == "backlog, problems_arisen @ resilience_shock (test 0 vs 26, 78 weeks)"
    assert rows["recovery_tolerance"]["acts_on"] == "recovery_weeks @ resilience_shock_co_governance"

    table = parameter_markdown()
    assert "| acts on |" in table
    assert "| output setting |" in table
    assert "balanced by share_environment" in table


def test_a_shocked_run_that_never_recovers_is_censored_after_its_last_week():
    assert liveness.never_recovered({"shock_week": 26}, 104) == 79.0
