"""``cogov verify DIR``: check a results folder's parts against their checksums and report.

Registered through ``sim.interfaces.cli.EXTENSIONS``. Exit status 0 when nothing is damaged
(an unfinished sweep is not damage: rerunning its command resumes it) or ``--repair`` moved the
damaged parts aside, 2 when parts are damaged.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    verify = subparsers.add_parser(
        "verify",
        help="check a results folder: every part against its checksum, journals, leftovers",
        description=(
            "Check every Parquet part of a results folder against the checksum recorded when it was written, "
            "and report damaged parts, finished runs still in journals and leftover temporary files. Damaged "
            "parts are repaired by rerunning the command that wrote the folder with --repair."
        ),
    )
    verify.add_argument("directory", type=Path, metavar="DIR", help="a folder written by cogov sweep, sensitivity or compare")
    verify.add_argument("--repair", action="store_true",
                        help="move damaged parts to DIR/quarantine/; rerunning the command that wrote DIR then runs their runs again")
    verify.set_defaults(handler=command_verify)


def command_verify(args: argparse.Namespace) -> int:
    from sim.experiments.integrity import damaged_error
    from sim.experiments.store import ResultStore

    store = ResultStore(args.directory)
    manifest = store.read_manifest()
    report = store.verify()
    finished = len(store.finished()) if report.ok else None
    print(f"{args.directory}: {report.checked} part(s) checked, {len(report.damaged)} damaged")
    for part in report.unchecked:
        print(f"  no checksum recorded (written by an older version), readable: {part.relative_to(args.directory)}")
    if report.pending_runs:
        print(f"  {report.pending_runs} finished run(s) are in journals; the next sweep session (or query) turns them into parts")
    for path in report.temporary_files:
        print(f"  leftover temporary file (safe to delete when no cogov process writes here): {path.relative_to(args.directory)}")
    if finished is not None:
        expected = manifest.get("runs")
        if isinstance(expected, int) and finished < expected:
            print(f"  {finished} of {expected} runs finished; rerun the command that wrote the folder to resume")
        else:
            print(f"  {finished} run(s) finished")
    if not report.ok and args.repair:
        moved = store.repair()
        print(f"repair: {len(moved)} part(s) (the damaged ones and their partners) moved to "
              f"{args.directory / 'quarantine'}; rerun the command that wrote the folder to run their runs again")
        return 0
    if not report.ok:
        raise damaged_error(args.directory, report.damaged)
    print("ok: every part matches its checksum")
    return 0
