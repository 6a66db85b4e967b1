"""`cogov compare` runs on the experiment machinery: stored, resumable, queryable."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.analysis.compare import compare_scenarios
from sim.errors import UserInputError
from sim.experiments import query
from sim.scenarios import load_scenario

TINY = {"width": 10, "height": 10}


def test_compare_stores_runs_resumes_and_refuses_another_comparison(tmp_path):
    scenarios = [load_scenario(name, TINY) for name in ("baseline", "pooling")]
    series, summary = compare_scenarios(scenarios, 3, 6, 2, tmp_path, workers=1, progress=False)
    # what differs between the scenarios, and what the overrides changed, travels with the data
    assert list(series.columns[:7]) == ["scenario", "replicate", "seed", "pooling", "width", "height", "step"]
    assert len(series) == 2 * 3 * 7
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["command"] == "compare"
    assert [s["name"] for s in manifest["scenarios"]] == ["baseline", "pooling"]
    table = query(tmp_path, "SELECT scenario, count(*) AS n, count(DISTINCT seed) AS seeds FROM runs GROUP BY 1 ORDER BY 1")
    assert table.to_dict("list") == {"scenario": ["baseline", "pooling"], "n": [3, 3], "seeds": [3, 3]}
    modified = (tmp_path / "runs").stat().st_mtime_ns, sorted(p.name for p in (tmp_path / "runs").iterdir())
    again, summary_again = compare_scenarios(scenarios, 3, 6, 2, tmp_path, workers=2, progress=False)
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == modified[1]  # nothing was run again
    pd.testing.assert_frame_equal(series, again)
    pd.testing.assert_frame_equal(summary, summary_again)
    with pytest.raises(UserInputError, match="replicates: 3 there, 4 now"):
        compare_scenarios(scenarios, 4, 6, 2, tmp_path, workers=1, progress=False)
