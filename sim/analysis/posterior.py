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
    """The ensemble table (weights normalised to sum to one) and its manifest; a clear error when the file is not one.

    Everything is checked before a value is used: a readable Parquet file, a ``weight`` column of
    finite non-negative numbers that do not all vanish, one column per registry parameter whose
    every value has the parameter's type and lies in its registry range (a known participation
    rule, a whole number for an integer parameter, no NaN), and a readable JSON manifest beside it
    when there is one. Each problem names the file, the column, the value and what is allowed.
    """
    path = posterior_path(given)
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(path).to_pandas()
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise UserInputError(f"--posterior {path}: not a readable Parquet file ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:160]}).") from None
    table = check_posterior_table(table, path)
    manifest: dict[str, Any] = {}
    for candidate in (path.with_suffix(".json"), path.parent / "manifest.json"):
        if candidate.is_file():
            from sim.experiments.manifest import read_json_object

            try:
                manifest = read_json_object(candidate, "posterior manifest")
            except UserInputError as exc:
                raise UserInputError(f"--posterior {path}: its manifest {exc.args[0]}") from None
            break
    return table, manifest


def check_posterior_table(table: pd.DataFrame, path: Path, fitted: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The ensemble with its weights normalised (see :func:`read_posterior`), or a clear error.

    ``fitted`` names parameters of the calibration's own prior that need not be registry
    parameters (a calibration of another model through :func:`sim.analysis.calibration.run_abc`)."""
    from sim.errors import describe_parameter_error, value_problem
    from sim.parameters import REGISTRY

    if len(set(table.columns)) != len(table.columns):
        raise UserInputError(f"--posterior {path}: a column name appears twice; each parameter has one column.")
    parameters = [c for c in table.columns if c not in META_COLUMNS]
    unknown = [str(c) for c in parameters if c not in REGISTRY and c not in fitted]
    if "weight" not in table.columns or not parameters or unknown or table.empty:
        raise UserInputError(
            f"--posterior {path}: not a posterior ensemble. It needs a 'weight' column and one column per registry "
            f"parameter; {'unknown parameter column(s): ' + ', '.join(unknown[:5]) if unknown else 'it has ' + ', '.join(map(str, table.columns[:8])) + (' and no rows' if table.empty else '')}."
        )
    weights = pd.to_numeric(table["weight"], errors="coerce").to_numpy(float)
    bad = [i for i, w in enumerate(weights) if not np.isfinite(w) or w < 0]
    if bad or weights.max() <= 0:
        shown = repr(table["weight"].iloc[bad[0]]) if bad else "0 everywhere"
        raise UserInputError(f"--posterior {path}: column 'weight' holds {shown} (row {bad[0] + 1 if bad else 'every'}); "
                             "allowed: finite non-negative numbers, not all zero.")
    for name in (c for c in parameters if c in REGISTRY):
        for row, value in enumerate(table[name].tolist()):
            value = value.item() if hasattr(value, "item") else value
            problem = value_problem(name, value)
            if problem:
                raise UserInputError(f"--posterior {path}: row {row + 1}: "
                                     + describe_parameter_error(name, value, problem.split(";")[0]))
    table = table.copy()
    scaled = weights / weights.max()  # weights of 1e308 would overflow a plain sum
    table["weight"] = scaled / scaled.sum()
    return table


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
