"""Running the model: one run, replicate seeds, and provenance for what was run.

:func:`run_simulation` is the single entry point every other layer (CLI, comparisons, sweeps,
notebooks, dashboard exports) uses to run the model; it depends only on the parameters, the
seed and the number of steps, so a run gives identical output in any process.
"""

from __future__ import annotations

import platform
import subprocess
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.parameters import Parameters

DEFAULT_STEPS = 104
MAX_STEPS = 5200


@dataclass(frozen=True)
class RunSpec:
    """Everything that determines one run's output."""

    parameters: dict[str, Any]
    seed: int
    steps: int = DEFAULT_STEPS
    labels: tuple[tuple[str, Any], ...] = ()  # extra columns (scenario, replicate, ...)


def replicate_seeds(master_seed: int, replicates: int) -> list[int]:
    """Independent seeds for replicates, spawned from one master seed (numpy SeedSequence).

    Replicate ``r`` gets the same seed in every scenario or parameter point (common random
    numbers), so paired differences remove the noise the scenarios share.
    """
    children = np.random.SeedSequence(master_seed).spawn(replicates)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def block_master_seed(master_seed: int, block: int) -> int:
    """Master seed of block ``block`` of an experiment whose blocks must not share random numbers.

    Block 0 keeps ``master_seed`` itself (so a one-block experiment is the plain one); block
    ``b > 0`` gets a seed spawned from it (numpy SeedSequence, spawn key ``(BLOCK_KEY, b)``).
    Used where common random numbers would understate uncertainty: parameter sets drawn from a
    posterior are independent draws, and their runs must be too, for an interval over the draws
    to hold the replicates' noise as well as the parameters' spread.
    """
    if block == 0:
        return int(master_seed)
    return int(np.random.SeedSequence(master_seed, spawn_key=(BLOCK_KEY, block)).generate_state(1, dtype=np.uint32)[0])


BLOCK_KEY = 0xB10C


#: Burned-in status-quo communities kept by this process (pickled), newest last, and their total size.
_BURNED_IN: OrderedDict[tuple[int, str], bytes] = OrderedDict()
#: At most this many bytes of burned-in communities are kept (a 40 x 40 community is about 1 MB).
BURN_IN_CACHE_BYTES = 256 * 2**20


def start_model(parameters: Parameters | dict[str, Any], seed: int):
    """A model of ``parameters`` and ``seed`` at week 0, its burn-in run once per status quo.

    Lever settings of one seed share their burn-in (it runs the status quo, with every reform
    lever at its default): the first call for a seed and status quo runs it and keeps the community
    (pickled, in this process, within :data:`BURN_IN_CACHE_BYTES`); later calls start a copy of it
    with their own levers (:meth:`sim.model.CoGovernanceModel.start`). The result is identical to
    ``CoGovernanceModel(rng=seed, parameters=parameters)`` (tests/test_burn_in.py), only faster.
    """
    import pickle

    from sim.experiments.keys import digest
    from sim.model.cogovernance import CoGovernanceModel, status_quo
    from sim.scenarios import build_parameters

    if not isinstance(parameters, Parameters):
        parameters = build_parameters(dict(parameters))
    quo = status_quo(parameters)
    key = (int(seed), digest(quo.model_dump()))
    state = _BURNED_IN.get(key)
    if state is None:
        state = pickle.dumps(CoGovernanceModel(rng=seed, parameters=quo, begin=False), protocol=pickle.HIGHEST_PROTOCOL)
        _BURNED_IN[key] = state
        while sum(len(v) for v in _BURNED_IN.values()) > BURN_IN_CACHE_BYTES and len(_BURNED_IN) > 1:
            _BURNED_IN.popitem(last=False)
    else:
        _BURNED_IN.move_to_end(key)
    model = pickle.loads(state)
    model.start(parameters)
    return model


def run_simulation(parameters: Parameters | dict[str, Any], seed: int, steps: int = DEFAULT_STEPS) -> pd.DataFrame:
    """Run the model and return its model-level time series, one row per step (0 = the end of the burn-in)."""
    model = start_model(parameters, seed)
    for _ in range(steps):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    frame.insert(0, "step", np.arange(len(frame)))
    return frame.reset_index(drop=True)


def run_spec(spec: RunSpec) -> pd.DataFrame:
    """Run one :class:`RunSpec` and label its rows (a top-level function, so it pickles)."""
    frame = run_simulation(spec.parameters, spec.seed, spec.steps)
    for position, (name, value) in enumerate((*spec.labels, ("seed", spec.seed))):
        frame.insert(position, name, value)
    return frame


def package_versions() -> dict[str, str]:
    names = ["cogov", "mesa", "numpy", "scipy", "pandas", "pydantic", "pyarrow", "duckdb", "seaborn", "SALib", "dask"]
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def git_revision() -> str | None:
    """The source tree's git revision (with ``-dirty`` when modified), if it is a git checkout."""
    root = Path(__file__).resolve().parents[2]
    try:
        revision = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return revision + ("-dirty" if dirty else "")


def provenance() -> dict[str, Any]:
    """Versions, git revision and time, for every manifest."""
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": package_versions(),
        "git_revision": git_revision(),
        "platform": platform.platform(),
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write JSON atomically (a crash never leaves a half-written manifest): :func:`sim.files.write_json`."""
    from sim.files import write_json as write

    write(path, document)


def write_table(frame: pd.DataFrame, path_without_suffix: Path, csv: bool = True, checksum: bool = True) -> list[Path]:
    """Write a table as Parquet (with the data dictionary in its schema metadata) and CSV, each atomically.

    With ``checksum`` (the default, for a results folder's own tables) the Parquet file gets a
    ``.sha256`` sidecar as result parts do, so ``cogov verify`` finds it damaged; exports for other
    tools go without one.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sim.experiments.dictionary import with_dictionary
    from sim.files import replacing

    written = []
    parquet = path_without_suffix.with_name(path_without_suffix.name + ".parquet")
    with replacing(parquet) as temporary:
        pq.write_table(with_dictionary(pa.Table.from_pandas(frame, preserve_index=False)), temporary)
        if checksum:
            from sim.experiments.integrity import write_checksum

            write_checksum(temporary, parquet)
    written.append(parquet)
    if csv:
        target = path_without_suffix.with_name(path_without_suffix.name + ".csv")
        with replacing(target) as temporary:
            frame.to_csv(temporary, index=False)
        written.append(target)
    return written
