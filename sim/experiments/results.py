"""Reading a results folder: DuckDB views for SQL, pandas DataFrames for Python.

Views (in :func:`connect`, used by ``cogov query DIR "SQL"``):

* ``runs``: one row per run: ``run_key``, ``point``, ``replicate``, ``seed``, ``steps``,
  ``status`` (ok / failed), ``error`` (the traceback of a failed run), ``attempts``,
  ``duration_seconds``, ``worker``, ``finished_at``, label columns (``scenario`` for
  comparisons), every parameter, and every outcome at the final step (null when failed);
* ``timeseries``: one row per run and step (0 = initial state): the run's keys and labels,
  the varied parameters, ``step`` and every outcome;
* ``status``: the run-bookkeeping columns of ``runs`` only.

Only committed parts are read, each checked against its checksum; journals of dead writers are
recovered first when the folder is writable, so the results of an interrupted sweep show up
without rerunning it.

The connection is a sandbox: once the views exist, DuckDB may touch only files inside the results
folder (``allowed_directories``, ``enable_external_access = false``, ``lock_configuration = true``:
no ``read_text('/etc/passwd')``, no ``COPY ... TO`` elsewhere, no ``ATTACH``, no extensions), and
:func:`query` runs only reading statements (SELECT, WITH, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN),
so it writes nothing, not even inside the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import UserInputError
from sim.experiments.store import RUN_COLUMNS, ResultStore

STATUS_COLUMNS = [name for name, _ in RUN_COLUMNS]


@dataclass
class Results:
    """A results folder as pandas DataFrames (sorted by point, replicate and step)."""

    runs: pd.DataFrame
    timeseries: pd.DataFrame | None
    status: pd.DataFrame
    manifest: dict[str, Any]

    @property
    def failed(self) -> pd.DataFrame:
        return self.status[self.status["status"] == "failed"]


def open_store(directory: str | Path) -> ResultStore:
    """The store of a results folder, with dead writers' journals recovered when possible."""
    store = ResultStore(directory)
    store.read_manifest()
    try:
        store.recover()
    except OSError:  # a read-only folder: read what is committed
        pass
    return store


#: Statement types that only read (DESCRIBE, SHOW and SUMMARIZE parse as SELECT).
READING_STATEMENTS = ("SELECT", "EXPLAIN")


def connect(directory: str | Path):
    """A sandboxed in-memory DuckDB connection with the views ``runs``, ``timeseries`` and ``status``."""
    import duckdb

    directory = Path(directory).resolve()
    store = open_store(directory)
    runs_files, series_files = store.committed_parts(verify=True)
    connection = duckdb.connect()
    labels = store.manifest.get("labels", [])
    _table(connection, "runs_all", runs_files, store.runs_schema)
    _table(connection, "timeseries_all", series_files, store.timeseries_schema)
    connection.execute(
        "CREATE VIEW runs AS SELECT * FROM runs_all QUALIFY row_number() OVER "
        "(PARTITION BY run_key ORDER BY (status = 'ok') DESC, finished_at DESC) = 1"
    )
    connection.execute("CREATE VIEW timeseries AS SELECT * FROM timeseries_all")
    columns = ", ".join(_quote(c) for c in [*STATUS_COLUMNS, *labels])
    connection.execute(f"CREATE VIEW status AS SELECT {columns} FROM runs")
    _confine(connection, directory)
    return connection


def _confine(connection, directory: Path) -> None:
    """Let the connection read files inside ``directory`` only, for good (see the module docstring)."""
    folder = str(directory).rstrip("/") + "/"
    connection.execute("SET allowed_directories = [$1]", [folder])
    connection.execute("SET enable_external_access = false")
    connection.execute("SET lock_configuration = true")


def check_reading_only(sql: str) -> None:
    """Refuse SQL that would do more than read: COPY, ATTACH, INSTALL/LOAD, CREATE, SET, EXPORT ..."""
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise UserInputError(f"query: DuckDB could not parse this SQL: {_one_line(exc)}.") from None
    if not statements:
        raise UserInputError("query: the SQL is empty; give a SELECT statement, for example \"SELECT count(*) FROM runs\".")
    refused = sorted({s.type.name for s in statements if s.type.name not in READING_STATEMENTS})
    if refused:
        raise UserInputError(
            f"query: only reading statements are allowed (SELECT, WITH, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN); this SQL "
            f"has {', '.join(refused)}. `cogov query` reads the results folder and writes nothing; to save a result, "
            "use --csv FILE."
        )


def _one_line(exc: Exception) -> str:
    return str(exc).strip().replace("\n", " ")


def _table(connection, name: str, files: list[Path], schema) -> None:
    if files:
        listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listing}], union_by_name = true)")
    else:
        connection.register(name, schema.empty_table())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def query(directory: str | Path, sql: str) -> pd.DataFrame:
    """Run SQL over a results folder's views; bad SQL is a :class:`UserInputError`.

    SQL NULL (a quantity not measured, such as a week's participation at week 0) becomes NaN in
    pandas, as everywhere in pandas; :func:`query_table` keeps NULL apart from a computed NaN."""
    table = query_table(directory, sql)
    return table.to_pandas() if table is not None else pd.DataFrame()


def query_table(directory: str | Path, sql: str):
    """Run SQL over a results folder's views and return the result as a pyarrow Table (NULLs kept), or None."""
    import duckdb

    check_reading_only(sql)
    connection = connect(directory)
    try:
        relation = connection.sql(sql)
        return relation.to_arrow_table() if relation is not None else None
    except duckdb.PermissionException as exc:
        raise UserInputError(
            f"query: this SQL reaches outside the results folder {Path(directory).resolve()}, which `cogov query` does "
            f"not allow ({_one_line(exc)}). Query the views runs, timeseries and status."
        ) from None
    except duckdb.Error as exc:
        message = _one_line(exc)
        raise UserInputError(
            f"query: DuckDB could not run this SQL: {message}. The views are runs, timeseries and status; "
            "`cogov query DIR \"DESCRIBE runs\"` lists the columns."
        ) from None
    finally:
        connection.close()


def load_results(directory: str | Path, timeseries: bool = True) -> Results:
    """Load a results folder into pandas: ``runs``, ``timeseries`` (unless False), ``status``."""
    connection = connect(directory)
    try:
        manifest = ResultStore(directory).read_manifest()
        runs = connection.sql("SELECT * FROM runs ORDER BY point, replicate").to_arrow_table().to_pandas()
        status = connection.sql("SELECT * FROM status ORDER BY point, replicate").to_arrow_table().to_pandas()
        series = connection.sql("SELECT * FROM timeseries ORDER BY point, replicate, step").to_arrow_table().to_pandas() if timeseries else None
    finally:
        connection.close()
    return Results(runs=runs, timeseries=series, status=status, manifest=manifest)


def require_results_folder(directory: str | Path) -> Path:
    """Check early that a folder is a results folder (for the CLI)."""
    path = Path(directory)
    ResultStore(path).read_manifest()
    return path


__all__ = ["Results", "connect", "load_results", "query", "query_table", "UserInputError"]
