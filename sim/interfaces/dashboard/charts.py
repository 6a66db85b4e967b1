"""Live line charts as SVG: one panel per topic, runs overlaid (A solid, B dashed).

Drawn server-side as small SVG strings, so the browser needs no charting library (nothing to
fetch from the internet) and a redraw costs a few milliseconds. Every line carries
``data-outcome``, ``data-run`` and ``data-last`` attributes so a test can read plotted values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from sim.interfaces.dashboard.i18n import outcome_label, text
from sim.model.outcomes import OUTCOMES

#: The panels: title key and the outcomes drawn in it (all from sim.model.outcomes).
PANELS: dict[str, tuple[str, ...]] = {
    "participation": ("participation_rate", "participation_rate_young", "participation_rate_working", "participation_rate_retired"),
    "backlog": ("backlog",),
    "resolution": ("resolution_rate", "cross_actor_resolution_rate"),
    "beliefs": ("mean_efficacy", "mean_trust", "satisfaction"),
}
COLOURS = ("#37474f", "#f9a825", "#1e88e5", "#8e24aa")
WIDTH, HEIGHT = 330, 210
LEFT, RIGHT, TOP, BOTTOM = 42, 10, 28, 30
#: The x axis shows at least the first year, so early weeks are not stretched across the panel.
MIN_WEEKS_SHOWN = 52


@dataclass(frozen=True)
class Line:
    outcome: str
    run: int  # 0 for scenario A (solid), 1 for scenario B (dashed)
    values: list[float]
    colour: str


def _nice_step(span: float, target_ticks: int = 4) -> float:
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _format_tick(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


def format_value(value: float, kind: str) -> str:
    """A plotted value as shown in a legend: percentages for rates, two decimals for levels."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "count":
        return f"{value:.0f}"
    return f"{value:.2f}"


def line_chart(panel: str, runs: list, lang: str) -> str:
    """SVG of one panel for the given runs (objects with ``.series(outcome)``, see session.Run)."""
    outcomes = PANELS[panel]
    lines = [
        Line(outcome, index, run.series(outcome), COLOURS[k % len(COLOURS)])
        for k, outcome in enumerate(outcomes)
        for index, run in enumerate(runs)
    ]
    kind = OUTCOMES[outcomes[0]].kind
    percent = kind == "rate"
    weeks = max(len(line.values) for line in lines) - 1
    x_max = max(weeks, MIN_WEEKS_SHOWN)
    finite = [v for line in lines for v in line.values if v is not None and not math.isnan(v)]
    if kind in ("rate", "level"):
        y_max = 1.0
    else:
        top = max(finite, default=0.0)
        step = _nice_step(max(top, 1.0))
        y_max = step * math.ceil(max(top, 1.0) / step)
    y_step = 0.25 if y_max == 1.0 else _nice_step(y_max)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(week: float) -> float:
        return LEFT + plot_w * week / x_max

    def sy(value: float) -> float:
        return TOP + plot_h * (1 - value / y_max)

    title = text(f"chart.{panel}", lang)
    parts = [
        (
            f'<svg class="cogov-chart" data-panel="{panel}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'style="width:100%;height:auto;font-family:sans-serif" role="img" aria-label="{escape(title)}">'
        ),
        f'<text x="{LEFT}" y="16" font-size="15" font-weight="600" fill="#263238">{escape(title)}</text>',
    ]
    ticks = []
    value = 0.0
    while value <= y_max + 1e-9:
        y = sy(value)
        ticks.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eceff1"/>'
            f'<text x="{LEFT - 5}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#607d8b">{_format_tick(value, percent)}</text>'
        )
        value += y_step
    x_step = _nice_step(x_max, 5)
    week = 0.0
    while week <= x_max + 1e-9:
        x = sx(week)
        ticks.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" stroke="#90a4ae"/>'
            f'<text x="{x:.1f}" y="{TOP + plot_h + 15}" font-size="11" text-anchor="middle" fill="#607d8b">{week:.0f}</text>'
        )
        week += x_step
    parts.extend(ticks)
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 3}" font-size="11" text-anchor="end" fill="#607d8b">{escape(text("chart.week", lang))}</text>'
        f'<path d="M{LEFT} {TOP}V{TOP + plot_h}H{WIDTH - RIGHT}" stroke="#90a4ae" fill="none"/>'
    )
    for line in lines:
        segments, current = [], []
        for week, value in enumerate(line.values):
            if value is None or math.isnan(value):
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{sx(week):.1f},{sy(value):.1f}")
        if current:
            segments.append(current)
        path = "".join("M" + "L".join(segment) for segment in segments)
        dash = ' stroke-dasharray="6 4"' if line.run else ""
        last = line.values[-1] if line.values else float("nan")
        parts.append(
            f'<path class="series" data-outcome="{line.outcome}" data-run="{line.run}" data-last="{last}" '
            f'd="{path or "M0 0"}" fill="none" stroke="{line.colour}" stroke-width="2"{dash}/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_legend_html(panel: str, runs: list, lang: str) -> str:
    """The panel's key: colour, outcome label and latest value of each run (A | B)."""
    items = []
    for k, outcome in enumerate(PANELS[panel]):
        kind = OUTCOMES[outcome].kind
        values = " | ".join(format_value(run.series(outcome)[-1], kind) for run in runs)
        colour = COLOURS[k % len(COLOURS)]
        items.append(
            f'<span style="display:inline-flex;align-items:center;gap:4px;margin-right:10px">'
            f'<svg width="18" height="8"><line x1="0" x2="18" y1="4" y2="4" stroke="{colour}" stroke-width="3"/></svg>'
            f'<span>{escape(outcome_label(outcome, lang))}</span>'
            f'<b class="chart-value" data-outcome="{outcome}">{values}</b></span>'
        )
    return f'<div class="cogov-chart-legend" style="font-size:12px;line-height:1.5;padding:0 6px">{"".join(items)}</div>'


def run_key_html(titles: list[str], lang: str) -> str:
    """Which line style belongs to which scenario (side-by-side mode)."""
    keys = ("chart.line_a", "chart.line_b")
    dashes = ("", ' stroke-dasharray="6 4"')
    items = [
        f'<span style="display:inline-flex;align-items:center;gap:6px;margin-right:16px">'
        f'<svg width="30" height="8"><line x1="0" x2="30" y1="4" y2="4" stroke="#37474f" stroke-width="2"{dash}/></svg>'
        f"{escape(text(key, lang, title=title))}</span>"
        for key, dash, title in zip(keys, dashes, titles, strict=False)
    ]
    return f'<div class="cogov-run-key" style="font-size:13px">{"".join(items)}</div>'
