"""Integrity of a results folder: a checksum per Parquet part, checked whenever parts are read.

Every part (``runs/part-*.parquet``, ``timeseries/part-*.parquet``) gets a sidecar
``part-*.parquet.sha256`` in ``sha256sum`` format, written before the part itself is moved into
place, so ``cd DIR/runs && sha256sum -c *.sha256`` works too. A part whose content no longer
matches its checksum (flipped bytes, a truncated copy) is *damaged*; a part without a sidecar
(written by an older version) is checked by reading it whole. Damaged parts are never read
silently: resuming and loading refuse with :class:`DamagedResultsError`, ``cogov verify DIR``
reports, and ``--repair`` moves each damaged part (with its partner in the other table) to
``DIR/quarantine/`` so that the next session reruns exactly the runs it held.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from sim.errors import UserInputError

SUFFIX = ".sha256"
QUARANTINE = "quarantine"
TABLES = ("runs", "timeseries")


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
    """Record the checksum of ``temporary`` (about to become ``part``) in ``part``'s sidecar."""
    target = sidecar(part)
    staging = target.with_name(f".{target.name}.tmp")
    try:
        staging.write_text(f"{file_digest(temporary)}  {part.name}\n", encoding="ascii")
        staging.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise


def part_problem(part: Path) -> str | None:
    """Why a committed part cannot be trusted, or None when it is intact."""
    try:
        recorded = sidecar(part).read_text(encoding="ascii").split()[0]
    except FileNotFoundError:
        return _unreadable(part)
    except (OSError, UnicodeDecodeError, IndexError):
        return "its checksum file is unreadable"
    try:
        actual = file_digest(part)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if actual != recorded:
        return f"its content changed after it was written (sha256 {actual[:12]}..., recorded {recorded[:12]}...)"
    return None


def _unreadable(part: Path) -> str | None:
    """For a part without a checksum: whether Parquet can read all of it."""
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
    """What ``cogov verify`` prints: damaged parts, parts without checksums, pending journals."""

    directory: Path
    checked: int = 0
    damaged: dict[Path, str] = field(default_factory=dict)
    unchecked: list[Path] = field(default_factory=list)  # no checksum recorded, but readable
    temporary_files: list[Path] = field(default_factory=list)
    pending_runs: int = 0  # finished runs still in journals (the next session turns them into parts)

    @property
    def ok(self) -> bool:
        return not self.damaged


def check_parts(directory: Path, parts: list[Path]) -> IntegrityReport:
    report = IntegrityReport(directory)
    for part in parts:
        report.checked += 1
        problem = part_problem(part)
        if problem:
            report.damaged[part] = problem
        elif not sidecar(part).exists():
            report.unchecked.append(part)
    report.temporary_files = sorted(p for p in directory.rglob("*.tmp") if p.is_file() and QUARANTINE not in p.parts)
    return report


def damaged_error(directory: Path, damaged: dict[Path, str]) -> DamagedResultsError:
    listed = [f"{part.relative_to(directory)}: {problem}" for part, problem in sorted(damaged.items())]
    return DamagedResultsError(
        f"{directory}: {len(damaged)} result part(s) are damaged, so nothing was read from them. "
        f"`cogov verify {directory}` reports on the whole folder; rerunning the command that wrote it with "
        "--repair (for example `cogov sweep ... --out DIR --repair`) moves the damaged parts to "
        f"{directory / QUARANTINE} and runs exactly their runs again (for any folder, `cogov verify DIR --repair` "
        "moves them, and rerunning its command reruns their runs):",
        listed[:10] + ([f"... and {len(listed) - 10} more"] if len(listed) > 10 else []),
    )


def quarantine(directory: Path, damaged: list[Path]) -> list[Path]:
    """Move damaged parts, their partners in the other table and their checksums to ``DIR/quarantine/``.

    Returns the parts moved. A part's partner goes too: the runs it describes must be rerun whole.
    """
    moved: list[Path] = []
    target = directory / QUARANTINE
    names = {p.name for p in damaged}
    for table in TABLES:
        for name in sorted(names):
            part = directory / table / name
            for path in (part, sidecar(part)):
                if path.exists():
                    destination = target / table / path.name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, destination)
                    if path is part:
                        moved.append(destination)
    return moved
