"""Integrity of a results folder: what a sound folder is, checked whenever parts are read.

A results folder is *sound* when

* its structure is what :mod:`sim.experiments.store` writes: ``runs/`` and ``timeseries/`` are
  real folders inside it, and ``journal/``, ``locks/``, ``sessions/`` and ``quarantine/`` (when
  present) are too: no file in their place, no symbolic link, nothing resolving outside;
* every committed part is a regular file (not a link) with a checksum sidecar
  ``part-*.parquet.sha256`` in ``sha256sum`` format, written before the part is moved into place
  (so ``cd DIR/runs && sha256sum -c *.sha256`` works too), whose digest matches the part and
  whose file name is the part's own: a part copied with its checksum over another part's name,
  or under a new name, is found. In a folder of the current format a missing checksum is damage;
  a folder of the older format (``cogov-results/1``) may have parts without one, which are then
  checked by reading them whole;
* its runs are unique: no run key is finished ("ok") in two parts, each part's time series holds
  exactly the finished runs of its partner runs part, and each run's rows are unique per step,
  ``steps + 1`` of them (weeks 0 to ``steps``).

Damaged parts are never read silently: resuming and loading refuse with
:class:`DamagedResultsError`, ``cogov verify DIR`` reports, and ``--repair`` moves each damaged
part (with its partner in the other table) to ``DIR/quarantine/`` so that the next session
reruns exactly the runs it held. Repair never writes outside the folder: a quarantine that is a
link, or resolves elsewhere, is itself damage, which repair refuses to move anything through.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sim.errors import UserInputError

SUFFIX = ".sha256"
QUARANTINE = "quarantine"
TABLES = ("runs", "timeseries")
BOOKKEEPING = ("journal", "locks", "sessions", QUARANTINE)
_DIGEST = re.compile(r"[0-9a-f]{64}")


class DamagedResultsError(UserInputError):
    """Some committed parts of a results folder are damaged; nothing was read from them."""


def sidecar(part: Path) -> Path:
    return part.with_name(part.name + SUFFIX)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksum(temporary: Path, part: Path) -> None:
    """Record the checksum of ``temporary`` (about to become ``part``) in ``part``'s sidecar, naming ``part``."""
    from sim.files import write_text

    write_text(sidecar(part), f"{file_digest(temporary)}  {part.name}\n")


def part_problem(part: Path, checksum_required: bool = True) -> str | None:
    """Why a committed part cannot be trusted, or None when it is intact."""
    if part.is_symlink() or not part.is_file():
        return "is a symbolic link or not a regular file; a part must be a file inside the folder"
    checksum = sidecar(part)
    if checksum.is_symlink():
        return "its checksum file is a symbolic link"
    try:
        fields = checksum.read_text(encoding="ascii").split()
    except FileNotFoundError:
        if checksum_required:
            return ("no checksum recorded: every part of a folder of this format has one, so it was deleted, or the "
                    "part was copied in from elsewhere")
        return _unreadable(part)
    except (OSError, UnicodeDecodeError):
        return "its checksum file is unreadable"
    if len(fields) != 2 or not _DIGEST.fullmatch(fields[0]):
        return "its checksum file is not a sha256sum line"
    recorded, named = fields[0], fields[1].lstrip("*")
    if named != part.name:
        return f"its checksum was written for another part ({named[:80]}): the part was copied or renamed"
    try:
        actual = file_digest(part)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if actual != recorded:
        return f"its content changed after it was written (sha256 {actual[:12]}..., recorded {recorded[:12]}...)"
    return None


def _unreadable(part: Path) -> str | None:
    """For a part without a checksum (older format): whether Parquet can read all of it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(part) as parquet:  # one row group at a time: memory stays flat
            for group in range(parquet.num_row_groups):
                parquet.read_row_group(group)
    except (pa.ArrowException, OSError) as exc:
        return f"not a readable Parquet file ({str(exc).splitlines()[0][:120]})"
    return None


@dataclass
class IntegrityReport:
    """What ``cogov verify`` prints: damaged parts, structural damage, parts without checksums, journals."""

    directory: Path
    checked: int = 0
    damaged: dict[Path, str] = field(default_factory=dict)
    structure: list[str] = field(default_factory=list)  # damage that moving parts cannot repair
    unchecked: list[Path] = field(default_factory=list)  # no checksum recorded (older format), but readable
    temporary_files: list[Path] = field(default_factory=list)
    pending_runs: int = 0  # finished runs still in journals (the next session turns them into parts)

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.structure


def structure_problems(directory: Path) -> list[str]:
    """What is wrong with the folders of a results folder (empty when its structure is sound)."""
    problems = []
    root = Path(os.path.realpath(directory))
    for name in (*TABLES, *BOOKKEEPING):
        path = directory / name
        required = name in TABLES
        if path.is_symlink():
            problems.append(f"{name}/ is a symbolic link (to {os.readlink(path)}); a results folder keeps its files inside itself")
        elif path.exists() and not path.is_dir():
            problems.append(f"{name} is a file where the folder {name}/ belongs")
        elif not path.exists():
            if required:
                problems.append(f"{name}/ is missing")
        elif not Path(os.path.realpath(path)).is_relative_to(root):
            problems.append(f"{name}/ resolves outside the folder")
    if (directory / "manifest.json").is_symlink():
        problems.append("manifest.json is a symbolic link")
    return problems


def check_parts(directory: Path, parts: list[Path], checksum_required: bool = True) -> IntegrityReport:
    """Check the structure, each part's checksum and the uniqueness of runs across ``parts``."""
    report = IntegrityReport(directory)
    report.structure = structure_problems(directory)
    for part in parts:
        report.checked += 1
        problem = part_problem(part, checksum_required)
        if problem:
            report.damaged[part] = problem
        elif not sidecar(part).exists():
            report.unchecked.append(part)
    if not report.damaged:
        report.damaged.update(duplicate_runs(parts))
    report.temporary_files = sorted(
        p for p in directory.rglob("*.tmp") if p.is_file() and not p.is_symlink() and QUARANTINE not in p.relative_to(directory).parts
    ) if not report.structure else []
    return report


def duplicate_runs(parts: list[Path]) -> dict[Path, str]:
    """Parts that break the uniqueness of runs (see the module docstring), with the reason.

    Reads only the key columns: ``run_key``, ``status`` and ``steps`` of runs parts, ``run_key``
    and ``step`` of time-series parts, one part at a time.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    runs = {p.name: p for p in parts if p.parent.name == "runs"}
    series = {p.name: p for p in parts if p.parent.name == "timeseries"}
    problems: dict[Path, str] = {}
    owner: dict[str, Path] = {}  # run key finished ("ok") -> the runs part holding it
    for name, part in sorted(runs.items()):
        try:
            table = pq.read_table(part, columns=["run_key", "status", "steps"])
        except (pa.ArrowException, OSError, KeyError) as exc:
            problems[part] = f"its key columns cannot be read ({str(exc).splitlines()[0][:120]})"
            continue
        ok = table.filter(pc.equal(table.column("status"), "ok"))
        keys = ok.column("run_key").to_pylist()
        if len(set(keys)) != len(keys):
            problems[part] = "holds the same finished run twice"
        for key in keys:
            if key in owner and owner[key] != part:
                reason = f"holds finished runs that {owner[key].name} holds too (a part was copied)"
                problems[part] = problems[owner[key]] = reason
            owner.setdefault(key, part)
        expected_steps = dict(zip(keys, ok.column("steps").to_pylist(), strict=True))
        partner = series.get(name)
        if partner is None:
            if keys:
                problems[part] = f"records {len(keys)} finished run(s) whose time series part timeseries/{name} is missing"
            continue
        problem = _series_problem(partner, expected_steps)
        if problem:
            problems[partner] = problem
    return problems


def _series_problem(part: Path, expected_steps: dict[str, int]) -> str | None:
    """Whether a time-series part holds exactly its runs' weeks, each once."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(part, columns=["run_key", "step"])
    except (pa.ArrowException, OSError, KeyError) as exc:
        return f"its key columns cannot be read ({str(exc).splitlines()[0][:120]})"
    grouped = table.group_by("run_key").aggregate([("step", "count"), ("step", "count_distinct"), ("step", "min"), ("step", "max")])
    found = {key: (count, distinct, low, high) for key, count, distinct, low, high in zip(
        *(grouped.column(c).to_pylist() for c in ("run_key", "step_count", "step_count_distinct", "step_min", "step_max")), strict=True)}
    missing = set(expected_steps) - set(found)
    strangers = set(found) - set(expected_steps)
    if missing:
        return f"lacks the time series of {len(missing)} finished run(s) of its runs part"
    if strangers:
        return f"holds the time series of {len(strangers)} run(s) its runs part does not record as finished"
    for key, (count, distinct, low, high) in found.items():
        steps = expected_steps[key]
        if count != distinct:
            return f"holds some weeks of run {key[:12]}... more than once"
        if (count, low, high) != (steps + 1, 0, steps):
            return f"run {key[:12]}... has {count} week rows, not weeks 0 to {steps}"
    return None


def damaged_error(directory: Path, damaged: dict[Path, str], structure: list[str] | None = None) -> DamagedResultsError:
    listed = [f"{_relative(part, directory)}: {problem}" for part, problem in sorted(damaged.items())]
    structure = list(structure or [])
    if structure and not damaged:
        return DamagedResultsError(
            f"{directory}: the results folder's structure is damaged, so nothing was read from it. Moving parts aside "
            "cannot repair this: restore the folder from a copy, or rerun its command into a new --out folder:",
            structure,
        )
    return DamagedResultsError(
        f"{directory}: {len(damaged)} result part(s) are damaged, so nothing was read from them. "
        f"`cogov verify {directory}` reports on the whole folder; rerunning the command that wrote it with "
        "--repair (for example `cogov sweep ... --out DIR --repair`) moves the damaged parts to "
        f"{directory / QUARANTINE} and runs exactly their runs again (for any folder, `cogov verify DIR --repair` "
        "moves them, and rerunning its command reruns their runs):",
        structure + listed[:10] + ([f"... and {len(listed) - 10} more"] if len(listed) > 10 else []),
    )


def _relative(part: Path, directory: Path) -> Path:
    try:
        return part.relative_to(directory)
    except ValueError:
        return part


def quarantine(directory: Path, damaged: list[Path]) -> list[Path]:
    """Move damaged parts, their partners in the other table and their checksums to ``DIR/quarantine/``.

    Returns the parts moved. A part's partner goes too: the runs it describes must be rerun whole.
    Nothing is moved when the quarantine (or a folder in it) is a link or resolves outside the
    folder; a part already quarantined under the same name is kept (the newcomer gets a new name).
    """
    root = Path(os.path.realpath(directory))
    target = directory / QUARANTINE
    for folder in (target, *(target / table for table in TABLES)):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()) or (
                folder.exists() and not Path(os.path.realpath(folder)).is_relative_to(root)):
            raise DamagedResultsError(
                f"{directory}: {folder.relative_to(directory)} is a symbolic link or a file, or lies outside the folder, so "
                "damaged parts cannot be moved there safely. Remove it (it is not part of the results), then repair again."
            )
    moved: list[Path] = []
    names = {p.name for p in damaged}
    for table in TABLES:
        for name in sorted(names):
            part = directory / table / name
            destination = _free_name(target / table / name)
            for path, goes_to in ((part, destination), (sidecar(part), sidecar(destination))):
                if path.exists() or path.is_symlink():
                    goes_to.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, goes_to)
                    if path == part:
                        moved.append(goes_to)
    return moved


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with a number added when something (or its checksum) already has that name."""
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink() or sidecar(candidate).exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
