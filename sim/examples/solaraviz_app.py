"""The model in Mesa's own SolaraViz, built the way Mesa's examples build theirs.

Run it with Solara (front-end files served from this machine, so it also works offline)::

    SOLARA_ASSETS_PROXY=true solara run sim/examples/solaraviz_app.py

Mesa's components draw the community (one dot per household, green when it takes part in
community life this week; Party members are squares; blue triangles are the offices of firms,
owners' committees, social organisations and the community core) and plot outcomes from the model's
DataCollector. The sliders are generated from the parameter registry (labels, ranges and
defaults) and show their values; beside them a seed input. Move a slider, press Reset, and the
next model is built with the new value on the same seed: only what you changed changes (type
another seed to see another community). Mesa passes its ``Scenario`` along, which
:class:`~sim.model.CoGovernanceModel` accepts. The status line shows the week, the seed, the
running model's levers and outcomes; a quantity not measured yet (at week 0, before anything has
happened) shows as —.

For teaching, ``cogov dashboard`` is the richer bilingual classroom page; this file shows that
the model is an ordinary Mesa model that Mesa's own tools drive.
"""

from __future__ import annotations

from html import escape

import solara
from mesa.visualization import Slider, SolaraViz, make_plot_component, make_space_component
from mesa.visualization.components import AgentPortrayalStyle

from sim.model import CoGovernanceModel
from sim.model.agents import PartyMember, Resident
from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY

#: Levers shown as sliders, in this order: the three main levers, then secondary ones.
SLIDER_PARAMETERS = (
    "empowerment", "pooling", "embedding",
    "administrative_burden", "formalism", "volunteer_incentive", "meeting_interval_steps",
)
#: A smaller community than the default 40 x 40, so that Mesa's matplotlib drawing keeps up.
FIXED_PARAMETERS = {"width": 20, "height": 20, "zone_size_cells": 10}
SEED = 42
#: Outcomes shown in the status line under the controls.
STATUS_OUTCOMES = ("core_effective_capacity", "resolution_rate", "participation_rate")
#: Shown for a value not measured yet (NaN: at week 0, or a rate with nothing to divide by).
NOT_MEASURED = "—"
#: Vuetify shows a slider's value in its thumb label only while it is dragged; this keeps it shown.
SLIDER_VALUES_CSS = ".v-slider__thumb-label-container { display: block !important; }"


def seed_value(text) -> int:
    """The seed input's text as a seed (Solara's text input gives a string, Mesa issue #3516)."""
    try:
        seed = int(str(text).strip())
    except ValueError:
        seed = -1
    if seed < 0:
        raise ValueError(f"随机种子须为非负整数 The seed must be a whole number of at least 0, not {text!r}")
    return seed


class SolaraVizModel(CoGovernanceModel):
    """The model as this page builds it: the seed comes from the seed input's text."""

    def __init__(self, *, rng=SEED, **kwargs):
        self.page_seed = seed_value(rng)
        super().__init__(rng=self.page_seed, **kwargs)


def bilingual(name: str) -> str:
    """A parameter's label as 中文 English, from the registry."""
    spec = REGISTRY[name]
    return f"{spec.label_zh} {spec.label_en}"


def registry_slider(name: str) -> Slider:
    """A Mesa Slider with the registry's label, default and range for one parameter."""
    spec = REGISTRY[name]
    if spec.kind == "int":
        high = min(spec.maximum, 52)
        return Slider(bilingual(name), spec.default, int(spec.minimum), int(high), 1, dtype=int)
    if spec.kind != "float":
        raise ValueError(f"{name} is a {spec.kind} parameter; only numbers become sliders")
    return Slider(bilingual(name), spec.default, spec.minimum, spec.maximum, 0.05)


def agent_portrayal(agent) -> AgentPortrayalStyle:
    """Households: green when taking part this week, grey otherwise; Party members as squares."""
    if not isinstance(agent, Resident):  # firms, owners' committees, social organisations, the core: their office
        return AgentPortrayalStyle(color="tab:blue", marker="^", size=30, zorder=2)
    return AgentPortrayalStyle(
        color="tab:green" if agent.participating else "lightgrey",
        marker="s" if isinstance(agent, PartyMember) else "o",
        size=14,
    )


def shown(value: float) -> str:
    """A measured value to three significant digits, or — when it is not measured (NaN)."""
    return NOT_MEASURED if value != value else f"{value:.3g}"


def status_line(model: CoGovernanceModel):
    """Week, seed, the slider levers as the running model holds them, and headline outcomes (bilingual).

    Plain HTML rather than ``solara.Markdown``, whose math support fetches KaTeX from outside.
    """
    week = int(model.time)
    levers = " · ".join(f"{bilingual(n)} = {getattr(model.p, n):g}" for n in SLIDER_PARAMETERS)
    values = " · ".join(
        f"{OUTCOMES[n].label_zh} {OUTCOMES[n].label_en} = {shown(model.outcomes.get(n, float('nan')))}" for n in STATUS_OUTCOMES
    )
    lines = [f"<b>第 {week} 周 Week {week}</b> · 随机种子 Seed = {getattr(model, 'page_seed', model.streams.seed)}", levers, values]
    return solara.Column(children=[
        solara.Style(SLIDER_VALUES_CSS),
        solara.HTML(
            tag="div", unsafe_innerHTML="".join(f"<p>{escape(line) if i else line}</p>" for i, line in enumerate(lines)),
            classes=["cogov-status"], style={"font-size": "0.85em"},
        ),
    ])


# The seed is an input of its own: Reset keeps it, so moving a slider and pressing Reset changes
# only that lever; typing another seed and pressing Reset shows another community.
model_params = {
    "rng": {"type": "InputText", "value": str(SEED), "label": "随机种子 Seed"},
    **{name: registry_slider(name) for name in SLIDER_PARAMETERS},
    **FIXED_PARAMETERS,
}

SpaceComponent = make_space_component(agent_portrayal)
ParticipationPlot = make_plot_component({"participation_rate": "tab:green", "party_reach": "tab:red"})
ResolutionPlot = make_plot_component({"resolution_rate": "tab:blue", "cross_actor_resolution_rate": "tab:orange"})

model = SolaraVizModel(rng=SEED, **FIXED_PARAMETERS)
page = SolaraViz(
    model,
    components=[SpaceComponent, ParticipationPlot, ResolutionPlot, status_line],
    model_params=model_params,
    name="党领共治社区 Party-led co-governance (Mesa SolaraViz)",
)
page  # noqa: B018 - solara run renders the module's `page`
