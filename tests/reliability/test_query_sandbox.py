"""``cogov query`` reads its results folder and nothing else, and writes nothing."""

from __future__ import annotations

import pytest


@pytest.fixture
def results(finished_sweep):
    return finished_sweep


ESCAPES = {
    "read_text of a system file": "SELECT * FROM read_text('/etc/passwd')",
    "read_csv_auto of a system file": "SELECT * FROM read_csv_auto('/etc/passwd')",
    "read_parquet outside the folder": "SELECT * FROM read_parquet('{outside}/x.parquet')",
    "a path climbing out of the folder": "SELECT * FROM read_text('{results}/../../../../etc/passwd')",
    "COPY TO another folder": "COPY (SELECT 1) TO '{outside}/x.csv'",
    "COPY TO inside the folder": "COPY (SELECT * FROM runs) TO '{results}/copy.csv'",
    "ATTACH a database": "ATTACH '{outside}/x.db' AS other",
    "INSTALL an extension": "INSTALL httpfs",
    "LOAD an extension": "LOAD httpfs",
    "CREATE TABLE": "CREATE TABLE t AS SELECT 1",
    "EXPORT DATABASE": "EXPORT DATABASE '{outside}/export'",
    "SET enable_external_access": "SET enable_external_access = true",
    "a write hidden after a read": "SELECT 1; COPY (SELECT 1) TO '{outside}/y.csv'",
}


@pytest.mark.parametrize("attempt", list(ESCAPES))
def test_query_refuses_to_reach_outside_or_write(attempt, results, tmp_path, cogov):
    (tmp_path / "outside").mkdir()
    before = sorted(p.relative_to(results) for p in results.rglob("*"))
    sql = ESCAPES[attempt].format(outside=tmp_path / "outside", results=results)
    code, out, err = cogov("query", results, sql)
    assert code == 2, (out, err)
    assert "root:" not in out + err  # nothing of /etc/passwd is shown
    assert "outside the results folder" in err or "only reading statements are allowed" in err
    assert list((tmp_path / "outside").iterdir()) == []
    assert sorted(p.relative_to(results) for p in results.rglob("*")) == before


def test_query_still_reads_the_views_and_the_folder_itself(results, cogov):
    code, out, _ = cogov("query", results, "SELECT count(*) AS n FROM runs")
    assert code == 0 and out.split() == ["n", "8"]
    code, out, _ = cogov("query", results, f"SELECT count(*) AS n FROM read_parquet('{results}/runs/*.parquet')")
    assert code == 0 and out.split() == ["n", "8"]


def test_undefined_rates_are_null_so_sql_averages_work(results, cogov):
    """A value that is not defined (a rate with nothing to divide by, the week's counts at week 0) is NULL, not NaN,
    in the Parquet parts."""
    code, out, _ = cogov("query", results, "SELECT count(*) FILTER (WHERE isnan(problems_resolved_step)) AS nan_values, "
                         "count(*) FILTER (WHERE problems_resolved_step IS NULL) AS nulls FROM timeseries")
    assert code == 0
    nan_values, nulls = (int(v) for v in out.split()[2:])
    assert nan_values == 0 and nulls > 0  # step 0 has no week of the experiment yet
    code, out, _ = cogov("query", results, "SELECT isnan(avg(problems_resolved_step)) AS undefined FROM timeseries")
    assert code == 0 and out.split() == ["undefined", "False"]
