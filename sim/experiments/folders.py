"""Every kind of results folder, read the same way by ``query``, ``verify``, ``export`` and ``report``.

A results folder is what one command writes into its ``--out``: ``cogov run`` (``timeseries.parquet``),
``cogov calibrate`` (``abc.db``, ``posterior.parquet``, ``populations.parquet``, ``ppc.parquet``), and the
results stores of ``compare``, ``sweep``, ``sensitivity`` and ``hypotheses`` (Parquet parts; see
:mod:`sim.experiments.store`). Beside a store, and in the other folders, a command writes its own
tables (``summary.parquet``, ``verdicts.parquet``, ``sensitivity.parquet`` ...), each with a
``.sha256`` checksum like a store's parts.

:func:`check_folder` decides whether a folder is sound; :func:`read_table` reads one of its
tables, checked first, so that a damaged file is an exit 2 naming the file, never a pyarrow
traceback.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import UserInputError
from sim.experiments import integrity

RUN_FORMAT = "cogov-run/1"
CALIBRATION_FORMAT = "cogov-calibration/1"
#: The tables ``cogov query`` shows for folders that hold no results store, by kind.
QUERY_TABLES = {"run": ("timeseries",), "calibration": ("posterior", "populations", "ppc")}


@dataclass
class FolderReport:
    """What ``cogov verify`` found in a folder: the store's report, and the folder's own tables."""

    directory: Path
    kind: str
    manifest: dict[str, Any]
    store: integrity.IntegrityReport | None = None
    tables: list[Path] = field(default_factory=list)  # own tables checked
    damaged: dict[Path, str] = field(default_factory=dict)  # own tables (and databases) damaged
    unchecked: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.damaged and (self.store is None or self.store.ok)


def table_problem(path: Path, checksum_required: bool) -> str | None:
    """Why one of a folder's own Parquet tables cannot be trusted (None when intact)."""
    if path.is_symlink() or not path.is_file():
        return "is a symbolic link or not a regular file"
    if integrity.sidecar(path).exists() or checksum_required:
        return integrity.part_problem(path, checksum_required=True)
    return integrity._unreadable(path)


def own_tables(directory: Path) -> list[Path]:
    """The Parquet tables a command wrote beside its store (or alone), found by their checksums and names."""
    found = {p.with_name(p.name.removesuffix(integrity.SUFFIX)) for p in directory.glob("*.parquet" + integrity.SUFFIX)}
    found |= {p for p in directory.glob("*.parquet") if not p.name.startswith(".")}
    return sorted(found)


def check_folder(directory: str | Path) -> FolderReport:
    """Check a results folder of any kind: its manifest, its store (if it has one) and its own tables."""
    from sim.experiments.manifest import STORE_KINDS, load_manifest

    directory = Path(directory)
    kind, manifest = load_manifest(directory)
    report = FolderReport(directory, kind, manifest)
    required = manifest.get("format") in (RUN_FORMAT, CALIBRATION_FORMAT) or (
        kind in STORE_KINDS and manifest.get("format") == _store_format())
    if kind in STORE_KINDS:
        from sim.experiments.store import ResultStore

        store = ResultStore(directory)
        store.read_manifest()
        report.store = store.verify()
    if kind == "run" and not (directory / "timeseries.parquet").exists():
        report.damaged[directory / "timeseries.parquet"] = "is missing: the run did not finish; rerun its `cogov run` command"
    for table in own_tables(directory):
        report.tables.append(table)
        problem = table_problem(table, required)
        if problem:
            report.damaged[table] = problem
        elif not integrity.sidecar(table).exists():
            report.unchecked.append(table)
    if kind == "run" and not report.damaged:
        problem = _run_series_problem(directory / "timeseries.parquet", manifest["steps"])
        if problem:
            report.damaged[directory / "timeseries.parquet"] = problem
    if kind == "calibration":
        report.damaged.update(_calibration_problems(directory, manifest))
    return report


def _store_format() -> str:
    from sim.experiments.store import FORMAT

    return FORMAT


def _run_series_problem(path: Path, steps: int) -> str | None:
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=["step"])
    weeks = table.column("step").to_pylist()
    if sorted(weeks) != list(range(steps + 1)):
        return f"holds weeks {_span(weeks)}, not each of weeks 0 to {steps} once"
    return None


def _span(weeks: list) -> str:
    return f"{min(weeks)} to {max(weeks)} ({len(weeks)} rows)" if weeks else "none"


def _calibration_problems(directory: Path, manifest: dict[str, Any]) -> dict[Path, str]:
    """abc.db must be a sound SQLite database; a finished calibration's posterior a valid ensemble."""
    problems: dict[Path, str] = {}
    database = directory / "abc.db"
    problem = database_problem(database)
    if problem:
        problems[database] = problem
    posterior = directory / "posterior.parquet"
    if manifest.get("status") == "complete" and not posterior.exists():
        problems[posterior] = "is missing although the manifest says the calibration is complete"
    elif posterior.exists() and posterior not in problems:
        from sim.analysis.posterior import check_posterior_table

        prior = directory / "prior.json"
        try:
            fitted = frozenset(json.loads(prior.read_text(encoding="utf-8"))) if prior.is_file() else frozenset()
        except (OSError, ValueError, TypeError):
            fitted = frozenset()  # an unreadable prior leaves only registry parameters acceptable
        try:
            check_posterior_table(read_table(posterior), posterior, fitted)
        except UserInputError as exc:
            problems[posterior] = str(exc).split(": ", 1)[-1]
    return problems


def database_problem(path: Path) -> str | None:
    """Why pyabc's SQLite database cannot be used (None when it passes SQLite's own quick check)."""
    if not path.exists():
        return "is missing; the calibration's history is in it (rerun `cogov calibrate` into a new --out folder)"
    if path.is_symlink() or not path.is_file():
        return "is a symbolic link or not a regular file"
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\0":
            return "is not an SQLite database (its first bytes are wrong)"
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"cannot be opened as an SQLite database ({exc})"
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        return f"is a damaged SQLite database ({exc})"
    finally:
        connection.close()
    if rows != [("ok",)]:
        return f"fails SQLite's integrity check ({'; '.join(str(r[0]) for r in rows[:3])})"
    if not {"populations", "abc_smc"} <= tables:
        return "is an SQLite database without pyabc's tables (populations, abc_smc)"
    return None


def read_table(path: Path, columns: list[str] | None = None):
    """A results folder's own Parquet table as a DataFrame, checked first (exit 2 naming a damaged file)."""
    problem = table_problem(path, checksum_required=False)
    if problem:
        raise integrity.DamagedResultsError(
            f"{path}: {problem}. It is one of the results folder's own tables; rerun the command that wrote the "
            "folder (into the same --out) to write it again."
        )
    import pyarrow.parquet as pq

    return pq.read_table(path, columns=columns).to_pandas()


def damaged_folder_error(report: FolderReport) -> UserInputError:
    """The message of ``cogov verify`` (and of any reader) for a folder whose own tables are damaged."""
    listed = [f"{_relative(p, report.directory)}: {problem}" for p, problem in sorted(report.damaged.items())]
    return integrity.DamagedResultsError(
        f"{report.directory}: {len(listed)} file(s) of this `{report.kind}` folder are damaged, so they were not read. "
        "Moving them aside does not help here: rerun the command that wrote the folder into the same --out (for a "
        "calibration, `cogov calibrate` resumes from abc.db while it is sound; with a damaged abc.db, move the folder "
        "aside and calibrate into a new --out):", listed[:10])


def _relative(path: Path, directory: Path) -> Path:
    try:
        return path.relative_to(directory)
    except ValueError:
        return path
