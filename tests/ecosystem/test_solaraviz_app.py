"""Mesa's SolaraViz page of the model, without a browser: a seed input beside the sliders, Reset keeps the seed,
week 0 shows — for what is not measured yet. (tests/ecosystem/test_solaraviz_browser.py drives the page itself.)"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.mesa

app = pytest.importorskip("sim.examples.solaraviz_app")


def reset(model, **changed):
    """What Mesa's Reset button builds from the page's current inputs (Mesa's own function)."""
    from mesa.visualization.solara_viz import _build_model_init_kwargs

    values = {name: (spec.value if hasattr(spec, "value") else spec.get("value", spec) if isinstance(spec, dict) else spec)
              for name, spec in app.model_params.items()}
    values.update(changed)
    kwargs = _build_model_init_kwargs(model, values, add_scenario_when_empty=True, require_model_accepts_scenario=True)
    return type(model)(**kwargs)


def status_text(model) -> str:
    column = app.status_line(model)
    html = next(child for child in column.kwargs["children"] if "unsafe_innerHTML" in child.kwargs)
    return html.kwargs["unsafe_innerHTML"]


def test_the_seed_is_an_input_beside_the_sliders():
    seed = app.model_params["rng"]
    assert seed["type"] == "InputText" and seed["value"] == str(app.SEED) and "Seed" in seed["label"]
    assert all(name in app.model_params for name in app.SLIDER_PARAMETERS)


def test_reset_after_moving_a_slider_keeps_the_seed_and_changes_only_that_lever():
    first = reset(app.model)
    moved = reset(first, empowerment=1.0)
    assert first.page_seed == moved.page_seed == app.SEED and first.streams.seed == moved.streams.seed
    assert moved.p.empowerment == 1.0 and first.p.empowerment == 0.0
    # the same community: households and problems are the same draws (common random numbers)
    assert (first.households.building == moved.households.building).all()
    other = reset(moved, empowerment=1.0, rng=" 7 ")  # the page keeps the moved slider
    assert other.page_seed == 7 and other.streams.seed != first.streams.seed and other.p.empowerment == 1.0


def test_a_seed_that_is_not_a_whole_number_is_refused_with_a_bilingual_message():
    with pytest.raises(ValueError, match="随机种子.*whole number.*'x7'"):
        reset(app.model, rng="x7")


def test_week_zero_shows_a_dash_for_what_is_not_measured_yet():
    model = reset(app.model)
    text = status_text(model)
    assert "第 0 周 Week 0" in text and f"Seed = {app.SEED}" in text
    assert "Core effective capacity = —" in text and "nan" not in text.lower()  # a single week's figure
    assert "Resolution rate = —" not in text  # the settled status quo's rate, measured over the burn-in's last weeks
    model.step()
    after = status_text(model)
    assert "Week 1" in after and "Core effective capacity = —" not in after
