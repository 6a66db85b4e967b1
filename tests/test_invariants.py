"""Invariants that hold for every valid parameter set, checked with hypothesis.

Parameters are drawn from the registry's own bounds (:data:`sim.parameters.REGISTRY`), with the
grid kept small (5-15 cells a side) and runs short (at most 20 weeks) so the search stays fast.
Checked at every step: problems are conserved, no budget, capacity or fund goes negative, every
rate lies in [0, 1] and is NaN only when its denominator is zero, and the cumulative counters agree
with each other and with the problem records.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model.households import RETIRED, WORKING, YOUNG
from sim.model import CoGovernanceModel
from sim.model.outcomes import OUTCOMES, WEEKLY_OUTCOMES
from sim.parameters import CATEGORY_KEYS, REGISTRY, Parameters
from sim.model.problems import CROSS_ACTOR, NOT_YET

#: Narrower ranges where the registry's would make runs slow or the parameter meaningless in 20 weeks.
NARROW = {
    "width": (5, 15),
    "height": (5, 15),
    "building_size_cells": (1, 15),
    "zone_size_cells": (2, 15),
    "compound_columns": (1, 5),
    "compound_rows": (1, 5),
    "shock_week": (0, 20),
    "shock_duration_weeks": (1, 20),
    "reform_start_week": (0, 20),
    "meeting_interval_steps": (0, 12),
    "approval_wait_weeks": (0, 30),
    "agent_data_interval_steps": (0, 6),
}
SHARES = {"share_young", "share_retired", *(f"share_{c}" for c in CATEGORY_KEYS)}
INT_SPAN = 60  # other whole-number parameters: at most this far above their minimum
EPS = 1e-9

SETTINGS = settings(
    max_examples=40, deadline=None, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _strategy(spec):
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    low, high = NARROW.get(spec.name, (spec.minimum, spec.maximum))
    if spec.kind == "int":
        low, high = int(low), int(high)
        return st.integers(low, high if spec.name in NARROW else min(high, low + INT_SPAN))
    return st.floats(float(low), float(high), allow_nan=False, allow_infinity=False)


@st.composite
def valid_parameters(draw, **fixed) -> Parameters:
    """Any valid parameter set, every value drawn within the registry's bounds."""
    drawn = [name for name in REGISTRY if name not in SHARES and name not in fixed]
    values = {name: draw(_strategy(REGISTRY[name])) for name in drawn}
    young = draw(st.floats(0, 1))
    values["share_young"] = young
    values["share_retired"] = draw(st.floats(0, 1 - young))
    weights = np.array(draw(st.lists(st.floats(0, 1), min_size=len(CATEGORY_KEYS), max_size=len(CATEGORY_KEYS))))
    if weights.sum() <= 1e-3:
        weights = np.ones(len(CATEGORY_KEYS))
    shares = weights / weights.sum()
    shares[-1] = max(0.0, 1.0 - shares[:-1].sum())
    values.update({f"share_{c}": float(s) for c, s in zip(CATEGORY_KEYS, shares, strict=True)})
    values.update(fixed)
    return Parameters(**values)


def _nan_iff_zero(value: float, denominator: float, name: str) -> None:
    if denominator > 0:
        assert not np.isnan(value), f"{name} is NaN although its denominator is {denominator}"
        assert -EPS <= value <= 1 + EPS, f"{name} = {value} is outside [0, 1]"
    else:
        assert np.isnan(value), f"{name} = {value} although its denominator is 0"


def check_state(model: CoGovernanceModel) -> None:
    """Invariants of the model's state after a step."""
    o, h, book, counts = model.outcomes, model.households, model.problems, model.counts
    # Conservation: every problem that arose is resolved, given up or still open.
    assert o["problems_arisen"] == o["problems_resolved"] + o["problems_withdrawn"] + o["backlog"]
    assert len(book) == o["problems_arisen"] == model.arisen_by_category.sum()
    assert o["backlog"] == len(book.open_ids) == len(np.unique(book.open_ids))
    known = book.column("known_step") != NOT_YET
    assert known.sum() == o["problems_reported"] + o["problems_discovered"]
    assert book.column("reported_by_resident").sum() == o["problems_reported"]
    assert (book.column("resolved_step") != NOT_YET).sum() == o["problems_resolved"]
    assert (book.column("withdrawn_step") != NOT_YET).sum() == o["problems_withdrawn"]
    assert model.resolved_by_category.sum() == o["problems_resolved"]

    # Nothing negative; money and effort never exceed what a problem needs.
    assert np.all(model.actor_budget >= -EPS), model.actor_budget
    assert np.all(model.actor_capacity >= -EPS), model.actor_capacity
    assert model.pool_balance >= -EPS and o["pool_balance"] >= -EPS
    week_zero = model.time == 0
    if week_zero:  # the community as set up: no week has been measured yet
        assert all(np.isnan(o[name]) for name in WEEKLY_OUTCOMES), {n: o[n] for n in WEEKLY_OUTCOMES}
    else:
        assert o["core_effective_capacity"] >= -EPS and o["volunteer_effort"] >= -EPS
        assert all(o[f"problems_{kind}_step"] >= 0 for kind in ("arisen", "reported", "resolved"))
    assert np.all(book.column("money_funded") <= book.column("money_needed") + 1e-6)
    assert np.all(book.column("effort_done") <= book.column("effort_needed") + 1e-6)
    assert np.all(book.column("money_funded") >= -EPS) and np.all(book.column("effort_done") >= -EPS)

    # Beliefs stay in [0, 1].
    for name in ("efficacy", "trust", "satisfaction"):
        values = getattr(h, name)
        assert np.all((values >= -EPS) & (values <= 1 + EPS)), name

    # Rates: in [0, 1], NaN exactly when nothing to divide by.
    arisen = o["problems_arisen"]
    for name in ("resolution_rate", "report_rate", "unreported_share"):
        _nan_iff_zero(o[name], arisen, name)
    cross_actor = model.arisen_by_category[CROSS_ACTOR]
    _nan_iff_zero(o["cross_actor_resolution_rate"], cross_actor, "cross_actor_resolution_rate")
    for i, key in enumerate(CATEGORY_KEYS[:-1]):
        _nan_iff_zero(o[f"resolution_rate_{key}"], model.arisen_by_category[i], f"resolution_rate_{key}")
    groups = {
        "participation_rate": np.ones(h.count, dtype=bool),
        "participation_rate_young": h.age_group == YOUNG,
        "participation_rate_working": h.age_group == WORKING,
        "participation_rate_retired": h.age_group == RETIRED,
        "participation_rate_party": h.party,
        "participation_rate_non_party": ~h.party,
    }
    for name, members in groups.items():
        _nan_iff_zero(o[name], 0 if week_zero else members.sum(), name)
    _nan_iff_zero(o["party_reach"], 0 if week_zero else h.count, "party_reach")
    _nan_iff_zero(o["committee_legitimacy"], o["owners_committees"], "committee_legitimacy")
    for name in ("mean_efficacy", "mean_trust", "satisfaction"):
        _nan_iff_zero(o[name], h.count, name)
    for name in ("mean_weeks_to_resolution", "median_weeks_to_resolution", "money_spent_per_resolved"):
        if o["problems_resolved"]:
            assert o[name] >= 0, name
        else:
            assert np.isnan(o[name]), name
    if not np.isnan(o["complaint_concentration"]):
        assert -EPS <= o["complaint_concentration"] <= 1 + EPS
    if o["problems_arisen"]:
        assert o["resolution_rate"] == o["problems_resolved"] / o["problems_arisen"]
        assert o["report_rate"] + o["unreported_share"] <= 1 + EPS


def check_series(frame: pd.DataFrame) -> None:
    """Invariants across the time series: cumulative counts agree with per-week counts."""
    assert list(frame.columns) == list(OUTCOMES)
    for name in ("problems_arisen", "problems_reported", "problems_discovered", "problems_resolved",
                 "problems_withdrawn", "hotline_complaints"):
        assert np.all(np.diff(frame[name].to_numpy()) >= 0), f"{name} decreased"
    for total, weekly in (("problems_arisen", "problems_arisen_step"), ("problems_reported", "problems_reported_step"),
                          ("problems_resolved", "problems_resolved_step")):
        # week 0 has no weekly count (NaN): the totals start from 0 there
        np.testing.assert_array_equal(frame[total].to_numpy(), np.cumsum(frame[weekly].fillna(0).to_numpy()), err_msg=total)
        assert frame[total].iloc[0] == 0 and np.isnan(frame[weekly].iloc[0]), total
    assert np.all(frame["problems_reported"] + frame["problems_discovered"] <= frame["problems_arisen"])


def run_checked(parameters: Parameters, seed: int, steps: int) -> tuple[CoGovernanceModel, pd.DataFrame]:
    model = CoGovernanceModel(rng=seed, parameters=parameters)
    check_state(model)
    for _ in range(steps):
        model.step()
        check_state(model)
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == steps + 1
    check_series(frame)
    return model, frame


@SETTINGS
@given(parameters=valid_parameters(), seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 20))
def test_invariants_hold_for_any_valid_parameters(parameters, seed, steps):
    run_checked(parameters, seed, steps)


@SETTINGS
@given(parameters=valid_parameters(p_give_up_week=0.0), seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 20))
def test_without_giving_up_every_problem_is_resolved_or_open(parameters, seed, steps):
    model, frame = run_checked(parameters, seed, steps)
    np.testing.assert_array_equal(frame["problems_arisen"], frame["problems_resolved"] + frame["backlog"])
    assert frame["problems_withdrawn"].max() == 0


@settings(max_examples=15, deadline=None, database=None, derandomize=True)
@given(parameters=valid_parameters(), seed=st.integers(0, 2**32 - 1))
def test_problem_records_are_chronological(parameters, seed):
    model, _ = run_checked(parameters, seed, 15)
    table = model.problem_table()
    for later, earlier in (("known_step", "arisen_step"), ("dispatched_step", "known_step"),
                           ("resolved_step", "arisen_step"), ("withdrawn_step", "arisen_step")):
        happened = table[later] != NOT_YET
        assert np.all(table.loc[happened, later] >= table.loc[happened, earlier]), later
    assert np.all(table.loc[table["dispatched_step"] != NOT_YET, "known_step"] != NOT_YET)
    assert not np.any((table["resolved_step"] != NOT_YET) & (table["withdrawn_step"] != NOT_YET))


def test_default_community_conserves_problems_over_two_years():
    """The same checks on the default 40 x 40 community for 104 weeks (one fixed seed)."""
    run_checked(Parameters(), seed=12345, steps=104)
