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
            "Check a results folder: its structure, every Parquet part and table against the checksum recorded when "
            "it was written (and naming that very file), finished runs unique and complete, a calibration's database; "
            "report damaged parts, finished runs still in journals and leftover temporary files. Exit 2 when "
            "something is damaged. Damaged parts are repaired with --repair, then by rerunning the command that "
            "wrote the folder."
        ),
    )
    verify.add_argument("directory", type=Path, metavar="DIR",
                        help="a folder written by cogov run, compare, sweep, sensitivity, hypotheses or calibrate")
    verify.add_argument("--repair", action="store_true",
                        help="move damaged parts to DIR/quarantine/; rerunning the command that wrote DIR then runs their runs again")
    verify.set_defaults(handler=command_verify)


def command_verify(args: argparse.Namespace) -> int:
    from sim.experiments.folders import check_folder, damaged_folder_error
    from sim.experiments.integrity import damaged_error

    directory = args.directory
    folder = check_folder(directory)
    report = folder.store
    if report is not None:
        print(f"{directory}: {report.checked} part(s) checked, {len(report.damaged)} damaged")
        for problem in report.structure:
            print(f"  damaged structure: {problem}")
        for part in report.unchecked:
            print(f"  no checksum recorded (written by an older version), readable: {part.relative_to(directory)}")
        if report.pending_runs:
            print(f"  {report.pending_runs} finished run(s) are in journals; the next sweep session (or query) turns them into parts")
        for path in report.temporary_files:
            print(f"  leftover temporary file (safe to delete when no cogov process writes here): {path.relative_to(directory)}")
        if report.ok:
            from sim.experiments.store import ResultStore

            store = ResultStore(directory)
            store.read_manifest()
            finished = len(store.finished())
            expected = folder.manifest.get("runs")
            if isinstance(expected, int) and finished < expected:
                print(f"  {finished} of {expected} runs finished; rerun the command that wrote the folder to resume")
            else:
                print(f"  {finished} run(s) finished")
    else:
        print(f"{directory}: a `{folder.kind}` folder, {len(folder.tables)} table(s) checked, {len(folder.damaged)} damaged")
    for path in folder.tables:
        state = folder.damaged.get(path) or ("readable, no checksum recorded (older version)" if path in folder.unchecked else "ok")
        print(f"  {path.relative_to(directory)}: {state}")
    for path, problem in folder.damaged.items():
        if path not in folder.tables:
            print(f"  {path.relative_to(directory)}: {problem}")
    if report is not None and not report.ok:
        if args.repair and not report.structure:
            from sim.experiments.store import ResultStore

            store = ResultStore(directory)
            store.read_manifest()
            moved = store.repair()
            print(f"repair: {len(moved)} part(s) (the damaged ones and their partners) moved to "
                  f"{directory / 'quarantine'}; rerun the command that wrote the folder to run their runs again")
            if folder.damaged:
                raise damaged_folder_error(folder)
            return 0
        raise damaged_error(directory, report.damaged, report.structure)
    if folder.damaged:
        raise damaged_folder_error(folder)
    print("ok: every part matches its checksum (every table too), and every run is there once")
    return 0
