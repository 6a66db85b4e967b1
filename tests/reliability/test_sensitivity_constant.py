"""A sensitivity analysis of an outcome that never varies says its indices are undefined, and no
SALib warning reaches the user."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.experiments.sensitivity import UNDEFINED


@pytest.mark.slow
def test_a_constant_outcome_has_undefined_indices_and_no_warning_leaks(tmp_path, cogov):
    out = tmp_path / "sobol"
    code, stdout, err = cogov(
        "sensitivity", "baseline", "--method", "sobol", "--vary", "problem_rate_per_household_week=0.01:0.05",
        "--vary", "shock_duration_weeks=1:30", "--outcome", "owners_committees", "--outcome", "problems_arisen",
        "--samples", "8", "--set", "width=10", "--set", "height=10", "--set", "shock_week=0", "--steps", "4",
        "--workers", "1", "--out", out,
    )
    assert code == 0, err
    table = pd.read_csv(out / "sensitivity.csv")
    constant = table[table["outcome"] == "owners_committees"]
    varying = table[table["outcome"] == "problems_arisen"]
    assert (constant["note"] == UNDEFINED).all() and constant[["S1", "ST"]].isna().all().all()
    assert varying["note"].isna().all() and (varying["ST"].notna()).all()
    assert UNDEFINED in stdout
    assert "Warning" not in err and "warn" not in err.lower()
