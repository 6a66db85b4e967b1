"""The columnar problem store and the one allocation rule (serve_in_order) every phase uses."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.problems import (
    BY_FIRM,
    BY_NOBODY,
    BY_VOLUNTEERS,
    COPED_ALONE,
    GIVEN_UP,
    NOT_YET,
    SHELVED,
    STILL_OPEN,
    ProblemBook,
    serve_in_order,
)


def _add(book: ProblemBook, n: int, start_step: int = 0) -> np.ndarray:
    return book.add(
        category=np.zeros(n, dtype=np.int8),
        household=np.arange(n),
        effort_needed=np.arange(1, n + 1, dtype=float),
        arisen_step=np.full(n, start_step),
    )


# ---------------------------------------------------------------------- serve_in_order
def test_serve_in_order_serves_each_group_in_priority_order():
    groups = np.array([0, 0, 0, 1, 1, 2])
    demands = np.array([2.0, 3.0, 4.0, 1.0, 5.0, 7.0])
    supply = np.array([4.0, 10.0, 0.0])
    grant = serve_in_order(groups, demands, supply)
    # Group 0: the first item in full, the marginal item partly, the last nothing.
    # Group 1: enough for both. Group 2: no supply at all.
    np.testing.assert_allclose(grant, [2.0, 2.0, 0.0, 1.0, 5.0, 0.0])


def test_serve_in_order_never_exceeds_supply_or_demand():
    rng = np.random.default_rng(3)
    groups = np.sort(rng.integers(0, 6, 200))
    demands = rng.exponential(1.0, 200)
    supply = rng.exponential(5.0, 6)
    grant = serve_in_order(groups, demands, supply)
    assert np.all(grant >= 0) and np.all(grant <= demands + 1e-12)
    per_group = np.bincount(groups, weights=grant, minlength=6)
    demand_per_group = np.bincount(groups, weights=demands, minlength=6)
    np.testing.assert_allclose(per_group, np.minimum(supply, demand_per_group), rtol=1e-12, atol=1e-12)
    # Within a group, once an item is not served in full, no later item gets anything.
    for g in range(6):
        part_grant, part_demand = grant[groups == g], demands[groups == g]
        short = np.flatnonzero(part_grant < part_demand - 1e-12)
        if len(short):
            assert np.all(part_grant[short[0] + 1 :] == 0)


def test_serve_in_order_single_shared_group_and_empty_input():
    grant = serve_in_order(np.zeros(3, dtype=np.int64), np.array([1.0, 1.0, 1.0]), np.array([2.5]))
    np.testing.assert_allclose(grant, [1.0, 1.0, 0.5])
    assert len(serve_in_order(np.zeros(0, dtype=np.int64), np.zeros(0), np.array([1.0]))) == 0


# ---------------------------------------------------------------------- ProblemBook
def test_add_returns_consecutive_ids_and_opens_them():
    book = ProblemBook(initial_capacity=16)
    first = _add(book, 3)
    second = _add(book, 2, start_step=4)
    np.testing.assert_array_equal(first, [0, 1, 2])
    np.testing.assert_array_equal(second, [3, 4])
    assert len(book) == 5
    np.testing.assert_array_equal(book.open_ids, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(book.column("arisen_step"), [0, 0, 0, 4, 4])
    # Columns not given keep their "not yet" defaults.
    assert np.all(book.column("resolved_step") == NOT_YET)
    assert np.all(book.column("known_step") == NOT_YET)
    assert np.all(book.column("resolved_by") == BY_NOBODY)


def test_close_and_leave_remove_from_open_ids_only():
    book = ProblemBook()
    _add(book, 6)
    book.in_core_queue[[0, 1, 3]] = True
    book.close(np.array([1, 4]), step=7, resolved_by=BY_FIRM)
    np.testing.assert_array_equal(book.open_ids, [0, 2, 3, 5])
    assert book.resolved_step[1] == 7 and book.resolved_by[4] == BY_FIRM
    assert book.exit_step[1] == NOT_YET and book.exit_reason[1] == STILL_OPEN
    book.leave(np.array([0, 5]), step=-9, reason=np.array([GIVEN_UP, SHELVED]))  # burn-in weeks are negative
    np.testing.assert_array_equal(book.open_ids, [2, 3])
    np.testing.assert_array_equal(book.exit_step[[0, 5]], [-9, -9])
    np.testing.assert_array_equal(book.exit_reason[[0, 5]], [GIVEN_UP, SHELVED])
    assert book.resolved_step[0] == NOT_YET and book.resolved_by[0] == BY_NOBODY
    # Leaving the books, like closing, takes a problem out of the core's queue; open ones stay in it.
    np.testing.assert_array_equal(book.in_core_queue[:6], [False, False, False, True, False, False])
    book.leave(np.array([2]), step=11, reason=COPED_ALONE)
    assert book.exit_reason[2] == COPED_ALONE and book.exit_step[2] == 11
    # Empty operations change nothing.
    book.close(np.zeros(0, dtype=np.int64), 12, BY_VOLUNTEERS)
    book.leave(np.zeros(0, dtype=np.int64), 12, GIVEN_UP)
    np.testing.assert_array_equal(book.open_ids, [3])
    reasons = [GIVEN_UP, STILL_OPEN, COPED_ALONE, STILL_OPEN, STILL_OPEN, SHELVED]
    np.testing.assert_array_equal(book.column("exit_reason"), reasons)
    assert len(book) == 6


def test_close_with_per_problem_resolver():
    book = ProblemBook()
    _add(book, 3)
    book.close(np.array([0, 2]), 1, np.array([BY_FIRM, BY_VOLUNTEERS]))
    np.testing.assert_array_equal(book.column("resolved_by"), [BY_FIRM, BY_NOBODY, BY_VOLUNTEERS])


def test_growth_keeps_existing_records():
    book = ProblemBook(initial_capacity=16)
    _add(book, 10)
    book.close(np.array([3]), 2, BY_FIRM)
    _add(book, 100, start_step=5)
    assert len(book) == 110
    assert book.resolved_step[3] == 2
    np.testing.assert_allclose(book.column("effort_needed")[:10], np.arange(1, 11))
    assert np.all(book.column("arisen_step")[10:] == 5)
    assert len(book.open_ids) == 109 and 3 not in book.open_ids


@pytest.mark.parametrize("name", list(ProblemBook._COLUMNS))
def test_column_is_a_view_of_recorded_problems(name):
    book = ProblemBook()
    _add(book, 4)
    column = book.column(name)
    assert len(column) == 4
    assert column.dtype == ProblemBook._COLUMNS[name][0]
