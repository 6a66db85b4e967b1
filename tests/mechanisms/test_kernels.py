"""The compiled kernels agree bit for bit with the numpy references they replace (sim.model.kernels).

Whole runs: every outcome, every household's state and every problem's record of a run with the
kernels equals the run with the references (``kernels.numpy_reference``), under settings that
exercise each kernel's branches (reforms, the three participation rules, a shock, money short
with pooling and meetings, role play). Single kernels: the shared allocation rule, the Moore
neighbourhood and the Kaplan–Meier cohort on random states.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import CoGovernanceModel, kernels
from sim.model.kernels import measuring, participating, working
from sim.model.measurement import kaplan_meier
from sim.model.mechanisms.participation import moore_sum
from sim.model.problems import NOT_YET, serve_in_order

SMALL = {"width": 24, "height": 24, "burn_in_weeks": 60}
SETTINGS = {
    "status quo": {},
    "every lever": {"empowerment": 1.0, "pooling": 1.0, "embedding": 1.0, "digital_platform": True, "volunteer_incentive": 0.5,
                    "meeting_interval_steps": 4},
    "aspiration rule": {"participation_rule": "aspiration", "embedding": 1.0},
    "threshold rule": {"participation_rule": "threshold", "pooling": 1.0},
    "shock": {"shock_week": 8},
    "short of money": {"core_budget_per_1000": 0.5, "fee_income_per_1000": 10.0, "pooling": 0.5, "funding_follows_tasks": True,
                       "empowerment": 0.5, "meeting_interval_steps": 3, "major_works_per_1000_households_year": 40.0},
}
WEEKS = 30


def _run(seed: int, setting: dict, watch: bool = False) -> dict:
    model = CoGovernanceModel(rng=seed, **SMALL, **setting)
    if watch:  # role play: every decision of a building's residents, a firm and the core is watched
        from sim.model.decisions import CoreChoice, FirmChoice, ResidentChoice, WeekDecisions

        residents = np.flatnonzero(model.households.building == np.argmax(model.building_count))
        model.watch = WeekDecisions(residents={int(i): ResidentChoice() for i in residents}, firms={0: FirmChoice()}, core=CoreChoice())
    for _ in range(WEEKS):
        model.step()
    h = model.households
    return {
        "outcomes": model.datacollector.get_model_vars_dataframe(),
        "problems": model.problem_table(),
        **{f"households.{name}": np.asarray(getattr(h, name)) for name in ("efficacy", "trust", "satisfaction", "participating",
                                                                          "propensity", "mobilised_until", "last_visit_step",
                                                                          "reports_made", "first_report_problem", "first_report_outcome")},
        "budgets": model.actor_budget.copy(),
        "money": (model.money_spent, model.pool_balance, model.subdistrict_spending),
    }


def _assert_identical(fast: dict, reference: dict) -> None:
    for key, value in reference.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(fast[key], value, check_exact=True, obj=key)
        else:
            np.testing.assert_array_equal(fast[key], value, err_msg=key)


@pytest.mark.parametrize("name", list(SETTINGS))
def test_a_run_with_kernels_is_bit_identical_to_the_references(name):
    assert kernels.ENABLED, "the suite runs the kernels (COGOV_KERNELS is not 'numpy')"
    with kernels.numpy_reference():
        reference = _run(11, SETTINGS[name])
    fast = _run(11, SETTINGS[name])
    _assert_identical(fast, reference)


def test_the_comparison_has_power():
    # A different seed, or one changed parameter, is told apart: identical runs are not trivially so.
    base = _run(11, {})
    with pytest.raises(AssertionError):
        _assert_identical(_run(12, {}), base)
    with pytest.raises(AssertionError):
        _assert_identical(_run(11, {"efficacy_gain_on_response": 0.2}), base)


def test_role_play_with_kernels_is_bit_identical_to_the_references():
    with kernels.numpy_reference():
        reference = _run(5, SETTINGS["every lever"], watch=True)
    _assert_identical(_run(5, SETTINGS["every lever"], watch=True), reference)


def test_serve_in_order_kernel_matches_its_reference_on_random_states():
    rng = np.random.default_rng(0)
    for _ in range(200):
        n, groups = int(rng.integers(0, 60)), int(rng.integers(1, 6))
        group = np.sort(rng.integers(0, groups, n))
        demand = rng.lognormal(0, 1, n) * (rng.random(n) < 0.9)
        supply = rng.lognormal(1, 1, groups) * (rng.random(groups) < 0.8)
        np.testing.assert_array_equal(working.serve_in_order(group, demand, supply), serve_in_order(group, demand, supply))


def test_moore_neighbours_give_the_reference_neighbour_sums():
    rng = np.random.default_rng(1)
    from types import SimpleNamespace

    for width, height in ((7, 5), (12, 12), (1, 9)):
        cells = np.sort(rng.choice(width * height, size=int(0.7 * width * height), replace=False))
        h = SimpleNamespace(x=cells // height, y=cells % height)
        values = (rng.random(len(cells)) < 0.4).astype(float)
        neighbours = participating.moore_neighbours(h.x, h.y, width, height)
        sums = np.where(neighbours >= 0, values[np.maximum(neighbours, 0)], 0.0).sum(axis=1)
        np.testing.assert_array_equal(sums, moore_sum(values, h, width, height))


def test_cohort_kernel_matches_kaplan_meier_on_random_books():
    rng = np.random.default_rng(2)
    for _ in range(100):
        n, t = int(rng.integers(1, 300)), int(rng.integers(0, 80))
        arisen = np.sort(rng.integers(t - 60, t + 1, n)).astype(np.int32)
        duration = rng.integers(0, 40, n)
        fate = rng.integers(0, 3, n)  # resolved, gone unresolved, still open
        resolved_step = np.where((fate == 0) & (arisen + duration <= t), arisen + duration, NOT_YET).astype(np.int32)
        exit_step = np.where((fate == 1) & (arisen + duration <= t), arisen + duration, NOT_YET).astype(np.int32)
        reported = rng.random(n) < 0.5
        known = np.where(rng.random(n) < 0.7, arisen, NOT_YET).astype(np.int32)
        survival, n_reported, n_unknown = measuring.cohort_survival(0, n, t, arisen, resolved_step, exit_step, reported, known)
        done = resolved_step != NOT_YET
        end = np.where(done, resolved_step, np.where(exit_step != NOT_YET, exit_step, t))
        np.testing.assert_array_equal(survival, kaplan_meier(end - arisen, done))
        assert (n_reported, n_unknown) == (reported.sum(), (known == NOT_YET).sum())


def test_problems_are_recorded_in_the_order_they_arise():
    # The outcome window's cohort is a contiguous range of ids only because arrivals (and a shock's
    # burst) append problems week by week (sim.model.kernels.measuring).
    model = CoGovernanceModel(rng=3, **SMALL, shock_week=5)
    for _ in range(12):
        model.step()
    assert np.all(np.diff(model.problems.column("arisen_step")) >= 0)
