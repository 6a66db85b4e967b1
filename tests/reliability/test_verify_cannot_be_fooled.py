"""A verify that cannot be fooled: every way of losing or duplicating runs while the checksums
still match is found by ``cogov verify`` and on every load; repair never writes outside the folder."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from reliability_helpers import TINY_SWEEP, same_as_reference, snapshot

from sim.interfaces.cli import main


@pytest.fixture(scope="module")
def three_parts(tmp_path_factory):
    """A finished tiny sweep in three parts (3, 3 and 2 runs)."""
    out = tmp_path_factory.mktemp("three") / "sweep"
    assert main([*TINY_SWEEP, "--batch-size", "3", "--out", str(out)]) == 0
    return out


@pytest.fixture
def folder(three_parts, tmp_path):
    copy = tmp_path / "sweep"
    shutil.copytree(three_parts, copy, symlinks=True)
    return copy


def parts(folder: Path, table: str) -> list[Path]:
    return sorted((folder / table).glob("part-*.parquet"))


def checksum(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def rewrite_with_checksum(part: Path, table) -> None:
    """A hostile but consistent edit: new content with a matching checksum naming the part."""
    import pyarrow.parquet as pq

    pq.write_table(table, part)
    checksum(part).write_text(f"{hashlib.sha256(part.read_bytes()).hexdigest()}  {part.name}\n")


def _copy_over_another(folder):
    for table in ("runs", "timeseries"):
        first, second = parts(folder, table)[:2]
        shutil.copy(first, second)
        shutil.copy(checksum(first), checksum(second))


def _copy_under_a_new_name(folder, its_checksum: str | None = "copied"):
    """Each table's first part copied as part-copied-000000, its checksum copied, rewritten for the new name, or none."""
    for table in ("runs", "timeseries"):
        first = parts(folder, table)[0]
        new = first.with_name("part-copied-000000.parquet")
        shutil.copy(first, new)
        if its_checksum == "copied":
            shutil.copy(checksum(first), checksum(new))
        elif its_checksum == "rewritten":
            checksum(new).write_text(f"{hashlib.sha256(new.read_bytes()).hexdigest()}  {new.name}\n")


def _delete_checksum_and_edit(folder):
    part = parts(folder, "runs")[1]
    checksum(part).unlink()
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))


def _delete_checksum_only(folder):
    checksum(parts(folder, "timeseries")[0]).unlink()


def _delete_a_timeseries_part(folder):
    part = parts(folder, "timeseries")[1]
    part.unlink()
    checksum(part).unlink()


def _duplicate_weeks_in_a_part(folder):
    import pyarrow as pa
    import pyarrow.parquet as pq

    part = parts(folder, "timeseries")[0]
    table = pq.read_table(part)
    rewrite_with_checksum(part, pa.concat_tables([table, table.slice(0, 2)]))


def _drop_weeks_of_a_run(folder):
    import pyarrow.parquet as pq

    part = parts(folder, "timeseries")[0]
    table = pq.read_table(part)
    rewrite_with_checksum(part, table.slice(1))


def _series_of_a_run_in_two_parts(folder):
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    first, second = parts(folder, "timeseries")[:2]
    table = pq.read_table(first)
    one_run = table.filter(pc.equal(table.column("run_key"), table.column("run_key")[0]))
    rewrite_with_checksum(second, pa.concat_tables([pq.read_table(second), one_run]))


def _runs_replaced_by_a_file(folder):
    shutil.rmtree(folder / "runs")
    (folder / "runs").write_text("not a folder")


def _runs_a_link_to_a_copy_outside(folder):
    outside = folder.parent / "elsewhere-runs"
    shutil.copytree(folder / "runs", outside)
    shutil.rmtree(folder / "runs")
    (folder / "runs").symlink_to(outside)


def _timeseries_missing(folder):
    shutil.rmtree(folder / "timeseries")


def _part_a_link_out_of_the_folder(folder):
    part = parts(folder, "runs")[0]
    outside = folder.parent / "outside.parquet"
    shutil.move(part, outside)
    part.symlink_to(outside)


def _checksum_a_link(folder):
    part = parts(folder, "runs")[0]
    outside = folder.parent / "outside.sha256"
    shutil.move(checksum(part), outside)
    checksum(part).symlink_to(outside)


def _part_a_folder(folder):
    (folder / "runs" / "part-folder-000000.parquet").mkdir()


def _journal_a_file(folder):
    shutil.rmtree(folder / "journal")
    (folder / "journal").write_text("x")


def _manifest_a_link(folder):
    outside = folder.parent / "manifest-outside.json"
    shutil.move(folder / "manifest.json", outside)
    (folder / "manifest.json").symlink_to(outside)


def _checksum_garbage(folder):
    checksum(parts(folder, "runs")[0]).write_text("not a checksum at all\n")


DAMAGE = {
    "a part copied with its checksum over another part's name": (_copy_over_another, True),
    "a part copied under a new name with its checksum": (_copy_under_a_new_name, True),
    "a copy whose checksum was rewritten for the new name": (lambda f: _copy_under_a_new_name(f, "rewritten"), True),
    "a part copied under a new name without a checksum": (lambda f: _copy_under_a_new_name(f, None), True),
    "a checksum deleted and the part edited": (_delete_checksum_and_edit, True),
    "a checksum deleted": (_delete_checksum_only, True),
    "a time-series part deleted": (_delete_a_timeseries_part, True),
    "weeks of a run duplicated, checksum rewritten": (_duplicate_weeks_in_a_part, True),
    "a week of a run dropped, checksum rewritten": (_drop_weeks_of_a_run, True),
    "the series of a run in two parts": (_series_of_a_run_in_two_parts, True),
    "a checksum file of garbage": (_checksum_garbage, True),
    "runs/ replaced by a file": (_runs_replaced_by_a_file, False),
    "runs/ a link to a copy outside": (_runs_a_link_to_a_copy_outside, False),
    "timeseries/ missing": (_timeseries_missing, False),
    "a part that is a link out of the folder": (_part_a_link_out_of_the_folder, True),
    "a checksum that is a link": (_checksum_a_link, True),
    "a part that is a folder": (_part_a_folder, True),
    "journal/ replaced by a file": (_journal_a_file, False),
    "manifest.json a link": (_manifest_a_link, False),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_verify_and_every_reader_find_the_damage(damage, folder, cogov):
    harm, repairable = DAMAGE[damage]
    harm(folder)
    code, out, err = cogov("verify", folder)
    assert code == 2, (out, err)
    assert "Traceback" not in err and "ok: every part" not in out
    for command in (("query", folder, "SELECT count(*) FROM timeseries"), ("export", folder), ("report", folder)):
        code, _, err = cogov(*command)
        assert code == 2 and "damaged" in err, (command, err)
    outside = snapshot(folder.parent)
    code, out, err = cogov("verify", folder, "--repair")
    if repairable:
        assert code == 0 and "moved to" in out, err
        assert cogov("verify", folder)[0] == 0
    else:
        assert code == 2 and ("structure" in err or "structure" in out), (out, err)
    changed = {p for p in set(outside) | set(snapshot(folder.parent)) if outside.get(p) != snapshot(folder.parent).get(p)}
    assert all(folder in p.parents for p in changed)  # repair wrote nothing outside the folder


@pytest.mark.parametrize("damage", ["a part copied with its checksum over another part's name",
                                    "a part copied under a new name with its checksum", "a time-series part deleted"])
def test_repair_then_rerun_restores_exactly_the_sweep(damage, folder, cogov, reference_sweep):
    DAMAGE[damage][0](folder)
    code, out, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", folder, "--repair")
    assert code == 0, err
    assert cogov("verify", folder)[0] == 0
    assert same_as_reference(folder, reference_sweep)


def test_a_quarantine_that_leads_outside_is_refused_and_nothing_moves(folder, tmp_path, cogov):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (folder / "quarantine").symlink_to(outside)
    _copy_over_another(folder)
    before = snapshot(folder)
    code, out, err = cogov("verify", folder, "--repair")
    assert code == 2 and "quarantine" in err + out
    assert list(outside.iterdir()) == []
    assert snapshot(folder) == before
    (folder / "quarantine").unlink()
    (folder / "quarantine").mkdir()
    (folder / "quarantine" / "runs").symlink_to(outside)
    code, _, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", folder, "--repair")
    assert code == 2 and list(outside.iterdir()) == []


def test_a_second_repair_keeps_what_the_first_quarantined(folder, cogov):
    _delete_checksum_and_edit(folder)
    assert cogov("verify", folder, "--repair")[0] == 0
    assert cogov(*TINY_SWEEP, "--batch-size", "3", "--out", folder)[0] == 0
    _delete_checksum_and_edit(folder)
    assert cogov("verify", folder, "--repair")[0] == 0
    assert len(list((folder / "quarantine" / "runs").glob("*.parquet"))) == 2


def test_a_folder_of_the_older_format_is_read_but_not_resumed(folder, cogov):
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "format": "cogov-results/1"}))
    _delete_checksum_only(folder)
    code, out, _ = cogov("verify", folder)
    assert code == 0 and "no checksum recorded (written by an older version)" in out
    assert cogov("query", folder, "SELECT count(*) FROM runs")[0] == 0
    code, _, err = cogov(*TINY_SWEEP, "--batch-size", "3", "--out", folder)
    assert code == 2 and "older version" in err


def test_loading_in_python_refuses_duplicates_too(folder):
    from sim.experiments import load_results
    from sim.experiments.integrity import DamagedResultsError

    _copy_under_a_new_name(folder)
    with pytest.raises(DamagedResultsError, match="damaged"):
        load_results(folder)
