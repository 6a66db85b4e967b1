"""Scenario files: the shipped set, inheritance through ``extends``, overrides and validation."""

from __future__ import annotations

import pytest

from sim.errors import UserInputError
from sim.parameters import REGISTRY
from sim.scenarios import (
    HYPOTHESES,
    SOURCES,
    available_scenarios,
    load_scenario,
    parse_assignments,
    validate_files,
)

DESIGN_SCENARIOS = (
    "baseline", "empowerment", "pooling", "embedding", "co_governance", "empowerment_without_funding",
    "formalism_heavy", "resilience_shock", "resilience_shock_co_governance", "strong_social_organisations",
)
HEADER = '[scenario]\ntitle_zh = "测试"\ntitle_en = "Test"\n'


def write(folder, name, parameters="", scenario=""):
    path = folder / f"{name}.toml"
    path.write_text(HEADER + scenario + "\n[parameters]\n" + parameters, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", DESIGN_SCENARIOS)
def test_shipped_scenario_loads_and_states_its_purpose(name):
    scenario = load_scenario(name)
    assert scenario.name == name and scenario.path.name == f"{name}.toml"
    meta = scenario.meta
    assert meta.title_zh and meta.title_en and meta.description_zh and meta.description_en
    assert meta.hypotheses and set(meta.hypotheses) <= set(HYPOTHESES)
    assert meta.sources and set(meta.sources) <= set(SOURCES)
    assert scenario.chain[-1] == scenario.path
    assert scenario.chain[0].stem == "baseline"


def test_every_design_scenario_is_shipped():
    assert set(DESIGN_SCENARIOS) <= set(available_scenarios())


def test_baseline_is_the_registry_default():
    assert load_scenario("baseline").changed_parameters() == {}


def test_levers_of_the_policy_scenarios():
    p = {name: load_scenario(name).parameters for name in DESIGN_SCENARIOS}
    assert p["empowerment"].empowerment > 0 and p["empowerment"].funding_follows_tasks
    assert p["empowerment_without_funding"].empowerment == p["empowerment"].empowerment
    assert not p["empowerment_without_funding"].funding_follows_tasks
    assert p["pooling"].pooling > 0 and p["embedding"].embedding > 0
    co = p["co_governance"]
    assert (co.empowerment, co.pooling, co.embedding) == (p["empowerment"].empowerment, p["pooling"].pooling,
                                                          p["embedding"].embedding)
    assert co.meeting_interval_steps == 4
    assert p["formalism_heavy"].formalism > p["baseline"].formalism
    assert p["resilience_shock"].shock_week > 0
    shocked = p["resilience_shock_co_governance"]
    assert shocked.shock_week == p["resilience_shock"].shock_week and shocked.embedding == co.embedding
    assert p["strong_social_organisations"].social_organisations >= 10
    # Each policy scenario differs from the baseline only in what it declares.
    assert set(load_scenario("pooling").changed_parameters()) == {"pooling"}


def test_child_overrides_parent_and_list_merges_left_to_right(tmp_path):
    write(tmp_path, "first", "pooling = 0.1\nformalism = 0.2\n")
    write(tmp_path, "second", "pooling = 0.2\n")
    both = write(tmp_path, "both", "", scenario='extends = ["first", "second"]\n')
    own = write(tmp_path, "own", "pooling = 0.7\n", scenario='extends = ["first", "second"]\n')
    scenario = load_scenario(both)
    assert scenario.parameters.pooling == 0.2 and scenario.parameters.formalism == 0.2
    assert [p.stem for p in scenario.chain] == ["first", "second", "both"]
    assert load_scenario(own).parameters.pooling == 0.7


def test_extends_finds_shipped_scenarios_by_name(tmp_path):
    path = write(tmp_path, "mine", "volunteer_incentive = 0.5\n", scenario='extends = "co_governance"\n')
    scenario = load_scenario(path)
    assert scenario.parameters.volunteer_incentive == 0.5
    assert scenario.parameters.meeting_interval_steps == 4
    assert scenario.chain[0].stem == "baseline" and scenario.chain[-1] == path


def test_a_misspelt_extends_gets_a_did_you_mean(tmp_path):
    path = write(tmp_path, "mine", "pooling = 0.5\n", scenario='extends = "co_governanse"\n')
    with pytest.raises(UserInputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert "extends 'co_governanse', which was not found" in problem and problem.endswith("Did you mean 'co_governance'?")


def test_overrides_win_and_are_recorded():
    scenario = load_scenario("empowerment", {"empowerment": 0.3, "width": 12})
    assert scenario.parameters.empowerment == 0.3 and scenario.parameters.width == 12
    assert scenario.overrides == {"empowerment": 0.3, "width": 12}


def test_scenario_folder_from_environment(tmp_path, monkeypatch):
    write(tmp_path, "classroom_demo", "embedding = 0.5\n", scenario='extends = "baseline"\n')
    monkeypatch.setenv("COGOV_SCENARIO_DIR", str(tmp_path))
    assert "classroom_demo" in available_scenarios()
    assert load_scenario("classroom_demo").parameters.embedding == 0.5


def test_parse_assignments_uses_toml_values():
    values = parse_assignments(["empowerment=0.5", "digital_platform=true", "width=12", "participation_rule=threshold",
                                'participation_rule="aspiration"', " pooling = 0.25 "])
    assert values == {"empowerment": 0.5, "digital_platform": True, "width": 12, "participation_rule": "aspiration",
                      "pooling": 0.25}
    for bad in ("empowerment", "=1", "empowerment="):
        with pytest.raises(UserInputError, match="key=value"):
            parse_assignments([bad])


def test_validate_files_collects_problems_per_file(tmp_path):
    good = write(tmp_path, "good", "pooling = 0.1\n")
    bad = write(tmp_path, "bad", 'pooling = 2\nembeding = 0.1\nwidth = "wide"\n', scenario='hypotheses = ["H0"]\n')
    report = validate_files([str(good), str(bad)])
    assert report[str(good)] == []
    assert len(report[str(bad)]) == 4
    text = "\n".join(report[str(bad)])
    for fragment in ("'pooling'", "'embeding'", "'width'", "'H0'"):
        assert fragment in text


def test_errors_name_where_a_bad_value_came_from(tmp_path):
    write(tmp_path, "parent", "formalism = 1.5\n")
    child = write(tmp_path, "child", "pooling = 0.2\n", scenario='extends = "parent"\n')
    with pytest.raises(UserInputError) as caught:
        load_scenario(child, {"embedding": 3.0})
    problems = caught.value.problems
    assert any(p.startswith(str(tmp_path / "parent.toml")) and "'formalism'" in p for p in problems)
    assert any(p.startswith("--set: ") and "'embedding'" in p for p in problems)
    # A child's valid value hides its parent's invalid one.
    fixed = write(tmp_path, "fixed", "formalism = 0.5\n", scenario='extends = "parent"\n')
    assert load_scenario(fixed).parameters.formalism == 0.5


def test_missing_scenario_table(tmp_path):
    path = tmp_path / "bare.toml"
    path.write_text("[parameters]\npooling = 0.1\n", encoding="utf-8")
    with pytest.raises(UserInputError) as caught:
        load_scenario(path)
    assert "missing [scenario] table" in str(caught.value)


def test_unknown_scenario_lists_the_shipped_ones():
    with pytest.raises(UserInputError) as caught:
        load_scenario("no_such_scenario")
    message = str(caught.value)
    assert "no_such_scenario" in message and all(name in message for name in DESIGN_SCENARIOS)


def test_every_registry_key_is_accepted_in_a_file(tmp_path):
    lines = []
    for name, spec in REGISTRY.items():
        value = spec.default
        lines.append(f"{name} = " + ("true" if value is True else "false" if value is False
                                     else f'"{value}"' if isinstance(value, str) else repr(value)))
    path = write(tmp_path, "everything", "\n".join(lines) + "\n")
    assert load_scenario(path).changed_parameters() == {}
