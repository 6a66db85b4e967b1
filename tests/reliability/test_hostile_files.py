"""Every file-taking option validates its file and exits 2 naming the file, the key or column, the
value and what is allowed: posterior ensembles, manifests of every folder kind, damaged Parquet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reliability_helpers import refused

from sim.parameters import REGISTRY


# ---------------------------------------------------------------- posterior ensembles
def ensemble(**columns) -> pd.DataFrame:
    base = {"weight_efficacy": [1.0, 2.0], "weight": [0.5, 0.5], "distance": [0.1, 0.2]}
    return pd.DataFrame({**base, **columns})


INT_PARAMETER = next(n for n, s in REGISTRY.items() if s.kind == "int")
POSTERIORS = {
    "a weight column of strings": (ensemble(weight=["a", "b"]), "weight"),
    "a negative weight": (ensemble(weight=[-1.0, 2.0]), "weight"),
    "a NaN weight": (ensemble(weight=[np.nan, 1.0]), "weight"),
    "an infinite weight": (ensemble(weight=[np.inf, 1.0]), "weight"),
    "all weights zero": (ensemble(weight=[0.0, 0.0]), "weight"),
    "strings in a numeric column": (ensemble(weight_efficacy=["high", "low"]), "weight_efficacy"),
    "a value out of the registry's range": (ensemble(weight_efficacy=[1.0, 1e9]), "weight_efficacy"),
    "NaN in a parameter": (ensemble(weight_efficacy=[np.nan, 1.0]), "weight_efficacy"),
    "an unknown participation rule": (ensemble(participation_rule=["logistic", "astrology"]), "participation_rule"),
    "a NaN for an integer parameter": (ensemble(**{INT_PARAMETER: [np.nan, float(REGISTRY[INT_PARAMETER].default)]}), INT_PARAMETER),
    "a non-integer for an integer parameter": (ensemble(**{INT_PARAMETER: [REGISTRY[INT_PARAMETER].default + 0.5] * 2}), INT_PARAMETER),
    "a boolean where a number belongs": (ensemble(weight_efficacy=[True, False]), "weight_efficacy"),
    "an unknown parameter column": (ensemble(not_a_parameter=[1, 2]), "not_a_parameter"),
    "no rows": (ensemble().iloc[0:0], "weight"),
}


def _commands(path: Path, tmp: Path):
    return [("hypotheses", "H1", "--posterior", path, "--draws", "2", "--replicates", "1", "--out", tmp / "h"),
            ("compare", "baseline", "empowerment", "--posterior", path, "--draws", "2", "--replicates", "1", "--out", tmp / "c")]


@pytest.mark.parametrize("case", list(POSTERIORS))
def test_a_hostile_posterior_is_refused_naming_its_column(case, tmp_path, cogov):
    frame, column = POSTERIORS[case]
    path = tmp_path / "posterior.parquet"
    frame.to_parquet(path)
    for command in _commands(path, tmp_path):
        refused(cogov(*command), str(path), column)
    assert not (tmp_path / "h" / "runs").exists() or not list((tmp_path / "h" / "runs").iterdir())


SIDE_FILES = {
    "a malformed JSON sidecar": ("posterior.json", "{ not json"),
    "a sidecar that is a list": ("posterior.json", "[1, 2]"),
    "a malformed manifest beside it": ("manifest.json", "\xff\xfe not utf-8"),
    "a sidecar nested a hundred thousand deep": ("posterior.json", "[" * 100_000 + "]" * 100_000),
}


@pytest.mark.parametrize("case", list(SIDE_FILES))
def test_a_damaged_file_beside_a_posterior_is_refused(case, tmp_path, cogov):
    name, content = SIDE_FILES[case]
    path = tmp_path / "posterior.parquet"
    ensemble().to_parquet(path)
    (tmp_path / name).write_bytes(content.encode("utf-8", "surrogateescape") if "\xff" not in content else b"\xff\xfe not utf-8")
    for command in _commands(path, tmp_path):
        refused(cogov(*command), name)


@pytest.mark.parametrize("content", [b"not parquet at all", b"PAR1" + b"\0" * 64 + b"PAR1", b""])
def test_a_posterior_that_is_not_parquet_is_refused(content, tmp_path, cogov):
    path = tmp_path / "posterior.parquet"
    path.write_bytes(content)
    refused(cogov(*_commands(path, tmp_path)[0]), str(path), "Parquet")


def test_weights_whose_sum_overflows_are_drawn_from_correctly(tmp_path):
    from sim.analysis.posterior import draw_parameter_sets, read_posterior

    path = tmp_path / "posterior.parquet"
    ensemble(weight=[1e308, 1e308]).to_parquet(path)
    table, _ = read_posterior(path)
    assert np.isclose(table["weight"].sum(), 1.0) and np.all(np.isfinite(table["weight"]))
    draws = draw_parameter_sets(path, 50, seed=1)
    assert {d["weight_efficacy"] for d in draws} == {1.0, 2.0}


# ---------------------------------------------------------------- manifests
@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A tiny sweep and a tiny run folder."""
    from reliability_helpers import TINY_SWEEP

    from sim.interfaces.cli import main

    root = tmp_path_factory.mktemp("manifests")
    assert main([*TINY_SWEEP, "--out", str(root / "sweep")]) == 0
    assert main(["run", "baseline", "--steps", "3", "--set", "width=10", "--set", "height=10", "--quiet",
                 "--out", str(root / "run")]) == 0
    return root


def edit(document: dict, path: str, value):
    *heads, last = path.split(".")
    target = document
    for head in heads:
        target = target[int(head)] if isinstance(target, list) else target[head]
    target[int(last) if isinstance(target, list) else last] = value


MANIFEST_EDITS = {
    "width as text": ("sweep", "base_parameters.width", "abc"),
    "width as 1e400": ("sweep", "base_parameters.width", "1e400"),
    "varied: 5": ("sweep", "varied", 5),
    "labels: 7": ("sweep", "labels", 7),
    "a label with a quote": ("sweep", "labels", ['a"b']),
    "a label the tables lack": ("sweep", "labels", ["missing"]),
    "steps as text": ("sweep", "steps", "104"),
    "replicate seeds as text": ("sweep", "replicate_seeds", "1,2"),
    "a schema of garbage": ("sweep", "schema", {"runs": 3}),
    "an unknown column type": ("sweep", "schema.runs.0", ["run_key", "decimal(1000)"]),
    "an unknown kind": ("sweep", "kind", "rocket"),
    "the run's width as text": ("run", "parameters.width", "abc"),
    "the run's steps negative": ("run", "steps", -4),
    "the run's seed as a float": ("run", "seed", 4.5),
    "the run's scenario as a list": ("run", "scenario", ["a"]),
}


@pytest.mark.parametrize("case", list(MANIFEST_EDITS))
def test_a_tampered_manifest_is_refused_by_every_reader(case, folders, tmp_path, cogov):
    kind, where, value = MANIFEST_EDITS[case]
    folder = tmp_path / kind
    shutil.copytree(folders / kind, folder)
    text = (folder / "manifest.json").read_text()
    document = json.loads(text)
    edit(document, where, value)
    (folder / "manifest.json").write_text(json.dumps(document).replace('"1e400"', "1e400"))
    for command in (("export", folder), ("export", folder, "--format", "behaviorspace"), ("report", folder),
                    ("query", folder, "SELECT count(*) FROM timeseries"), ("verify", folder)):
        refused(cogov(*command), "manifest.json")



@pytest.mark.parametrize("kind", ["sweep", "run"])
@pytest.mark.parametrize("replacement", ["a link to a file outside", "a folder", "a named pipe"])
def test_a_manifest_that_is_not_a_file_of_the_folder_is_damage_and_never_read(kind, replacement, folders, tmp_path, cogov):
    import os

    folder = tmp_path / kind
    shutil.copytree(folders / kind, folder)
    manifest = folder / "manifest.json"
    outside = tmp_path / "outside.json"
    outside.write_bytes(manifest.read_bytes())
    manifest.unlink()
    if replacement == "a folder":
        manifest.mkdir()
    elif replacement == "a named pipe":
        os.mkfifo(manifest)  # reading it would block: it must not be opened
    else:
        manifest.symlink_to(outside)
    for command in (("export", folder, "--out", tmp_path / "export"), ("report", folder, "--out", tmp_path / "r.html"),
                    ("query", folder, "SELECT count(*) FROM timeseries"), ("verify", folder)):
        refused(cogov(*command), "manifest.json")
    assert not (tmp_path / "export.parquet").exists() and not (tmp_path / "r.html").exists()


DAMAGED_RUN_FILES = {
    "flipped bytes": lambda p: p.write_bytes(p.read_bytes()[:200] + bytes(b ^ 0xFF for b in p.read_bytes()[200:260]) + p.read_bytes()[260:]),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "text instead of Parquet": lambda p: p.write_text("scenario,seed\nbaseline,4\n"),
    "empty": lambda p: p.write_bytes(b""),
}


@pytest.mark.parametrize("case", list(DAMAGED_RUN_FILES))
@pytest.mark.parametrize("checksum", ["with its checksum", "its checksum deleted"])
def test_damaged_parquet_in_a_run_folder_is_exit_2_naming_the_file(case, checksum, folders, tmp_path, cogov):
    folder = tmp_path / "run"
    shutil.copytree(folders / "run", folder)
    DAMAGED_RUN_FILES[case](folder / "timeseries.parquet")
    if checksum != "with its checksum":
        (folder / "timeseries.parquet.sha256").unlink()
    for command in (("export", folder), ("report", folder), ("query", folder, "SELECT * FROM timeseries"), ("verify", folder)):
        refused(cogov(*command), "timeseries.parquet")


def test_the_manifest_checks_exactly_the_column_types_the_store_writes():
    from sim.experiments.manifest import COLUMN_TYPE_NAMES
    from sim.experiments.store import TYPE_NAMES

    assert tuple(TYPE_NAMES) == COLUMN_TYPE_NAMES
