"""The README's commands run as written, in the order shown, at a small size (documentation that is executed).

Each `cogov` line of the README's bash blocks runs in a scratch folder that holds the repository's
`examples/` and the README's own example scenario file, with size options appended where the
command takes them (a 10 x 10 community, a few weeks, two replicates, eight samples, one worker):
argparse keeps the last value, so the README's own values are what a user would run, shrunk. A
command that is not run here is listed in NOT_RUN with the reason and where it is tested instead,
and a new README command that is in neither fails the test until it is classified.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from ecosystem_helpers import TINY

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

#: Size options appended to a command that takes them (the last value of an option wins).
SMALL = {
    "--steps": ["--steps", "6"],
    "--set": TINY,
    "--replicates": ["--replicates", "2"],
    "--samples": ["--samples", "8"],
    "--workers": ["--workers", "1"],
    "--draws": ["--draws", "2"],
}

#: Options shrunk only where the command gives them (they are refused or change the design elsewhere).
ONLY_IF_GIVEN = {"--samples", "--draws"}

#: README commands not run here: (start of the command line, why, where it is tested instead).
NOT_RUN = {
    "cogov dashboard": "starts a web server until stopped: tests/dashboard (server, browser)",
    "cogov classroom": "starts a web server until stopped: tests/classroom (command, browser)",
    "cogov calibrate": "an ABC-SMC over many generations: tests/validation (calibration at a small size)",
    "cogov hypotheses": "each hypothesis fixes its own weeks (shock, reform): tests/test_hypotheses.py at a small size",
    "cogov check-facts": "the facts need their own run lengths (two years, reform weeks): tests/validation",
    "cogov sweep ...": "a placeholder for 'the same command again' (recovery): tests/reliability",
    "cogov compare ...": "a placeholder for 'the same command again' (recovery): tests/reliability",
    "cogov sensitivity ...": "a placeholder for 'the same command again' (recovery): tests/reliability",
    "cogov verify results/compare --repair": "needs a damaged folder: tests/reliability/test_damaged_parts.py",
}


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("cogov "):
                commands.append(line)
    return commands


def not_run_reason(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


def shrunk(command: str) -> list[str]:
    from sim.interfaces.cli import build_parser

    argv = shlex.split(command)[1:]
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    options = subcommands.choices[argv[0]]._option_string_actions
    spec_sets = {"--steps", "--set", "--replicates"} if "--spec" in argv else set()  # the shrunk spec file holds them
    return argv + [word for flag, words in SMALL.items() if flag in options and flag not in spec_sets
                   and (flag not in ONLY_IF_GIVEN or flag in argv) for word in words]


def shrunk_spec(text: str) -> str:
    """A sweep spec file at the small size: few weeks, one replicate, the tiny community in [set]."""
    text = re.sub(r"^steps\s*=\s*\d+", "steps = 6", text, flags=re.M)
    text = re.sub(r"^replicates\s*=\s*\d+", "replicates = 1", text, flags=re.M)
    tiny = "".join(f"{TINY[i + 1].replace('=', ' = ')}\n" for i in range(0, len(TINY), 2))
    text = re.sub(r"^\[set\][^\n]*\n", lambda m: m.group(0) + tiny, text, count=1, flags=re.M)
    spec = tomllib.loads(text)
    assert spec["steps"] == 6 and spec["replicates"] == 1 and spec["set"]["width"] == 10, text
    return text


def readme_scenario_example() -> str:
    """The scenario file the README shows (the TOML block with a [scenario] table)."""
    text = README.read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", text, flags=re.S) if "[scenario]" in b]
    tomllib.loads(block)
    return block


def test_every_readme_command_is_run_here_or_listed_with_where_it_is_tested():
    commands = readme_commands()
    assert len(commands) >= 20
    for start in NOT_RUN:
        assert any(c.startswith(start) for c in commands), f"NOT_RUN lists {start!r}, which the README no longer shows"


@pytest.mark.slow
def test_readme_commands_run_in_order_at_a_small_size(tmp_path, monkeypatch, capsys):
    from sim.interfaces.cli import main

    (tmp_path / "examples").mkdir()
    for example in (ROOT / "examples").glob("*.toml"):
        (tmp_path / "examples" / example.name).write_text(shrunk_spec(example.read_text(encoding="utf-8")), encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "my_scenario.toml").write_text(readme_scenario_example(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ran = []
    for command in readme_commands():
        if not_run_reason(command):
            continue
        argv = shrunk(command)
        code = main(argv)
        captured = capsys.readouterr()
        assert code == 0, f"`{command}` (run as `cogov {shlex.join(argv)}`) exited {code}:\n{captured.err[-2000:]}"
        ran.append(command)
    assert len(ran) >= 14, ran
    # what the README promises those commands leave behind
    for folder in ("results/mine", "results/sweep", "results/sobol", "results/sweep-example"):
        assert (tmp_path / folder / "manifest.json").is_file(), folder
    assert (tmp_path / "results/sweep/report.html").is_file()
