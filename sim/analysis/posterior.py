"""A calibrated posterior ensemble: reading it and drawing parameter sets from it.

An ensemble is a Parquet table with one row per accepted parameter set: a column per calibrated
registry parameter, ``weight`` (importance weights, summing to one) and ``distance``; its
manifest (``<file>.json`` beside it, or the ``manifest.json`` of its calibration folder) says
how it was made. ``cogov hypotheses --posterior`` and ``cogov compare --posterior`` draw
parameter sets from it with :func:`draw_parameter_sets`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import UserInputError

#: The posterior shipped for the default community (made by ``cogov calibrate``; see docs/ODD.md §6.3).
SHIPPED_POSTERIOR = Path(__file__).resolve().parents[2] / "calibration" / "posterior.parquet"
META_COLUMNS = ("weight", "distance", "generation", "particle")


def posterior_path(given: str | Path | None) -> Path:
    """The ensemble file for ``--posterior`` (a file or a calibration folder; None means the shipped one)."""
    path = Path(given) if given else SHIPPED_POSTERIOR
    if path.is_dir():
        path = path / "posterior.parquet"
    if not path.is_file():
        where = "the shipped posterior" if not given else f"--posterior {given}"
        raise UserInputError(
            f"{where}: {path} does not exist. Give a posterior.parquet written by `cogov calibrate --out DIR` "
            "(or that folder)."
        )
    return path


def read_posterior(given: str | Path | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The ensemble table and its manifest; a clear error when the file is not one."""
    from sim.parameters import REGISTRY

    path = posterior_path(given)
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise UserInputError(f"--posterior {path}: not a readable Parquet file ({type(exc).__name__}: {exc}).") from None
    parameters = [c for c in table.columns if c not in META_COLUMNS]
    unknown = [c for c in parameters if c not in REGISTRY]
    if "weight" not in table.columns or not parameters or unknown or table.empty:
        raise UserInputError(
            f"--posterior {path}: not a posterior ensemble. It needs a 'weight' column and one column per registry "
            f"parameter; {'unknown parameter column(s): ' + ', '.join(unknown) if unknown else 'it has ' + ', '.join(table.columns)}."
        )
    weights = table["weight"].to_numpy(float)
    if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
        raise UserInputError(f"--posterior {path}: the 'weight' column must hold non-negative numbers that do not all vanish.")
    manifest: dict[str, Any] = {}
    for candidate in (path.with_suffix(".json"), path.parent / "manifest.json"):
        if candidate.is_file():
            manifest = json.loads(candidate.read_text(encoding="utf-8"))
            break
    return table, manifest


def posterior_parameters(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c not in META_COLUMNS]


def draw_parameter_sets(given: str | Path | None, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` parameter sets drawn from the ensemble in proportion to their weights (reproducible by ``seed``)."""
    from sim.parameters import REGISTRY

    table, _ = read_posterior(given)
    names = posterior_parameters(table)
    weights = table["weight"].to_numpy(float)
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(table), size=count, replace=True, p=weights / weights.sum())
    draws = []
    for row in rows:
        draws.append({n: REGISTRY[n].coerce(table[n].iloc[row].item()) for n in names})
    return draws


def weighted_quantile(table: pd.DataFrame, name: str, q: float) -> float:
    """The ``q`` quantile of one parameter under the ensemble's weights (the smallest value whose cumulative weight reaches ``q``)."""
    weights = table["weight"].to_numpy(float)
    values = table[name].to_numpy(float)
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][min(len(values) - 1, np.searchsorted(cumulative, q))])


def central_estimate(table: pd.DataFrame) -> dict[str, float]:
    """Weighted posterior median of each parameter (the registry default of a calibrated parameter, ODD §6.3)."""
    return {name: weighted_quantile(table, name, 0.5) for name in posterior_parameters(table)}


def credible_interval(table: pd.DataFrame, name: str, mass: float = 0.9) -> tuple[float, float]:
    """Equal-tailed weighted interval holding ``mass`` of the posterior."""
    tail = (1 - mass) / 2
    return weighted_quantile(table, name, tail), weighted_quantile(table, name, 1 - tail)
