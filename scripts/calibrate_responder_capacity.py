"""Grid calibration of the first responders' capacity against the governance targets.

The first responders (the property firms' service desks and the social organisations) set how
much of the residents' reporting the governance system answers before patience runs out. Their
capacities are fitted here, on a grid, to the calibration targets of ``cogov calibrate``
(:data:`sim.analysis.calibration_targets.TARGETS`, measured on governance answers only), with the
behavioural parameters at their registry defaults. Every grid point uses the same paired seeds
(``replicate_seeds(CALIBRATION_SEED, R)``), so differences between points are not seed noise.

    python scripts/calibrate_responder_capacity.py [--replicates 6] [--workers 2]

writes ``calibration/responder_capacity.csv`` (one row per grid point: the mean statistics, their
standard errors and the calibration distance) and prints the point of least distance. ODD §6.0
records the run the shipped defaults come from.
"""

from __future__ import annotations

import argparse
import itertools
import math
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

FIRM = (15.0, 20.0, 25.0, 30.0, 35.0, 50.0)
ORGANISATION = (3.0, 4.0, 5.0, 6.0, 8.0)


def _evaluate(task):
    from sim.analysis.calibration_targets import calibration_base, summary_statistics
    from sim.analysis.validation import status_quo_run

    firm, organisation, seed = task
    parameters = {**calibration_base(), "firm_capacity_per_1000": firm, "social_org_capacity": organisation}
    return task, summary_statistics(status_quo_run(parameters, seed))


def main(argv=None) -> int:
    from sim.analysis.calibration_targets import CALIBRATION_SEED, TARGETS, distance, observed
    from sim.experiments.runs import replicate_seeds

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "calibration" / "responder_capacity.csv"))
    args = parser.parse_args(argv)
    seeds = replicate_seeds(CALIBRATION_SEED, args.replicates)
    tasks = [(f, o, int(s)) for f, o in itertools.product(FIRM, ORGANISATION) for s in seeds]
    found: dict[tuple[float, float], list[dict[str, float]]] = {}
    with ProcessPoolExecutor(args.workers) as pool:
        for (firm, organisation, _), statistics in pool.map(_evaluate, tasks):
            found.setdefault((firm, organisation), []).append(statistics)
    names = [t.statistic for t in TARGETS]
    rows = []
    for (firm, organisation), runs in sorted(found.items()):
        means = {n: float(np.nanmean([r[n] for r in runs])) for n in names}
        errors = {n: float(np.nanstd([r[n] for r in runs], ddof=1) / math.sqrt(len(runs))) for n in names}
        rows.append((firm, organisation, means, errors, distance(means, observed())))
    header = ["firm_capacity_per_1000", "social_org_capacity", *names, *(f"{n}_se" for n in names), "distance"]
    lines = [",".join(header)]
    for firm, organisation, means, errors, d in rows:
        lines.append(",".join(f"{v:.6g}" for v in (firm, organisation, *means.values(), *errors.values(), d)))
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    best = min(rows, key=lambda row: row[-1])
    for firm, organisation, means, _, d in sorted(rows, key=lambda row: row[-1])[:6]:
        print(f"firm {firm:5.1f}  organisation {organisation:4.1f}  distance {d:.3f}  "
              + "  ".join(f"{n} {means[n]:.3f}" for n in names))
    print(f"least distance: firm_capacity_per_1000={best[0]:g} social_org_capacity={best[1]:g} ({args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
