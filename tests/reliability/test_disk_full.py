"""A disk that fills during a sweep loses no finished run; freeing space and rerunning completes it.

Two ways: a real small tmpfs (as root, where ``mount`` is allowed), and "no space left on device"
injected at each write point of the store.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from reliability_helpers import TINY_RUNS, TINY_SWEEP, fill as _fill, same_as_reference

from sim.experiments import store as store_module

NO_SPACE_MESSAGE = "no space left on device: {} finished runs are kept in the journal; free space and rerun to resume"


def _no_space(path="") -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def _kept(out: Path) -> tuple[int, int]:
    """(runs in committed parts, runs in journals) of a results folder."""
    import pyarrow.parquet as pq

    store = store_module.ResultStore(out)
    if not store.manifest_path.exists():  # the disk filled before the folder was made
        return 0, 0
    store.read_manifest()
    committed = sum(pq.read_metadata(p).num_rows for p in store.committed_parts()[0])
    return committed, store.journaled_runs()


def _kept_in_message(err: str) -> int:
    import re

    match = re.search(NO_SPACE_MESSAGE.replace("{}", "(\\d+)"), err)
    assert match, err
    return int(match.group(1))


def _temporary_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*.tmp")]


class FailingStream:
    """An Arrow stream writer that runs out of space after ``allowed`` tables."""

    def __init__(self, writer, budget):
        self.writer, self.budget = writer, budget

    def write_table(self, table):
        if self.budget[0] <= 0:
            raise _no_space()
        self.budget[0] -= 1
        self.writer.write_table(table)

    def close(self):
        self.writer.close()


def _fail_journal(monkeypatch, after_tables: int):
    budget = [after_tables]
    real = store_module.pa.ipc.new_stream
    monkeypatch.setattr(store_module.pa.ipc, "new_stream", lambda sink, schema: FailingStream(real(sink, schema), budget))


def _fail_parquet(monkeypatch, table: str, after: int = 0):
    """pq.write_table writes half a file into ``table``'s folder, then finds the disk full."""
    real = store_module.pq.write_table
    calls = [0]

    def write(data, where, **options):
        if Path(where).parent.name == table:
            calls[0] += 1
            if calls[0] > after:
                Path(where).write_bytes(b"PAR1" + b"\0" * 100)
                raise _no_space(where)
        return real(data, where, **options)

    monkeypatch.setattr(store_module.pq, "write_table", write)


def _fail_checksum(monkeypatch):
    def write(temporary, part):
        raise _no_space(part)

    monkeypatch.setattr(store_module.integrity, "write_checksum", write)


def _fail_session_file(monkeypatch):
    real = store_module._write_json_atomically

    def write(path, document):
        if path.parent.name == "sessions":
            raise _no_space(path)
        return real(path, document)

    monkeypatch.setattr(store_module, "_write_json_atomically", write)


def _fail_manifest(monkeypatch):
    """The manifest's content is written, then syncing it finds the disk full."""
    import sim.files

    real = sim.files.os.fsync

    def fsync(descriptor):
        if ".manifest.json." in os.readlink(f"/proc/self/fd/{descriptor}"):
            raise _no_space("manifest.json")
        return real(descriptor)

    monkeypatch.setattr(sim.files.os, "fsync", fsync)


WRITE_POINTS = {
    "manifest of a new folder": _fail_manifest,
    "journal, third run": lambda mp: _fail_journal(mp, after_tables=5),  # 2 tables per run: the 3rd run's row fails
    "timeseries part of the first batch": lambda mp: _fail_parquet(mp, "timeseries"),
    "runs part of the first batch": lambda mp: _fail_parquet(mp, "runs"),
    "runs part of the second batch": lambda mp: _fail_parquet(mp, "runs", after=1),
    "checksum of a part": _fail_checksum,
    "session record": _fail_session_file,
}


@pytest.mark.parametrize("point", list(WRITE_POINTS))
def test_no_space_at_each_write_point_keeps_every_finished_run(point, tmp_path, cogov, reference_sweep, monkeypatch):
    out = tmp_path / "sweep"
    with monkeypatch.context() as patch:
        WRITE_POINTS[point](patch)
        code, _, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out)
    assert code == 3, err
    assert "Traceback" not in err and "internal error" not in err
    committed, journaled = _kept(out)
    kept = _kept_in_message(err)
    # The runs counted in the message are still in the journal, or were flushed to parts on the way out.
    assert kept == journaled or (journaled == 0 and kept <= committed)
    assert _temporary_files(out) == []
    assert committed + journaled == {"journal, third run": 2, "timeseries part of the first batch": 3,
                                     "runs part of the first batch": 3, "runs part of the second batch": 6,
                                     "checksum of a part": 3, "session record": 0, "manifest of a new folder": 0}[point]
    code, out_text, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out)
    assert code == 0, err
    assert f"skipped {committed + journaled}" in out_text and f"ran {TINY_RUNS - committed - journaled}" in out_text
    assert same_as_reference(out, reference_sweep)


def test_a_recovery_that_finds_the_disk_still_full_keeps_the_journal(tmp_path, cogov, reference_sweep, monkeypatch):
    out = tmp_path / "sweep"
    with monkeypatch.context() as patch:
        _fail_parquet(patch, "runs", after=1)
        assert cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out)[0] == 3
    with monkeypatch.context() as patch:  # the next session recovers the journal: still no space
        _fail_parquet(patch, "runs")
        code, _, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out)
    assert code == 3 and NO_SPACE_MESSAGE.format(3) in err
    assert _kept(out) == (3, 3) and _temporary_files(out) == []
    assert cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out)[0] == 0
    assert same_as_reference(out, reference_sweep)


@pytest.mark.parametrize(("batch_size", "free_bytes"), [(100, 160_000), (3, 280_000)])
def test_a_real_full_disk_loses_no_finished_run(batch_size, free_bytes, small_tmpfs, cogov, reference_sweep):
    """Batches of 100: the disk fills at the final flush. Batches of 3: after the first part."""
    out = small_tmpfs / "sweep"
    filler = _fill(small_tmpfs, free_bytes)  # room for the manifest and a few runs, not for all 8 in parts
    code, _, err = cogov(*TINY_SWEEP, "--batch-size", batch_size, "--out", out)
    assert code == 3, err
    committed, journaled = _kept(out)
    assert _kept_in_message(err) == journaled
    assert journaled > 0  # the part could not be written: the journal holds the finished runs
    if batch_size == 3:
        assert committed == 3
    assert _temporary_files(out) == []
    filler.unlink()
    code, out_text, err = cogov(*TINY_SWEEP, "--batch-size", batch_size, "--out", out)
    assert code == 0, err
    assert f"skipped {committed + journaled}" in out_text
    assert same_as_reference(out, reference_sweep)
