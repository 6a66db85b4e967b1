"""The community grid as an SVG drawing, and its legend.

Households are coloured by one selectable state (participating, efficacy, trust, open
problems). Households of one colour are drawn as a single SVG path, so the drawing has a few
dozen elements however large the grid is, and one step of the default 40 x 40 community
redraws in milliseconds (see ``benchmarks/dashboard_step.py``). On top: resident Party
members, buildings with a Party group, the community core, firms, owners' committees and
social organisations (a red outline where a Party member holds a post, 交叉任职, S4 §1), and a
corner mark on every household with an open problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np

from sim.model.agents import DOMAIN_LABELS
from sim.interfaces.dashboard.i18n import language_index, text

#: The states households can be coloured by, in menu order.
COLOUR_STATES = ("participating", "efficacy", "trust", "open_problems")

#: Colour-blind-safe colours (Okabe & Ito; ColorBrewer ramps): participation is blue against a
#: warm sand, vacant dwellings white, so the three light states never read as one grey, and the
#: Party's red marks sit on blue or sand, never on green.
VACANT = "#ffffff"
NOT_PARTICIPATING = "#e8d9b5"
PARTICIPATING = "#0072b2"
#: Low-to-high ramp for efficacy and trust (one colour per tenth would be too fine to read).
RAMP = ("#fff7bc", "#fee391", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494")
#: Households with 0, 1, 2, and 3 or more open problems (none: pale blue, then oranges).
PROBLEM_COLOURS = ("#d6e6f0", "#fdd49e", "#fc8d59", "#b30000")
PARTY_RED = "#d50000"
PARTY_GOLD = "#ffd600"
PROBLEM_MARK = "#111111"


@dataclass(frozen=True)
class MarkerSizes:
    """Sizes of the per-household marks, in cell units (a cell is about 10 px at 1366 x 768)."""

    member_radius: float
    problem_corner: float


NORMAL_MARKS = MarkerSizes(member_radius=0.3, problem_corner=0.55)
LARGE_MARKS = MarkerSizes(member_radius=0.48, problem_corner=0.95)
CORE_COLOUR = "#d50000"
FIRM_COLOUR = "#1565c0"
COMMITTEE_COLOUR = "#6a1b9a"
ORGANISATION_COLOUR = "#00897b"
PLAIN_OUTLINE = "#263238"


@dataclass(frozen=True)
class Shapes:
    """Marker shapes, drawn centred on (0, 0) in cell units and moved with ``translate``."""

    star: str = "M0,-1.5 L0.44,-0.61 1.43,-0.46 0.71,0.23 0.88,1.21 0,0.75 -0.88,1.21 -0.71,0.23 -1.43,-0.46 -0.44,-0.61Z"
    square: str = "M-1,-1 H1 V1 H-1Z"
    triangle: str = "M0,-1.15 L1.1,0.9 H-1.1Z"
    diamond: str = "M0,-1.3 L1.3,0 0,1.3 -1.3,0Z"


SHAPES = Shapes()


def household_colours(model, colour_by: str) -> np.ndarray:
    """One colour string per household for the chosen state."""
    h = model.households
    if colour_by == "participating":
        return np.where(h.participating, PARTICIPATING, NOT_PARTICIPATING)
    if colour_by in ("efficacy", "trust"):
        values = getattr(h, colour_by)
        bins = np.minimum((np.asarray(values) * len(RAMP)).astype(int), len(RAMP) - 1)
        return np.asarray(RAMP)[np.maximum(bins, 0)]
    if colour_by == "open_problems":
        counts = model.open_problems_per_household()
        return np.asarray(PROBLEM_COLOURS)[np.minimum(counts, len(PROBLEM_COLOURS) - 1)]
    raise ValueError(f"colour_by must be one of {COLOUR_STATES}; got {colour_by!r}")


def _cells_path(x: np.ndarray, y: np.ndarray) -> str:
    """One path of unit squares at the given cells."""
    return "".join(f"M{a} {b}h1v1h-1z" for a, b in zip(x.tolist(), y.tolist(), strict=True))


def _marker(shape: str, x: float, y: float, fill: str, outline: str, width: float, title: str, bounds=None) -> str:
    if bounds is not None:  # keep the whole marker inside the grid
        x = min(max(x, 1.4), bounds[0] - 1.4)
        y = min(max(y, 1.4), bounds[1] - 1.4)
    return (
        f'<path d="{shape}" transform="translate({x:.2f} {y:.2f})" fill="{fill}" stroke="{outline}" '
        f'stroke-width="{width}" stroke-linejoin="round"><title>{escape(title)}</title></path>'
    )


def _boundaries(size: int, building_cells: int, compound_buildings: int) -> list[int]:
    """Cell indices where a new compound starts along one axis (compounds are blocks of whole buildings)."""
    step = building_cells * compound_buildings
    return list(range(step, size, step))


def grid_svg(model, colour_by: str, lang: str, label: str = "", run: int = 0, marks: MarkerSizes = NORMAL_MARKS) -> str:
    """SVG of the community: coloured households, markers, open problems (see module docstring)."""
    p, h = model.p, model.households
    width, height = p.width, p.height
    parts = [
        (
            f'<svg class="cogov-grid" viewBox="-0.5 -0.5 {width + 1} {height + 1}" preserveAspectRatio="xMidYMid meet" '
            f'style="width:100%;height:auto;max-height:72vh;cursor:pointer" role="img" data-run="{run}" '
            f'aria-label="{escape(label or text("grid.title", lang))}" data-week="{model.steps}" '
            f'data-colour-by="{colour_by}" data-households="{h.count}">'
        ),
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{VACANT}"/>',
    ]

    colours = household_colours(model, colour_by)
    for colour in np.unique(colours):
        chosen = colours == colour
        parts.append(f'<path class="households" fill="{colour}" d="{_cells_path(h.x[chosen], h.y[chosen])}"/>')

    # Building blocks and compound boundaries.
    size = p.building_size_cells
    lines = [f"M{x} 0V{height}" for x in range(size, width, size)] + [f"M0 {y}H{width}" for y in range(size, height, size)]
    parts.append(f'<path d="{"".join(lines)}" stroke="#ffffff" stroke-width="0.12" fill="none"/>')
    compound_lines = [f"M{x} 0V{height}" for x in _boundaries(width, size, p.compound_width_buildings)]
    compound_lines += [f"M0 {y}H{width}" for y in _boundaries(height, size, p.compound_height_buildings)]
    parts.append(f'<path class="compounds" d="{"".join(compound_lines)}" stroke="#455a64" stroke-width="0.3" fill="none"/>')
    parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="none" stroke="#455a64" stroke-width="0.3"/>')

    # Buildings with a Party group (楼道党小组, S3 §3.2; S4 §1): dashed red outline.
    buildings_down = -(-height // size)
    groups = []
    for building in np.flatnonzero(model.building_has_party_group).tolist():
        x0, y0 = (building // buildings_down) * size, (building % buildings_down) * size
        w, hh = min(size, width - x0), min(size, height - y0)
        groups.append(f"M{x0 + 0.15} {y0 + 0.15}h{w - 0.3}v{hh - 0.3}h{-(w - 0.3)}z")
    if groups:
        parts.append(
            f'<path class="party-groups" d="{"".join(groups)}" stroke="{PARTY_RED}" stroke-width="0.22" '
            f'stroke-dasharray="0.6 0.4" fill="none"/>'
        )

    # Open problems where they are: a dark corner on the household's cell.
    counts = model.open_problems_per_household()
    with_problems = np.flatnonzero(counts > 0)
    c = marks.problem_corner
    corners = "".join(
        f"M{a + 1 - c} {b + 1}L{a + 1} {b + 1}L{a + 1} {b + 1 - c}z"
        for a, b in zip(h.x[with_problems].tolist(), h.y[with_problems].tolist(), strict=True)
    )
    parts.append(
        f'<path class="open-problems" data-count="{len(with_problems)}" data-size="{c}" fill="{PROBLEM_MARK}" '
        f'stroke="#ffffff" stroke-width="0.06" d="{corners}"/>'
    )

    # Resident Party members.
    members = np.flatnonzero(h.party)
    r = marks.member_radius
    dots = "".join(
        f"M{a + 0.5 - r} {b + 0.45}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0"
        for a, b in zip(h.x[members].tolist(), h.y[members].tolist(), strict=True)
    )
    parts.append(
        f'<path class="party-members" data-count="{len(members)}" data-size="{2 * r}" d="{dots}" fill="{PARTY_RED}" '
        f'stroke="#ffffff" stroke-width="0.1"/>'
    )
    parts.append(_organisation_markers(model, lang))
    parts.append("</svg>")
    return "".join(parts)


def committee_position(model, committee) -> tuple[float, float]:
    """Where the map draws an owners' committee: it shares its firm's cell, so beside it."""
    x, y = committee.cell.coordinate
    return (x + 2.6 if x + 3.5 < model.p.width else x - 2.6), y


def _organisation_markers(model, lang: str) -> str:
    """The core, firms, owners' committees and social organisations at their cells."""
    bounds = (model.p.width, model.p.height)
    marks = []

    def outline(embedded: bool) -> tuple[str, float]:
        return (PARTY_RED, 0.4) if embedded else (PLAIN_OUTLINE, 0.15)

    core = model.core
    x, y = core.cell.coordinate
    marks.append(_marker(SHAPES.star, x + 0.5, y + 0.5, CORE_COLOUR, PARTY_GOLD, 0.2, text("grid.tooltip.core", lang), bounds))
    for firm in model.firm_of_compound:
        x, y = firm.cell.coordinate
        stroke, w = outline(firm.embedded)
        title = text("grid.tooltip.firm", lang, compound=firm.compound + 1)
        title += text("grid.tooltip.embedded", lang) if firm.embedded else ""
        marks.append(_marker(SHAPES.square, x + 0.5, y + 0.5, FIRM_COLOUR, stroke, w, title, bounds))
    for committee in model.committee_of_compound.values():
        x, y = committee_position(model, committee)
        stroke, w = outline(committee.embedded)
        title = text("grid.tooltip.committee", lang, compound=committee.compound + 1)
        title += text("grid.tooltip.embedded", lang) if committee.embedded else ""
        marks.append(_marker(SHAPES.triangle, x + 0.5, y + 0.5, COMMITTEE_COLOUR, stroke, w, title, bounds))
    for organisation in model.organisations:
        x, y = organisation.cell.coordinate
        stroke, w = outline(organisation.embedded)
        domain = DOMAIN_LABELS[organisation.domain][language_index(lang)]
        title = text("grid.tooltip.organisation", lang, domain=domain)
        title += text("grid.tooltip.embedded", lang) if organisation.embedded else ""
        marks.append(_marker(SHAPES.diamond, x + 0.5, y + 0.5, ORGANISATION_COLOUR, stroke, w, title, bounds))
    return f'<g class="organisations" data-count="{len(marks)}">{"".join(marks)}</g>'


# ---------------------------------------------------------------------- legend
def _swatch(inner: str, view: str = "-1.6 -1.6 3.2 3.2") -> str:
    return f'<svg viewBox="{view}" style="width:1.3em;height:1.3em;vertical-align:middle;flex:none">{inner}</svg>'


def _item(swatch: str, label: str) -> str:
    return (
        f'<span class="legend-item" style="display:inline-flex;align-items:center;gap:4px;margin:2px 10px 2px 0">'
        f"{swatch}<span>{escape(label)}</span></span>"
    )


def _square(colour: str) -> str:
    return _swatch(f'<rect x="-1.2" y="-1.2" width="2.4" height="2.4" fill="{colour}" stroke="#90a4ae" stroke-width="0.1"/>')


def legend_html(colour_by: str, lang: str, font_px: int = 13) -> str:
    """The legend of :func:`grid_svg` for the chosen colouring, as HTML."""
    state_items = []
    if colour_by == "participating":
        state_items = [
            _item(_square(PARTICIPATING), text("legend.participating", lang)),
            _item(_square(NOT_PARTICIPATING), text("legend.not_participating", lang)),
        ]
    elif colour_by in ("efficacy", "trust"):
        stops = "".join(
            f'<rect x="{i * 12}" y="0" width="12" height="12" fill="{colour}"/>' for i, colour in enumerate(RAMP)
        )
        ramp = f'<svg width="{12 * len(RAMP)}" height="12" style="vertical-align:middle">{stops}</svg>'
        low, high = escape(text("legend.low", lang)), escape(text("legend.high", lang))
        state_items = [
            (
                '<span class="legend-item" style="display:inline-flex;align-items:center;gap:4px;margin:2px 10px 2px 0">'
                f"<span>{low} 0</span>{ramp}<span>1 {high}</span></span>"
            )
        ]
    elif colour_by == "open_problems":
        labels = [text("legend.problems_none", lang), "1", "2", text("legend.problems_many", lang, count=3)]
        state_items = [_item(_square(c), label) for c, label in zip(PROBLEM_COLOURS, labels, strict=True)]
    else:
        raise ValueError(f"colour_by must be one of {COLOUR_STATES}; got {colour_by!r}")
    state_items.append(_item(_square(VACANT), text("legend.vacant", lang)))

    def shape(path: str, fill: str, outline: str = PLAIN_OUTLINE, width: float = 0.15) -> str:
        return _swatch(f'<path d="{path}" fill="{fill}" stroke="{outline}" stroke-width="{width}"/>')

    party_group = (
        f'<rect x="-1.3" y="-1.3" width="2.6" height="2.6" fill="none" stroke="{PARTY_RED}" '
        'stroke-width="0.35" stroke-dasharray="0.6 0.4"/>'
    )
    swatches = {
        "legend.party_member": _swatch(f'<circle r="0.9" fill="{PARTY_RED}" stroke="#ffffff" stroke-width="0.3"/>'),
        "legend.party_group": _swatch(party_group),
        "legend.open_problem": shape("M-1.4 1.4L1.4 1.4L1.4 -1.4z", PROBLEM_MARK, "none", 0),
        "legend.core": shape(SHAPES.star, CORE_COLOUR, PARTY_GOLD, 0.2),
        "legend.firm": shape(SHAPES.square, FIRM_COLOUR),
        "legend.committee": shape(SHAPES.triangle, COMMITTEE_COLOUR),
        "legend.organisation": shape(SHAPES.diamond, ORGANISATION_COLOUR),
        "legend.embedded": shape(SHAPES.square, "#ffffff", PARTY_RED, 0.4),
        "legend.compound": shape("M0 -1.5V1.5", "none", "#455a64", 0.4),
    }
    markers = [_item(swatch, text(key, lang)) for key, swatch in swatches.items()]
    return (
        f'<div class="cogov-legend" style="font-size:{font_px}px;line-height:1.3">'
        f'<div style="font-weight:600;margin-bottom:2px">{escape(text("legend.title", lang))} · '
        f'{escape(text("state." + colour_by, lang))}</div>'
        f'<div style="display:flex;flex-wrap:wrap">{"".join(state_items)}</div>'
        f'<div style="display:flex;flex-wrap:wrap">{"".join(markers)}</div></div>'
    )
