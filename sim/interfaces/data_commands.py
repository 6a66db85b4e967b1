"""``cogov outcomes``, ``cogov show`` and ``cogov export``: what the data mean, and the data in other tools' shapes.

Registered through ``sim.interfaces.cli.EXTENSIONS``; pandas and pyarrow are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.errors import UserInputError


def register(subparsers) -> None:
    from sim.experiments.export import FORMATS
    from sim.interfaces.options import add_set_option, output_path

    outcomes = subparsers.add_parser(
        "outcomes", help="list the model's outcomes with Chinese and English labels, units and meanings",
        description="The outcomes every run records each week (the columns of timeseries tables), as in dictionary.csv.",
    )
    outcomes.add_argument("--format", choices=("table", "csv", "json"), default="table")
    outcomes.add_argument("--lang", choices=("zh", "en"), default="en", help="label shown first in the table (default en)")
    outcomes.set_defaults(handler=command_outcomes)

    show = subparsers.add_parser(
        "show", help="print or export a fully resolved scenario (every parameter, after extends and --set)",
        description=(
            "Resolve a scenario file (its extends chain, then --set) and print every parameter with its value, "
            "marking those that differ from the registry default and where each came from. --format toml writes "
            "a stand-alone scenario file that needs no extends."
        ),
    )
    show.add_argument("scenario", help="scenario name (see `cogov scenarios`) or path to a .toml file")
    add_set_option(show)
    show.add_argument("--format", choices=("table", "toml", "json"), default="table")
    show.add_argument("--changed", action="store_true", help="only parameters that differ from the registry default")
    show.add_argument("--out", type=output_path, metavar="FILE", help="write to FILE instead of printing")
    show.set_defaults(handler=command_show)

    export = subparsers.add_parser(
        "export", help="export a results folder as tidy long, wide or NetLogo BehaviorSpace-style tables",
        description=(
            "long: one row per run, week and outcome (CSV and Parquet, for R/ggplot2, seaborn, DuckDB); wide: one row "
            "per run and week; behaviorspace: the table layout of NetLogo BehaviorSpace ([run number], parameters, "
            "[step], outcomes). Parameters that vary between runs or were changed with --set are columns."
        ),
    )
    export.add_argument("directory", type=Path, metavar="DIR", help="a folder written by cogov run, compare, sweep or sensitivity")
    export.add_argument("--format", choices=FORMATS, default="long", help="long (default), wide or behaviorspace")
    export.add_argument("--outcome", action="append", default=[], metavar="NAME", help="only this outcome (repeatable; default all)")
    export.add_argument("--out", type=str, metavar="PATH", help="output path without suffix, or a folder for FORMAT.csv/.parquet (default DIR/export/FORMAT)")
    export.set_defaults(handler=command_export)


def command_outcomes(args: argparse.Namespace) -> int:
    from sim.experiments.dictionary import outcome_table
    from sim.interfaces.text import pad

    table = outcome_table().drop(columns=["kind", "varied"])
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=2))
    else:
        first, second = ("label_zh", "label_en") if args.lang == "zh" else ("label_en", "label_zh")
        for row in table.to_dict(orient="records"):
            print(f"{pad(row['name'], 30)} {pad(row[first], 30)} {pad(row[second], 18)} {row['unit']}")
            print(f"{'':30} {row['meaning']}")
    return 0


def resolved_rows(scenario) -> list[dict]:
    """Every parameter of a resolved scenario: value, default, and where the value came from."""
    from sim.parameters import REGISTRY

    values = scenario.parameters.model_dump()
    origins = scenario_origins(scenario)
    rows = []
    for name, spec in REGISTRY.items():
        value = values[name]
        rows.append({
            "name": name, "value": value, "default": spec.default, "changed": value != spec.default,
            "origin": "--set" if name in scenario.overrides else origins.get(name, "registry default"),
            "unit": spec.unit, "label_zh": spec.label_zh, "label_en": spec.label_en,
        })
    return rows


def scenario_origins(scenario) -> dict[str, str]:
    """Which file of the extends chain sets each parameter (the last one wins), as the scenario loader found it."""
    return {name: Path(path).name for name, path in scenario.origins.items()}


def toml_value(value) -> str:
    """A TOML value that ``tomllib`` reads back as ``value`` (strings escaped as TOML requires)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return toml_string(str(value))


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character (DEL too) escaped."""
    escaped = []
    for character in text:
        code = ord(character)
        if character in '"\\':
            escaped.append("\\" + character)
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            escaped.append(f"\\u{code:04X}" if not 0xD800 <= code <= 0xDFFF else "\\uFFFD")
        else:
            escaped.append(character)
    return '"' + "".join(escaped) + '"'


def toml_comment(text: str) -> str:
    """Text safe on one comment line: line breaks and other unprintable characters shown escaped."""
    return "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else c.encode("unicode_escape", "replace").decode("ascii")
                   for c in text)


def command_show(args: argparse.Namespace) -> int:
    from sim.interfaces.text import pad
    from sim.scenarios import load_scenario, parse_assignments

    scenario = load_scenario(args.scenario, parse_assignments(args.assignments))
    rows = [r for r in resolved_rows(scenario) if r["changed"] or not args.changed]
    modified = f", modified with --set ({', '.join(scenario.overrides)})" if scenario.overrides else ""
    if args.format == "json":
        text = json.dumps({
            "scenario": scenario.name, "file": str(scenario.path), "chain": [str(p) for p in scenario.chain],
            "title_zh": scenario.meta.title_zh, "title_en": scenario.meta.title_en, "overrides": scenario.overrides,
            "parameters": {r["name"]: r["value"] for r in rows},
        }, ensure_ascii=False, indent=2, default=str)
    elif args.format == "toml":
        lines = [
            toml_comment(f"# {scenario.name}, fully resolved by `cogov show` from "
                         f"{', '.join(Path(p).name for p in scenario.chain)}{modified}"),
            "[scenario]",
            f"title_zh = {toml_value(scenario.meta.title_zh)}",
            f"title_en = {toml_value(scenario.meta.title_en + (' (modified)' if scenario.overrides else ''))}",
        ]
        for key in ("hypotheses", "sources"):
            items = getattr(scenario.meta, key)
            if items:
                lines.append(f"{key} = [{', '.join(toml_value(i) for i in items)}]")
        lines += ["", "[parameters]"] + [f"{r['name']} = {toml_value(r['value'])}" for r in rows]
        text = "\n".join(lines)
    else:
        head = f"{scenario.meta.title_en} ({scenario.meta.title_zh}){modified}: {scenario.path}"
        body = [
            f"{'*' if r['changed'] else ' '} {pad(r['name'], 36)} {pad(str(r['value']), 12)} {pad(r['unit'], 14)} "
            f"{pad(r['label_zh'], 18)} {r['origin']}"
            for r in rows
        ]
        text = "\n".join([head, "(* differs from the registry default; the last column says where the value comes from)", *body])
    if args.out:
        from sim.files import check_output_file, output_errors, write_text

        check_output_file(args.out, "show: --out")
        with output_errors(args.out, "show: --out"):
            args.out.parent.mkdir(parents=True, exist_ok=True)
            write_text(args.out, text + "\n")
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0


def command_export(args: argparse.Namespace) -> int:
    from sim.experiments.export import export_folder

    files = export_folder(args.directory, args.format, args.out, args.outcome)
    print(f"wrote {', '.join(str(f) for f in files)}")
    return 0
