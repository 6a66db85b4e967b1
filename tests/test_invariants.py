"""Invariants that hold for every valid parameter set, checked with hypothesis.

Parameters are drawn from the registry's own bounds (:data:`sim.parameters.REGISTRY`), with the
grid kept small (5-15 cells a side), the burn-in short (0-6 weeks, so that most runs cross it)
and runs short (at most 20 weeks) so the search stays fast. Checked at every step: every problem
that ever arose, in the burn-in or after it, is exactly one of resolved, gone unresolved (given up,
coped alone, shelved) or open; the weekly flows add up to the problem records and the cumulative
outcomes (from week 0) to the records of the weeks after the burn-in; no budget, capacity or fund
goes negative; every windowed rate lies in [0, 1] and is NaN exactly when its window's denominator is zero; the records
are chronological and follow the rules of channels, dispatch, escalation and exits. The default
community is checked over two years after its full burn-in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model import CoGovernanceModel
from sim.model.households import RETIRED, WORKING, YOUNG
from sim.model.outcomes import OUTCOMES, WEEKLY_OUTCOMES
from sim.model.problems import (
    BY_NOBODY,
    BY_VOLUNTEERS,
    COPED_ALONE,
    CROSS_ACTOR,
    EXIT_REASONS,
    GIVEN_UP,
    GOVERNANCE,
    NOT_YET,
    REPAIR,
    RESOLVERS,
    SERVICES,
    SHELVED,
    STILL_OPEN,
)
from sim.parameters import CATEGORY_KEYS, EVERYDAY_KEYS, REGISTRY, Parameters

#: Narrower ranges where the registry's would make runs slow or the parameter meaningless in 20 weeks.
NARROW = {
    "width": (5, 15),
    "height": (5, 15),
    "building_size_cells": (1, 15),
    "zone_size_cells": (2, 15),
    "compound_width_buildings": (1, 5),
    "compound_height_buildings": (1, 5),
    "burn_in_weeks": (0, 6),
    "shock_week": (0, 20),
    "shock_duration_weeks": (1, 20),
    "reform_start_week": (0, 20),
    "meeting_interval_steps": (0, 12),
    "approval_wait_weeks": (0, 30),
    "agent_data_interval_steps": (0, 6),
}
SHARES = {"share_young", "share_retired", *(f"share_{c}" for c in EVERYDAY_KEYS)}
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
    weights = np.array(draw(st.lists(st.floats(0, 1), min_size=len(EVERYDAY_KEYS), max_size=len(EVERYDAY_KEYS))))
    if weights.sum() <= 1e-3:
        weights = np.ones(len(EVERYDAY_KEYS))
    shares = weights / weights.sum()
    shares[-1] = max(0.0, 1.0 - shares[:-1].sum())
    values.update({f"share_{c}": float(s) for c, s in zip(EVERYDAY_KEYS, shares, strict=True)})
    values.update(fixed)
    return Parameters(**values)


def _nan_iff_zero(value: float, denominator: float, name: str, upper: float = 1.0) -> None:
    if denominator > 0:
        assert not np.isnan(value), f"{name} is NaN although its denominator is {denominator}"
        assert -EPS <= value <= upper + EPS, f"{name} = {value} is outside [0, {upper}]"
    else:
        assert np.isnan(value), f"{name} = {value} although its denominator is 0"


def _count(values: np.ndarray, width: int) -> np.ndarray:
    return np.bincount(values.astype(np.int64), minlength=width)


def check_state(model: CoGovernanceModel) -> None:
    """Invariants of the model's state after a step (or after the burn-in, at week 0)."""
    o, h, book, flows, p = model.outcomes, model.households, model.problems, model.flows, model.p
    week = model.steps
    category = book.column("category")
    resolved = book.column("resolved_step") != NOT_YET
    gone = book.column("exit_step") != NOT_YET
    known = book.column("known_step") != NOT_YET
    by_resident = book.column("reported_by_resident")

    # Conservation over the whole run, burn-in included: each problem is resolved, gone or open, exactly one.
    assert flows.rows == p.burn_in_weeks + week
    assert not np.any(resolved & gone)
    is_open = np.zeros(len(book), dtype=bool)
    is_open[book.open_ids] = True
    np.testing.assert_array_equal(is_open, ~resolved & ~gone)
    assert o["backlog"] == len(book.open_ids) == len(np.unique(book.open_ids))
    assert o["open_cross_actor_works"] == int((is_open & (category == CROSS_ACTOR)).sum())
    assert o["core_queue"] == int(book.column("in_core_queue").sum())

    # Every committed week's flows, burn-in included, add up to the problem records.
    def every(name: str) -> np.ndarray:
        return flows.series(name).sum(axis=0)

    n_categories = len(CATEGORY_KEYS)
    np.testing.assert_array_equal(every("arisen"), _count(category, n_categories))
    np.testing.assert_array_equal(every("resolved"), _count(category[resolved], n_categories))
    np.testing.assert_array_equal(every("left"), _count(category[gone], n_categories))
    np.testing.assert_array_equal(every("exits"), _count(book.column("exit_reason")[gone], len(EXIT_REASONS)))
    np.testing.assert_array_equal(every("resolved_by"), _count(book.column("resolved_by")[resolved], len(RESOLVERS)))
    assert every("exits")[STILL_OPEN] == 0 and every("resolved_by")[BY_NOBODY] == 0
    assert every("reported")[0] == by_resident.sum() and every("reported")[0] + every("discovered")[0] == known.sum()
    # The totals are the weeks after the burn-in.
    for name, total in flows.totals.items():
        np.testing.assert_allclose(total, flows.series(name)[p.burn_in_weeks :].sum(axis=0), err_msg=name)

    # Cumulative outcomes count what happened from week 1 on (week 0 is the burn-in's last week).
    after = {name: book.column(name) > 0 for name in ("arisen_step", "known_step", "resolved_step", "exit_step")}
    assert o["problems_arisen"] == after["arisen_step"].sum() == flows.totals["arisen"].sum()
    assert o["problems_resolved"] == after["resolved_step"].sum()
    assert o["problems_withdrawn"] == after["exit_step"].sum()
    reasons = book.column("exit_reason")[after["exit_step"]]
    by_reason = (("problems_given_up", GIVEN_UP), ("problems_coped_alone", COPED_ALONE), ("problems_shelved", SHELVED))
    for name, reason in by_reason:
        assert o[name] == (reasons == reason).sum(), name
    assert o["problems_reported"] == (by_resident & after["known_step"]).sum()
    assert o["problems_discovered"] == (~by_resident & after["known_step"]).sum()
    resolvers = book.column("resolved_by")[after["resolved_step"]]
    for who, name in enumerate(RESOLVERS):
        if name != "nobody":
            assert o[f"problems_resolved_by_{name}"] == (resolvers == who).sum(), name

    # Nothing negative; money and effort never exceed what a problem needs.
    assert np.all(model.actor_budget >= -EPS), model.actor_budget
    assert np.all(model.actor_capacity >= -EPS), model.actor_capacity
    assert np.all(model.firm_staff >= -EPS) and model.pending_paperwork >= -EPS
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
    assert np.all(book.column("pool_money") <= book.column("money_funded") + 1e-6)

    # Beliefs stay in [0, 1].
    for name in ("efficacy", "trust", "satisfaction"):
        values = getattr(h, name)
        assert np.all((values >= -EPS) & (values <= 1 + EPS)), name

    # Windowed rates: in [0, 1], NaN exactly when the window holds nothing to divide by.
    weeks = p.outcome_window_weeks
    span = min(weeks, flows.rows)
    arisen, resolved_w = flows.window("arisen", weeks), flows.window("resolved", weeks)
    closed = resolved_w + flows.window("left", weeks)
    by_whom = flows.window("resolved_by", weeks)
    # The report rate and the unreported share describe the cohort of problems that arose in the window.
    _nan_iff_zero(o["report_rate"], arisen.sum(), "report_rate")
    _nan_iff_zero(o["unreported_share"], arisen.sum(), "unreported_share")
    _nan_iff_zero(o["resolution_rate"], closed.sum(), "resolution_rate")
    _nan_iff_zero(o["governance_resolution_rate"], closed.sum(), "governance_resolution_rate")
    _nan_iff_zero(o["cross_actor_resolution_rate"], closed[CROSS_ACTOR], "cross_actor_resolution_rate")
    for i, key in enumerate(CATEGORY_KEYS[:-1]):
        _nan_iff_zero(o[f"resolution_rate_{key}"], closed[i], f"resolution_rate_{key}")
    _nan_iff_zero(o["self_help_share"], by_whom.sum(), "self_help_share")
    _nan_iff_zero(o["late_intake_share"], flows.window("taken_in", weeks)[0], "late_intake_share")
    totals = flows.totals
    closed_since_week_0 = totals["resolved"].sum() + totals["left"].sum()
    _nan_iff_zero(o["resolution_rate_cumulative"], closed_since_week_0, "resolution_rate_cumulative")
    groups = {
        "participation_rate": np.ones(h.count, dtype=bool),
        "participation_rate_young": h.age_group == YOUNG,
        "participation_rate_working": h.age_group == WORKING,
        "participation_rate_retired": h.age_group == RETIRED,
        "participation_rate_party": h.party,
        "participation_rate_non_party": ~h.party,
    }
    for name, members in groups.items():
        _nan_iff_zero(o[name], span * members.sum(), name)
    _nan_iff_zero(o["party_reach"], h.count if flows.rows else 0, "party_reach")
    _nan_iff_zero(o["committee_legitimacy"], o["owners_committees"], "committee_legitimacy")
    for name in ("mean_efficacy", "mean_trust", "satisfaction"):
        _nan_iff_zero(o[name], h.count, name)
    _nan_iff_zero(o["firm_effort_share"], 0 if week_zero else flows.rows, "firm_effort_share")
    assert -EPS <= o["firm_staffing"] <= 1 + EPS, o["firm_staffing"]
    if resolved_w.sum():
        assert o["money_spent_per_resolved"] >= 0
    else:
        assert np.isnan(o["money_spent_per_resolved"])
    arisen_step = book.column("arisen_step")
    cohort = (arisen_step > week - weeks) & (arisen_step <= week)
    if cohort.any():  # Kaplan-Meier over the window's cohort: a restricted mean at most the window long
        assert -EPS <= o["mean_weeks_to_resolution"] <= weeks + EPS
        assert np.isnan(o["median_weeks_to_resolution"]) or 0 <= o["median_weeks_to_resolution"] <= weeks
    else:
        assert np.isnan(o["mean_weeks_to_resolution"]) and np.isnan(o["median_weeks_to_resolution"])
    if span:
        assert o["hotline_complaints"] == flows.window("complaints", weeks).sum() / span >= 0
    else:
        assert np.isnan(o["hotline_complaints"])
    if not np.isnan(o["complaint_concentration"]):
        assert -EPS <= o["complaint_concentration"] <= 1 + EPS
    if closed.sum():
        assert o["resolution_rate"] == resolved_w.sum() / closed.sum()
        assert o["governance_resolution_rate"] == by_whom[list(GOVERNANCE)].sum() / closed.sum()
        assert o["governance_resolution_rate"] <= o["resolution_rate"] + EPS
    if arisen.sum():
        t = int(model.time)
        arisen_step = book.column("arisen_step")
        cohort = (arisen_step > t - weeks) & (arisen_step <= t)
        assert cohort.sum() == arisen.sum()
        assert o["report_rate"] == (cohort & book.column("reported_by_resident")).sum() / cohort.sum()
        assert o["unreported_share"] == (cohort & (book.column("known_step") == NOT_YET)).sum() / cohort.sum()
        assert o["report_rate"] + o["unreported_share"] <= 1 + EPS


def check_series(frame: pd.DataFrame) -> None:
    """Invariants across the time series: cumulative counts start at week 0, agree with per-week
    counts, and conserve the problems open at week 0 plus those arisen since."""
    assert list(frame.columns) == list(OUTCOMES)
    cumulative = ("problems_arisen", "problems_reported", "problems_discovered", "problems_resolved",
                  "problems_withdrawn", "problems_given_up", "problems_coped_alone", "problems_shelved",
                  "meetings_held",
                  *(f"problems_resolved_by_{who}" for who in RESOLVERS if who != "nobody"))
    for name in cumulative:
        assert frame[name].iloc[0] == 0, f"{name} does not start at 0 at week 0"
        assert np.all(np.diff(frame[name].to_numpy()) >= 0), f"{name} decreased"
    for total, weekly in (("problems_arisen", "problems_arisen_step"), ("problems_reported", "problems_reported_step"),
                          ("problems_resolved", "problems_resolved_step")):
        # Row 0 is where the record starts: no weekly count yet (NaN), the totals are 0.
        assert frame[total].iloc[0] == 0 and np.isnan(frame[weekly].iloc[0]), total
        since = frame[total].to_numpy()[1:]
        np.testing.assert_array_equal(since, np.cumsum(frame[weekly].to_numpy()[1:]), err_msg=total)
    by_reason = frame["problems_given_up"] + frame["problems_coped_alone"] + frame["problems_shelved"]
    np.testing.assert_array_equal(frame["problems_withdrawn"], by_reason)
    # Conservation across the end of the burn-in: open at week 0 + arisen since = resolved + gone + open now.
    open_at_start = frame["backlog"].iloc[0]
    np.testing.assert_array_equal(open_at_start + frame["problems_arisen"],
                                  frame["problems_resolved"] + frame["problems_withdrawn"] + frame["backlog"])
    # Only problems open at week 0 or arisen since can be reported or discovered from week 1 on.
    assert np.all(frame["problems_reported"] + frame["problems_discovered"] <= frame["problems_arisen"] + open_at_start)


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
@given(parameters=valid_parameters(p_give_up_week=0.0, p_major_work_shelved_week=0.0), seed=st.integers(0, 2**32 - 1),
       steps=st.integers(1, 20))
def test_without_giving_up_every_problem_is_resolved_or_open(parameters, seed, steps):
    """Without households giving up or owners shelving, no problem ever leaves unresolved, in the burn-in or after."""
    model, frame = run_checked(parameters, seed, steps)
    open_at_start = frame["backlog"].iloc[0]
    in_books = open_at_start + frame["problems_arisen"]
    np.testing.assert_array_equal(in_books, frame["problems_resolved"] + frame["backlog"])
    assert frame["problems_withdrawn"].max() == 0
    assert np.all(model.problems.column("exit_step") == NOT_YET)
    assert np.all(model.problems.column("exit_reason") == STILL_OPEN)


@settings(max_examples=15, deadline=None, database=None, derandomize=True)
@given(parameters=valid_parameters(), seed=st.integers(0, 2**32 - 1))
def test_problem_records_are_chronological(parameters, seed):
    """Each record's weeks come in order (burn-in weeks negative), and follow the rules of the mechanisms."""
    model, _ = run_checked(parameters, seed, 15)
    table = model.problem_table()
    first_week, last_week = 1 - parameters.burn_in_weeks, model.steps
    assert table["arisen_step"].between(first_week, last_week).all()
    order = (("known_step", "arisen_step"), ("assigned_step", "known_step"), ("escalated_step", "known_step"),
             ("approval_step", "assigned_step"), ("resolved_step", "arisen_step"), ("exit_step", "arisen_step"))
    for later, earlier in order:
        happened = table[later] != NOT_YET
        assert np.all(table.loc[happened, later] >= table.loc[happened, earlier]), later
    assert np.all(table.loc[table["assigned_step"] != NOT_YET, "known_step"] != NOT_YET)
    resolved, gone = table["resolved_step"] != NOT_YET, table["exit_step"] != NOT_YET
    assert not np.any(resolved & gone)
    np.testing.assert_array_equal(table["resolved_by"] != "nobody", resolved)
    np.testing.assert_array_equal(table["exit_reason"] != "open", gone)
    # What the governance system resolves has reached its actor first; volunteers need no channel.
    governance = resolved & (table["resolved_by"] != RESOLVERS[BY_VOLUNTEERS])
    assert np.all(table.loc[governance, "assigned_step"] != NOT_YET)
    assert np.all(table.loc[governance, "resolved_step"] >= table.loc[governance, "assigned_step"])
    built = table["resolved_by"] == "contractors"
    assert np.all(table.loc[built, "category"] == "cross_actor")
    # Exits: only major works are shelved; only a repair or care need of a household that can pay is coped with alone.
    major = table["category"] == "cross_actor"
    assert np.all(major[table["exit_reason"] == "shelved"])
    assert not np.any(major[table["exit_reason"].isin(["given_up", "coped_alone"])])
    coped = table["exit_reason"] == "coped_alone"
    assert table.loc[coped, "category"].isin([CATEGORY_KEYS[REPAIR], CATEGORY_KEYS[SERVICES]]).all()
    assert not np.any(model.households.low_income[table.loc[coped, "household"]])
    # Gone problems were untouched; given-up and coped-alone ones were neglected first.
    assert np.all(table.loc[gone, "effort_done"] == 0)
    assert table.loc[table["exit_reason"].isin(["given_up", "coped_alone"]), "neglected"].all()
    # The core's queue, complaints and supervision (督办).
    assert not np.any(table["in_core_queue"] & (resolved | gone))
    assert np.all(table.loc[table["supervised"] | (table["complaints"] > 0), "escalated_step"] != NOT_YET)
    assert np.all(table.loc[table["co_funded"], "category"] == "cross_actor")
    everyday_queued = table["in_core_queue"] & ~major
    assert np.all(table.loc[everyday_queued, "escalated_step"] != NOT_YET)  # everyday problems come only escalated


def test_default_community_conserves_problems_over_two_years():
    """The same checks on the default 40 x 40 community, across its full default burn-in and 104 weeks (one seed)."""
    parameters = Parameters()
    assert parameters.burn_in_weeks == REGISTRY["burn_in_weeks"].default > 104
    model, frame = run_checked(parameters, seed=12345, steps=104)
    assert model.problems.column("arisen_step").min() < 0 and frame["backlog"].iloc[0] > 0  # burn-in problems open
    assert frame["problems_withdrawn"].iloc[-1] > 0 and frame["problems_resolved"].iloc[-1] > 0
