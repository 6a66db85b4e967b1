"""Writes that never destroy: no output lands on a results folder's own files, an --out of another
kind of folder is refused, and a full disk (exit 3) leaves the file being replaced as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reliability_helpers import fill, refused, snapshot, temporary_files

from sim.interfaces.cli import main


def first_part(folder: Path, table: str = "timeseries") -> Path:
    return sorted((folder / table).glob("part-*.parquet"))[0]


# ---------------------------------------------------------------- outputs of other commands
OVERWRITES = {
    "export over a time-series part": lambda d: ("export", d, "--out", first_part(d).with_suffix("")),
    "export over the manifest": lambda d: ("export", d, "--out", d / "manifest"),
    "export over the dictionary": lambda d: ("export", d, "--format", "wide", "--out", d / "dictionary.csv"),
    "export into the journal": lambda d: ("export", d, "--out", d / "journal" / "x"),
    "query --csv over the manifest": lambda d: ("query", d, "SELECT 1", "--csv", d / "manifest.json"),
    "query --csv over a checksum": lambda d: ("query", d, "SELECT 1", "--csv", first_part(d, "runs").with_name(first_part(d, "runs").name + ".sha256")),
    "query --csv into runs/": lambda d: ("query", d, "SELECT 1", "--csv", d / "runs" / "new.csv"),
    "query --csv into locks/": lambda d: ("query", d, "SELECT 1", "--csv", d / "locks" / "sweep.lock"),
    "query --csv into sessions/": lambda d: ("query", d, "SELECT 1", "--csv", d / "sessions" / "x.json"),
    "query --csv into quarantine/": lambda d: ("query", d, "SELECT 1", "--csv", d / "quarantine" / "x.csv"),
    "query --csv over a hidden temporary name": lambda d: ("query", d, "SELECT 1", "--csv", d / ".manifest.json.1.tmp"),
    "report --out over the manifest": lambda d: ("report", d, "--out", d / "manifest.json"),
    "report --out into timeseries/": lambda d: ("report", d, "--out", d / "timeseries" / "r.html"),
    "show --out over the manifest": lambda d: ("show", "baseline", "--out", d / "manifest.json"),
    "show --out over a part": lambda d: ("show", "baseline", "--out", first_part(d, "runs")),
    "run --out into runs/": lambda d: ("run", "baseline", "--steps", "1", "--out", d / "runs"),
    "sweep --out into timeseries/": lambda d: ("sweep", "baseline", "--vary", "empowerment=0,1", "--steps", "1", "--out", d / "timeseries" / "s"),
    "calibrate --out a sweep folder": lambda d: ("calibrate", "--out", d, "--population", "10", "--generations", "1"),
    "run --out a sweep folder": lambda d: ("run", "baseline", "--steps", "1", "--out", d),
    "hypotheses --out a sweep folder": lambda d: ("hypotheses", "H1", "--replicates", "1", "--out", d),
    "compare --out a sweep folder": lambda d: ("compare", "baseline", "empowerment", "--replicates", "1", "--steps", "1", "--out", d),
}


@pytest.mark.parametrize("case", list(OVERWRITES))
def test_no_output_lands_on_a_results_folders_own_files(case, sweep_copy, cogov):
    before = snapshot(sweep_copy)
    refused(cogov(*OVERWRITES[case](sweep_copy)))
    assert snapshot(sweep_copy) == before


def test_a_link_cannot_smuggle_an_output_onto_a_result(sweep_copy, tmp_path, cogov):
    link = tmp_path / "innocent.csv"
    link.symlink_to(sweep_copy / "manifest.json")
    before = snapshot(sweep_copy)
    refused(cogov("query", sweep_copy, "SELECT 1", "--csv", link), "manifest.json")
    folder_link = tmp_path / "elsewhere"
    folder_link.symlink_to(sweep_copy / "runs")
    refused(cogov("export", sweep_copy, "--out", folder_link / "x"))
    assert snapshot(sweep_copy) == before


def test_a_new_name_inside_a_results_folder_is_fine(sweep_copy, cogov):
    code, _, err = cogov("query", sweep_copy, "SELECT count(*) AS n FROM runs", "--csv", sweep_copy / "counts.csv")
    assert code == 0, err and (sweep_copy / "counts.csv").read_text().split() == ["n", "8"]
    assert cogov("verify", sweep_copy)[0] == 0


def test_an_out_folder_of_another_kind_or_a_strangers_folder_is_refused(tmp_path, cogov):
    run = tmp_path / "run"
    assert cogov("run", "baseline", "--steps", "1", "--set", "width=10", "--set", "height=10", "--quiet", "--out", run)[0] == 0
    assert cogov("run", "baseline", "--steps", "2", "--set", "width=10", "--set", "height=10", "--quiet", "--out", run)[0] == 0
    before = snapshot(run)
    refused(cogov("sweep", "baseline", "--vary", "empowerment=0,1", "--steps", "1", "--out", run), "`cogov run`")
    refused(cogov("calibrate", "--out", run), "`cogov run`")
    refused(cogov("compare", "baseline", "empowerment", "--replicates", "1", "--steps", "1", "--out", run), "`cogov run`")
    assert snapshot(run) == before
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("years of work")
    refused(cogov("run", "baseline", "--steps", "1", "--out", mine), "not empty")
    refused(cogov("calibrate", "--out", mine), "not empty")
    (tmp_path / "file").write_text("x")
    refused(cogov("run", "baseline", "--steps", "1", "--out", tmp_path / "file"), "not a folder")
    refused(cogov("run", "baseline", "--steps", "1", "--out", ""), "empty")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "manifest.json").write_text("{not json")
    refused(cogov("run", "baseline", "--steps", "1", "--out", damaged), "manifest")
    assert (damaged / "manifest.json").read_text() == "{not json"


def test_export_out_names_a_file_or_a_folder_never_a_dotted_name(sweep_copy, tmp_path, cogov, monkeypatch):
    work = tmp_path / "work" / "inner"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    code, out, err = cogov("export", sweep_copy, "--out", "..")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "work").iterdir() if p.is_file()) == ["long.csv", "long.parquet"]
    assert not list(tmp_path.rglob("...*"))
    refused(cogov("export", sweep_copy, "--out", ""), "empty")
    code, _, err = cogov("export", sweep_copy, "--format", "behaviorspace", "--out", f"{tmp_path}/folder/")
    assert code == 2 or (tmp_path / "folder" / "behaviorspace.csv").is_file(), err
    (tmp_path / "existing").mkdir()
    assert cogov("export", sweep_copy, "--format", "wide", "--out", tmp_path / "existing")[0] == 0
    assert (tmp_path / "existing" / "wide.parquet").is_file()


# ---------------------------------------------------------------- a full disk
def _full(disk: Path, name: str, content: str = "precious\n") -> Path:
    keep = disk / name
    keep.write_text(content)
    fill(disk, 0)
    return keep


def _no_space(result, keep: Path | None = None, content: str = "precious\n"):
    code, out, err = result
    assert code == 3, (code, out, err)
    assert "no space left on device" in err and "Traceback" not in err
    if keep is not None:
        assert keep.read_text() == content
        assert f"while writing {keep}" in err  # the message names the file it could not write
    assert temporary_files(keep.parent if keep else Path(".")) == []


def test_a_full_disk_keeps_the_file_being_replaced(small_tmpfs, finished_sweep, cogov):
    keep = _full(small_tmpfs, "keep.toml")
    _no_space(cogov("show", "baseline", "--format", "toml", "--out", keep), keep)
    _no_space(cogov("query", finished_sweep, "SELECT * FROM timeseries", "--csv", keep), keep)
    _no_space(cogov("export", finished_sweep, "--out", small_tmpfs / "export"))
    assert f"while writing {small_tmpfs / 'export'}" in cogov("export", finished_sweep, "--out", small_tmpfs / "export")[2]
    assert not (small_tmpfs / "export.parquet").exists() and temporary_files(small_tmpfs) == []


def test_a_full_disk_during_report_leaves_no_half_report(small_tmpfs, finished_sweep, cogov):
    import shutil

    folder = small_tmpfs / "sweep"
    shutil.copytree(finished_sweep, folder)
    fill(small_tmpfs, 8192)
    code, _, err = cogov("report", folder)
    assert code == 3, err
    assert not (folder / "report.html").exists() and temporary_files(folder) == []


def test_a_full_disk_during_calibrate_is_exit_3(small_tmpfs, toy_calibration, cogov):
    fill(small_tmpfs, 48_000)
    code, _, err = cogov(*toy_calibration, "--out", small_tmpfs / "calibration")
    assert code == 3, err
    assert "no space left on device" in err and "internal error" not in err
    assert temporary_files(small_tmpfs) == []


def test_every_manifest_and_table_write_goes_through_one_atomic_helper():
    """No writer of cogov opens its target directly: each goes through sim.files (temporary file, fsync, rename)."""
    import re

    root = Path(__file__).resolve().parents[2] / "sim"
    direct = re.compile(r"\.write_text\(|\.write_bytes\(|\bto_csv\((?!sys\.stdout|temporary)|\bto_parquet\(|savefig\((?!buffer|temporary)|open\([^)]*[\"'][wax]b?[\"']")
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "files.py" or "model" in path.relative_to(root).parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if direct.search(line) and "temporary" not in line:
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


def test_json_written_by_cogov_is_complete(tmp_path):
    from sim.files import write_json

    target = tmp_path / "x.json"
    write_json(target, {"a": 1})
    write_json(target, {"a": 2})
    assert json.loads(target.read_text()) == {"a": 2} and temporary_files(tmp_path) == []
