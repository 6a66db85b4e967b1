"""Live line charts: one panel per topic, runs overlaid (A solid, B dashed), interventions marked.

A chart is built from data only (objects with ``.series(outcome)``, see session.Run, and a list
of events), never from Solara state, so the classroom server and the class record reuse it.

* :func:`chart_frame` works out what to draw (lines, axis ranges, ticks), once for all outputs;
* :func:`line_chart` draws it as HTML: text as HTML at a fixed pixel size (so presentation mode's
  18 px stays 18 px whatever the panel's width), the lines in one SVG stretched to the plot area;
* :func:`chart_png` draws the same frame with matplotlib, for download.

Every line carries ``data-outcome``, ``data-run`` and ``data-last``; every event line
``data-week``, so a test can read what is plotted.
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
#: Okabe & Ito's colour-blind-safe colours, each with its own marker, so no line depends on hue alone.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
MARKERS = ("●", "▲", "■", "◆")
MATPLOTLIB_MARKERS = ("o", "^", "s", "D")
EVENT_COLOUR = "#6a1b9a"
#: The x axis shows at least the first year, so early weeks are not stretched across the panel.
MIN_WEEKS_SHOWN = 52
#: The plot is drawn in these units and stretched to the plot area.
UNITS = 1000


@dataclass(frozen=True)
class ChartStyle:
    """Sizes in CSS pixels (``height_css`` is any CSS length)."""

    font_px: int
    title_px: int
    height_css: str
    stroke_px: float


NORMAL = ChartStyle(font_px=12, title_px=15, height_css="190px", stroke_px=2)
PRESENTATION = ChartStyle(font_px=18, title_px=22, height_css="250px", stroke_px=3.5)
ENLARGED = ChartStyle(font_px=22, title_px=28, height_css="calc(100vh - 190px)", stroke_px=4)


@dataclass(frozen=True)
class Line:
    outcome: str
    run: int  # 0 for scenario A (solid), 1 for scenario B (dashed)
    values: list[float]
    colour: str
    marker: int


@dataclass(frozen=True)
class Frame:
    """What one panel draws: its lines and axes, independent of the output format."""

    panel: str
    lines: list[Line]
    x_max: int
    y_min: float
    y_max: float
    y_ticks: list[float]
    x_ticks: list[float]
    percent: bool

    def x(self, week: float) -> float:
        """Share of the plot width (0 left, 1 right)."""
        return week / self.x_max

    def y(self, value: float) -> float:
        """Share of the plot height from the top (0 top, 1 bottom)."""
        return 1 - (value - self.y_min) / (self.y_max - self.y_min)


def _nice_step(span: float, target_ticks: int = 4) -> float:
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _finite(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def format_tick(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%" if round(value * 100, 6).is_integer() else f"{value * 100:.1f}%"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


def format_value(value: float, kind: str) -> str:
    """A plotted value as shown in a legend: percentages for rates, two decimals for levels."""
    if not _finite(value):
        return "–"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "count":
        return f"{value:.0f}"
    return f"{value:.2f}"


def chart_frame(panel: str, runs: list, autoscale: bool = True, horizon: int = 0) -> Frame:
    """Lines and axes of one panel. ``autoscale`` fits rates and levels to the data; without it
    they keep the full 0-100% (0-1) range. Counts always start at 0. The x axis reaches at least
    week ``horizon`` (a lesson's planned interventions are drawn ahead of the run)."""
    outcomes = PANELS[panel]
    lines = [
        Line(outcome, index, list(run.series(outcome)), COLOURS[k % len(COLOURS)], k % len(MARKERS))
        for k, outcome in enumerate(outcomes)
        for index, run in enumerate(runs)
    ]
    kind = OUTCOMES[outcomes[0]].kind
    bounded = kind in ("rate", "level")
    weeks = max(len(line.values) for line in lines) - 1
    x_max = max(weeks, MIN_WEEKS_SHOWN, math.ceil(horizon * 1.08))
    finite = [v for line in lines for v in line.values if _finite(v)]
    if bounded and not autoscale:
        y_min, y_max = 0.0, 1.0
    elif bounded:
        low, high = min(finite, default=0.0), max(finite, default=1.0)
        step = _nice_step(max(high - low, 0.04))
        y_min = max(0.0, step * math.floor(low / step - 0.25))
        y_max = min(1.0, step * math.ceil(high / step + 0.25))
    else:
        top = max(max(finite, default=0.0), 1.0)
        step = _nice_step(top)
        y_min, y_max = 0.0, step * math.ceil(top / step)
    y_step = _nice_step(y_max - y_min)
    y_ticks = [y_min + i * y_step for i in range(int(round((y_max - y_min) / y_step)) + 1)]
    x_step = _nice_step(x_max, 5)
    x_ticks = [i * x_step for i in range(int(x_max // x_step) + 1)]
    return Frame(panel, lines, x_max, y_min, y_max, y_ticks, x_ticks, kind == "rate")


def _path(frame: Frame, values: list[float]) -> str:
    segments, current = [], []
    for week, value in enumerate(values):
        if _finite(value):
            current.append(f"{UNITS * frame.x(week):.1f},{UNITS * frame.y(value):.1f}")
        else:
            if current:
                segments.append(current)
            current = []
    if current:
        segments.append(current)
    return "".join("M" + "L".join(segment) for segment in segments) or "M0 0"


def _label(left: float, top: float, body: str, css: str = "", cls: str = "tick") -> str:
    return f'<span class="{cls}" style="position:absolute;left:{100 * left:.2f}%;top:{100 * top:.2f}%;{css}">{body}</span>'


#: Intervention labels shown above a chart (the latest made, then the next planned); the rest are
#: counted in one more line (every one is in the intervention log).
MAX_EVENT_LABELS = 3
PLANNED_COLOUR = "#9575cd"


def _shown_events(events, planned) -> tuple[list[tuple[int, str, bool]], int]:
    """The labels to write above the plot, oldest first, and how many are left out."""
    made = [(week, label, False) for week, label in events]
    ahead = [(week, label, True) for week, label in planned]
    room_for_made = max(MAX_EVENT_LABELS - min(len(ahead), 1), 1)
    shown = made[-room_for_made:] + ahead[: MAX_EVENT_LABELS - min(len(made), room_for_made)]
    return shown, len(made) + len(ahead) - len(shown)


def _event_strip(frame: Frame, events, planned, lang: str, left: int, right: int) -> str:
    """Intervention labels in rows above the plot, each kept inside the plot's width: a label
    starts at its line on the left of the chart, ends at it on the right, and wraps rather than
    leave the chart (``left: x%`` with ``translateX(-x%)``: never clipped, never over an axis)."""
    shown, hidden = _shown_events(events, planned)
    rows = []
    for week, label, ahead in shown:
        x = 100 * min(max(frame.x(week), 0.0), 1.0)
        colour = PLANNED_COLOUR if ahead else EVENT_COLOUR
        kind = "event-label planned" if ahead else "event-label"
        rows.append(
            f'<div style="position:relative;line-height:1.3"><span class="{kind}" data-week="{week}" '
            f'style="position:relative;display:inline-block;max-width:100%;left:{x:.2f}%;transform:translateX(-{x:.2f}%);'
            f'color:{colour};background:rgba(255,255,255,.92);padding:0 3px;border-radius:3px;white-space:normal">'
            f"{escape(label)}</span></div>"
        )
    if hidden:
        rows.append(f'<div class="event-more" style="line-height:1.3;color:{EVENT_COLOUR}">{escape(text("event.more", lang, count=hidden))}</div>')
    if not rows:
        return ""
    return f'<div class="event-strip" style="flex:none;margin:2px {right}px 2px {left}px">{"".join(rows)}</div>'


def line_chart(panel: str, runs: list, lang: str, events: list[tuple[int, str]] = (), autoscale: bool = True,
               style: ChartStyle = NORMAL, planned: list[tuple[int, str]] = ()) -> str:
    """HTML of one panel for the given runs; ``events`` are ``(week, label)`` pairs drawn as lines,
    ``planned`` the interventions a lesson will make later (lighter lines ahead of the run).

    The chart is a column: title, intervention labels, the plot (which takes the height left),
    the week axis. Tick labels sit in the plot's margins, so no label covers another."""
    horizon = max([week for week, _ in planned], default=0)
    frame = chart_frame(panel, runs, autoscale, horizon)
    title = text(f"chart.{panel}", lang)
    f = style.font_px
    left, bottom, right = round(f * 3.4), round(f * 1.9), round(f * 1.2)
    svg = [
        f'<svg viewBox="0 0 {UNITS} {UNITS}" preserveAspectRatio="none" '
        'style="position:absolute;left:0;top:0;width:100%;height:100%;overflow:visible">'
    ]
    labels = []
    for value in frame.y_ticks:
        y = frame.y(value)
        svg.append(f'<line x1="0" x2="{UNITS}" y1="{UNITS * y:.1f}" y2="{UNITS * y:.1f}" stroke="#e0e6ea" vector-effect="non-scaling-stroke"/>')
        labels.append(_label(0, y, format_tick(value, frame.percent), "transform:translate(calc(-100% - 6px),-50%);white-space:nowrap"))
    for week in frame.x_ticks:
        x = frame.x(week)
        labels.append(_label(x, 1, f"{week:.0f}", "transform:translate(-50%,4px);white-space:nowrap"))
    svg.append(f'<path d="M0 0V{UNITS}H{UNITS}" stroke="#78909c" fill="none" vector-effect="non-scaling-stroke"/>')
    for week, ahead in [(w, False) for w, _ in events] + [(w, True) for w, _ in planned]:
        x = frame.x(week)
        kind, colour, dash = ("event-line planned", PLANNED_COLOUR, "2 4") if ahead else ("event-line", EVENT_COLOUR, "6 4")
        svg.append(
            f'<line class="{kind}" data-week="{week}" x1="{UNITS * x:.1f}" x2="{UNITS * x:.1f}" y1="0" y2="{UNITS}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" vector-effect="non-scaling-stroke"/>'
        )
    for line in frame.lines:
        dash = ' stroke-dasharray="8 5"' if line.run else ""
        last = line.values[-1] if line.values else float("nan")
        svg.append(
            f'<path class="series" data-outcome="{line.outcome}" data-run="{line.run}" data-last="{last}" '
            f'd="{_path(frame, line.values)}" fill="none" stroke="{line.colour}" stroke-width="{style.stroke_px}" '
            f'stroke-linejoin="round" vector-effect="non-scaling-stroke"{dash}/>'
        )
        if _finite(last):
            labels.append(_label(
                frame.x(len(line.values) - 1), frame.y(last), MARKERS[line.marker],
                f"transform:translate(-50%,-55%);color:{line.colour};line-height:1;font-size:{f}px", "marker",
            ))
    svg.append("</svg>")
    axis = escape(text("chart.week", lang))
    return (
        f'<div class="cogov-chart" data-panel="{panel}" data-y-min="{frame.y_min}" data-y-max="{frame.y_max}" role="img" '
        f'aria-label="{escape(title)}" style="display:flex;flex-direction:column;height:{style.height_css};'
        f'font-size:{f}px;color:#37474f;line-height:1.2">'
        f'<div class="chart-title" style="flex:none;font-size:{style.title_px}px;font-weight:600;color:#263238;'
        f'line-height:1.4;margin-bottom:{round(f * 0.5)}px">{escape(title)}</div>'
        f"{_event_strip(frame, events, planned, lang, left, right)}"
        f'<div class="plot" style="position:relative;flex:1 1 auto;min-height:{f * 4}px;margin:{round(f * 0.6)}px {right}px 0 {left}px">'
        f'{"".join(svg)}{"".join(labels)}</div>'
        f'<div style="flex:none;height:{bottom}px;position:relative">'
        f'<span class="tick axis-label" style="position:absolute;right:0;bottom:0">{axis}</span></div></div>'
    )


def chart_legend_html(panel: str, runs: list, lang: str, style: ChartStyle = NORMAL) -> str:
    """The panel's key: marker, outcome label and latest value of each run (A | B)."""
    items = []
    for k, outcome in enumerate(PANELS[panel]):
        kind = OUTCOMES[outcome].kind
        values = " | ".join(format_value(run.series(outcome)[-1], kind) for run in runs)
        colour, marker = COLOURS[k % len(COLOURS)], MARKERS[k % len(MARKERS)]
        items.append(
            f'<span style="display:inline-flex;align-items:center;gap:4px;margin-right:12px">'
            f'<span style="color:{colour}">{marker}</span>'
            f'<span>{escape(outcome_label(outcome, lang))}</span>'
            f'<b class="chart-value" data-outcome="{outcome}">{values}</b></span>'
        )
    return f'<div class="cogov-chart-legend" style="font-size:{style.font_px}px;line-height:1.4;padding:0 6px">{"".join(items)}</div>'


def run_key_html(titles: list[str], lang: str, style: ChartStyle = NORMAL) -> str:
    """Which line style belongs to which scenario (side-by-side mode)."""
    keys = ("chart.line_a", "chart.line_b")
    dashes = ("", ' stroke-dasharray="6 4"')
    items = [
        f'<span style="display:inline-flex;align-items:center;gap:6px;margin-right:16px">'
        f'<svg width="30" height="8"><line x1="0" x2="30" y1="4" y2="4" stroke="#37474f" stroke-width="2"{dash}/></svg>'
        f"{escape(text(key, lang, title=title))}</span>"
        for key, dash, title in zip(keys, dashes, titles, strict=False)
    ]
    return f'<div class="cogov-run-key" style="font-size:{style.font_px}px">{"".join(items)}</div>'


#: Fonts tried for Chinese text in PNG charts, first found wins.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei",
             "PingFang SC", "SimHei", "DejaVu Sans")


def _register_cjk_font() -> None:
    """Make a Chinese font on this machine known to matplotlib (its font cache predates new fonts)."""
    import shutil
    import subprocess

    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    if known & set(CJK_FONTS[:-1]) or shutil.which("fc-match") is None:
        return
    found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True, text=True, check=False)
    if found.returncode == 0 and found.stdout:
        font_manager.fontManager.addfont(found.stdout)
        CJK_FONT_FOUND.append(font_manager.FontProperties(fname=found.stdout).get_name())


#: A Chinese font registered by :func:`_register_cjk_font`, tried first.
CJK_FONT_FOUND: list[str] = []


def chart_png(panel: str, runs: list, lang: str, events: list[tuple[int, str]] = (), autoscale: bool = True,
              titles: list[str] = (), planned: list[tuple[int, str]] = ()) -> bytes:
    """The panel as a PNG image (1600 x 1000 pixels), drawn from the same frame as :func:`line_chart`."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    _register_cjk_font()
    frame = chart_frame(panel, runs, autoscale, max([week for week, _ in planned], default=0))
    fonts = CJK_FONT_FOUND + list(CJK_FONTS)
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": fonts, "font.size": 16}):
        figure = Figure(figsize=(10, 6.25), dpi=160)
        axes = figure.add_subplot()
        for line in frame.lines:
            label = outcome_label(line.outcome, lang) + (f" ({titles[line.run]})" if len(titles) > 1 else "")
            axes.plot(range(len(line.values)), line.values, color=line.colour, linewidth=2.5,
                      linestyle="--" if line.run else "-", marker=MATPLOTLIB_MARKERS[line.marker],
                      markevery=max(1, len(line.values) // 8), markersize=8, label=label)
        marked = [(week, description, EVENT_COLOUR) for week, description in events]
        marked += [(week, description, PLANNED_COLOUR) for week, description in planned]
        for index, (week, description, colour) in enumerate(marked):
            axes.axvline(week, color=colour, linestyle="--" if colour == EVENT_COLOUR else ":", linewidth=1.5)
            axes.annotate(description, (week, 1 - 0.07 * (index + 1)), xycoords=("data", "axes fraction"),
                          color=colour, fontsize=13, ha="right" if frame.x(week) > 0.55 else "left",
                          xytext=(-4 if frame.x(week) > 0.55 else 4, 0), textcoords="offset points",
                          bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})
        axes.set_xlim(0, frame.x_max)
        axes.set_ylim(frame.y_min, frame.y_max)
        axes.set_yticks(frame.y_ticks, [format_tick(v, frame.percent) for v in frame.y_ticks])
        axes.set_xticks(frame.x_ticks)
        axes.set_xlabel(text("chart.week", lang))
        axes.set_title(text(f"chart.{panel}", lang), fontsize=20)
        axes.grid(axis="y", color="#e0e6ea")
        axes.legend(loc="best", fontsize=13)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
