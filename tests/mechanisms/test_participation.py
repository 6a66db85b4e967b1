"""Residents decide whether to take part (logistic, threshold or aspiration rule); members' duties mobilise them;
participants volunteer."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from mechanism_helpers import ACTIVE_MEMBERS
from scipy.special import expit

from sim.model import CoGovernanceModel
from sim.model.decisions import ResidentChoice, WeekDecisions
from sim.model.households import NEVER, RETIRED, WORKING, YOUNG
from sim.model.mechanisms import participation
from sim.model.mechanisms.participation import (
    decide,
    learn_from_action,
    logistic_utility,
    mobilisation,
    neighbour_share,
    party_duty,
)

RULES = ("logistic", "threshold", "aspiration")


def _no_duty(h) -> np.ndarray:
    """No Party member's duty mobilises anyone (for tests of the other terms)."""
    return np.zeros(h.count)


def _uniform_residents(model, efficacy=0.5, trust=0.5, threshold=0.25):
    h = model.households
    h.efficacy[:] = efficacy
    h.trust[:] = trust
    h.threshold[:] = threshold
    h.participating[:] = False
    h.mobilised_until[:] = NEVER
    h.low_income[:] = False


def _uniforms(seed: int, n: int) -> np.ndarray:
    return np.random.default_rng(seed).random(n)


def test_logistic_rule_time_cost_makes_working_age_participate_least(make_model):
    model = make_model(width=30, height=30, participation_rule="logistic")
    _uniform_residents(model)
    h, p = model.households, model.p
    draws = np.mean([decide(h, p, _uniforms(k, h.count), 1, _no_duty(h)) for k in range(40)], axis=0)
    rate = {g: draws[h.age_group == g].mean() for g in (YOUNG, WORKING, RETIRED)}
    assert rate[WORKING] < rate[YOUNG] < rate[RETIRED]
    # The draw follows expit(utility): participate exactly when the uniform is below it.
    expected = expit(logistic_utility(h, p, np.zeros(h.count), np.zeros(h.count, dtype=bool)))
    uniform = _uniforms(99, h.count)
    np.testing.assert_array_equal(decide(h, p, uniform, 1, _no_duty(h)), uniform < expected)
    assert abs(draws.mean() - expected.mean()) < 0.02
    # Without a time cost, age makes no difference.
    no_cost = p.model_copy(update={"weight_time_cost": 0.0})
    utility = logistic_utility(h, no_cost, np.zeros(h.count), np.zeros(h.count, dtype=bool))
    assert np.ptp(utility) == pytest.approx(0.0)


def test_logistic_rule_rises_with_mobilisation_beliefs_neighbours_and_incentive(make_model):
    model = make_model(participation_rule="logistic")
    _uniform_residents(model)
    h, p = model.households, model.p
    share = np.zeros(h.count)
    idle = np.zeros(h.count, dtype=bool)
    base = logistic_utility(h, p, share, idle)
    np.testing.assert_allclose(logistic_utility(h, p, share, ~idle) - base, p.weight_mobilisation)
    np.testing.assert_allclose(logistic_utility(h, p, share + 0.5, idle) - base, 0.5 * p.weight_neighbours)
    incentive = p.model_copy(update={"volunteer_incentive": 0.4, "low_income_incentive_factor": 3.0})
    np.testing.assert_allclose(logistic_utility(h, incentive, share, idle) - base, 0.4 * p.weight_incentive)
    h.low_income[:] = True  # low-income residents value the incentive low_income_incentive_factor times
    np.testing.assert_allclose(logistic_utility(h, incentive, share, idle) - base, 3.0 * 0.4 * p.weight_incentive)
    h.low_income[:] = False
    h.efficacy[:] = 0.9
    np.testing.assert_allclose(logistic_utility(h, p, share, idle) - base, 0.4 * p.weight_efficacy)


def _brute_force_neighbour_share(h):
    cell = {(int(x), int(y)): i for i, (x, y) in enumerate(zip(h.x, h.y, strict=True))}
    share = np.zeros(h.count)
    for i, (x, y) in enumerate(zip(h.x, h.y, strict=True)):
        around = [cell[(x + dx, y + dy)] for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                  if (dx, dy) != (0, 0) and (x + dx, y + dy) in cell]
        share[i] = np.mean(h.participating[around]) if around else 0.0
    return share


def test_neighbour_share_counts_occupied_moore_neighbours(make_model):
    model = make_model(occupancy=0.7)
    h = model.households
    h.participating = np.random.default_rng(1).random(h.count) < 0.4
    np.testing.assert_allclose(neighbour_share(h, 10, 10), _brute_force_neighbour_share(h))


def test_threshold_rule_is_deterministic_and_follows_its_formula(make_model):
    model = make_model(participation_rule="threshold")
    h, p = model.households, model.p
    generator = np.random.default_rng(5)
    h.participating = generator.random(h.count) < 0.4
    h.threshold = generator.random(h.count)
    h.efficacy = generator.random(h.count)
    h.mobilised_until[:] = NEVER
    first = decide(h, p, _uniforms(1, h.count), 3, _no_duty(h))
    second = decide(h, p, _uniforms(2, h.count), 3, _no_duty(h))
    np.testing.assert_array_equal(first, second)
    needed = (p.threshold_rule_scale * h.threshold * (1 + p.threshold_time_cost * (1 - h.time_availability))
              - p.threshold_efficacy_weight * h.efficacy)
    np.testing.assert_array_equal(first, neighbour_share(h, 10, 10) >= needed)
    assert 0 < first.sum() < h.count


def test_threshold_rule_extremes_mobilisation_and_time(make_model):
    model = make_model(participation_rule="threshold", threshold_rule_scale=1.0, threshold_efficacy_weight=0.0,
                       threshold_mobilisation_weight=0.125, threshold_time_cost=1.0)
    h, p = model.households, model.p
    uniform = _uniforms(3, h.count)
    h.mobilised_until[:] = NEVER
    h.time_availability[:] = 1.0
    h.threshold[:] = 0.0
    assert decide(h, p, uniform, 3, _no_duty(h)).all()
    h.threshold[:] = 1.0
    h.participating[:] = False
    assert not decide(h, p, uniform, 3, _no_duty(h)).any()
    # A recent visit counts as threshold_mobilisation_weight of participating neighbours.
    h.threshold[:] = 0.1
    h.mobilised_until[:] = 3
    assert decide(h, p, uniform, 3, _no_duty(h)).all()
    assert not decide(h, p, uniform, 4, _no_duty(h)).any()  # mobilisation over
    # Residents with no free time need (1 + threshold_time_cost) times their threshold.
    h.mobilised_until[:] = NEVER
    h.participating[:] = True
    h.threshold[:] = 0.6
    h.time_availability[:] = 0.0
    assert not decide(h, p, uniform, 3, _no_duty(h)).any()
    h.time_availability[:] = 1.0
    assert decide(h, p, uniform, 3, _no_duty(h)).all()


def test_threshold_rule_efficacy_lowers_the_threshold(make_model):
    model = make_model(participation_rule="threshold", threshold_rule_scale=1.0, threshold_efficacy_weight=0.3)
    h, p = model.households, model.p
    h.participating[:] = False
    h.mobilised_until[:] = NEVER
    h.time_availability[:] = 1.0
    h.threshold[:] = 0.2
    h.efficacy[:] = 0.5
    uniform = _uniforms(3, h.count)
    assert not decide(h, p, uniform, 3, _no_duty(h)).any()  # needs 0.2 - 0.15 > 0 with no one around
    h.efficacy[:] = 0.7
    assert decide(h, p, uniform, 3, _no_duty(h)).all()  # needs 0.2 - 0.21 <= 0


def decide_and_learn(h, p, uniform, step, responsiveness, duty=None):
    """The aspiration rule's week: draw with the propensity, then learn from the action taken."""
    duty = _no_duty(h) if duty is None else duty
    took_part = decide(h, p, uniform, step, duty)
    learn_from_action(h, p, took_part, step, responsiveness, duty)
    return took_part


def test_aspiration_rule_reinforces_rewarded_participation(make_model):
    model = make_model(participation_rule="aspiration", volunteer_incentive=0.0, aspiration_learning_rate=0.2,
                       aspiration_habituation=0.1, aspiration_time_cost=1.0)
    h, p = model.households, model.p
    h.mobilised_until[:] = NEVER
    h.time_availability[:] = 1.0
    h.propensity[:] = 0.5
    h.aspiration[:] = 0.0
    took_part = decide_and_learn(h, p, _uniforms(2, h.count), 1, np.ones(model.n_buildings))
    assert 0 < took_part.sum() < h.count
    # Payoff 1 beats aspiration 0: the propensity moves 20% of the way up; staying out pays 0 = aspiration.
    np.testing.assert_allclose(h.propensity[took_part], 0.5 + 0.2 * 0.5)
    np.testing.assert_allclose(h.propensity[~took_part], 0.5)
    np.testing.assert_allclose(h.aspiration[took_part], 0.1)
    np.testing.assert_allclose(h.aspiration[~took_part], 0.0)

    # A costly, unrewarded participation (payoff -1) lowers the propensity.
    h.propensity[:] = 0.5
    h.aspiration[:] = 0.0
    h.time_availability[:] = 0.0
    took_part = decide_and_learn(h, p, _uniforms(3, h.count), 1, np.zeros(model.n_buildings))
    np.testing.assert_allclose(h.propensity[took_part], 0.5 - 0.2 * 0.5)

    # Participation is drawn with the learned propensity.
    h.propensity[:] = 0.999
    assert decide_and_learn(h, p, _uniforms(4, h.count), 1, np.zeros(model.n_buildings)).mean() > 0.95
    h.propensity[:] = 0.001
    assert decide_and_learn(h, p, _uniforms(4, h.count), 1, np.zeros(model.n_buildings)).mean() < 0.05


def test_aspiration_rule_mobilisation_pays(make_model):
    model = make_model(participation_rule="aspiration", volunteer_incentive=0.0, aspiration_learning_rate=0.2,
                       aspiration_habituation=0.0, aspiration_time_cost=0.0, aspiration_mobilisation_payoff=0.5)
    h, p = model.households, model.p
    h.time_availability[:] = 1.0
    h.propensity[:] = 0.5
    h.aspiration[:] = 0.0
    h.mobilised_until[:] = 1
    took_part = decide_and_learn(h, p, _uniforms(2, h.count), 1, np.zeros(model.n_buildings))
    np.testing.assert_allclose(h.propensity[took_part], 0.5 + 0.2 * 0.5 * 0.5)


def test_aspiration_rule_incentive_pays_aspiration_incentive_payoff_times_the_felt_incentive(make_model):
    model = make_model(participation_rule="aspiration", volunteer_incentive=0.5, aspiration_incentive_payoff=0.4,
                       low_income_incentive_factor=2.0, aspiration_learning_rate=0.2, aspiration_habituation=1.0,
                       aspiration_time_cost=0.0)
    h, p = model.households, model.p
    h.time_availability[:] = 1.0
    h.mobilised_until[:] = NEVER
    h.propensity[:] = 0.5
    h.aspiration[:] = 0.0
    h.low_income[:] = np.arange(h.count) % 2 == 0
    took_part = decide_and_learn(h, p, _uniforms(2, h.count), 1, np.zeros(model.n_buildings))
    assert (took_part & h.low_income).any() and (took_part & ~h.low_income).any()
    # With habituation 1 the aspiration becomes the payoff: 0.4 x 0.5, doubled for low income.
    np.testing.assert_allclose(h.aspiration[took_part], np.where(h.low_income, 0.4, 0.2)[took_part])
    np.testing.assert_allclose(h.aspiration[~took_part], 0.0)


# ====================================================================== Party members' duty
def _members_model(make_model, duty: float, **parameters):
    model = make_model(width=20, height=20, party_member_share=0.3, in_service_members=3, party_duty=duty,
                       social_organisations=0, **{**ACTIVE_MEMBERS, **parameters})
    h = model.households
    _uniform_residents(model, efficacy=0.0, trust=0.5, threshold=0.1)
    h.time_availability[:] = 1.0
    assert h.party.any() and (~h.party).any()
    return model


@pytest.mark.parametrize("duty", [0.0, 1.5])
def test_party_duty_is_each_resident_members_duty_times_effective_activeness(make_model, duty):
    model = _members_model(make_model, duty, party_activeness=0.5, formalism=0.2, embedding_activeness_gain=0.0)
    h = model.households
    own = party_duty(model)
    residents = model.member_household >= 0
    assert (~residents).sum() == 3  # in-service members live elsewhere: no household of theirs here
    np.testing.assert_allclose(own[model.member_household[residents]], duty * 0.5 * 0.8)
    np.testing.assert_array_equal(own[~h.party], 0.0)
    # Mobilisation is a recent visit or activity plus the duty.
    h.mobilised_until[:5] = 3
    np.testing.assert_allclose(mobilisation(h, 3, own), (np.arange(h.count) < 5) + own)


@pytest.mark.parametrize("rule", RULES)
def test_party_duty_raises_members_participation_and_zero_duty_leaves_no_gap(make_model, rule):
    """Residents identical but for membership: members take part more exactly when party_duty > 0."""
    gaps = {}
    for duty in (0.0, 1.0):
        model = _members_model(make_model, duty, participation_rule=rule, threshold_rule_scale=1.0,
                               threshold_efficacy_weight=0.0, threshold_mobilisation_weight=0.125, threshold_time_cost=0.0,
                               aspiration_learning_rate=0.2, aspiration_habituation=0.0, aspiration_time_cost=0.0,
                               aspiration_mobilisation_payoff=0.5, volunteer_incentive=0.0)
        h, p = model.households, model.p
        own = party_duty(model)
        if rule == "logistic":
            chance = expit(logistic_utility(h, p, np.zeros(h.count), mobilisation(h, 1, own)))
            gaps[duty] = chance[h.party].mean() - chance[~h.party].mean()
        elif rule == "threshold":  # nobody around; a duty of 1 counts as 0.125 of participating neighbours >= 0.1
            took_part = decide(h, p, _uniforms(1, h.count), 1, own)
            gaps[duty] = took_part[h.party].mean() - took_part[~h.party].mean()
        else:  # aspiration: the duty pays like mobilisation, so members' propensity to take part rises
            h.propensity[:] = 0.5
            h.aspiration[:] = 0.0
            decide_and_learn(h, p, _uniforms(1, h.count), 1, np.zeros(model.n_buildings), own)
            gaps[duty] = h.propensity[h.party].mean() - h.propensity[~h.party].mean()
    assert gaps[0.0] == pytest.approx(0.0, abs=1e-12)
    assert gaps[1.0] > {"logistic": 0.05, "threshold": 0.99, "aspiration": 0.01}[rule]


def test_party_duty_raises_members_weekly_participation_in_the_participation_phase(make_model):
    """Through participate(): with identical residents and no neighbour effect, members take part more
    than others only when they have a duty (fixed seed; tolerance from the binomial noise)."""
    rates = {}
    for duty in (0.0, 1.0):
        model = _members_model(make_model, duty, participation_rule="logistic", weight_neighbours=0.0)
        h = model.households
        taking_part = np.zeros(h.count)
        for t in range(1, 41):
            participation.participate(model, t)
            taking_part += h.participating
        rates[duty] = (taking_part[h.party].mean() / 40, taking_part[~h.party].mean() / 40)
    members, others = rates[0.0]
    assert abs(members - others) < 0.03
    members_with_duty, others_with_duty = rates[1.0]
    assert members_with_duty - others_with_duty > 0.1
    assert others_with_duty == pytest.approx(others, abs=0.03)  # the duty mobilises members only


def test_participants_give_volunteer_effort_to_their_building(make_model):
    model = make_model(participation_rule="threshold", social_organisations=0, volunteer_effort_per_participant=0.5,
                       volunteer_incentive=0.2)
    h = model.households
    h.threshold[:] = 0.0  # everyone participates
    participation.participate(model, 1)
    assert h.participating.all()
    expected = np.bincount(h.building, weights=h.time_availability * 0.5, minlength=model.n_buildings)
    np.testing.assert_allclose(model.building_volunteer_effort, expected)
    assert model.volunteer_effort == pytest.approx(expected.sum())
    np.testing.assert_allclose(model.compound_participation[model.households_per_compound > 0], 1.0)


def test_volunteering_organisations_add_effort_where_residents_take_part(make_model):
    model = make_model(participation_rule="threshold", social_organisations=4, volunteer_effort_per_participant=0.0)
    h = model.households
    volunteering = [o for o in model.organisations if o.domain == "volunteering"]
    assert len(volunteering) == 1
    h.threshold[:] = 1.0
    h.efficacy[:] = 0.0
    participants = np.flatnonzero(h.building == h.building[0])
    h.mobilised_until[:] = NEVER
    model.households.participating[:] = False
    # Only one building takes part (forced through role-play choices).
    chosen = WeekDecisions(residents={int(i): ResidentChoice(participate=True) for i in participants})
    model.choices.start_week(chosen, None)
    participation.participate(model, 1)
    organised = model.organised_volunteer_capacity()
    assert organised > 0
    assert model.building_volunteer_effort[h.building[0]] == pytest.approx(organised)
    assert model.volunteer_effort == pytest.approx(organised)


def test_one_participation_draw_per_household_whatever_the_rule(make_model):
    states = []
    for rule in RULES:
        model = make_model(participation_rule=rule)
        participation.participate(model, 1)
        states.append(model.streams.participation.bit_generator.state["state"])
    assert states[0] == states[1] == states[2]


@functools.cache
def _settled_year(rule: str, seed: int) -> tuple[np.ndarray, dict[str, float]]:
    """Weekly participation share and outcomes of the first 52 weeks after the default burn-in (40 x 40, status quo)."""
    model = CoGovernanceModel(rng=seed, participation_rule=rule)
    for _ in range(52):
        model.step()
    weekly = model.flows.series("participating")[-52:, 3:].sum(axis=1) / model.households.count  # members + others
    return weekly, dict(model.outcomes)


@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES)
def test_every_rule_gives_plausible_weekly_participation_with_the_age_gradient(rule):
    """Baseline 40 x 40 after the default burn-in, 52 weeks, three seeds: the windowed rate is the mean of
    the weekly shares, no week above 30%, retired residents take part more than working-age ones."""
    for seed in (1, 2, 3):
        weekly, out = _settled_year(rule, seed)
        assert out["participation_rate"] == pytest.approx(weekly.mean())
        assert weekly.min() > 0.0, (rule, seed)
        assert weekly.max() <= 0.30, (rule, seed, weekly.max())
        assert out["participation_rate_retired"] > out["participation_rate_working"], (rule, seed)


ASPIRATION_ABOVE_BAND = (
    "the aspiration rule's registry defaults are not calibrated (Macy 1991; assumptions): after the 520-week "
    "burn-in its reinforcement settles at about 23% weekly participation (retired residents about 63%), above "
    "the survey band; without a burn-in its first year gives about 6%"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "rule",
    ["logistic", "threshold",
     pytest.param("aspiration", marks=pytest.mark.xfail(strict=True, reason=ASPIRATION_ABOVE_BAND))],
)
def test_every_rule_gives_weekly_participation_in_the_survey_band(rule):
    """Baseline 40 x 40 after the default burn-in, 52 weeks, three seeds: 2-20% take part weekly
    (survey band, ODD §6.4). The aspiration rule is a strict expected failure: it misses the band at
    its defaults, and the test fails as soon as it meets it."""
    for seed in (1, 2, 3):
        _, out = _settled_year(rule, seed)
        assert 0.02 <= out["participation_rate"] <= 0.20, (rule, seed, out["participation_rate"])
