"""Report sections for ``cogov hypotheses`` and ``cogov calibrate`` folders.

:mod:`sim.analysis.report` calls :func:`study_sections` and hands itself in as ``html`` (its
HTML helpers: tables, embedded figures, escaping), so that this module does not import it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

PAIRWISE_SAMPLE = 400  # parameter sets resampled by weight for the pairwise plot


def _plotting():
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="paper")
    return plt, sns


# ====================================================================== hypotheses
def hypotheses_sections(directory: Path, manifest: dict[str, Any], r) -> str:
    from sim.analysis.hypotheses import HYPOTHESIS_BY_KEY, verdict_label
    from sim.analysis.hypothesis_tables import cell_text, rope_text

    path = directory / "verdicts.parquet"
    if not path.is_file():
        return ('<h2 id="figures">假设检验 Hypotheses</h2><p class="note">No verdicts yet: the runs have not finished. '
                "Run the same <code>cogov hypotheses</code> command again to resume.</p>")
    verdicts = r.read_table(path)
    values = r.read_table(directory / "values.parquet") if (directory / "values.parquet").is_file() else None
    posterior = manifest.get("posterior")
    note = (f"<p>Parameter sets drawn from the posterior <code>{r.escape(posterior)}</code>: each verdict's interval is over "
            "the draws' estimates, so it carries parametric as well as stochastic uncertainty; "
            "<em>depends on the posterior</em> marks a verdict that differs between draws.</p>") if posterior else ""
    parts = ['<h2 id="figures">假设检验 Hypotheses</h2>',
             "<p>各组使用相同的重复种子（共同随机数）。每个测量声明一个“实际等价区间”（ROPE，最小有意义效应）："
             "95% 区间整体在预测方向上超出 ROPE 为<em>支持</em>，整体在另一方向超出为<em>相悖</em>，整体落在 ROPE 之内为"
             "<em>实际无差别</em>，否则<em>无法判断</em>；参数公式或各次重复完全相同的量只作<em>背景</em>，不作判断。</p>"
             "<p>Every arm runs on the same replicate seeds (common random numbers). Each measure declares a region of "
             "practical equivalence (ROPE, the smallest effect that matters): a verdict is <em>supports</em> when the 95% "
             "interval lies entirely beyond the ROPE on the predicted side, <em>contradicts</em> when entirely beyond it on "
             "the other side, <em>practically nil</em> when entirely inside it and <em>cannot tell</em> otherwise; formulas "
             "of the parameters and quantities identical in every replicate are <em>context</em>, never decided.</p>", note]
    rows = []
    for _, row in verdicts.iterrows():
        hypothesis = HYPOTHESIS_BY_KEY.get(row["hypothesis"])
        rows.append({
            "hypothesis 假设": f"{row['hypothesis']} {hypothesis.statement_zh if hypothesis else ''}",
            "measure 测量": f"{row['label_zh']} / {row['label_en']}" + (f" ({row['unit']})" if row["unit"] else ""),
            "rule 参与规则": row["rule"],
            "estimate [95% CI] 估计": " ".join(cell_text(row)[:1]),
            "d_z": row["effect_size"],
            "ROPE": rope_text(row),
            "verdict 结论": verdict_label(row["verdict"]) + (" · depends on the posterior 取决于后验" if row["depends_on_posterior"] else ""),
        })
    parts.append(r.table_html(pd.DataFrame(rows), numeric=["d_z"]))
    if values is not None and len(values):
        for key, part in values.groupby("hypothesis", sort=False):
            parts.append(r.figure_html(values_figure(part, verdicts[verdicts["hypothesis"] == key]),
                                       f"{key}: per-replicate values of each measure (dots) with the mean and 95% interval"))
    parts.append('<h2 id="tables">设计 Designs</h2>')
    design_rows = [{"hypothesis": h, "statement 表述": f"{d.statement_zh} / {d.statement_en}", "design 设计": d.design_en,
                    "source 来源": d.source} for h, d in HYPOTHESIS_BY_KEY.items() if h in set(verdicts["hypothesis"])]
    parts.append(r.table_html(pd.DataFrame(design_rows)))
    return "".join(parts)


def values_figure(values: pd.DataFrame, verdicts: pd.DataFrame):
    plt, sns = _plotting()
    measures = list(dict.fromkeys(values["measure"]))
    figure, axes = plt.subplots(1, len(measures), figsize=(4.6 * len(measures), 0.9 + 0.5 * values["rule"].nunique() + 1), squeeze=False)
    for axis, measure in zip(axes.flat, measures, strict=True):
        part = values[values["measure"] == measure]
        sns.stripplot(data=part, x="value", y="rule", ax=axis, alpha=0.45, size=4)
        rows = verdicts[verdicts["measure"] == measure].set_index("rule")
        for position, rule in enumerate(dict.fromkeys(part["rule"])):
            row = rows.loc[rule]
            axis.errorbar([row["estimate"]], [position], xerr=[[row["estimate"] - row["ci_low"]], [row["ci_high"] - row["estimate"]]],
                          fmt="D", color="black", capsize=4)
        axis.axvline(0, color="grey", lw=0.8)
        first = rows.iloc[0]
        rope = float(first.get("rope", 0.0) or 0.0)
        if rope > 0 and not str(first["verdict"]).startswith("context"):
            axis.axvspan(-rope, rope, color="grey", alpha=0.15, lw=0)  # the region of practical equivalence
        axis.set_title(f"{first['label_en']}", fontsize=9)
        axis.set_xlabel(first["unit"] or "")
        axis.set_ylabel("")
    figure.tight_layout()
    return figure


# ====================================================================== calibration
def calibration_sections(directory: Path, manifest: dict[str, Any], r) -> str:
    from sim.analysis.posterior import central_estimate, credible_interval, posterior_parameters
    from sim.experiments.manifest import read_json_object
    from sim.parameters import REGISTRY

    parts = ['<h2 id="figures">校准 Calibration (ABC-SMC)</h2>']
    seeds = manifest.get("seeds") or {}
    parts.append(r.definition_table([
        ("command 命令", r.escape(manifest.get("command_line", ""))),
        ("setting 设定", r.escape(manifest.get("setting", ""))),
        ("model runs 模型运行次数", r.escape(manifest.get("runs", ""))),
        ("populations 代数", r.escape(manifest.get("generations", ""))),
        ("final threshold 最终阈值", r.escape(manifest.get("epsilon", ""))),
        ("effective sample size 有效样本量", r.escape(f"{manifest['effective_sample_size']:.1f} of {manifest.get('posterior_size')}"
                                                 if manifest.get("effective_sample_size") else "")),
        ("time 用时", r.escape(f"{(manifest.get('wall_seconds_to_last_population') or manifest.get('seconds') or 0) / 60:.1f} min "
                               "from the start to the last population")),
        ("calibration seeds 校准种子", r.escape(seeds.get("calibration", ""))),
        ("validation seeds (held out) 验证种子（留出）", r.escape(seeds.get("validation", ""))),
        ("calibration patterns 校准所用模式", r.escape(", ".join(manifest.get("calibration_facts", [])))),
        ("held-out patterns 留出验证模式", r.escape(", ".join(manifest.get("held_out_facts", [])))),
    ]))
    path = directory / "posterior.parquet"
    if not path.is_file():
        return "".join(parts) + '<p class="note">No posterior yet: run the same <code>cogov calibrate</code> command again to resume.</p>'
    posterior = r.read_table(path)
    raw = read_json_object(directory / "prior.json", "prior file") if (directory / "prior.json").is_file() else {}
    priors = {name: prior for name, prior in raw.items() if _uniform_bounds(prior)}  # anything else is shown without a prior
    names = posterior_parameters(posterior)
    central = central_estimate(posterior)
    rows = []
    for name in names:
        low, high = credible_interval(posterior, name, 0.9)
        prior = priors.get(name, {})
        rows.append({"parameter 参数": f"{REGISTRY[name].label_zh} {REGISTRY[name].label_en} ({name})" if name in REGISTRY else name,
                     "prior low": prior.get("low"), "prior high": prior.get("high"),
                     "current default 当前默认": REGISTRY[name].default if name in REGISTRY else np.nan,
                     "posterior median 后验中位数": central[name], "90% low": low, "90% high": high})
    parts.append("<h3>Marginal posteriors 边际后验</h3>")
    parts.append(r.table_html(pd.DataFrame(rows)))
    parts.append(r.figure_html(_marginals_figure(posterior, names, priors), "Weighted marginal posteriors (bars) over the prior range (x axis)"))
    parts.append(r.figure_html(_pairwise_figure(posterior, names), f"Pairwise posterior: {PAIRWISE_SAMPLE} parameter sets resampled by weight"))
    if (directory / "populations.parquet").is_file():
        parts.append("<h3>Populations 各代</h3>" + r.table_html(r.read_table(directory / "populations.parquet")))
    ppc = directory / "ppc.parquet"
    parts.append('<h2 id="tables">Posterior-predictive checks 后验预测检验</h2>')
    if ppc.is_file():
        frame = r.read_table(ppc)
        summary = (frame.groupby(["fact", "label_zh", "label_en", "kind", "role"], sort=False)
                   .agg(draws=("passed", "size"), share_passing=("passed", "mean"), median_figure=("figure", "median"),
                        low_figure=("figure", "min"), high_figure=("figure", "max")).reset_index())
        parts.append("<p>Every fact checked on parameter sets drawn from the posterior with the validation seeds. Calibration "
                     "patterns were fitted; held-out patterns were not; input checks are shown for completeness.</p>")
        parts.append(r.table_html(summary))
    else:
        parts.append('<p class="note">No checks in this folder (the calibration ran with --ppc-draws 0).</p>')
    return "".join(parts)


def _uniform_bounds(prior: Any) -> bool:
    """Whether a prior.json entry has finite numeric bounds low < high."""
    if not isinstance(prior, dict):
        return False
    bounds = [prior.get("low"), prior.get("high")]
    return all(isinstance(b, (int, float)) and not isinstance(b, bool) and np.isfinite(b) for b in bounds) and bounds[0] < bounds[1]


def _resample(posterior: pd.DataFrame, count: int) -> pd.DataFrame:
    weights = posterior["weight"].to_numpy(float)
    rows = np.random.default_rng(0).choice(len(posterior), size=count, p=weights / weights.sum())
    return posterior.iloc[rows].reset_index(drop=True)


def _marginals_figure(posterior: pd.DataFrame, names: list[str], priors: dict[str, Any]):
    plt, _ = _plotting()
    columns = min(4, len(names))
    rows = -(-len(names) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(3.6 * columns, 2.6 * rows), squeeze=False)
    for axis, name in zip(axes.flat, names, strict=False):
        prior = priors.get(name, {})
        bins = np.linspace(prior.get("low", posterior[name].min()), prior.get("high", posterior[name].max()), 21)
        axis.hist(posterior[name], bins=bins, weights=posterior["weight"], color="#c8102e", alpha=0.7)
        axis.set_title(name, fontsize=9)
    for axis in list(axes.flat)[len(names):]:
        axis.remove()
    figure.tight_layout()
    return figure


def _pairwise_figure(posterior: pd.DataFrame, names: list[str]):
    plt, _ = _plotting()
    sample = _resample(posterior, PAIRWISE_SAMPLE)
    n = len(names)
    figure, axes = plt.subplots(n, n, figsize=(1.9 * n, 1.9 * n), squeeze=False)
    for i, row in enumerate(names):
        for j, column in enumerate(names):
            axis = axes[i, j]
            if i == j:
                axis.hist(sample[row], bins=15, color="#c8102e", alpha=0.7)
            else:
                axis.scatter(sample[column], sample[row], s=3, alpha=0.3, color="#1d2630")
            axis.tick_params(labelsize=6)
            if i == n - 1:
                axis.set_xlabel(column, fontsize=7)
            if j == 0:
                axis.set_ylabel(row, fontsize=7)
    figure.tight_layout()
    return figure


def study_sections(kind: str, directory: Path, manifest: dict[str, Any], html) -> tuple[str, str]:
    """The body and subject line of a hypotheses or calibration report (``html``: the report module's helpers)."""
    if kind == "hypotheses":
        return hypotheses_sections(directory, manifest, html), ", ".join(manifest.get("hypotheses", []))
    return calibration_sections(directory, manifest, html), ", ".join(p["name"] for p in manifest.get("calibrated", []))
