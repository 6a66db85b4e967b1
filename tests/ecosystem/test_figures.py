"""Figures fit for a paper: units on the axes, weeks on x, a caption with n and the 95% CI, Chinese on request."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.compare import MIN_SHARE_SPAN, effects_figure, paired_summary, timeseries_figure


def frame(replicates: int, scenarios=("baseline", "empowerment")) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for s, name in enumerate(scenarios):
        for r in range(replicates):
            for step in range(11):
                rows.append({"scenario": name, "replicate": r, "seed": r, "step": step,
                             "mean_trust": 0.45 + 0.0005 * step + 0.001 * rng.random(),
                             "backlog": 10 + s * 3 + step + rng.random()})
    return pd.DataFrame(rows)


def texts(figure) -> list[str]:
    return [t.get_text() for t in figure.texts]


def test_timeseries_axes_have_units_weeks_and_a_caption_with_n():
    figure = timeseries_figure(frame(5), outcomes=("mean_trust", "backlog"))
    trust, backlog = figure.axes[:2]
    assert trust.get_ylabel() == "Mean trust (mean on a 0-1 scale)" and backlog.get_ylabel() == "Backlog (count)"
    from sim.analysis.compare import cjk_fonts

    assert trust.get_xlabel() == ("week 周" if cjk_fonts() else "week")  # no boxes where no font has 周
    (caption,) = texts(figure)
    assert "n = 5 replicates" in caption and "95% confidence intervals" in caption and "10 weeks" in caption


def test_a_single_run_does_not_magnify_noise():
    figure = timeseries_figure(frame(1, scenarios=("baseline",)), outcomes=("mean_trust",))
    low, high = figure.axes[0].get_ylim()
    assert high - low >= MIN_SHARE_SPAN - 1e-12 and 0 <= low <= 0.45 <= high <= 1
    assert "n = 1" in texts(figure)[0] and "no confidence interval" in texts(figure)[0]


def test_effects_have_an_x_label_with_unit_and_the_reference_has_no_difference():
    data = frame(6)
    summary = paired_summary(data[data["step"] == 10], ["baseline", "empowerment"], ["backlog"])
    assert summary.set_index("scenario").loc["baseline", ["difference", "ci_low", "ci_high"]].isna().all()
    figure = effects_figure(summary, outcomes=("backlog",), steps=10)
    assert figure.axes[0].get_xlabel() == "paired difference from 'baseline' (count)"
    assert "n = 6 pairs" in texts(figure)[0] and "week 10" in texts(figure)[0]


def test_chinese_labels_use_a_cjk_font():
    from matplotlib import font_manager

    from sim.analysis.compare import use_cjk_font
    from sim.errors import UserInputError

    try:
        use_cjk_font("zh")
    except UserInputError:
        pytest.skip("no Chinese font installed here (apt-get install fonts-wqy-zenhei)")
    figure = timeseries_figure(frame(3), outcomes=("backlog",), lang="zh")
    axis = figure.axes[0]
    assert axis.get_title() == "积压问题" and axis.get_ylabel() == "积压问题 (个)" and axis.get_xlabel() == "周 week"
    font = font_manager.findfont(axis.title.get_fontproperties(), fallback_to_default=False)
    assert any(hint in font.lower() for hint in ("wqy", "cjk", "han", "hei", "ming")), font


def bracket_depths(text: str) -> list[int]:
    """The bracket depth after each character, ASCII and full-width brackets alike."""
    depth, depths = 0, []
    for character in text:
        depth += (character in "(（") - (character in ")）")
        depths.append(depth)
    return depths


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axis_labels_have_one_balanced_pair_of_brackets_at_most(lang):
    from sim.analysis.compare import axis_label
    from sim.model.outcomes import OUTCOMES

    assert bracket_depths("a (b (c)))")[-1] == -1 and max(bracket_depths("a (b (c))")) == 2  # the check can fail
    kinds = set()
    for outcome, declared in OUTCOMES.items():
        label = axis_label(outcome, lang)
        depths = bracket_depths(label)
        assert depths[-1] == 0 and min(depths) >= 0 and max(depths) <= 1, label
        kinds.add(declared.kind)
    assert {"rate", "level", "count"} <= kinds


def test_drawn_figures_labels_are_well_formed():
    data = frame(4)
    data["resolution_rate"] = 0.5
    figures = [timeseries_figure(data, outcomes=("mean_trust", "backlog", "resolution_rate"))]
    summary = paired_summary(data[data["step"] == 10], ["baseline", "empowerment"], ["backlog", "resolution_rate"])
    figures.append(effects_figure(summary, outcomes=("backlog", "resolution_rate"), steps=10))
    labels = [label for figure in figures for axis in figure.axes for label in (axis.get_xlabel(), axis.get_ylabel())]
    assert "Resolution rate (share, 0-1)" in labels and "paired difference from 'baseline' (share, 0-1)" in labels
    for label in labels:
        assert bracket_depths(label or "x")[-1] == 0 and max(bracket_depths(label or "x")) <= 1, label


def test_the_reference_line_is_drawn_last_and_distinct_when_another_scenario_coincides_with_it():
    from sim.analysis.compare import REFERENCE_STYLE

    data = frame(3, scenarios=("baseline", "pooling", "embedding"))
    same = data["scenario"] == "baseline"
    data.loc[data["scenario"] == "pooling", ["mean_trust", "backlog"]] = data.loc[same, ["mean_trust", "backlog"]].to_numpy()
    figure = timeseries_figure(data, outcomes=("mean_trust", "backlog"))
    for axis in figure.axes[:2]:
        lines = {line.get_label(): line for line in axis.get_lines()}
        assert list(lines)[-1] == "baseline"  # drawn after the scenario that coincides with it
        baseline, pooling = lines["baseline"], lines["pooling"]
        assert (baseline.get_ydata() == pooling.get_ydata()).all()  # the case the style is for
        assert baseline.get_zorder() > max(line.get_zorder() for name, line in lines.items() if name != "baseline")
        assert baseline.get_linestyle() != pooling.get_linestyle() and baseline.get_marker() == REFERENCE_STYLE["marker"]
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["baseline", "pooling", "embedding"]
