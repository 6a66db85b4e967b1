"""``cogov calibrate``: ABC-SMC of the behavioural parameters against the calibration patterns."""

from __future__ import annotations

import sys
from pathlib import Path

from sim.interfaces.options import REPLICATES, SEED, add_executor_options, bounded_int, output_path

POPULATION = bounded_int("--population", 10, 100_000)
GENERATIONS = bounded_int("--generations", 1, 1000)
RUNS = bounded_int("--max-runs", 1, 10_000_000)
DRAWS = bounded_int("--ppc-draws", 0, 10_000)
MINUTES = bounded_int("--max-minutes", 1, 1_000_000)


def register_calibrate(subparsers) -> None:
    parser = subparsers.add_parser(
        "calibrate",
        help="calibrate behavioural parameters by ABC-SMC (pyabc) and write a posterior ensemble",
        description=calibrate_description,  # read when shown: the calibrated parameters come from the registry
    )
    parser.add_argument("--out", type=output_path, metavar="DIR", default=Path("results/calibration"),
                        help="results folder (default results/calibration)")
    parser.add_argument("--population", type=POPULATION, default=100, help="parameter sets per population (default 100)")
    parser.add_argument("--generations", type=GENERATIONS, default=8, help="populations in all (default 8)")
    parser.add_argument("--max-runs", type=RUNS, help="stop after this many model runs in all (default: no limit)")
    parser.add_argument("--max-minutes", type=MINUTES, help="end this session after the population that passes this many minutes (rerun to resume)")
    parser.add_argument("--seed", type=SEED, default=0,
                        help="seed of the ABC proposals; the same seed gives the same posterior with any number of "
                             "workers (default 0)")
    parser.add_argument("--ppc-draws", type=DRAWS, default=8, help="posterior draws for the predictive checks (default 8; 0 skips)")
    parser.add_argument("--ppc-replicates", type=REPLICATES, default=4, help="replicates per draw in the checks (default 4)")
    add_executor_options(parser)
    parser.set_defaults(handler=command_calibrate)


def calibrate_description() -> str:
    """The description of ``cogov calibrate``: what is calibrated, against which patterns."""
    from sim.analysis.calibration_targets import CALIBRATED, TARGETS

    return (
        "Approximate Bayesian computation (pyabc's ABC-SMC) of " + ", ".join(CALIBRATED)
        + " against the calibration patterns (" + ", ".join(t.fact for t in TARGETS) + "), on the status quo of "
        "the default community. Held-out patterns are not used; --ppc-draws checks every fact on posterior draws "
        "with the validation seeds afterwards. Rerunning the same command on the same --out folder resumes; a "
        "resumed calibration ends with the posterior of an uninterrupted one."
    )


def command_calibrate(args) -> int:
    from sim.analysis.calibration import calibrate_model, posterior_predictive
    from sim.analysis.posterior import central_estimate, read_posterior
    from sim.interfaces.cli import prepare_output

    prepare_output(args.out, "calibration")
    report = calibrate_model(
        args.out, population_size=args.population, generations=args.generations, max_runs=args.max_runs,
        max_minutes=args.max_minutes,
        workers=args.workers, dask_scheduler=args.dask_scheduler, dask_local=args.dask_local, seed=args.seed,
        command="cogov " + " ".join(sys.argv[1:]),
    )
    print(f"{'resumed; ' if report.resumed else ''}{report.generations} populations, {report.runs} model runs in "
          f"{report.seconds / 60:.1f} min from the start of the calibration to its last population; final distance threshold {report.epsilon:.3g}; posterior in {args.out / 'posterior.parquet'}")
    table, manifest = read_posterior(args.out)
    print(f"effective sample size {manifest.get('effective_sample_size', float('nan')):.1f} of {len(table)} weighted parameter sets"
          " (far below the number of sets: a few carry most of the weight; calibrate longer)"
          if manifest.get("effective_sample_size", len(table)) < 0.25 * len(table) else
          f"effective sample size {manifest.get('effective_sample_size', float('nan')):.1f} of {len(table)} weighted parameter sets")
    print("posterior medians (candidate registry defaults, once the effective sample size is adequate):")
    for name, value in central_estimate(table).items():
        print(f"  {name:<28} {value:.3g}")
    if args.ppc_draws:
        ppc = posterior_predictive(args.out, args.ppc_draws, args.ppc_replicates, workers=args.workers)
        share = ppc.groupby(["kind", "role", "fact"], sort=False)["passed"].mean()
        print("posterior-predictive checks (share of draws passing, validation seeds):")
        for (kind, role, fact), value in share.items():
            print(f"  {fact:<32} {kind:<9} {role or '-':<12} {value:.0%}")
    print(f"`cogov report {args.out}` shows marginal and pairwise posteriors and the checks")
    return 0
