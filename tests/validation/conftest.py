"""Runs shared by the validation tests: the facts on the validation seeds, measured once per session.

``test_facts.py`` asserts them with the mechanisms on; ``test_knockouts.py`` pairs them with the
same seeds under each counted pattern's knockout.
"""

from __future__ import annotations

import pytest

MASTER_SEED = 20240901  # the validation seeds (calibration uses 20250315)
REPLICATES = 10


@pytest.fixture(scope="session")
def validation_design():
    """Master seed and replicates of the session runs, for tests that pair their own runs with them."""
    return {"seed": MASTER_SEED, "replicates": REPLICATES}


@pytest.fixture(scope="session")
def fact_results():
    """Every fact for the baseline scenario, ten replicates of the validation seeds, keyed by fact."""
    from sim.analysis.validation import check_facts
    from sim.scenarios import load_scenario

    measured, _ = check_facts(load_scenario("baseline").parameters, replicates=REPLICATES, seed=MASTER_SEED, workers=2)
    return {r.fact.key: r for r in measured}
