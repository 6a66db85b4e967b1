"""The dashboard's sidebar: scenario, seed, Play, speed, lesson file, exports and one control per lever.

Each lever is generated from the parameter registry: label and value in force on one line, the
control below, and its meaning, range, default and source shown on hover or keyboard focus.
Sliders report a value once, when let go (``vue/lever_slider.vue``): during a run that is one
intervention, however far the slider was dragged.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

import solara

from sim.interfaces.dashboard import actions, i18n
from sim.interfaces.dashboard.export import class_record_html, run_csv
from sim.interfaces.dashboard.frames import sizes
from sim.interfaces.dashboard.i18n import format_setting, text
from sim.interfaces.dashboard.lesson import LESSON_MAX_BYTES, lesson_json
from sim.interfaces.dashboard.session import LEVER_GROUPS, lever_specs, scenario, scenario_names
from sim.interfaces.dashboard.state import (
    REDRAW_CHOICES,
    SPEEDS,
    applied,
    notice,
    overrides,
    playing,
    presentation,
    redraw_every,
    run_to,
    scenario_a,
    scenario_b,
    seed,
    seed_refused,
    side_by_side,
    speed,
)
from sim.parameters import ParameterSpec

VUE = Path(__file__).parent / "vue"


@solara.component_vue(str(VUE / "lever_slider.vue"))
def LeverSlider(current: float, min: float, max: float, step: float, event_change=None):  # noqa: A002 (Vue's prop names)
    pass


@solara.component_vue(str(VUE / "lesson_upload.vue"))
def LessonUpload(label: str, most: int, event_upload=None):
    pass


def slider_step(spec: ParameterSpec) -> float:
    """A hundredth of the range, rounded to a power of ten (0.01 for shares); 1 for whole numbers."""
    if spec.kind == "int":
        return 1
    span = float(spec.maximum) - float(spec.minimum)
    return 10 ** round(math.log10(span / 100)) if span > 0 else 1


@solara.component
def Help(message: str):
    solara.HTML(tag="div", unsafe_innerHTML=escape(message), classes=["cogov-help"])


@solara.component
def Note(message: str):
    """A short explanation under a control (always shown, in the smallest size)."""
    solara.HTML(tag="div", unsafe_innerHTML=escape(message), classes=["cogov-note"])


@solara.component
def Lever(spec: ParameterSpec, lang: str):
    label = i18n.parameter_label(spec.name, lang)
    applied.value  # noqa: B018 (subscribes: an intervention changes the value shown)
    value = actions.lever_value(spec.name)

    def on_value(new, name=spec.name):
        actions.set_lever(name, spec.coerce(new))

    shown = format_setting(spec.name, value, lang)
    with solara.Column(gap="0px", classes=["cogov-lever"], style={"margin-top": "4px"}):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f'<span>{escape(label)}</span><b style="float:right">{escape(shown)}</b>',
            classes=["cogov-lever-label"],
            attributes={"data-parameter": spec.name},
        )
        if spec.kind == "bool":
            solara.Switch(label="", value=bool(value), on_value=on_value, style={"margin-top": "0"})
        elif spec.kind in ("int", "float"):
            LeverSlider(current=value, min=spec.minimum, max=spec.maximum, step=slider_step(spec), event_change=on_value)
        else:
            solara.Select("", values=list(spec.choices), value=value, on_value=on_value)
        solara.HTML(tag="div", unsafe_innerHTML=escape(i18n.parameter_tooltip(spec.name, lang)), classes=["cogov-help"],
                    attributes={"data-help": spec.name})


@solara.component
def PlayButtons(lang: str):
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        solara.Button(text("controls.step", lang), on_click=actions.step_once, disabled=playing.value, color="primary",
                      classes=["cogov-step"], attributes={"title": text("controls.step_tooltip", lang)})
        solara.Button(
            text("controls.pause" if playing.value else "controls.play", lang),
            on_click=actions.toggle_play, color="primary", outlined=True, classes=["cogov-play"],
            attributes={"title": text("controls.play_tooltip", lang), "data-playing": str(playing.value).lower()},
        )
        room = actions.current_classroom()
        applied.value  # noqa: B018 (subscribes: Replay appears with the first intervention)
        reset_tip = "controls.reset_tooltip_events" if room.interventions else "controls.reset_tooltip"
        solara.Button(text("controls.reset", lang), on_click=actions.rebuild, outlined=True, classes=["cogov-reset"],
                      attributes={"title": text(reset_tip, lang)})
        if room.interventions or room.plan:
            solara.Button(text("controls.replay", lang), on_click=actions.replay, outlined=True, classes=["cogov-replay"],
                          attributes={"title": text("controls.replay_tooltip", lang)})


@solara.component
def SpeedControls(lang: str):
    speed_labels = {str(s) if s else text("controls.speed_max", lang): s for s in SPEEDS}
    label_of = {s: label for label, s in speed_labels.items()}
    with solara.Column(gap="2px", classes=["cogov-speed"]):
        solara.Text(text("controls.speed", lang), classes=["cogov-control-label"])
        solara.ToggleButtonsSingle(value=label_of[speed.value], values=list(speed_labels),
                                   on_value=lambda label: actions.set_speed(speed_labels[label]), dense=True,
                                   style={"flex-wrap": "wrap"})
        solara.Text(text("controls.redraw_every", lang), classes=["cogov-control-label"])
        solara.ToggleButtonsSingle(value=str(redraw_every.value), values=[str(n) for n in REDRAW_CHOICES],
                                   on_value=lambda n: actions.set_redraw_every(int(n)), dense=True, classes=["cogov-redraw"],
                                   style={"flex-wrap": "wrap"})
        with solara.Row(gap="6px", style={"align-items": "center"}, classes=["cogov-lever"]):
            solara.InputInt(text("controls.run_to", lang), value=run_to.value, on_value=actions.set_run_to,
                            classes=["cogov-run-to-input"])
            solara.Button(text("controls.run_to_button", lang), on_click=actions.start_run_to, outlined=True,
                          classes=["cogov-run-to"])
        Help(text("controls.run_to_help", lang))


@solara.component
def LessonControls(lang: str):
    room = actions.current_classroom()
    solara.HTML(tag="h3", unsafe_innerHTML=escape(text("controls.lesson", lang)), classes=["cogov-group-title"])
    with solara.Column(gap="4px", classes=["cogov-lever"]):
        with solara.Div(classes=["cogov-save-lesson"]):
            solara.FileDownload(lambda: lesson_json(room).encode("utf-8"), filename=f"lesson-{room.scenario_a}-seed{room.seed}.json",
                                label=text("controls.save_lesson", lang))
        LessonUpload(label=text("controls.load_lesson", lang), most=LESSON_MAX_BYTES, event_upload=actions.load_lesson_upload)
        Help(text("controls.lesson_help", lang))
    solara.HTML(tag="h3", unsafe_innerHTML=escape(text("controls.export", lang)), classes=["cogov-group-title"])
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
def Notice():
    if notice.value is None:
        return
    kind, message = notice.value
    {"warning": solara.Warning, "error": solara.Error}.get(kind, solara.Info)(message, dense=True, classes=["cogov-notice"])


@solara.component
def Controls(lang: str):
    names = scenario_names()
    titles = {scenario(name).title(lang): name for name in names}
    title_of = {name: title for title, name in titles.items()}
    size = sizes(presentation.value)
    with solara.Column(gap="6px", style={"padding": "4px 2px"}):
        with solara.Column(gap="0px", classes=["cogov-lever"]):
            modified = applied.value > 0 or bool(overrides.value)
            solara.Select(
                text("controls.scenario_modified" if modified else "controls.scenario", lang), values=list(titles),
                value=title_of[scenario_a.value], on_value=lambda title: actions.choose_scenario_a(titles[title]),
            )
            Help(text("controls.scenario_tooltip", lang))
        with solara.Column(gap="0px", classes=["cogov-lever"]):
            solara.Switch(label=text("controls.side_by_side", lang), value=side_by_side.value, on_value=actions.set_side_by_side)
            Help(text("controls.side_by_side_tooltip", lang))
        if side_by_side.value:
            solara.Select(
                text("controls.comparison", lang), values=list(titles), value=title_of[scenario_b.value],
                on_value=lambda title: actions.choose_scenario_b(titles[title]),
            )
            Note(text("controls.side_by_side_note", lang))
        with solara.Column(gap="0px", classes=["cogov-lever"]):
            solara.InputInt(text("controls.seed", lang), value=seed.value, on_value=actions.set_seed)
            Help(text("controls.seed_tooltip", lang))
        if seed_refused.value:
            solara.Warning(text("controls.seed_invalid", lang, seed=seed.value), dense=True)
        PlayButtons(lang)
        SpeedControls(lang)
        Note(text("controls.restart_note", lang))
        Notice()
        specs = lever_specs()
        for group in LEVER_GROUPS:
            with solara.Column(gap="0px").key(f"group-{group}"):
                solara.HTML(tag="h3", unsafe_innerHTML=escape(i18n.group_title(group, lang)), classes=["cogov-group-title"],
                            style=f"font-size:{size.heading}px")
                for spec in specs:
                    if spec.group == group:
                        Lever(spec, lang).key(spec.name)
        LessonControls(lang)
