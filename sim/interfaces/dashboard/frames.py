"""A frame: everything on the dashboard that changes with the weeks, drawn once as HTML strings.

:func:`build_frame` reads the classroom (with its lock held by the caller) and the page's view
settings, and returns a :class:`Frame` of plain strings: the page's components only place them,
so a redraw never reads the model while another thread steps it, and drawing a frame (a few
milliseconds) is kept apart from showing it (a Solara render and the browser's paint, far more;
see :mod:`sim.interfaces.dashboard.player`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from sim.interfaces.dashboard import charts, grid
from sim.interfaces.dashboard.export import events_of, monitor_html, planned_of, scenario_label
from sim.interfaces.dashboard.i18n import format_setting, parameter_label, text
from sim.interfaces.dashboard.inspector import inspect_cell, inspect_html
from sim.interfaces.dashboard.lesson import lesson_json


@dataclass(frozen=True)
class Sizes:
    """Text sizes in CSS pixels: ``text`` for running text, ``small`` for the least important."""

    text: int
    small: int
    counter: int
    monitor: int
    heading: int


NORMAL_SIZES = Sizes(text=14, small=13, counter=28, monitor=24, heading=15)
#: Presentation mode: nothing on screen below 16 px (a projector's back row).
PRESENTATION_SIZES = Sizes(text=18, small=16, counter=34, monitor=34, heading=20)


def sizes(presentation: bool) -> Sizes:
    return PRESENTATION_SIZES if presentation else NORMAL_SIZES


@dataclass(frozen=True)
class View:
    """The page's settings that a frame depends on."""

    lang: str = "zh"
    colour_by: str = grid.COLOUR_STATES[0]
    presentation: bool = False
    full_range: bool = False
    enlarged: str | None = None  # "grid", a chart panel, or None
    inspected: tuple[int, int, int] | None = None  # (run, x, y)
    speed: float = 0  # chosen weeks per second (0: as fast as possible)
    achieved: float | None = None  # measured weeks per second while playing


@dataclass(frozen=True)
class Frame:
    """What the live views show at one week (HTML strings, escaped where they hold text)."""

    week: int
    view: View
    counter_html: str
    monitors_html: str
    event_log_html: str
    grid_titles: tuple[str, ...]
    grids: tuple[str, ...]
    legend_html: str
    inspector_html: str | None
    charts: dict[str, tuple[str, str]]  # panel -> (chart, key)
    run_key_html: str
    enlarged_chart: tuple[str, str] | None
    lesson: str
    speed_note: str
    applied: int  # interventions made so far (the sliders show the values in force)
    planned: int = field(default=0)


def speed_note(view: View) -> str:
    """The speed actually played, when the machine cannot reach the chosen one (or at "max")."""
    if view.achieved is None:
        return ""
    if view.speed == 0:
        return text("controls.speed_achieved_max", view.lang, rate=f"{view.achieved:.0f}")
    if view.achieved < 0.9 * view.speed:
        return text("controls.speed_achieved", view.lang, rate=f"{view.achieved:.1f}", speed=f"{view.speed:g}")
    return ""


def counter_html(room, view: View) -> str:
    size = sizes(view.presentation)
    households = room.runs[0].model.households.count
    label = scenario_label(room.runs[0].scenario.title(view.lang), room.modified, view.lang)
    return (
        f'<span class="cogov-week" data-week="{room.week}" style="font-size:{size.counter}px;font-weight:700">'
        f'{escape(text("app.week", view.lang, week=room.week))}</span>'
        f'<span class="cogov-scenario-label" data-modified="{str(room.modified).lower()}" '
        f'style="margin-left:16px;font-size:{round(size.counter * 0.6)}px;font-weight:600">{escape(label)}</span>'
        f'<span style="margin-left:16px;color:#546e7a;font-size:{size.text}px">'
        f'{escape(text("app.households", view.lang, count=households))}</span>'
    )


def event_log_html(room, view: View) -> str:
    """Interventions made (and those a lesson has planned, ahead), with what was set before week 0."""
    lang, font = view.lang, sizes(view.presentation).text
    items = [f'<li data-week="{w}">{escape(label)}</li>' for w, label in events_of(room.interventions, lang)]
    items += [f'<li class="planned" data-week="{w}" style="color:#7e57c2">{escape(label)}</li>' for w, label in planned_of(room.plan, lang)]
    if room.overrides:
        changes = text("event.separator", lang).join(
            f"{parameter_label(k, lang)} = {format_setting(k, v, lang)}" for k, v in room.overrides.items()
        )
        items.insert(0, f"<li>{escape(text('scenario.overrides', lang, changes=changes))}</li>")
    body = f'<ul style="margin:0;padding-left:1.2em">{"".join(items)}</ul>' if items else escape(text("event.none", lang))
    return (
        f'<div class="cogov-event-log" style="font-size:{font}px;line-height:1.4">'
        f'<b>{escape(text("event.log_heading", lang))}</b>{body}</div>'
    )


def _chart(panel: str, room, view: View, style: charts.ChartStyle) -> tuple[str, str]:
    events = events_of(room.interventions, view.lang)
    planned = planned_of(room.plan, view.lang)
    chart = charts.line_chart(panel, room.runs, view.lang, events, not view.full_range, style, planned)
    return chart, charts.chart_legend_html(panel, room.runs, view.lang, style)


def build_frame(room, view: View) -> Frame:
    """The frame of ``room`` as the page with settings ``view`` shows it (hold ``room.lock``)."""
    lang = view.lang
    size = sizes(view.presentation)
    large_grid = view.presentation or view.enlarged == "grid"
    marks = grid.LARGE_MARKS if large_grid else grid.NORMAL_MARKS
    titles, grids = [], []
    for index, (key, run) in enumerate(zip(("grid.label_a", "grid.label_b"), room.runs, strict=False)):
        title = text(key, lang, title=run.scenario.title(lang)) if room.side_by_side else run.scenario.title(lang)
        svg = grid.grid_svg(run.model, view.colour_by, lang, title, run=index, marks=marks)
        if view.enlarged == "grid":
            svg = svg.replace("max-height:72vh", "max-height:calc(100vh - 200px)")
        titles.append(title)
        grids.append(svg)
    legend_px = 18 if large_grid else size.small
    inspector = None
    if view.inspected is not None:
        run, x, y = view.inspected
        model = room.runs[min(run, len(room.runs) - 1)].model
        inspector = inspect_html(inspect_cell(model, x, y, lang), 18 if view.presentation else 14)
    chart_style = charts.PRESENTATION if view.presentation else charts.NORMAL
    panels = {panel: _chart(panel, room, view, chart_style) for panel in charts.PANELS}
    enlarged = _chart(view.enlarged, room, view, charts.ENLARGED) if view.enlarged in charts.PANELS else None
    run_titles = [run.scenario.title(lang) for run in room.runs]
    key_style = charts.ENLARGED if enlarged else chart_style
    return Frame(
        week=room.week,
        view=view,
        counter_html=counter_html(room, view),
        monitors_html=monitor_html(room.runs, lang, size.monitor, label_px=size.small),
        event_log_html=event_log_html(room, view),
        grid_titles=tuple(titles),
        grids=tuple(grids),
        legend_html=grid.legend_html(view.colour_by, lang, font_px=legend_px),
        inspector_html=inspector,
        charts=panels,
        run_key_html=charts.run_key_html(run_titles, lang, key_style) if room.side_by_side else "",
        enlarged_chart=enlarged,
        lesson=lesson_json(room),
        speed_note=speed_note(view),
        applied=len(room.interventions),
        planned=len(room.plan),
    )
