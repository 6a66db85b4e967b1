"""The classroom dashboard: a Solara page around :class:`sim.interfaces.dashboard.session.Classroom`.

Run it with ``cogov dashboard`` (see :mod:`sim.interfaces.dashboard.server`). Layout, in the spirit of
NetLogo's Interface and Info tabs:

* sidebar: language switch, preset scenario, side-by-side comparison, seed, Step / Play /
  Reset, and one slider per main and secondary lever, generated from the parameter registry;
* main area: the week counter, the community grid (households coloured by a chosen state,
  organisations and open problems marked, with a legend), four live charts, and the Info card.

State lives in module-level ``solara.reactive`` variables, which Solara keeps per browser
session. All text comes from :mod:`sim.interfaces.dashboard.i18n` and the sources it names.
"""

from __future__ import annotations

import time
from html import escape

import solara

from sim.interfaces.dashboard import charts, grid, i18n, info
from sim.interfaces.dashboard.i18n import text
from sim.interfaces.dashboard.session import (
    DEFAULT_COMPARISON,
    DEFAULT_SCENARIO,
    LEVER_GROUPS,
    Classroom,
    lever_specs,
    scenario,
    scenario_names,
    valid_seed,
)
from sim.parameters import ParameterSpec

#: Pause between weeks while playing, so a class can follow the change.
PLAY_INTERVAL_SECONDS = 0.25

language = solara.reactive(i18n.default_language())
scenario_a = solara.reactive(DEFAULT_SCENARIO)
scenario_b = solara.reactive(DEFAULT_COMPARISON)
side_by_side = solara.reactive(False)
seed = solara.reactive(0)
overrides: solara.Reactive[dict] = solara.reactive({})
colour_by = solara.reactive(grid.COLOUR_STATES[0])
playing = solara.reactive(False)
classroom: solara.Reactive[Classroom | None] = solara.reactive(None)
version = solara.reactive(0)  # bumped after every step: the views redraw
seed_refused = solara.reactive(False)  # the last seed typed was not a whole number in range


#: Every per-session variable with its start value (see :func:`reset_session`).
_STATE = (language, scenario_a, scenario_b, side_by_side, seed, overrides, colour_by, playing, classroom, version, seed_refused)
_START = {id(variable): variable.value for variable in _STATE}


def reset_session() -> None:
    """Put this session's state back to its start values (a fresh page)."""
    for variable in _STATE:
        variable.set(_START[id(variable)])
    language.set(i18n.default_language())


# ---------------------------------------------------------------------- actions
def rebuild() -> None:
    """Start the runs again from week 0 with the current settings."""
    playing.set(False)
    comparison = scenario_b.value if side_by_side.value else None
    classroom.set(Classroom(scenario_a.value, seed.value, dict(overrides.value), comparison))
    version.set(version.value + 1)


def current_classroom() -> Classroom:
    if classroom.value is None:
        rebuild()
    return classroom.value


def step_once() -> None:
    current_classroom().step()
    version.set(version.value + 1)


def choose_scenario_a(name: str) -> None:
    scenario_a.set(name)
    overrides.set({})
    rebuild()


def choose_scenario_b(name: str) -> None:
    scenario_b.set(name)
    rebuild()


def set_side_by_side(value: bool) -> None:
    side_by_side.set(bool(value))
    rebuild()


def set_seed(value) -> None:
    checked = valid_seed(value)
    if checked is None:
        seed_refused.set(True)
        return
    seed_refused.set(False)
    seed.set(checked)
    rebuild()


def set_lever(name: str, value) -> None:
    preset = getattr(scenario(scenario_a.value).parameters, name)
    changed = dict(overrides.value)
    if value == preset:
        changed.pop(name, None)
    else:
        changed[name] = value
    overrides.set(changed)
    rebuild()


def lever_value(name: str):
    return overrides.value.get(name, getattr(scenario(scenario_a.value).parameters, name))


def slider_step(spec: ParameterSpec) -> float:
    """A hundredth of the range, rounded to a power of ten (0.01 for shares)."""
    import math

    span = float(spec.maximum) - float(spec.minimum)
    return 10 ** round(math.log10(span / 100)) if span > 0 else 1


# ---------------------------------------------------------------------- components
@solara.component
def Lever(spec: ParameterSpec, lang: str):
    """One registry parameter as a control: label and value on one line (tooltip from the
    registry and the table), the slider or switch below."""
    label = i18n.parameter_label(spec.name, lang)
    value = lever_value(spec.name)

    def on_value(new, name=spec.name):
        set_lever(name, spec.coerce(new))

    shown = text("controls.on" if value else "controls.off", lang) if spec.kind == "bool" else i18n.format_number(value) if spec.kind in ("int", "float") else str(value)
    with solara.Column(gap="0px", classes=["cogov-lever"], style={"margin-top": "4px"}):
        with solara.Tooltip(i18n.parameter_tooltip(spec.name, lang)):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f'<span>{escape(label)}</span><b style="float:right">{escape(shown)}</b>',
                style="font-size:13px;line-height:1.2;padding:0 2px",
                attributes={"data-parameter": spec.name},
            )
        if spec.kind == "bool":
            solara.Switch(label="", value=bool(value), on_value=on_value, style={"margin-top": "0"})
        elif spec.kind == "int":
            solara.SliderInt("", value=int(value), min=int(spec.minimum), max=int(spec.maximum), on_value=on_value)
        elif spec.kind == "float":
            solara.SliderFloat(
                "", value=float(value), min=float(spec.minimum), max=float(spec.maximum), step=slider_step(spec), on_value=on_value
            )
        else:
            solara.Select("", values=list(spec.choices), value=value, on_value=on_value)


@solara.component
def Player():
    """Steps the runs while Play is on (a background task of this session)."""

    def loop():
        while playing.value:
            room = current_classroom()
            if room.finished:
                playing.set(False)
                return
            room.step()
            version.set(version.value + 1)
            time.sleep(PLAY_INTERVAL_SECONDS)

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)


@solara.component
def Controls(lang: str):
    names = scenario_names()
    titles = {scenario(name).title(lang): name for name in names}
    title_of = {name: title for title, name in titles.items()}
    with solara.Column(gap="6px", style={"padding": "4px 2px"}):
        with solara.Tooltip(text("controls.scenario_tooltip", lang)):
            solara.Select(
                text("controls.scenario", lang), values=list(titles), value=title_of[scenario_a.value],
                on_value=lambda title: choose_scenario_a(titles[title]),
            )
        with solara.Tooltip(text("controls.side_by_side_tooltip", lang)), solara.Div():
            solara.Switch(label=text("controls.side_by_side", lang), value=side_by_side.value, on_value=set_side_by_side)
        if side_by_side.value:
            solara.Select(
                text("controls.comparison", lang), values=list(titles), value=title_of[scenario_b.value],
                on_value=lambda title: choose_scenario_b(titles[title]),
            )
            solara.Text(text("controls.side_by_side_note", lang), style={"font-size": "12px", "color": "#546e7a"})
        with solara.Tooltip(text("controls.seed_tooltip", lang)), solara.Div():
            solara.InputInt(text("controls.seed", lang), value=seed.value, on_value=set_seed)
        if seed_refused.value:
            solara.Warning(text("controls.seed_invalid", lang, seed=seed.value), dense=True)
        with solara.Row(gap="6px"):
            with solara.Tooltip(text("controls.step_tooltip", lang)):
                solara.Button(text("controls.step", lang), on_click=step_once, disabled=playing.value, color="primary", classes=["cogov-step"])
            with solara.Tooltip(text("controls.play_tooltip", lang)):
                solara.Button(
                    text("controls.pause" if playing.value else "controls.play", lang),
                    on_click=lambda: playing.set(not playing.value), color="primary", outlined=True, classes=["cogov-play"],
                )
            with solara.Tooltip(text("controls.reset_tooltip", lang)):
                solara.Button(text("controls.reset", lang), on_click=rebuild, outlined=True, classes=["cogov-reset"])
        solara.Text(text("controls.restart_note", lang), style={"font-size": "12px", "color": "#546e7a"})
        specs = lever_specs()
        for group in LEVER_GROUPS:
            with solara.Column(gap="0px").key(f"group-{group}"):
                solara.HTML(tag="h3", unsafe_innerHTML=escape(i18n.group_title(group, lang)), style="margin:10px 0 0;font-size:15px")
                for spec in specs:
                    if spec.group == group:
                        Lever(spec, lang).key(spec.name)


@solara.component
def WeekCounter(lang: str, tick: int):
    room = current_classroom()
    households = room.runs[0].model.households.count
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<span class="cogov-week" data-week="{room.week}" style="font-size:28px;font-weight:700">'
            f'{text("app.week", lang, week=room.week)}</span>'
            f'<span style="margin-left:16px;color:#546e7a">{text("app.households", lang, count=households)}</span>'
        ),
    )


@solara.component
def Community(lang: str, tick: int):
    room = current_classroom()
    state_labels = {text(f"state.{state}", lang): state for state in grid.COLOUR_STATES}
    label_of = {state: label for label, state in state_labels.items()}
    with solara.Card(title=text("grid.title", lang), margin=0, style={"height": "100%"}):
        solara.ToggleButtonsSingle(
            value=label_of[colour_by.value], values=list(state_labels),
            on_value=lambda label: colour_by.set(state_labels[label]), dense=True, style={"flex-wrap": "wrap"},
        )
        keys = ("grid.label_a", "grid.label_b")
        with solara.Columns([1] * len(room.runs), gutters_dense=True):
            for key, run in zip(keys, room.runs, strict=False):
                title = text(key, lang, title=run.scenario.title(lang)) if room.side_by_side else run.scenario.title(lang)
                with solara.Column(gap="2px"):
                    solara.Text(title, style={"font-weight": "600"})
                    solara.HTML(tag="div", unsafe_innerHTML=grid.grid_svg(run.model, colour_by.value, lang, title))
        solara.HTML(tag="div", unsafe_innerHTML=grid.legend_html(colour_by.value, lang))


@solara.component
def Charts(lang: str, tick: int):
    room = current_classroom()
    with solara.Column(gap="6px"):
        if room.side_by_side:
            titles = [run.scenario.title(lang) for run in room.runs]
            solara.HTML(tag="div", unsafe_innerHTML=charts.run_key_html(titles, lang))
        with solara.GridFixed(columns=2):
            for panel in charts.PANELS:
                with solara.Card(margin=0, classes=["cogov-panel"]):
                    solara.HTML(tag="div", unsafe_innerHTML=charts.line_chart(panel, room.runs, lang))
                    solara.HTML(tag="div", unsafe_innerHTML=charts.chart_legend_html(panel, room.runs, lang))


@solara.component
def LiveViews(lang: str):
    """Everything that changes with each step, redrawn in one render pass per step."""
    tick = version.value
    with solara.Column(gap="12px"):
        WeekCounter(lang, tick)
        with solara.Columns([6, 6] if side_by_side.value else [5, 7]):
            Community(lang, tick)
            Charts(lang, tick)


@solara.component
def InfoCards(lang: str):
    names = [scenario_a.value] + ([scenario_b.value] if side_by_side.value else [])
    with solara.Columns([1] * len(names)):
        for name in names:
            card = scenario(name)
            with solara.Card(title=text("info.title", lang, title=card.title(lang)), margin=0):
                solara.HTML(tag="div", unsafe_innerHTML=info.info_card_html(card, lang))


@solara.component
def Header(lang: str):
    with solara.Row(
        justify="space-between",
        style={"background": "#1565c0", "color": "white", "padding": "10px 18px", "align-items": "center"},
    ):
        solara.HTML(tag="div", unsafe_innerHTML=escape(text("app.title", lang)), style="font-size:22px;font-weight:500")
        solara.Button(
            text("app.switch_language", lang), on_click=lambda: language.set(i18n.other_language(language.value)),
            outlined=True, classes=["cogov-language"], style={"color": "white", "text-transform": "none", "border-color": "white"},
            attributes={"title": text("app.switch_language_tooltip", lang)},
        )


@solara.component
def Page():
    lang = language.value
    current_classroom()
    Player()
    solara.Title(text("app.title", lang))
    with solara.Column(gap="0px", style={"min-height": "100vh"}):
        Header(lang)
        with solara.Row(gap="0px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
            with solara.Column(
                classes=["cogov-sidebar"],
                style={
                    "width": "310px", "flex": "none", "padding": "8px 14px", "position": "sticky", "top": "0",
                    "max-height": "100vh", "overflow-y": "auto", "border-right": "1px solid #e0e0e0",
                },
            ):
                Controls(lang)
            with solara.Column(gap="12px", style={"flex": "1 1 640px", "padding": "8px 12px", "min-width": "0"}):
                LiveViews(lang)
                InfoCards(lang)


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's layout signature)
    """No Solara app bar or drawer: the page draws its own header and sidebar."""
    solara.Column(children=children, gap="0px", style={"padding": "0"})
