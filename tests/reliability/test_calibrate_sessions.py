"""Calibrations that lock and recover: one session per folder, a damaged folder is an exit 2 saying
what is damaged and what to do, and a fresh calibration folder resumes (on a toy simulator)."""

from __future__ import annotations

import json

import pytest

from sim.experiments.store import Lock


@pytest.fixture
def calibration(tmp_path, toy_calibration, cogov):
    out = tmp_path / "calibration"
    code, _, err = cogov(*toy_calibration, "--out", out)
    assert code == 0, err
    return out


def test_a_second_session_on_the_same_folder_is_refused(calibration, toy_calibration, cogov):
    lock = Lock(calibration / "locks" / "calibrate.lock")
    assert lock.acquire()
    try:
        before = (calibration / "abc.db").read_bytes()
        code, _, err = cogov(*toy_calibration, "--out", calibration)
        assert code == 2 and "another cogov process is calibrating" in err
        assert (calibration / "abc.db").read_bytes() == before
    finally:
        lock.release()
    code, _, err = cogov(*toy_calibration, "--generations", "2", "--out", calibration)
    assert code == 0, err


DAMAGE = {
    "a malformed manifest": ("manifest.json", lambda p: p.write_text("{ not json")),
    "a manifest that is a list": ("manifest.json", lambda p: p.write_text("[]")),
    "a manifest whose field has the wrong type": ("manifest.json", lambda p: p.write_text(json.dumps(
        {**json.loads(p.read_text()), "calibrated": 7}))),
    "a garbage database": ("abc.db", lambda p: p.write_bytes(b"garbage" * 100)),
    "a truncated database": ("abc.db", lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3])),
    "an empty database": ("abc.db", lambda p: p.write_bytes(b"")),
    "an SQLite database of something else": ("abc.db", None),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_resuming_a_damaged_calibration_says_what_is_damaged(damage, calibration, toy_calibration, cogov):
    name, harm = DAMAGE[damage]
    path = calibration / name
    if harm is None:
        import sqlite3

        path.unlink()
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE other (x)")
        connection.close()
    else:
        harm(path)
    before = path.read_bytes()
    code, _, err = cogov(*toy_calibration, "--generations", "2", "--out", calibration)
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err and len(err) < 3000
    assert name in err
    assert path.read_bytes() == before  # nothing was overwritten
    for command in (("verify", calibration), ("query", calibration, "SELECT count(*) FROM posterior"),
                    ("export", calibration), ("report", calibration)):
        code, _, err = cogov(*command)
        assert code == 2 and name in err, (command, err)


def test_a_different_calibration_in_the_folder_is_refused(calibration, toy_calibration, cogov):
    code, _, err = cogov(*toy_calibration, "--seed", "5", "--out", calibration)
    assert code == 2 and "different calibration" in err


@pytest.mark.parametrize("loss", ["deleted", "a folder", "a link"])
def test_a_database_whose_manifest_is_lost_is_kept(loss, calibration, toy_calibration, cogov, tmp_path):
    """abc.db holds the finished populations: a calibration never deletes it because manifest.json went missing."""
    manifest = calibration / "manifest.json"
    kept = manifest.read_bytes()
    manifest.unlink()
    if loss == "a folder":
        manifest.mkdir()
    elif loss == "a link":
        (tmp_path / "elsewhere.json").write_bytes(kept)
        manifest.symlink_to(tmp_path / "elsewhere.json")
    before = (calibration / "abc.db").read_bytes()
    code, _, err = cogov(*toy_calibration, "--generations", "2", "--out", calibration)
    assert code == 2 and "Traceback" not in err and "internal error" not in err, err
    assert "abc.db" in err or "manifest.json" in err
    assert (calibration / "abc.db").read_bytes() == before
