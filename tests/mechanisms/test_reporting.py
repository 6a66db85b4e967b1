"""Residents report with a probability rising in efficacy, trust and a platform; grid patrols discover the rest."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import QUIET_RESIDENTS, give_core_time

from sim.model.mechanisms import reporting
from sim.model.mechanisms.reporting import report_probability
from sim.model.problems import NOT_YET


def test_report_probability_rises_with_efficacy_trust_and_platform(make_model):
    model = make_model()
    h = model.households
    everyone = np.arange(h.count)
    h.trust[:] = 0.5
    h.efficacy = np.linspace(0, 1, h.count)
    assert np.all(np.diff(report_probability(model, everyone)) > 0)
    h.efficacy[:] = 0.5
    h.trust = np.linspace(0, 1, h.count)
    assert np.all(np.diff(report_probability(model, everyone)) > 0)
    with_platform = make_model(digital_platform=True)
    with_platform.households.efficacy[:] = h.efficacy
    with_platform.households.trust[:] = h.trust
    assert np.all(report_probability(with_platform, everyone) > report_probability(model, everyone))


def test_confident_residents_report_more(make_model, add_problems):
    model = make_model(patrol_intensity=0.0)
    give_core_time(model, 100.0)
    h = model.households
    confident = np.arange(h.count) % 2 == 0
    h.efficacy = np.where(confident, 1.0, 0.0)
    h.trust = np.where(confident, 1.0, 0.0)
    ids = add_problems(model, np.repeat(np.arange(h.count), 10))
    reporting.report_and_patrol(model, 1)
    book = model.problems
    reported = book.known_step[ids] == 1
    np.testing.assert_array_equal(book.reported_by_resident[ids], reported)
    share_confident = reported[confident[book.household[ids]]].mean()
    share_doubtful = reported[~confident[book.household[ids]]].mean()
    assert share_confident > 0.6 and share_doubtful < 0.15
    assert model.flows.current["reported"] == reported.sum() == h.reports_made.sum()
    assert model.flows.current["discovered"] == 0  # no patrols


def test_patrols_discover_unreported_problems_and_cost_the_core(make_model, add_problems):
    model = make_model(patrol_intensity=1.0, p_patrol_discovery=1.0, grid_worker_households=10000.0, **QUIET_RESIDENTS)
    core = give_core_time(model, 50.0)
    model.pending_paperwork = 1.5  # last week's hotline paperwork is paid first
    ids = add_problems(model, np.arange(model.households.count))
    reporting.report_and_patrol(model, 1)
    book = model.problems
    assert np.all(book.known_step[ids] == 1)
    assert not book.reported_by_resident[ids].any()
    assert model.flows.current["discovered"] == len(ids) and model.flows.current["reported"] == 0
    assert not book.in_core_queue[ids].any()  # a discovered problem goes to its first responder, not to the core
    patrol_cost = model.p.patrol_effort_per_1000 * model.households.count / 1000
    assert core.left == pytest.approx(50.0 - 1.5 - patrol_cost)
    assert model.pending_paperwork == 0.0

    no_patrol = make_model(patrol_intensity=0.0, p_patrol_discovery=1.0, **QUIET_RESIDENTS)
    give_core_time(no_patrol, 50.0)
    ids = add_problems(no_patrol, np.arange(no_patrol.households.count))
    reporting.report_and_patrol(no_patrol, 1)
    assert np.all(no_patrol.problems.known_step[ids] == NOT_YET)

    # A core with no time left cannot patrol.
    no_staff = make_model(patrol_intensity=1.0, p_patrol_discovery=1.0, grid_worker_households=10000.0,
                          **QUIET_RESIDENTS)
    give_core_time(no_staff, 0.0)
    ids = add_problems(no_staff, np.arange(no_staff.households.count))
    reporting.report_and_patrol(no_staff, 1)
    assert np.all(no_staff.problems.known_step[ids] == NOT_YET)


def test_patrols_whistle_up_neglected_problems_not_yet_escalated(make_model, add_problems):
    model = make_model(patrol_intensity=1.0, p_patrol_discovery=1.0, grid_worker_households=10000.0, **QUIET_RESIDENTS)
    give_core_time(model, 50.0)
    neglected = add_problems(model, [0, 1], known_step=1)
    escalated = add_problems(model, [2], known_step=1)
    fresh = add_problems(model, [3], known_step=1)
    book = model.problems
    book.neglected[np.concatenate([neglected, escalated])] = True
    book.escalated_step[escalated] = 2  # pushed up already (a complaint): not whistled again
    reporting.report_and_patrol(model, 5)
    assert book.in_core_queue[neglected].all() and np.all(book.escalated_step[neglected] == 5)
    assert book.escalated_step[escalated[0]] == 2 and not book.in_core_queue[escalated[0]]
    assert not book.in_core_queue[fresh[0]] and book.escalated_step[fresh[0]] == NOT_YET
    assert model.flows.current["whistles"] == 2 and model.pending_paperwork == 0.0  # no hotline paperwork
    assert model.flows.current["complaints"].sum() == 0


def _discovered_share(make_model, add_problems, per_household: int = 8, **parameters) -> tuple[float, float]:
    """Share of unreported problems one patrol week discovers, and the rule's expected share."""
    model = make_model(width=40, height=40, **QUIET_RESIDENTS, **parameters)
    give_core_time(model, 1e6)
    h, p = model.households, model.p
    ids = add_problems(model, np.repeat(np.arange(h.count), per_household))
    reporting.report_and_patrol(model, 1)
    found = model.problems.known_step[ids] == 1
    rate = p.p_patrol_discovery * p.patrol_intensity * p.grid_worker_households / model.households_per_zone[h.zone]
    expected = np.repeat(-np.expm1(-rate), per_household)
    return float(found.mean()), float(expected.mean())


def test_patrol_coverage_follows_one_minus_exp_of_the_rate(make_model, add_problems):
    for zone in (10, 20, 40):
        share, expected = _discovered_share(make_model, add_problems, zone_size_cells=zone, patrol_intensity=0.5)
        assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / 12000)


@pytest.mark.parametrize("zone", [10, 20, 40])
def test_patrol_discovery_rises_with_intensity_and_grid_workers_at_every_zone_size(make_model, add_problems, zone):
    defaults = _discovered_share(make_model, add_problems, zone_size_cells=zone)[0]
    more_patrols = _discovered_share(make_model, add_problems, zone_size_cells=zone, patrol_intensity=0.4)[0]
    more_workers = _discovered_share(make_model, add_problems, zone_size_cells=zone, grid_worker_households=800.0)[0]
    # Doubling either nearly doubles the discoveries (1 - exp(-x) is near-linear below saturation).
    assert more_patrols > 1.5 * defaults > 0
    assert more_workers > 1.5 * defaults


def test_patrol_coverage_does_not_saturate_at_the_defaults(make_model, add_problems):
    share, _ = _discovered_share(make_model, add_problems)
    doubled, _ = _discovered_share(make_model, add_problems, patrol_intensity=0.4)
    assert share < 0.5
    assert doubled > 1.6 * share  # close to proportional: far from a cap
