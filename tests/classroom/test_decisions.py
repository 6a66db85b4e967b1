"""sim.model.decisions: the week's overrides are plain data, validated against a built model."""

from __future__ import annotations

import pytest

from sim.model.agents import DOMAINS
from sim.model.cogovernance import CoGovernanceModel
from sim.model.decisions import (
    CommitteeChoice,
    CoreChoice,
    FirmChoice,
    MemberChoice,
    OrganisationChoice,
    ResidentChoice,
    WeekDecisions,
)

from .forms import SEED


@pytest.fixture(scope="module")
def model(scenario):
    return CoGovernanceModel(rng=SEED, parameters=scenario.parameters)


def member_and_neighbours(model):
    member = 0
    building = int(model.member_building[member])
    start, count = int(model.building_start[building]), int(model.building_count[building])
    return member, list(range(start, start + count))


def test_empty_decisions_are_empty_and_valid(model):
    assert WeekDecisions().is_empty()
    # Choices that leave every field to the simulation count as empty.
    assert WeekDecisions(residents={0: ResidentChoice()}, core=CoreChoice()).is_empty()
    assert not WeekDecisions(firms={0: FirmChoice(effort=0.5)}).is_empty()
    assert not WeekDecisions(core=CoreChoice(hold_meeting=False)).is_empty()
    WeekDecisions().validate(model)


def test_a_full_valid_week_passes(model):
    member, neighbours = member_and_neighbours(model)
    committee = min(model.committee_of_compound)
    organisation = model.organisations[0].actor_id
    decisions = WeekDecisions(
        residents={0: ResidentChoice(report=True, participate=False, volunteer=True)},
        members={member: MemberChoice(visit=tuple(neighbours[:2]), attend_meeting=True)},
        firms={0: FirmChoice(effort=0.0, join_pool=False), 1: FirmChoice(effort=1.0)},
        committees={committee: CommitteeChoice(approve_works=False, supervise=True)},
        organisations={organisation: OrganisationChoice(domain="mediation")},
        core=CoreChoice(dispatch_priority="cross_actor", hold_meeting=True, pool_priority="repair"),
    )
    assert decisions.problems(model) == []
    assert WeekDecisions.from_dict(decisions.to_dict()) == decisions


@pytest.mark.parametrize(
    ("decisions", "fragment"),
    [
        (lambda m: WeekDecisions(residents={m.households.count: ResidentChoice(report=True)}), "unknown household"),
        (lambda m: WeekDecisions(residents={-1: ResidentChoice()}), "unknown household"),
        (lambda m: WeekDecisions(residents={0: ResidentChoice(report=1)}), "must be true, false or None"),
        (lambda m: WeekDecisions(members={len(m.member_household): MemberChoice()}), "unknown Party member"),
        (lambda m: WeekDecisions(firms={m.n_compounds: FirmChoice()}), "unknown compound"),
        (lambda m: WeekDecisions(firms={0: FirmChoice(effort=1.01)}), "outside the allowed range [0, 1]"),
        (lambda m: WeekDecisions(firms={0: FirmChoice(effort=-0.1)}), "outside the allowed range [0, 1]"),
        (lambda m: WeekDecisions(firms={0: FirmChoice(effort=float("nan"))}), "must be a number from 0 to 1"),
        (lambda m: WeekDecisions(firms={0: FirmChoice(effort="high")}), "must be a number from 0 to 1"),
        (lambda m: WeekDecisions(committees={m.n_compounds + 3: CommitteeChoice()}), "unknown compound"),
        (lambda m: WeekDecisions(organisations={0: OrganisationChoice(domain="care")}), "unknown social organisation"),
        (lambda m: WeekDecisions(organisations={m.organisations[0].actor_id: OrganisationChoice(domain="sports")}), "is not a domain"),
        (lambda m: WeekDecisions(core=CoreChoice(dispatch_priority="roads")), "is not a category"),
        (lambda m: WeekDecisions(core=CoreChoice(pool_priority="everything")), "is not a category"),
        (lambda m: WeekDecisions(firms={0: ResidentChoice()}), "must be a FirmChoice"),
    ],
)
def test_invalid_choices_are_refused_with_a_clear_message(model, decisions, fragment):
    with pytest.raises(ValueError, match="invalid week decisions") as caught:
        decisions(model).validate(model)
    assert fragment in str(caught.value)


def test_a_member_can_only_visit_their_own_building(model):
    member, neighbours = member_and_neighbours(model)
    elsewhere = next(i for i in range(model.households.count) if i not in neighbours)
    problems = WeekDecisions(members={member: MemberChoice(visit=(neighbours[0], elsewhere))}).problems(model)
    assert len(problems) == 1 and "not in the member's building" in problems[0] and str(elsewhere) in problems[0]
    twice = WeekDecisions(members={member: MemberChoice(visit=(neighbours[0], neighbours[0]))}).problems(model)
    assert twice and "listed twice" in twice[0]  # a member calls on a household at most once a week


def test_a_committee_must_exist(model):
    without = next(c for c in range(model.n_compounds) if c not in model.committee_of_compound)
    problems = WeekDecisions(committees={without: CommitteeChoice(approve_works=True)}).problems(model)
    assert problems and "has no owners' committee" in problems[0]


def test_every_domain_is_accepted(model):
    organisation = model.organisations[0].actor_id
    for domain in DOMAINS:
        WeekDecisions(organisations={organisation: OrganisationChoice(domain=domain)}).validate(model)


def test_from_dict_refuses_unknown_fields():
    with pytest.raises(ValueError, match="unknown field"):
        WeekDecisions.from_dict({"firms": {"0": {"effort": 0.5, "bribe": 1}}})
    with pytest.raises(ValueError, match="unknown kind"):
        WeekDecisions.from_dict({"mayor": {}})
