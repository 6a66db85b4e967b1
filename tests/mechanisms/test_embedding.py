"""Embedding acts only through Party members who hold posts, and scales with their activeness."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_helpers import FOUR_COMPOUNDS

from sim.model import CoGovernanceModel
from sim.model.agents import CORE
from sim.model.mechanisms import work
from sim.model.mechanisms.embedding import effective_activeness, firm_branch_activeness, post_activeness

NO_MEMBERS = {"party_member_share": 0.0, "in_service_members": 0}


def test_embedding_raises_member_activeness_where_a_building_party_group_forms(make_model):
    parameters = dict(party_activeness=0.2, embedding_activeness_gain=0.5, in_service_members=6,
                      in_service_activeness_factor=0.5)
    flat = make_model(embedding=0.0, **parameters)
    embedded = make_model(embedding=1.0, **parameters)
    residents = int(flat.households.party.sum())
    assert residents > 0
    assert not flat.building_has_party_group.any()
    # Party groups form exactly in the buildings where members live or serve.
    groups = np.flatnonzero(embedded.building_has_party_group)
    np.testing.assert_array_equal(groups, np.unique(embedded.member_building))
    np.testing.assert_allclose(flat.member_activeness[:residents], 0.2)
    np.testing.assert_allclose(flat.member_activeness[residents:], 0.2 * 0.5)
    np.testing.assert_allclose(embedded.member_activeness[:residents], 0.2 + 0.8 * 0.5)
    np.testing.assert_allclose(embedded.member_activeness[residents:], (0.2 + 0.8 * 0.5) * 0.5)


def test_posts_are_held_by_distinct_members_preferring_the_compound(make_model):
    model = make_model(seed=3, width=20, height=20, embedding=1.0, committee_formation_unaided=1.0,
                       in_service_members=40)
    holder = model.post_holder
    held = holder[holder >= 0]
    assert holder[CORE] == -1
    assert len(held) == len(np.unique(held)) == int(model.actor_embedded.sum())
    assert len(held) == len(model.actor_kind) - 1  # enough members: every firm, committee, organisation
    compound_posts = [a for a in np.flatnonzero(holder >= 0) if model.actor_compound[a] >= 0]
    for actor in compound_posts:
        compound = model.actor_compound[actor]
        local = np.flatnonzero(model.member_compound == compound)
        # The holder lives in the compound unless every local member already holds a post.
        assert model.member_compound[holder[actor]] == compound or np.all(np.isin(local, held))
    assert all(model.member_compound[holder[a]] == model.actor_compound[a] for a in compound_posts)
    embedded_agents = {a.actor_id for a in model.organisation_agents if a.embedded}
    assert embedded_agents == set(np.flatnonzero(holder >= 0))


def test_few_members_hold_few_posts(make_model):
    model = make_model(seed=3, embedding=1.0, party_member_share=0.0, in_service_members=2, **FOUR_COMPOUNDS)
    assert model.n_compounds == 4  # more firms than members
    assert int((model.post_holder >= 0).sum()) == 2
    assert sorted(model.post_holder[model.post_holder >= 0]) == [0, 1]
    # Firms take posts first, in their fixed order.
    np.testing.assert_array_equal(np.flatnonzero(model.post_holder >= 0), np.sort(model.actor_orders[0][:2]))


def test_embedding_levels_are_nested(make_model):
    half = make_model(seed=5, width=20, height=20, embedding=0.5)
    full = make_model(seed=5, width=20, height=20, embedding=1.0)
    assert 0 < (half.post_holder >= 0).sum() < (full.post_holder >= 0).sum()
    assert np.all(full.post_holder[half.post_holder >= 0] >= 0)
    assert np.all(full.building_has_party_group[half.building_has_party_group])
    # A reform that raises embedding during the run re-applies the rule to the same orders.
    half.intervene(embedding=1.0)
    np.testing.assert_array_equal(half.post_holder, full.post_holder)
    np.testing.assert_array_equal(half.member_activeness, full.member_activeness)


def test_without_members_embedding_creates_no_posts_or_groups(make_model):
    model = make_model(embedding=1.0, **NO_MEMBERS)
    assert len(model.member_building) == 0
    assert (model.post_holder < 0).all() and not model.building_has_party_group.any()
    assert not any(a.embedded for a in model.organisation_agents)
    np.testing.assert_array_equal(firm_branch_activeness(model), 0.0)


def _run(embedding: float, weeks: int = 40, **parameters):
    model = CoGovernanceModel(
        rng=5, width=20, height=20, embedding=embedding, meeting_interval_steps=4, core_staff_per_1000=40.0,
        committee_formation_unaided=1.0, **parameters,
    )
    for _ in range(weeks):
        model.step()
    return model


def test_without_members_embedding_changes_no_outcome():
    flat, embedded = _run(0.0, **NO_MEMBERS), _run(1.0, **NO_MEMBERS)
    assert flat.meetings_held > 0 and flat.outcomes["problems_resolved"] > 0  # the mechanisms it could act on ran
    frames = [m.datacollector.get_model_vars_dataframe() for m in (flat, embedded)]
    assert frames[0].equals(frames[1])
    for name in ("efficacy", "trust", "satisfaction", "participating", "last_visit_step"):
        np.testing.assert_array_equal(getattr(flat.households, name), getattr(embedded.households, name))
    np.testing.assert_array_equal(flat.problems.column("resolved_by"), embedded.problems.column("resolved_by"))


def test_with_members_embedding_changes_outcomes():
    flat, embedded = _run(0.0), _run(1.0)
    assert embedded.actor_embedded.any()
    frames = [m.datacollector.get_model_vars_dataframe() for m in (flat, embedded)]
    assert not frames[0].equals(frames[1])


def test_post_effects_scale_with_the_holders_effective_activeness(make_model):
    def branch(formalism, party_activeness=1.0, embedding=1.0):
        model = make_model(seed=3, embedding=embedding, formalism=formalism, party_activeness=party_activeness,
                           embedding_activeness_gain=0.0, in_service_activeness_factor=1.0)
        return model, firm_branch_activeness(model)

    model, active = branch(0.0)
    assert np.all(model.post_holder[model.firm_actor] >= 0)
    np.testing.assert_allclose(active, 1.0)
    np.testing.assert_allclose(branch(0.5)[1], 0.5)  # formalism takes half the member's time
    np.testing.assert_allclose(branch(0.0, party_activeness=0.3)[1], 0.3)
    np.testing.assert_allclose(branch(0.0, embedding=0.0)[1], 0.0)  # no post, no effect
    actors = np.arange(len(model.actor_kind))
    holders = model.post_holder
    expected = np.where(holders >= 0, effective_activeness(model)[np.maximum(holders, 0)], 0.0)
    np.testing.assert_allclose(post_activeness(model, actors), expected)


@pytest.mark.parametrize("formalism", [0.0, 0.6])
def test_formalism_reaches_firm_supervision_through_the_post(make_model, formalism):
    model = make_model(seed=3, embedding=1.0, formalism=formalism, party_activeness=1.0, embedding_activeness_gain=0.0,
                       committee_formation_unaided=0.0, embedded_supervision=0.8, committee_supervision=0.0,
                       firm_profit_pressure=0.5, in_service_activeness_factor=1.0)
    np.testing.assert_allclose(work.firm_supervision(model), 0.8 * (1 - formalism))
    np.testing.assert_allclose(work.firm_effort_share(model), 1 - 0.5 * (1 - 0.8 * (1 - formalism)))


def test_a_reform_embeds_members_only_from_its_start_week(make_model):
    model = make_model(seed=5, embedding=1.0, reform_start_week=3)
    for _ in range(2):
        model.step()
        assert (model.post_holder < 0).all() and not model.building_has_party_group.any()
    model.step()  # week 3: the reform starts
    reference = make_model(seed=5, embedding=1.0)
    np.testing.assert_array_equal(model.post_holder, reference.post_holder)
    np.testing.assert_array_equal(model.member_activeness, reference.member_activeness)
