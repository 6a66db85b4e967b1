"""``cogov compare --posterior``: the same paired comparison on parameter sets drawn from a posterior.

Each draw is a complete comparison (its own resumable folder ``DIR/draw-K``). Draw ``K`` runs on
its own replicate seeds, from :func:`sim.experiments.runs.block_master_seed` (draw 0 on the
master seed itself), so the draws' estimates are independent and an interval over them holds the
replicates' noise as well as the parameters' spread; within a draw the scenarios share seeds. The summary pools the draws: the mean of the draws' paired differences with a 95% t
interval over draws (parametric and stochastic uncertainty together), and how many draws' own
intervals lie above or below zero. When some draws' intervals lie above zero and others' do not,
the conclusion depends on where in the posterior one stands.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def compare_over_posterior(scenarios, posterior: str | None, draws: int, replicates: int, steps: int, seed: int, out: Path,
                           workers: int | None = None, progress: bool = True) -> pd.DataFrame:
    from sim.analysis.compare import compare_scenarios
    from sim.analysis.hypothesis_tests import t_interval
    from sim.analysis.posterior import draw_parameter_sets
    from sim.experiments.runs import block_master_seed, write_table
    from sim.scenarios import load_scenario

    summaries = []
    for index, values in enumerate(draw_parameter_sets(posterior, draws, seed)):
        adjusted = [load_scenario(s.path, {**s.overrides, **values}) for s in scenarios]
        _, summary = compare_scenarios(adjusted, replicates, steps, block_master_seed(seed, index), out / f"draw-{index}", workers, progress)
        summaries.append(summary.assign(draw=index, **{f"posterior_{k}": v for k, v in values.items()}))
    table = pd.concat(summaries, ignore_index=True)
    reference = table["scenario"].iloc[0]
    rows = []
    for (outcome, scenario), part in table[table["scenario"] != reference].groupby(["outcome", "scenario"], sort=False):
        mean, low, high, _ = t_interval(part["difference"].to_numpy())
        above, below = int((part["ci_low"] > 0).sum()), int((part["ci_high"] < 0).sum())
        rows.append({"outcome": outcome, "scenario": scenario, "reference": reference, "difference": mean, "ci_low": low,
                     "ci_high": high, "draws": len(part), "draws_above_zero": above, "draws_below_zero": below,
                     "depends_on_posterior": bool(0 < above < len(part) or 0 < below < len(part))})
    pooled = pd.DataFrame(rows)
    write_table(table, out / "summary_by_draw")
    write_table(pooled, out / "posterior_summary")
    return pooled


def print_posterior_summary(pooled: pd.DataFrame, outcomes) -> None:
    from sim.model.outcomes import OUTCOMES

    for outcome in outcomes:
        part = pooled[pooled["outcome"] == outcome]
        if part.empty:
            continue
        print(OUTCOMES[outcome].label_en)
        for row in part.itertuples():
            note = "  depends on the posterior 取决于后验" if row.depends_on_posterior else ""
            print(f"  {row.scenario} − {row.reference}: {row.difference:+.3g} [{row.ci_low:+.3g}, {row.ci_high:+.3g}] over "
                  f"{row.draws} draws; {row.draws_above_zero} above zero, {row.draws_below_zero} below{note}")
    if np.any(pooled["depends_on_posterior"]):
        print("\nsome conclusions depend on where in the posterior one stands (see posterior_summary.csv)")
