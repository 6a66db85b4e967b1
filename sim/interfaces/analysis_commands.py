"""``cogov check-facts`` and ``cogov report``: the command-line faces of :mod:`sim.analysis`."""

from __future__ import annotations

from pathlib import Path

from sim.analysis.report import build_report
from sim.analysis.validation import (
    FACT_BY_KEY,
    REFORM_SCENARIO,
    REFORM_START_WEEK,
    check_facts,
    markdown_table,
    print_table,
    results_frame,
)
from sim.interfaces.options import REPLICATES, SEED, WORKERS, add_set_option


def register(subparsers) -> None:
    register_check_facts(subparsers)
    register_report(subparsers)


def register_check_facts(subparsers) -> None:
    """Add ``cogov check-facts`` to the command line."""
    parser = subparsers.add_parser(
        "check-facts",
        help="check the stylised facts of docs/ODD.md §6 (pattern-oriented validation) for scenarios",
        description=(
            "Run the replicates each fact needs and print, per scenario, the fact, its target pattern, "
            "the measured figure and pass or fail. Facts about the status quo use the scenario with its "
            "reform levers at their defaults; the reform fact switches the scenario's levers (or, if it sets "
            f"none, those of '{REFORM_SCENARIO}') on at week {REFORM_START_WEEK}. Exit status 0 even when a fact "
            "fails, unless --strict (then 3)."
        ),
    )
    parser.add_argument("scenarios", nargs="+", help="scenario names or .toml files")
    parser.add_argument("--replicates", type=REPLICATES, default=10, help="replicates per setting (default 10)")
    parser.add_argument("--seed", type=SEED, default=20240901, help="master seed (default 20240901)")
    parser.add_argument("--workers", type=WORKERS, help="worker processes (default: all cores)")
    parser.add_argument("--facts", help="comma-separated fact keys to check (default all): " + ", ".join(FACT_BY_KEY))
    parser.add_argument("--format", choices=("table", "markdown", "csv", "json"), default="table")
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the target column (default en)")
    parser.add_argument("--strict", action="store_true", help="exit with status 3 when any fact fails")
    add_set_option(parser, "applied to every scenario")
    parser.set_defaults(handler=command_check_facts)


def command_check_facts(args) -> int:
    import os
    import sys

    import pandas as pd

    from sim.errors import UserInputError
    from sim.scenarios import load_scenarios, parse_assignments

    only = None
    if args.facts:
        only = [key.strip() for key in args.facts.split(",") if key.strip()]
        unknown = [key for key in only if key not in FACT_BY_KEY]
        if unknown or not only:
            raise UserInputError(
                f"check-facts --facts: unknown fact key(s) {', '.join(unknown) or '(none given)'}; "
                f"choose from {', '.join(FACT_BY_KEY)}."
            )
    scenarios = load_scenarios(args.scenarios, parse_assignments(args.assignments))
    workers = args.workers or min(4, os.cpu_count() or 1)
    frames, failed = [], 0
    for scenario in scenarios:
        results, settings = check_facts(scenario.parameters, args.replicates, args.seed, workers, only)
        failed += sum(not r.passed for r in results)
        if args.format == "table":
            print(f"\n{scenario.meta.title_zh} / {scenario.meta.title_en} ({scenario.name}): "
                  f"{args.replicates} replicates, master seed {args.seed}")
            print(f"  status quo: {settings['status_quo']}; reform: {settings['reform']}\n")
            print_table(results, args.lang)
            passed = sum(r.passed for r in results)
            print(f"{passed} of {len(results)} facts reproduced 通过 {passed}/{len(results)}")
        elif args.format == "markdown":
            print(f"\n### {scenario.meta.title_zh} / {scenario.meta.title_en} (`{scenario.name}`)\n")
            print(markdown_table(results, args.lang))
        frames.append(results_frame(results, scenario.name))
    table = pd.concat(frames, ignore_index=True)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=2))
    return 3 if args.strict and failed else 0


def register_report(subparsers) -> None:
    """Add ``cogov report`` to the command line."""
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report of a run, compare, sweep or sensitivity folder",
        description=(
            "Turn the --out folder of `cogov run`, `cogov compare`, `cogov sweep` or `cogov sensitivity` into one HTML "
            "file: the manifest (what was run, versions, seeds), figures (time series with 95% bands, lever effects, "
            "heatmaps for two-lever grids, Sobol' bars) and tables. Images are embedded; the file opens offline."
        ),
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="a results folder (it holds manifest.json)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="where to write the report (default DIR/report.html)")
    parser.set_defaults(handler=command_report)


def command_report(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # no display needed (set here, not in build_report, so notebooks keep their backend)
    path = build_report(args.directory, args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0
