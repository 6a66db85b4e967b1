"""Command-line sub-commands of the experiment layer: ``cogov sweep``, ``cogov sensitivity``, ``cogov query``.

Registered through ``sim.interfaces.cli.EXTENSIONS``; heavy libraries (SALib, Dask, DuckDB, pyarrow,
matplotlib) are imported inside the handlers only.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

from sim.errors import UserInputError

EXECUTOR_HELP = "Runs execute on a local process pool (all cores) unless told otherwise."


def register(subparsers) -> None:
    from sim.interfaces.options import add_set_option, bounded_int, output_path

    sweep = subparsers.add_parser(
        "sweep",
        help="run a parameter sweep (grid, lhs, sobol, morris) into a resumable results folder",
        description=(
            "Run every combination (grid) or a SALib sample (lhs, sobol, morris) of varied parameters, each with "
            "R replicates on common random numbers, streaming results to DIR. Rerunning the same command resumes. "
            + EXECUTOR_HELP
        ),
    )
    sweep.add_argument("scenario", nargs="?", help="base scenario name or .toml file (or use --spec)")
    sweep.add_argument("--spec", type=Path, metavar="FILE", help="a sweep specification in TOML instead of the options below")
    add_design_options(sweep, design_choices="grid|lhs|sobol|morris")
    add_set_option(sweep, "applied to the base scenario")
    sweep.add_argument("--out", type=output_path, metavar="DIR", help="results folder (required unless the spec file sets out)")
    add_engine_options(sweep)
    sweep.set_defaults(handler=command_sweep)

    sensitivity = subparsers.add_parser(
        "sensitivity",
        help="global sensitivity analysis (SALib Sobol' or Morris) of outcomes to parameters",
        description=(
            "Sample the varied parameters (bounds low:high), run the model on the sample, and compute Sobol' indices "
            "(S1, ST, S2 with 95% intervals) or Morris mu*, sigma for each outcome at the final week; writes "
            "sensitivity.csv and a figure. " + EXECUTOR_HELP
        ),
    )
    sensitivity.add_argument("scenario", help="base scenario name or .toml file")
    sensitivity.add_argument("--method", default="sobol", help="sobol (default) or morris")
    sensitivity.add_argument("--outcome", action="append", default=[], metavar="NAME", help="outcome to analyse (repeatable)")
    add_design_options(sensitivity, design_choices=None, vary_help=(
        "a parameter to analyse with its bounds low:high (repeatable), e.g. --vary empowerment=0:1"),
        samples_help=("sobol: base samples N, a power of 2 (runs = N x (2D+2), or N x (D+2) with --no-second-order, "
                      "for D parameters; default 64); morris: trajectories (runs = N x (D+1); default 10). Too few give intervals "
                      "wider than the indices (a warning says so)"))
    add_set_option(sensitivity, "applied to the base scenario")
    sensitivity.add_argument("--out", type=output_path, metavar="DIR", help="results folder (default results/sensitivity-SCENARIO-METHOD)")
    add_engine_options(sensitivity)
    sensitivity.set_defaults(handler=command_sensitivity)

    query = subparsers.add_parser(
        "query",
        help="SQL (DuckDB) over a results folder, read only: views runs, timeseries, status (posterior, populations, ppc)",
        description=(
            "Run reading SQL (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN of these) over the Parquet "
            "files of a results folder; nothing outside the folder is read and nothing is written. Views: runs (one "
            "row per run: parameters, status, outcomes at the final week), timeseries (one row per run and week), "
            "status (ok / failed with the error); for a calibration folder posterior, populations and ppc. "
            "A quantity not measured (a week's participation at week 0, a rate with nothing to divide by) is NULL "
            "and prints as NULL; --csv writes it as an empty field."
        ),
    )
    query.add_argument("directory", type=Path, metavar="DIR",
                       help="a folder written by cogov run, compare, sweep, sensitivity, hypotheses or calibrate")
    query.add_argument("sql", metavar="SQL", help='for example "SELECT empowerment, avg(resolution_rate) FROM runs GROUP BY 1"')
    query.add_argument("--csv", type=output_path, metavar="FILE", help="write the result to a CSV file instead of printing it")
    query.add_argument("--max-rows", type=bounded_int("--max-rows", 1, 10_000_000), default=60, help="rows to print (default 60)")
    query.add_argument("--engine-version", action="store_true",
                       help="first print which DuckDB runs the SQL (its SQL dialect and functions are that version's)")
    query.set_defaults(handler=command_query)


def add_design_options(parser: argparse.ArgumentParser, design_choices: str | None, vary_help: str | None = None,
                       samples_help: str | None = None) -> None:
    parser.add_argument("--vary", action="append", default=[], metavar="NAME=VALUES",
                        help=vary_help or "a varied parameter: list 0,0.5,1 or range start:stop:count (grid); bounds low:high (sampled designs)")
    if design_choices:
        parser.add_argument("--design", help=f"{design_choices} (default grid)")
    parser.add_argument("--samples", type=int, help=samples_help or "lhs points, sobol base samples (power of 2) or morris trajectories")
    parser.add_argument("--levels", type=int, help="Morris grid levels (even; default 4)")
    parser.add_argument("--no-second-order", dest="second_order", action="store_false", default=None,
                        help="Sobol': skip second-order indices (fewer runs)")
    parser.add_argument("--replicates", type=int, help="replicates per design point (default 1)")
    parser.add_argument("--steps", type=int, help="weeks to simulate (default 104)")
    parser.add_argument("--seed", type=int, help="master seed (default 0)")


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help="local worker processes (default: all cores; 1 runs serially)")
    where.add_argument("--dask-scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (e.g. tcp://host:8786)")
    where.add_argument("--dask-local", type=int, metavar="N", help="start a Dask LocalCluster of N worker processes")
    parser.add_argument("--shard", metavar="K/N", help="run only the K-th of N slices, serially (SLURM job arrays); shards merge in DIR")
    parser.add_argument("--retry-failed", action="store_true", help="run again the runs recorded as failed")
    parser.add_argument("--repair", action="store_true",
                        help="move damaged result parts to DIR/quarantine/ and run exactly their runs again (see cogov verify)")
    parser.add_argument("--batch-size", type=int, default=250, metavar="N", help="runs per Parquet part (default 250)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar; only the final line")


# ---------------------------------------------------------------------------- handlers
def command_sweep(args: argparse.Namespace) -> int:
    from sim.experiments.experiment import experiment_from_sweep
    from sim.experiments.spec import sweep_from_arguments, sweep_from_toml
    from sim.scenarios import parse_assignments

    if args.spec is not None:
        given = [flag for flag, value in (
            ("SCENARIO", args.scenario), ("--vary", args.vary), ("--set", args.assignments), ("--design", args.design),
            ("--samples", args.samples), ("--levels", args.levels), ("--no-second-order", args.second_order),
            ("--replicates", args.replicates), ("--steps", args.steps), ("--seed", args.seed),
        ) if value not in (None, [])]
        if given:
            raise UserInputError(
                f"sweep: --spec {args.spec} describes the whole sweep, so {', '.join(given)} cannot be given too; "
                "put them in the file."
            )
        spec = sweep_from_toml(args.spec)
    else:
        if not args.scenario:
            raise UserInputError("sweep: give a base SCENARIO (e.g. `cogov sweep baseline --vary empowerment=0:1:5 --out DIR`) or --spec FILE.")
        spec = sweep_from_arguments(args.scenario, args.vary, **design_arguments(args, parse_assignments(args.assignments), args.design or "grid"))
    out = args.out or (Path(spec.out) if spec.out else None)
    if out is None:
        raise UserInputError("sweep: give the results folder with --out DIR (rerunning the same command on it resumes).")
    engine = engine_arguments(args)
    from sim.experiments.memory import check_sweep, planning_progress

    check_sweep(spec, concurrent_runs(args), args.batch_size)
    with planning_progress(spec) if not args.quiet else nullcontext():
        experiment = experiment_from_sweep(spec)
    if not args.quiet:
        print(
            f"sweep of {spec.scenario}: {experiment.point_count} {spec.design} point(s) x {spec.replicates} replicate(s) = "
            f"{experiment.run_count} runs of {spec.steps} weeks, master seed {spec.seed}",
            file=sys.stderr,
        )
    from sim.experiments.engine import run_experiment

    report = run_experiment(experiment, _store(out, args), progress=not args.quiet, description="sweep", **engine)
    if spec.sampled:
        from sim.experiments.designs import write_design

        write_design(experiment, spec, report.out)
    print_report(report, out)
    return 0


def command_sensitivity(args: argparse.Namespace) -> int:
    from sim.experiments.sensitivity import METHODS, check_outcomes, interval_warnings, run_sensitivity
    from sim.experiments.spec import sweep_from_arguments
    from sim.scenarios import parse_assignments

    if args.method not in METHODS:
        raise UserInputError(f"sensitivity: --method {args.method} is not known; choose sobol or morris.")
    outcomes = check_outcomes(args.outcome)
    spec = sweep_from_arguments(args.scenario, args.vary, **design_arguments(args, parse_assignments(args.assignments), args.method))
    out = args.out or Path("results") / f"sensitivity-{Path(args.scenario).stem}-{args.method}"
    from sim.experiments.memory import check_sweep

    check_sweep(spec, concurrent_runs(args), args.batch_size, "sensitivity")
    report, indices, second, files = run_sensitivity(
        spec, outcomes, _store(out, args), progress=not args.quiet, **engine_arguments(args)
    )
    if indices is None:
        print("shard done; when every shard has finished, run the same command without --shard to compute the indices.", file=sys.stderr)
    else:
        if not args.quiet:
            print_indices(indices, second)
            print(f"wrote {', '.join(str(f) for f in files)}", file=sys.stderr)
        for warning in interval_warnings(indices, spec.samples):
            print(warning, file=sys.stderr)
    print_report(report, out)
    return 0


def command_query(args: argparse.Namespace) -> int:
    import duckdb
    import pandas as pd

    from sim.experiments.results import query_table
    from sim.files import check_output_file, output_errors, replacing

    if args.csv is not None:
        check_output_file(args.csv, "query: --csv")
    if args.engine_version:
        print(f"DuckDB {duckdb.__version__} (the Python package duckdb); cogov's tested range is in pyproject.toml")
    table = query_table(args.directory, args.sql)
    frame = table.to_pandas() if table is not None else pd.DataFrame()
    if args.csv is not None:
        with output_errors(args.csv, "query: --csv"):
            args.csv.parent.mkdir(parents=True, exist_ok=True)
            with replacing(args.csv) as temporary:
                frame.to_csv(temporary, index=False)  # NULL is an empty field
        print(f"wrote {len(frame)} row(s) to {args.csv}")
        return 0
    shown = with_nulls_shown(table.slice(0, args.max_rows)) if table is not None else frame
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 60):
        if len(frame) > args.max_rows:
            print(shown.to_string(index=False))
            print(f"... {len(frame) - args.max_rows} more row(s); use --csv FILE for all of them")
        else:
            print(shown.to_string(index=False) if len(frame) else f"(no rows; columns: {', '.join(frame.columns)})")
    return 0


def with_nulls_shown(table):
    """The table as pandas for printing, SQL NULL shown as ``NULL`` (pandas would print NaN or None)."""
    frame = table.to_pandas()
    for index, name in enumerate(table.column_names):
        column = table.column(index)
        if column.null_count:
            missing = column.is_null().to_numpy(zero_copy_only=False)
            frame[name] = frame[name].astype(object).where(~missing, "NULL")
    return frame


# ---------------------------------------------------------------------------- helpers
def design_arguments(args: argparse.Namespace, overrides: dict, design: str) -> dict:
    values = {
        "overrides": overrides, "design": design, "samples": args.samples, "replicates": args.replicates,
        "steps": args.steps, "seed": args.seed, "levels": args.levels, "second_order": args.second_order,
    }
    defaults = {"replicates": 1, "steps": 104, "seed": 0, "levels": 4, "second_order": True}
    return {k: (defaults[k] if v is None and k in defaults else v) for k, v in values.items()}


def engine_arguments(args: argparse.Namespace) -> dict:
    shard = parse_shard(args.shard) if args.shard else None
    if shard and (args.dask_scheduler or args.dask_local):
        raise UserInputError("--shard runs its slice without an engine; it cannot be combined with --dask-scheduler or --dask-local.")
    for flag, value, low in (("--workers", args.workers, 1), ("--dask-local", args.dask_local, 1), ("--batch-size", args.batch_size, 1)):
        if value is not None and value < low:
            raise UserInputError(f"{flag} {value}: must be a whole number of at least {low}.")
    return {
        "workers": args.workers, "dask_scheduler": args.dask_scheduler, "dask_local": args.dask_local,
        "shard": shard, "retry_failed": args.retry_failed,
    }


def concurrent_runs(args: argparse.Namespace) -> int | None:
    """Runs held in this machine's memory at once (None: one per core, the local pool's default)."""
    if args.shard or args.dask_scheduler:
        return 1  # serial, or the runs execute on the cluster's machines
    return args.dask_local or args.workers


def parse_shard(text: str) -> tuple[int, int]:
    part, sep, total = text.partition("/")
    try:
        k, n = int(part), int(total)
    except ValueError:
        k = n = 0
    if not sep or n < 1 or not 1 <= k <= n:
        raise UserInputError(
            f"--shard {text}: expected K/N with 1 <= K <= N (the K-th of N slices), for example --shard 3/8 "
            "or --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with --array=1-N."
        )
    return k, n


def _store(out: Path, args: argparse.Namespace):
    from sim.experiments.store import ResultStore

    return ResultStore(out, batch_size=args.batch_size, repair=args.repair)


def print_report(report, out: Path) -> None:
    if report.failed:
        print(
            f"{report.failed} run(s) failed; their tracebacks: cogov query {out} "
            "\"SELECT point, replicate, error FROM status WHERE status = 'failed'\"",
            file=sys.stderr,
        )
    print(report.line())


def print_indices(indices, second) -> None:
    import pandas as pd

    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        for outcome, part in indices.groupby("outcome", sort=False):
            key = next((c for c in ("ST", "mu_star") if c in part.columns and part[c].notna().any()), "parameter")
            columns = [c for c in ("parameter", "S1", "S1_conf", "ST", "ST_conf", "mu", "mu_star", "mu_star_conf", "sigma", "note")
                       if c in part.columns and part[c].notna().any()]
            print(f"\n{outcome}")
            print(part.sort_values(key, ascending=False, na_position="last")[columns].to_string(index=False))
        if second is not None and len(second):
            print("\nsecond-order Sobol' indices")
            print(second.to_string(index=False))
