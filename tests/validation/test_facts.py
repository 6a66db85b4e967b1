"""Pattern-oriented validation: the emergent patterns hold for the shipped defaults on the validation seeds.

Only emergent patterns count as validation; input checks (figures the model is given) are
asserted too, but as checks of the code that reads them back. A pattern the model does not
reproduce is listed in :data:`KNOWN_FAILURES` with the measured figure, not tuned away: the test
then expects the failure (strict), so it notices when the model starts to reproduce it.

Each fact is checked by :func:`sim.analysis.validation.check_facts` on the baseline scenario with a fixed
master seed and ten replicates per setting (the session fixture of ``conftest.py``); the target
pattern and its tolerance are stated in the pre-registered table :data:`sim.analysis.facts.FACTS`
(and in docs/ODD.md §6, which lists the measured figures). Whether each counted pattern fails
without its mechanism is ``test_knockouts.py``.
The same code prints ``cogov check-facts``.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.validation import FACTS, REFORM_START_WEEK, s_shape


@pytest.fixture(scope="module")
def results(fact_results):
    return fact_results  # tests/validation/conftest.py: ten replicates of master seed 20240901


#: Emergent patterns the model does not reproduce at the shipped defaults (docs/ODD.md §6.4).
KNOWN_FAILURES = {
    "reform_s_curve": "after the burn-in co-governance lifts timely resolution from 20% to 26% (effect +0.05, "
                      "10 replicates), but 42% of the gain comes in the first 8 weeks and it drifts +13% in year two: "
                      "the first responders answer at once, so the rise is not slow-fast-level",
}


def _cases(kind: str):
    """Facts of a kind; counted patterns are asserted, with their knockouts, in test_knockouts.py."""
    return [
        pytest.param(f.key, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[f.key], strict=True)) if f.key in KNOWN_FAILURES else f.key
        for f in FACTS if f.kind == kind and not f.counts
    ]


@pytest.mark.slow
@pytest.mark.parametrize("key", _cases("emergent"))
def test_emergent_pattern_holds_on_validation_seeds(results, key):
    result = results[key]
    assert result.passed, f"{result.fact.label_en}: target {result.fact.target_en}; measured {result.measured}"


@pytest.mark.slow
@pytest.mark.parametrize("key", _cases("input"))
def test_input_check_reads_back_its_input(results, key):
    result = results[key]
    assert result.passed, f"{result.fact.label_en}: target {result.fact.target_en}; measured {result.measured}"


def test_every_emergent_pattern_has_a_source_a_role_and_a_tolerance_reason():
    emergent = [f for f in FACTS if f.kind == "emergent"]
    assert len(emergent) >= 10
    assert all(f.source and f.tolerance_why and f.definition and f.role in ("calibration", "counted", "qualitative")
               for f in emergent)
    assert {f.key for f in FACTS if f.kind == "input"} == {"age_participation", "committees_unaided", "committees_pushed", "party_membership"}


@pytest.mark.slow
def test_participation_order_by_age(results):
    """Retirees participate most and working-age residents least (H8, S2), as in the survey's age gradient."""
    details = results["age_participation"].details
    assert details["retired"] > details["young"] > details["working"] > 0


@pytest.mark.slow
def test_response_breeds_reporting_is_near_the_published_effect(results):
    """Sjoberg, Mellon & Peixoto 2017 found +57%; the pooled model figure lies within a factor of two."""
    increase = results["response_breeds_reporting"].figure
    assert 0.57 / 2 <= increase <= 0.57 * 2


def test_s_shape_measure_tells_a_slow_start_from_an_immediate_jump():
    """The reform criterion passes a logistic path and fails a jump that saturates at once."""
    weeks = np.arange(REFORM_START_WEEK - 13, REFORM_START_WEEK + 101)
    after = np.maximum(weeks - REFORM_START_WEEK, 0)
    logistic = 0.2 / (1 + np.exp(-(after - 16) / 4)) * (weeks >= REFORM_START_WEEK)
    jump = 0.2 * (1 - np.exp(-after / 3))
    linear = 0.2 * np.minimum(after / 100, 1)
    assert s_shape(weeks, logistic)["early_share"] < 0.25
    assert abs(s_shape(weeks, logistic)["late_drift"]) < 0.25
    assert s_shape(weeks, jump)["early_share"] > 0.5
    assert s_shape(weeks, linear)["late_drift"] > 0.25
