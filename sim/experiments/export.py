"""Exports of a results folder for analysts, R and NetLogo users: ``cogov export DIR --format ...``.

* ``long``: tidy data (Wickham, "Tidy Data", J. Stat. Softw. 2014): one row per run, week and
  outcome (``run_key, point, replicate, seed, [scenario], varied parameters..., step, outcome,
  value``), as CSV and Parquet; ready for ``ggplot2``, ``seaborn`` or ``duckdb``.
* ``wide``: one row per run and week with every outcome as a column (the stored time series,
  with the parameters that differ between runs or from the scenario as columns).
* ``behaviorspace``: the layout of NetLogo BehaviorSpace's *table* output: a few quoted header
  lines, then ``[run number]``, the varied parameters, ``[step]`` and the outcomes, one row per
  run and week, so scripts written for BehaviorSpace tables read it unchanged.

A results folder is any folder ``cogov`` wrote: a sweep, sensitivity analysis or comparison
(the results store), or a single ``cogov run`` (its ``timeseries.parquet``).
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import UserInputError
from sim.model.outcomes import OUTCOMES

if TYPE_CHECKING:  # `cogov export --help` reads FORMATS without pandas
    import pandas as pd

FORMATS = ("long", "wide", "behaviorspace")
KEY_COLUMNS = ("run_key", "point", "replicate", "seed", "scenario")


def folder_timeseries(directory: str | Path) -> tuple[pd.DataFrame, list[str], dict]:
    """The wide time series of a results folder, its varied parameters and its manifest (the folder checked first).

    A calibration holds no time series: its table is the posterior ensemble (one row per
    parameter set, with ``weight`` and ``distance``), exported with the ``particle`` as key.
    """
    from sim.experiments.folders import check_folder, damaged_folder_error, read_table
    from sim.experiments.manifest import STORE_KINDS, load_manifest
    from sim.parameters import REGISTRY

    directory = Path(directory)
    kind, manifest = load_manifest(directory)
    if kind not in STORE_KINDS:
        report = check_folder(directory)
        if not report.ok:
            raise damaged_folder_error(report)
    if kind == "run":
        frame = read_table(directory / "timeseries.parquet")
        return frame, [c for c in frame.columns if c in REGISTRY], manifest
    if kind == "calibration":
        path = directory / "posterior.parquet"
        if not path.is_file():
            raise UserInputError(f"export: {directory} holds no posterior yet (the calibration has not finished a "
                                 "population); rerun its `cogov calibrate` command to resume it.")
        frame = read_table(path)
        frame.insert(0, "particle", range(len(frame)))
        return frame, [c for c in frame.columns if c in REGISTRY], manifest
    from sim.experiments.results import load_results

    results = load_results(directory)
    frame = results.timeseries
    ok = set(results.runs.loc[results.runs["status"] == "ok", "run_key"])
    frame = frame[frame["run_key"].isin(ok)].reset_index(drop=True)
    return frame, [c for c in manifest.get("varied", []) if c in frame.columns], manifest


def posterior_long(frame: pd.DataFrame, parameters: list[str]) -> pd.DataFrame:
    """A posterior ensemble as tidy data: one row per parameter set and parameter, with its weight and distance."""
    keys = [c for c in ("particle", "weight", "distance") if c in frame.columns]
    long = frame.melt(id_vars=keys, value_vars=parameters, var_name="parameter", value_name="value")
    return long.sort_values(["particle", "parameter"], kind="stable").reset_index(drop=True)


def check_outcomes(outcomes: list[str] | None) -> list[str]:
    if not outcomes:
        return list(OUTCOMES)
    from difflib import get_close_matches

    for name in outcomes:
        if name not in OUTCOMES:
            close = get_close_matches(name, list(OUTCOMES), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise UserInputError(f"export: --outcome {name} is not an outcome of the model.{hint} `cogov outcomes` lists them.")
    return list(dict.fromkeys(outcomes))


def to_long(frame: pd.DataFrame, varied: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Tidy table: one row per run, step and outcome."""
    identifiers = [c for c in (*KEY_COLUMNS, *varied) if c in frame.columns] + ["step"]
    present = [o for o in outcomes if o in frame.columns]
    long = frame.melt(id_vars=identifiers, value_vars=present, var_name="outcome", value_name="value")
    order = {name: index for index, name in enumerate(present)}
    sort_keys = [c for c in ("point", "replicate", "seed") if c in long.columns] + ["step"]
    long["_order"] = long["outcome"].map(order)
    return long.sort_values([*sort_keys, "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def to_wide(frame: pd.DataFrame, varied: list[str], outcomes: list[str]) -> pd.DataFrame:
    identifiers = [c for c in (*KEY_COLUMNS, *varied) if c in frame.columns] + ["step"]
    return frame[identifiers + [o for o in outcomes if o in frame.columns]].reset_index(drop=True)


def to_behaviorspace(frame: pd.DataFrame, varied: list[str], outcomes: list[str]) -> pd.DataFrame:
    """BehaviorSpace table layout: [run number], parameters, [step], outcomes."""
    run_columns = [c for c in ("point", "replicate", "seed") if c in frame.columns]
    runs = frame[run_columns].drop_duplicates().reset_index(drop=True)
    runs["[run number]"] = range(1, len(runs) + 1)
    merged = frame.merge(runs, on=run_columns, how="left")
    columns = ["[run number]", *[c for c in ("scenario", *varied) if c in merged.columns], "seed"]
    table = merged[columns + ["step", *[o for o in outcomes if o in merged.columns]]].rename(columns={"step": "[step]"})
    return table.sort_values(["[run number]", "[step]"], kind="stable").reset_index(drop=True)


def export_target(directory: str | Path, fmt: str, out: str | Path | None) -> Path:
    """The export's path without suffix; every file it names is checked (never a result of a results folder).

    ``out`` may be a file path (with or without .csv/.parquet) or a folder (then FORMAT.* go in it);
    the default is DIR/export/FORMAT.
    """
    from sim.files import check_output_file

    if out is None:
        target = Path(directory) / "export" / fmt
    else:
        text = str(out)
        if not text.strip():
            raise UserInputError("export: --out is empty; give a file path without suffix (e.g. results/long) or a folder.")
        out = Path(out)
        folder = text.endswith("/") or out.name in ("", ".", "..") or out.is_dir()
        target = out / fmt if folder else (out.with_suffix("") if out.suffix in (".csv", ".parquet") else out)
    suffixes = (".csv",) if fmt == "behaviorspace" else (".parquet", ".csv")
    for suffix in suffixes:
        check_output_file(target.with_name(target.name + suffix), "export: --out")
    return target


def export_folder(directory: str | Path, fmt: str, out: str | Path | None = None,
                  outcomes: list[str] | None = None) -> list[Path]:
    """Write the export of ``directory`` in format ``fmt``; returns the files written.

    ``out`` is the file path without suffix (default ``DIR/export/FORMAT``).
    """
    from sim.experiments.runs import write_table
    from sim.files import output_errors, replacing

    if fmt not in FORMATS:
        raise UserInputError(f"export: --format {fmt} is not one of {', '.join(FORMATS)}.")
    outcomes = check_outcomes(outcomes)
    target = export_target(directory, fmt, out)
    frame, varied, manifest = folder_timeseries(directory)
    with output_errors(target.parent, "export: --out"):
        target.parent.mkdir(parents=True, exist_ok=True)
    if "particle" in frame.columns:  # a calibration's posterior ensemble
        if fmt == "behaviorspace":
            raise UserInputError(f"export: {directory} is a calibration: its posterior has no runs over weeks to lay out "
                                 "as a BehaviorSpace table; use --format long (one row per parameter set and parameter) or wide.")
        table = posterior_long(frame, varied) if fmt == "long" else frame
        return write_table(table, target, checksum=False)
    if fmt == "long":
        return write_table(to_long(frame, varied, outcomes), target, checksum=False)
    if fmt == "wide":
        return write_table(to_wide(frame, varied, outcomes), target, checksum=False)
    table = to_behaviorspace(frame, varied, outcomes)
    path = target.with_name(target.name + ".csv")
    with replacing(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["BehaviorSpace results (cogov export; table format)"])
        writer.writerow([str(Path(directory).resolve())])
        writer.writerow([manifest.get("command", manifest.get("kind", "")) + " " + str(manifest.get("scenario", ""))])
        writer.writerow([datetime.now(UTC).strftime("%m/%d/%Y %H:%M:%S:%f")[:-3] + " +0000"])
        writer.writerow(["min-pxcor", "max-pxcor", "min-pycor", "max-pycor"])
        base = manifest.get("parameters") or manifest.get("base_parameters") or {}
        writer.writerow([0, int(base.get("width", 40)) - 1, 0, int(base.get("height", 40)) - 1])
        writer.writerow(list(table.columns))
        writer.writerows(table.astype(object).where(table.notna(), "").itertuples(index=False, name=None))
    return [path]
