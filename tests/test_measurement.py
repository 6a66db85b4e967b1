"""Outcomes are rates over a window; weeks to resolution are Kaplan–Meier with censoring."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.model import CoGovernanceModel
from sim.model.measurement import kaplan_meier, km_median, km_restricted_mean
from sim.model.problems import BY_VOLUNTEERS, GOVERNANCE, NOT_YET


def test_kaplan_meier_agrees_with_scipy():
    rng = np.random.default_rng(4)
    durations = rng.integers(0, 30, 400)
    resolved = rng.random(400) < 0.7
    ours = kaplan_meier(durations, resolved)
    theirs = stats.ecdf(stats.CensoredData(uncensored=durations[resolved], right=durations[~resolved])).sf
    for k in range(30):
        assert ours[k] == pytest.approx(theirs.evaluate(k), abs=1e-12)
    median = km_median(ours)
    assert ours[int(median)] <= 0.5 < (ours[int(median) - 1] if median > 0 else 1.0)
    assert km_restricted_mean(ours, 52) == pytest.approx(sum(theirs.evaluate(k) for k in range(52)), abs=1e-9)


def test_km_without_events_has_no_median_and_censoring_raises_the_mean():
    assert np.isnan(km_median(kaplan_meier(np.array([3, 5]), np.array([False, False]))))
    all_done = kaplan_meier(np.array([2, 2, 2, 2]), np.ones(4, bool))
    half_censored = kaplan_meier(np.array([2, 2, 2, 2]), np.array([True, True, False, False]))
    assert km_restricted_mean(half_censored, 10) > km_restricted_mean(all_done, 10)


@pytest.fixture(scope="module")
def run():
    model = CoGovernanceModel(rng=3, width=20, height=20, burn_in_weeks=60, outcome_window_weeks=26)
    for _ in range(40):
        model.step()
    return model


def test_window_rates_match_the_problem_book(run):
    book, t, weeks = run.problems, run.steps, run.p.outcome_window_weeks
    resolved_step, exit_step = book.column("resolved_step"), book.column("exit_step")
    in_window = lambda step: (step != NOT_YET) & (step > t - weeks) & (step <= t)  # noqa: E731
    resolved, left = in_window(resolved_step), in_window(exit_step)
    by = book.column("resolved_by")
    assert run.outcomes["resolution_rate"] == pytest.approx(resolved.sum() / (resolved.sum() + left.sum()))
    assert run.outcomes["governance_resolution_rate"] == pytest.approx(
        (resolved & np.isin(by, GOVERNANCE)).sum() / (resolved.sum() + left.sum()))
    assert run.outcomes["self_help_share"] == pytest.approx((resolved & (by == BY_VOLUNTEERS)).sum() / resolved.sum())
    assert run.outcomes["backlog"] == len(book.open_ids)


def test_cumulative_counts_run_from_week_zero(run):
    arisen = run.problems.column("arisen_step")
    assert run.outcomes["problems_arisen"] == int(((arisen >= 1) & (arisen <= run.steps)).sum())
    resolved_step = run.problems.column("resolved_step")
    assert run.outcomes["problems_resolved"] == int(((resolved_step >= 1) & (resolved_step != NOT_YET)).sum())
