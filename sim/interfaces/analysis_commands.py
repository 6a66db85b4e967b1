"""``cogov check-facts`` and ``cogov report``: the command-line faces of :mod:`sim.analysis`.

What a command needs beyond its help text is imported in its handler, so that ``cogov --help`` stays light.
"""

from __future__ import annotations

from pathlib import Path

from sim.analysis.facts import FACT_BY_KEY, REFORM_SCENARIO, REFORM_START_WEEK
from sim.interfaces.options import REPLICATES, SEED, STEPS, WORKERS, add_executor_options, add_set_option, output_path


def register(subparsers) -> None:
    register_check_facts(subparsers)
    register_report(subparsers)
    register_hypotheses(subparsers)
    from sim.interfaces.calibration_commands import register_calibrate

    register_calibrate(subparsers)


def register_hypotheses(subparsers) -> None:
    """Add ``cogov hypotheses`` to the command line."""
    from sim.analysis.hypotheses import HYPOTHESES, LAG_FOLLOW_UP_WEEKS
    from sim.vocabulary import PARTICIPATION_RULES

    parser = subparsers.add_parser(
        "hypotheses",
        help="test hypotheses H1-H9, each with its own design, and print estimate, 95%% CI, effect size and verdict",
        description=(
            "Run the designs of the chosen hypotheses (default all) on common random numbers into a resumable results "
            "folder and print one table: hypothesis, measure, its region of practical equivalence (ROPE), estimate with "
            "95% CI, effect size d_z and verdict, one column per participation rule (logistic, threshold, aspiration: "
            "structural robustness) and a last column saying whether the verdict depends on the rule; with --posterior "
            "one more column of verdicts over parameter sets drawn from the calibrated posterior (parametric "
            "robustness). Mediation rows switch one channel of a lever off, or reproduce it with another lever; a "
            "resolution contrast also shows governance-only resolution and the self-help share. Estimate (supports / contradicts: the interval lies beyond the ROPE on the "
            "predicted / the other side; practically nil: inside the ROPE; cannot tell: otherwise). Formulas of the "
            "parameters and quantities identical in every replicate are shown as context, without a verdict. H4's lag "
            "is fitted on its own follow-up of --lag-weeks after the reform, whatever --steps. "
            "Rerunning the same command on the same --out folder resumes. "
            "Hypotheses: " + "; ".join(f"{h.key} {h.statement_en}" for h in HYPOTHESES) + "."
        ),
    )
    parser.add_argument("hypotheses", nargs="*", metavar="Hn", help="hypotheses to test (default all: H1 ... H9)")
    parser.add_argument("--replicates", type=REPLICATES, default=30, help="replicates per arm (per posterior draw) (default 30)")
    parser.add_argument("--steps", type=STEPS, default=104, help="weeks per run (default 104; at least 52)")
    parser.add_argument("--seed", type=SEED, default=20240801, help="master seed (default 20240801)")
    parser.add_argument("--rule", choices=(*PARTICIPATION_RULES, "all"), default="all",
                        help="participation rule of every arm (default 'all': a column per rule)")
    parser.add_argument("--posterior", nargs="?", const="", metavar="FILE",
                        help="add a column of verdicts over parameter sets drawn from a posterior ensemble, under the "
                             "scenarios' rule or the one --rule names (default file: the shipped calibration/posterior.parquet)")
    parser.add_argument("--draws", type=REPLICATES, default=8, help="parameter sets drawn from the posterior (default 8)")
    parser.add_argument("--lag-weeks", type=STEPS, default=LAG_FOLLOW_UP_WEEKS,
                        help=f"weeks H4's lag follows its reform (default {LAG_FOLLOW_UP_WEEKS}; participation levels off slowly)")
    parser.add_argument("--out", type=output_path, metavar="DIR", help="results folder (default results/hypotheses-...)")
    parser.add_argument("--format", choices=("table", "markdown", "csv", "json"), default="table")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_executor_options(parser)
    parser.set_defaults(handler=command_hypotheses)


def command_hypotheses(args) -> int:
    import sys

    from sim.analysis.hypotheses import HYPOTHESIS_BY_KEY
    from sim.analysis.hypothesis_tests import markdown_verdicts, print_verdicts, run_hypotheses
    from sim.analysis.posterior import draw_parameter_sets, posterior_path
    from sim.errors import UserInputError
    from sim.interfaces.cli import prepare_output
    from sim.parameters import PARTICIPATION_RULES

    keys = [k.upper() for k in args.hypotheses] or list(HYPOTHESIS_BY_KEY)
    unknown = [k for k in keys if k not in HYPOTHESIS_BY_KEY]
    if unknown:
        raise UserInputError(f"hypotheses: unknown hypothesis {', '.join(unknown)}; choose from {', '.join(HYPOTHESIS_BY_KEY)}.")
    keys = list(dict.fromkeys(keys))
    if args.steps < 52:
        raise UserInputError(f"hypotheses --steps {args.steps}: at least 52 weeks are needed (H7's shock comes in week 26 "
                             "and H4's reform a third into the run); allowed 52 to 5200.")
    rules = list(PARTICIPATION_RULES) if args.rule == "all" else [args.rule]
    posterior_rule = None if args.rule == "all" else args.rule
    posterior = None if args.posterior is None else str(posterior_path(args.posterior or None))
    draws = draw_parameter_sets(posterior, args.draws, args.seed) if posterior else None
    out = args.out or Path("results") / ("hypotheses-" + "-".join(keys) if len(keys) < 9 else "hypotheses-all")
    prepare_output(out, "hypotheses")
    if args.format == "table":
        extra = f", and a column of {args.draws} posterior draws from {posterior}" if posterior else ""
        print(f"{', '.join(keys)}: {args.replicates} replicates of {args.steps} weeks, master seed {args.seed}, "
              f"participation rule{'s' if len(rules) > 1 else ''} {', '.join(rules)}{extra}",
              file=sys.stderr)
    verdicts, _, report = run_hypotheses(
        keys, out, replicates=args.replicates, steps=args.steps, seed=args.seed, rules=rules, draws=draws,
        posterior=posterior, posterior_rule=posterior_rule, workers=args.workers, dask_scheduler=args.dask_scheduler, dask_local=args.dask_local,
        progress=not args.quiet, lag_weeks=args.lag_weeks,
    )
    if args.format == "table":
        print(report.line(), file=sys.stderr)
        print_verdicts(verdicts)
        print(f"wrote {out / 'verdicts.csv'}; `cogov report {out}` makes the report")
    elif args.format == "markdown":
        print(markdown_verdicts(verdicts))
    elif args.format == "csv":
        verdicts.to_csv(sys.stdout, index=False)
    else:
        print(verdicts.to_json(orient="records", force_ascii=False, indent=2))
    return 0


def register_check_facts(subparsers) -> None:
    """Add ``cogov check-facts`` to the command line."""
    parser = subparsers.add_parser(
        "check-facts",
        help="check the stylised facts of docs/ODD.md §6 (pattern-oriented validation) for scenarios",
        description=(
            "Run the replicates each fact needs and print, per scenario, the fact, its target pattern, "
            "the measured figure and pass or fail, in four parts: counted patterns (held out from calibration, with a "
            "published size: these count as validation), calibration targets, qualitative checks (no published size: "
            "shown, not counted) and input checks (figures the model is given). Facts about the status quo use the "
            "scenario with its reform levers at their defaults; the reform facts switch the scenario's levers (or, if it "
            f"sets none, those of '{REFORM_SCENARIO}') on at week {REFORM_START_WEEK}. With --knockouts, each fact "
            "that names a mechanism is measured again on the same seeds with that mechanism switched off through the "
            "parameters of its knockout (docs/ODD.md §6.4), and a pattern x with / without table is printed. Exit "
            "status 0 even when a fact fails, unless --strict (then 4 when a counted pattern or a calibration target "
            "fails, or with --knockouts when a counted pattern does not fail without its mechanism; 3 is kept for a "
            "full disk)."
        ),
    )
    parser.add_argument("scenarios", nargs="+", help="scenario names or .toml files")
    parser.add_argument("--replicates", type=REPLICATES, default=10, help="replicates per setting (default 10)")
    parser.add_argument("--seed", type=SEED, default=20240901, help="master seed (default 20240901)")
    parser.add_argument("--workers", type=WORKERS, help="worker processes (default: all cores)")
    parser.add_argument("--facts", help="comma-separated fact keys to check (default all): " + ", ".join(FACT_BY_KEY))
    parser.add_argument("--format", choices=("table", "markdown", "csv", "json"), default="table")
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the target column (default en)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 4 when a counted pattern or a calibration target fails")
    parser.add_argument("--knockouts", action="store_true",
                        help="measure each fact with and without the mechanism it tests (its knockout) and print both")
    add_set_option(parser, "applied to every scenario")
    parser.set_defaults(handler=command_check_facts)


def command_check_facts(args) -> int:
    from sim.analysis.validation import check_facts, markdown_table, print_table, results_frame
    from sim.scenarios import load_scenarios, parse_assignments

    only = _chosen_facts(args)
    scenarios = load_scenarios(args.scenarios, parse_assignments(args.assignments))
    if args.knockouts:
        return _check_knockouts(args, only, scenarios)

    def show(scenario, results, settings) -> int:
        if args.format == "table":
            _print_heading(args, scenario, settings)
            print_table(results, args.lang)
            counted = [r for r in results if r.fact.counts]
            fitted = [r for r in results if r.fact.role == "calibration"]
            shown = [r for r in results if r.fact.role == "qualitative"]
            passed = sum(r.passed for r in counted)
            print(f"\n{passed} of {len(counted)} counted patterns reproduced 计入验证的模式通过 {passed}/{len(counted)}; "
                  f"calibration targets {sum(r.passed for r in fitted)}/{len(fitted)} and qualitative checks "
                  f"{sum(r.passed for r in shown)}/{len(shown)} are shown, not counted (nor are input checks); "
                  + _seed_note(args.seed))
        elif args.format == "markdown":
            print(markdown_table(results, args.lang))
        return sum(not r.passed for r in results if r.fact.judged)

    return _each_scenario(args, scenarios, lambda p: check_facts(p, args.replicates, args.seed, _workers(args), only),
                          show, results_frame)


def _each_scenario(args, scenarios, measure, show, frame) -> int:
    """Measure each scenario, show it (returns its failures), then print the CSV or JSON of all; the exit status."""
    import sys

    import pandas as pd

    from sim.errors import CHECK_FAILED_EXIT

    frames, failed = [], 0
    for scenario in scenarios:
        results, settings = measure(scenario.parameters)
        if args.format == "markdown":
            print(f"\n### {scenario.meta.title_zh} / {scenario.meta.title_en} (`{scenario.name}`)\n")
        failed += show(scenario, results, settings)
        frames.append(frame(results, scenario.name))
    table = pd.concat(frames, ignore_index=True)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=2))
    return CHECK_FAILED_EXIT if args.strict and failed else 0


def _chosen_facts(args) -> list[str] | None:
    """The fact keys of --facts (None: all), or a UserInputError naming the unknown ones."""
    from sim.errors import UserInputError

    if not args.facts:
        return None
    only = [key.strip() for key in args.facts.split(",") if key.strip()]
    unknown = [key for key in only if key not in FACT_BY_KEY]
    if unknown or not only:
        raise UserInputError(
            f"check-facts --facts: unknown fact key(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(FACT_BY_KEY)}."
        )
    return only


def _workers(args) -> int:
    import os

    return args.workers or min(4, os.cpu_count() or 1)


def _seed_note(seed: int) -> str:
    from sim.analysis.calibration_targets import CALIBRATION_SEED

    return (f"validation seeds from master seed {seed}, calibration seeds from master seed {CALIBRATION_SEED}"
            + (" -- the same master seed: these are not held-out seeds" if seed == CALIBRATION_SEED else ""))


def _print_heading(args, scenario, settings) -> None:
    print(f"\n{scenario.meta.title_zh} / {scenario.meta.title_en} ({scenario.name}): "
          f"{args.replicates} replicates, master seed {args.seed}")
    print(f"  status quo: {settings['status_quo']}; reform: {settings['reform']}\n")


def _check_knockouts(args, only, scenarios) -> int:
    """``check-facts --knockouts``: each fact with a knockout, with and without its mechanism, on the same seeds."""
    from sim.analysis.validation import check_knockouts, knockout_frame, knockout_keys, markdown_knockouts, print_knockouts
    from sim.errors import UserInputError

    if not knockout_keys(only):
        without = ", ".join(key for key in FACT_BY_KEY if not FACT_BY_KEY[key].knockout)
        raise UserInputError(
            f"check-facts --knockouts: none of the chosen facts ({args.facts}) names a mechanism to switch off "
            f"(facts without a knockout: {without}); choose from {', '.join(knockout_keys())}."
        )

    def show(scenario, rows, settings) -> int:
        if args.format == "table":
            _print_heading(args, scenario, settings)
            print_knockouts(rows)
            counted = [k for k in rows if k.fact.counts]
            both = sum(k.discriminates for k in counted)
            print(f"\n{both} of {len(counted)} counted patterns pass with their mechanism and fail without it "
                  f"计入验证的模式开启通过且关闭失败 {both}/{len(counted)}; figures are the headline figure of each fact with "
                  f"a 95% interval over replicates; the knockout is applied on top of the scenario and --set in every "
                  f"setting, burn-in included; " + _seed_note(args.seed))
        elif args.format == "markdown":
            print(markdown_knockouts(rows))
        return sum(not k.discriminates for k in rows if k.fact.counts)

    return _each_scenario(args, scenarios, lambda p: check_knockouts(p, args.replicates, args.seed, _workers(args), only),
                          show, knockout_frame)


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
    parser.add_argument("--out", type=output_path, metavar="FILE", help="where to write the report (default DIR/report.html)")
    parser.set_defaults(handler=command_report)


def command_report(args) -> int:
    import matplotlib

    from sim.analysis.report import build_report

    matplotlib.use("Agg")  # no display needed (set here, not in build_report, so notebooks keep their backend)
    path = build_report(args.directory, args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0
