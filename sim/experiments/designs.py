"""Experimental designs: the grid, and the samplers of SALib (Herman & Usher, "SALib: an
open-source Python library for sensitivity analysis", JOSS 2017).

* ``grid``: every combination of the listed values (a full factorial), in the order given.
* ``lhs``: Latin hypercube sampling (McKay, Beckman & Conover 1979), ``SALib.sample.latin``.
* ``sobol``: Saltelli's extension of Sobol' sequences (Saltelli 2002; Saltelli et al. 2010),
  ``SALib.sample.sobol``; ``samples`` base points give ``samples * (2D + 2)`` points with
  second-order indices, ``samples * (D + 2)`` without.
* ``morris``: Morris elementary-effect trajectories (Morris 1991; Campolongo, Cariboni &
  Saltelli 2007), ``SALib.sample.morris``; ``samples`` trajectories give ``samples * (D + 1)``.

Whole-number parameters in sampled designs are sampled on ``[low, high + 1)`` and rounded
down, so every whole number in ``[low, high]`` is equally likely; the unrounded matrix is kept
for the analysis (Morris needs the direction of each step, which rounding could erase).
The sampler's seed comes from the master seed (:func:`design_seed`), so a design is
reproducible from its specification.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from sim.experiments.spec import SweepSpec
from sim.parameters import REGISTRY

#: SeedSequence spawn key that separates the sampler's stream from the replicate seeds
#: (which use spawn keys 0, 1, 2, ... of the same master seed).
DESIGN_STREAM = 2**31


def design_seed(master_seed: int) -> int:
    """Seed for a design's sampler, derived from the sweep's master seed."""
    sequence = np.random.SeedSequence(master_seed, spawn_key=(DESIGN_STREAM,))
    return int(sequence.generate_state(1, dtype=np.uint32)[0])


def salib_problem(spec: SweepSpec) -> dict:
    """The SALib problem of a sampled design (whole numbers on ``[low, high + 1)``)."""
    bounds = []
    for variation in spec.variations:
        low, high = variation.bounds
        bounds.append([float(low), float(high + 1)] if variation.kind == "int" else [float(low), float(high)])
    return {"num_vars": len(spec.variations), "names": spec.names, "bounds": bounds}


#: Bootstrap resamples and confidence level of cogov's SALib analyses (SALib's own defaults: 100 and 0.95).
NUM_RESAMPLES = 1000
CONF_LEVEL = 0.95


def analyze_options(spec: SweepSpec) -> dict | None:
    """Every setting cogov passes to SALib's ``analyze`` for this design, under SALib's own names
    (``sobol.analyze(problem, Y, **options)``, ``morris.analyze(problem, X, Y, **options)``), or
    None for a design SALib has no analyser for. The bootstrap seed is the design's seed, so the
    confidence intervals are reproducible."""
    common = {"num_resamples": NUM_RESAMPLES, "conf_level": CONF_LEVEL, "seed": design_seed(spec.seed)}
    if spec.design == "sobol":
        return {"calc_second_order": spec.uses_second_order, **common}
    if spec.design == "morris":
        return {"num_levels": spec.levels, **common}
    return None


def sample_matrix(spec: SweepSpec) -> np.ndarray:
    """The unrounded sample of a sampled design (rows are points, columns the varied parameters)."""
    problem = salib_problem(spec)
    seed = design_seed(spec.seed)
    if spec.design == "lhs":
        from SALib.sample import latin

        return latin.sample(problem, spec.samples, seed=seed)
    if spec.design == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, spec.samples, calc_second_order=spec.uses_second_order, seed=seed)
    if spec.design == "morris":
        from SALib.sample import morris

        return morris.sample(problem, spec.samples, num_levels=spec.levels, seed=seed)
    raise ValueError(f"{spec.design} is not a sampled design")


def to_parameter_values(matrix: np.ndarray, spec: SweepSpec) -> pd.DataFrame:
    """Map a sample matrix to parameter values: floats as sampled, whole numbers rounded down."""
    columns = {}
    for index, variation in enumerate(spec.variations):
        column = matrix[:, index]
        if variation.kind == "int":
            low, high = variation.bounds
            columns[variation.name] = np.clip(np.floor(column), low, high).astype(np.int64)
        else:
            low, high = variation.bounds
            columns[variation.name] = np.clip(column.astype(float), low, high)
    return pd.DataFrame(columns)


def grid_points(spec: SweepSpec) -> pd.DataFrame:
    """Every combination of the listed values; the last parameter varies fastest."""
    names = spec.names
    if not names:
        return pd.DataFrame(index=range(1))
    rows = list(itertools.product(*(v.values for v in spec.variations)))
    frame = pd.DataFrame(rows, columns=names)
    for variation in spec.variations:
        kind = REGISTRY[variation.name].kind
        if kind == "float":
            frame[variation.name] = frame[variation.name].astype(float)
        elif kind == "int":
            frame[variation.name] = frame[variation.name].astype(np.int64)
        elif kind == "bool":
            frame[variation.name] = frame[variation.name].astype(bool)
        else:
            frame[variation.name] = frame[variation.name].astype(object)
    return frame


def design_points(spec: SweepSpec) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Points of a design (one row each) and, for sampled designs, the unrounded sample."""
    if spec.design == "grid":
        return grid_points(spec), None
    matrix = sample_matrix(spec)
    return to_parameter_values(matrix, spec), matrix


def design_table(experiment, spec: SweepSpec) -> pd.DataFrame:
    """The sample matrix as SALib made it, one row per sample row and replicate, with each row's run key.

    Columns: ``row`` (the sample row, the order SALib's ``analyze`` expects), ``replicate``,
    ``run_key`` (the run in ``runs``), then one column per varied parameter holding the
    *unrounded* sampled value (whole-number parameters run at its floor).
    """
    matrix = experiment.sample if experiment.sample is not None else sample_matrix(spec)
    rows = []
    for row in range(experiment.point_count):
        for replicate in range(experiment.replicates):
            index = row * experiment.replicates + replicate
            rows.append((row, replicate, experiment.run_key(index)))
    table = pd.DataFrame(rows, columns=["row", "replicate", "run_key"])
    for column, name in enumerate(spec.names):
        table[name] = np.repeat(matrix[:, column], experiment.replicates)
    return table


def write_design(experiment, spec: SweepSpec, out) -> list:
    """Write ``design.parquet``/``.csv`` and ``salib_problem.json`` into a results folder.

    ``salib_problem.json`` is SALib's problem (``num_vars``, ``names``, ``bounds``) with, under
    ``analyze``, every option cogov's analysis passed to SALib (:func:`analyze_options`). With them
    SALib's analysers reproduce the folder's indices and intervals exactly::

        problem = json.load(open(DIR / "salib_problem.json"))
        design = pd.read_parquet(DIR / "design.parquet")
        runs = load_results(DIR, timeseries=False).runs.set_index("run_key")
        y = runs.loc[design["run_key"], "resolution_rate"].to_numpy().reshape(-1, problem["replicates"]).mean(axis=1)
        SALib.analyze.sobol.analyze(problem, y, **problem["analyze"])
        # morris: SALib.analyze.morris.analyze(problem, X, y, **problem["analyze"]), X = the first replicate's rows of design[names]
    """
    from pathlib import Path

    from sim.experiments.runs import write_json, write_table

    out = Path(out)
    problem = salib_problem(spec)
    document = {
        **problem, "design": spec.design, "samples": spec.samples, "replicates": experiment.replicates,
        "design_seed": design_seed(spec.seed), "calc_second_order": spec.uses_second_order,
        "num_levels": spec.levels if spec.design == "morris" else None,
        "analyze": analyze_options(spec),
        "integer_parameters": [v.name for v in spec.variations if v.kind == "int"],
        "note": "rows of design.parquet are in SALib's order; average each outcome over replicates per row",
    }
    write_json(out / "salib_problem.json", document)
    return [*write_table(design_table(experiment, spec), out / "design"), out / "salib_problem.json"]
