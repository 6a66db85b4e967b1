"""Pattern-oriented validation: every stylised fact of DESIGN §9 holds for the shipped defaults.

Each fact is checked by :func:`sim.analysis.validation.check_facts` on the baseline scenario with a fixed
master seed and ten replicates per setting; the target pattern and its tolerance are stated in
:data:`sim.analysis.validation.FACTS` (and in docs/ODD.md §6, which lists the measured figures).
The same code prints ``cogov check-facts``.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.scenarios import load_scenario
from sim.analysis.validation import FACTS, REFORM_START_WEEK, check_facts, s_shape

pytestmark = pytest.mark.slow

MASTER_SEED = 20240901
REPLICATES = 10


@pytest.fixture(scope="module")
def results():
    measured, _ = check_facts(load_scenario("baseline").parameters, replicates=REPLICATES, seed=MASTER_SEED, workers=2)
    return {r.fact.key: r for r in measured}


@pytest.mark.parametrize("key", [fact.key for fact in FACTS])
def test_fact_holds_in_the_default_model(results, key):
    result = results[key]
    assert result.passed, f"{result.fact.label_en}: target {result.fact.target_en}; measured {result.measured}"


def test_participation_order_by_age(results):
    """Retirees participate most and working-age residents least (H8, S2), as in the survey's age gradient."""
    details = results["age_participation"].details
    assert details["retired"] > details["young"] > details["working"] > 0


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
