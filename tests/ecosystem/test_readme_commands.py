"""Every `cogov` command the README and the guides in docs/ show is one the command line accepts, and the shipped example spec runs."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from ecosystem_helpers import fenced_commands

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "docs/cluster.md", "docs/how_to_test_a_hypothesis.md", "docs/classroom.md")


def documented_commands() -> list[tuple[str, str]]:
    return [(name, line) for name in DOCUMENTS for line in fenced_commands(ROOT / name)]


@pytest.mark.parametrize(("document", "command"), documented_commands())
def test_documented_command_parses(document, command):
    from sim.interfaces.cli import build_parser

    argv = [a.replace("$SLURM_ARRAY_TASK_ID", "1").replace("${SLURM_ARRAY_TASK_ID}", "1")
            .replace("${SLURM_ARRAY_TASK_COUNT}", "4").replace('"', "") for a in shlex.split(command)[1:]]
    args = build_parser().parse_args(argv)
    assert callable(args.handler), (document, command)


def test_shipped_example_spec_is_the_one_the_readme_shows_and_it_resolves():
    from sim.experiments import experiment_from_sweep, sweep_from_toml

    spec_path = ROOT / "examples" / "sweep.toml"
    shipped = tomllib.loads(spec_path.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = [tomllib.loads(block) for block in re.findall(r"```toml\n(.*?)```", readme, flags=re.S)]
    assert shipped in shown
    assert shipped["out"] and "examples/sweep.toml" in readme
    spec = sweep_from_toml(spec_path)
    assert experiment_from_sweep(spec).run_count == 50
