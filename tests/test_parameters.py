"""The parameter registry: one declaration per parameter, complete, bounded and strict."""

from __future__ import annotations

import re

import numpy as np
import pytest
from pydantic import ValidationError

from sim.errors import UserInputError
from sim.model import CoGovernanceModel
from sim.model.outcomes import OUTCOMES
from sim.parameters import GROUPS, PARTICIPATION_RULES, REGISTRY, Parameters, defaults, registry
from sim.scenarios import build_parameters

CHINESE = re.compile(r"[\u4e00-\u9fff]")
LEVERS = ("empowerment", "pooling", "embedding", "funding_follows_tasks", "formalism", "administrative_burden",
          "meeting_interval_steps", "width", "height")
REQUIRED_OUTCOMES = (
    "participation_rate", "participation_rate_young", "participation_rate_working", "participation_rate_retired",
    "participation_rate_party", "report_rate", "problems_arisen", "problems_resolved", "backlog", "resolution_rate",
    "cross_actor_resolution_rate", "mean_weeks_to_resolution", "unreported_share", "mean_efficacy", "mean_trust",
    "satisfaction", "party_reach", "pool_balance",
)


@pytest.mark.parametrize("spec", list(REGISTRY.values()), ids=list(REGISTRY))
def test_every_entry_is_documented_and_bounded(spec):
    assert CHINESE.search(spec.label_zh), "Chinese label"
    assert spec.label_en and not CHINESE.search(spec.label_en), "English label"
    assert len(spec.meaning) > 15 and spec.source, "meaning and source"
    assert spec.group in GROUPS
    assert spec.kind in {"float", "int", "bool", "choice"}
    if spec.kind in {"float", "int"}:
        assert spec.minimum is not None and spec.maximum is not None, "numbers need both bounds"
        assert spec.minimum <= spec.default <= spec.maximum
        assert isinstance(spec.default, int if spec.kind == "int" else float)
        assert "from" in spec.allowed()
    elif spec.kind == "bool":
        assert isinstance(spec.default, bool) and spec.allowed() == "true or false"
    else:
        assert spec.default in spec.choices and all(repr(c) in spec.allowed() for c in spec.choices)


def test_registry_covers_every_field_in_group_order():
    assert set(REGISTRY) == set(Parameters.model_fields)
    order = [spec.group for spec in registry()]
    assert order == sorted(order, key=list(GROUPS).index)
    assert Parameters().model_dump() == defaults()


def test_levers_and_grid_size_use_the_agreed_names():
    for name in LEVERS:
        assert name in REGISTRY
    for name in ("empowerment", "pooling", "embedding"):
        spec = REGISTRY[name]
        assert (spec.minimum, spec.maximum, spec.default) == (0, 1, 0.0)


def test_participation_rule_offers_alternatives():
    spec = REGISTRY["participation_rule"]
    assert spec.kind == "choice" and spec.default == "logistic"
    assert set(spec.choices) == set(PARTICIPATION_RULES) and len(spec.choices) >= 2


def test_unknown_keys_are_forbidden():
    with pytest.raises(ValidationError):
        Parameters(empowermnt=0.5)
    with pytest.raises(UserInputError, match="did you mean 'empowerment'"):
        build_parameters({"empowermnt": 0.5})


def test_types_are_strict():
    for bad in ({"empowerment": "0.5"}, {"empowerment": True}, {"digital_platform": 1}, {"width": 10.5},
                {"participation_rule": "random"}):
        with pytest.raises(UserInputError):
            build_parameters(bad)


def test_values_of_the_right_kind_are_coerced():
    parameters = build_parameters({"width": 12.0, "empowerment": 1, "pooling": np.float64(0.25), "height": np.int64(9)})
    assert parameters.width == 12 and isinstance(parameters.width, int)
    assert parameters.empowerment == 1.0 and isinstance(parameters.empowerment, float)
    assert parameters.pooling == 0.25 and parameters.height == 9


def test_every_bound_is_enforced():
    for spec in REGISTRY.values():
        if spec.kind not in {"float", "int"}:
            continue
        step = 1 if spec.kind == "int" else 1e-6
        with pytest.raises(UserInputError, match=spec.name):
            build_parameters({spec.name: spec.maximum + step})
        with pytest.raises(UserInputError, match=spec.name):
            build_parameters({spec.name: spec.minimum - step})
        if not spec.name.startswith("share_"):  # shares must also add up (see test_cross_field_rules)
            build_parameters({spec.name: spec.coerce(spec.minimum)})
            build_parameters({spec.name: spec.coerce(spec.maximum)})


def test_all_problems_are_reported_together():
    with pytest.raises(UserInputError) as caught:
        build_parameters({"empowerment": 2.0, "width": 1, "formalism": "high", "digital_platform": "yes"})
    problems = caught.value.problems
    assert len(problems) == 4
    text = str(caught.value)
    for name in ("empowerment", "width", "formalism", "digital_platform"):
        assert f"'{name}'" in text
    assert "from 0 to 1" in text and "from 5 to 300" in text


def test_cross_field_rules():
    with pytest.raises(UserInputError, match="share_young \\+ share_retired"):
        build_parameters({"share_young": 0.7, "share_retired": 0.5})
    with pytest.raises(UserInputError, match="must add up to 1"):
        build_parameters({"share_repair": 0.9})
    shares = {"share_repair": 0.25, "share_environment": 0.25, "share_services": 0.25, "share_disputes": 0.25}
    assert build_parameters(shares).share_disputes == 0.25
    assert build_parameters({"share_young": 0.3, "share_retired": 0.7}).share_working == pytest.approx(0.0)


def test_parameters_are_immutable():
    parameters = Parameters()
    with pytest.raises(ValidationError):
        parameters.empowerment = 0.5


def test_model_validates_keyword_overrides():
    model = CoGovernanceModel(rng=1, parameters=build_parameters({"width": 8, "height": 8}), empowerment=0.3)
    assert (model.p.width, model.p.height, model.p.empowerment) == (8, 8, 0.3)
    with pytest.raises(UserInputError, match="width"):
        CoGovernanceModel(rng=1, width=10**9)
    with pytest.raises(UserInputError, match="unknown parameter"):
        CoGovernanceModel(rng=1, no_such_parameter=1)


def test_required_outcomes_are_declared_and_collected():
    for name in REQUIRED_OUTCOMES:
        assert name in OUTCOMES
    for outcome in OUTCOMES.values():
        assert CHINESE.search(outcome.label_zh) and outcome.label_en and outcome.meaning
    model = CoGovernanceModel(rng=1, width=8, height=8)
    model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(OUTCOMES)
