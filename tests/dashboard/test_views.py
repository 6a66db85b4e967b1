"""The drawings: grid SVG and legend, line charts, info cards."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from sim.interfaces.dashboard import charts, grid
from sim.interfaces.dashboard.i18n import SOURCES, text
from sim.interfaces.dashboard.info import cited_sources, info_card_html
from sim.interfaces.dashboard.session import Classroom, scenario, scenario_names


@pytest.fixture(scope="module")
def room():
    classroom = Classroom("co_governance", seed=3, scenario_b="baseline")
    classroom.step(8)
    return classroom


def count_squares(svg: str) -> int:
    return sum(path.count("h1v1h-1z") for path in re.findall(r'class="households"[^>]*d="([^"]*)"', svg))


def test_grid_draws_every_household_member_organisation_and_open_problem(room):
    model = room.runs[0].model
    svg = grid.grid_svg(model, "participating", "zh")
    assert count_squares(svg) == model.households.count
    assert f'class="party-members" data-count="{int(model.households.party.sum())}"' in svg
    open_households = int((model.open_problems_per_household() > 0).sum())
    assert open_households > 0
    assert f'class="open-problems" data-count="{open_households}"' in svg
    organisations = 1 + len(model.firm_of_compound) + len(model.committee_of_compound) + len(model.organisations)
    assert f'class="organisations" data-count="{organisations}"' in svg
    assert svg.count("<title>") == organisations
    assert 'class="party-groups"' in svg  # co_governance embeds Party groups in buildings
    assert f'data-week="{model.steps}"' in svg


def test_grid_colours_follow_the_chosen_state(room):
    model = room.runs[0].model
    participating = grid.grid_svg(model, "participating", "en")
    assert (grid.PARTICIPATING in participating) == bool(model.households.participating.any())
    trust = grid.grid_svg(model, "trust", "en")
    colours = set(re.findall(r'class="households" fill="([^"]+)"', trust))
    assert colours <= set(grid.RAMP) and len(colours) >= 2
    problems = grid.grid_svg(model, "open_problems", "en")
    assert grid.PROBLEM_COLOURS[1] in problems
    with pytest.raises(ValueError):
        grid.grid_svg(model, "happiness", "en")


@pytest.mark.parametrize("state", grid.COLOUR_STATES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_legend_names_the_state_and_every_marker(state, lang):
    legend = grid.legend_html(state, lang)
    assert text(f"state.{state}", lang) in legend
    for key in ("legend.party_member", "legend.core", "legend.firm", "legend.committee", "legend.organisation",
                "legend.open_problem", "legend.embedded", "legend.vacant"):
        assert text(key, lang).replace("'", "&#x27;") in legend


def test_chart_plots_the_collected_values(room):
    svg = charts.line_chart("backlog", room.runs, "en")
    for index, run in enumerate(room.runs):
        last = re.search(rf'data-outcome="backlog" data-run="{index}" data-last="([^"]+)"', svg).group(1)
        assert float(last) == run.series("backlog")[-1] == run.model.outcomes["backlog"]
    assert svg.count("stroke-dasharray") == 1  # run B only
    assert text("chart.backlog", "en") in svg


def test_chart_breaks_lines_at_missing_values():
    room = Classroom("baseline", seed=0, overrides={"burn_in_weeks": 0})
    room.step(3)
    assert math.isnan(room.runs[0].series("resolution_rate")[0])  # without a burn-in nothing has arisen at week 0
    svg = charts.line_chart("resolution", room.runs, "zh")
    paths = re.findall(r'data-outcome="resolution_rate"[^>]*d="([^"]+)"', svg)
    assert paths and "nan" not in paths[0].lower()
    assert paths[0].startswith("M") and paths[0].count("L") == 2  # weeks 1-3 joined, week 0 skipped


def test_chart_legend_shows_latest_value_of_each_run(room):
    legend = charts.chart_legend_html("participation", room.runs, "zh")
    values = [charts.format_value(run.series("participation_rate_retired")[-1], "rate") for run in room.runs]
    assert " | ".join(values) in legend


@pytest.mark.parametrize("name", scenario_names())
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_shipped_scenario_has_an_info_card(name, lang):
    card_scenario = scenario(name)
    card = card_scenario.meta.info_zh if lang == "zh" else card_scenario.meta.info_en
    assert card is not None, f"{name} has no [scenario.info_{lang}]"
    html = info_card_html(card_scenario, lang)
    for key in ("info.what", "info.how", "info.notice", "info.try", "info.sources"):
        assert text(key, lang) in html
    assert text("info.missing", lang) not in html
    for label in cited_sources(card_scenario, lang):
        assert SOURCES[label][0 if lang == "zh" else 1].replace("&", "&amp;") in html


def test_card_cites_sources_named_in_its_text():
    pooling = scenario("pooling")
    assert "S2" not in pooling.meta.sources and "S2" in pooling.meta.info_en.how
    assert cited_sources(pooling, "en") == ["S1", "S2", "S4", "S5"]


def test_missing_card_says_so():
    bare = scenario("baseline")
    bare = type(bare)(bare.name, bare.path, bare.meta.model_copy(update={"info_zh": None}), bare.parameters)
    assert text("info.missing", "zh") in info_card_html(bare, "zh")


def test_households_colour_bins_cover_the_unit_interval():
    room = Classroom("baseline", seed=0)
    model = room.runs[0].model
    model.households.efficacy = np.linspace(0, 1, model.households.count)
    colours = grid.household_colours(model, "efficacy")
    assert colours[0] == grid.RAMP[0] and colours[-1] == grid.RAMP[-1]
    assert set(colours) == set(grid.RAMP)
