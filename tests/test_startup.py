"""`cogov --help` starts quickly because heavy libraries are imported where they are used.

A structural check, not a timed one (the timing is ``benchmarks/startup.py``): the help of the
command line and of every sub-command must not import any of the heavy libraries below. When a
test here fails, move the named import into the function that needs it (README, "Performance").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Libraries that take tenths of a second to import; none may be loaded to print help.
HEAVY = ("pandas", "scipy", "matplotlib", "pyarrow", "seaborn", "solara", "dask", "duckdb", "pyabc", "SALib", "mesa",
         "networkx", "ipywidgets", "uvicorn", "starlette")
#: Also kept out of `cogov --help` itself (only `cogov calibrate --help` reads the parameter registry).
LIGHT_ONLY = ("numpy", "pydantic")


def run_python(*arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run([sys.executable, *arguments], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def imported_modules(importtime_log: str) -> set[str]:
    """The modules named in the output of ``python -X importtime``."""
    names = set()
    for line in importtime_log.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def heavy_among(modules: set[str], heavy: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in heavy)


def test_the_import_log_is_read():
    """The parser of the import log finds what it should (so that an empty result means something)."""
    result = run_python("-X", "importtime", "-c", "import json")
    assert result.returncode == 0, result.stderr
    assert {"json", "json.decoder"} <= imported_modules(result.stderr)


def test_cogov_help_imports_no_heavy_library():
    result = run_python("-X", "importtime", "-m", "sim.interfaces.cli", "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage: cogov" in result.stdout
    modules = imported_modules(result.stderr)
    assert "sim.interfaces.cli" in modules or "sim.interfaces" in modules
    assert heavy_among(modules, HEAVY + LIGHT_ONLY) == []


SCRIPT = """
import argparse, json, sys
from sim.interfaces.cli import build_parser
parser = build_parser()
parser.format_help()
print(json.dumps(["cogov --help", sorted(sys.modules)]))
commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
for name, command in commands.items():
    before = set(sys.modules)
    command.format_help()
    print(json.dumps([name, sorted(set(sys.modules) - before)]))
"""


@pytest.fixture(scope="module")
def modules_by_command() -> dict[str, list[str]]:
    """For each sub-command, the modules its help imported (beyond those before it); all, for the parser."""
    import json

    result = run_python("-c", SCRIPT)
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(json.loads(line) for line in result.stdout.splitlines())


def test_every_sub_commands_help_imports_no_heavy_library(modules_by_command):
    assert len(modules_by_command) > 10
    heavy = {name: heavy_among(set(modules), HEAVY) for name, modules in modules_by_command.items()}
    assert {name: found for name, found in heavy.items() if found} == {}


def test_building_the_parser_reads_no_registry(modules_by_command):
    """Building every sub-command's parser needs neither numpy nor pydantic; descriptions that do are built when shown."""
    assert heavy_among(set(modules_by_command["cogov --help"]), LIGHT_ONLY) == []
