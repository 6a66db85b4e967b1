"""Component tests of the dashboard page, rendered without a browser (solara.render).

These catch wiring mistakes (labels, stepping, language, side-by-side, sliders, selectors);
only the browser test (test_browser.py) can catch a page that stays blank in a real browser.
"""

from __future__ import annotations

import re
import time
from html import unescape

import ipyvuetify as v
import ipywidgets
import pytest
from solara.widgets import HTML

from sim.interfaces.dashboard import actions, grid, state
from sim.interfaces.dashboard.i18n import TEXT, text
from sim.interfaces.dashboard.session import lever_specs, scenario, scenario_names
from sim.model.outcomes import OUTCOMES
from sim.parameters import GROUPS, REGISTRY


def all_widgets(rc) -> list[ipywidgets.Widget]:
    """Every widget under the page, depth first (reacton's finder stops at the first match)."""
    found, seen, queue = [], set(), list(rc.container.children)
    while queue:
        value = queue.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, ipywidgets.Widget):
            found.append(value)
            queue.extend(getattr(value, name) for name in value.keys)
        elif isinstance(value, (list, tuple)):
            queue.extend(value)
        elif isinstance(value, dict):
            queue.extend(value.values())
    return found


def page_text(rc) -> str:
    """All text a person could read on the page: labels, children strings, HTML, menu items."""
    pieces = []
    for widget in all_widgets(rc):
        for attribute in ("label", "unsafe_innerHTML", "v_model", "svg"):
            value = getattr(widget, attribute, None)
            if isinstance(value, str):
                pieces.append(unescape(value))
        for child in getattr(widget, "children", []) or []:
            if isinstance(child, str):
                pieces.append(child)
        items = getattr(widget, "items", None)
        if isinstance(items, list):
            pieces.extend(str(item) for item in items)
    return "\n".join(pieces)


def html(rc, css_class: str) -> list[str]:
    """Markup of the HTML widgets and map views whose markup holds an element of ``css_class``."""
    found = []
    for widget in all_widgets(rc):
        markup = getattr(widget, "unsafe_innerHTML", None) or getattr(widget, "svg", None)
        if isinstance(markup, str) and f'class="{css_class}"' in markup:
            found.append(markup)
    return found


def attribute(markup: str, name: str) -> str:
    return re.search(rf'{name}="([^"]*)"', markup).group(1)


def click(rc, label: str) -> None:
    rc.find(v.Btn, children=[label]).widget.click()


def test_page_renders_in_chinese_with_registry_labels(page):
    shown = page_text(page)
    for spec in lever_specs():
        assert spec.label_zh in shown, spec.name
        assert spec.label_en not in shown, spec.name
    for group in ("levers", "secondary"):
        assert GROUPS[group][0] in shown
    for outcome in ("participation_rate_young", "participation_rate_retired", "backlog", "resolution_rate", "mean_trust"):
        assert OUTCOMES[outcome].label_zh in shown
    assert scenario("baseline").meta.title_zh in shown
    assert "单步" in shown and "运行" in shown and "重置" in shown
    grids = html(page, "cogov-grid")
    assert len(grids) == 1
    assert int(attribute(grids[0], "data-households")) == state.classroom.value.runs[0].model.households.count


def test_step_advances_the_model_and_redraws(page):
    model = state.classroom.value.runs[0].model
    for _ in range(3):
        click(page, "单步")
    assert state.classroom.value.runs[0].model is model
    assert model.steps == 3
    assert attribute(html(page, "cogov-grid")[0], "data-week") == "3"
    assert attribute(html(page, "cogov-week")[0], "data-week") == "3"
    assert "第 3 周" in page_text(page)
    backlog_chart = next(c for c in html(page, "cogov-chart") if 'data-panel="backlog"' in c)
    assert float(attribute(backlog_chart, "data-last")) == model.outcomes["backlog"]


def test_language_switch_changes_every_label(page):
    click(page, "English")
    shown = page_text(page)
    assert "Step" in shown and "Play" in shown and "Reset" in shown
    for spec in lever_specs():
        assert spec.label_en in shown, spec.name
    assert GROUPS["levers"][1] in shown
    assert OUTCOMES["backlog"].label_en in shown
    assert scenario("baseline").meta.title_en in shown
    assert "Week 0" in shown
    chinese_labels = [zh for key, (zh, _) in TEXT.items() if key != "app.switch_language"]
    chinese_labels += [spec.label_zh for spec in REGISTRY.values()] + [o.label_zh for o in OUTCOMES.values()]
    chinese_labels += [scenario(name).meta.title_zh for name in scenario_names()]
    left = [label for label in chinese_labels if "{" not in label and label in shown]
    assert not left, f"Chinese labels left on the English page: {left}"
    click(page, "中文")
    assert "单步" in page_text(page)


def test_side_by_side_runs_two_scenarios_on_one_seed(page):
    switch = next(w for w in page.find(v.Switch).widgets if w.label == text("controls.side_by_side", "zh"))
    switch.v_model = True
    room = state.classroom.value
    assert [run.scenario.name for run in room.runs] == ["baseline", "co_governance"]
    assert {run.seed for run in room.runs} == {0}
    click(page, "单步")
    click(page, "单步")
    assert [run.week for run in room.runs] == [2, 2]
    assert len(html(page, "cogov-grid")) == 2
    participation = next(c for c in html(page, "cogov-chart") if 'data-panel="participation"' in c)
    assert 'data-run="1"' in participation and "stroke-dasharray" in participation
    assert scenario("co_governance").meta.title_zh in page_text(page)


def test_scenario_selector_is_filled_from_files_and_sets_sliders(page):
    select = next(w for w in page.find(v.Select).widgets if w.label == text("controls.scenario", "zh"))
    assert scenario("embedding").meta.title_zh in select.items
    assert len(select.items) >= 10
    select.v_model = scenario("embedding").meta.title_zh
    assert state.scenario_a.value == "embedding"
    run = state.classroom.value.runs[0]
    assert run.model.p.embedding == scenario("embedding").parameters.embedding
    readout = next(w.unsafe_innerHTML for w in page.find(HTML).widgets if (w.attributes or {}).get("data-parameter") == "embedding")
    assert f">{scenario('embedding').parameters.embedding:g}<" in readout


def slider(rc, name: str):
    """The lever's slider (``vue/lever_slider.vue``), in the registry's order."""
    numeric = [s for s in lever_specs() if s.kind in ("int", "float")]
    sliders = [w for w in all_widgets(rc) if hasattr(w, "vue_change") and hasattr(w, "current")]
    assert len(sliders) == len(numeric)
    sliders.sort(key=lambda w: [s.name for s in numeric].index(lever_of(rc, w)))
    return sliders[[s.name for s in numeric].index(name)]


def lever_of(rc, widget) -> str:
    """The parameter a slider widget belongs to: the label widget just before it in its column."""
    for column in all_widgets(rc):
        children = getattr(column, "children", None) or []
        if widget in children:
            label = children[children.index(widget) - 1]
            return label.attributes["data-parameter"]
    raise AssertionError("slider without a label")


def release(rc, name: str, value: float) -> None:
    """Let go of a lever's slider at ``value`` (what the browser reports once, on release)."""
    slider(rc, name).vue_change(value)


def test_slider_before_the_start_sets_the_starting_value(page):
    empowerment = slider(page, "empowerment")
    assert empowerment.min == REGISTRY["empowerment"].minimum and empowerment.max == REGISTRY["empowerment"].maximum
    release(page, "empowerment", 0.5)
    room = state.classroom.value
    assert room.overrides == {"empowerment": 0.5}
    assert room.week == 0 and not room.interventions
    assert room.runs[0].model.p.empowerment == 0.5


def test_slider_during_the_run_intervenes_without_restarting(page):
    for _ in range(3):
        click(page, "单步")
    model = state.classroom.value.runs[0].model
    release(page, "empowerment", 0.8)
    room = state.classroom.value
    assert room.runs[0].model is model and room.week == 3
    assert [(i.week, i.applied) for i in room.interventions] == [(3, {"empowerment": (0.0, 0.8)})]
    shown = page_text(page)
    assert "第 3 周：授权赋能 0 → 0.8" in shown
    assert text("scenario.modified", "zh", title=scenario("baseline").meta.title_zh) in shown
    chart = next(c for c in html(page, "cogov-chart") if 'data-panel="backlog"' in c)
    assert 'class="event-line" data-week="3"' in chart
    click(page, "单步")
    assert room.week == 4 and room.runs[0].model.p.empowerment == 0.8
    readout = next(w.unsafe_innerHTML for w in page.find(HTML).widgets if (w.attributes or {}).get("data-parameter") == "empowerment")
    assert ">0.8<" in readout
    assert text("controls.scenario_modified", "zh") in page_text(page)
    assert "重演" in page_text(page)


def test_set_up_only_slider_during_the_run_waits_for_reset(page):
    click(page, "单步")
    release(page, "in_service_members", 30)
    room = state.classroom.value
    assert room.week == 1 and not room.interventions
    assert state.overrides.value == {"in_service_members": 30}
    label = REGISTRY["in_service_members"].label_zh
    assert text("controls.set_up_only", "zh", label=label) in page_text(page)
    click(page, "重置")
    assert state.classroom.value.week == 0 and state.classroom.value.runs[0].model.p.in_service_members == 30


def test_seed_input_accepts_whole_numbers_and_refuses_others(page):
    field = next(w for w in page.find(v.TextField).widgets if w.label == text("controls.seed", "zh"))

    def enter(typed: str) -> None:
        field.v_model = typed
        field.fire_event("keyup.enter", None)

    enter("7")
    assert state.seed.value == 7 and state.classroom.value.seed == 7
    assert state.classroom.value.runs[0].model.steps == 0
    enter("-3")
    assert state.seed.value == 7
    assert state.seed_refused.value
    assert text("controls.seed_invalid", "zh", seed=7) in page_text(page)
    enter("seven")
    assert state.seed.value == 7


def test_colour_selector_recolours_the_grid(page):
    state_labels = [text(f"state.{state}", "zh") for state in grid.COLOUR_STATES]
    toggle = next(t for t in page.find(v.BtnToggle).widgets if t.children and t.children[0].children[0] == state_labels[0])
    labels = [button.children[0] for button in toggle.children]
    assert labels == [text(f"state.{state}", "zh") for state in grid.COLOUR_STATES]
    toggle.v_model = labels.index(text("state.efficacy", "zh"))
    svg = html(page, "cogov-grid")[0]
    assert attribute(svg, "data-colour-by") == "efficacy"
    assert grid.PARTICIPATING not in svg
    assert text("state.efficacy", "zh") in page_text(page)


def test_play_steps_until_paused(page, busy_core, caplog):
    """Play at the default speed advances; Pause stops it within half a second, busy machine or not."""
    room = state.classroom.value
    click(page, "运行")
    wait_until(lambda: room.week >= 3, 30)
    click(page, "暂停")
    paused = time.monotonic()
    wait_until(lambda: not state.playing.value and not state.live.value.player.playing, 5)
    assert time.monotonic() - paused < 0.5
    stopped_at = room.week
    time.sleep(0.6)
    assert room.week == stopped_at
    assert page_week(page) == stopped_at  # the last frame shows the week Play stopped at
    assert not errors(caplog)


@pytest.mark.parametrize("speed", state.SPEEDS)
def test_play_and_pause_at_every_speed_with_a_core_kept_busy(page, busy_core, caplog, speed):
    """At every speed and redraw interval, Play advances, the page follows, and Pause stops Play
    within half a second; frames are skipped rather than queued (fewer redraws than weeks)."""
    for redraw in (1, 13):
        room = state.classroom.value
        actions.set_speed(speed)
        actions.set_redraw_every(redraw)
        start, frames = room.week, state.version.value
        actions.toggle_play()
        wait_until(lambda: room.week >= start + 2, 60)
        actions.toggle_play()
        paused = time.monotonic()
        wait_until(lambda: not state.live.value.player.playing, 5)
        assert time.monotonic() - paused < 0.5, (speed, redraw)
        stopped_at = room.week
        wait_until(lambda: page_week(page) == stopped_at, 5)
        time.sleep(0.3)
        assert room.week == stopped_at and not state.playing.value
        assert state.version.value - frames <= stopped_at - start + 2, "a frame per week at most, plus the stop"
    assert not errors(caplog)


def test_slider_moved_during_play_is_one_intervention(page, busy_core):
    state.speed.set(5)
    room = state.classroom.value
    click(page, "运行")
    wait_until(lambda: room.week >= 2, 30)
    release(page, "pooling", 0.47)  # a drag from 0 to 0.47 reports only where it was let go
    made = list(room.interventions)
    click(page, "暂停")
    wait_until(lambda: not state.live.value.player.playing, 5)
    assert [list(i.applied.items()) for i in made] == [[("pooling", (0.0, 0.47))]]
    assert room.value("pooling") == 0.47
    wait_until(lambda: f"第 {made[0].week} 周：资源整合 0 → 0.47" in page_text(page), 5)
    readout = next(w.unsafe_innerHTML for w in page.find(HTML).widgets if (w.attributes or {}).get("data-parameter") == "pooling")
    assert ">0.47<" in readout  # the slider shows the value in force


def test_lever_set_to_its_current_value_says_so(page):
    click(page, "单步")
    release(page, "empowerment", 0.0)
    assert not state.classroom.value.interventions
    assert text("controls.unchanged", "zh", label=REGISTRY["empowerment"].label_zh, value="0") in page_text(page)


def test_run_to_week_stops_there_redrawing_every_n_weeks(page):
    actions.set_speed(20)
    actions.set_redraw_every(4)
    actions.set_run_to(10)
    seen = []
    unsubscribe = state.version.subscribe(lambda _: seen.append(state.live.value.frame.week))
    click(page, "运行到")
    wait_until(lambda: not state.playing.value and state.classroom.value.week == 10, 30)
    wait_until(lambda: seen and seen[-1] == 10, 5)
    unsubscribe()
    assert state.classroom.value.week == 10
    assert all(week % 4 == 0 or week == 10 for week in seen), seen  # frames only at multiples of 4, and the end
    assert seen[-1] == 10 and seen == sorted(seen)


def page_week(rc) -> int:
    return int(attribute(html(rc, "cogov-week")[0], "data-week"))


def wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.02)


def errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= 40]
