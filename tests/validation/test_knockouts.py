"""Validation that discriminates: each counted pattern passes with its mechanism and fails without it.

The pre-registered table (:data:`sim.analysis.facts.FACTS`) gives every emergent pattern a role,
its published size and tolerance, the mechanism it tests and a knockout: registry parameters at
values that switch that mechanism off. With the mechanism on, the figures are the session runs
of ``conftest.py`` (ten replicates of the validation seeds); with it off, the same seeds are run
again with the knockout applied on top of every setting (burn-in included), so the two halves are
paired (the knockout half uses the first five of the ten seeds). A counted pattern the model does not reproduce with its mechanism is an expected failure
with its measured figure (strict: the test says when it starts to hold); its knockout half is
still asserted.
"""

from __future__ import annotations

import math

import pytest

from sim.analysis.calibration_targets import TARGETS
from sim.analysis.facts import FACT_BY_KEY, FACTS

COUNTED = [f.key for f in FACTS if f.counts]
#: Replicates of the knockout half: the first five of the session runs' ten seeds (replicate seeds are prefixes),
#: enough because every knockout figure lies far outside its tolerance (docs/ODD.md §6.4).
KNOCKOUT_REPLICATES = 5
#: Qualitative checks whose knockouts are asserted too: the two a referee found passing without their mechanism.
QUALITATIVE_ASSERTED = ["cross_actor_stall", "participation_lock_in"]

#: Counted patterns the model does not reproduce with the mechanism on (docs/ODD.md §6.4), with the measured figure.
KNOWN_FAILURES = {
    "reform_gain": "co-governance lifts timely resolution by +0.052 [+0.036, +0.068] at the end of its first year "
                   "(10 replicates) against the published +0.21 (Beijing 2019; tolerance 0.105 to 0.315): the "
                   "reform frees the core, but the first responders' answers, which it does not touch, dominate",
}


# ---------------------------------------------------------------------- the table itself (fast)
def test_every_counted_pattern_has_a_published_size_inside_a_two_sided_tolerance_and_a_knockout():
    assert COUNTED, "at least one pattern must count as validation"
    for key in COUNTED:
        fact = FACT_BY_KEY[key]
        low, high = fact.tolerance
        assert fact.size is not None and fact.published and math.isfinite(low) and math.isfinite(high), key
        assert low < fact.size < high, key
        assert fact.knockout and fact.mechanism and fact.knockout_why and not fact.provenance, key


def test_a_pattern_without_a_published_size_is_qualitative_and_not_counted():
    for fact in FACTS:
        if fact.kind == "emergent" and fact.size is None and fact.role != "calibration":
            assert fact.role == "qualitative" and not fact.counts, fact.key


def test_calibration_targets_and_tuned_patterns_are_not_counted():
    """Every ABC target's fact, and every pattern a hand-set input was tuned toward, has the calibration role."""
    for key in {t.fact for t in TARGETS} | {f.key for f in FACTS if f.provenance}:
        assert FACT_BY_KEY[key].role == "calibration" and not FACT_BY_KEY[key].counts, key
    assert "compound_condition_sigma" in FACT_BY_KEY["complaint_concentration"].provenance


def test_knockouts_are_registry_parameters_at_valid_values_that_change_them():
    from sim.parameters import Parameters
    from sim.scenarios import build_parameters

    defaults = Parameters()
    for fact in FACTS:
        if fact.knockout:
            build_parameters({**defaults.model_dump(), **dict(fact.knockout)}, origin=fact.key)  # raises if invalid
            assert any(getattr(defaults, name) != value for name, value in fact.knockout), fact.key


def test_a_bad_knockout_is_a_user_input_error():
    from sim.analysis.validation import check_facts
    from sim.errors import UserInputError
    from sim.parameters import Parameters

    with pytest.raises(UserInputError, match="p_commit_independent"):
        check_facts(Parameters(), replicates=1, only=["cross_actor_stall"], knockout={"p_commit_independent": 7.0})


# ---------------------------------------------------------------------- both halves (slow, paired seeds)
@pytest.fixture(scope="module")
def knocked_out(validation_design):
    """Each asserted fact under its own knockout, on the validation seeds of the session runs."""
    from sim.analysis.validation import check_facts
    from sim.scenarios import load_scenario

    parameters = load_scenario("baseline").parameters
    results = {}
    for key in [*COUNTED, *QUALITATIVE_ASSERTED]:
        measured, settings = check_facts(parameters, replicates=min(KNOCKOUT_REPLICATES, validation_design["replicates"]),
                                         seed=validation_design["seed"], workers=2, only=[key],
                                         knockout=dict(FACT_BY_KEY[key].knockout))
        assert settings["knockout"] == dict(FACT_BY_KEY[key].knockout)
        results[key] = measured[0]
    return results


def _with_mechanism_cases():
    return [pytest.param(k, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[k], strict=True)) if k in KNOWN_FAILURES else k
            for k in COUNTED]


@pytest.mark.slow
@pytest.mark.parametrize("key", _with_mechanism_cases())
def test_counted_pattern_passes_with_its_mechanism(fact_results, key):
    result = fact_results[key]
    assert result.passed, f"{key}: tolerance {result.fact.tolerance_text()}; measured {result.measured}"


@pytest.mark.slow
@pytest.mark.parametrize("key", COUNTED)
def test_counted_pattern_fails_without_its_mechanism(knocked_out, fact_results, key):
    off, on = knocked_out[key], fact_results[key]
    assert not off.passed, f"{key} passes with {off.fact.knockout_text()}: {off.measured}"
    low, high = off.fact.tolerance
    assert off.interval and (off.interval[1] < low or off.interval[0] > high), (
        f"{key}: without its mechanism the 95% interval {off.interval} reaches the tolerance {off.fact.tolerance_text()}")
    assert off.figure != on.figure  # the knockout changed the runs (paired seeds, same measure)


@pytest.mark.slow
@pytest.mark.parametrize("key", QUALITATIVE_ASSERTED)
def test_qualitative_check_passes_with_and_fails_without_its_mechanism(knocked_out, fact_results, key):
    assert fact_results[key].passed, fact_results[key].measured
    assert not knocked_out[key].passed, f"{key} passes with {knocked_out[key].fact.knockout_text()}: {knocked_out[key].measured}"


@pytest.mark.slow
def test_stalled_works_are_not_frozen_ones(knocked_out):
    """With no independent commitment no cross-actor work is ever done: 100% open, which the one-sided test passed."""
    off = knocked_out["cross_actor_stall"]
    assert off.figure == 1.0 and math.isinf(off.details["quartiles_weeks"][0])
