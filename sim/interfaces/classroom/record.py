"""The class record: one self-contained HTML file of a session (no scripts, no external files).

:func:`session_record` gathers a session into plain data; :func:`debrief_html` draws the
debrief (used by the teacher's page too); :func:`class_record_html` wraps everything into a page
a teacher can keep, print or send. Every text is Chinese first, English second.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import TYPE_CHECKING, Any

from sim.interfaces.classroom.charts import charts_html, community_html
from sim.interfaces.classroom.debrief import debrief, headline
from sim.interfaces.classroom.session import RunView

if TYPE_CHECKING:
    from sim.interfaces.classroom.session import ClassSession

RECORD_CSS = """
body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif;max-width:1100px;margin:0 auto;padding:16px;color:#263238}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:2px solid #c62828;padding-bottom:4px;margin-top:1.6em}
.en{color:#607d8b;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border:1px solid #cfd8dc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eceff1}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.card{border:1px solid #cfd8dc;border-radius:8px;padding:10px}.card h3{margin:0 0 6px;font-size:1.05em}.card p{margin:2px 0}
.headline{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.headline .key{flex-basis:100%}
.figure{border:1px solid #cfd8dc;border-radius:6px;padding:4px 8px;min-width:9em}.figure .label{font-size:.9em}
.sim{color:#8d6e63}.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:8px}
figure{margin:0}.run-key span{margin-right:14px}.community svg{max-width:520px}
"""


def session_record(session: ClassSession) -> dict[str, Any]:
    """Everything the record shows, as plain data (also served as JSON to the teacher's page)."""
    runs = [RunView(session.model), RunView(session.twin)]
    return {
        "title_zh": session.title[0], "title_en": session.title[1],
        "scenario": session.scenario, "seed": session.seed, "weeks": session.week,
        "date": datetime.fromtimestamp(session.started_at, timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "ended": session.ended,
        "roster": session.roster(),
        "interventions": session.interventions,
        "headline": headline(session),
        "debrief": debrief(session),
        "history": session.history,
        "charts_html": charts_html(runs, session.interventions),
        "community_html": community_html(session.model),
    }


def debrief_html(record: dict[str, Any]) -> str:
    """The debrief: the headline outcomes (class | twin) in one row of figures, then one card per
    role: who played it, what they did and the outcome it acts on most, with the rest folded away
    (so every card is on the first screen of a projector)."""
    figures = "".join(
        f"<div class='figure' data-outcome='{h['outcome']}'><div class='label'>{escape(h['label_zh'])}<span class='en'> {escape(h['label_en'])}</span></div>"
        f"<div><b class='class-value'>{h['class']}</b> <span class='twin-value'>（模拟 {h['twin']}）</span></div>"
        f"<div class='change'>{escape(h['change_zh'])}<span class='en'> {escape(h['change_en'])}</span></div></div>"
        for h in record["headline"]
    )
    head = (
        "<div class='headline'><div class='key'>本班结果（括号里是同种子、全部由模拟决定的对照）"
        f"<span class='en'> The class (in brackets: the same seed, all simulated)</span></div>{figures}</div>"
    )
    cards = []
    for card in record["debrief"]:
        first, *rest = card["follows"]
        follows = "".join(
            f"<li>{escape(f['label_zh'])}<span class='en'> {escape(f['label_en'])}</span>：{f['class']}"
            f"（模拟对照 {f['twin']}，{escape(f['change_zh'])}）<span class='en'>simulated {f['twin']}; {escape(f['change_en'])}</span></li>"
            for f in rest
        )
        twin = (
            f"<p>模拟对照中该角色：{escape(card['twin_zh'])}<span class='en'> In the simulated run: {escape(card['twin_en'])}</span></p>"
            if card["twin_zh"] else ""
        )
        fallback = (
            f" · <span class='sim'>{card['simulated_weeks']} 周未作答，由模拟代为决定"
            f"<span class='en'> fell back to simulation in {card['simulated_weeks']} of {card['weeks']} weeks</span></span>"
            if card["simulated_weeks"] else ""
        )
        cards.append(
            f"<div class='card' data-role='{escape(card['role'])}'><h3>{escape(card['title_zh'])}"
            f"<span class='en'> {escape(card['title_en'])}</span></h3>"
            f"<p class='who'>扮演者<span class='en'> Played by</span>：{escape('、'.join(card['students']))}{fallback}</p>"
            f"<p class='did'>{escape(card['did_zh'])}<span class='en'> {escape(card['did_en'])}</span></p>"
            f"<p class='follow'>{escape(first['label_zh'])}<span class='en'> {escape(first['label_en'])}</span>：<b>{first['class']}</b>"
            f"（模拟 {first['twin']}，{escape(first['change_zh'])}）<span class='en'> simulated {first['twin']}; {escape(first['change_en'])}</span></p>"
            f"<details><summary>更多结果<span class='en'> More</span></summary>{twin}<ul>{follows}</ul></details></div>"
        )
    return head + f"<div class='cards'>{''.join(cards)}</div>"


def _history_table(record: dict[str, Any]) -> str:
    rows = []
    for h in record["history"]:
        how = "模拟<span class='en'> simulated</span>" if h["simulated"] else "学生<span class='en'> student</span>"
        rows.append(
            f"<tr data-role='{escape(h['role'])}'><td>{h['week'] + 1}</td><td>{escape(h['title_zh'])}<span class='en'> {escape(h['title_en'])}</span></td>"
            f"<td>{escape('、'.join(h['students']))}</td><td>{how}</td>"
            f"<td>{escape(h['decided_zh'])}<br><span class='en'>{escape(h['decided_en'])}</span></td></tr>"
        )
    return (
        "<table class='history'><tr><th>第几周<span class='en'> Week</span></th><th>角色<span class='en'> Role</span></th>"
        "<th>学生<span class='en'> Students</span></th><th>谁决定<span class='en'> Decided by</span></th>"
        f"<th>决定<span class='en'> Decision</span></th></tr>{''.join(rows)}</table>"
    )


def class_record_html(record: dict[str, Any]) -> str:
    """A self-contained HTML page of the session (inline CSS and SVG only)."""
    levers = "".join(
        f"<li>{escape(c['event_zh'])}<span class='en'> {escape(c['event_en'])}</span></li>" for c in record["interventions"]
    ) or "<li>无<span class='en'> None</span></li>"
    roster = "".join(
        f"<tr><td>{escape(r['name'])}</td><td>{escape(r['role_zh'])}<span class='en'> {escape(r['role_en'])}</span></td>"
        f"<td>{r['weeks_answered']}</td><td>{r['weeks_simulated']}</td></tr>"
        for r in record["roster"]
    )
    title = escape(f"{record['title_zh']} {record['title_en']}".strip())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>课堂记录 Class record · {title}</title><style>{RECORD_CSS}</style></head><body>
<h1>课堂角色扮演记录<span class="en"> Classroom role-play record</span></h1>
<p>情景<span class="en"> Scenario</span>：{title}（{escape(record['scenario'])}）· 随机种子<span class="en"> Seed</span> {record['seed']} · 共 {record['weeks']} 周<span class="en"> weeks</span> · {escape(record['date'])}</p>
<h2>复盘<span class="en"> Debrief</span></h2>{debrief_html(record)}
<h2>走势<span class="en"> Charts</span></h2>{record['charts_html']}
<h2>政策调整<span class="en"> Lever changes</span></h2><ul>{levers}</ul>
<h2>社区<span class="en"> The community at the end</span></h2><div class="community">{record['community_html']}</div>
<h2>名单<span class="en"> Roster</span></h2>
<table class="roster"><tr><th>学生 Student</th><th>角色 Role</th><th>作答周数 Weeks answered</th><th>模拟代答 Weeks simulated</th></tr>{roster}</table>
<h2>逐周决定<span class="en"> Decisions week by week</span></h2>{_history_table(record)}
</body></html>"""
