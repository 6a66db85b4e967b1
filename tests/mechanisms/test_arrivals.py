"""Everyday problems arise in proportion to households (repairs to compound condition); major works at
their own rate; shocks."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.mechanisms import arrivals
from sim.model.problems import CROSS_ACTOR, REPAIR


def test_repairs_and_major_works_follow_compound_condition(make_model):
    model = make_model(width=20, height=20, problem_rate_per_household_week=0.5, major_works_per_1000_households_year=400.0)
    condition = np.zeros(model.n_compounds)
    condition[0] = 1.0  # only compound 0's housing stock breaks
    model.compound_condition = condition
    household_condition = condition[model.households.compound]
    model.total_condition = float(household_condition.sum())
    model.condition_cdf = arrivals.condition_distribution(household_condition)
    weeks = 40
    for t in range(1, weeks + 1):
        arrivals.problems_arise(model, t)
    table = model.problem_table()
    physical = table["category"].isin(["repair", "cross_actor"]).to_numpy()
    assert np.all(table["compound"].to_numpy()[physical] == 0)
    # Other everyday problems arise everywhere, in proportion to households.
    assert set(table["compound"].to_numpy()[~physical]) == set(np.flatnonzero(model.households_per_compound))
    p = model.p
    in_zero = model.households_per_compound[0]
    expected_repairs = p.problem_rate_per_household_week * p.share_repair * in_zero * weeks
    expected_works = p.major_works_per_1000_households_year / 52 / 1000 * in_zero * weeks
    expected_other = p.problem_rate_per_household_week * (1 - p.share_repair) * model.households.count * weeks
    repairs = (table["category"] == "repair").sum()
    works = (table["category"] == "cross_actor").sum()
    assert abs(repairs - expected_repairs) < 4 * np.sqrt(expected_repairs)
    assert abs(works - expected_works) < 4 * np.sqrt(expected_works)
    assert abs((~physical).sum() - expected_other) < 4 * np.sqrt(expected_other)


def test_major_works_are_a_few_per_compound_a_year_at_the_defaults(make_model):
    model = make_model(width=40, height=40, problem_rate_per_household_week=0.0)
    for t in range(1, 5 * 52 + 1):
        arrivals.problems_arise(model, t)
    works_per_compound_year = len(model.problems) / model.n_compounds / 5
    assert 1.0 <= works_per_compound_year <= 4.0
    assert model.n_compounds >= 8


def test_worse_condition_means_more_repairs(make_model):
    counts = []
    for multiplier in (1.0, 3.0):
        model = make_model(problem_rate_per_household_week=0.3)
        model.total_condition = multiplier * model.households.count
        for t in range(1, 31):
            arrivals.problems_arise(model, t)
        counts.append(int(model.flows.current["arisen"][REPAIR]))
    p = model.p
    expected = np.array([1.0, 3.0]) * 0.3 * p.share_repair * model.households.count * 30
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
    model = make_model(width=20, height=20, shock_week=2, shock_duration_weeks=3, shock_problems_per_household=2.0,
                       shock_capacity_loss=0.5, problem_rate_per_household_week=0.0, major_works_per_1000_households_year=0.0)
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
            assert model.expected_unmet_without_shock() == 0  # nothing open before the shock
    assert factors == [1.0, 0.5, 0.5, 0.5, 1.0, 1.0]
    np.testing.assert_allclose(capacity, np.array(factors) * capacity[0])
    table = model.problem_table()
    assert len(table) == arrived  # a burst in the shock week only
    expected = 2.0 * model.households_per_compound[worst]
    assert abs(arrived - expected) < 4 * np.sqrt(expected)
    assert np.all(table["compound"] == worst)
    assert np.all(table["arisen_step"] == 2)
    assert not (table["category"] == "cross_actor").any()  # a shock brings everyday problems


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


def test_the_shock_week_counts_after_the_burn_in(make_model):
    model = make_model(burn_in_weeks=20, shock_week=3, shock_problems_per_household=1.0)
    shocked = [model.capacity_factor]
    for _ in range(4):
        model.step()
        shocked.append(model.capacity_factor)
    table = model.problem_table()
    assert (table["arisen_step"] < 0).any()  # the burn-in's weeks are negative
    assert shocked[3] < 1.0 and shocked[2] == 1.0


def test_recovery_counts_weeks_until_most_of_the_excess_backlog_is_gone(make_model):
    model = make_model(shock_week=10, recovery_tolerance=0.2, recovery_baseline_weeks=8)
    flows = model.flows
    for unmet in [0] * 1 + [100] * 8:  # weeks 1..9: a pre-shock level of 100
        flows.add("unmet", unmet)
        flows.end_week()
    assert model.expected_unmet_without_shock() == pytest.approx(100.0)
    for week, unmet in zip(range(10, 16), [150, 200, 160, 121, 119, 100], strict=True):
        flows.add("unmet", unmet)
        flows.end_week()
        model._watch_recovery(week)
        if week < 14:
            assert np.isnan(model.recovery_weeks)
    # peak excess 100 at week 11; 19 <= 0.2 * 100 first at week 14
    assert model.recovery_weeks == 4.0
