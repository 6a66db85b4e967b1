"""Global sensitivity analysis with SALib: Sobol' indices and Morris elementary effects.

* Sobol' (Sobol' 2001; Saltelli et al., "Variance based sensitivity analysis of model output",
  2010): first-order ``S1``, total ``ST`` and second-order ``S2`` indices with bootstrap 95%
  confidence intervals, from ``SALib.analyze.sobol`` on a Saltelli sample.
* Morris (Morris 1991; Campolongo, Cariboni & Saltelli 2007): ``mu``, ``mu_star`` (mean absolute
  elementary effect, with its 95% interval) and ``sigma``, from ``SALib.analyze.morris``.

The runs are an ordinary sweep (same store, resume and executors as ``cogov sweep``). The
outcome analysed is its value at the final step, averaged over replicates; replicate ``r`` has
the same seed at every design point (common random numbers), so a parameter that does not act
on an outcome gets indices of exactly zero rather than noise.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import UserInputError
from sim.experiments.experiment import Experiment, experiment_from_sweep
from sim.experiments.spec import SweepSpec
from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY

METHODS = ("sobol", "morris")
#: The note of every index of an outcome that takes one value at every design point.
UNDEFINED = "undefined: the outcome does not vary"


def check_outcomes(outcomes: list[str]) -> list[str]:
    if not outcomes:
        raise UserInputError("sensitivity: give at least one --outcome NAME (for example --outcome resolution_rate).")
    unknown = [o for o in outcomes if o not in OUTCOMES]
    if unknown:
        from difflib import get_close_matches

        close = get_close_matches(unknown[0], list(OUTCOMES), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise UserInputError(
            f"sensitivity: --outcome {unknown[0]} is not an outcome of the model.{hint} Outcomes are: {', '.join(OUTCOMES)}."
        )
    return list(dict.fromkeys(outcomes))


def outcome_matrix(experiment: Experiment, runs: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """Each outcome at the final step per design row, averaged over replicates."""
    by_key = runs.set_index("run_key")
    keys = [experiment.run_key(i) for i in range(experiment.run_count)]
    missing = [k for k in keys if k not in by_key.index or by_key.at[k, "status"] != "ok"]
    if missing:
        raise UserInputError(
            f"sensitivity: {len(missing)} of {len(keys)} runs have no result (failed or not run), and the indices need "
            "every design point. See `cogov query OUT \"SELECT * FROM status WHERE status = 'failed'\"`; rerun the same "
            "command with --retry-failed once the cause is fixed."
        )
    values = by_key.loc[keys, outcomes].to_numpy(dtype=float)
    matrix = values.reshape(experiment.point_count, experiment.replicates, len(outcomes)).mean(axis=1)
    return pd.DataFrame(matrix, columns=outcomes)


def analyse_sensitivity(spec: SweepSpec, experiment: Experiment, runs: pd.DataFrame, outcomes: list[str]):
    """SALib indices per outcome: (first/total or Morris table, second-order table or None)."""
    from sim.experiments.designs import analyze_options, salib_problem

    problem = salib_problem(spec)
    matrix = outcome_matrix(experiment, runs, outcomes)
    options = analyze_options(spec)  # recorded in salib_problem.json: SALib reproduces these indices with them
    tables, pairs = [], []
    for outcome in outcomes:
        y = matrix[outcome].to_numpy()
        if not np.isfinite(y).all():
            raise UserInputError(
                f"sensitivity: outcome '{outcome}' is undefined (NaN) in {int((~np.isfinite(y)).sum())} design points "
                "(a rate whose denominator is still zero, e.g. no such problem arose). Choose another outcome, "
                "more steps or a larger grid."
            )
        if np.ptp(y) == 0:  # nothing to apportion: every index is undefined, not zero
            columns = ("S1", "S1_conf", "ST", "ST_conf") if spec.design == "sobol" else ("mu", "mu_star", "mu_star_conf", "sigma")
            table = pd.DataFrame({"parameter": spec.names, **dict.fromkeys(columns, np.nan), "note": UNDEFINED})
        elif spec.design == "sobol":
            from SALib.analyze import sobol

            with warnings.catch_warnings():  # SALib warns about its own numerics; the table speaks for itself
                warnings.simplefilter("ignore")
                result = sobol.analyze(problem, y, **options)
            table = pd.DataFrame({
                "parameter": spec.names, "S1": result["S1"], "S1_conf": result["S1_conf"],
                "ST": result["ST"], "ST_conf": result["ST_conf"],
            })
            if spec.uses_second_order:
                for i, j in zip(*np.triu_indices(len(spec.names), 1), strict=True):
                    pairs.append({"outcome": outcome, "parameter_a": spec.names[i], "parameter_b": spec.names[j],
                                  "S2": result["S2"][i, j], "S2_conf": result["S2_conf"][i, j]})
        else:
            from SALib.analyze import morris

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = morris.analyze(problem, experiment.sample, y, **options)
            table = pd.DataFrame({
                "parameter": spec.names, "mu": result["mu"], "mu_star": result["mu_star"],
                "mu_star_conf": result["mu_star_conf"], "sigma": result["sigma"],
            })
        table.insert(0, "outcome", outcome)
        table.insert(0, "method", spec.design)
        table["label_en"] = [REGISTRY[n].label_en for n in spec.names]
        table["label_zh"] = [REGISTRY[n].label_zh for n in spec.names]
        tables.append(table)
    second = pd.DataFrame(pairs) if pairs else None
    return pd.concat(tables, ignore_index=True), second


def plot_sensitivity(indices: pd.DataFrame, path: Path) -> Path:
    """Sobol': S1 and ST bars with 95% intervals; Morris: mu* against sigma. One panel per outcome."""
    from matplotlib.figure import Figure
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="paper")
    outcomes = list(dict.fromkeys(indices["outcome"]))
    method = indices["method"].iloc[0]
    columns = min(3, len(outcomes))
    rows = -(-len(outcomes) // columns)
    parameters = indices["parameter"].nunique()
    height = max(2.6, 0.35 * parameters + 1.2) if method == "sobol" else 3.4
    figure = Figure(figsize=(4.6 * columns, height * rows))
    axes = figure.subplots(rows, columns, squeeze=False)
    for axis, outcome in zip(axes.flat, outcomes, strict=False):
        part = indices[indices["outcome"] == outcome]
        if "note" in part.columns and part["note"].eq(UNDEFINED).all():
            axis.text(0.5, 0.5, UNDEFINED, ha="center", va="center", transform=axis.transAxes)
            axis.set_title(OUTCOMES[outcome].label_en)
            continue
        if method == "sobol":
            long = part.melt(id_vars="parameter", value_vars=["S1", "ST"], var_name="index", value_name="value")
            sns.barplot(data=long, x="value", y="parameter", hue="index", orient="h", ax=axis, errorbar=None)
            for container, name in zip(axis.containers, ["S1", "ST"], strict=False):
                centres = [bar.get_y() + bar.get_height() / 2 for bar in container]
                axis.errorbar(part[name], centres, xerr=part[f"{name}_conf"], fmt="none", ecolor="black", capsize=2, lw=0.8)
            axis.axvline(0, color="grey", lw=0.8)
            axis.set_xlabel("Sobol' index (95% CI)")
            axis.set_ylabel("")
        else:
            sns.scatterplot(data=part, x="mu_star", y="sigma", ax=axis, s=40)
            axis.errorbar(part["mu_star"], part["sigma"], xerr=part["mu_star_conf"], fmt="none", ecolor="grey", lw=0.8)
            for row in part.itertuples():
                axis.annotate(row.parameter, (row.mu_star, row.sigma), fontsize=7, xytext=(3, 3), textcoords="offset points")
            axis.set_xlabel("mu* (mean |elementary effect|, 95% CI)")
            axis.set_ylabel("sigma")
        axis.set_title(OUTCOMES[outcome].label_en)
    for axis in list(axes.flat)[len(outcomes):]:
        axis.remove()
    figure.tight_layout()
    from sim.files import save_figure

    path.parent.mkdir(parents=True, exist_ok=True)
    save_figure(figure, path)
    return path


def run_sensitivity(spec: SweepSpec, outcomes: list[str], out, **engine_options):
    """Run (or resume) the design's runs in ``out`` (a folder or a ResultStore), then compute, save and plot the indices.

    Returns (sweep report, indices table, second-order table or None, list of files written).
    """
    from sim.experiments.designs import write_design
    from sim.experiments.engine import run_experiment
    from sim.experiments.results import load_results
    from sim.experiments.runs import write_table

    if spec.design not in METHODS:
        raise UserInputError(f"sensitivity: --method {spec.design} is not one of {', '.join(METHODS)}.")
    outcomes = check_outcomes(outcomes)
    experiment = experiment_from_sweep(spec, kind="sensitivity")
    report = run_experiment(experiment, out, description="sensitivity", **engine_options)
    design_files = write_design(experiment, spec, report.out)
    if engine_options.get("shard"):  # one slice of a job array: analyse once every shard is done
        return report, None, None, design_files
    out = report.out
    runs = load_results(out, timeseries=False).runs
    indices, second = analyse_sensitivity(spec, experiment, runs, outcomes)
    files = design_files + write_table(indices, out / "sensitivity", csv=True)
    if second is not None:
        files += write_table(second, out / "sensitivity_second_order", csv=True)
    files.append(plot_sensitivity(indices, out / "figures" / f"sensitivity-{spec.design}.png"))
    return report, indices, second, files


def interval_warnings(indices: pd.DataFrame, samples: int | None) -> list[str]:
    """Warnings for indices whose 95% intervals are too wide to tell anything apart.

    Sobol' indices lie in [0, 1]: an interval wider than that range (2 x conf > 1) says the
    sample is too small. For Morris, an interval of mu* wider than mu* itself cannot separate the
    parameter from one without effect.
    """
    problems = []
    for row in indices.itertuples():
        if row.method == "sobol":
            for name in ("S1", "ST"):
                conf = getattr(row, f"{name}_conf")
                if np.isfinite(conf) and 2 * conf > 1:
                    problems.append(f"{row.outcome} / {row.parameter}: {name} = {getattr(row, name):.2f} +/- {conf:.2f}")
        elif np.isfinite(row.mu_star_conf) and row.mu_star > 0 and row.mu_star_conf > row.mu_star:
            problems.append(f"{row.outcome} / {row.parameter}: mu* = {row.mu_star:.3g} +/- {row.mu_star_conf:.3g}")
    if not problems:
        return []
    method = indices["method"].iloc[0]
    wider = "the whole 0-1 range of the index" if method == "sobol" else "mu* itself"
    advice = (f"use at least four times as many (--samples {4 * samples})" if samples else "use more --samples")
    shown = "; ".join(problems[:4]) + (f"; and {len(problems) - 4} more" if len(problems) > 4 else "")
    return [
        f"too few samples: {len(problems)} index interval(s) are wider than {wider}, so these indices cannot be told "
        f"apart from noise ({shown}). {samples or 'The'} sample(s) are too few; {advice}."
    ]
