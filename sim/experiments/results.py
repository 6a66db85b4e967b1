"""Reading a results folder: DuckDB views for SQL, pandas DataFrames for Python.

Views (in :func:`connect`, used by ``cogov query DIR "SQL"``):

* ``runs``: one row per run: ``run_key``, ``point``, ``replicate``, ``seed``, ``steps``,
  ``status`` (ok / failed), ``error`` (the traceback of a failed run), ``attempts``,
  ``duration_seconds``, ``worker``, ``finished_at``, label columns (``scenario`` for
  comparisons), every parameter, and every outcome at the final step (null when failed);
* ``timeseries``: one row per run and step (0 = initial state): the run's keys and labels,
  the varied parameters, ``step`` and every outcome;
* ``status``: the run-bookkeeping columns of ``runs`` only.

A ``cogov run`` folder gives ``timeseries`` (its weeks), ``runs`` (its final week) and ``status``;
a calibration gives ``posterior``, ``populations`` and ``ppc`` (see :func:`connect`).

Only committed parts are read, each checked against its checksum; journals of dead writers are
recovered first when the folder is writable, so the results of an interrupted sweep show up
without rerunning it.

The connection is a sandbox: once the views exist, DuckDB may touch only files inside the results
folder (``allowed_directories``, ``enable_external_access = false``, ``lock_configuration = true``:
no ``read_text('/etc/passwd')``, no ``COPY ... TO`` elsewhere, no ``ATTACH``, no extensions), and
:func:`query` runs only reading statements (SELECT, WITH, DESCRIBE, SUMMARIZE, SHOW, and EXPLAIN
of one of these; never EXPLAIN ANALYZE, which runs its statement), as DuckDB's own parser classifies
them, so it writes nothing, not even inside the folder. Extensions are neither installed nor loaded
on demand, and nothing spills to a temporary folder.
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


def connect(directory: str | Path):
    """A sandboxed in-memory DuckDB connection with the folder's views (see the module docstring).

    A results store (compare, sweep, sensitivity, hypotheses) gives ``runs``, ``timeseries`` and
    ``status``; a ``cogov run`` folder gives ``timeseries`` (its weeks), ``runs`` (its final week)
    and ``status``; a calibration gives ``posterior``, ``populations`` and, after the predictive
    checks, ``ppc``. The folder is checked first; a damaged one is refused.
    """
    import duckdb

    from sim.experiments.manifest import STORE_KINDS, load_manifest

    kind, manifest = load_manifest(directory)
    directory = Path(directory).resolve()
    connection = duckdb.connect()
    try:
        if kind in STORE_KINDS:
            _store_views(connection, directory)
        else:
            _folder_views(connection, directory, kind)
        _confine(connection, directory)
    except BaseException:
        connection.close()
        raise
    return connection


def _store_views(connection, directory: Path) -> None:
    store = open_store(directory)
    runs_files, series_files = store.committed_parts(verify=True)
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


def _folder_views(connection, directory: Path, kind: str) -> None:
    """Views over the tables of a folder without a store (a single run, a calibration), checked first."""
    from sim.experiments.folders import QUERY_TABLES, check_folder, damaged_folder_error

    report = check_folder(directory)
    if not report.ok:
        raise damaged_folder_error(report)
    for name in QUERY_TABLES[kind]:
        path = directory / f"{name}.parquet"
        if path.is_file():
            _table(connection, name, [path], None)
    if kind == "run":
        connection.execute("CREATE VIEW runs AS SELECT * FROM timeseries WHERE step = (SELECT max(step) FROM timeseries)")
        connection.execute("CREATE VIEW status AS SELECT scenario, seed, step AS steps, 'ok' AS status FROM runs")


VIEW_ORDER = ("runs", "timeseries", "status", "posterior", "populations", "ppc")


def views(connection) -> list[str]:
    """The names of the views a connection from :func:`connect` offers (in the order the docs give them)."""
    names = [row[0] for row in connection.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
             if not row[0].endswith("_all")]
    return sorted(names, key=lambda n: VIEW_ORDER.index(n) if n in VIEW_ORDER else len(VIEW_ORDER))


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _confine(connection, directory: Path) -> None:
    """Let the connection read files inside ``directory`` only, for good (see the module docstring).

    Extensions are neither installed nor loaded on demand (a query naming ``sqlite_scan`` would
    otherwise try to fetch one into the home folder), and nothing spills to a temporary folder
    outside the results folder.
    """
    folder = str(directory).rstrip("/") + "/"
    connection.execute("SET autoinstall_known_extensions = false")
    connection.execute("SET autoload_known_extensions = false")
    connection.execute("SET temp_directory = ''")
    connection.execute("SET allowed_directories = [$1]", [folder])
    connection.execute("SET enable_external_access = false")
    connection.execute("SET lock_configuration = true")


READING_HELP = "(SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW, and EXPLAIN of one of these)"


def check_reading_only(sql: str) -> None:
    """Refuse SQL that would do more than read: COPY, ATTACH, INSTALL/LOAD, CREATE, SET, EXPORT, PRAGMA, CALL ...

    The statement types come from DuckDB's own parser (``extract_statements``). ``EXPLAIN ANALYZE``
    runs its statement, so it is refused; a plain ``EXPLAIN`` is allowed only when the statement it
    explains is itself a reading one (found with DuckDB's tokenizer, so comments and options in
    any spelling are skipped).
    """
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise UserInputError(f"query: DuckDB could not parse this SQL: {_one_line(exc)}.") from None
    if not statements:
        raise UserInputError("query: the SQL is empty; give a SELECT statement, for example \"SELECT count(*) FROM runs\".")
    refused = sorted({problem for s in statements if (problem := _writing_part(s, depth=0))})
    if refused:
        raise UserInputError(
            f"query: only reading statements are allowed {READING_HELP}; this SQL has {', '.join(refused)}. "
            "`cogov query` reads the results folder and writes nothing; to save a result, use --csv FILE."
        )


def _writing_part(statement, depth: int) -> str | None:
    """What in one parsed statement is not a read (None when it only reads)."""
    import duckdb

    kind = statement.type.name
    if kind == "SELECT":
        return None
    if kind != "EXPLAIN":
        return kind
    if depth > 4:
        return "EXPLAIN nested too deeply"
    text = statement.query
    data = text.encode("utf-8")  # the tokenizer's positions count bytes
    every = duckdb.tokenize(text)
    ends = [position for position, _ in every[1:]] + [len(data)]
    tokens = [(start, data[start:end].decode("utf-8", "replace").strip(), kind)
              for (start, kind), end in zip(every, ends, strict=True) if kind != duckdb.token_type.comment]
    index = 1  # tokens[0] is EXPLAIN
    if index < len(tokens) and tokens[index][1].upper().startswith("ANALY"):
        return "EXPLAIN ANALYZE (it runs the statement)"
    if index < len(tokens) and tokens[index][1] == "(":  # EXPLAIN (FORMAT json, ANALYZE) ...
        level = 0
        while index < len(tokens):
            _, word, kind = tokens[index]
            if kind != duckdb.token_type.string_const and word.upper().startswith("ANALY"):
                return "EXPLAIN ANALYZE (it runs the statement)"
            if kind == duckdb.token_type.operator:
                level += word.count("(") - word.count(")")
            index += 1
            if level <= 0:
                break
    if index >= len(tokens):
        return "EXPLAIN without a statement"
    inner_text = data[tokens[index][0]:].decode("utf-8")
    try:
        inner = duckdb.extract_statements(inner_text)
    except duckdb.Error:
        return "EXPLAIN of a statement that cannot be parsed"
    if len(inner) != 1:
        return "EXPLAIN of several statements"
    problem = _writing_part(inner[0], depth + 1)
    return f"EXPLAIN {problem}" if problem else None


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
    shown = views(connection)
    names = _listing(shown)
    try:
        relation = connection.sql(sql)
        return relation.to_arrow_table() if relation is not None else None
    except duckdb.PermissionException as exc:
        raise UserInputError(
            f"query: this SQL reaches outside the results folder {Path(directory).resolve()}, which `cogov query` does "
            f"not allow ({_one_line(exc)}). Query the views {names}."
        ) from None
    except duckdb.Error as exc:
        message = _one_line(exc)
        raise UserInputError(
            f"query: DuckDB could not run this SQL: {message}. The views are {names}; "
            f"`cogov query DIR \"DESCRIBE {shown[0]}\"` lists the columns."
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
