"""The ``cogov`` command line.

Exit status: 0 success; 2 bad user input (a one-paragraph message naming the file, key, value
and allowed range; also a damaged results folder and a run too large for the memory); 3 no space
left on device (finished runs kept: free space and rerun); 130 interrupted; 1 internal error (a
bug). Tracebacks are shown only with ``--debug``; user input echoed in messages is escaped.

Sub-commands live in small modules that each provide ``register(subparsers)``; this module holds
the model's own commands (run, compare, validate, params, scenarios) and the error handling.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from sim.errors import DiskFullError, UserInputError, is_no_space, printable
from sim.interfaces.options import REPLICATES, SEED, STEPS, WORKERS, Parser, add_set_option, output_path  # noqa: F401

#: Modules that add further sub-commands (each has ``register(subparsers)``).
EXTENSIONS: list[str] = [
    "sim.interfaces.dashboard.server",
    "sim.interfaces.experiment_commands",
    "sim.interfaces.analysis_commands",
    "sim.interfaces.classroom.command",
    "sim.interfaces.results_commands",
    "sim.interfaces.data_commands",
]


class VersionAction(argparse._VersionAction):
    """``--version``, reading the installed version only when asked (importlib.metadata is slow to import)."""

    def __call__(self, parser, namespace, values, option_string=None):  # noqa: D102
        from sim import __version__

        self.version = f"cogov {__version__}"
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> Parser:
    from sim.vocabulary import GROUPS

    parser = Parser(prog="cogov", description="Agent-based model of Party-led community co-governance (党领共治).")
    parser.add_argument("--version", action=VersionAction)
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    run = sub.add_parser("run", help="run one scenario and write its time series")
    run.add_argument("scenario", help="scenario name (see `cogov scenarios`) or path to a .toml file")
    run.add_argument("--steps", type=STEPS, default=104, help="weeks to simulate (default 104)")
    run.add_argument("--seed", type=SEED, default=0, help="random seed (default 0)")
    add_set_option(run)
    run.add_argument("--out", type=output_path, help="output folder (default results/run-SCENARIO-seedS)")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.set_defaults(handler=command_run)

    compare = sub.add_parser("compare", help="compare scenarios on common random numbers with paired CIs")
    compare.add_argument("scenarios", nargs="+", help="scenario names or files; the first is the reference")
    compare.add_argument("--replicates", type=REPLICATES, default=10, help="replicates per scenario (default 10)")
    compare.add_argument("--steps", type=STEPS, default=104, help="weeks to simulate (default 104)")
    compare.add_argument("--seed", type=SEED, default=0, help="master seed for the replicate seeds (default 0)")
    compare.add_argument("--workers", type=WORKERS, help="worker processes (default: all cores)")
    add_set_option(compare, "applied to every scenario")
    compare.add_argument("--out", type=output_path, help="output folder (default results/compare-A-vs-B...)")
    compare.add_argument("--quiet", action="store_true", help="no progress bar or table")
    compare.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the figures' labels (zh needs a Chinese font)")
    compare.add_argument("--posterior", nargs="?", const="", metavar="FILE", help="repeat the comparison on parameter sets drawn from a posterior (default: the shipped one)")
    compare.add_argument("--draws", type=REPLICATES, default=8, help="parameter sets drawn with --posterior (default 8)")
    compare.set_defaults(handler=command_compare)

    validate = sub.add_parser("validate", help="check scenario files, reporting every problem at once")
    validate.add_argument("scenarios", nargs="+", help="scenario names or files")
    validate.set_defaults(handler=command_validate)

    params = sub.add_parser("params", help="list the parameter registry")
    params.add_argument("--lang", choices=("zh", "en"), default="en", help="label language (default en)")
    params.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")
    params.add_argument("--group", metavar="GROUP", help="only this group of parameters: " + ", ".join(GROUPS))
    params.add_argument("--brief", action="store_true", help="one line per parameter, without its meaning")
    params.set_defaults(handler=command_params)

    scenarios = sub.add_parser("scenarios", help="list the shipped scenarios")
    scenarios.add_argument("--lang", choices=("zh", "en"), default="en")
    scenarios.set_defaults(handler=command_scenarios)

    for module in EXTENSIONS:
        importlib.import_module(module).register(sub)
    for command in sub.choices.values():  # --debug is accepted after the sub-command too
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors")
    return parser


# ---------------------------------------------------------------------- commands
def command_run(args: argparse.Namespace) -> int:
    from sim.model.outcomes import OUTCOMES
    from sim.experiments.folders import RUN_FORMAT
    from sim.experiments.memory import check_run
    from sim.experiments.runs import provenance, run_simulation, write_json, write_table
    from sim.scenarios import load_scenario, parse_assignments

    scenario = load_scenario(args.scenario, parse_assignments(args.assignments))
    check_run(scenario.parameters.model_dump(), args.steps)
    out = args.out or Path("results") / f"run-{scenario.name}-seed{args.seed}"
    prepare_output(out, "run")
    from sim.experiments.dictionary import write_dictionary

    frame = run_simulation(scenario.parameters, args.seed, args.steps)
    frame.insert(0, "scenario", scenario.name)
    frame.insert(1, "seed", args.seed)
    for position, name in enumerate(scenario.overrides, start=2):  # what --set changed travels with the data
        frame.insert(position, name, getattr(scenario.parameters, name))
    files = write_table(frame, out / "timeseries")
    write_dictionary(out, scenario.overrides)
    write_json(
        out / "manifest.json",
        {
            "format": RUN_FORMAT,
            "command": "run",
            "scenario": scenario.name,
            "scenario_file": str(scenario.path),
            "scenario_chain": [str(p) for p in scenario.chain],
            "overrides": scenario.overrides,
            "parameters": scenario.parameters.model_dump(),
            "seed": args.seed,
            "steps": args.steps,
            **provenance(),
        },
    )
    if not args.quiet:
        last = frame.iloc[-1]
        modified = ", modified" if scenario.overrides else ""
        print(f"{scenario.meta.title_en} ({scenario.meta.title_zh}){modified}, seed {args.seed}, {args.steps} weeks")
        if scenario.overrides:
            changes = ", ".join(f"{k} {getattr(load_scenario(args.scenario).parameters, k)!r} -> {v!r}"
                                for k, v in scenario.overrides.items())
            print(f"  modified with --set: {changes}")
        for name in ("resolution_rate", "cross_actor_resolution_rate", "participation_rate", "report_rate", "backlog",
                     "mean_weeks_to_resolution", "mean_efficacy", "mean_trust", "satisfaction", "party_reach"):
            print(f"  {OUTCOMES[name].label_en:<32} {format_value(last[name])}")
        print(f"wrote {', '.join(str(f) for f in files)} and {out / 'manifest.json'}")
    return 0


def command_compare(args: argparse.Namespace) -> int:
    from sim.analysis.compare import compare_scenarios
    from sim.experiments.memory import check_fits, run_estimate
    from sim.model.outcomes import HEADLINE_OUTCOMES, OUTCOMES
    from sim.scenarios import load_scenarios, parse_assignments

    scenarios = load_scenarios(args.scenarios, parse_assignments(args.assignments))
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise UserInputError(f"compare: each scenario may appear once; got {', '.join(names)}.")
    if len(names) < 2:
        raise UserInputError(
            f"compare: give at least two scenarios (the first is the reference the others are compared with); got only "
            f"'{names[0]}'. For example `cogov compare {names[0]} empowerment`, or `cogov run {names[0]}` for one scenario."
        )
    for scenario in scenarios:
        check_fits(run_estimate(scenario.parameters.model_dump(), args.steps), args.workers or os.cpu_count() or 1, 0.0, "compare")
    out = args.out or Path("results") / ("compare-" + "-vs-".join(names))
    prepare_output(out, "compare")
    progress = not args.quiet
    if args.posterior is not None:
        from sim.analysis.posterior_compare import compare_over_posterior, print_posterior_summary

        pooled = compare_over_posterior(scenarios, args.posterior or None, args.draws, args.replicates, args.steps, args.seed, out, args.workers, progress)
        return 0 if args.quiet else print_posterior_summary(pooled, HEADLINE_OUTCOMES) or 0
    _, summary = compare_scenarios(scenarios, args.replicates, args.steps, args.seed, out, args.workers, progress, lang=args.lang)
    if not args.quiet:
        print(f"{len(names)} scenarios x {args.replicates} replicates, {args.steps} weeks, master seed {args.seed}")
        print(f"mean at week {args.steps}; in brackets the paired difference from '{names[0]}' with its 95% CI\n")
        width = max(len(n) for n in names) + 2
        for outcome in HEADLINE_OUTCOMES:
            rows = summary[summary["outcome"] == outcome].set_index("scenario")
            print(OUTCOMES[outcome].label_en)
            for n in names:
                row = rows.loc[n]
                line = f"  {n:<{width}}{format_value(row['mean']):>10}"
                if n != names[0]:
                    line += f"   {row['difference']:+.3g} [{row['ci_low']:+.3g}, {row['ci_high']:+.3g}]"
                print(line)
        print(f"\nwrote {out / 'summary.csv'}, {out / 'timeseries.parquet'}, {out / 'figures'}/ and {out / 'manifest.json'}")
    return 0


def command_validate(args: argparse.Namespace) -> int:
    from sim.scenarios import validate_files

    report = validate_files(args.scenarios)
    bad = {name: problems for name, problems in report.items() if problems}
    for name, problems in report.items():
        print(f"{'ok  ' if not problems else 'FAIL'} {name}")
        for problem in problems:
            print(f"     - {problem}")
    if bad:
        raise UserInputError(f"{len(bad)} of {len(report)} scenario file(s) have problems (listed above).")
    return 0


def command_params(args: argparse.Namespace) -> int:
    import pandas as pd

    from sim.parameters import GROUPS, registry

    specs = [s for s in registry() if args.group in (None, s.group)]
    if args.group and not specs:
        raise UserInputError(f"params: unknown --group '{args.group}'; groups are {', '.join(GROUPS)}.")
    rows = [
        {
            "name": s.name,
            "label": s.label(args.lang),
            "group": GROUPS[s.group][0 if args.lang == "zh" else 1],
            "type": s.kind,
            "default": s.default,
            "minimum": s.minimum,
            "maximum": s.maximum,
            "choices": "|".join(s.choices),
            "unit": s.unit,
            "meaning": s.meaning,
            "source": s.source,
            "acts_on": s.acts_on.describe() if s.acts_on else "",
            "prior": f"{s.prior[0]:g}:{s.prior[1]:g}" if s.prior else "",
        }
        for s in specs
    ]
    frame = pd.DataFrame(rows)
    if args.format == "json":  # the declaration as structured data (outcomes, context, overrides, test values)
        frame["acts_on"] = [s.acts_on.as_dict() if s.acts_on else None for s in specs]
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(frame.to_json(orient="records", force_ascii=False, indent=2))
    elif args.format == "markdown":
        from sim.interfaces.docs import parameter_markdown

        print(parameter_markdown(specs))
    else:
        for group, part in frame.groupby("group", sort=False):
            print(f"\n[{group}]")
            for row in part.itertuples():
                allowed = row.choices or f"{format_value(row.minimum)}..{format_value(row.maximum)}" if row.type != "bool" else "true|false"
                print(f"  {row.name:<36} {str(row.default):<10} {allowed:<16} {row.unit:<14} {row.label}")
                if not args.brief:
                    print(f"  {'':<36} {row.meaning}")
                    if row.prior:
                        print(f"  {'':<36} {'校准先验 calibration prior'} {row.prior}")
    return 0


def command_scenarios(args: argparse.Namespace) -> int:
    from sim.interfaces.text import hypothesis_statement, pad
    from sim.scenarios import available_scenarios, load_scenario

    used: set[str] = set()
    for name, path in available_scenarios().items():
        try:
            scenario = load_scenario(path)
        except UserInputError:
            print(f"{name:<34} (invalid: run `cogov validate {path}`)")
            continue
        title = scenario.title(args.lang)
        used.update(scenario.meta.hypotheses)
        print(f"{pad(name, 34)} {pad(title, 36)} {', '.join(scenario.meta.hypotheses)}")
    if used:
        print("\n" + ("假设" if args.lang == "zh" else "Hypotheses") + ":")
        for code in sorted(used, key=lambda c: int(c[1:])):
            print(f"  {code}  {hypothesis_statement(code, args.lang)}")
    return 0


# ---------------------------------------------------------------------- helpers
def prepare_output(out: Path, kind: str) -> None:
    """Create the results folder of a command of ``kind``, or explain why it cannot be (see :func:`sim.files.prepare_results_folder`)."""
    from sim.files import prepare_results_folder

    prepare_results_folder(out, kind)


def format_value(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number != number:  # NaN
        return "n/a"
    return f"{int(number)}" if number.is_integer() and abs(number) >= 1 else f"{number:.3g}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        return int(args.handler(args) or 0)
    except UserInputError as exc:
        if debug:
            traceback.print_exc()
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`cogov params | head -1`): end quietly
        _silence_stdout()
        return 0
    except DiskFullError as exc:
        if debug:
            traceback.print_exc()
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return DiskFullError.exit_code
    except OSError as exc:
        if not is_no_space(exc):
            return _internal_error(exc, debug)
        if debug:
            traceback.print_exc()
        where = f" while writing {exc.filename}" if exc.filename else ""
        print(f"error: no space left on device{printable(where)}; free space and rerun the same command.", file=sys.stderr)
        return DiskFullError.exit_code
    except KeyboardInterrupt:
        print("interrupted: finished results were kept on disk.", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: say so, keep the traceback for --debug
        if damaged_data_file(exc):
            if debug:
                traceback.print_exc()
            print(
                f"error: a data file could not be read: it is damaged or not the file cogov wrote ({printable(str(exc))}). "
                "For a results folder, `cogov verify DIR` names the damaged parts and rerunning its command with "
                "--repair replaces them; otherwise rerun the command that wrote the file.",
                file=sys.stderr,
            )
            return 2
        return _internal_error(exc, debug)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's final flush meets no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor behind stdout (tests capture it)
        pass


def damaged_data_file(exc: BaseException) -> bool:
    """Whether an exception is pyarrow failing to read a damaged Parquet or Arrow file."""
    signs = ("magic bytes", "corrupt", "Couldn't deserialize thrift", "Unexpected end of stream", "Invalid IPC", "truncated")
    return type(exc).__module__.startswith("pyarrow") and any(sign in str(exc) for sign in signs)


def _internal_error(exc: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(
        f"internal error: {type(exc).__name__}: {printable(str(exc))}. This is a bug in cogov; "
        "please report it with the output of the same command run with --debug.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
