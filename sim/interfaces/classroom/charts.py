"""The classroom's charts: the dashboard's panels with the class's run (solid) beside the
simulated twin (dashed), and the teacher's lever changes marked as the dashboard marks its
interventions (the same labels: "第 4 周：资源整合 0 → 0.9")."""

from __future__ import annotations

from sim.interfaces.dashboard import charts as dashboard_charts
from sim.interfaces.dashboard.grid import LARGE_MARKS, NORMAL_MARKS, grid_svg, legend_html

#: The colour of lever-change marks: the dashboard's event colour.
INTERVENTION_COLOUR = dashboard_charts.EVENT_COLOUR


def panel_html(panel: str, runs: list, interventions: list[dict], large: bool = False) -> str:
    """One panel for the class and its twin, with a dashed line and a label where a lever changed."""
    events = [(change["week"], change["event_zh"]) for change in interventions]
    style = dashboard_charts.PRESENTATION if large else dashboard_charts.NORMAL
    return dashboard_charts.line_chart(panel, runs, "zh", events, style=style)


def charts_html(runs: list, interventions: list[dict], large: bool = False) -> str:
    """Every dashboard panel, each with its key, and a line key naming the class and the twin
    (``large``: the dashboard's presentation sizes, for a projector)."""
    style = dashboard_charts.PRESENTATION if large else dashboard_charts.NORMAL
    key = (
        f'<div class="run-key" style="font-size:{style.font_px}px"><span class="solid">━ 本班<span class="en"> The class</span></span> '
        '<span class="dashed">╌ 同种子全模拟<span class="en"> Same seed, all simulated</span></span> '
        f'<span style="color:{INTERVENTION_COLOUR}">┆ 政策调整<span class="en"> Lever change</span></span></div>'
    )
    panels = "".join(
        f'<figure class="panel">{panel_html(panel, runs, interventions, large)}'
        f"{dashboard_charts.chart_legend_html(panel, runs, 'zh', style)}</figure>"
        for panel in dashboard_charts.PANELS
    )
    return key + f'<div class="panels">{panels}</div>'


def community_html(model, large: bool = False) -> str:
    """The shared community, households coloured by participation, with its key (the dashboard's drawing)."""
    marks = LARGE_MARKS if large else NORMAL_MARKS
    return grid_svg(model, "participating", "zh", "社区网格", marks=marks) + legend_html("participating", "zh", 18 if large else 13)
