"""``cogov report DIR``: a self-contained HTML report of run, compare, sweep and sensitivity folders."""

from __future__ import annotations

import base64
import json
import re

import pytest

from sim.interfaces.cli import main

SMALL = ["--set", "width=12", "--set", "height=12"]
IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def report_of(folder, capsys) -> str:
    assert main(["report", str(folder)]) == 0
    assert "wrote" in capsys.readouterr().out
    page = (folder / "report.html").read_text(encoding="utf-8")
    # Self-contained: every image is embedded, nothing is fetched.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script" not in page and "<link" not in page
    images = IMAGE.findall(page)
    assert images, "no embedded figure"
    for data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    return page


@pytest.mark.slow
def test_run_folder(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "baseline", "--steps", "6", "--seed", "11", *SMALL, "--out", str(out), "--quiet"]) == 0
    page = report_of(out, capsys)
    assert "Single run" in page and "单次运行" in page
    assert "<th>seed 随机种子</th><td>11</td>" in page
    assert "Grid width" in page  # changed parameters are listed with their labels
    assert "mesa 3.5.1" in page
    assert "Outcomes at the final week" in page


@pytest.mark.slow
def test_compare_folder(tmp_path, capsys):
    out = tmp_path / "compare"
    assert main(["compare", "baseline", "empowerment", "--replicates", "2", "--steps", "6", *SMALL,
                 "--workers", "1", "--out", str(out), "--quiet"]) == 0
    page = report_of(out, capsys)
    manifest = json.loads((out / "manifest.json").read_text())
    assert all(str(seed) in page for seed in manifest["replicate_seeds"])
    assert "95% confidence bands" in page and "Paired difference" in page
    assert len(IMAGE.findall(page)) == 2
    assert "effect_size" in page


@pytest.mark.slow
def test_two_lever_grid_sweep_gets_heatmaps(tmp_path, capsys):
    out = tmp_path / "sweep"
    assert main(["sweep", "baseline", "--vary", "empowerment=0,1", "--vary", "pooling=0,0.5", "--replicates", "2",
                 "--steps", "6", *SMALL, "--workers", "1", "--out", str(out), "--quiet"]) == 0
    page = report_of(out, capsys)
    assert "for each combination of empowerment and pooling" in page  # the heatmap caption
    assert "Lever effects" in page
    assert page.count("<tr>") >= 4 + 10  # four design points in the table, plus the manifest rows


@pytest.mark.slow
def test_sensitivity_folder_gets_sobol_bars(tmp_path, capsys):
    out = tmp_path / "sobol"
    assert main(["sensitivity", "baseline", "--method", "sobol", "--vary", "empowerment=0:1", "--vary", "pooling=0:1",
                 "--samples", "4", "--no-second-order", "--outcome", "resolution_rate", "--steps", "6", *SMALL,
                 "--workers", "1", "--out", str(out), "--quiet"]) == 0
    page = report_of(out, capsys)
    assert "Sobol&#x27; indices" in page or "Sobol' indices" in page
    assert "Sensitivity indices" in page


def test_missing_folder_is_exit_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_folder_without_manifest_is_exit_2(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "no manifest.json" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "message"), [('{"command": "dance"}', "unrecognised kind"), ("{not json", "not valid JSON")])
def test_unrecognised_manifest_is_exit_2(tmp_path, capsys, content, message):
    (tmp_path / "manifest.json").write_text(content, encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
