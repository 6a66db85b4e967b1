"""Sizes are checked before anything is built, and runs that cannot fit in memory are refused
with the estimate in the message."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest

from sim.experiments import memory
from sim.experiments.spec import sweep_from_arguments

HUGE_REQUESTS = {
    "a grid range of 10^9 values": ("sweep", "baseline", "--vary", "empowerment=0:1:1000000000"),
    "a grid of 10^12 combinations": ("sweep", "baseline", "--vary", "empowerment=0:1:1000000", "--vary", "pooling=0:1:1000000"),
    "a sample count of 10^11": ("sweep", "baseline", "--design", "lhs", "--samples", "100000000000", "--vary", "empowerment=0:1"),
    "10^6 points x 10^6 replicates": ("sweep", "baseline", "--vary", "empowerment=0:1:1000000", "--replicates", "1000000"),
    "sobol samples multiplying past the limit": ("sweep", "baseline", "--design", "sobol", "--samples", "4194304",
                                                 "--vary", "empowerment=0:1", "--vary", "pooling=0:1"),
}


@pytest.mark.parametrize("request_", list(HUGE_REQUESTS))
def test_huge_designs_are_refused_at_once(request_, cogov, tmp_path):
    tracemalloc.start()
    started = time.perf_counter()
    code, _, err = cogov(*HUGE_REQUESTS[request_], "--out", tmp_path / "out")
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == 2 and "10,000,000" in err, err
    assert seconds < 5 and peak < 50e6  # nothing was expanded
    assert not (tmp_path / "out").exists()


def test_a_run_that_cannot_fit_is_refused_with_its_estimate(cogov, monkeypatch):
    monkeypatch.setattr(memory, "available_memory_bytes", lambda: 8e9)
    code, _, err = cogov("run", "baseline", "--set", "width=300", "--set", "height=300", "--set",
                         "agent_data_interval_steps=1", "--steps", "5200")
    assert code == 2
    assert "85,500 households x 5,200 weeks" in err and "agent data recorded every 1 week(s)" in err
    assert "about 8.0 GB is available" in err and "agent_data_interval_steps" in err


def test_a_sweep_is_checked_at_its_largest_point_and_per_worker(cogov, monkeypatch, tmp_path):
    monkeypatch.setattr(memory, "available_memory_bytes", lambda: 8e9)
    code, _, err = cogov("sweep", "baseline", "--vary", "width=20,300", "--set", "height=300", "--set",
                         "agent_data_interval_steps=2", "--steps", "1000", "--workers", "4", "--out", tmp_path / "out")
    assert code == 2 and "x 4 runs at once" in err and "85,500 households" in err and "fewer --workers" in err
    code, _, err = cogov("sweep", "baseline", "--vary", "width=20,30", "--set", "height=20", "--steps", "2",
                         "--workers", "1", "--quiet", "--out", tmp_path / "small")
    assert code == 0, err


def test_the_estimate_bounds_what_a_run_really_uses():
    """The estimate is an upper bound of the memory a run allocates, and not absurdly above it."""
    from sim.model import CoGovernanceModel

    parameters = {"width": 40, "height": 40, "occupancy": 0.95, "agent_data_interval_steps": 1}
    steps = 12
    tracemalloc.start()
    model = CoGovernanceModel(rng=1, **parameters)
    for _ in range(steps):
        model.step()
    model.agent_data()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    estimate = memory.run_estimate(parameters, steps)
    used_by_model = estimate.model_bytes + estimate.agent_data_bytes
    assert peak < used_by_model < 6 * peak


def test_a_long_planning_says_so_first_and_keeps_reporting():
    spec = sweep_from_arguments("baseline", ["empowerment=0:1:10000", "pooling=0:1:1000"])
    notice = memory.planning_notice(spec)
    assert "10,000,000 design point(s)" in notice and " h " in notice
    assert memory.planning_notice(sweep_from_arguments("baseline", ["empowerment=0:1:5"])) is None
    stream = io.StringIO()
    with memory.planning_progress(spec, stream=stream, every_seconds=0.05):
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert lines[0] == notice and len(lines) >= 3 and all("still checking" in line for line in lines[1:])
