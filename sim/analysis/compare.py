"""Paired comparison of policy scenarios on common random numbers.

Every scenario runs on the same replicate seeds, so replicate ``r`` of two scenarios faces the
same draws wherever the scenarios do not change them; the difference from the first scenario is
then a paired difference, with a 95% t interval and a paired effect size (Cohen's d_z).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from sim.model.outcomes import HEADLINE_OUTCOMES, OUTCOMES
from sim.experiments.dictionary import write_summary_columns
from sim.experiments.runs import write_table
from sim.scenarios import Scenario



def paired_summary(final: pd.DataFrame, scenarios: list[str], outcomes: list[str] | None = None) -> pd.DataFrame:
    """Mean of each outcome per scenario and its paired difference from the first scenario.

    ``final`` has one row per (scenario, replicate) with outcome columns. Pairs with a missing
    value (NaN) on either side are left out of that outcome's difference.
    """
    outcomes = outcomes or [o for o in OUTCOMES if o in final.columns]
    reference = final[final["scenario"] == scenarios[0]].set_index("replicate")
    rows = []
    for outcome in outcomes:
        for name in scenarios:
            values = final[final["scenario"] == name].set_index("replicate")[outcome]
            row = {
                "outcome": outcome,
                "scenario": name,
                "mean": values.mean(),
                "sd": values.std(ddof=1) if values.notna().sum() > 1 else np.nan,
                "n": int(values.notna().sum()),
            }
            if name == scenarios[0]:  # the reference: no difference from itself to report
                row.update(difference=np.nan, ci_low=np.nan, ci_high=np.nan, effect_size=np.nan, p_value=np.nan)
            else:
                row.update(_paired_difference(values, reference[outcome]))
            rows.append(row)
    return pd.DataFrame(rows)


def _paired_difference(values: pd.Series, reference: pd.Series) -> dict[str, float]:
    differences = (values - reference.reindex(values.index)).dropna()
    n = len(differences)
    mean = float(differences.mean()) if n else np.nan
    if n < 2:
        return dict(difference=mean, ci_low=np.nan, ci_high=np.nan, effect_size=np.nan, p_value=np.nan)
    sd = float(differences.std(ddof=1))
    half = float(stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n))
    if sd > 0:
        with warnings.catch_warnings():  # near-identical differences (a deterministic outcome) are fine
            warnings.simplefilter("ignore", RuntimeWarning)
            effect, p_value = mean / sd, float(stats.ttest_1samp(differences, 0.0).pvalue)
    else:
        effect, p_value = (np.nan, np.nan) if mean == 0 else (np.inf * np.sign(mean), 0.0)
    return dict(difference=mean, ci_low=mean - half, ci_high=mean + half, effect_size=effect, p_value=p_value)


def mean_with_ci(frame: pd.DataFrame, outcome: str, by: tuple[str, ...] = ("scenario", "step")) -> pd.DataFrame:
    """Mean of an outcome over replicates with a 95% t interval, per scenario and step."""
    grouped = frame.groupby(list(by), sort=False)[outcome]
    table = grouped.agg(["mean", "std", "count"]).reset_index()
    half = stats.t.ppf(0.975, np.maximum(table["count"] - 1, 1)) * table["std"] / np.sqrt(table["count"])
    table["low"] = table["mean"] - half.fillna(0)
    table["high"] = table["mean"] + half.fillna(0)
    return table


#: Figure text in both languages (Chinese first in each pair).
FIGURE_TEXT = {
    "week": ("周 week", "week 周"),
    "difference": ("与“{reference}”的配对差值", "paired difference from '{reference}'"),
    "bands": (
        "线：各情景 n = {n} 次重复的均值（参照情景为带点虚线，画在最上层）；阴影：均值的 95% 置信区间（t 分布）。共同随机数，{steps} 周。",
        "Lines: mean over n = {n} replicates per scenario (the reference dashed with dots, drawn on top); bands: 95% "
        "confidence intervals of the mean (t). Common random numbers, {steps} weeks.",
    ),
    "single": ("单次运行（n = 1），无置信区间。", "A single run (n = 1): no confidence interval."),
    "effects": (
        "点：{when}与“{reference}”的配对差值（n = {n} 对，共同随机数）；横线：95% 置信区间（t 分布）。",
        "Points: paired difference from '{reference}' at {when} (n = {n} pairs on common random numbers); "
        "bars: 95% confidence intervals (t).",
    ),
}
#: Smallest y-axis span for outcomes on a 0-1 scale, so run-to-run noise is not drawn as a trend.
MIN_SHARE_SPAN = 0.1

#: How the reference scenario (the first) is drawn in time series: last, on top, dashed with markers, so a
#: scenario that coincides with it (by design or by chance) cannot hide it.
REFERENCE_STYLE = {"lw": 1.6, "ls": "--", "marker": "o", "markersize": 3, "zorder": 3}


def figure_text(key: str, lang: str, **values) -> str:
    return FIGURE_TEXT[key][0 if lang == "zh" else 1].format(**values)


def cjk_fonts() -> list[str]:
    """Installed fonts with Chinese glyphs that matplotlib can use (registering any installed after its cache)."""
    from matplotlib import font_manager

    wanted = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
              "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not any(name in installed for name in wanted):  # installed after matplotlib cached its font list
        hints = ("wqy", "cjk", "sourcehan", "simhei", "msyh", "pingfang", "heiti", "uming", "notosanssc")
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower().replace("-", "").replace("_", "") for hint in hints):
                font_manager.fontManager.addfont(path)
        installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in wanted if name in installed]


def use_cjk_font(lang: str) -> None:
    """Let matplotlib draw Chinese: a CJK font first for ``zh``, as a fallback for the odd glyph otherwise.

    Chinese figures without any CJK font would show boxes, so ``zh`` then raises a
    :class:`~sim.errors.UserInputError` that says how to install one.
    """
    import logging

    import matplotlib

    found = cjk_fonts()
    if not found and lang == "zh":
        from sim.errors import UserInputError

        raise UserInputError(
            "--lang zh: no Chinese font is installed, so the figures' labels would show as boxes. Install one "
            "(Debian/Ubuntu: apt-get install fonts-wqy-zenhei or fonts-noto-cjk; macOS and Windows have one) "
            "and run again, or leave out --lang zh."
        )
    current = [f for f in matplotlib.rcParams["font.sans-serif"] if f not in found]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [*found, *current] if lang == "zh" else [*current[:1], *found, *current[1:]]
    matplotlib.rcParams["axes.unicode_minus"] = False
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # CJK fonts often have only weight 500


def week_label(lang: str) -> str:
    """The x label of time axes: both languages when a CJK font can draw them."""
    return figure_text("week", lang) if lang == "zh" or cjk_fonts() else "week"


def axis_label(outcome: str, lang: str) -> str:
    """The outcome's label with its unit in brackets: "Resolution rate (share, 0-1)"."""
    return with_unit(OUTCOMES[outcome].label(lang), outcome, lang)


def with_unit(text: str, outcome: str, lang: str) -> str:
    """``text`` followed by the outcome's unit in brackets (one pair: the units carry none)."""
    from sim.experiments.dictionary import outcome_unit

    unit = outcome_unit(outcome, lang)
    return f"{text} ({unit})" if unit else text


def steady_limits(axis, low: float, high: float, kind: str) -> None:
    """Keep a 0-1 outcome's axis at least MIN_SHARE_SPAN wide (within 0-1), so noise does not look like a trend."""
    if kind not in ("rate", "level") or not np.isfinite([low, high]).all() or high - low >= MIN_SHARE_SPAN:
        return
    centre = (low + high) / 2
    bottom = min(max(0.0, centre - MIN_SHARE_SPAN / 2), 1.0 - MIN_SHARE_SPAN)
    axis.set_ylim(bottom, bottom + MIN_SHARE_SPAN)


def replicate_count(frame: pd.DataFrame) -> str:
    """n per scenario as text: '10', or '8-10' when scenarios differ."""
    counts = frame.groupby("scenario")["replicate"].nunique() if "replicate" in frame.columns else pd.Series([1])
    low, high = int(counts.min()), int(counts.max())
    return str(low) if low == high else f"{low}-{high}"


def plot_timeseries(frame: pd.DataFrame, path, outcomes=HEADLINE_OUTCOMES, lang: str = "en") -> Path:
    """Save :func:`timeseries_figure` to ``path`` (atomically)."""
    from sim.files import save_figure

    save_figure(timeseries_figure(frame, outcomes, lang), path)
    return path


def timeseries_figure(frame: pd.DataFrame, outcomes=HEADLINE_OUTCOMES, lang: str = "en"):
    """Time series of outcomes per scenario: mean over replicates with a 95% confidence band.

    Axes carry the outcome's unit, the x axis is in weeks, and a caption states n and what the
    bands are. ``lang="zh"`` draws Chinese labels (with a CJK font).
    """
    from matplotlib.figure import Figure
    import seaborn as sns

    outcomes = [o for o in outcomes if o in frame.columns]
    columns = min(4, max(1, len(outcomes)))
    rows = max(1, -(-len(outcomes) // columns))
    sns.set_theme(style="whitegrid", context="paper")
    use_cjk_font(lang)  # after set_theme, which resets the font list
    palette = dict(zip(frame["scenario"].unique(), sns.color_palette(n_colors=frame["scenario"].nunique()), strict=True))
    reference = frame["scenario"].iloc[0] if len(frame) else None
    n = replicate_count(frame)
    figure = Figure(figsize=(4.2 * columns, 3.3 * rows + 0.6))
    axes = figure.subplots(rows, columns, squeeze=False)
    for axis, outcome in zip(axes.flat, outcomes, strict=False):
        table = mean_with_ci(frame, outcome)
        parts = dict(list(table.groupby("scenario", sort=False)))
        for scenario in sorted(parts, key=lambda name: name == reference):  # the reference last, on top
            part = parts[scenario]
            style = REFERENCE_STYLE | {"markevery": max(1, len(part) // 8)} if scenario == reference else {"lw": 1.4}
            axis.plot(part["step"], part["mean"], color=palette[scenario], label=scenario, **style)
            axis.fill_between(part["step"], part["low"], part["high"], color=palette[scenario], alpha=0.2, lw=0)
        axis.set_title(OUTCOMES[outcome].label(lang))
        axis.set_xlabel(week_label(lang))
        axis.set_ylabel(axis_label(outcome, lang))
        steady_limits(axis, table["low"].min(), table["high"].max(), OUTCOMES[outcome].kind)
    for axis in list(axes.flat)[len(outcomes):]:
        axis.remove()
    steps = int(frame["step"].max()) if len(frame) else 0
    caption = figure_text("single", lang) if n == "1" else figure_text("bands", lang, n=n, steps=steps)
    bottom = 0.06 + 0.1 / rows
    if outcomes:
        handles, labels = axes.flat[0].get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: list(palette).index(labels[i]))
        handles, labels = [handles[i] for i in order], [labels[i] for i in order]  # legend in the scenarios' order
        figure.legend(handles, labels, loc="lower center", ncol=min(len(labels), 6), frameon=False,
                      bbox_to_anchor=(0.5, 0.04 / rows))
    figure.text(0.5, 0.005, caption, ha="center", va="bottom", fontsize=8, wrap=True)
    figure.tight_layout(rect=(0, bottom, 1, 1))
    return figure


def plot_effects(summary: pd.DataFrame, path, outcomes=HEADLINE_OUTCOMES, lang: str = "en", steps: int | None = None) -> Path:
    """Save :func:`effects_figure` to ``path``."""
    from sim.files import save_figure

    save_figure(effects_figure(summary, outcomes, lang, steps), path)
    return path


def effects_figure(summary: pd.DataFrame, outcomes=HEADLINE_OUTCOMES, lang: str = "en", steps: int | None = None):
    """Paired differences from the reference scenario with 95% intervals, one panel per outcome."""
    from matplotlib.figure import Figure
    import seaborn as sns

    reference = summary["scenario"].iloc[0]
    data = summary[(summary["scenario"] != reference) & summary["outcome"].isin(outcomes)]
    outcomes = [o for o in outcomes if o in set(data["outcome"])]
    sns.set_theme(style="whitegrid", context="paper")
    use_cjk_font(lang)
    columns = min(4, max(1, len(outcomes)))
    rows = max(1, -(-len(outcomes) // columns))
    figure = Figure(figsize=(4.2 * columns, 0.5 + (0.45 * data["scenario"].nunique() + 1.1) * rows + 0.4))
    axes = figure.subplots(rows, columns, squeeze=False)
    for axis, outcome in zip(axes.flat, outcomes, strict=False):
        part = data[data["outcome"] == outcome]
        positions = np.arange(len(part))
        axis.errorbar(
            part["difference"], positions,
            xerr=[part["difference"] - part["ci_low"], part["ci_high"] - part["difference"]],
            fmt="o", capsize=3,
        )
        axis.axvline(0, color="grey", lw=0.8)
        axis.set_yticks(positions, part["scenario"])
        axis.set_title(OUTCOMES[outcome].label(lang))
        axis.set_xlabel(with_unit(figure_text("difference", lang, reference=reference), outcome, lang))
    for axis in list(axes.flat)[len(outcomes):]:
        axis.remove()
    pairs = data["n"].min() if "n" in data.columns and len(data) else "?"
    when = (f"第 {steps} 周" if lang == "zh" else f"week {steps}") if steps else ("末周" if lang == "zh" else "the final week")
    figure.text(0.5, 0.005, figure_text("effects", lang, reference=reference, n=pairs, when=when),
                ha="center", va="bottom", fontsize=8, wrap=True)
    figure.tight_layout(rect=(0, 0.05 + 0.05 / rows, 1, 1))
    return figure


def compare_scenarios(
    scenarios: list[Scenario],
    replicates: int,
    steps: int,
    seed: int,
    out: Path,
    workers: int | None = None,
    progress: bool = True,
    executor=None,
    lang: str = "en",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every scenario on the same replicate seeds; write results, summary and figures to ``out``.

    The runs go through the experiment layer (:mod:`sim.experiments`): each finished run is
    journaled in ``out`` at once, so an interruption loses only the runs in flight, and running
    the same comparison again on the same folder resumes it (a different comparison on that
    folder is refused). ``executor`` is anything :func:`sim.experiments.run_experiment` accepts
    (default: a local process pool of ``workers`` processes). The combined tables and figures
    are written at the end. Returns (time series of every run, summary table).
    """
    from sim.experiments.engine import run_experiment
    from sim.experiments.experiment import experiment_from_scenarios
    from sim.experiments.results import load_results
    from sim.experiments.store import ResultStore

    use_cjk_font(lang)  # before any run: a missing Chinese font is reported at once
    names = [s.name for s in scenarios]
    document = {
        "command": "compare",
        "scenarios": [
            {"name": s.name, "file": str(s.path), "chain": [str(p) for p in s.chain], "overrides": s.overrides,
             "parameters": s.parameters.model_dump()}
            for s in scenarios
        ],
        "status": "running",
    }
    experiment = experiment_from_scenarios(scenarios, replicates, steps, seed, document)
    store = ResultStore(out)
    run_experiment(experiment, store, executor, workers=workers, progress=progress, description="compare")
    failed = len(load_results(out, timeseries=False).failed)  # this session's and any earlier one's
    if failed:
        raise RuntimeError(
            f"{failed} of {experiment.run_count} runs of the comparison failed, so no summary was made; their tracebacks: "
            f"cogov query {out} \"SELECT scenario, replicate, error FROM status WHERE status = 'failed'\""
        )
    stored = load_results(out).timeseries
    outcomes = [o for o in OUTCOMES if o in stored.columns]
    timeseries = stored[["scenario", "replicate", "seed", *experiment.varied, "step", *outcomes]].reset_index(drop=True)
    by_name = {s.name: s for s in scenarios}
    for position, key in enumerate(k for k in scenarios[0].overrides if k not in experiment.varied):  # --set values
        timeseries.insert(3 + len(experiment.varied) + position, key, timeseries["scenario"].map(
            lambda n, key=key: getattr(by_name[n].parameters, key)))
    final = timeseries[timeseries["step"] == steps]
    summary = paired_summary(final, names)
    write_table(timeseries, out / "timeseries")
    write_table(summary, out / "summary")
    write_summary_columns(out)
    figures = out / "figures"
    figures.mkdir(exist_ok=True)
    plot_timeseries(timeseries, figures / "timeseries.png", lang=lang)
    plot_effects(summary, figures / "effects.png", lang=lang, steps=steps)
    store.update_manifest(status="complete")
    return timeseries, summary
