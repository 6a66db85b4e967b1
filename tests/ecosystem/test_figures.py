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
