"""The results store: runs stream to disk as they finish, and a crash loses only runs in flight.

Layout of a results folder::

    DIR/manifest.json                   what this folder holds (written once; see below)
    DIR/runs/part-WRITER-SEQ.parquet    one row per run: keys, status, error, parameters, final outcomes
    DIR/timeseries/part-WRITER-SEQ.parquet   one row per run and step: every outcome
    DIR/journal/WRITER/SEQ.*.arrows     runs finished since the last part was written
    DIR/sessions/WRITER.json            who wrote what: host, process, executor, counts, versions
    DIR/locks/                          advisory locks (flock) between concurrent sessions
    DIR/quarantine/                     damaged parts moved aside by --repair (their runs are run again)

Each *writer* (one per ``cogov sweep`` process, or per shard of a job array) appends every
finished run to its journal at once (Arrow IPC streams, one record batch per run: the time
series first, then the run's row, which commits it), and every ``batch_size`` runs (or
``flush_seconds``) turns the journal into one Parquet part per table: no file per run, however
many runs. A part is committed when its ``runs`` file exists; readers ignore a ``timeseries``
part without one. When a writer dies (SIGKILL, a node lost), the next session on the folder finds
its journal unlocked and converts it to parts, keeping every run whose row was complete.

Nothing finished is deleted when a write fails: a journal is removed only once its runs are in
committed parts, a failed part write removes its own temporary files, and a full disk ends the
session with :class:`sim.errors.DiskFullError` (the journal kept; the next session turns it into
parts). Each part has a checksum (:mod:`sim.experiments.integrity`), checked whenever parts are
read: damaged parts are reported, never read silently, and ``--repair`` reruns their runs.

The manifest is written once, atomically, by the first session; later sessions (resumes,
other shards) check that they describe the same experiment (its *fingerprint*: base
parameters, points, replicates, steps, master seed and model version) and refuse otherwise.
Memory stays flat: at most one batch of runs is held, plus the keys of finished runs.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import DiskFullError, UserInputError, is_no_space
from sim.experiments import integrity
from sim.experiments.dictionary import write_dictionary
from sim.inputs import check_path_length
from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY

FORMAT = "cogov-results/2"
#: Older formats still read (query, verify, export, report) but not resumed: their parts may lack checksums.
LEGACY_FORMATS = ("cogov-results/1",)
RUN_COLUMNS = (
    ("run_key", pa.string()),
    ("point", pa.int64()),
    ("replicate", pa.int64()),
    ("seed", pa.int64()),
    ("steps", pa.int64()),
    ("status", pa.string()),
    ("error", pa.string()),
    ("attempts", pa.int64()),
    ("duration_seconds", pa.float64()),
    ("worker", pa.string()),
    ("finished_at", pa.timestamp("ms", tz="UTC")),
)
KIND_TYPES = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(), "choice": pa.string()}
TYPE_NAMES = {str(arrow): arrow for arrow in (pa.float64(), pa.int64(), pa.bool_(), pa.string(), pa.timestamp("ms", tz="UTC"))}
DEFAULT_BATCH_SIZE = 250
DEFAULT_FLUSH_SECONDS = 60.0


# ---------------------------------------------------------------------------- schemas
def schemas(labels: list[str], varied: list[str]) -> tuple[pa.Schema, pa.Schema]:
    """Arrow schemas of the ``runs`` and ``timeseries`` tables of an experiment.

    Outcomes are stored as float64 (counts are whole numbers); a failed run's outcomes are null.
    """
    label_fields = [(name, pa.string()) for name in labels]
    parameter_fields = [(name, KIND_TYPES[spec.kind]) for name, spec in REGISTRY.items()]
    outcome_fields = [(name, pa.float64()) for name in OUTCOMES]
    runs = [*RUN_COLUMNS, *label_fields, *parameter_fields, *outcome_fields]
    names = [n for n, _ in runs]
    if len(set(names)) != len(names):
        duplicated = sorted({n for n in names if names.count(n) > 1})
        raise RuntimeError(f"column names clash between run fields, labels, parameters and outcomes: {duplicated}")
    series = [
        *RUN_COLUMNS[:4], *label_fields, *[(n, KIND_TYPES[REGISTRY[n].kind]) for n in varied],
        ("step", pa.int64()), *outcome_fields,
    ]
    return pa.schema(runs), pa.schema(series)


def schema_to_json(schema: pa.Schema) -> list[list[str]]:
    return [[f.name, str(f.type)] for f in schema]


def schema_from_json(columns: list[list[str]]) -> pa.Schema:
    return pa.schema([(name, TYPE_NAMES[kind]) for name, kind in columns])


# ---------------------------------------------------------------------------- locks
class Lock:
    """An advisory ``flock`` on a file; ``supported`` is False on file systems without locks."""

    supported = True

    def __init__(self, path: Path):
        self.path = path
        self.handle = None

    def acquire(self, shared: bool = False, blocking: bool = False) -> bool:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a+")  # noqa: SIM115 - held for the session
        flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(self.handle.fileno(), flags)
        except BlockingIOError:
            self.handle.close()
            self.handle = None
            return False
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                Lock.supported = False
                return True
            raise
        return True

    def release(self, remove: bool = False) -> None:
        if self.handle is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.handle.close()
        self.handle = None


# ---------------------------------------------------------------------------- the store
class ResultStore:
    """A results folder (see the module docstring). One instance is one writer."""

    def __init__(self, directory: str | Path, batch_size: int = DEFAULT_BATCH_SIZE, flush_seconds: float = DEFAULT_FLUSH_SECONDS,
                 repair: bool = False):
        self.directory = Path(directory)
        self.repair_damaged = repair  # quarantine damaged parts when a session begins
        self.batch_size = max(1, int(batch_size))
        self.flush_seconds = float(flush_seconds)
        self.writer = _safe(f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}")
        self.manifest: dict[str, Any] | None = None
        self.runs_schema: pa.Schema | None = None
        self.timeseries_schema: pa.Schema | None = None
        self._locks: list[Lock] = []
        self._sequence = 0
        self._journal = None  # (runs sink, runs stream, series sink, series stream)
        self._buffer_runs: list[dict[str, Any]] = []
        self._buffer_series: list[pa.Table] = []
        self._last_flush = time.monotonic()
        self.session: dict[str, Any] = {}

    # ------------------------------------------------------------------ paths
    @property
    def manifest_path(self) -> Path:
        return self.directory / "manifest.json"

    @property
    def runs_dir(self) -> Path:
        return self.directory / "runs"

    @property
    def timeseries_dir(self) -> Path:
        return self.directory / "timeseries"

    @property
    def journal_dir(self) -> Path:
        return self.directory / "journal"

    @property
    def locks_dir(self) -> Path:
        return self.directory / "locks"

    def part_name(self, writer: str, sequence: int) -> str:
        return f"part-{writer}-{sequence:06d}.parquet"

    # ------------------------------------------------------------------ manifest
    def read_manifest(self) -> dict[str, Any]:
        """The folder's manifest, every field's type checked, or a clear error when this is not a results folder."""
        from sim.experiments.manifest import STORE_KINDS, load_manifest, manifest_kind, read_json_object

        check_path_length(self.directory, "results folder")
        if self.manifest_path.is_file() and not self.manifest_path.is_symlink():  # a link: refused by load_manifest
            kind = manifest_kind(read_json_object(self.manifest_path))
            if kind in ("run", "calibration"):
                raise UserInputError(
                    f"{self.directory}: a folder of `cogov {'run' if kind == 'run' else 'calibrate'}`, which holds no sweep "
                    "results store, so it cannot be resumed or repaired as one (query, verify, export and report read it)."
                )
        _, manifest = load_manifest(self.directory, STORE_KINDS)
        if manifest.get("format") not in (FORMAT, *LEGACY_FORMATS):
            raise UserInputError(
                f"{self.directory}: its manifest.json was not written by this version of the experiment layer "
                f"(format {manifest.get('format')!r}, expected {FORMAT!r}); results from other versions cannot be "
                "resumed or queried. Use a new --out folder."
            )
        self.manifest = manifest
        self.runs_schema = schema_from_json(manifest["schema"]["runs"])
        self.timeseries_schema = schema_from_json(manifest["schema"]["timeseries"])
        return manifest

    @property
    def legacy(self) -> bool:
        """Whether the folder has the older format, whose parts may lack checksums (read, not resumed)."""
        return self.manifest is not None and self.manifest.get("format") in LEGACY_FORMATS

    def create_or_check(self, experiment, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Write the manifest of a new folder, or check that an existing one holds this experiment."""
        from sim.experiments.keys import model_version, model_version_text
        from sim.experiments.runs import provenance

        self._prepare_directory(experiment.kind)
        identity = experiment.identity()
        fingerprint = experiment.fingerprint()
        if not self.manifest_path.exists():
            runs, series = schemas(list(experiment.labels), experiment.varied)
            manifest = {
                "format": FORMAT,
                **experiment.document,
                **(extra or {}),
                "kind": experiment.kind,
                "fingerprint": fingerprint,
                "identity": identity,
                "model_version": model_version(),
                "model_version_text": model_version_text(),
                "run_key": "sha256 of the point digest (sha256 of the full parameters), seed, steps and model version",
                "base_parameters": experiment.base,
                "varied": experiment.varied,
                "labels": list(experiment.labels),
                "points": experiment.point_count,
                "replicates": experiment.replicates,
                "runs": experiment.run_count,
                "steps": experiment.steps,
                "master_seed": experiment.master_seed,
                "replicate_seeds": experiment.seeds,
                "common_random_numbers": True,
                "seed_scheme": "numpy.random.SeedSequence(master_seed).spawn(replicates); replicate r uses the same seed at every point"
                + (f" of a seed block; points with different '{experiment.seed_block}' are independent blocks, block b using "
                   "master seed sim.experiments.runs.block_master_seed(master_seed, b)" if experiment.seed_block else ""),
                "schema": {"runs": schema_to_json(runs), "timeseries": schema_to_json(series)},
                **provenance(),
            }
            if self._create_exclusively(manifest):
                self.manifest, self.runs_schema, self.timeseries_schema = manifest, runs, series
                write_dictionary(self.directory, experiment.varied)
                return manifest
        existing = self.read_manifest()
        if self.legacy:
            raise UserInputError(
                f"{self.directory}: written by an older version of cogov (format {existing.get('format')!r}, whose parts "
                f"may lack checksums); it can still be read (query, verify, export, report) but not resumed. Rerun the "
                "command into a new --out folder."
            )
        if existing.get("fingerprint") != fingerprint:
            differences = describe_differences(existing, identity, experiment.document)
            raise UserInputError(
                f"{self.directory} already holds a different experiment, so these runs would not belong with "
                f"it ({'; '.join(differences) or 'the design points differ'}). Resuming needs the same command as "
                "before; for a new experiment choose another --out folder."
            )
        return existing

    def update_manifest(self, **fields: Any) -> None:
        """Add fields to the manifest (for single-writer uses such as ``cogov compare``)."""
        manifest = {**self.read_manifest(), **fields}
        _write_json_atomically(self.manifest_path, manifest)
        self.manifest = manifest

    def _prepare_directory(self, kind: str) -> None:
        from sim.files import prepare_results_folder

        prepare_results_folder(self.directory, kind)
        try:
            for folder in (self.runs_dir, self.timeseries_dir, self.journal_dir, self.locks_dir, self.directory / "sessions"):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if is_no_space(exc):
                raise
            raise UserInputError(f"--out {self.directory}: cannot create the folder ({exc.strerror}). Choose a writable path.") from None

    def _create_exclusively(self, manifest: dict[str, Any]) -> bool:
        """Create manifest.json unless another session did first (then return False)."""
        from sim.files import create_exclusively, json_text

        with self._no_space_guard():
            return create_exclusively(self.manifest_path, json_text(manifest).encode("utf-8"))

    # ------------------------------------------------------------------ sessions
    def begin(self, shard: tuple[int, int] | None = None, description: str = "") -> None:
        """Start writing: take the session locks, recover dead writers' journals."""
        if self.manifest is None:
            self.read_manifest()
        sweep_lock = Lock(self.locks_dir / "sweep.lock")
        if not sweep_lock.acquire(shared=shard is not None):
            raise UserInputError(
                f"{self.directory}: another cogov process is writing to this folder "
                f"({'the whole sweep' if shard else 'a sweep or a shard of it'}). Wait for it to finish, or stop it first."
            )
        self._locks.append(sweep_lock)
        if shard is not None:
            shard_lock = Lock(self.locks_dir / f"shard-{shard[0]}-of-{shard[1]}.lock")
            if not shard_lock.acquire():
                raise UserInputError(f"{self.directory}: shard {shard[0]}/{shard[1]} is already being run by another process.")
            self._locks.append(shard_lock)
        writer_lock = Lock(self.locks_dir / f"writer-{self.writer}.lock")
        writer_lock.acquire()
        self._locks.append(writer_lock)
        if not Lock.supported:
            print(
                f"warning: the file system of {self.directory} does not support file locks; run at most one session on "
                "this folder at a time (distinct --shard slices are fine). Journals of killed sessions on other "
                "hosts are recovered once their session is known to have ended.",
                file=sys.stderr,
            )
        from sim.experiments.runs import provenance

        self.session = {
            "writer": self.writer,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "shard": f"{shard[0]}/{shard[1]}" if shard else None,
            "executor": description,
            "started": _now().isoformat(timespec="seconds"),
            **{k: v for k, v in provenance().items() if k != "created"},
        }
        with self._no_space_guard():
            self._write_session()
            self.recover()
        if self.repair_damaged:
            moved = self.repair()
            print(f"repair: {len(moved)} part(s) (the damaged ones and their partners in the other table) moved to "
                  f"{self.directory / integrity.QUARANTINE}; their runs run again" if moved
                  else "repair: no damaged parts found", file=sys.stderr)

    def end(self, counts: dict[str, Any] | None = None) -> None:
        """Write what is buffered, record the session, release the locks.

        The journal is removed only when its runs are safely in parts; after a failed write it
        stays for the next session to recover.
        """
        flushed = False
        try:
            self.flush()
            flushed = True
        finally:
            if self.session:
                self.session.update(finished=_now().isoformat(timespec="seconds"), **(counts or {}))
                with contextlib.suppress(OSError):
                    self._write_session()
            self._close_journal(remove=flushed)
            for lock in reversed(self._locks):
                lock.release(remove=lock.path.name.startswith("writer-"))
            self._locks.clear()

    def _write_session(self) -> None:
        _write_json_atomically(self.directory / "sessions" / f"{self.writer}.json", self.session)

    # ------------------------------------------------------------------ what is done
    def committed_parts(self, verify: bool = False) -> tuple[list[Path], list[Path]]:
        """Committed runs parts and the time-series parts that belong to them.

        With ``verify``, the folder is checked first (:func:`sim.experiments.integrity.check_parts`:
        structure, checksums, unique runs) and damage raises
        :class:`~sim.experiments.integrity.DamagedResultsError`.
        """
        runs = sorted(self.runs_dir.glob("part-*.parquet")) if _real_folder(self.runs_dir) else []
        names = {p.name for p in runs}
        series = (sorted(p for p in self.timeseries_dir.glob("part-*.parquet") if p.name in names)
                  if _real_folder(self.timeseries_dir) else [])
        if verify:
            report = integrity.check_parts(self.directory, [*runs, *series], checksum_required=not self.legacy)
            if not report.ok:
                raise integrity.damaged_error(self.directory, report.damaged, report.structure)
        return runs, series

    def verify(self) -> integrity.IntegrityReport:
        """Check the whole folder (``cogov verify``); the report also counts runs kept in journals."""
        runs, series = self.committed_parts()
        report = integrity.check_parts(self.directory, [*runs, *series], checksum_required=not self.legacy)
        report.pending_runs = self.journaled_runs() if not report.structure else 0
        return report

    def repair(self) -> list[Path]:
        """Quarantine damaged parts (with their partners) so that their runs are run again.

        Structural damage (a folder replaced by a file or a link) cannot be repaired by moving parts
        and is refused with its own message.
        """
        report = self.verify()
        if report.structure:
            raise integrity.damaged_error(self.directory, {}, report.structure)
        return integrity.quarantine(self.directory, list(report.damaged)) if report.damaged else []

    def journaled_runs(self) -> int:
        """Finished runs held in journals (this writer's and dead writers'), not yet in parts."""
        if not self.journal_dir.is_dir() or self.runs_schema is None:
            return 0
        return sum(_read_stream(path, self.runs_schema).num_rows for path in self.journal_dir.glob("*/*.runs.arrows"))

    @contextlib.contextmanager
    def _no_space_guard(self):
        """Turn "no space left on device" into a :class:`DiskFullError` counting the runs kept."""
        try:
            yield
        except OSError as exc:
            if not is_no_space(exc):
                raise
            raise DiskFullError(self.directory, self.journaled_runs()) from exc

    def finished(self) -> dict[str, str]:
        """Status of every finished run by key ("ok" wins over "failed" when a run was retried)."""
        status: dict[str, str] = {}
        for part in self.committed_parts(verify=True)[0]:
            table = pq.read_table(part, columns=["run_key", "status"])
            for key, state in zip(table.column("run_key").to_pylist(), table.column("status").to_pylist(), strict=True):
                if status.get(key) != "ok":
                    status[key] = state
        return status

    # ------------------------------------------------------------------ writing
    def add(self, row: dict[str, Any], series: pa.Table | None) -> None:
        """Record one finished run: journal it at once, write a part when the batch is full."""
        row = {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}  # NaN -> NULL
        runs_table = pa.Table.from_pylist([row], schema=self.runs_schema)
        if series is not None:
            series = _nan_to_null(series)
        with self._no_space_guard():
            if self._journal is None:
                self._open_journal()
            runs_sink, runs_stream, series_sink, series_stream = self._journal
            if series is not None and series.num_rows:
                series_stream.write_table(series)
                series_sink.flush()
            runs_stream.write_table(runs_table)  # the run's row last: it commits the run
            runs_sink.flush()
        if series is not None and series.num_rows:
            self._buffer_series.append(series)
        self._buffer_runs.append(row)  # a dict: far smaller than a one-row table of ~160 columns
        if len(self._buffer_runs) >= self.batch_size or time.monotonic() - self._last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Turn the current journal into Parquet parts (time series first, then runs)."""
        self._last_flush = time.monotonic()
        if not self._buffer_runs:
            return
        name = self.part_name(self.writer, self._sequence)
        with self._no_space_guard():
            _write_part_pair(
                pa.concat_tables(self._buffer_series) if self._buffer_series else None,
                pa.Table.from_pylist(self._buffer_runs, schema=self.runs_schema),
                self.timeseries_dir / name, self.runs_dir / name,
            )
        self._close_journal(remove=True)
        self._buffer_runs.clear()
        self._buffer_series.clear()
        self._sequence += 1

    def _journal_paths(self, writer: str, sequence: int) -> tuple[Path, Path]:
        folder = self.journal_dir / writer
        return folder / f"{sequence:06d}.runs.arrows", folder / f"{sequence:06d}.timeseries.arrows"

    def _open_journal(self) -> None:
        runs_path, series_path = self._journal_paths(self.writer, self._sequence)
        runs_path.parent.mkdir(parents=True, exist_ok=True)
        runs_sink = pa.OSFile(str(runs_path), "wb")
        series_sink = pa.OSFile(str(series_path), "wb")
        self._journal = (
            runs_sink, pa.ipc.new_stream(runs_sink, self.runs_schema),
            series_sink, pa.ipc.new_stream(series_sink, self.timeseries_schema),
        )

    def _close_journal(self, remove: bool) -> None:
        if self._journal is not None:
            runs_sink, runs_stream, series_sink, series_stream = self._journal
            for closer in (runs_stream.close, runs_sink.close, series_stream.close, series_sink.close):
                with contextlib.suppress(Exception):
                    closer()
            self._journal = None
        if remove:
            for path in self._journal_paths(self.writer, self._sequence):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            with contextlib.suppress(OSError):
                (self.journal_dir / self.writer).rmdir()

    # ------------------------------------------------------------------ recovery
    def recover(self) -> int:
        """Convert the journals of dead writers into parts; return how many runs were recovered."""
        if self.manifest is None:
            self.read_manifest()
        if not self.journal_dir.is_dir():
            return 0
        recovered = 0
        for folder in sorted(p for p in self.journal_dir.iterdir() if p.is_dir()):
            writer = folder.name
            if writer == self.writer:
                continue
            lock = Lock(self.locks_dir / f"writer-{writer}.lock")
            try:
                if not lock.acquire():
                    continue  # its writer is alive
            except OSError:
                continue  # read-only folder: leave it for a session that can write
            try:
                if not Lock.supported and not self._writer_known_dead(writer):
                    continue  # without locks, only a writer seen dead on this host is safe to recover
                if not folder.exists():
                    continue  # another session recovered it meanwhile
                for runs_journal in sorted(folder.glob("*.runs.arrows")):
                    sequence = int(runs_journal.name.split(".")[0])
                    recovered += self._recover_batch(writer, sequence)
                shutil.rmtree(folder, ignore_errors=True)
            finally:
                lock.release(remove=True)
        return recovered

    def _writer_known_dead(self, writer: str) -> bool:
        """Without file locks: a writer is dead if its session ended, or ran on this host and its process is gone."""
        try:
            session = json.loads((self.directory / "sessions" / f"{writer}.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return False
        if session.get("finished"):
            return True
        if session.get("host") != socket.gethostname():
            return False
        try:
            os.kill(int(session["pid"]), 0)
        except ProcessLookupError:
            return True
        except (OSError, KeyError, ValueError):
            return False
        return False

    def _recover_batch(self, writer: str, sequence: int) -> int:
        with self._no_space_guard():
            return self._recover_batch_unguarded(writer, sequence)

    def _recover_batch_unguarded(self, writer: str, sequence: int) -> int:
        runs_journal, series_journal = self._journal_paths(writer, sequence)
        name = self.part_name(writer, sequence)
        if (self.runs_dir / name).exists():  # the batch was committed before the writer died
            return 0
        runs = _read_stream(runs_journal, self.runs_schema)
        if runs.num_rows == 0:
            with contextlib.suppress(FileNotFoundError):
                (self.timeseries_dir / name).unlink()
            return 0
        series = _read_stream(series_journal, self.timeseries_schema)
        if series.num_rows:
            import pyarrow.compute as pc

            series = series.filter(pc.is_in(series.column("run_key"), value_set=runs.column("run_key")))
        _write_part_pair(series if series.num_rows else None, runs, self.timeseries_dir / name, self.runs_dir / name)
        return runs.num_rows


# ---------------------------------------------------------------------------- helpers
def describe_differences(existing: dict[str, Any], identity: dict[str, Any], document: dict[str, Any]) -> list[str]:
    """Human-readable differences between a folder's experiment and a new one."""
    from sim.experiments.keys import model_version_text

    old = existing.get("identity", {})
    differences = []
    for key in ("kind", "steps", "replicates", "master_seed", "point_count", "varied", "labels"):
        if old.get(key) != identity.get(key):
            differences.append(f"{key.replace('_', ' ')}: {_short(old.get(key))} there, {_short(identity.get(key))} now")
    if old.get("base") != identity.get("base"):
        base_old, base_new = old.get("base", {}), identity.get("base", {})
        changed = [k for k in sorted(set(base_old) | set(base_new)) if base_old.get(k) != base_new.get(k)]
        shown = ", ".join(f"{k} {base_old.get(k)!r} there, {base_new.get(k)!r} now" for k in changed[:4])
        differences.append(f"base parameters differ ({shown}{', ...' if len(changed) > 4 else ''})")
    for key in ("design", "vary", "samples", "scenario"):
        if key in document and existing.get(key) != document.get(key):
            differences.append(f"{key}: {_short(existing.get(key))} there, {_short(document.get(key))} now")
    if old.get("model_version") != identity.get("model_version") and old.get("model_version"):
        differences.append(
            f"model version: {model_version_text(old['model_version'])} there, {model_version_text(identity['model_version'])} "
            "now (the model's code or its Mesa/numpy versions changed)"
        )
    return differences


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _read_stream(path: Path, schema: pa.Schema) -> pa.Table:
    """Every complete record batch of an Arrow IPC stream (a torn last batch is dropped)."""
    batches = []
    try:
        reader = pa.ipc.open_stream(pa.OSFile(str(path), "rb"))
        while True:
            try:
                batches.append(reader.read_next_batch())
            except StopIteration:
                break
    except (OSError, pa.ArrowInvalid, FileNotFoundError):
        pass  # the writer died mid-write: keep what is complete
    return pa.Table.from_batches(batches, schema=schema) if batches else schema.empty_table()


def _write_part_pair(series: pa.Table | None, runs: pa.Table, series_path: Path, runs_path: Path) -> None:
    """Write a batch's time-series part, then its runs part (which commits the batch).

    If the runs part cannot be written, the time-series part just written is removed again: it
    would only take space, since readers ignore it without its runs part.
    """
    if series is not None:
        _write_parquet(series, series_path)
    try:
        _write_parquet(runs, runs_path)
    except BaseException:
        if series is not None:
            for path in (series_path, integrity.sidecar(series_path)):
                with contextlib.suppress(OSError):
                    path.unlink()
        raise


def _write_parquet(table: pa.Table, path: Path) -> None:
    """Write a part atomically with its checksum; a failed write leaves no temporary file."""
    from sim.files import replacing

    with replacing(path) as temporary:
        pq.write_table(table, temporary, compression="zstd")
        integrity.write_checksum(temporary, path)


def _nan_to_null(table: pa.Table) -> pa.Table:
    """Undefined outcomes (NaN) as nulls, so that SQL aggregates such as avg skip them."""
    import pyarrow.compute as pc

    for index, column in enumerate(table.columns):
        if pa.types.is_floating(column.type) and column.null_count < len(column):
            nan = pc.is_nan(column)
            if pc.any(nan).as_py():
                table = table.set_column(index, table.field(index), pc.if_else(nan, pa.scalar(None, column.type), column))
    return table


def _write_json_atomically(path: Path, document: dict[str, Any]) -> None:
    from sim.files import write_json

    write_json(path, document)


def _real_folder(path: Path) -> bool:
    """A folder that is not a symbolic link (anything else is structural damage, see integrity)."""
    return path.is_dir() and not path.is_symlink()


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", text)


def _now() -> datetime:
    return datetime.now(UTC)
