"""A query that only reads, whatever the statement's form: a walk over statement forms that write,
run against a results folder, checking that each is refused and that no file in or out of the
folder changes (the folder, a folder outside it, the working folder and the home folder)."""

from __future__ import annotations

import pytest
from reliability_helpers import snapshot

COPY = "COPY (SELECT 'gone' AS x) TO '{target}' (FORMAT csv)"
WRITES = {
    "EXPLAIN ANALYZE COPY over the manifest": "EXPLAIN ANALYZE " + COPY.format(target="{results}/manifest.json"),
    "EXPLAIN ANALYZE COPY over a part": "EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{part}' (FORMAT parquet)",
    "EXPLAIN ANALYZE COPY over a checksum": "EXPLAIN ANALYZE " + COPY.format(target="{part}.sha256"),
    "explain analyse, lower case and British": "explain analyse " + COPY.format(target="{results}/manifest.json"),
    "EXPLAIN ANALYZE behind comments": "/* a */ EXPLAIN -- b\n /* c */ ANALYZE " + COPY.format(target="{results}/x.csv"),
    "EXPLAIN (ANALYZE) COPY": "EXPLAIN (ANALYZE) " + COPY.format(target="{results}/x.csv"),
    "EXPLAIN (FORMAT json, ANALYZE true) COPY": "EXPLAIN (FORMAT json, ANALYZE true) " + COPY.format(target="{results}/x.csv"),
    "EXPLAIN ANALYZE of a plain SELECT": "EXPLAIN ANALYZE SELECT count(*) FROM runs",
    "EXPLAIN of a COPY": "EXPLAIN " + COPY.format(target="{results}/x.csv"),
    "EXPLAIN of EXPORT DATABASE": "EXPLAIN EXPORT DATABASE '{outside}/db'",
    "COPY over the manifest": COPY.format(target="{results}/manifest.json"),
    "COPY a view over a part": "COPY runs TO '{part}' (FORMAT parquet)",
    "COPY after a SELECT": "SELECT 1; " + COPY.format(target="{results}/x.csv"),
    "COPY before a SELECT": COPY.format(target="{results}/x.csv") + "; SELECT 1",
    "COPY between SELECTs": "SELECT 1; " + COPY.format(target="{outside}/x.csv") + "; SELECT 2",
    "COPY FROM into a table": "COPY runs FROM '{results}/dictionary.csv'",
    "COPY inside query()": "SELECT * FROM query('" + COPY.format(target="{results}/q.csv").replace("'", "''") + "')",
    "EXPORT DATABASE outside": "EXPORT DATABASE '{outside}/db'",
    "EXPORT DATABASE inside": "EXPORT DATABASE '{results}/db'",
    "CREATE SECRET": "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "CREATE PERSISTENT SECRET": "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "CREATE TABLE": "CREATE TABLE t AS SELECT 1",
    "CREATE OR REPLACE VIEW": "CREATE OR REPLACE VIEW runs AS SELECT 1",
    "CREATE MACRO": "CREATE MACRO m() AS 1",
    "INSERT": "INSERT INTO runs_all SELECT * FROM runs_all",
    "UPDATE": "UPDATE runs SET seed = 0",
    "DELETE": "DELETE FROM runs",
    "DROP VIEW": "DROP VIEW runs",
    "ALTER VIEW": "ALTER VIEW runs RENAME TO gone",
    "ATTACH a new database inside": "ATTACH '{results}/new.db' AS other",
    "ATTACH a database outside": "ATTACH '{outside}/new.db' AS other",
    "DETACH": "DETACH memory",
    "USE": "USE memory",
    "SET a setting": "SET enable_external_access = true",
    "RESET a setting": "RESET allowed_directories",
    "SET VARIABLE": "SET VARIABLE x = 1",
    "PRAGMA profiling output": "PRAGMA profiling_output = '{outside}/profile.txt'",
    "CALL a pragma": "CALL pragma_version()",
    "CHECKPOINT": "CHECKPOINT",
    "VACUUM": "VACUUM",
    "INSTALL": "INSTALL httpfs",
    "FORCE INSTALL": "FORCE INSTALL httpfs",
    "LOAD": "LOAD httpfs",
    "an extension loaded on demand": "SELECT * FROM sqlite_scan('{results}/x.db', 't')",
    "BEGIN a transaction": "BEGIN TRANSACTION",
    "COMMENT ON": "COMMENT ON VIEW runs IS 'x'",
    "PIVOT (several statements)": "PIVOT (SELECT 1 AS a) ON a",
    "read a system file": "SELECT * FROM read_text('/etc/hostname')",
    "read outside through a link in the folder": "SELECT * FROM read_text('{results}/outside-link')",
    "read a system file in SUMMARIZE": "SUMMARIZE SELECT * FROM read_csv('/etc/passwd')",
    "list a folder outside": "SELECT * FROM glob('{outside}/*')",
}


@pytest.fixture
def watched(sweep_copy, tmp_path, monkeypatch):
    """The results folder, a folder outside it, the working folder and a home folder, all watched."""
    outside, home, work = tmp_path / "outside", tmp_path / "home", tmp_path / "work"
    for folder in (outside, home, work):
        folder.mkdir()
    (outside / "secret.txt").write_text("outside the folder")
    (sweep_copy / "outside-link").symlink_to(outside / "secret.txt")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    return sweep_copy, outside, [sweep_copy, outside, home, work]


@pytest.mark.parametrize("form", list(WRITES))
def test_no_statement_form_writes_or_reads_outside(form, watched, cogov):
    results, outside, folders = watched
    part = sorted((results / "runs").glob("part-*.parquet"))[0]
    sql = WRITES[form].format(results=results, outside=outside, part=part)
    before = snapshot(*folders)
    code, out, err = cogov("query", results, sql)
    assert code == 2, (out, err)
    assert "Traceback" not in err and "internal error" not in err
    assert "outside the folder" not in out  # the secret beside the folder is never shown
    assert snapshot(*folders) == before


READS = {
    "EXPLAIN": "EXPLAIN SELECT count(*) FROM runs",
    "EXPLAIN with options": "EXPLAIN (FORMAT json) SELECT count(*) FROM runs",
    "EXPLAIN behind a comment": "/* analyze */ EXPLAIN SELECT 1",
    "DESCRIBE": "DESCRIBE runs",
    "SUMMARIZE": "SUMMARIZE SELECT resolution_rate FROM runs",
    "SHOW TABLES": "SHOW TABLES",
    "FROM first": "FROM runs SELECT count(*)",
    "VALUES": "VALUES (1), (2)",
    "WITH": "WITH r AS (SELECT * FROM runs) SELECT count(*) FROM r",
    "a string that mentions COPY": "SELECT 'COPY (SELECT 1) TO x' AS text",
    "two reads": "SELECT 1; SELECT count(*) FROM runs",
}


@pytest.mark.parametrize("form", list(READS))
def test_reading_forms_still_work_and_change_nothing(form, watched, cogov):
    results, _, folders = watched
    before = snapshot(*folders)
    code, out, err = cogov("query", results, READS[form])
    assert code == 0, err
    assert snapshot(*folders) == before
