"""Constants and helpers shared by the ecosystem tests (a module of its own: conftest modules of two folders clash on import)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

#: A 10 x 10 community: about 95 households, fast enough for tests that run dozens of runs.
TINY = ["--set", "width=10", "--set", "height=10", "--set", "zone_size_cells=10"]
TINY_VALUES = {"width": 10, "height": 10, "zone_size_cells": 10}


def fenced_commands(path: Path) -> list[str]:
    """The `cogov` command lines of a Markdown file's bash, console and sh blocks (indented blocks too).

    Continuation lines are joined, a `$ ` prompt and trailing comments are dropped, and a quoted
    argument may go on over several lines (an SQL query); each command comes back as one line.
    """
    text = path.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"^[ \t]*```(?:bash|console|sh)\n(.*?)^[ \t]*```", text, flags=re.S | re.M):
        pending = ""
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            if not pending and not line.startswith("cogov "):
                continue
            pending = f"{pending}\n{line}" if pending else line
            try:
                argv = shlex.split(pending, comments=True)
            except ValueError:  # an open quote: the argument goes on over the next line
                continue
            commands.append(shlex.join(argv))
            pending = ""
        assert not pending, f"{path.name}: an unclosed quote in {pending!r}"
    return commands
