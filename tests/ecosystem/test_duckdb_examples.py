"""The README's plain-DuckDB example runs as written on a small sweep, with the DuckDB installed
(the suite's, and the lowest of the range under scripts/test_duckdb_range.sh)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_duckdb_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Plain DuckDB", 1)[1].split("\n### ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return block


def test_readme_duckdb_example_runs_and_gives_cogovs_numbers(tmp_path, monkeypatch):
    import duckdb

    from sim.experiments import load_results
    from sim.interfaces.cli import main

    monkeypatch.chdir(tmp_path)
    code = main(["sweep", "baseline", "--vary", "empowerment=0,1", "--replicates", "2", "--set", "width=10",
                 "--set", "height=10", "--steps", "4", "--workers", "1", "--out", "results/sweep", "--quiet"])
    assert code == 0
    namespace: dict = {}
    exec(compile(readme_duckdb_example(), "README.md (Plain DuckDB)", "exec"), namespace)  # noqa: S102 - the README's own code
    results = load_results("results/sweep")
    expected = results.runs.groupby("empowerment")["resolution_rate"].mean()
    assert [level for level, _ in namespace["by_level"]] == list(expected.index)
    assert [mean for _, mean in namespace["by_level"]] == pytest.approx(list(expected), rel=1e-12)
    assert namespace["weeks"] == 5 and namespace["unmeasured"] == 4  # the single-week counts of week 0 are NULL, not 0
    assert len(namespace["finished"]) == len(results.runs) == 4
    assert json.loads((tmp_path / "results/sweep/manifest.json").read_text(encoding="utf-8"))["versions"]["duckdb"] == duckdb.__version__
