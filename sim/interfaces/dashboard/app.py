"""The classroom dashboard: a Solara page around :class:`sim.interfaces.dashboard.session.Classroom`.

Run it with ``cogov dashboard`` (see :mod:`sim.interfaces.dashboard.server`). Layout, in the spirit of
NetLogo's Interface and Info tabs:

* header: title, presentation mode (large text and marks, remembered by the browser), language;
* sidebar (:mod:`~sim.interfaces.dashboard.sidebar`): scenario, side-by-side comparison, seed,
  Step / Play / Reset / Replay, speed, "run to week N", "redraw every N weeks", the lesson file,
  exports, and one control per main and secondary lever;
* main area, in three tabs seen without scrolling: the run (week counter and scenario label, the
  speed actually played, big monitors, the intervention log, the community map (click to
  inspect) and four live charts with the interventions marked, each of which can be enlarged to
  fill the screen), the Info cards, and the teacher's guide.

Moving a slider once the run has started changes the running community from the next week
(:func:`~sim.interfaces.dashboard.actions.set_lever`); at week 0 it sets the value the run starts
with. What changes with the weeks is drawn into frames (:mod:`~sim.interfaces.dashboard.frames`)
and shown by the player (:mod:`~sim.interfaces.dashboard.player`), so Play never floods the page.
State lives in :mod:`~sim.interfaces.dashboard.state`; the browser keeps the lesson and
presentation mode across a reload (``vue/page_bridge.vue``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import solara

from sim.interfaces.dashboard import actions, charts, grid, guide, i18n, info
from sim.interfaces.dashboard.actions import current_classroom
from sim.interfaces.dashboard.export import CJK_FONT_STACK, events_of, planned_of, scenario_label
from sim.interfaces.dashboard.frames import PRESENTATION_SIZES, sizes
from sim.interfaces.dashboard.i18n import text
from sim.interfaces.dashboard.session import scenario
from sim.interfaces.dashboard.sidebar import Controls
from sim.interfaces.dashboard.state import (
    TABS,
    colour_by,
    enlarged,
    full_range,
    language,
    playing,
    presentation,
    scenario_a,
    scenario_b,
    side_by_side,
    tab,
    version,
)

VUE = Path(__file__).parent / "vue"
SMALLEST_PRESENTATION_PX = PRESENTATION_SIZES.small


# ---------------------------------------------------------------------- browser pieces
@solara.component_vue(str(VUE / "page_bridge.vue"))
def PageBridge(lang: str, presentation: bool, lesson: str, frame: int, event_restore=None, event_drawn=None):
    pass


@solara.component_vue(str(VUE / "grid_view.vue"))
def GridView(svg: str, event_cell_click=None):
    pass


PAGE_CSS = f"""
html, body, .v-application, .v-application .text-h5, .v-application .v-card__title {{ font-family: {CJK_FONT_STACK} !important; }}
.cogov-help {{ display: none; font-size: 13px; line-height: 1.45; color: #263238; background: #fff8e1;
  border-left: 3px solid #f9a825; padding: 4px 6px; margin: 2px 0 4px; }}
.cogov-lever:hover .cogov-help, .cogov-lever:focus-within .cogov-help {{ display: block; }}
.cogov-lever .v-input__slot {{ margin-bottom: 0 !important; }}
.cogov-lever .v-messages {{ display: none; }}
.cogov-lever-label {{ font-size: 13px; line-height: 1.25; padding: 0 2px; }}
.cogov-control-label {{ font-size: 13px; }}
.cogov-note {{ font-size: 12px; color: #546e7a; }}
.cogov-group-title {{ margin: 10px 0 0; font-size: 15px; }}
.cogov-speed-note {{ color: #b71c1c; font-weight: 600; }}
.cogov-speed .v-btn {{ min-width: 36px !important; padding: 0 6px !important; }}
.cogov-panel .v-btn.v-size--small {{ min-width: 0 !important; padding: 0 6px !important; }}
.cogov-header .v-btn {{ background: transparent !important; color: white !important; border: 1px solid white !important;
  text-transform: none !important; font-size: 15px !important; }}
.cogov-header .v-btn.cogov-on {{ background: #ffb300 !important; color: #0d2b45 !important; }}
.cogov-panel-actions .v-btn, .cogov-tabs .v-btn {{ text-transform: none !important; }}
.cogov-tabs {{ border-bottom: 2px solid #cfd8dc; padding: 0 12px; background: #f5f7f8; }}
.cogov-tabs .v-btn {{ border-radius: 6px 6px 0 0 !important; font-size: 15px !important; letter-spacing: 0 !important; }}
.cogov-tabs .v-btn.cogov-on {{ background: #0d47a1 !important; color: white !important; }}
.cogov-page .cogov-hidden, .cogov-page .v-sheet.cogov-hidden {{ display: none !important; }}
.cogov-enlarged {{ position: fixed; inset: 0; z-index: 50; background: white; padding: 12px 20px; overflow: auto; }}
.cogov-guide {{ max-width: 960px; font-size: 15px; line-height: 1.7; }}
.cogov-guide table {{ border-collapse: collapse; }} .cogov-guide td, .cogov-guide th {{ border: 1px solid #cfd8dc; padding: 3px 8px; }}
/* Presentation mode: no text below {SMALLEST_PRESENTATION_PX} px anywhere, the sidebar included. */
.cogov-presentation .cogov-lever-label, .cogov-presentation .cogov-control-label, .cogov-presentation .cogov-note,
.cogov-presentation .cogov-help, .cogov-presentation .v-btn, .cogov-presentation .v-label, .cogov-presentation input,
.cogov-presentation .v-select__selection, .cogov-presentation .v-alert__content, .cogov-presentation .v-list-item__title,
.cogov-presentation .v-input, .cogov-presentation .cogov-panel-actions .v-btn
  {{ font-size: {SMALLEST_PRESENTATION_PX}px !important; }}
.cogov-presentation .cogov-lever-label {{ font-size: 17px !important; }}
.cogov-presentation .cogov-group-title {{ font-size: 20px !important; }}
.cogov-presentation .v-text-field .v-label--active {{ transform: translateY(-22px) scale(1) !important; }}
.cogov-presentation .cogov-header .v-btn, .cogov-presentation .cogov-tabs .v-btn {{ font-size: 18px !important; }}
.cogov-presentation .cogov-guide {{ font-size: 18px; }}
"""


# ---------------------------------------------------------------------- live views
@solara.component
def LiveViews(lang: str):
    """Everything that changes with the weeks, from the newest frame: the only component that
    reads ``version`` (each reader would cost the page another render pass)."""
    number = version.value
    frame = actions.current_frame()
    PageBridge(lang=lang, presentation=presentation.value, lesson=frame.lesson, frame=number,
               event_restore=actions.restore_from_browser, event_drawn=actions.frame_drawn)
    if enlarged.value is not None:
        Enlarged(frame)
    with solara.Column(gap="10px", classes=["cogov-hidden"] if enlarged.value is not None else []):
        with solara.Row(justify="space-between", style={"align-items": "center", "flex-wrap": "wrap"}):
            with solara.Row(gap="12px", style={"align-items": "baseline", "flex-wrap": "wrap"}):
                solara.HTML(tag="div", unsafe_innerHTML=frame.counter_html)
                if frame.speed_note:
                    solara.HTML(tag="div", unsafe_innerHTML=escape(frame.speed_note), classes=["cogov-speed-note"],
                                style=f"font-size:{sizes(presentation.value).text}px")
            with solara.Div(classes=["cogov-full-range"]):
                solara.Checkbox(label=text("controls.full_range", lang), value=full_range.value,
                                on_value=lambda value: actions.set_view(full_range, value))
        solara.HTML(tag="div", unsafe_innerHTML=frame.monitors_html)
        solara.HTML(tag="div", unsafe_innerHTML=frame.event_log_html)
        with solara.Columns([6, 6] if side_by_side.value else [5, 7]):
            Community(frame, lang)
            Charts(frame, lang)


def enlarge_button(panel: str, lang: str):
    solara.Button(text("controls.enlarge", lang), on_click=lambda: actions.set_view(enlarged, panel), text=True, small=True,
                  classes=["cogov-enlarge"], attributes={"data-panel": panel})


@solara.component
def ColourChoice(lang: str):
    state_labels = {text(f"state.{state}", lang): state for state in grid.COLOUR_STATES}
    label_of = {state: label for label, state in state_labels.items()}
    solara.ToggleButtonsSingle(
        value=label_of[colour_by.value], values=list(state_labels),
        on_value=lambda label: actions.set_view(colour_by, state_labels[label]), dense=True, style={"flex-wrap": "wrap"},
    )


@solara.component
def Community(frame, lang: str, large: bool = False):
    font = 18 if presentation.value or large else 13
    with solara.Card(margin=0, style={"height": "100%"}, classes=["cogov-panel"]):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            solara.HTML(tag="div", unsafe_innerHTML=escape(text("grid.title", lang)), style=f"font-size:{font + 4}px;font-weight:600")
            if not large:
                enlarge_button("grid", lang)
        ColourChoice(lang)
        with solara.Columns([1] * len(frame.grids), gutters_dense=True):
            for title, svg in zip(frame.grid_titles, frame.grids, strict=True):
                with solara.Column(gap="2px"):
                    solara.Text(title, style={"font-weight": "600", "font-size": f"{font}px"})
                    GridView(svg=svg, event_cell_click=actions.inspect_at)
        solara.HTML(tag="div", unsafe_innerHTML=frame.legend_html)
        Inspector(frame, lang)


@solara.component
def Inspector(frame, lang: str):
    font = sizes(presentation.value).text
    if frame.inspector_html is None:
        solara.HTML(tag="div", unsafe_innerHTML=escape(text("inspect.hint", lang)), style=f"font-size:{font}px;color:#546e7a")
        return
    # Floats over the lower right corner, so it is seen at once without scrolling, and never
    # covers the sidebar's controls.
    with solara.Column(gap="4px", classes=["cogov-inspector"], style={
        "position": "fixed", "right": "14px", "bottom": "14px", "width": "360px", "max-height": "60vh", "overflow-y": "auto",
        "z-index": "40", "background": "#f1f8fe", "border": "2px solid #0072b2", "border-radius": "6px", "padding": "8px 10px",
        "box-shadow": "0 2px 10px rgba(0,0,0,.25)",
    }):
        solara.HTML(tag="div", unsafe_innerHTML=frame.inspector_html)
        solara.Button(text("inspect.close", lang), on_click=actions.close_inspector, small=True, outlined=True,
                      classes=["cogov-inspect-close"], style={"align-self": "flex-end"})


@solara.component
def ChartPanel(panel: str, chart: tuple[str, str], lang: str, large: bool = False):
    body, key = chart
    with solara.Card(margin=0, classes=["cogov-panel"]):
        solara.HTML(tag="div", unsafe_innerHTML=body)
        solara.HTML(tag="div", unsafe_innerHTML=key)
        if not large:
            PanelActions(panel, lang)


@solara.component
def PanelActions(panel: str, lang: str):
    """Download as PNG and Enlarge. Not redrawn with each step: the image is drawn when clicked."""

    def png() -> bytes:
        room = current_classroom()
        with room.lock:
            titles = [run.scenario.title(lang) for run in room.runs]
            events, planned = events_of(room.interventions, lang), planned_of(room.plan, lang)
            return charts.chart_png(panel, room.runs, lang, events, not full_range.value, titles, planned)

    with solara.Row(justify="end", gap="0px", classes=["cogov-panel-actions"]):
        with solara.Div(classes=["cogov-png"]):
            solara.FileDownload(png, filename=f"{panel}.png", children=[
                solara.Button(text("controls.export_png", lang), text=True, small=True, icon_name="mdi-download")
            ])
        enlarge_button(panel, lang)


@solara.component
def Charts(frame, lang: str):
    with solara.Column(gap="6px"):
        if frame.run_key_html:
            solara.HTML(tag="div", unsafe_innerHTML=frame.run_key_html)
        with solara.GridFixed(columns=2):
            for panel, chart in frame.charts.items():
                ChartPanel(panel, chart, lang).key(panel)


@solara.component
def Enlarged(frame):
    """One panel filling the screen, with the week, Play and a way back."""
    lang = frame.view.lang
    with solara.Column(classes=["cogov-enlarged"], gap="8px"):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            solara.HTML(tag="div", unsafe_innerHTML=frame.counter_html)
            with solara.Row(gap="6px"):
                solara.Button(text("controls.pause" if playing.value else "controls.play", lang),
                              on_click=actions.toggle_play, color="primary", outlined=True)
                solara.Button(text("controls.shrink", lang), on_click=lambda: actions.set_view(enlarged, None), color="primary",
                              classes=["cogov-shrink"])
        if enlarged.value == "grid":
            Community(frame, lang, large=True)
        elif frame.enlarged_chart is not None:
            if frame.run_key_html:
                solara.HTML(tag="div", unsafe_innerHTML=frame.run_key_html)
            ChartPanel(enlarged.value, frame.enlarged_chart, lang, large=True)


# ---------------------------------------------------------------------- the other tabs
@solara.component
def InfoCards(lang: str):
    version.value  # noqa: B018 (subscribes: the card says when the scenario was modified)
    room = current_classroom()
    names = [scenario_a.value] + ([scenario_b.value] if side_by_side.value else [])
    font = sizes(presentation.value).text
    with solara.Columns([1] * len(names)):
        for index, name in enumerate(names):
            card = scenario(name)
            title = scenario_label(card.title(lang), index == 0 and room.modified, lang)
            with solara.Card(title=text("info.title", lang, title=title), margin=0, classes=["cogov-info-card"]):
                if index == 0 and room.modified:
                    solara.HTML(tag="div", unsafe_innerHTML=actions.current_frame().event_log_html)
                solara.HTML(tag="div", unsafe_innerHTML=info.info_card_html(card, lang, font))


@solara.component
def Guide(lang: str):
    with solara.Column(classes=["cogov-guide"], gap="8px"):
        with solara.Row(gap="8px"):
            solara.FileDownload(lambda: guide.guide_html().encode("utf-8"), filename=guide.PRINT_NAME,
                                label=text("guide.print", lang))
        markdown = guide.guide_markdown()
        if markdown is None:
            solara.Warning(text("guide.missing", lang, path=guide.GUIDE_PATH.name))
        else:
            solara.Markdown(markdown)


@solara.component
def Tabs(lang: str):
    with solara.Row(gap="4px", classes=["cogov-tabs"], style={"align-items": "flex-end"}):
        for name in TABS:
            solara.Button(
                text(f"tab.{name}", lang), on_click=lambda name=name: tab.set(name), text=True,
                classes=["cogov-tab"] + (["cogov-on"] if tab.value == name else []),
                attributes={"role": "tab", "aria-selected": str(tab.value == name).lower(), "data-tab": name},
            )


@solara.component
def Header(lang: str):
    with solara.Row(
        justify="space-between", classes=["cogov-header"],
        style={"background": "#0d47a1", "color": "white", "padding": "8px 18px", "align-items": "center"},
    ):
        solara.HTML(tag="div", unsafe_innerHTML=escape(text("app.title", lang)), style="font-size:22px;font-weight:500")
        with solara.Row(gap="10px", style={"align-items": "center", "background": "transparent"}):
            solara.Button(
                text("controls.presentation", lang), on_click=lambda: actions.set_view(presentation, not presentation.value),
                outlined=True, classes=["cogov-presentation-toggle"] + (["cogov-on"] if presentation.value else []),
                attributes={"title": text("controls.presentation_help", lang), "aria-pressed": str(presentation.value).lower()},
            )
            solara.Button(
                text("app.switch_language", lang), on_click=lambda: actions.set_view(language, i18n.other_language(language.value)),
                outlined=True, classes=["cogov-language"],
                attributes={"title": text("app.switch_language_tooltip", lang)},
            )


@solara.component
def Page():
    lang = language.value
    current_classroom()
    solara.use_effect(lambda: actions.close_page, [])  # the page closes: its player stops
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
            with solara.Column(gap="0px", style={"flex": "1 1 640px", "min-width": "0"}):
                Tabs(lang)
                with solara.Column(gap="12px", style={"padding": "8px 12px"}):
                    with solara.Column(gap="12px", classes=[] if tab.value == "run" else ["cogov-hidden"]):
                        LiveViews(lang)
                    if tab.value == "info":
                        InfoCards(lang)
                    elif tab.value == "guide":
                        Guide(lang)


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's layout signature)
    """No Solara app bar or drawer: the page draws its own header and sidebar."""
    solara.Column(children=children, gap="0px", style={"padding": "0"})
