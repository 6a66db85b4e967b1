"""Common random numbers: the same seed gives the same community and the same problems under every lever.

Each process draws from its own stream (:mod:`sim.model.streams`), so a lever changes only what
happens to the problems, never which problems arise, who the households are or where the
organisations stand.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from sim.model import CoGovernanceModel

SEED = 7
WEEKS = 30
SIZE = {"width": 20, "height": 20}
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
    # The aspiration rule's initial propensity is the logistic probability, which includes the incentive.
    derived = {"propensity"} if "volunteer_incentive" in setting else set()
    for name, values in reference["households"].items():
        if name not in derived:
            np.testing.assert_array_equal(set_up["households"][name], values, err_msg=name)
    np.testing.assert_array_equal(set_up["condition"], reference["condition"])
    for mine, theirs in zip(set_up["members"], reference["members"], strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert set_up["firms_and_committees"] == reference["firms_and_committees"]


@pytest.mark.parametrize("setting", [s for s in SETTINGS if "social_organisations" not in s], ids=_describe)
def test_same_seed_same_organisations_under_every_lever(baseline, setting):
    _, set_up, _ = _community(**setting)
    assert set_up["organisations"] == baseline[1]["organisations"]


ORGANISATION_STREAM_BUG = (
    "CoGovernanceModel._create_organisations draws permutation(social_organisations) from the organisations stream "
    "before it draws the organisations' cells and the committees' embedding order, so the number of social "
    "organisations shifts every later draw of that stream"
)


@pytest.mark.xfail(strict=True, reason=ORGANISATION_STREAM_BUG + ": the shared organisations move to other cells")
@pytest.mark.parametrize("count", [2, 8])
def test_more_or_fewer_social_organisations_leave_the_shared_ones_in_place(baseline, count):
    _, set_up, _ = _community(social_organisations=count)
    reference_model, reference, _ = baseline
    shared = min(count, reference_model.p.social_organisations)
    mine = [o for o in set_up["organisations"] if o[0] == "SocialOrganisation"][:shared]
    theirs = [o for o in reference["organisations"] if o[0] == "SocialOrganisation"][:shared]
    assert mine == theirs


@pytest.mark.xfail(strict=True, reason=ORGANISATION_STREAM_BUG + ": committees take embedded posts in another order")
@pytest.mark.parametrize("count", [2, 8])
def test_the_number_of_social_organisations_leaves_the_committees_embedding_order(baseline, count):
    model, _, _ = _community(social_organisations=count)
    reference_model = baseline[0]
    assert len(reference_model.committee_of_compound) >= 2  # an order to compare
    np.testing.assert_array_equal(model.actor_orders[1], reference_model.actor_orders[1])


def test_different_seeds_give_different_problems(baseline):
    first = baseline[2]
    other = CoGovernanceModel(rng=SEED + 1, **SIZE)
    for _ in range(WEEKS):
        other.step()
    assert not np.array_equal(other.problems.column("household")[:50], first["household"][:50])
