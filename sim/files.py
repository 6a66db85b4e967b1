"""Writing files so that nothing finished is ever destroyed: the one helper every writer of cogov uses.

Every file cogov writes goes first to a temporary file in the same folder (``.NAME.PID-XXXXXX.tmp``),
is flushed to the disk (``fsync``), and is then renamed over its target with :func:`os.replace`,
which is atomic on POSIX file systems; the folder is synced too, so the rename survives a crash. A
write that fails (a full disk, Ctrl-C, a kill between the two steps) removes its temporary file
and leaves the previous version of the target, if any, exactly as it was: a reader sees the old
file or the new one, never half of one.

:func:`replacing` yields the temporary path for libraries that write to a path themselves
(``pyarrow.parquet.write_table``, ``DataFrame.to_csv``, ``Figure.savefig``); :func:`write_bytes`,
:func:`write_text` and :func:`write_json` cover the rest; :func:`create_exclusively` makes a
file only if it does not exist yet (a results folder's manifest, made by the first of several
sessions).

The same module guards where user-named outputs may go (:func:`check_output_file`): never into a
results folder's own files (its parts, journal, quarantine, sessions, locks, manifest, checksums
and the tables its command wrote), so that ``--csv``, ``--out`` of ``show``, ``export`` and
``report`` cannot overwrite a result.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sim.errors import UserInputError, is_no_space

TEMPORARY_SUFFIX = ".tmp"
MANIFEST = "manifest.json"
#: Sub-folders of a results folder that hold its data and bookkeeping (see sim.experiments.store).
RESERVED_FOLDERS = frozenset({"runs", "timeseries", "journal", "quarantine", "sessions", "locks", "figures"})
#: Names (before the first dot) of the files commands write into their results folder.
RESERVED_STEMS = frozenset({
    "manifest", "dictionary", "summary_columns", "timeseries", "summary", "verdicts", "values", "posterior",
    "populations", "prior", "ppc", "abc", "design", "salib_problem", "sensitivity", "sensitivity_second_order",
    "summary_by_draw", "posterior_summary",
})


def temporary_path(path: str | Path) -> Path:
    """A fresh temporary name beside ``path`` (hidden, unique to this process, short enough for any file system)."""
    path = Path(path)
    return path.with_name(f".{path.name[:180]}.{os.getpid()}-{secrets.token_hex(3)}{TEMPORARY_SUFFIX}")


def _fsync_path(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (file systems without directory fsync are left alone)."""
    with contextlib.suppress(OSError):
        _fsync_path(folder)


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path; when the block ends without error it atomically becomes ``path``.

    On any error (including a full disk and KeyboardInterrupt) the temporary file is removed and
    ``path`` keeps its previous content.
    """
    path = Path(path)
    temporary = temporary_path(path)
    try:
        yield temporary
        _fsync_path(temporary)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError) and is_no_space(exc) and not exc.filename:
            raise OSError(exc.errno or errno.ENOSPC, exc.strerror or "No space left on device", str(path)) from exc  # the message names the file being written
        raise
    sync_folder(path.parent)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path."""
    with replacing(path) as temporary, open(temporary, "xb") as handle:
        handle.write(data)
    return Path(path)


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text to ``path`` atomically."""
    try:
        data = text.encode("utf-8", "surrogateescape")  # a file name's undecodable bytes go back as they were
    except UnicodeEncodeError:
        data = text.encode("utf-8", "replace")
    return write_bytes(path, data)


def save_figure(figure, path: str | Path, dpi: int = 130) -> Path:
    """Save a matplotlib figure atomically, in the format its file name says (PNG by default)."""
    with replacing(path) as temporary:
        figure.savefig(temporary, dpi=dpi, format=Path(path).suffix.lstrip(".") or "png")
    return Path(path)


def json_text(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def write_json(path: str | Path, document: Any) -> Path:
    """Write a JSON document (indented, UTF-8) to ``path`` atomically."""
    return write_text(path, json_text(document))


def create_exclusively(path: str | Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` unless it exists (then return False); never a half-written file.

    The content is written and synced under a temporary name first, then linked to ``path``
    (``link`` fails if ``path`` exists, so of two sessions exactly one creates it).
    """
    path = Path(path)
    temporary = temporary_path(path)
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: an exclusive create, written whole before anyone reads it
            try:
                with open(path, "xb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            except FileExistsError:
                return False
        sync_folder(path.parent)
        return True
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


# ====================================================================== where user-named outputs may go
def looks_like_results_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder cogov wrote: a manifest.json beside the files of one of its commands."""
    if not (folder / MANIFEST).is_file():
        return False
    return any((folder / name).exists() for name in (
        "runs", "timeseries", "timeseries.parquet", "dictionary.csv", "abc.db", "posterior.parquet", "locks", "journal"))


def results_folders_of(path: Path) -> list[tuple[Path, Path]]:
    """Every results folder holding ``path`` (innermost first), each with ``path`` relative to it."""
    return [(folder, path.relative_to(folder)) for folder in path.parents if looks_like_results_folder(folder)]


def reserved_in_results_folder(relative: Path) -> bool:
    """Whether a path inside a results folder is one of that folder's own files or folders."""
    parts = relative.parts
    if not parts:
        return True
    if len(parts) > 1:
        return parts[0] in RESERVED_FOLDERS or parts[0].startswith(".")
    name = parts[0]
    return (name in RESERVED_FOLDERS or name.split(".")[0] in RESERVED_STEMS or name.startswith(".")
            or name.endswith((".sha256", TEMPORARY_SUFFIX)))


def absolute(path: Path) -> Path:
    """``path`` made absolute with every existing symbolic link resolved (so a link cannot smuggle a write inside)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def check_output_file(path: str | Path, option: str) -> Path:
    """Check a file the user asked a command to write; return it. Exit 2 when it would destroy a result.

    Refused: an empty path, a folder, a path too long for the file system, and any path inside a
    results folder's own structure (its parts, journal, quarantine, sessions, locks, manifest,
    checksums and result tables), even through a symbolic link.
    """
    from sim.inputs import check_path_length, shorten

    text = str(path)
    if not text.strip():
        raise UserInputError(f"{option}: the path is empty; give the name of the file to write.")
    check_path_length(text, option)
    target = Path(path)
    if text.endswith(os.sep) or target.name in ("", ".", "..") or target.is_dir():
        raise UserInputError(f"{option} {shorten(text)}: is a folder; give the name of the file to write in it.")
    real = absolute(target)
    for candidate in {absolute(target.parent) / target.name, real}:
        for folder, relative in results_folders_of(candidate):
            if not reserved_in_results_folder(relative):
                continue
            raise UserInputError(
                f"{option} {shorten(text)}: would overwrite {relative} of the results folder {folder}, one of its own files "
                "(parts, journal, quarantine, sessions, locks, manifest, checksums or result tables). Write somewhere "
                f"else, for example {folder / 'export' / Path(text).name} or a file outside the folder."
            )
    return target


def check_results_folder_target(out: str | Path, option: str = "--out") -> Path:
    """Check a results folder's ``--out`` before a command makes it: not empty, not a file, not inside another's files."""
    from sim.inputs import check_path_length, shorten

    text = str(out)
    if not text.strip():
        raise UserInputError(f"{option}: the path is empty; give the results folder to write.")
    check_path_length(text, option)
    for folder, relative in results_folders_of(absolute(Path(out))):
        if not reserved_in_results_folder(relative):
            continue
        raise UserInputError(
            f"{option} {shorten(text)}: lies inside {relative} of the results folder {folder}, among its own files; a new "
            "results folder there would damage it. Choose a folder outside it."
        )
    return Path(out)


@contextlib.contextmanager
def output_errors(path: str | Path, what: str) -> Iterator[None]:
    """Turn a failure to write ``path`` into a one-paragraph error; a full disk stays an OSError (exit 3)."""
    from sim.errors import is_no_space

    try:
        yield
    except OSError as exc:
        if is_no_space(exc):
            raise
        raise UserInputError(f"{what} {path}: cannot write the file ({exc.strerror or exc}). Choose a writable path.") from None


#: What each command that makes a results folder records as its kind (``kind``, or ``command`` for ``cogov run``).
FOLDER_COMMANDS = {"run": "run", "compare": "compare", "sweep": "sweep", "sensitivity": "sensitivity",
                   "hypotheses": "hypotheses", "calibration": "calibrate"}


def folder_kind(folder: Path) -> str | None:
    """The kind recorded in a folder's manifest.json (None without one); a damaged manifest is a clear error."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        document = None
    kind = (document.get("kind") or document.get("command")) if isinstance(document, dict) else None
    if not isinstance(kind, str):
        raise UserInputError(
            f"{path}: cannot be read as a cogov manifest, so what the folder holds is unknown and nothing in it is "
            "overwritten. Move the folder aside (or restore the manifest from a copy), or choose another --out."
        )
    return kind


def prepare_results_folder(out: str | Path, kind: str, option: str = "--out") -> Path:
    """Check and create the results folder a command of ``kind`` writes (exit 2 when that would damage anything).

    Refused: an empty path, a file, a folder inside another results folder's own files, a folder that
    holds the results of another kind of command, and a non-empty folder that cogov did not write.
    """
    from sim.inputs import check_path_length, shorten

    out = check_results_folder_target(out, option)
    check_path_length(out, option)
    if out.exists() and not out.is_dir():
        raise UserInputError(f"{option} {shorten(str(out))}: exists and is not a folder. Choose another path.")
    if out.is_dir():
        existing = folder_kind(out)
        if existing is not None and existing != kind:
            command = FOLDER_COMMANDS.get(existing, existing)
            raise UserInputError(
                f"{option} {shorten(str(out))}: holds the results of `cogov {command}` (kind {existing!r}), not of "
                f"`cogov {FOLDER_COMMANDS.get(kind, kind)}`; writing there would damage them. Choose another --out folder."
            )
        if existing is None:
            strangers = sorted(p.name for p in out.iterdir() if not _own_name(p.name, kind))
            if strangers:
                shown = ", ".join(strangers[:3]) + (", ..." if len(strangers) > 3 else "")
                raise UserInputError(
                    f"{option} {shorten(str(out))}: the folder is not empty ({shown}) and is not a cogov results "
                    "folder. Choose a new or empty folder."
                )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from sim.errors import is_no_space

        if is_no_space(exc):
            raise
        raise UserInputError(f"{option} {shorten(str(out))}: cannot create the folder ({exc.strerror}). Choose a writable path.") from None
    if not os.access(out, os.W_OK):
        raise UserInputError(f"{option} {shorten(str(out))}: the folder is not writable. Choose a writable path.")
    return out


def _own_name(name: str, kind: str) -> bool:
    """Whether a file or folder name is one a command of ``kind`` writes (a start cut short leaves such files)."""
    return (name in RESERVED_FOLDERS or name.split(".")[0] in RESERVED_STEMS or name.startswith(".")
            or name == "report.html" or (kind == "compare" and name.startswith("draw-")))
