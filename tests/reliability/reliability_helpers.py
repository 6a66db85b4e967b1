"""Shared pieces of the reliability tests: a tiny sweep and how to compare results with a reference."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))  # sweep_helpers

#: A sweep small enough to run in about a second: 8 runs of 4 weeks on a 10 x 10 grid.
TINY_SWEEP = ("sweep", "baseline", "--vary", "empowerment=0,0.25,0.5,1", "--replicates", "2", "--steps", "4",
              "--set", "width=10", "--set", "height=10", "--seed", "3", "--workers", "1", "--quiet")
TINY_RUNS = 8


def same_as_reference(out: Path, reference) -> bool:
    from sweep_helpers import comparable

    from sim.experiments import load_results

    results = load_results(out)
    runs, series = comparable(results.runs), comparable(results.timeseries)
    return runs.equals(reference[0]) and series.equals(reference[1])


def fill(disk: Path, leave_bytes: int) -> Path:
    """Fill a file system until only about ``leave_bytes`` are free."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, free - leave_bytes))
    return filler


def snapshot(*folders: Path) -> dict[Path, str]:
    """Every file under ``folders`` (links not followed) with a digest of its content, to compare before and after."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink():
                found[path] = "link:" + str(path.readlink())
            elif path.is_file():
                found[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                found[path] = "folder"
    return found


def temporary_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.tmp"))


def toy_simulate(values: dict) -> dict:
    """A stand-in for the calibration's model evaluation: the target statistics, nudged by the values."""
    nudge = sum(float(v) for v in values.values()) % 1.0
    return {"participation_rate": 0.063 + 0.01 * nudge, "party_ratio": 1.35, "timely_share": 1 / 3, "repeat_effect": 0.57}


def refused(result, *fragments) -> str:
    """Assert an exit 2 with a short message (no traceback) holding every fragment; return the message."""
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err and len(err) < 3000
    for fragment in fragments:
        assert fragment in err, err
    return err
