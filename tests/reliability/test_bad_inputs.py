"""Every class of bad input exits with status 2 and a short message; exit 1 stays for real bugs.

One test per class of input, each parametrised over the ways a user meets it. Run in this
process through ``sim.interfaces.cli.main``: no traceback may reach the user.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCENARIO = '[scenario]\ntitle_zh = "授权赋能"\ntitle_en = "Empowerment"\n[parameters]\nempowerment = {value}\n'
SWEEP = 'scenario = "baseline"\nreplicates = {value}\n[vary]\nempowerment = "0:1:3"\n'
LONG_NAME = "社区" * 100  # 600 bytes in UTF-8: more than a file name may have
DIGITS = "9" * 5000
NESTED = "[" * 5000 + "]" * 5000


def check(result, *fragments):
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err
    assert len(err) < 3000  # one paragraph, not an echo of the input
    for fragment in fragments:
        assert fragment in err, err
    return err


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


NOT_UTF8 = {
    "GBK scenario": ("scenario", SCENARIO.format(value="0.5").encode("gbk"), "GBK"),
    "GB18030 scenario with a comment": ("scenario", ("# 社区治理\n" + SCENARIO.format(value="0.5")).encode("gb18030"), "GBK"),
    "UTF-16 scenario": ("scenario", SCENARIO.format(value="0.5").encode("utf-16"), "UTF-16"),
    "Latin-1 scenario": ("scenario", "# café\n[scenario]\n".encode("latin-1"), "UTF-8"),
    "GBK sweep file": ("spec", ('# 扫描\n' + SWEEP.format(value=2)).encode("gbk"), "GBK"),
}


@pytest.mark.parametrize("case", list(NOT_UTF8))
def test_files_not_in_utf8_name_the_expected_encoding(case, tmp_path, cogov):
    kind, content, named = NOT_UTF8[case]
    path = write(tmp_path / "input.toml", content)
    argv = ("run", path, "--steps", "1", "--out", tmp_path / "o") if kind == "scenario" else ("sweep", "--spec", path, "--out", tmp_path / "o")
    check(cogov(*argv), "not UTF-8", named, "save it as UTF-8")
    if kind == "scenario":
        code, out, _ = cogov("validate", path)
        assert code == 2 and "FAIL" in out and "not UTF-8" in out


BINARY = {
    "every byte value": bytes(range(256)) * 8,
    "a PNG image": b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + bytes(64),
    "a gzip archive": b"\x1f\x8b\x08\x00" + bytes(100),
}


@pytest.mark.parametrize("case", list(BINARY))
@pytest.mark.parametrize("role", ["scenario", "spec"])
def test_binary_files_are_refused(case, role, tmp_path, cogov):
    path = write(tmp_path / "input.toml", BINARY[case])
    argv = ("run", path, "--steps", "1") if role == "scenario" else ("sweep", "--spec", path, "--out", tmp_path / "o")
    err = check(cogov(*argv))
    assert "binary file" in err or "not UTF-8" in err


HUGE_INTEGERS = {
    "in a scenario file": lambda tmp: ("run", write(tmp / "s.toml", SCENARIO.format(value=DIGITS)), "--steps", "1"),
    "in a sweep file": lambda tmp: ("sweep", "--spec", write(tmp / "s.toml", SWEEP.format(value=DIGITS)), "--out", tmp / "o"),
    "in --set": lambda tmp: ("run", "baseline", "--set", f"width={DIGITS}", "--steps", "1"),
    "in --vary": lambda tmp: ("sweep", "baseline", "--vary", f"width=10,{DIGITS}", "--out", tmp / "o"),
    "as a range count": lambda tmp: ("sweep", "baseline", "--vary", f"empowerment=0:1:{DIGITS}", "--out", tmp / "o"),
    "as --seed": lambda tmp: ("run", "baseline", "--seed", DIGITS),
    "as --replicates": lambda tmp: ("sweep", "baseline", "--replicates", DIGITS, "--out", tmp / "o"),
    "as --samples": lambda tmp: ("sweep", "baseline", "--design", "lhs", "--samples", DIGITS, "--vary", "pooling=0:1", "--out", tmp / "o"),
    "a 300-digit value in range form": lambda tmp: ("run", "baseline", "--set", "width=" + "9" * 300, "--steps", "1"),
}


@pytest.mark.parametrize("case", list(HUGE_INTEGERS))
def test_integers_of_thousands_of_digits_are_refused_briefly(case, tmp_path, cogov):
    err = check(cogov(*HUGE_INTEGERS[case](tmp_path)))
    assert "9" * 300 not in err


DEEP = {
    "in a scenario file": lambda tmp: ("run", write(tmp / "s.toml", SCENARIO.format(value=NESTED)), "--steps", "1"),
    "in scenario metadata": lambda tmp: ("validate", write(tmp / "s.toml", '[scenario]\ntitle_zh = "a"\ntitle_en = "b"\nhypotheses = ' + NESTED + "\n")),
    "in a sweep file": lambda tmp: ("sweep", "--spec", write(tmp / "s.toml", 'scenario = "baseline"\n[vary]\nempowerment = ' + NESTED + "\n"), "--out", tmp / "o"),
    "in --set": lambda tmp: ("run", "baseline", "--set", f"width={NESTED}", "--steps", "1"),
    "in --vary": lambda tmp: ("sweep", "baseline", "--vary", f"width={NESTED}", "--out", tmp / "o"),
    "shallow but wrong": lambda tmp: ("run", "baseline", "--set", "width=[[[1]]]", "--steps", "1"),
}


@pytest.mark.parametrize("case", list(DEEP))
def test_deeply_nested_arrays_are_refused(case, tmp_path, cogov):
    check(cogov(*DEEP[case](tmp_path)))


TOO_LONG = {
    "a scenario name": lambda tmp: ("run", LONG_NAME),
    "a scenario path": lambda tmp: ("run", str(tmp / f"{LONG_NAME}.toml")),
    "an extended scenario": lambda tmp: ("run", write(tmp / "child.toml", f'[scenario]\ntitle_zh = "a"\ntitle_en = "b"\nextends = "{LONG_NAME}"\n')),
    "run --out": lambda tmp: ("run", "baseline", "--steps", "1", "--out", tmp / LONG_NAME),
    "sweep --out": lambda tmp: ("sweep", "baseline", "--steps", "1", "--out", tmp / LONG_NAME),
    "compare --out": lambda tmp: ("compare", "baseline", "empowerment", "--steps", "1", "--out", tmp / LONG_NAME),
    "a results folder to query": lambda tmp: ("query", tmp / LONG_NAME, "SELECT 1"),
    "a sweep file": lambda tmp: ("sweep", "--spec", tmp / f"{LONG_NAME}.toml", "--out", tmp / "o"),
    "a path longer than any path": lambda tmp: ("run", "/".join(["abcdefgh"] * 600)),
}


@pytest.mark.parametrize("case", list(TOO_LONG))
def test_names_too_long_for_the_file_system_are_refused(case, tmp_path, cogov):
    err = check(cogov(*TOO_LONG[case](tmp_path)))
    assert "too long" in err or "not found" in err or "was not found" in err
    assert LONG_NAME not in err  # shortened in the message


def _edit_manifest(change):
    def apply(folder: Path) -> None:
        path = folder / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        result = change(manifest)
        path.write_bytes(result if isinstance(result, bytes) else json.dumps(result).encode())

    return apply


MANIFESTS = {
    "without its schema": _edit_manifest(lambda m: {k: v for k, v in m.items() if k != "schema"}),
    "without the runs schema": _edit_manifest(lambda m: {**m, "schema": {"timeseries": m["schema"]["timeseries"]}}),
    "with a schema of the wrong shape": _edit_manifest(lambda m: {**m, "schema": {"runs": 5, "timeseries": []}}),
    "with an unknown column type": _edit_manifest(lambda m: {**m, "schema": {**m["schema"], "runs": [["x", "decimal"]]}}),
    "without its format": _edit_manifest(lambda m: {k: v for k, v in m.items() if k != "format"}),
    "a JSON list": _edit_manifest(lambda m: [1, 2]),
    "not UTF-8": _edit_manifest(lambda m: json.dumps(m, ensure_ascii=False).encode("utf-16")),
}


@pytest.mark.parametrize("case", list(MANIFESTS))
@pytest.mark.parametrize("command", ["query", "verify", "resume"])
def test_a_damaged_manifest_is_reported_not_crashed_on(case, command, finished_sweep, tmp_path, cogov):
    import shutil

    from reliability_helpers import TINY_SWEEP

    folder = tmp_path / "copy"
    shutil.copytree(finished_sweep, folder)
    MANIFESTS[case](folder)
    argv = {"query": ("query", folder, "SELECT count(*) FROM runs"), "verify": ("verify", folder),
            "resume": (*TINY_SWEEP, "--out", folder)}[command]
    check(cogov(*argv), "manifest")


ESCAPES = {
    "a scenario name": ("run", "\x1b[2J\x1b[31mevil"),
    "a --set key": ("run", "baseline", "--set", "\x1b]0;title\x07width=5"),
    "a --vary value": ("sweep", "baseline", "--vary", "participation_rule=\x1b[5mblink", "--out", "/nonexistent-dir-x"),
    "a query folder": ("query", "/tmp/\x1b[2Jnothing-here", "SELECT 1"),
    "an unknown option": ("run", "baseline", "--\x1b[31mred"),
}


@pytest.mark.parametrize("case", list(ESCAPES))
def test_terminal_escape_codes_in_input_are_shown_escaped(case, cogov):
    err = check(cogov(*ESCAPES[case]))
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b" in err


WRONG_COMBINATIONS = {
    "--replicates 0 names --replicates": (("sweep", "baseline", "--vary", "pooling=0,1", "--replicates", "0"), "--replicates"),
    "--steps 0 names --steps": (("sweep", "baseline", "--vary", "pooling=0,1", "--steps", "0"), "--steps"),
    "--samples 0 names --samples": (("sweep", "baseline", "--design", "lhs", "--samples", "0", "--vary", "pooling=0:1"), "--samples"),
    "--levels 3 names --levels": (("sweep", "baseline", "--design", "morris", "--levels", "3", "--vary", "pooling=0:1"), "--levels"),
    "--vary and --set of one parameter": (("sweep", "baseline", "--vary", "pooling=0,1", "--set", "pooling=0.5"), "both varied (--vary) and fixed (--set)"),
    "--max-rows -1": (("query", "/tmp", "SELECT 1", "--max-rows", "-1"), "--max-rows"),
    "--max-rows 0": (("query", "/tmp", "SELECT 1", "--max-rows", "0"), "--max-rows"),
    "age shares beyond the whole population": (("run", "baseline", "--set", "share_young=0.6", "--set",
                                                "share_retired=0.6"), "share_young + share_retired must be at most 1"),
}


@pytest.mark.parametrize("case", list(WRONG_COMBINATIONS))
def test_nonsense_combinations_are_refused_naming_the_right_flag(case, tmp_path, cogov):
    argv, fragment = WRONG_COMBINATIONS[case]
    if argv[0] == "sweep":
        argv = (*argv, "--out", tmp_path / "o")
    err = check(cogov(*argv), fragment)
    if case.startswith("--replicates"):
        assert "--vary: replicates" not in err


def test_a_genuine_bug_still_exits_1_with_a_pointer_to_debug(cogov, monkeypatch):
    import sim.interfaces.cli as cli

    def broken(args):
        raise RuntimeError("an invariant was violated")

    monkeypatch.setattr(cli, "command_params", broken)
    code, _, err = cogov("params")
    assert code == 1 and "internal error: RuntimeError: an invariant was violated" in err and "--debug" in err


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


DAMAGED_FILES = {
    "a comparison's timeseries.parquet, for report": ("report", "timeseries.parquet"),
    "a comparison's summary.parquet, for report": ("report", "summary.parquet"),
}


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    from sim.interfaces.cli import main

    out = tmp_path_factory.mktemp("compare") / "compare"
    assert main(["compare", "baseline", "empowerment", "--replicates", "2", "--steps", "2", "--set", "width=10",
                 "--set", "height=10", "--workers", "1", "--quiet", "--out", str(out)]) == 0
    return out


@pytest.mark.slow
@pytest.mark.parametrize("case", list(DAMAGED_FILES))
def test_a_damaged_parquet_file_outside_the_store_is_reported(case, comparison, tmp_path, cogov):
    """Files a command writes beside the store (a comparison's tables) have no checksum, but reading
    them damaged is still a message and exit 2, never "a bug in cogov"."""
    import shutil

    command, name = DAMAGED_FILES[case]
    out = tmp_path / "compare"
    shutil.copytree(comparison, out)
    _truncated(out / name)
    check(cogov(command, out), "damaged", name)


def test_a_sweep_file_that_sets_and_varies_one_parameter_is_refused(tmp_path, cogov):
    spec = write(tmp_path / "sweep.toml", 'scenario = "baseline"\n[set]\npooling = 0.2\n[vary]\npooling = "0,1"\n')
    check(cogov("sweep", "--spec", spec, "--out", tmp_path / "o"), "pooling is both varied", "[vary]", "[set]")
