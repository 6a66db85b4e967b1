"""Problems arise in proportion to households and, for physical categories, to compound condition; shocks."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.mechanisms import arrivals
from sim.model.problems import CROSS_ACTOR, REPAIR


def test_property_problems_follow_compound_condition(make_model):
    model = make_model(problem_rate_per_household_week=0.5)
    condition = np.zeros(model.n_compounds)
    condition[0] = 1.0  # only compound 0's housing stock breaks
    model.compound_condition = condition
    weeks = 40
    for t in range(1, weeks + 1):
        arrivals.problems_arise(model, t)
    table = model.problem_table()
    physical = table["category"].isin(["repair", "cross_actor"]).to_numpy()
    assert np.all(table["compound"].to_numpy()[physical] == 0)
    # Other problems arise everywhere, in proportion to households.
    assert set(table["compound"].to_numpy()[~physical]) == set(np.flatnonzero(model.households_per_compound))
    p = model.p
    physical_share = p.share_repair + p.share_cross_actor
    expected_physical = p.problem_rate_per_household_week * physical_share * model.households_per_compound[0] * weeks
    expected_other = p.problem_rate_per_household_week * (1 - physical_share) * model.households.count * weeks
    assert abs(physical.sum() - expected_physical) < 4 * np.sqrt(expected_physical)
    assert abs((~physical).sum() - expected_other) < 4 * np.sqrt(expected_other)


def test_worse_condition_means_more_property_problems(make_model):
    counts = []
    for multiplier in (1.0, 3.0):
        model = make_model(problem_rate_per_household_week=0.3)
        model.compound_condition = np.full(model.n_compounds, multiplier)
        for t in range(1, 31):
            arrivals.problems_arise(model, t)
        counts.append(int(model.arisen_by_category[REPAIR] + model.arisen_by_category[CROSS_ACTOR]))
    p = model.p
    expected = np.array([1.0, 3.0]) * 0.3 * (p.share_repair + p.share_cross_actor) * model.households.count * 30
    assert np.all(np.abs(np.array(counts) - expected) < 4 * np.sqrt(expected))


def test_problem_sizes_are_mean_one_multiples_of_their_category(make_model):
    model = make_model(problem_rate_per_household_week=0.5, problem_size_sigma=0.5)
    for t in range(1, 21):
        arrivals.problems_arise(model, t)
    book, p = model.problems, model.p
    category = book.column("category")
    effort = book.column("effort_needed") / p.category_effort[category]
    money_category = p.category_cost[category] > 0
    money = book.column("money_needed")[money_category] / p.category_cost[category][money_category]
    assert abs(effort.mean() - 1) < 0.05 and abs(money.mean() - 1) < 0.05
    assert np.all(book.column("route_draw") >= 0) and np.all(book.column("route_draw") < 1)
    patience = model.households.patience_weeks[book.column("household")]
    np.testing.assert_array_equal(book.column("patience_weeks"), patience)


def test_shock_hits_worst_compound_and_cuts_capacity_for_its_duration(make_model):
    model = make_model(shock_week=2, shock_duration_weeks=3, shock_problems_per_household=2.0,
                       shock_capacity_loss=0.5, problem_rate_per_household_week=0.0)
    worst = int(np.argmax(model.compound_condition * (model.households_per_compound > 0)))
    factors, capacity = [], []
    arrived = None
    for _ in range(6):
        model.step()
        factors.append(model.capacity_factor)
        capacity.append(model.outcomes["core_effective_capacity"])
        if model.steps == 1:
            assert len(model.problems) == 0
        if model.steps == 2:
            arrived = len(model.problems)
            assert model.expected_unmet_without_shock(2) == 0  # nothing open before the shock
    assert factors == [1.0, 0.5, 0.5, 0.5, 1.0, 1.0]
    np.testing.assert_allclose(capacity, np.array(factors) * capacity[0])
    table = model.problem_table()
    assert len(table) == arrived  # a burst in the shock week only
    expected = 2.0 * model.households_per_compound[worst]
    assert abs(arrived - expected) < 4 * np.sqrt(expected)
    assert np.all(table["compound"] == worst)
    assert np.all(table["arisen_step"] == 2)


def test_shock_burst_comes_from_its_own_stream(make_model):
    # The burst draws from the shocks stream: the ordinary arrivals of later weeks are unchanged.
    def ordinary(**shock):
        model = make_model(seed=3, **shock)
        for _ in range(6):
            model.step()
        table = model.problem_table()
        ordinary = table[table["arisen_step"] != 2]
        return ordinary[["category", "household", "effort_needed", "route_draw"]].reset_index(drop=True)

    calm = ordinary()
    shocked = ordinary(shock_week=2, shock_problems_per_household=1.0)
    assert len(calm) > 0
    assert shocked.equals(calm)


def test_recovery_counts_weeks_until_most_of_the_excess_backlog_is_gone(make_model):
    model = make_model(shock_week=10, recovery_tolerance=0.2)
    model.unmet_history = [0] * 2 + [100] * 8  # weeks 0..9: a pre-shock level of 100
    assert model.expected_unmet_without_shock(30) == pytest.approx(100.0)
    for week, backlog in zip(range(10, 16), [150, 200, 160, 121, 119, 100], strict=True):
        model.time = week  # the model's clock (Mesa's model.time)
        model.problems.open_ids = np.arange(backlog)
        model._measure()
        if week < 14:
            assert np.isnan(model.outcomes["recovery_weeks"])
    # peak excess 100 at week 11; 19 <= 0.2 * 100 first at week 14
    assert model.outcomes["recovery_weeks"] == 4.0
