"""``cogov report DIR``: one self-contained HTML file describing a run, compare, sweep or sensitivity folder.

The report has three parts: the manifest (what was run, with which model version, parameters and
seeds), figures (time series with 95% confidence bands, lever-effect plots, heatmaps for
two-lever sweeps, Sobol' or Morris bars when the folder holds a sensitivity analysis) and tables.
Figures are PNG images embedded as base64 and the style sheet is inline, so the file opens
offline, can be mailed, and needs nothing else.

Folders are recognised by their ``manifest.json``: ``command`` = ``run`` (``cogov run``), or
``kind`` = ``compare``, ``sweep`` or ``sensitivity`` (results folders of the experiment layer,
read with :func:`sim.experiments.load_results`).
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import Any

from sim.model.outcomes import HEADLINE_OUTCOMES
from sim.errors import UserInputError

KINDS = ("run", "compare", "sweep", "sensitivity", "hypotheses", "calibration")
#: Outcomes shown in figures and tables, in this order (the comparison's headline outcomes).
REPORT_OUTCOMES = HEADLINE_OUTCOMES
HEATMAP_OUTCOMES = ("resolution_rate", "cross_actor_resolution_rate", "participation_rate", "mean_trust")
MAX_TABLE_ROWS = 200
MAX_SERIES_POINTS = 8  # sweeps with at most this many points also get time series per point

KIND_TITLES = {
    "run": ("单次运行", "Single run"),
    "compare": ("情景比较", "Scenario comparison"),
    "sweep": ("参数扫描", "Parameter sweep"),
    "sensitivity": ("敏感性分析", "Sensitivity analysis"),
    "hypotheses": ("假设检验", "Hypothesis tests"),
    "calibration": ("校准", "Calibration"),
}


# ====================================================================== reading folders
def read_folder(directory: str | Path) -> tuple[str, dict[str, Any]]:
    """The kind of a results folder and its manifest (every field's type checked); a clear error when it is not one.

    Folders without a results store (a single run, a calibration) are checked whole first
    (:func:`sim.experiments.folders.check_folder`); a store's parts are checked when they are loaded.
    """
    from sim.experiments.folders import check_folder, damaged_folder_error
    from sim.experiments.manifest import load_manifest

    directory = Path(directory)
    try:
        kind, manifest = load_manifest(directory)
    except UserInputError as exc:
        raise UserInputError(f"report: {exc.args[0]}", exc.problems) from None
    if kind in ("run", "calibration"):
        report = check_folder(directory)
        if not report.ok:
            raise damaged_folder_error(report)
    return kind, manifest


# ====================================================================== HTML helpers
STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", Helvetica, Arial, sans-serif;
       margin: 0 auto; max-width: 1180px; padding: 24px 32px 64px; color: #1d2630; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.1em; }
h2 { border-bottom: 2px solid #c8102e; padding-bottom: 4px; margin-top: 2em; }
h3 { margin-top: 1.4em; }
.subtitle { color: #5a6672; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.88em; }
th, td { border: 1px solid #d5dbe1; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f4f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 1.6em; }
figure img { max-width: 100%; border: 1px solid #e3e7eb; }
figcaption { color: #4b5661; font-size: 0.9em; margin-top: 4px; }
.note { background: #fff6e0; border-left: 4px solid #f0b429; padding: 6px 12px; }
code { background: #f1f4f7; padding: 1px 4px; border-radius: 3px; }
nav a { margin-right: 1.2em; }
footer { margin-top: 3em; color: #77818b; font-size: 0.85em; }
"""


def read_table(path: Path):
    """One of the folder's own tables, checked against its checksum first (see :mod:`sim.experiments.folders`)."""
    from sim.experiments.folders import read_table as read

    return read(path)


def escape(value: Any) -> str:
    return html.escape(str(value))


def figure_html(figure, caption: str) -> str:
    """Embed a matplotlib figure as a base64 PNG (and close it)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return image_html(buffer.getvalue(), caption)


def image_html(png: bytes, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<figure><img alt="{escape(caption)}" src="data:image/png;base64,{data}"><figcaption>{escape(caption)}</figcaption></figure>'


def png_of(plot, *args, **kwargs) -> bytes:
    """Bytes of a PNG written by a plotting function that takes an output path."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figure.png"
        plot(*args, path, **kwargs)
        return path.read_bytes()


def format_number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return escape(value)
    if math.isnan(number):
        return "–"
    if number.is_integer() and abs(number) >= 1:
        return f"{int(number):,}"
    return f"{number:.3g}"


def table_html(frame, numeric: list[str] | None = None, max_rows: int = MAX_TABLE_ROWS) -> str:
    """A DataFrame as an HTML table (numbers right-aligned, at most ``max_rows`` rows)."""
    numeric = set(numeric if numeric is not None else frame.select_dtypes("number").columns)
    shown = frame.head(max_rows)
    head = "".join(f"<th>{escape(c)}</th>" for c in shown.columns)
    rows = []
    for record in shown.itertuples(index=False):
        cells = []
        for column, value in zip(shown.columns, record, strict=True):
            if column in numeric:
                cells.append(f'<td class="num">{format_number(value)}</td>')
            else:
                cells.append(f"<td>{escape(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="note">{len(frame) - max_rows} more rows are in the folder\'s Parquet files.</p>' if len(frame) > max_rows else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def definition_table(items: list[tuple[str, Any]]) -> str:
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in items if v not in (None, "", [], {}))
    return f"<table>{rows}</table>"


def outcome_label(name: str) -> str:
    from sim.model.outcomes import OUTCOMES

    outcome = OUTCOMES.get(name)
    return f"{outcome.label_zh} {outcome.label_en}" if outcome else name


def parameter_label(name: str) -> str:
    from sim.parameters import REGISTRY

    spec = REGISTRY.get(name)
    return f"{spec.label_zh} {spec.label_en} (<code>{escape(name)}</code>)" if spec else escape(name)


def changed_parameters_html(parameters: dict[str, Any]) -> str:
    """Parameters that differ from the registry defaults, with their labels."""
    from sim.parameters import REGISTRY

    changed = [(n, v) for n, v in parameters.items() if n in REGISTRY and v != REGISTRY[n].default]
    if not changed:
        return "all equal to the current registry defaults 均与当前默认值相同"
    return "; ".join(f"{parameter_label(n)} = {escape(v)} (current default {escape(REGISTRY[n].default)})" for n, v in changed)


def variation_text(variation: Any) -> str:
    """A sweep's varied values ("0, 0.5, 1") or sampling bounds ("0 to 1, sampled")."""
    if isinstance(variation, dict) and "values" in variation:
        return ", ".join(format_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)
                         for v in variation["values"])
    if isinstance(variation, dict) and "bounds" in variation:
        low, high = variation["bounds"]
        return f"{format_number(low)} to {format_number(high)}, sampled"
    return str(variation)


def seeds_text(seeds: list[int] | None) -> str:
    if not seeds:
        return ""
    shown = ", ".join(str(s) for s in seeds[:12])
    return shown + (f", … ({len(seeds)} in all)" if len(seeds) > 12 else "")


# ====================================================================== manifest section
def manifest_section(kind: str, manifest: dict[str, Any]) -> str:
    versions = manifest.get("versions") or {}
    items: list[tuple[str, Any]] = [
        ("kind 类型", escape(f"{KIND_TITLES[kind][0]} / {KIND_TITLES[kind][1]} ({kind})")),
        ("created 生成时间", escape(manifest.get("created", ""))),
        ("status 状态", escape(manifest.get("status", ""))),
        ("model version 模型版本", escape(manifest.get("model_version_text", versions.get("cogov", "")))),
        ("git revision", escape(manifest.get("git_revision") or "")),
        ("platform 平台", escape(manifest.get("platform", ""))),
        ("software 软件版本", escape(", ".join(f"{k} {v}" for k, v in versions.items()))),
        ("weeks simulated 模拟周数", escape(manifest.get("steps", ""))),
    ]
    if kind == "run":
        items += [
            ("scenario 情景", escape(manifest.get("scenario", ""))),
            ("scenario file 情景文件", escape(" → ".join(manifest.get("scenario_chain", [])) or manifest.get("scenario_file", ""))),
            ("seed 随机种子", escape(manifest.get("seed", ""))),
            ("overrides 命令行覆盖", escape(manifest.get("overrides") or "")),
            ("parameters differing from the current defaults 与当前默认值不同的参数", changed_parameters_html(manifest.get("parameters", {}))),
        ]
    else:
        items += [
            ("replicates 重复次数", escape(manifest.get("replicates", ""))),
            ("runs 运行次数", escape(manifest.get("runs", ""))),
            ("master seed 主种子", escape(manifest.get("master_seed", manifest.get("seed", "")))),
            ("replicate seeds 各重复的种子", escape(seeds_text(manifest.get("replicate_seeds")))),
            ("seed scheme 种子方案", escape(manifest.get("seed_scheme", ""))),
        ]
    if kind == "compare":
        for scenario in manifest.get("scenarios", []):
            items.append((f"scenario 情景: {scenario.get('name')}",
                          escape(" → ".join(scenario.get("chain", []))) + "<br>" + changed_parameters_html(scenario.get("parameters", {}))))
    if kind in ("sweep", "sensitivity"):
        base = manifest.get("base_scenario") or {}
        items += [
            ("base scenario 基准情景", escape(f"{base.get('title_zh', '')} {base.get('title_en', '')} ({manifest.get('scenario', '')})")),
            ("design 设计", escape(manifest.get("design", ""))),
            ("design seed 抽样种子", escape(manifest.get("design_seed", ""))),
            ("varied parameters 变动参数", "<br>".join(
                f"{parameter_label(n)}: {escape(variation_text(v))}" for n, v in (manifest.get("vary") or {}).items())),
            ("base parameters differing from the current defaults 基准中与当前默认值不同的参数", changed_parameters_html(manifest.get("base_parameters", {}))),
        ]
    return "<h2 id='manifest'>运行清单 Manifest</h2>" + definition_table(items)


# ====================================================================== figures
def _setup_plotting():
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="paper")
    return plt, sns


def lever_effect_figure(runs, parameter: str, outcomes, hue: str | None = None):
    """Outcome at the final week against one varied parameter: mean and 95% CI over replicates."""
    from sim.analysis.compare import mean_with_ci
    from sim.model.outcomes import OUTCOMES

    plt, sns = _setup_plotting()
    outcomes = [o for o in outcomes if o in runs.columns and runs[o].notna().any()]
    columns = min(4, len(outcomes))
    rows = -(-len(outcomes) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.2 * rows), squeeze=False)
    groups = [hue] if hue else []
    palette = sns.color_palette(n_colors=runs[hue].nunique()) if hue else [sns.color_palette()[0]]
    for axis, outcome in zip(axes.flat, outcomes, strict=False):
        table = mean_with_ci(runs, outcome, by=(*groups, parameter))
        parts = table.groupby(hue, sort=True) if hue else [(None, table)]
        for colour, (value, part) in zip(palette, parts, strict=False):
            part = part.sort_values(parameter)
            label = f"{hue} = {value:g}" if hue and isinstance(value, (int, float)) else (f"{hue} = {value}" if hue else None)
            axis.plot(part[parameter], part["mean"], marker="o", color=colour, label=label, lw=1.4)
            axis.fill_between(part[parameter], part["low"], part["high"], color=colour, alpha=0.2, lw=0)
        axis.set_title(OUTCOMES[outcome].label_en)
        axis.set_xlabel(parameter)
    for axis in list(axes.flat)[len(outcomes):]:
        axis.remove()
    if hue:
        handles, labels = axes.flat[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="lower center", ncol=min(len(labels), 6), frameon=False)
        figure.tight_layout(rect=(0, 0.07, 1, 1))
    else:
        figure.tight_layout()
    return figure


def heatmap_figure(runs, first: str, second: str, outcomes):
    """Mean outcome at the final week over a two-parameter grid, one heatmap per outcome."""
    from sim.model.outcomes import OUTCOMES

    plt, sns = _setup_plotting()
    outcomes = [o for o in outcomes if o in runs.columns and runs[o].notna().any()]
    columns = min(2, len(outcomes))
    rows = -(-len(outcomes) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(5.4 * columns, 4.2 * rows), squeeze=False)
    for axis, outcome in zip(axes.flat, outcomes, strict=False):
        grid = runs.pivot_table(index=second, columns=first, values=outcome, aggfunc="mean").sort_index(ascending=False)
        grid.columns = [f"{c:g}" if isinstance(c, (int, float)) else str(c) for c in grid.columns]
        grid.index = [f"{c:g}" if isinstance(c, (int, float)) else str(c) for c in grid.index]
        from sim.analysis.compare import axis_label

        sns.heatmap(grid, annot=grid.size <= 100, fmt=".2f", cmap="viridis", ax=axis,
                    cbar_kws={"shrink": 0.8, "label": f"{axis_label(outcome, 'en')}, mean at the final week"})
        axis.set_title(OUTCOMES[outcome].label_en)
        axis.set_xlabel(first)
        axis.set_ylabel(second)
    for axis in list(axes.flat)[len(outcomes):]:
        axis.remove()
    figure.tight_layout()
    return figure


def scatter_figure(runs, parameters: list[str], outcome: str):
    """Outcome at the final week against each sampled parameter, with a binned mean."""
    import numpy as np

    from sim.model.outcomes import OUTCOMES

    plt, sns = _setup_plotting()
    columns = min(4, len(parameters))
    rows = -(-len(parameters) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(3.6 * columns, 3.0 * rows), squeeze=False, sharey=True)
    for axis, parameter in zip(axes.flat, parameters, strict=False):
        x = runs[parameter].astype(float)
        y = runs[outcome].astype(float)
        axis.scatter(x, y, s=8, alpha=0.45, color=sns.color_palette()[0])
        if x.nunique() > 5:
            edges = np.quantile(x, np.linspace(0, 1, 9))
            centres, means = [], []
            for low, high in zip(edges[:-1], edges[1:], strict=True):
                inside = (x >= low) & (x <= high)
                if inside.any():
                    centres.append(x[inside].mean())
                    means.append(y[inside].mean())
            axis.plot(centres, means, color="black", lw=1.6)
        axis.set_xlabel(parameter)
    axes.flat[0].set_ylabel(OUTCOMES[outcome].label_en)
    for axis in list(axes.flat)[len(parameters):]:
        axis.remove()
    figure.suptitle(OUTCOMES[outcome].label_en + " at the final week (binned mean in black)")
    figure.tight_layout()
    return figure


# ====================================================================== sections per kind
def run_sections(directory: Path, manifest: dict[str, Any]) -> str:
    import pandas as pd

    from sim.analysis.compare import plot_timeseries
    from sim.model.outcomes import OUTCOMES

    frame = read_table(directory / "timeseries.parquet")
    if "scenario" not in frame.columns:
        frame.insert(0, "scenario", manifest.get("scenario", "run"))
    parts = ["<h2 id='figures'>图 Figures</h2>"]
    parts.append(image_html(png_of(plot_timeseries, frame, outcomes=REPORT_OUTCOMES),
                            f"Outcomes week by week, scenario {manifest.get('scenario')}, seed {manifest.get('seed')} (one run: no interval)."))
    last = frame.iloc[-1]
    rows = [
        {"outcome 结果": name, "label 名称": f"{o.label_zh} {o.label_en}", f"week {int(last['step'])}": last[name]}
        for name, o in OUTCOMES.items()
        if name in frame.columns
    ]
    parts.append("<h2 id='tables'>表 Tables</h2><h3>Outcomes at the final week 末周结果</h3>")
    parts.append(table_html(pd.DataFrame(rows)))
    return "".join(parts)


def compare_sections(directory: Path, manifest: dict[str, Any]) -> str:
    import pandas as pd

    from sim.analysis.compare import paired_summary, plot_effects, plot_timeseries

    if (directory / "timeseries.parquet").is_file():
        series = read_table(directory / "timeseries.parquet")
    else:
        from sim.experiments import load_results

        series = load_results(directory).timeseries
    names = [s["name"] for s in manifest.get("scenarios", [])] or list(dict.fromkeys(series["scenario"]))
    steps = int(series["step"].max())
    if (directory / "summary.parquet").is_file():
        summary = read_table(directory / "summary.parquet")
    else:
        summary = paired_summary(series[series["step"] == steps], names)
    parts = ["<h2 id='figures'>图 Figures</h2>"]
    parts.append(image_html(png_of(plot_timeseries, series, outcomes=REPORT_OUTCOMES),
                            f"Mean over {manifest.get('replicates')} replicates with 95% confidence bands, per scenario."))
    parts.append(image_html(png_of(plot_effects, summary, outcomes=REPORT_OUTCOMES),
                            f"Paired difference from '{names[0]}' at week {steps} (common random numbers) with 95% confidence intervals."))
    parts.append("<h2 id='tables'>表 Tables</h2>")
    parts.append(f"<h3>Paired comparison at week {steps} 第{steps}周配对比较</h3>")
    table = summary[summary["outcome"].isin(REPORT_OUTCOMES)].copy()
    table.insert(1, "label", table["outcome"].map(outcome_label))
    wanted = ("outcome", "label", "scenario", "mean", "sd", "n", "difference", "ci_low", "ci_high", "effect_size", "p_value")
    columns = [c for c in wanted if c in table.columns]
    parts.append(table_html(table[columns]))
    parts.append("<p>difference: scenario minus the first scenario, paired by replicate; ci: 95% t interval; "
                 "effect_size: Cohen's d<sub>z</sub> (mean paired difference / its standard deviation).</p>")
    return "".join(parts)


def _point_table(runs, varied: list[str]):
    """Mean [95% CI] over replicates of the headline outcomes at each design point."""
    import pandas as pd

    from sim.analysis.compare import mean_with_ci

    table = None
    for outcome in REPORT_OUTCOMES:
        if outcome not in runs.columns:
            continue
        part = mean_with_ci(runs, outcome, by=tuple(varied))
        cell = [
            f"{format_number(m)} [{format_number(lo)}, {format_number(hi)}]" if n > 1 else format_number(m)
            for m, lo, hi, n in zip(part["mean"], part["low"], part["high"], part["count"], strict=True)
        ]
        part = part[varied].assign(**{outcome: cell})
        table = part if table is None else table.merge(part, on=varied)
    return table if table is not None else pd.DataFrame()


def sweep_sections(directory: Path, manifest: dict[str, Any], kind: str) -> str:
    from sim.analysis.compare import plot_timeseries
    from sim.experiments import load_results

    results = load_results(directory)
    runs = results.runs[results.runs["status"] == "ok"].copy()
    varied = [v for v in manifest.get("varied", []) if v in runs.columns]
    parts = ["<h2 id='figures'>图 Figures</h2>"]
    failed = len(results.failed)
    if failed:
        parts.append(f'<p class="note">{failed} run(s) failed and are left out; their tracebacks: '
                     f'<code>cogov query {escape(directory)} "SELECT * FROM status WHERE status = \'failed\'"</code></p>')
    if runs.empty:
        return "".join(parts) + '<p class="note">No finished runs yet.</p>'
    numeric = [v for v in varied if runs[v].dtype.kind in "biuf"]
    if kind == "sensitivity":
        parts.append(sensitivity_section(directory))
    grid = manifest.get("design") == "grid"
    week, replicates = manifest.get("steps"), manifest.get("replicates")
    band = "bands are 95% confidence intervals over replicates"
    if grid and len(numeric) == 2:
        first, second = numeric
        caption = f"Mean at week {week} over {replicates} replicates for each combination of {first} and {second}."
        parts.append(figure_html(heatmap_figure(runs, first, second, HEATMAP_OUTCOMES), caption))
        caption = f"Lever effects: outcome against {first}, one line per value of {second}; {band}."
        parts.append(figure_html(lever_effect_figure(runs, first, REPORT_OUTCOMES, hue=second), caption))
    elif grid and len(numeric) == 1:
        caption = f"Lever effect: outcome at week {week} against {numeric[0]}; {band}."
        parts.append(figure_html(lever_effect_figure(runs, numeric[0], REPORT_OUTCOMES), caption))
    elif numeric:
        for outcome in ("resolution_rate", "participation_rate"):
            if outcome in runs.columns:
                caption = (f"{outcome_label(outcome)}: each dot is one run; the black line is the mean within "
                           "eighths of each parameter's range.")
                parts.append(figure_html(scatter_figure(runs, numeric, outcome), caption))
    if results.timeseries is not None and 1 < runs["point"].nunique() <= MAX_SERIES_POINTS:
        series = results.timeseries.copy()
        label_columns = varied or ["point"]
        series["scenario"] = series[label_columns].astype(str).agg(lambda row: ", ".join(
            f"{n}={v}" for n, v in zip(label_columns, row, strict=True)), axis=1)
        parts.append(image_html(png_of(plot_timeseries, series, outcomes=REPORT_OUTCOMES),
                                "Time series per design point: mean over replicates with 95% confidence bands."))
    parts.append("<h2 id='tables'>表 Tables</h2>")
    if varied:
        parts.append("<h3>Design points: mean [95% CI] over replicates at the final week 各设计点末周均值及95%置信区间</h3>")
        parts.append(table_html(_point_table(runs, varied), numeric=varied))
    if kind == "sensitivity":
        parts.append(sensitivity_table(directory))
    return "".join(parts)


def sensitivity_section(directory: Path) -> str:
    import pandas as pd

    from sim.experiments.sensitivity import plot_sensitivity

    path = directory / "sensitivity.parquet"
    if not path.is_file():
        return '<p class="note">The sensitivity indices have not been computed yet (the runs may still be going, or a shard is missing).</p>'
    indices = read_table(path)
    method = indices["method"].iloc[0]
    caption = ("Sobol' indices: first order S1 (share of variance from the parameter alone) and total ST (with all its "
               "interactions), with bootstrap 95% confidence intervals." if method == "sobol"
               else "Morris screening: mu* (mean absolute elementary effect, 95% CI) against sigma (interactions and non-linearity).")
    return image_html(png_of(plot_sensitivity, indices), caption)


def sensitivity_table(directory: Path) -> str:
    import pandas as pd

    path = directory / "sensitivity.parquet"
    if not path.is_file():
        return ""
    indices = read_table(path)
    parts = ["<h3>Sensitivity indices 敏感性指数</h3>", table_html(indices)]
    second = directory / "sensitivity_second_order.parquet"
    if second.is_file():
        parts += ["<h3>Second-order Sobol' indices 二阶指数</h3>", table_html(read_table(second))]
    return "".join(parts)


# ====================================================================== the report
def build_report(directory: str | Path, out: str | Path | None = None) -> Path:
    """Write the HTML report of a results folder; returns its path (default DIR/report.html)."""
    from sim import __version__

    from sim.files import check_output_file

    directory = Path(directory)
    kind, manifest = read_folder(directory)
    target = check_output_file(Path(out) if out else directory / "report.html", "report: --out")
    if kind == "run":
        body = run_sections(directory, manifest)
        subject = f"{manifest.get('scenario')} · seed {manifest.get('seed')}"
    elif kind == "compare":
        body = compare_sections(directory, manifest)
        subject = " vs ".join(s["name"] for s in manifest.get("scenarios", []))
    elif kind in ("hypotheses", "calibration"):
        import sys

        from sim.analysis.study_report import study_sections

        body, subject = study_sections(kind, directory, manifest, sys.modules[__name__])
    else:
        body = sweep_sections(directory, manifest, kind)
        subject = f"{manifest.get('scenario')} · {', '.join(manifest.get('varied', []))}"
    title_zh, title_en = KIND_TITLES[kind]
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cogov {escape(title_en)}: {escape(subject)}</title>
<style>{STYLE}</style></head>
<body>
<h1>{escape(title_zh)} {escape(title_en)}</h1>
<p class="subtitle">{escape(subject)} — <code>{escape(directory)}</code></p>
<nav><a href="#manifest">清单 Manifest</a><a href="#figures">图 Figures</a><a href="#tables">表 Tables</a></nav>
{manifest_section(kind, manifest)}
{body}
<footer>Made by <code>cogov report</code> (cogov {escape(__version__)}) from the files in this folder;
every image is embedded, so this page needs nothing else to display.</footer>
</body></html>
"""
    from sim.files import output_errors, write_text

    with output_errors(target, "report: --out"):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, page)
    return target
