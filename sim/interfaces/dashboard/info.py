"""The Info card of a scenario, in NetLogo's Info-tab order.

What is it, how it works, things to notice, things to try (from the scenario file's
``[scenario.info_zh]`` / ``[scenario.info_en]`` tables), then the hypotheses it serves, the
parameters it changes (labels from the registry) and its sources (S1-S5, cited in full).
"""

from __future__ import annotations

import re
from html import escape

from sim.interfaces.dashboard.i18n import SOURCES, format_setting, hypothesis, parameter_label, source_citation, text
from sim.scenarios import Scenario

_SOURCE_LABEL = re.compile(r"\bS[1-5]\b")


def _section(title: str, body: str) -> str:
    return f'<h4 style="margin:10px 0 4px">{escape(title)}</h4>{body}'


def _list(items: list[str]) -> str:
    return '<ul style="margin:0 0 0 1.2em;padding:0">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def cited_sources(scenario: Scenario, lang: str) -> list[str]:
    """The scenario's declared sources plus any S1-S5 label its card cites, in order."""
    card = scenario.meta.info_zh if lang == "zh" else scenario.meta.info_en
    cited = set(scenario.meta.sources)
    if card is not None:
        cited.update(_SOURCE_LABEL.findall(" ".join([card.what, card.how, *card.notice, *card.try_])))
    return sorted(cited & set(SOURCES))


def info_card_html(scenario: Scenario, lang: str, font_px: int = 14) -> str:
    """The card as HTML; every piece of text escaped. Parameter names appear as the class reads
    them (the registry's label); the model's own name of each is added in English only."""
    card = scenario.meta.info_zh if lang == "zh" else scenario.meta.info_en
    description = scenario.meta.description_zh if lang == "zh" else scenario.meta.description_en
    parts = [f'<div class="cogov-info" data-scenario="{escape(scenario.name)}" style="font-size:{font_px}px;line-height:1.55">']
    if description:
        parts.append(f'<p style="margin:0 0 6px;color:#37474f">{escape(description)}</p>')
    if card is None:
        parts.append(f"<p>{escape(text('info.missing', lang))}</p>")
    else:
        parts.append(_section(text("info.what", lang), f"<p style='margin:0'>{escape(card.what)}</p>"))
        parts.append(_section(text("info.how", lang), f"<p style='margin:0'>{escape(card.how)}</p>"))
        if card.notice:
            parts.append(_section(text("info.notice", lang), _list(card.notice)))
        if card.try_:
            parts.append(_section(text("info.try", lang), _list(card.try_)))
    if scenario.meta.hypotheses:
        parts.append(
            _section(text("info.hypotheses", lang), _list([text("info.hypothesis_item", lang, label=h, hypothesis=hypothesis(h, lang)) for h in scenario.meta.hypotheses]))
        )
    changed = scenario.changed_parameters()
    body = (
        _list([f"{parameter_label(k, lang)}{'' if lang == 'zh' else f' ({k})'} = {format_setting(k, v, lang)}" for k, v in changed.items()])
        if changed
        else f"<p style='margin:0'>{escape(text('info.none_changed', lang))}</p>"
    )
    parts.append(_section(text("info.changed", lang), body))
    sources = cited_sources(scenario, lang)
    if sources:
        parts.append(_section(text("info.sources", lang), _list([f"{s} {source_citation(s, lang)}" for s in sources])))
    parts.append("</div>")
    return "".join(parts)
