"""Exports (long, wide, BehaviorSpace), the data dictionary, and parameters that travel with the data."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pyarrow.parquet as pq
import pytest
from ecosystem_helpers import TINY

from sim.experiments.dictionary import read_dictionary
from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory):
    from sim.interfaces.cli import main

    out = tmp_path_factory.mktemp("sweep")
    assert main(["sweep", "baseline", "--vary", "empowerment=0,1", "--vary", "share_repair=0.2,0.5", "--replicates", "2",
                 "--steps", "4", *TINY, "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


def test_dictionary_csv_describes_every_column_and_marks_what_varied(sweep_folder):
    table = pd.read_csv(sweep_folder / "dictionary.csv", keep_default_na=False)
    assert list(table.columns) == ["name", "kind", "label_zh", "label_en", "unit", "meaning", "varied"]
    rows = table.set_index("name")
    assert set(OUTCOMES) | set(REGISTRY) <= set(rows.index)
    assert rows.loc["resolution_rate", "kind"] == "outcome" and rows.loc["resolution_rate", "label_zh"] == "问题解决率"
    assert rows.loc["backlog", "unit"] == "count"
    assert rows.loc["formalism", "kind"] == "parameter" and rows.loc["formalism", "varied"] == "no"
    # varied directly, and rescaled because a share of the problem mix varied alone
    assert rows.loc[["empowerment", "share_repair", "share_environment"], "varied"].tolist() == ["yes"] * 3
    assert (rows.loc[rows["kind"] != "index", "meaning"] != "").all()


def test_dictionary_describes_every_column_of_every_view_bookkeeping_included(sweep_folder, tmp_path):
    """runs, timeseries and status of a sweep, and a comparison's label column: each has a dictionary row."""
    from sim.experiments import connect
    from sim.experiments.dictionary import INDEX_COLUMNS
    from sim.interfaces.cli import main

    compare = tmp_path / "compare"
    assert main(["compare", "baseline", "pooling", "--replicates", "1", "--steps", "2", *TINY, "--out", str(compare),
                 "--workers", "1", "--quiet"]) == 0
    for folder in (sweep_folder, compare):
        described = set(pd.read_csv(folder / "dictionary.csv", keep_default_na=False)["name"])
        connection = connect(folder)
        try:
            for view in ("runs", "timeseries", "status"):
                columns = {row[0] for row in connection.sql(f"DESCRIBE {view}").fetchall()}
                assert columns <= described, (folder.name, view, sorted(columns - described))
        finally:
            connection.close()
    for name in ("error", "attempts", "duration_seconds", "worker", "finished_at", "arm", "rule", "draw"):
        assert INDEX_COLUMNS[name][3], name  # a meaning, not an empty row


def test_parquet_files_for_readers_carry_the_dictionary_in_their_schema(sweep_folder, cogov):
    assert cogov("export", sweep_folder, "--format", "wide", "--out", sweep_folder / "wide-copy")[0] == 0
    part = sweep_folder / "wide-copy.parquet"
    dictionary = read_dictionary(part).set_index("name")
    assert set(pq.read_schema(part).names) == set(dictionary.index)
    assert dictionary.loc["mean_trust", "label_en"] == "Mean trust"
    assert dictionary.loc["mean_trust", "meaning"].startswith("Mean trust of residents")
    assert dictionary.loc["empowerment", "varied"] == "yes"


def test_manifest_records_how_the_composition_was_kept(sweep_folder):
    import json

    manifest = json.loads((sweep_folder / "manifest.json").read_text())
    mix = manifest["compositions"]["problem_mix"]
    assert mix["varied"] == ["share_repair"] and "share_environment" in mix["rescaled"]


def test_long_export_is_tidy_and_matches_the_wide_table(sweep_folder, cogov):
    code, out, _ = cogov("export", sweep_folder, "--format", "long", "--outcome", "backlog", "--outcome", "mean_trust")
    assert code == 0 and "long.csv" in out
    long = pd.read_parquet(sweep_folder / "export" / "long.parquet")
    assert list(long.columns) == ["run_key", "point", "replicate", "seed", "empowerment", "share_repair", "step",
                                  "outcome", "value"]
    assert len(long) == 4 * 2 * 5 * 2  # points x replicates x weeks 0-4 x outcomes
    assert pd.read_csv(sweep_folder / "export" / "long.csv").shape == long.shape
    cogov("export", sweep_folder, "--format", "wide")
    wide = pd.read_csv(sweep_folder / "export" / "wide.csv")
    pivot = long.pivot_table(index=["run_key", "step"], columns="outcome", values="value").reset_index()
    merged = wide.merge(pivot, on=["run_key", "step"], suffixes=("", "_long"))
    assert len(merged) == len(wide) == 40
    pd.testing.assert_series_equal(merged["backlog"], merged["backlog_long"], check_names=False)


def test_behaviorspace_table_has_netlogo_layout(sweep_folder, cogov):
    code, _, _ = cogov("export", sweep_folder, "--format", "behaviorspace", "--outcome", "backlog")
    assert code == 0
    lines = (sweep_folder / "export" / "behaviorspace.csv").read_text().splitlines()
    assert lines[0].startswith('"BehaviorSpace results')
    header = next(csv.reader(io.StringIO(lines[6])))
    assert header == ["[run number]", "empowerment", "share_repair", "seed", "[step]", "backlog"]
    table = pd.read_csv(io.StringIO("\n".join(lines[6:])))
    assert sorted(table["[run number]"].unique()) == list(range(1, 9))
    assert table.groupby("[run number]")["[step]"].apply(list).map(lambda s: s == [0, 1, 2, 3, 4]).all()


def test_run_csv_carries_what_set_changed_and_the_header_says_modified(tmp_path, cogov):
    code, out, _ = cogov("run", "baseline", "--set", "empowerment=0.5", *TINY, "--steps", "3", "--out", tmp_path)
    assert code == 0
    assert "modified" in out.splitlines()[0] and "empowerment 0.0 -> 0.5" in out
    frame = pd.read_csv(tmp_path / "timeseries.csv")
    assert (frame["empowerment"] == 0.5).all() and (frame["width"] == 10).all()
    assert "formalism" not in frame.columns
    rows = pd.read_csv(tmp_path / "dictionary.csv").set_index("name")
    assert rows.loc["empowerment", "varied"] == "yes" and rows.loc["formalism", "varied"] == "no"
    code, out, _ = cogov("export", tmp_path, "--format", "long", "--outcome", "backlog")
    assert code == 0 and set(pd.read_csv(tmp_path / "export" / "long.csv")["empowerment"]) == {0.5}


def test_export_of_a_folder_that_is_not_one_is_a_user_error(tmp_path, cogov):
    code, _, err = cogov("export", tmp_path, "--format", "long")
    assert code == 2 and "not a cogov results folder" in err
    code, _, err = cogov("export", tmp_path, "--format", "long", "--outcome", "backlgo")
    assert code == 2


def test_outcomes_command_lists_labels_and_units(cogov):
    code, out, _ = cogov("outcomes", "--format", "csv")
    table = pd.read_csv(io.StringIO(out))
    assert code == 0 and list(table["name"]) == list(OUTCOMES)
    assert table.set_index("name").loc["participation_rate", "label_zh"] == "居民参与率"
