"""The classroom's charts: the dashboard's panels with the class's run (solid) beside the
simulated twin (dashed), and the teacher's lever changes marked as vertical lines."""

from __future__ import annotations

import inspect
from html import escape

from sim.interfaces.dashboard import charts as dashboard_charts
from sim.interfaces.dashboard.grid import grid_svg, legend_html

#: The colour of lever-change marks: the dashboard's event colour where it has one.
INTERVENTION_COLOUR = getattr(dashboard_charts, "EVENT_COLOUR", "#6a1b9a")


def _event_label(change: dict) -> str:
    return f'第{change["week"]}周后 {change["label_zh"]} {change["old"]}→{change["new"]} / after week {change["week"]}, {change["label_en"]}'


def _draws_events() -> bool:
    """Whether the dashboard's line_chart marks events itself (its ``events`` argument)."""
    return "events" in inspect.signature(dashboard_charts.line_chart).parameters


def panel_svg(panel: str, runs: list, interventions: list[dict]) -> str:
    """One panel for the class and its twin, with a dashed line where a lever changed."""
    if _draws_events():
        events = [(change["week"], _event_label(change)) for change in interventions]
        return dashboard_charts.line_chart(panel, runs, "zh", events)
    # The dashboard's line_chart without events (main before the dashboard's chart rework):
    # draw the marks on its SVG with the same geometry. Remove once the rework is on main.
    c = dashboard_charts
    svg = c.line_chart(panel, runs, "zh")
    weeks_shown = max(len(run.series(c.PANELS[panel][0])) for run in runs) - 1
    x_max = max(weeks_shown, c.MIN_WEEKS_SHOWN)
    marks = []
    for change in interventions:
        x = c.LEFT + (c.WIDTH - c.LEFT - c.RIGHT) * change["week"] / x_max
        marks.append(
            f'<line class="event-line" data-week="{change["week"]}" x1="{x:.1f}" x2="{x:.1f}" y1="{c.TOP}" '
            f'y2="{c.HEIGHT - c.BOTTOM}" stroke="{INTERVENTION_COLOUR}" stroke-dasharray="3 3" stroke-width="1.5">'
            f"<title>{escape(_event_label(change))}</title></line>"
        )
    return svg.replace("</svg>", "".join(marks) + "</svg>")


def charts_html(runs: list, interventions: list[dict]) -> str:
    """Every dashboard panel, each with its key, and a line key naming the class and the twin."""
    key = (
        '<div class="run-key"><span class="solid">━ 本班 The class</span> '
        '<span class="dashed">╌ 同种子全模拟 Same seed, all simulated</span> '
        f'<span style="color:{INTERVENTION_COLOUR}">┆ 政策调整 Lever change</span></div>'
    )
    panels = "".join(
        f'<figure class="panel">{panel_svg(panel, runs, interventions)}'
        f"{dashboard_charts.chart_legend_html(panel, runs, 'zh')}</figure>"
        for panel in dashboard_charts.PANELS
    )
    return key + f'<div class="panels">{panels}</div>'


def community_html(model) -> str:
    """The shared community, households coloured by participation, with its key (the dashboard's drawing)."""
    return grid_svg(model, "participating", "zh", "社区网格 The community") + legend_html("participating", "zh")
