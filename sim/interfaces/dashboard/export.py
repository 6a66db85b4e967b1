"""What a class takes away: the run as CSV and a class record as one self-contained HTML page.

Both are built from data (runs with ``.series``/``.scenario``, interventions, seed), not from
Solara state, so the classroom server can reuse them. The record embeds its charts as inline
HTML and SVG (from :func:`sim.interfaces.dashboard.charts.line_chart`): it opens offline in any
browser, and prints.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from html import escape

from sim.interfaces.dashboard import charts
from sim.interfaces.dashboard.i18n import event_label, format_setting, outcome_label, parameter_label, planned_label, text
from sim.model.outcomes import OUTCOMES

#: The big numbers on screen and in the record (NetLogo-style monitors).
MONITORED = ("participation_rate", "backlog", "resolution_rate", "mean_trust")
#: Font stack with Chinese fonts first, so that “” and —— keep their full-width forms.
CJK_FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
                  '"WenQuanYi Zen Hei", "Hiragino Sans GB", "Helvetica Neue", Arial, sans-serif')


def events_of(interventions, lang: str) -> list[tuple[int, str]]:
    """(week, label) of every applied intervention, for the charts."""
    return [(i.week, event_label(i.week, i.applied, lang)) for i in interventions if i.applied]


def planned_of(plan, lang: str) -> list[tuple[int, str]]:
    """(week, label) of every intervention a lesson has planned and not yet made."""
    return [(i.week, planned_label(i.week, i.changes, lang)) for i in plan]


def run_csv(runs: list, interventions=(), outcomes: tuple[str, ...] | None = None) -> str:
    """One row per run and week: run (A/B), scenario, seed, week, every outcome, and the
    interventions made at that week (``name=old->new``, run A only)."""
    names = list(outcomes or runs[0].model.datacollector.model_vars)
    made: dict[int, str] = {}
    for intervention in interventions:
        changes = "; ".join(f"{k}={old}->{new}" for k, (old, new) in intervention.applied.items())
        made[intervention.week] = "; ".join(filter(None, [made.get(intervention.week, ""), changes]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["run", "scenario", "seed", "week", *names, "intervention"])
    for index, run in enumerate(runs):
        series = {name: run.series(name) for name in names}
        for week in range(len(series[names[0]])):
            row = [series[name][week] for name in names]
            writer.writerow(["AB"[index], run.scenario.name, run.seed, week, *row, made.get(week, "") if index == 0 else ""])
    return buffer.getvalue()


def monitor_html(runs: list, lang: str, font_px: int = 40, label_px: int = 16) -> str:
    """Large figures of the headline outcomes (A | B), as on a NetLogo monitor."""
    boxes = []
    for outcome in MONITORED:
        kind = OUTCOMES[outcome].kind
        values = " | ".join(charts.format_value(run.series(outcome)[-1], kind) for run in runs)
        boxes.append(
            f'<div class="monitor" data-outcome="{outcome}" style="border:1px solid #cfd8dc;border-radius:6px;padding:4px 12px;'
            f'background:#fafafa;min-width:8em"><div style="font-size:{label_px}px;color:#455a64">'
            f'{escape(outcome_label(outcome, lang))}</div><div class="monitor-value" style="font-size:{font_px}px;'
            f'font-weight:700;line-height:1.15;color:#0d2b45">{values}</div></div>'
        )
    return f'<div class="cogov-monitors" style="display:flex;gap:10px;flex-wrap:wrap">{"".join(boxes)}</div>'


def scenario_label(title: str, modified: bool, lang: str) -> str:
    return text("scenario.modified", lang, title=title) if modified else title


def class_record_html(runs: list, seed: int, interventions, lang: str, overrides: dict | None = None,
                      made: datetime | None = None) -> str:
    """The class record: scenarios, settings changed before the start, interventions, final
    figures and every chart, as one HTML page with no outside references."""
    overrides = overrides or {}
    modified = bool(overrides) or any(i.applied for i in interventions)
    titles = [run.scenario.title(lang) for run in runs]
    week = runs[0].week
    made = made or datetime.now().astimezone()
    events = events_of(interventions, lang)
    head = scenario_label(titles[0], modified, lang) + (f" | {titles[1]}" if len(runs) > 1 else "")
    parts = [
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{escape(text('record.title', lang, title=head))}</title>"
        f"<style>body{{font-family:{CJK_FONT_STACK};max-width:1100px;margin:24px auto;padding:0 16px;color:#263238}}"
        "table{border-collapse:collapse}td,th{border:1px solid #cfd8dc;padding:4px 10px;text-align:left}"
        ".charts{display:grid;grid-template-columns:1fr 1fr;gap:18px}</style></head><body>",
        f"<h1>{escape(text('record.title', lang, title=head))}</h1>",
        f"<p>{escape(text('record.made', lang, time=made.strftime('%Y-%m-%d %H:%M'), seed=seed, week=week))}</p>",
        f"<h2>{escape(text('record.scenarios', lang))}</h2><ul>",
    ]
    for key, run, title in zip(("grid.label_a", "grid.label_b"), runs, titles, strict=False):
        label = text(key, lang, title=scenario_label(title, modified and run is runs[0], lang))
        description = run.scenario.meta.description_zh if lang == "zh" else run.scenario.meta.description_en
        parts.append(f"<li><b>{escape(label)}</b> ({escape(run.scenario.name)}){escape(' — ' + description if description else '')}</li>")
    parts.append("</ul>")
    if overrides:
        changes = text("event.separator", lang).join(
            f"{parameter_label(k, lang)} = {format_setting(k, v, lang)}" for k, v in overrides.items()
        )
        parts.append(f"<p>{escape(text('scenario.overrides', lang, changes=changes))}</p>")
    parts.append(f"<h2>{escape(text('event.log', lang))}</h2>")
    if events:
        rows = "".join(f"<tr><td>{w}</td><td>{escape(label)}</td></tr>" for w, label in events)
        parts.append(f"<table class='events'><tr><th>{escape(text('record.week', lang))}</th>"
                     f"<th>{escape(text('record.change', lang))}</th></tr>{rows}</table>")
    else:
        parts.append(f"<p>{escape(text('event.none', lang))}</p>")
    parts.append(f"<h2>{escape(text('record.final', lang, week=week))}</h2>")
    header = "".join(f"<th>{escape(title)}</th>" for title in titles)
    rows = "".join(
        f"<tr><td>{escape(outcome_label(o, lang))}</td>"
        + "".join(f"<td>{charts.format_value(run.series(o)[-1], OUTCOMES[o].kind)}</td>" for run in runs) + "</tr>"
        for o in dict.fromkeys(MONITORED + tuple(o for outcomes in charts.PANELS.values() for o in outcomes))
    )
    parts.append(f"<table class='final'><tr><th>{escape(text('record.outcome', lang))}</th>{header}</tr>{rows}</table>")
    parts.append(f"<h2>{escape(text('record.charts', lang))}</h2>")
    if len(runs) > 1:
        parts.append(charts.run_key_html(titles, lang))
    parts.append("<div class='charts'>")
    for panel in charts.PANELS:
        parts.append(f"<div>{charts.line_chart(panel, runs, lang, events, style=charts.NORMAL)}"
                     f"{charts.chart_legend_html(panel, runs, lang)}</div>")
    parts.append("</div></body></html>")
    return "".join(parts)
