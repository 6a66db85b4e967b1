"""The classroom dashboard: a Solara page around :class:`sim.interfaces.dashboard.session.Classroom`.

Run it with ``cogov dashboard`` (see :mod:`sim.interfaces.dashboard.server`). Layout, in the spirit of
NetLogo's Interface and Info tabs:

* header: title, presentation mode (large text and marks, remembered by the browser), language;
* sidebar: scenario, side-by-side comparison, seed, Step / Play / Reset / Replay, speed, "run to
  week N", "redraw every N weeks", the lesson file, exports, and one slider per main and
  secondary lever (generated from the parameter registry, with its explanation on hover/focus);
* main area: the week counter and scenario label (saying when it was modified), big monitors,
  the intervention log, the community map (click to inspect), four live charts with the
  interventions marked, each of which can be enlarged to fill the screen; then the Info cards.

Moving a slider once the run has started changes the running community from the next week
(:meth:`Classroom.intervene`); at week 0 it sets the value the run starts with. State lives in
module-level ``solara.reactive`` variables, which Solara keeps per browser session; the browser
keeps the lesson and presentation mode across a reload (``vue/page_bridge.vue``).
"""

from __future__ import annotations

import base64
import json
import os
import time
from html import escape
from pathlib import Path

import solara

from sim.errors import UserInputError
from sim.interfaces.dashboard import charts, grid, i18n, info
from sim.interfaces.dashboard.export import CJK_FONT_STACK, class_record_html, events_of, monitor_html, run_csv, scenario_label
from sim.interfaces.dashboard.i18n import format_setting, text
from sim.interfaces.dashboard.inspector import inspect_cell, inspect_html
from sim.interfaces.dashboard.lesson import classroom_from_bytes, classroom_from_lesson, lesson_json, load_lesson
from sim.interfaces.dashboard.server import LESSON_ENVIRONMENT_VARIABLE
from sim.interfaces.dashboard.session import (
    DEFAULT_COMPARISON,
    DEFAULT_SCENARIO,
    LEVER_GROUPS,
    MAX_WEEKS,
    Classroom,
    lever_specs,
    scenario,
    scenario_names,
    valid_seed,
)
from sim.model import CoGovernanceModel
from sim.parameters import ParameterSpec

VUE = Path(__file__).parent / "vue"
#: Speeds offered, in weeks per second; 0 runs as fast as the machine goes.
SPEEDS = (1, 2, 5, 10, 20, 0)
DEFAULT_SPEED = 10
REDRAW_CHOICES = (1, 2, 4, 13, 26)
#: Shortest pause between redraws while playing, so that clicks are answered between them.
MIN_PAUSE_SECONDS = 0.01
#: Largest lesson file accepted from the browser.
LESSON_MAX_BYTES = 1_000_000

language = solara.reactive(i18n.default_language())
scenario_a = solara.reactive(DEFAULT_SCENARIO)
scenario_b = solara.reactive(DEFAULT_COMPARISON)
side_by_side = solara.reactive(False)
seed = solara.reactive(0)
overrides: solara.Reactive[dict] = solara.reactive({})
colour_by = solara.reactive(grid.COLOUR_STATES[0])
playing = solara.reactive(False)
classroom: solara.Reactive[Classroom | None] = solara.reactive(None)
version = solara.reactive(0)  # bumped after every redraw: the views redraw
seed_refused = solara.reactive(False)  # the last seed typed was not a whole number in range
presentation = solara.reactive(False)
full_range = solara.reactive(False)  # rate axes fixed at 0-100% instead of fitted to the data
speed = solara.reactive(DEFAULT_SPEED)
redraw_every = solara.reactive(1)
run_to = solara.reactive(104)
stop_at: solara.Reactive[int | None] = solara.reactive(None)
enlarged: solara.Reactive[str | None] = solara.reactive(None)  # "grid" or a chart panel
inspected: solara.Reactive[tuple | None] = solara.reactive(None)  # (run, x, y)
notice: solara.Reactive[tuple | None] = solara.reactive(None)  # (kind, message)
applied = solara.reactive(0)  # interventions made so far: the sliders show the values in force

#: Every per-session variable with its start value (see :func:`reset_session`).
_STATE = (
    language, scenario_a, scenario_b, side_by_side, seed, overrides, colour_by, playing, classroom, version, seed_refused,
    presentation, full_range, speed, redraw_every, run_to, stop_at, enlarged, inspected, notice, applied,
)
_START = {id(variable): variable.value for variable in _STATE}


def reset_session() -> None:
    """Put this session's state back to its start values (a fresh page)."""
    for variable in _STATE:
        variable.set(_START[id(variable)])
    language.set(i18n.default_language())


# ---------------------------------------------------------------------- actions
def redraw() -> None:
    version.set(version.value + 1)
    applied.set(len(current_classroom().interventions))  # the sliders redraw only when this changes


def rebuild() -> None:
    """Start the runs again from week 0 with the current settings and no interventions."""
    playing.set(False)
    comparison = scenario_b.value if side_by_side.value else None
    classroom.set(Classroom(scenario_a.value, seed.value, dict(overrides.value), comparison))
    inspected.set(None)
    notice.set(None)
    redraw()


def replay() -> None:
    """Start again from week 0 and make the same interventions at the same weeks."""
    playing.set(False)
    current_classroom().reset(replay=True)
    inspected.set(None)
    redraw()


def current_classroom() -> Classroom:
    if classroom.value is None:
        start_page()
    return classroom.value


def start_page() -> None:
    """A new page: the lesson given to ``cogov dashboard --lesson`` if any, else the default scenario."""
    path = os.environ.get(LESSON_ENVIRONMENT_VARIABLE)
    if path:
        try:
            room, _ = load_lesson(path)
        except UserInputError as exc:  # the file changed since the server checked it
            rebuild()
            notice.set(("error", str(exc)))
            return
        adopt(room, 0)
        return
    rebuild()


def step_once() -> None:
    current_classroom().step()
    redraw()


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


def started(room: Classroom) -> bool:
    return room.week > 0 or bool(room.interventions)


def set_lever(name: str, value) -> None:
    """Before the run: the value it starts with. During the run: an intervention from the next
    week on, or, for a parameter fixed at set-up, a value kept for the next Reset."""
    room = current_classroom()
    if started(room):
        if name in CoGovernanceModel.SET_UP_ONLY:
            overrides.set({**overrides.value, name: value})
            notice.set(("warning", text("controls.set_up_only", language.value, label=i18n.parameter_label(name, language.value))))
        else:
            room.intervene({name: value})
            notice.set(None)
        redraw()
        return
    preset = getattr(scenario(scenario_a.value).parameters, name)
    changed = dict(overrides.value)
    if value == preset:
        changed.pop(name, None)
    else:
        changed[name] = value
    overrides.set(changed)
    rebuild()


def lever_value(name: str):
    room = current_classroom()
    if name in overrides.value and (not started(room) or name in CoGovernanceModel.SET_UP_ONLY):
        return overrides.value[name]
    if started(room):
        return room.value(name)
    return getattr(scenario(scenario_a.value).parameters, name)


def slider_step(spec: ParameterSpec) -> float:
    """A hundredth of the range, rounded to a power of ten (0.01 for shares)."""
    import math

    span = float(spec.maximum) - float(spec.minimum)
    return 10 ** round(math.log10(span / 100)) if span > 0 else 1


def adopt(room: Classroom, week: int) -> None:
    """Show a classroom built elsewhere (a lesson file, a reload), run on to ``week``."""
    playing.set(False)
    scenario_a.set(room.scenario_a)
    seed.set(room.seed)
    overrides.set(dict(room.overrides))
    side_by_side.set(room.scenario_b is not None)
    if room.scenario_b is not None:
        scenario_b.set(room.scenario_b)
    room.step(week)
    classroom.set(room)
    inspected.set(None)
    redraw()


def load_lesson_upload(upload: dict) -> None:
    name = str(upload.get("name", "lesson.json"))
    try:
        raw = base64.b64decode(upload.get("data", ""))
        if len(raw) > LESSON_MAX_BYTES:
            raise UserInputError(f"lesson file {name}: {len(raw)} bytes is too large for a lesson file (at most {LESSON_MAX_BYTES}).")
        room, _ = classroom_from_bytes(raw, name)
    except UserInputError as exc:
        notice.set(("error", str(exc)))
        return
    adopt(room, 0)
    notice.set(("info", text("controls.lesson_loaded", language.value, name=name, count=len(room.plan) + len(room.interventions))))


def restore_from_browser(stored: dict) -> None:
    """What the browser kept before a reload: presentation mode and the lesson (runs back to its week)."""
    if stored.get("presentation") is not None:
        presentation.set(stored["presentation"] == "1")
    text_kept = stored.get("lesson")
    if not text_kept:
        return
    try:
        room, week = classroom_from_lesson(json.loads(text_kept), "(browser storage)")
    except (UserInputError, ValueError):
        return  # a stale or foreign entry: start fresh
    if week == 0 and not room.plan:
        return
    adopt(room, week)
    notice.set(("info", text("controls.restored", language.value, week=week)))


def inspect_at(click: dict) -> None:
    try:
        inspected.set((int(click["run"]), int(click["x"]), int(click["y"])))
    except (KeyError, TypeError, ValueError):
        return


def start_run_to() -> None:
    room = current_classroom()
    if run_to.value > room.week:
        stop_at.set(run_to.value)
        playing.set(True)


def style() -> charts.ChartStyle:
    return charts.PRESENTATION if presentation.value else charts.NORMAL


# ---------------------------------------------------------------------- browser pieces
@solara.component_vue(str(VUE / "page_bridge.vue"))
def PageBridge(lang: str, presentation: bool, lesson: str, event_restore=None):
    pass


@solara.component_vue(str(VUE / "grid_view.vue"))
def GridView(svg: str, event_cell_click=None):
    pass


@solara.component_vue(str(VUE / "lesson_upload.vue"))
def LessonUpload(label: str, event_upload=None):
    pass


PAGE_CSS = f"""
html, body, .v-application, .v-application .text-h5, .v-application .v-card__title {{ font-family: {CJK_FONT_STACK} !important; }}
.cogov-help {{ display: none; font-size: 13px; line-height: 1.45; color: #263238; background: #fff8e1;
  border-left: 3px solid #f9a825; padding: 4px 6px; margin: 2px 0 4px; }}
.cogov-lever:hover .cogov-help, .cogov-lever:focus-within .cogov-help {{ display: block; }}
.cogov-lever .v-input__slot {{ margin-bottom: 0 !important; }}
.cogov-lever .v-messages {{ display: none; }}
.cogov-presentation .cogov-legend, .cogov-presentation .cogov-inspect {{ font-size: 18px !important; }}
.cogov-speed .v-btn {{ min-width: 36px !important; padding: 0 6px !important; }}
.cogov-panel .v-btn.v-size--small {{ min-width: 0 !important; padding: 0 6px !important; }}
.cogov-header .v-btn {{ background: transparent !important; color: white !important; border: 1px solid white !important;
  text-transform: none !important; font-size: 15px !important; }}
.cogov-header .v-btn.cogov-on {{ background: #ffb300 !important; color: #0d2b45 !important; }}
.cogov-panel-actions .v-btn {{ text-transform: none !important; }}
.cogov-enlarged {{ position: fixed; inset: 0; z-index: 50; background: white; padding: 12px 20px; overflow: auto; }}
"""


# ---------------------------------------------------------------------- components
@solara.component
def Lever(spec: ParameterSpec, lang: str):
    """One registry parameter as a control: label and value on one line, the slider or switch
    below, and its meaning, range, default and source shown on hover or keyboard focus."""
    label = i18n.parameter_label(spec.name, lang)
    applied.value  # noqa: B018 (subscribes: an intervention changes the value shown)
    value = lever_value(spec.name)

    def on_value(new, name=spec.name):
        set_lever(name, spec.coerce(new))

    shown = format_setting(spec.name, value, lang)
    with solara.Column(gap="0px", classes=["cogov-lever"], style={"margin-top": "4px"}):
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
        solara.HTML(tag="div", unsafe_innerHTML=escape(i18n.parameter_tooltip(spec.name, lang)), classes=["cogov-help"],
                    attributes={"data-help": spec.name})


@solara.component
def Help(message: str):
    solara.HTML(tag="div", unsafe_innerHTML=escape(message), classes=["cogov-help"])


@solara.component
def Player():
    """Steps the runs while Play is on (a background task of this session): ``redraw_every``
    weeks per redraw, paced to ``speed`` weeks per second (0: no pause), up to ``stop_at``."""

    def loop():
        while playing.value:
            room = current_classroom()
            target = stop_at.value if stop_at.value is not None else MAX_WEEKS
            if room.finished or room.week >= target:
                playing.set(False)
                stop_at.set(None)
                return
            weeks = min(redraw_every.value, target - room.week)
            began = time.perf_counter()
            room.step(weeks)
            redraw()
            pace = weeks / speed.value if speed.value else 0.0
            time.sleep(max(MIN_PAUSE_SECONDS, pace - (time.perf_counter() - began)))

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)


@solara.component
def PlayButtons(lang: str):
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        solara.Button(text("controls.step", lang), on_click=step_once, disabled=playing.value, color="primary",
                      classes=["cogov-step"], attributes={"title": text("controls.step_tooltip", lang)})
        solara.Button(
            text("controls.pause" if playing.value else "controls.play", lang),
            on_click=lambda: playing.set(not playing.value), color="primary", outlined=True, classes=["cogov-play"],
            attributes={"title": text("controls.play_tooltip", lang)},
        )
        room = current_classroom()
        applied.value  # noqa: B018 (subscribes: Replay appears with the first intervention)
        reset_tip = "controls.reset_tooltip_events" if room.interventions else "controls.reset_tooltip"
        solara.Button(text("controls.reset", lang), on_click=rebuild, outlined=True, classes=["cogov-reset"],
                      attributes={"title": text(reset_tip, lang)})
        if room.interventions or room.plan:
            solara.Button(text("controls.replay", lang), on_click=replay, outlined=True, classes=["cogov-replay"],
                          attributes={"title": text("controls.replay_tooltip", lang)})


@solara.component
def SpeedControls(lang: str):
    speed_labels = {str(s) if s else text("controls.speed_max", lang): s for s in SPEEDS}
    label_of = {s: label for label, s in speed_labels.items()}
    with solara.Column(gap="2px", classes=["cogov-speed"]):
        solara.Text(text("controls.speed", lang), style={"font-size": "13px"})
        solara.ToggleButtonsSingle(value=label_of[speed.value], values=list(speed_labels),
                                   on_value=lambda label: speed.set(speed_labels[label]), dense=True, style={"flex-wrap": "wrap"})
        solara.Text(text("controls.redraw_every", lang), style={"font-size": "13px"})
        solara.ToggleButtonsSingle(value=str(redraw_every.value), values=[str(n) for n in REDRAW_CHOICES],
                                   on_value=lambda n: redraw_every.set(int(n)), dense=True, classes=["cogov-redraw"],
                                   style={"flex-wrap": "wrap"})
        with solara.Row(gap="6px", style={"align-items": "center"}, classes=["cogov-lever"]):
            solara.InputInt(text("controls.run_to", lang), value=run_to.value, on_value=lambda n: run_to.set(max(0, min(int(n), MAX_WEEKS))),
                            classes=["cogov-run-to-input"])
            solara.Button(text("controls.run_to_button", lang), on_click=start_run_to, outlined=True, classes=["cogov-run-to"])
        Help(text("controls.run_to_help", lang))


@solara.component
def LessonControls(lang: str):
    room = current_classroom()
    solara.HTML(tag="h3", unsafe_innerHTML=escape(text("controls.lesson", lang)), style="margin:10px 0 0;font-size:15px")
    with solara.Column(gap="4px", classes=["cogov-lever"]):
        with solara.Div(classes=["cogov-save-lesson"]):
            solara.FileDownload(lambda: lesson_json(room).encode("utf-8"), filename=f"lesson-{room.scenario_a}-seed{room.seed}.json",
                                label=text("controls.save_lesson", lang))
        LessonUpload(label=text("controls.load_lesson", lang), event_upload=load_lesson_upload)
        Help(text("controls.lesson_help", lang))
    solara.HTML(tag="h3", unsafe_innerHTML=escape(text("controls.export", lang)), style="margin:10px 0 0;font-size:15px")
    with solara.Row(gap="4px", style={"flex-wrap": "wrap"}):
        with solara.Div(classes=["cogov-export-csv"]):
            solara.FileDownload(lambda: run_csv(room.runs, room.interventions).encode("utf-8"),
                                filename=f"cogov-{room.scenario_a}-seed{room.seed}.csv",
                                label=text("controls.export_csv", lang))
        with solara.Div(classes=["cogov-export-record"]):
            solara.FileDownload(
                lambda: class_record_html(room.runs, room.seed, room.interventions, lang, room.overrides).encode("utf-8"),
                filename=f"class-record-{room.scenario_a}-seed{room.seed}.html", label=text("controls.export_record", lang),
            )


@solara.component
def Controls(lang: str):
    names = scenario_names()
    titles = {scenario(name).title(lang): name for name in names}
    title_of = {name: title for title, name in titles.items()}
    with solara.Column(gap="6px", style={"padding": "4px 2px"}):
        with solara.Column(gap="0px", classes=["cogov-lever"]):
            modified = applied.value > 0 or bool(overrides.value)
            solara.Select(
                text("controls.scenario_modified" if modified else "controls.scenario", lang), values=list(titles),
                value=title_of[scenario_a.value], on_value=lambda title: choose_scenario_a(titles[title]),
            )
            Help(text("controls.scenario_tooltip", lang))
        with solara.Column(gap="0px", classes=["cogov-lever"]):
            solara.Switch(label=text("controls.side_by_side", lang), value=side_by_side.value, on_value=set_side_by_side)
            Help(text("controls.side_by_side_tooltip", lang))
        if side_by_side.value:
            solara.Select(
                text("controls.comparison", lang), values=list(titles), value=title_of[scenario_b.value],
                on_value=lambda title: choose_scenario_b(titles[title]),
            )
            solara.Text(text("controls.side_by_side_note", lang), style={"font-size": "12px", "color": "#546e7a"})
        with solara.Column(gap="0px", classes=["cogov-lever"]):
            solara.InputInt(text("controls.seed", lang), value=seed.value, on_value=set_seed)
            Help(text("controls.seed_tooltip", lang))
        if seed_refused.value:
            solara.Warning(text("controls.seed_invalid", lang, seed=seed.value), dense=True)
        PlayButtons(lang)
        SpeedControls(lang)
        solara.Text(text("controls.restart_note", lang), style={"font-size": "12px", "color": "#546e7a"})
        if notice.value is not None:
            kind, message = notice.value
            {"warning": solara.Warning, "error": solara.Error}.get(kind, solara.Info)(message, dense=True, classes=["cogov-notice"])
        specs = lever_specs()
        for group in LEVER_GROUPS:
            with solara.Column(gap="0px").key(f"group-{group}"):
                solara.HTML(tag="h3", unsafe_innerHTML=escape(i18n.group_title(group, lang)), style="margin:10px 0 0;font-size:15px")
                for spec in specs:
                    if spec.group == group:
                        Lever(spec, lang).key(spec.name)
        LessonControls(lang)


@solara.component
def WeekCounter(lang: str, tick: int):
    room = current_classroom()
    households = room.runs[0].model.households.count
    size = 34 if presentation.value else 28
    label = scenario_label(room.runs[0].scenario.title(lang), room.modified, lang)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<span class="cogov-week" data-week="{room.week}" style="font-size:{size}px;font-weight:700">'
            f'{escape(text("app.week", lang, week=room.week))}</span>'
            f'<span class="cogov-scenario-label" data-modified="{str(room.modified).lower()}" '
            f'style="margin-left:16px;font-size:{size * 0.6:.0f}px;font-weight:600">{escape(label)}</span>'
            f'<span style="margin-left:16px;color:#546e7a">{escape(text("app.households", lang, count=households))}</span>'
        ),
    )


@solara.component
def EventLog(lang: str, tick: int):
    room = current_classroom()
    font = 18 if presentation.value else 14
    items = [f'<li data-week="{w}">{escape(label)}</li>' for w, label in events_of(room.interventions, lang)]
    if room.overrides:
        changes = text("event.separator", lang).join(
            f"{i18n.parameter_label(k, lang)} = {format_setting(k, v, lang)}" for k, v in room.overrides.items()
        )
        items.insert(0, f"<li>{escape(text('scenario.overrides', lang, changes=changes))}</li>")
    body = f'<ul style="margin:0;padding-left:1.2em">{"".join(items)}</ul>' if items else escape(text("event.none", lang))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f'<b>{escape(text("event.log_heading", lang))}</b>{body}',
        classes=["cogov-event-log"],
        style=f"font-size:{font}px;line-height:1.4",
    )


def enlarge_button(panel: str, lang: str):
    solara.Button(text("controls.enlarge", lang), on_click=lambda: enlarged.set(panel), text=True, small=True,
                  classes=["cogov-enlarge"], attributes={"data-panel": panel})


@solara.component
def Community(lang: str, tick: int, large: bool = False):
    room = current_classroom()
    state_labels = {text(f"state.{state}", lang): state for state in grid.COLOUR_STATES}
    label_of = {state: label for label, state in state_labels.items()}
    marks = grid.LARGE_MARKS if presentation.value or large else grid.NORMAL_MARKS
    font = 18 if presentation.value or large else 13
    with solara.Card(margin=0, style={"height": "100%"}, classes=["cogov-panel"]):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            solara.HTML(tag="div", unsafe_innerHTML=escape(text("grid.title", lang)), style=f"font-size:{font + 4}px;font-weight:600")
            if not large:
                enlarge_button("grid", lang)
        solara.ToggleButtonsSingle(
            value=label_of[colour_by.value], values=list(state_labels),
            on_value=lambda label: colour_by.set(state_labels[label]), dense=True, style={"flex-wrap": "wrap"},
        )
        keys = ("grid.label_a", "grid.label_b")
        with solara.Columns([1] * len(room.runs), gutters_dense=True):
            for index, (key, run) in enumerate(zip(keys, room.runs, strict=False)):
                title = text(key, lang, title=run.scenario.title(lang)) if room.side_by_side else run.scenario.title(lang)
                with solara.Column(gap="2px"):
                    solara.Text(title, style={"font-weight": "600", "font-size": f"{font}px"})
                    svg = grid.grid_svg(run.model, colour_by.value, lang, title, run=index, marks=marks)
                    if large:
                        svg = svg.replace("max-height:72vh", "max-height:calc(100vh - 200px)")
                    GridView(svg=svg, event_cell_click=inspect_at)
        solara.HTML(tag="div", unsafe_innerHTML=grid.legend_html(colour_by.value, lang, font_px=font))
        Inspector(lang, tick)


@solara.component
def Inspector(lang: str, tick: int):
    room = current_classroom()
    font = 18 if presentation.value else 14
    if inspected.value is None:
        solara.HTML(tag="div", unsafe_innerHTML=escape(text("inspect.hint", lang)), style=f"font-size:{font - 2}px;color:#546e7a")
        return
    run, x, y = inspected.value
    model = room.runs[min(run, len(room.runs) - 1)].model
    # Floats over the lower right corner, so it is seen at once without scrolling, and never
    # covers the sidebar's controls.
    with solara.Column(gap="4px", classes=["cogov-inspector"], style={
        "position": "fixed", "right": "14px", "bottom": "14px", "width": "360px", "max-height": "60vh", "overflow-y": "auto",
        "z-index": "40", "background": "#f1f8fe", "border": "2px solid #0072b2", "border-radius": "6px", "padding": "8px 10px",
        "box-shadow": "0 2px 10px rgba(0,0,0,.25)",
    }):
        solara.HTML(tag="div", unsafe_innerHTML=inspect_html(inspect_cell(model, x, y, lang), font))
        solara.Button(text("inspect.close", lang), on_click=lambda: inspected.set(None), small=True, outlined=True,
                      classes=["cogov-inspect-close"], style={"align-self": "flex-end"})


@solara.component
def ChartPanel(panel: str, lang: str, tick: int, large: bool = False):
    room = current_classroom()
    chart_style = charts.ENLARGED if large else style()
    events = events_of(room.interventions, lang)
    with solara.Card(margin=0, classes=["cogov-panel"]):
        solara.HTML(tag="div", unsafe_innerHTML=charts.line_chart(panel, room.runs, lang, events, not full_range.value, chart_style))
        solara.HTML(tag="div", unsafe_innerHTML=charts.chart_legend_html(panel, room.runs, lang, chart_style))
        if not large:
            PanelActions(panel, lang)


@solara.component
def PanelActions(panel: str, lang: str):
    """Download as PNG and Enlarge. Not redrawn with each step: the image is drawn when clicked."""

    def png() -> bytes:
        room = current_classroom()
        titles = [run.scenario.title(lang) for run in room.runs]
        return charts.chart_png(panel, room.runs, lang, events_of(room.interventions, lang), not full_range.value, titles)

    with solara.Row(justify="end", gap="0px", classes=["cogov-panel-actions"]):
        with solara.Div(classes=["cogov-png"]):
            solara.FileDownload(png, filename=f"{panel}.png", children=[
                solara.Button(text("controls.export_png", lang), text=True, small=True, icon_name="mdi-download")
            ])
        enlarge_button(panel, lang)


@solara.component
def Charts(lang: str, tick: int):
    room = current_classroom()
    with solara.Column(gap="6px"):
        if room.side_by_side:
            titles = [run.scenario.title(lang) for run in room.runs]
            solara.HTML(tag="div", unsafe_innerHTML=charts.run_key_html(titles, lang, style()))
        with solara.GridFixed(columns=2):
            for panel in charts.PANELS:
                ChartPanel(panel, lang, tick).key(panel)


@solara.component
def Enlarged(lang: str, tick: int):
    """One panel filling the screen, with the week, Play and a way back."""
    room = current_classroom()
    with solara.Column(classes=["cogov-enlarged"], gap="8px"):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            WeekCounter(lang, tick)
            with solara.Row(gap="6px"):
                solara.Button(text("controls.pause" if playing.value else "controls.play", lang),
                              on_click=lambda: playing.set(not playing.value), color="primary", outlined=True)
                solara.Button(text("controls.shrink", lang), on_click=lambda: enlarged.set(None), color="primary", classes=["cogov-shrink"])
        if enlarged.value == "grid":
            Community(lang, tick, large=True)
        else:
            if room.side_by_side:
                solara.HTML(tag="div", unsafe_innerHTML=charts.run_key_html([r.scenario.title(lang) for r in room.runs], lang, charts.ENLARGED))
            ChartPanel(enlarged.value, lang, tick, large=True)


@solara.component
def LiveViews(lang: str):
    """Everything that changes with each step, redrawn in one render pass per step: the only
    component that reads ``version`` (each reader would cost the page another render pass)."""
    tick = version.value
    room = current_classroom()
    Memory(lang, tick)
    if enlarged.value is not None:
        Enlarged(lang, tick)
    with solara.Column(gap="10px", style={"display": "none"} if enlarged.value is not None else {}):
        with solara.Row(justify="space-between", style={"align-items": "center", "flex-wrap": "wrap"}):
            WeekCounter(lang, tick)
            with solara.Div(classes=["cogov-full-range"]):
                solara.Checkbox(label=text("controls.full_range", lang), value=full_range.value, on_value=full_range.set)
        solara.HTML(tag="div", unsafe_innerHTML=monitor_html(room.runs, lang, 34 if presentation.value else 24))
        EventLog(lang, tick)
        with solara.Columns([6, 6] if side_by_side.value else [5, 7]):
            Community(lang, tick)
            Charts(lang, tick)
    InfoCards(lang, tick)


@solara.component
def InfoCards(lang: str, tick: int):
    room = current_classroom()
    names = [scenario_a.value] + ([scenario_b.value] if side_by_side.value else [])
    with solara.Columns([1] * len(names)):
        for index, name in enumerate(names):
            card = scenario(name)
            title = scenario_label(card.title(lang), index == 0 and room.modified, lang)
            with solara.Card(title=text("info.title", lang, title=title), margin=0):
                if index == 0 and room.modified:
                    EventLog(lang, tick)
                solara.HTML(tag="div", unsafe_innerHTML=info.info_card_html(card, lang))


@solara.component
def Header(lang: str):
    with solara.Row(
        justify="space-between", classes=["cogov-header"],
        style={"background": "#0d47a1", "color": "white", "padding": "8px 18px", "align-items": "center"},
    ):
        solara.HTML(tag="div", unsafe_innerHTML=escape(text("app.title", lang)), style="font-size:22px;font-weight:500")
        with solara.Row(gap="10px", style={"align-items": "center", "background": "transparent"}):
            solara.Button(
                text("controls.presentation", lang), on_click=lambda: presentation.set(not presentation.value),
                outlined=True, classes=["cogov-presentation-toggle"] + (["cogov-on"] if presentation.value else []),
                attributes={"title": text("controls.presentation_help", lang), "aria-pressed": str(presentation.value).lower()},
            )
            solara.Button(
                text("app.switch_language", lang), on_click=lambda: language.set(i18n.other_language(language.value)),
                outlined=True, classes=["cogov-language"],
                attributes={"title": text("app.switch_language_tooltip", lang)},
            )


@solara.component
def Memory(lang: str, tick: int):
    """The browser side: page language, and the lesson and presentation mode kept across a reload
    (redrawn with every ``tick``: the kept lesson follows the week)."""
    PageBridge(lang=lang, presentation=presentation.value, lesson=lesson_json(current_classroom()), event_restore=restore_from_browser)


@solara.component
def Page():
    lang = language.value
    current_classroom()
    Player()
    solara.Title(text("app.title", lang))
    solara.Style(PAGE_CSS)
    classes = ["cogov-page"] + (["cogov-presentation"] if presentation.value else [])
    with solara.Column(gap="0px", style={"min-height": "100vh"}, classes=classes):
        Header(lang)
        with solara.Row(gap="0px", style={"flex-wrap": "nowrap", "align-items": "flex-start"}):
            with solara.Column(
                classes=["cogov-sidebar"],
                style={
                    "width": "290px", "flex": "none", "padding": "8px 12px", "position": "sticky", "top": "0",
                    "max-height": "100vh", "overflow-y": "auto", "border-right": "1px solid #e0e0e0",
                },
            ):
                Controls(lang)
            with solara.Column(gap="12px", style={"flex": "1 1 640px", "padding": "8px 12px", "min-width": "0"}):
                LiveViews(lang)


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's layout signature)
    """No Solara app bar or drawer: the page draws its own header and sidebar."""
    solara.Column(children=children, gap="0px", style={"padding": "0"})
