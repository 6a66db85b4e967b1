"""What is at a cell of the community map, and its state, for the Inspect card.

:func:`inspect_cell` looks up the organisation marker nearest the clicked cell (within the
marker's size), else the household living there (with its Party membership and open problems),
and returns a title and rows of (label, value), Chinese first. :func:`inspect_html` renders them.
Everything is read from the model; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np

from sim.interfaces.dashboard.i18n import language_index, text
from sim.model.agents import DOMAIN_LABELS
from sim.model.problems import NOT_YET
from sim.parameters import CATEGORY_KEYS, CATEGORY_LABELS

#: A click this close (in cells) to an organisation marker's centre selects the organisation.
MARKER_REACH_CELLS = 1.3


@dataclass(frozen=True)
class Inspection:
    kind: str  # "organisation", "household", "party_member" or "empty"
    title: str
    rows: list[tuple[str, str]]


def organisation_markers(model, lang: str) -> list[tuple[float, float, str, object]]:
    """(x, y, title, agent) of every organisation marker, at the position the map draws it."""
    from sim.interfaces.dashboard.grid import committee_position

    core = model.core
    x, y = core.cell.coordinate
    markers = [(x + 0.5, y + 0.5, text("grid.tooltip.core", lang), core)]
    for firm in model.firm_of_compound:
        x, y = firm.cell.coordinate
        markers.append((x + 0.5, y + 0.5, text("grid.tooltip.firm", lang, compound=firm.compound + 1), firm))
    for committee in model.committee_of_compound.values():
        x, y = committee_position(model, committee)
        markers.append((x + 0.5, y + 0.5, text("grid.tooltip.committee", lang, compound=committee.compound + 1), committee))
    for organisation in model.organisations:
        x, y = organisation.cell.coordinate
        domain = DOMAIN_LABELS[organisation.domain][language_index(lang)]
        markers.append((x + 0.5, y + 0.5, text("grid.tooltip.organisation", lang, domain=domain), organisation))
    return markers


def _yes(value: bool, lang: str) -> str:
    return text("inspect.yes" if value else "inspect.no", lang)


def _organisation_rows(agent, lang: str) -> list[tuple[str, str]]:
    rows = [(text("inspect.embedded", lang), _yes(bool(agent.embedded), lang))]
    for attribute, key in (("capacity", "inspect.capacity"), ("budget", "inspect.budget"), ("legitimacy", "inspect.legitimacy"),
                           ("fee_collection_rate", "inspect.fee_collection")):
        value = getattr(agent, attribute, None)
        if isinstance(value, (int, float, np.floating)):
            rows.append((text(key, lang), f"{float(value):.2f}"))
    return rows


def inspect_cell(model, x: int, y: int, lang: str) -> Inspection:
    """The organisation, household or vacant dwelling at cell (x, y) of ``model``."""
    near = [(abs(mx - (x + 0.5)) + abs(my - (y + 0.5)), title, agent) for mx, my, title, agent in organisation_markers(model, lang)]
    near = [item for item in near if item[0] <= MARKER_REACH_CELLS]
    if near:
        _, title, agent = min(near, key=lambda item: item[0])
        return Inspection("organisation", title, _organisation_rows(agent, lang))
    h = model.households
    found = np.flatnonzero((h.x == x) & (h.y == y))
    if len(found) == 0:
        return Inspection("empty", text("inspect.empty", lang, x=x + 1, y=y + 1), [])
    i = int(found[0])
    age = ("young", "working", "retired")[int(h.age_group[i])]
    rows = [
        (text("inspect.age", lang), text(f"inspect.age.{age}", lang)),
        (text("inspect.income", lang), text("inspect.income.low" if h.low_income[i] else "inspect.income.other", lang)),
        (text("inspect.party", lang), _yes(bool(h.party[i]), lang)),
        (text("inspect.participating", lang), _yes(bool(h.participating[i]), lang)),
        (text("inspect.efficacy", lang), f"{float(h.efficacy[i]):.2f}"),
        (text("inspect.trust", lang), f"{float(h.trust[i]):.2f}"),
    ]
    kind = "household"
    if h.party[i]:
        kind = "party_member"
        group = bool(model.building_has_party_group[int(h.building[i])])
        rows.append((text("inspect.party_group", lang), text("inspect.party_group.yes" if group else "inspect.party_group.no", lang)))
    book = model.problems
    mine = [int(p) for p in book.open_ids if int(book.household[p]) == i]
    rows.append((text("inspect.problems", lang), str(len(mine))))
    for problem in mine:
        category = CATEGORY_LABELS[CATEGORY_KEYS[int(book.category[problem])]][language_index(lang)]
        weeks = model.steps - int(book.arisen_step[problem])
        known = int(book.known_step[problem]) != NOT_YET
        state = text("inspect.problem.reported" if known else "inspect.problem.unreported", lang)
        rows.append(("·", text("inspect.problem", lang, domain=category, weeks=weeks, state=state)))
    title = text("inspect.household", lang, x=x + 1, y=y + 1, compound=int(h.compound[i]) + 1)
    return Inspection(kind, title, rows)


def inspect_html(inspection: Inspection, font_px: int = 14) -> str:
    rows = "".join(
        f'<tr><th style="text-align:left;font-weight:500;padding:1px 10px 1px 0;white-space:nowrap">{escape(label)}</th>'
        f"<td>{escape(value)}</td></tr>"
        for label, value in inspection.rows
    )
    return (
        f'<div class="cogov-inspect" data-kind="{inspection.kind}" style="font-size:{font_px}px;line-height:1.4">'
        f'<div style="font-weight:700;margin-bottom:4px">{escape(inspection.title)}</div><table>{rows}</table></div>'
    )
