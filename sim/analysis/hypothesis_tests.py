"""Run the designs of :mod:`sim.analysis.hypotheses` on the experiment engine and judge each measure.

One results folder holds one experiment: every arm the chosen hypotheses need, for every
participation rule asked for and every parameter set drawn from a posterior, times R
replicates on common seeds. It is an ordinary store of :mod:`sim.experiments` (streamed to
Parquet, resumable, any executor, ``cogov query`` works on it) with ``kind = "hypotheses"``; the
verdicts are written next to the runs (``verdicts.parquet``/``.csv``, ``values.parquet``).

Intervals: a measure's per-replicate values give a 95% t interval (paired by construction,
since every arm of replicate ``r`` shares its seed). Measures computed from the mean paths of
all replicates (H4's lag, H7's restricted mean recovery time) get a percentile bootstrap over
replicates (scipy). Verdicts against each measure's region of practical equivalence, and context
rows that get none: :mod:`sim.analysis.verdict_rule`. H4's lag runs on its own follow-up
experiment (``lag_follow_up/`` inside the results folder), of the same rules, draws and seeds. With several posterior draws, each draw runs on its own, independent set of
replicate seeds (the experiment's ``seed_block`` is the draw; within a draw every arm still shares
its seeds), and the interval is a t interval over the draws' estimates: each estimate carries the
parameters' spread and its own replicates' noise, so both kinds of uncertainty are inside it. Had
the draws shared seeds, their estimates would share one noise and an outcome the calibrated
parameters do not touch would get an interval of zero width. Each draw also gets its own verdict. The verdict *depends on where in the posterior one stands*
when some draws support and others contradict, or when the draws' estimates differ in sign; a
draw whose own interval merely includes zero (few replicates per draw) does not count as such.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.analysis.hypotheses import (
    ARMS,
    BURST_FOLLOW_WEEKS,
    COMPANIONS,
    DERIVED,
    FORMULAS,
    HYPOTHESIS_BY_KEY,
    LAG_FOLLOW_UP_WEEKS,
    LAG_LEAD_WEEKS,
    LATE_WEEKS_SHARE,
    Hypothesis,
    Measure,
    reform_week,
)
from sim.analysis.response_fit import fit_rise, fitted_lag, nan_bootstrap
from sim.analysis.hypothesis_tables import cell_text, markdown_verdicts, print_verdicts, rope_text
from sim.analysis.verdict_rule import CONTEXT, DETERMINISTIC, is_deterministic, t_interval, verdict_of

__all__ = ["verdict_of", "t_interval", "run_hypotheses", "judge", "print_verdicts", "markdown_verdicts", "cell_text",
           "rope_text", "columns_of"]

LABELS = ("arm", "rule", "draw")
BOOTSTRAP_RESAMPLES = 499
RESPONSIVENESS_WINDOW_WEEKS = 8  # H4: responsiveness and participation are smoothed over 8 weeks


# ====================================================================== building the experiment
def arm_parameters(arm_name: str, steps: int, extra: dict[str, Any] | None = None, reform_at: int | None = None) -> dict[str, Any]:
    """Full parameters of an arm: its scenario, the levers of ``levers_of``, ``extra``, its overrides, then what
    its ``derive`` function computes from them and from other arms with the same ``extra``."""
    from sim.parameters import Parameters
    from sim.scenarios import load_scenario

    arm = ARMS[arm_name]
    overrides: dict[str, Any] = {}
    for other in arm.levers_of:
        values = load_scenario(other).parameters.model_dump()
        overrides.update({n: v for n, v in values.items() if v != Parameters.model_fields[n].default})
    overrides.update(extra or {})
    overrides.update(arm.resolved_overrides(steps, reform_at))
    parameters = load_scenario(arm.scenario, overrides).parameters.model_dump()
    if arm.derive:
        overrides.update(DERIVED[arm.derive](parameters, lambda other: arm_parameters(other, steps, extra, reform_at)))
        parameters = load_scenario(arm.scenario, overrides).parameters.model_dump()
    return parameters


def columns_of(rules: list[str | None], draws: list[dict[str, Any]] | None,
               posterior_rule: str | None = None) -> list[tuple[str | None, str | None, list[dict[str, Any]]]]:
    """The columns of a study: (label, participation rule, parameter sets) -- one per rule at the registry's
    parameters, and with posterior draws one more, ``posterior (rule)``, of the draws under ``posterior_rule``
    (None: the scenarios' own rule). A label of None is filled in with the rule the parameters end up with."""
    columns = [(rule, rule, [{}]) for rule in rules]
    if draws:
        columns.append(("posterior", posterior_rule, draws))
    return columns


def build_experiment(hypotheses: list[Hypothesis], replicates: int, steps: int, seed: int,
                     columns: list[tuple[str | None, str | None, list[dict[str, Any]]]], document: dict[str, Any] | None = None,
                     arms: list[str] | None = None, reform_at: int | None = None):
    """Every arm the hypotheses need (or ``arms``) x columns (:func:`columns_of`) x their parameter sets, as one
    :class:`~sim.experiments.experiment.Experiment`; the ``rule`` label is the column."""
    from sim.experiments.experiment import Experiment

    arms = arms or list(dict.fromkeys(arm for h in hypotheses for arm in h.arm_names()))
    rows, dumps = [], []
    for label, rule, draws in columns:
        for index, draw in enumerate(draws):
            for arm in arms:
                extra = dict(draw)
                if rule:
                    extra["participation_rule"] = rule
                parameters = arm_parameters(arm, steps, extra, reform_at)
                name = parameters["participation_rule"]
                column = name if label is None else f"{label} ({name})" if label == "posterior" else label
                rows.append({"arm": arm, "rule": column, "draw": str(index)})
                dumps.append(parameters)
    base = dumps[0]
    varied = [name for name in base if any(d[name] != base[name] for d in dumps[1:])]
    points = pd.DataFrame(rows)
    for name in varied:
        points[name] = pd.Series([d[name] for d in dumps], dtype=object)
    return Experiment(base=base, points=points, replicates=replicates, steps=steps, master_seed=seed,
                      labels=LABELS, kind="hypotheses", document=document or {},
                      seed_block="draw" if any(len(draws) > 1 for _, _, draws in columns) else None)


# ====================================================================== the runs as panels
class Panel:
    """Outcome paths of one (rule, draw): ``get(arm, outcome)`` is a weeks x replicates frame."""

    def __init__(self, series: pd.DataFrame, runs: pd.DataFrame):
        self.series = series
        self.runs = runs
        self.steps = int(series["step"].max())
        self._cache: dict[tuple[str, str], pd.DataFrame] = {}

    def get(self, arm: str, outcome: str) -> pd.DataFrame:
        key = (arm, outcome)
        if key not in self._cache:
            part = self.series[self.series["arm"] == arm]
            if part.empty:
                raise KeyError(f"no runs of arm {arm!r} in this results folder")
            self._cache[key] = part.pivot(index="step", columns="replicate", values=outcome).sort_index(axis=1)
        return self._cache[key]

    def parameter(self, arm: str, name: str) -> Any:
        return self.runs.loc[self.runs["arm"] == arm, name].iloc[0]

    def window(self, frame: pd.DataFrame, window: str) -> pd.Series:
        if window == "final":
            return frame.loc[self.steps]
        late = max(1, math.ceil(self.steps * LATE_WEEKS_SHARE))
        return frame.loc[frame.index > self.steps - late].mean()


# ====================================================================== designs
def contrast_values(measure: Measure, panel: Panel, terms=None) -> pd.Series:
    """Per replicate: the weighted sum of each term's outcome in its window (or, for a formula, of the arm's parameters)."""
    total = None
    for arm, outcome, weight in measure.terms if terms is None else terms:
        if measure.design == "formula":
            replicates = panel.get(arm, "backlog").columns
            row = panel.runs.loc[panel.runs["arm"] == arm].iloc[0]
            value = pd.Series(weight * FORMULAS[outcome](row), index=replicates)
        else:
            value = weight * panel.window(panel.get(arm, outcome), measure.window)
        total = value if total is None else total + value
    return total


def lag_paths(measure: Measure, panel: Panel) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """H4: paired effect paths (weeks x replicates) of responsiveness and participation, and the reform week."""
    treatment, reference = measure.arms
    week = int(panel.parameter(treatment, "reform_start_week")) or reform_week(panel.steps)
    w = RESPONSIVENESS_WINDOW_WEEKS

    def responsiveness(arm):
        return panel.get(arm, "problems_resolved").diff(w) / panel.get(arm, "problems_arisen").diff(w)

    def participation(arm):
        return panel.get(arm, "participation_rate").rolling(w).mean()

    return (responsiveness(treatment) - responsiveness(reference),
            participation(treatment) - participation(reference), week)


def unmet_need(panel: Panel, arm: str) -> pd.DataFrame:
    """Open problems, plus those residents gave up on when the arm's ``recovery_counts_given_up`` says so."""
    unmet = panel.get(arm, "backlog")
    if bool(panel.parameter(arm, "recovery_counts_given_up")):
        unmet = unmet + panel.get(arm, "problems_withdrawn")
    return unmet


def recovery_times(panel: Panel, hit: str, spared: str) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Weeks after the shock until its excess unmet need falls to ``recovery_tolerance`` of its peak, per replicate.

    The excess is measured against the same seed without the shock (so the trend of the backlog
    does not count); runs that do not recover by the end are censored at the end (recovered =
    False), not dropped.
    """
    shock = int(panel.parameter(hit, "shock_week"))
    excess = unmet_need(panel, hit) - unmet_need(panel, spared)
    after = excess.loc[excess.index > shock]
    threshold = float(panel.parameter(hit, "recovery_tolerance")) * excess.loc[excess.index >= shock].max()
    below = after.le(threshold)
    recovered = below.any().to_numpy()
    first = below.idxmax().to_numpy(dtype=float) - shock
    horizon = panel.steps - shock
    weeks = np.where(recovered, first, horizon)
    return weeks, recovered, shock, horizon


def restricted_mean(weeks: np.ndarray, recovered: np.ndarray, horizon: int) -> float:
    """Restricted mean time to recovery up to ``horizon``: the area under the Kaplan–Meier curve (scipy)."""
    data = stats.CensoredData(uncensored=weeks[recovered], right=weeks[~recovered])
    if recovered.sum() == 0:
        return float(horizon)
    survival = stats.ecdf(data).sf
    grid = np.arange(0, horizon)
    return float(np.sum(survival.evaluate(grid)))  # weekly steps: sum of S(t) for t = 0 .. horizon-1


def recovery_statistic(panel: Panel, measure: Measure, columns=None) -> tuple[float, dict[str, Any]]:
    treated_hit, treated_spared, reference_hit, reference_spared = measure.arms
    out, details = [], {}
    for name, hit, spared in (("treatment", treated_hit, treated_spared), ("reference", reference_hit, reference_spared)):
        weeks, recovered, _, horizon = recovery_times(panel, hit, spared)
        if columns is not None:
            weeks, recovered = weeks[columns], recovered[columns]
        out.append(restricted_mean(weeks, recovered, horizon))
        details[f"{name}_restricted_mean_weeks"] = out[-1]
        details[f"{name}_share_recovered"] = float(recovered.mean())
        details["horizon_weeks"] = horizon
    return out[0] - out[1], details


def shock_values(measure: Measure, panel: Panel) -> pd.Series:
    """H7 per replicate: peak excess unmet need, or share of the burst resolved, treatment minus reference."""
    treated_hit, treated_spared, reference_hit, reference_spared = measure.arms

    def one(hit, spared):
        shock = int(panel.parameter(hit, "shock_week"))
        if measure.design == "peak_excess":
            excess = unmet_need(panel, hit) - unmet_need(panel, spared)
            return excess.loc[excess.index >= shock].max()
        week = min(panel.steps, shock + BURST_FOLLOW_WEEKS)
        arisen = panel.get(hit, "problems_arisen").loc[week] - panel.get(spared, "problems_arisen").loc[week]
        resolved = panel.get(hit, "problems_resolved").loc[week] - panel.get(spared, "problems_resolved").loc[week]
        return resolved / arisen.where(arisen > 0)

    return one(treated_hit, treated_spared) - one(reference_hit, reference_spared)


# ====================================================================== judging
def bootstrap_interval(statistic, n: int, seed: int) -> tuple[float, float]:
    """Percentile bootstrap over replicates of a statistic of replicate indices (scipy.stats.bootstrap)."""
    if n < 3:
        return math.nan, math.nan
    result = stats.bootstrap((np.arange(n),), lambda idx: statistic(np.asarray(idx, dtype=int)), vectorized=False,
                             n_resamples=BOOTSTRAP_RESAMPLES, method="percentile", rng=np.random.default_rng(seed))
    low, high = result.confidence_interval
    return float(low), float(high)


@dataclass
class Judgement:
    estimate: float
    low: float
    high: float
    effect_size: float
    values: np.ndarray  # per replicate (NaN where a replicate has no value of its own)
    details: dict[str, Any]


def companions(measure: Measure, panel: Panel) -> dict[str, Any]:
    """The same contrast of the companions of its resolution outcome (:data:`COMPANIONS`): mean and 95% interval each."""
    outcomes = {outcome for _, outcome, _ in measure.terms}
    if measure.design != "contrast" or len(outcomes) != 1 or next(iter(outcomes)) not in COMPANIONS:
        return {}
    found = {}
    for companion in COMPANIONS[next(iter(outcomes))]:
        if companion not in panel.series.columns:  # runs made before the companion was an outcome
            continue
        terms = [(arm, companion, weight) for arm, _, weight in measure.terms]
        mean, low, high, _ = t_interval(contrast_values(measure, panel, terms).to_numpy(float))
        found[companion] = [mean, low, high]
    return {"companions": found}


def share_statistic(measure: Measure, panel: Panel, columns=None) -> float:
    """A mediation share: mean of the ``terms`` contrast over the mean of the ``denominator`` contrast."""
    top = contrast_values(measure, panel).to_numpy(float)
    bottom = contrast_values(measure, panel, measure.denominator).to_numpy(float)
    if columns is not None:
        top, bottom = top[columns], bottom[columns]
    below = float(np.nanmean(bottom))
    return float(np.nanmean(top)) / below if abs(below) > 1e-12 else math.nan


def judge_panel(measure: Measure, panel: Panel, seed: int) -> Judgement:
    """One measure on the replicates of one (rule, draw)."""
    if measure.design in ("contrast", "formula", "peak_excess", "burst_resolved"):
        by_terms = measure.design in ("contrast", "formula")
        values = (contrast_values(measure, panel) if by_terms else shock_values(measure, panel)).to_numpy(float)
        mean, low, high, effect = t_interval(values)
        return Judgement(mean, low, high, effect, values, companions(measure, panel))
    if measure.design == "share":
        top = contrast_values(measure, panel).to_numpy(float)
        bottom = contrast_values(measure, panel, measure.denominator).to_numpy(float)
        estimate = share_statistic(measure, panel)
        low, high = nan_bootstrap(lambda idx: share_statistic(measure, panel, idx), len(top), seed, BOOTSTRAP_RESAMPLES)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_replicate = np.where(np.abs(bottom) > 1e-12, top / bottom, np.nan)
        return Judgement(estimate, low, high, math.nan, per_replicate,
                         {"numerator": float(np.nanmean(top)), "denominator": float(np.nanmean(bottom))})
    if measure.design == "lag":
        responsiveness, participation, week = lag_paths(measure, panel)
        n = responsiveness.shape[1]
        estimate, fits = fitted_lag(responsiveness, participation, week, range(n))
        low, high = (nan_bootstrap(lambda idx: fitted_lag(responsiveness, participation, week, idx)[0], n, seed,
                                   BOOTSTRAP_RESAMPLES) if np.isfinite(estimate) else (math.nan, math.nan))
        per_replicate = np.array([fitted_lag(responsiveness, participation, week, [r])[0] for r in range(n)])
        details = {"reform_week": week, "follow_up_weeks": panel.steps - week,
                   **{f"{name}_{key}": value for name, fit in fits.items() for key, value in fit.items()}}
        return Judgement(estimate, low, high, math.nan, per_replicate, details)
    if measure.design == "recovery_time":
        estimate, details = recovery_statistic(panel, measure)
        n = panel.get(measure.arms[0], "backlog").shape[1]
        low, high = bootstrap_interval(lambda idx: recovery_statistic(panel, measure, idx)[0], n, seed)
        weeks_t, recovered_t, _, _ = recovery_times(panel, *measure.arms[:2])
        weeks_r, recovered_r, _, _ = recovery_times(panel, *measure.arms[2:])
        details.update(censored_treatment=int((~recovered_t).sum()), censored_reference=int((~recovered_r).sum()))
        return Judgement(estimate, low, high, math.nan, weeks_t - weeks_r, details)
    raise ValueError(f"unknown design {measure.design!r}")


def _panels(series: pd.DataFrame, runs: pd.DataFrame, rule: str, draws) -> dict[str, Panel]:
    return {d: Panel(series[(series["rule"] == rule) & (series["draw"] == d)], runs[(runs["rule"] == rule) & (runs["draw"] == d)])
            for d in draws}


def judge(hypotheses: list[Hypothesis], series: pd.DataFrame, runs: pd.DataFrame, seed: int = 0,
          follow_up: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Verdict table (one row per hypothesis, measure and rule) and per-replicate values.

    ``follow_up`` is the (series, runs) of the lag's own follow-up experiment; without it the
    lag is read on the main runs.
    """
    rows, value_rows = [], []
    for rule in series["rule"].unique():
        draws = sorted(series.loc[series["rule"] == rule, "draw"].unique(), key=int)
        panels = _panels(series, runs, rule, draws)
        lag_panels = _panels(*follow_up, rule, draws) if follow_up is not None else panels
        for hypothesis in hypotheses:
            for measure in hypothesis.measures:
                judged = {d: judge_panel(measure, (lag_panels if measure.design == "lag" else panels)[d], seed) for d in draws}
                for d, j in judged.items():
                    value_rows += [{"hypothesis": hypothesis.key, "measure": measure.key, "rule": rule, "draw": int(d),
                                    "replicate": r, "value": float(v)} for r, v in enumerate(j.values)]
                rows.append(_row(hypothesis, measure, rule, judged))
    order = {(h.key, m.key): i for i, h in enumerate(hypotheses) for m in h.measures}
    rows.sort(key=lambda row: order[(row["hypothesis"], row["measure"])])  # stable: rules stay in their order
    return mark_rule_dependence(pd.DataFrame(rows)), pd.DataFrame(value_rows)


def mark_rule_dependence(verdicts: pd.DataFrame) -> pd.DataFrame:
    """``depends_on_rule``: the decided verdicts of a measure differ between the participation-rule columns (the
    posterior column is parametric robustness, read apart); False with a single rule."""
    if verdicts.empty:
        return verdicts.assign(depends_on_rule=pd.Series(dtype=bool))
    by_rule = verdicts[~verdicts["rule"].str.startswith("posterior")]
    varying = by_rule.groupby(["hypothesis", "measure"])["verdict"].agg(
        lambda v: len(set(v)) > 1 and not any(str(x).startswith(CONTEXT) for x in v))
    keys = list(zip(verdicts["hypothesis"], verdicts["measure"], strict=True))
    return verdicts.assign(depends_on_rule=[bool(varying.get(key, False)) for key in keys])


def _row(hypothesis: Hypothesis, measure: Measure, rule: str, judged: dict[str, Judgement]) -> dict[str, Any]:
    rope = measure.rope[0]
    draw_verdicts = [verdict_of(j.low, j.high, measure.expected, rope) for j in judged.values()]
    if len(judged) == 1:
        (j,) = judged.values()
        estimate, low, high, effect, details = j.estimate, j.low, j.high, j.effect_size, j.details
    else:  # posterior draws: interval over the draws' estimates (parametric and stochastic uncertainty)
        estimate, low, high, _ = t_interval(np.array([j.estimate for j in judged.values()]))
        pooled = np.concatenate([j.values for j in judged.values()])
        effect = t_interval(pooled)[3] if measure.design == "contrast" else math.nan
        details = {"per_draw_estimates": [j.estimate for j in judged.values()]}
        per_draw = [j.details.get("companions", {}) for j in judged.values()]
        if per_draw and per_draw[0]:  # companions over draws, like the estimate
            details["companions"] = {name: list(t_interval(np.array([c[name][0] for c in per_draw]))[:3])
                                     for name in per_draw[0]}
    pooled = np.concatenate([j.values for j in judged.values()])
    if measure.context:
        verdict = CONTEXT
    elif is_deterministic(pooled, low, high):
        verdict = DETERMINISTIC
    else:
        verdict = verdict_of(low, high, measure.expected, rope)
    if verdict in (CONTEXT, DETERMINISTIC):
        draw_verdicts = [verdict] * len(judged)
    counts = {v: draw_verdicts.count(v) for v in ("supports", "contradicts", "practically nil")}
    return {
        "hypothesis": hypothesis.key,
        "measure": measure.key,
        "label_zh": measure.label_zh,
        "label_en": measure.label_en,
        "design": measure.design,
        "expected": measure.expected,
        "unit": measure.unit,
        "rule": rule,
        "estimate": estimate,
        "ci_low": low,
        "ci_high": high,
        "effect_size": effect,
        "rope": rope,
        "rope_reason": measure.rope[1],
        "context": measure.context,
        "verdict": verdict,
        "draws": len(judged),
        "draws_supporting": counts["supports"],
        "draws_contradicting": counts["contradicts"],
        "draws_practically_nil": counts["practically nil"],
        "depends_on_posterior": len(judged) > 1 and verdict not in (CONTEXT, DETERMINISTIC) and (
            (counts["supports"] > 0 and counts["contradicts"] > 0)
            or len({np.sign(j.estimate) for j in judged.values() if np.isfinite(j.estimate) and j.estimate != 0}) > 1),
        "details": json.dumps(details, default=float),
    }


# ====================================================================== the whole study
def run_hypotheses(keys: list[str], out: str | Path, *, replicates: int = 30, steps: int = 104, seed: int = 20240801,
                   rules: list[str | None] | None = None, draws: list[dict[str, Any]] | None = None,
                   posterior: str | None = None, posterior_rule: str | None = None, executor=None, workers: int | None = None,
                   dask_scheduler: str | None = None, dask_local: int | None = None, progress: bool = True,
                   lag_weeks: int = LAG_FOLLOW_UP_WEEKS):
    """Run (or resume) the designs of the hypotheses ``keys`` into ``out`` and judge them.

    Returns ``(verdicts, values, report)``; the verdicts are also written to ``out``. H4's lag
    runs ``lag_weeks`` after its reform, in ``out/lag_follow_up``, whatever ``steps`` is.
    ``rules`` are the participation-rule columns (default all three, structural robustness);
    ``draws`` from a posterior add a column of their own under ``posterior_rule`` (parametric
    robustness; default the scenarios' rule).
    """
    from sim.vocabulary import PARTICIPATION_RULES

    from sim.experiments.engine import run_experiment
    from sim.experiments.results import load_results
    from sim.experiments.runs import write_table
    from sim.experiments.store import ResultStore

    hypotheses = [HYPOTHESIS_BY_KEY[k] for k in keys]
    lag_arms = list(dict.fromkeys(a for h in hypotheses for m in h.measures if m.design == "lag" for a in m.arm_names()))
    rules = list(rules or PARTICIPATION_RULES)
    columns = columns_of(rules, draws, posterior_rule)
    document = {
        "command": "hypotheses",
        "hypotheses": keys,
        "rules": [r or "scenario default" for r in rules],
        "posterior": posterior,
        "posterior_draws": draws or [],
        "posterior_rule": posterior_rule or "scenario default",
        "status": "running",
    }
    experiment = build_experiment(hypotheses, replicates, steps, seed, columns, document)
    store = ResultStore(out)
    report = run_experiment(experiment, store, executor, workers=workers, dask_scheduler=dask_scheduler,
                            dask_local=dask_local, progress=progress, description="hypotheses")
    results = load_results(out)
    if len(results.failed):
        raise RuntimeError(
            f"{len(results.failed)} of {experiment.run_count} runs failed, so no verdict was made; their tracebacks: "
            f"cogov query {out} \"SELECT arm, replicate, error FROM status WHERE status = 'failed'\""
        )
    follow_up = None
    if lag_arms:  # H4's lag: its own follow-up, the same length whatever the run length
        lag_steps = LAG_LEAD_WEEKS + lag_weeks
        lag_experiment = build_experiment(hypotheses, replicates, lag_steps, seed, columns,
                                          document | {"command": "hypotheses lag follow-up"}, lag_arms, LAG_LEAD_WEEKS)
        lag_folder = Path(out) / "lag_follow_up"
        run_experiment(lag_experiment, ResultStore(lag_folder), executor, workers=workers, dask_scheduler=dask_scheduler,
                       dask_local=dask_local, progress=progress, description="lag follow-up")
        lagged = load_results(lag_folder)
        if len(lagged.failed):
            raise RuntimeError(f"{len(lagged.failed)} runs of the lag follow-up failed, so no verdict was made; see "
                               f"cogov query {lag_folder} \"SELECT arm, replicate, error FROM status WHERE status = 'failed'\"")
        follow_up = (lagged.timeseries, lagged.runs)
    verdicts, values = judge(hypotheses, results.timeseries, results.runs, seed, follow_up)
    write_table(verdicts, Path(out) / "verdicts")
    write_table(values, Path(out) / "values", csv=False)
    store.update_manifest(status="complete")
    return verdicts, values, report
