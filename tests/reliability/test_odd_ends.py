"""Odd ends: a broken pipe ends quietly; `show --format toml` writes TOML that `cogov validate`
accepts, with the right origin for every file; the EMA adapter checks its arguments up front;
`check-facts --strict` has an exit code of its own."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from sim.errors import UserInputError


@pytest.mark.parametrize("argv", [["params", "--format", "json"], ["params"], ["outcomes", "--format", "json"]])
def test_a_broken_pipe_ends_quietly(argv):
    process = subprocess.Popen([sys.executable, "-m", "sim.interfaces.cli", *argv], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()  # `| head -1`
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 0
    assert "internal error" not in err and "BrokenPipe" not in err and "Traceback" not in err and "Exception ignored" not in err


SCENARIO = '[scenario]\ntitle_zh = "标题"\ntitle_en = {title}\n[parameters]\nempowerment = 0.7\n'
TITLES = {
    "a DEL character": '"a\\u007Fb"',
    "an escape character": '"a\\u001Bb"',
    "a quote and a backslash": '"a\\"b\\\\c"',
    "a line break": '"first\\nsecond = 1\\n[parameters]"',
}


@pytest.mark.parametrize("title", list(TITLES))
@pytest.mark.parametrize("file_name", ["plain.toml", "with\nnewline\n[parameters]\nx = 1\n.toml", "名字 社区.toml"])
def test_show_writes_toml_that_validates(title, file_name, tmp_path, cogov):
    source = tmp_path / file_name
    source.write_text(SCENARIO.format(title=TITLES[title]), encoding="utf-8")
    out = tmp_path / "resolved.toml"
    code, _, err = cogov("show", source, "--format", "toml", "--out", out)
    assert code == 0, err
    code, printed, err = cogov("validate", out)
    assert code == 0, (printed, err)
    document = tomllib.loads(out.read_text(encoding="utf-8"))
    assert document["scenario"]["title_en"] == tomllib.loads(source.read_text(encoding="utf-8"))["scenario"]["title_en"]
    assert document["parameters"]["empowerment"] == 0.7
    assert set(document) == {"scenario", "parameters"}


def test_the_origin_column_is_right_for_a_file_with_a_byte_order_mark(tmp_path, cogov):
    source = tmp_path / "bom.toml"
    source.write_bytes("\ufeff".encode() + SCENARIO.format(title='"BOM"').encode())
    code, out, err = cogov("show", source)
    assert code == 0, err
    line = next(row for row in out.splitlines() if " empowerment " in row)
    assert line.rstrip().endswith("bom.toml") and "registry default" not in line
    child = tmp_path / "child.toml"
    child.write_text('[scenario]\ntitle_zh = "子"\ntitle_en = "child"\nextends = "bom.toml"\n[parameters]\npooling = 0.2\n')
    code, out, _ = cogov("show", child)
    rows = {row.split()[1]: row for row in out.splitlines() if row[:1] in "* " and len(row.split()) > 2}
    assert rows["empowerment"].rstrip().endswith("bom.toml") and rows["pooling"].rstrip().endswith("child.toml")


EMA_CASES = {
    "replications=0": ({"replications": 0}, "replications must be from 1 to"),
    "steps=-5": ({"steps": -5}, "steps must be from 1 to 5200; got -5"),
    "steps=2.5": ({"steps": 2.5}, "steps must be a whole number"),
    "a seed of True": ({"seed": True}, "seed must be a whole number"),
    "a fixed value out of range": ({"fixed": {"empowerment": 5.0}}, "empowerment"),
    "an unknown rule as a fixed value": ({"fixed": {"participation_rule": "astrology"}}, "participation_rule"),
    "an unknown rule among the levers": ({"uncertainties": [], "levers": {"participation_rule": ["logistic", "astrology"]}}, "astrology"),
    "an unknown fixed parameter": ({"fixed": {"not_a_parameter": 1}}, "unknown parameter"),
    "a fixed NaN": ({"fixed": {"width": float("nan")}}, "width"),
    "a range that is not a pair": ({"levers": {"empowerment": 5}}, "must be (low, high)"),
    "a range of text": ({"uncertainties": {"weight_efficacy": ("a", 2)}}, "weight_efficacy"),
    "an empty outcome list": ({"outcomes": []}, "at least one outcome"),
    "an unknown outcome": ({"outcomes": ["happiness"]}, "happiness"),
    "a model name with a space": ({"name": "my model"}, "identifier"),
    "an unknown scenario": ({"scenario": "utopia"}, "utopia"),
    "fixed is not a mapping": ({"fixed": [1, 2]}, "mapping"),
}


@pytest.mark.parametrize("case", list(EMA_CASES))
def test_the_ema_adapter_checks_every_argument_up_front(case):
    pytest.importorskip("ema_workbench")
    from sim.ema import ema_model

    arguments, fragment = EMA_CASES[case]
    with pytest.raises(UserInputError) as caught:
        ema_model(**arguments)
    assert fragment in str(caught.value)


def test_run_experiments_checks_its_counts():
    pytest.importorskip("ema_workbench")
    from sim.ema import ema_model, run_experiments

    model = ema_model(steps=1, levers=["empowerment"], uncertainties=[], fixed={"width": 10, "height": 10})
    for arguments in ({"scenarios": 0}, {"policies": -1}, {"seed": -3}):
        with pytest.raises(UserInputError):
            run_experiments(model, **arguments)


def test_check_facts_strict_has_an_exit_code_of_its_own(monkeypatch, cogov):
    """A failing counted pattern or calibration target under --strict exits 4: not 3 (a full disk), 2 (bad input) or 1 (a bug)."""
    import pandas as pd

    from sim.analysis import validation
    from sim.errors import CHECK_FAILED_EXIT

    fact = validation.FACT_BY_KEY[next(iter(validation.FACT_BY_KEY))]
    failing = type("Result", (), {"fact": type("Fact", (), {"counts": True, "judged": True})(), "passed": False})()
    # the command imports these from sim.analysis.validation when it runs
    monkeypatch.setattr(validation, "check_facts", lambda *a, **k: ([failing], {"status_quo": "", "reform": ""}))
    monkeypatch.setattr(validation, "results_frame", lambda results, name: pd.DataFrame({"scenario": [name]}))
    assert CHECK_FAILED_EXIT not in (0, 1, 2, 3, 130)
    code, _, _ = cogov("check-facts", "baseline", "--facts", fact.key, "--format", "json", "--strict")
    assert code == CHECK_FAILED_EXIT
    code, _, _ = cogov("check-facts", "baseline", "--facts", fact.key, "--format", "json")
    assert code == 0


def test_the_readme_documents_every_exit_code_and_every_repair_command():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Exit codes and recovery"):readme.index("### Notebooks")]
    codes = {int(code) for code in re.findall(r"^\| (\d+) \|", section, flags=re.M)}
    assert codes == {0, 1, 2, 3, 4, 130}
    for command in ("cogov verify", "--repair", "cogov verify results/compare --repair", "--retry-failed",
                    "quarantine", "abc.db", "cogov-results/1", ".tmp"):
        assert command in section, command
