"""Damaged result parts are detected on resume and on load, reported by `cogov verify` and
repaired by `--repair`, which reruns exactly their runs."""

from __future__ import annotations

import pytest
from reliability_helpers import TINY_RUNS, TINY_SWEEP, same_as_reference

from sim.experiments.integrity import sidecar


def _truncate(part):
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 3])


def _flip_bytes(part):
    data = bytearray(part.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 8):
        data[offset] ^= 0xFF
    part.write_bytes(bytes(data))


def _flip_bytes_of_an_old_part(part):
    """A part written before checksums existed (no sidecar), then damaged."""
    sidecar(part).unlink()
    _truncate(part)


DAMAGE = {
    "truncated runs part": ("runs", _truncate),
    "timeseries part with flipped bytes": ("timeseries", _flip_bytes),
    "runs part with flipped bytes": ("runs", _flip_bytes),
    "damaged part without a checksum": ("runs", _flip_bytes_of_an_old_part),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_part_is_reported_everywhere_and_repair_reruns_exactly_its_runs(damage, tmp_path, cogov, reference_sweep):
    out = tmp_path / "sweep"
    assert cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out)[0] == 0
    table, harm = DAMAGE[damage]
    part = sorted((out / table).glob("part-*.parquet"))[1]  # the second batch: runs 4-6
    harm(part)

    code, out_text, err = cogov("verify", out)
    assert code == 2 and f"{table}/{part.name}" in err and "1 damaged" in out_text
    code, _, err = cogov("query", out, "SELECT count(*) FROM runs")
    assert code == 2 and "damaged" in err and "--repair" in err and "could not run this SQL" not in err
    code, _, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out)  # a plain resume refuses too
    assert code == 2 and "damaged" in err

    code, out_text, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", out, "--repair")
    assert code == 0, err
    assert "ran 3" in out_text and f"skipped {TINY_RUNS - 3}" in out_text  # exactly the damaged batch
    assert (out / "quarantine" / table / part.name).exists()
    code, out_text, _ = cogov("verify", out)
    assert code == 0 and "ok: every part matches its checksum" in out_text
    assert same_as_reference(out, reference_sweep)


def test_verify_reports_runs_waiting_in_a_journal_and_an_unfinished_sweep(tmp_path, cogov):
    from sim.experiments import store as store_module

    out = tmp_path / "sweep"
    assert cogov(*TINY_SWEEP, "--batch-size", "100", "--out", out)[0] == 0
    journal = out / "journal" / "dead_writer"
    journal.mkdir(parents=True)
    part = next((out / "runs").glob("part-*.parquet"))
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(part).slice(0, 2)
    with pa.OSFile(str(journal / "000000.runs.arrows"), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)
    part.unlink()
    store_module.integrity.sidecar(part).unlink()
    code, out_text, _ = cogov("verify", out)
    assert code == 0
    assert "2 finished run(s) are in journals" in out_text
    assert "0 of 8 runs finished" in out_text


@pytest.mark.slow
def test_verify_repair_then_rerunning_a_comparison_restores_it(tmp_path, cogov):
    """Folders of commands without --repair (cogov compare): `cogov verify DIR --repair`, then the same command."""
    from sweep_helpers import comparable

    from sim.experiments import load_results

    compare = ("compare", "baseline", "empowerment", "--replicates", "2", "--steps", "2", "--set", "width=10",
               "--set", "height=10", "--workers", "1", "--quiet", "--out", tmp_path / "compare")
    assert cogov(*compare)[0] == 0
    before = comparable(load_results(tmp_path / "compare").runs)
    _flip_bytes(next((tmp_path / "compare" / "timeseries").glob("part-*.parquet")))
    assert cogov("verify", tmp_path / "compare")[0] == 2
    code, out, _ = cogov("verify", tmp_path / "compare", "--repair")
    assert code == 0 and "moved to" in out
    assert cogov(*compare)[0] == 0
    assert cogov("verify", tmp_path / "compare")[0] == 0
    assert comparable(load_results(tmp_path / "compare").runs).equals(before)
