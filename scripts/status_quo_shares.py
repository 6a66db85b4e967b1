"""Governance and self-help shares, resolvers' shares and the core's late dispatches, per scenario.

Usage: ``python scripts/status_quo_shares.py [SEEDS] [OUT.json]``: each scenario on seeds 1..SEEDS
(default 6), 104 weeks after the default burn-in, means and standard errors over seeds of the
last 52 weeks' flows (docs/ODD.md §6.0 quotes its output).
"""
import json
import sys

import numpy as np
from sim.experiments.runs import start_model
from sim.scenarios import load_scenario
from sim.model.problems import RESOLVERS

SCEN = ["baseline", "empowerment", "empowerment_without_funding", "pooling", "embedding", "co_governance",
        "formalism_heavy", "strong_social_organisations"]
seeds = range(1, 1 + int(sys.argv[1] if len(sys.argv) > 1 else 6))
rows = {}
for name in SCEN:
    par = load_scenario(name).parameters
    acc = []
    for seed in seeds:
        m = start_model(par, seed)
        for _ in range(104):
            m.step()
        f, o = m.flows, m.outcomes
        by = f.window("resolved_by", 52); closed = f.window("resolved", 52).sum() + f.window("left", 52).sum()
        d, dl = f.window("dispatched", 52)[0], f.window("dispatched_late", 52)[0]
        ti, til = f.window("taken_in", 52)[0], f.window("taken_in_late", 52)[0]
        acc.append(dict(resolution=o["resolution_rate"], governance=o["governance_resolution_rate"], self_help=o["self_help_share"],
                        **{f"by_{w}": by[i] / closed for i, w in enumerate(RESOLVERS) if w != "nobody"},
                        dispatched_week=d / 52, dispatched_late=dl / d if d else np.nan, taken_in_late=til / ti if ti else np.nan,
                        participation=o["participation_rate"], backlog=o["backlog"], core_queue=o["core_queue"]))
    keys = acc[0].keys()
    rows[name] = {k: (float(np.mean([a[k] for a in acc])), float(np.std([a[k] for a in acc], ddof=1) / np.sqrt(len(acc)))) for k in keys}
    print(name, " ".join(f"{k}={v[0]:.3f}±{v[1]:.3f}" for k, v in rows[name].items()), flush=True)
if len(sys.argv) > 2:
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(rows, out, indent=1)
