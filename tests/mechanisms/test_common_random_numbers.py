"""Common random numbers: the same seed gives the same community and the same problems under every lever.

Each process draws from its own stream (:mod:`sim.model.streams`), so a lever changes only what
happens to the problems, never which problems arise, who the households are or where the
organisations stand.
"""

from __future__ import annotations

import dataclasses
import functools

import mesa
import numpy as np
import pytest

from sim.model import REFORM_LEVERS, CoGovernanceModel

pytestmark = pytest.mark.mesa  # Mesa-facing: Mesa's deprecation warnings are errors (tests/conftest.py)

SEED = 7
WEEKS = 30
SIZE = {"width": 20, "height": 20, "burn_in_weeks": 26}
#: Household attributes that define the community (the rest is state that evolves during the burn-in).
STATIC = ("x", "y", "building", "compound", "zone", "age_group", "low_income", "time_availability", "party",
          "threshold", "patience_weeks", "occupied_neighbours")
PROBLEM_COLUMNS = ("category", "household", "building", "compound", "effort_needed", "money_needed", "arisen_step",
                   "patience_weeks", "route_draw")
SETTINGS = [
    {"empowerment": 1.0},
    {"pooling": 1.0},
    {"embedding": 1.0},
    {"embedding": 0.5},
    {"meeting_interval_steps": 1},
    {"meeting_interval_steps": 4, "core_staff_per_1000": 40.0},
    {"formalism": 0.9},
    {"social_organisations": 0},
    {"social_organisations": 8},
    {"volunteer_incentive": 0.5},
    {"digital_platform": True},
    {"empowerment": 1.0, "pooling": 0.8, "embedding": 1.0, "meeting_interval_steps": 4, "reform_start_week": 10},
]


def _describe(setting: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in setting.items())


def _organisations(model, kinds=None):
    return [
        (type(a).__name__, getattr(a, "compound", None), getattr(a, "domain", None), a.cell.coordinate)
        for a in model.organisation_agents
        if kinds is None or type(a).__name__ in kinds
    ]


def _community(**setting):
    """Set-up households and organisations, then the problems of WEEKS weeks (one run per setting)."""
    return _run(tuple(sorted(setting.items())))


@functools.cache
def _run(setting: tuple):
    model = CoGovernanceModel(rng=SEED, **SIZE, **dict(setting))
    households = {f.name: getattr(model.households, f.name).copy() for f in dataclasses.fields(model.households)}
    set_up = {
        "households": households,
        "condition": model.compound_condition.copy(),
        "organisations": _organisations(model),
        "firms_and_committees": _organisations(model, {"PropertyFirm", "OwnersCommittee"}),
        "members": (model.member_household.copy(), model.member_building.copy()),
    }
    for _ in range(WEEKS):
        model.step()
    problems = {c: model.problems.column(c).copy() for c in PROBLEM_COLUMNS}
    return model, set_up, problems


@pytest.fixture(scope="module")
def baseline():
    return _community()


@pytest.mark.parametrize("setting", SETTINGS, ids=_describe)
def test_same_seed_same_problem_arrivals_under_every_lever(baseline, setting):
    _, _, problems = _community(**setting)
    _, _, reference = baseline
    assert len(reference["category"]) > 100
    for column in PROBLEM_COLUMNS:
        np.testing.assert_array_equal(problems[column], reference[column], err_msg=column)


@pytest.mark.parametrize("setting", SETTINGS, ids=_describe)
def test_same_seed_same_households_members_and_firms_under_every_lever(baseline, setting):
    _, set_up, _ = _community(**setting)
    _, reference, _ = baseline
    for name in STATIC:
        np.testing.assert_array_equal(set_up["households"][name], reference["households"][name], err_msg=name)
    np.testing.assert_array_equal(set_up["condition"], reference["condition"])
    for mine, theirs in zip(set_up["members"], reference["members"], strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert set_up["firms_and_committees"] == reference["firms_and_committees"]


@pytest.mark.parametrize("setting", [s for s in SETTINGS if set(s) <= {*REFORM_LEVERS, "reform_start_week"}], ids=_describe)
def test_every_lever_setting_starts_from_the_same_burned_in_community(baseline, setting):
    """Levers act from week 0: the burn-in, and so every household's state at week 0, is the same under all of them."""
    _, set_up, _ = _community(**setting)
    _, reference, _ = baseline
    for name, values in reference["households"].items():
        np.testing.assert_array_equal(set_up["households"][name], values, err_msg=name)


@pytest.mark.parametrize("setting", SETTINGS, ids=_describe)
def test_same_seed_same_organisations_under_every_lever(baseline, setting):
    """Firms, committees and every social organisation present in both runs: same kind, compound, domain, cell."""
    model, set_up, _ = _community(**setting)
    reference_model, reference, _ = baseline
    shared = min(model.p.social_organisations, reference_model.p.social_organisations)
    kept = len(reference["firms_and_committees"]) + shared
    assert set_up["organisations"][:kept] == reference["organisations"][:kept]
    if model.p.social_organisations == reference_model.p.social_organisations:
        assert set_up["organisations"] == reference["organisations"]


@pytest.mark.parametrize("count", [0, 2, 8])
def test_the_number_of_social_organisations_leaves_the_embedding_orders_of_the_others(count):
    # committees formed under a full push: nearly every compound has one, so there is an order to compare
    model, _, _ = _community(social_organisations=count, committee_formation_push=1.0)
    reference_model, _, _ = _community(committee_formation_push=1.0)
    assert len(reference_model.committee_of_compound) >= 2
    firms, committees, organisations = model.actor_orders
    np.testing.assert_array_equal(firms, reference_model.actor_orders[0])
    np.testing.assert_array_equal(committees, reference_model.actor_orders[1])
    # Organisations keep their relative rank: position o of the list is organisation o in both runs.
    first_id = 1 + model.n_compounds + len(model.committee_of_compound)
    rank = organisations - first_id
    reference_rank = reference_model.actor_orders[2] - first_id
    shared = min(count, reference_model.p.social_organisations)
    np.testing.assert_array_equal(rank[rank < shared], reference_rank[reference_rank < shared])


def test_different_seeds_give_different_problems(baseline):
    first = baseline[2]
    other = CoGovernanceModel(rng=SEED + 1, **SIZE)
    for _ in range(WEEKS):
        other.step()
    assert not np.array_equal(other.problems.column("household")[:50], first["household"][:50])


def test_mesas_own_generators_stay_seeded_and_unused_by_the_mechanisms():
    model = CoGovernanceModel(rng=SEED, width=10, height=10, embedding=1.0, pooling=0.5, meeting_interval_steps=2)
    for _ in range(10):
        model.step()
    fresh = mesa.Model(rng=SEED)
    assert model.rng.random() == fresh.rng.random()
    assert model.random.random() == fresh.random.random()
