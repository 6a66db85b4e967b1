"""Run the PRIM walk-through of docs/ema_prim.md and write what it finds into the document.

    .venv/bin/python scripts/ema_prim_walkthrough.py           # run it, rewrite the generated blocks
    .venv/bin/python scripts/ema_prim_walkthrough.py --check   # run it, exit 1 if the document differs

The walk-through's code is ``examples/ema_prim_walkthrough.py``, shown verbatim in the document
(block WALKTHROUGH_CODE); its trajectory, box and reading (WALKTHROUGH_RESULT) and how long it took,
on which machine and with which evaluator (WALKTHROUGH_TIME) are generated here, so the document
cannot quote numbers the model no longer gives. tests/ecosystem/test_ema_prim.py checks the code
block on every run and, marked slow, reruns the walk-through and compares the result block.
"""

from __future__ import annotations

import os
import platform
import runpy
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.interfaces.docs import block, replace_block  # noqa: E402

DOCUMENT = ROOT / "docs" / "ema_prim.md"
WALKTHROUGH = ROOT / "examples" / "ema_prim_walkthrough.py"
MIN_COVERAGE = 0.8  # the walk-through reads the densest box covering at least this share (the code says so too)


def run_walkthrough() -> tuple[dict, float]:
    """Execute the walk-through file as a user would; return its namespace and the seconds it took."""
    backend = os.environ.get("MPLBACKEND")
    os.environ.setdefault("MPLBACKEND", "Agg")  # no display needed; restored below, so a caller's environment is kept
    try:
        started = time.perf_counter()
        namespace = runpy.run_path(str(WALKTHROUGH), run_name="__walkthrough__")
        return namespace, time.perf_counter() - started
    finally:
        if backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = backend


def _number(value: float) -> str:
    return f"{value:.3g}"


def result_markdown(namespace: dict) -> str:
    """The trajectory at its milestones, the box at the chosen step, and a reading of it, from the run."""
    box, x, chosen = namespace["box"], namespace["x"], namespace["chosen"]
    trajectory = box.peeling_trajectory
    first_with = {}
    for step, dims in enumerate(trajectory["res_dim"]):
        first_with.setdefault(int(dims), step)
    steps = sorted({0, *first_with.values(), chosen, len(trajectory) - 1})
    lines = [
        f"With cogov {metadata.version('cogov')} and EMA Workbench {metadata.version('ema_workbench')}, the "
        f"trajectory has {len(trajectory)} steps (0 to {len(trajectory) - 1}); the first step with each number of "
        f"restricted dimensions, the chosen step ({chosen}) and the last are",
        "",
        "| step | coverage | density | mass | dimensions restricted |",
        "|---:|---:|---:|---:|---:|",
    ]
    for step in steps:
        row = trajectory.iloc[step]
        lines.append(f"| {step} | {row['coverage']:.2f} | {row['density']:.2f} | {row['mass']:.2f} | {int(row['res_dim'])} |")
    limits, initial = box.box_lims[chosen], box.box_lims[0]
    restricted = [name for name in x.columns if (limits[name] != initial[name]).any()]
    lines += [
        "",
        f"and the box at step {chosen}, the densest that still covers at least {MIN_COVERAGE:.0%} of the cases, is",
        "",
        "| | low | high | sampled range |",
        "|---|---:|---:|---:|",
    ]
    for name in restricted:
        lines.append(f"| `{name}` | {_number(limits.loc[0, name])} | {_number(limits.loc[1, name])} "
                     f"| {_number(x[name].min())} – {_number(x[name].max())} |")
    row = trajectory.iloc[chosen]
    open_names = [name for name in x.columns if name not in restricted]
    lines += [
        "",
        f"Read it as: {row['coverage']:.0%} of the runs in the lowest resolution quarter lie inside this box, and "
        f"{row['density']:.0%} of the runs inside it are in that quarter. The box restricts "
        f"{', '.join(f'`{n}`' for n in restricted) or 'nothing'}; it leaves "
        f"{', '.join(f'`{n}`' for n in open_names) or 'nothing'} open: within their sampled ranges, whether a run "
        "ends in the lowest quarter does not depend on them.",
    ]
    return "\n".join(lines)


def time_markdown(namespace: dict, seconds: float) -> str:
    runs = len(namespace["experiments"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Measured by `scripts/ema_prim_walkthrough.py` on {datetime.now(UTC):%Y-%m-%d}: the {runs} runs took "
        f"{seconds:.0f} s with EMA's default evaluator, which runs the experiments one after another in one "
        f"process (one core), on a {os.cpu_count()}-core {platform.machine()} {platform.system()} machine with a "
        f"load average of {load:.1f} at the start (EMA's multiprocessing evaluator, below, spreads them over cores)."
    )


def render(text: str, namespace: dict, seconds: float | None) -> str:
    code = WALKTHROUGH.read_text(encoding="utf-8").rstrip("\n")
    text = replace_block(text, "WALKTHROUGH_CODE", f"```python\n{code}\n```")
    text = replace_block(text, "WALKTHROUGH_RESULT", result_markdown(namespace))
    if seconds is not None:
        text = replace_block(text, "WALKTHROUGH_TIME", time_markdown(namespace, seconds))
    return text


def main(argv: list[str]) -> int:
    namespace, seconds = run_walkthrough()
    text = DOCUMENT.read_text(encoding="utf-8")
    if "--check" in argv:
        stale = block(render(text, namespace, None), "WALKTHROUGH_RESULT") != block(text, "WALKTHROUGH_RESULT")
        print(f"docs/ema_prim.md {'is out of date: run scripts/ema_prim_walkthrough.py' if stale else 'matches the walk-through'}")
        return 1 if stale else 0
    DOCUMENT.write_text(render(text, namespace, seconds), encoding="utf-8")
    print(f"docs/ema_prim.md rewritten from a {seconds:.0f} s run")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
