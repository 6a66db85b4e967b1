"""An experiment: parameter points x replicates, each replicate on its own common seed.

This is the one description of "what to run" that sweeps, sensitivity analyses and scenario
comparisons all turn into (sweeps through :func:`experiment_from_sweep`, comparisons through
:func:`experiment_from_scenarios`). Run ``i`` is design point ``i // replicates`` and replicate
``i % replicates``.

Seeds: ``replicates`` seeds are spawned from the master seed with ``numpy.random.SeedSequence``
(:func:`sim.experiments.runs.replicate_seeds`) and replicate ``r`` uses the same seed at every point:
common random numbers (Law, "Simulation Modeling and Analysis", ch. 11), so differences between
points are not blurred by different random draws.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import UserInputError
from sim.experiments.keys import digest, model_version, run_key
from sim.experiments.worker import RunTask
from sim.parameters import COMPOSITIONS, REGISTRY, rescale_composition

MAX_LISTED_PROBLEMS = 6


@dataclass
class Experiment:
    """Points x replicates of the model, each run fully determined by parameters, seed and steps.

    Attributes:
        base: full, validated parameters shared by every point (e.g. a scenario's).
        points: one row per design point: columns of varied parameters, plus label columns.
        replicates, steps, master_seed: as in every other ``cogov`` command.
        labels: names of the label columns of ``points`` (e.g. ``("scenario",)``).
        kind: what produced it ("sweep", "sensitivity", "compare").
        document: how the user described it (recorded in the manifest, not used to run).
        sample: the unrounded sample matrix of a sampled design (kept for the analysis).
        seed_block: a label column whose values get independent seed sets (None: one set for all).
    """

    base: dict[str, Any]
    points: pd.DataFrame
    replicates: int
    steps: int
    master_seed: int
    labels: tuple[str, ...] = ()
    kind: str = "sweep"
    document: dict[str, Any] = field(default_factory=dict)
    sample: np.ndarray | None = None
    seed_block: str | None = None

    def __post_init__(self) -> None:
        self.points = self.points.reset_index(drop=True)
        unknown = [c for c in self.varied if c not in REGISTRY]
        if unknown:
            raise ValueError(f"points have columns that are neither parameters nor labels: {unknown}")
        if self.seed_block is not None and self.seed_block not in self.labels:
            raise ValueError(f"seed_block {self.seed_block!r} is not one of the labels {self.labels}")
        if self.replicates < 1:
            raise UserInputError(f"replicates = {self.replicates}: at least one replicate is needed.")
        self._cache: tuple[int, dict[str, Any]] | None = None

    # ------------------------------------------------------------------ shape
    @property
    def varied(self) -> list[str]:
        return [c for c in self.points.columns if c not in self.labels]

    @property
    def point_count(self) -> int:
        return len(self.points)

    @property
    def run_count(self) -> int:
        return self.point_count * self.replicates

    @cached_property
    def seeds(self) -> list[int]:
        """Replicate seeds of the first (or only) seed block."""
        return self._block_seeds[0]

    @cached_property
    def _block_seeds(self) -> list[list[int]]:
        from sim.experiments.runs import block_master_seed, replicate_seeds

        return [replicate_seeds(block_master_seed(self.master_seed, b), self.replicates) for b in range(max(self._point_block) + 1)]

    @cached_property
    def _point_block(self) -> list[int]:
        """Seed block of each point: blocks numbered in order of first appearance of the ``seed_block`` label."""
        if self.seed_block is None or self.points.empty:
            return [0] * max(1, self.point_count)
        order = {value: index for index, value in enumerate(dict.fromkeys(self.points[self.seed_block]))}
        return [order[value] for value in self.points[self.seed_block]]

    def seed(self, point: int, replicate: int) -> int:
        """Seed of one run: replicate ``replicate`` of the point's seed block."""
        return self._block_seeds[self._point_block[point]][replicate]

    def locate(self, run_index: int) -> tuple[int, int]:
        """(point, replicate) of a run."""
        return divmod(int(run_index), self.replicates)

    # ------------------------------------------------------------------ parameters
    def point_values(self, point: int) -> dict[str, Any]:
        """Varied values and labels of one point, as plain Python values."""
        row = self.points.iloc[point]
        return {name: (value.item() if hasattr(value, "item") else value) for name, value in row.items()}

    def point_labels(self, point: int) -> dict[str, Any]:
        values = self.point_values(point)
        return {name: values[name] for name in self.labels}

    def point_parameters(self, point: int) -> dict[str, Any]:
        """Full, validated parameters of one point (the last one asked for is cached)."""
        if self._cache is not None and self._cache[0] == point:
            return self._cache[1]
        from sim.scenarios import build_parameters

        values = self.point_values(point)
        varied = {name: values[name] for name in self.varied}
        merged = {**self.base, **varied}
        if composition_changes(self.varied):  # shares varied alone: the rest of their composition is rescaled
            try:
                merged = rescale_composition(merged, fixed=self.varied)
            except ValueError as exc:
                raise UserInputError(f"design point {point}: {exc}.", [str(exc)]) from None
        parameters = build_parameters(merged, origin=f"design point {point}").model_dump()
        self._cache = (point, parameters)
        return parameters

    @cached_property
    def point_digests(self) -> list[str]:
        """Digest of each point's full parameters (and labels); checks every point on the way."""
        digests, problems, bad = [], [], 0
        for point in range(self.point_count):
            try:
                parameters = self.point_parameters(point)
            except UserInputError as exc:
                bad += 1
                if len(problems) < MAX_LISTED_PROBLEMS:
                    shown = ", ".join(f"{k}={v!r}" for k, v in self.point_values(point).items())
                    problems.extend(f"design point {point} ({shown}): {p}" for p in exc.problems or [str(exc)])
                digests.append("")
                continue
            labels = self.point_labels(point)
            digests.append(digest({"parameters": parameters, "labels": labels}) if labels else digest(parameters))
        if bad:
            raise UserInputError(
                f"{bad} of {self.point_count} design point(s) are not valid parameter sets (the registry's "
                "cross-parameter rules apply to every point); nothing was run. Change the varied values or the "
                "scenario so that every combination is valid:",
                problems,
            )
        return digests

    def run_key(self, run_index: int) -> str:
        point, replicate = self.locate(run_index)
        return run_key(self.point_digests[point], self.seed(point, replicate), self.steps)

    def task(self, run_index: int, key: str | None = None) -> RunTask:
        point, replicate = self.locate(run_index)
        return RunTask(
            key=key or self.run_key(run_index),
            point=point,
            replicate=replicate,
            seed=self.seed(point, replicate),
            steps=self.steps,
            parameters=self.point_parameters(point),
        )

    def run_keys(self) -> Iterator[tuple[int, str]]:
        for index in range(self.run_count):
            yield index, self.run_key(index)

    # ------------------------------------------------------------------ identity
    def identity(self) -> dict[str, Any]:
        """What must match for two sessions to write into the same results folder."""
        return {
            "kind": self.kind,
            "base": self.base,
            "varied": self.varied,
            "labels": list(self.labels),
            "points": digest(self.point_digests),
            "point_count": self.point_count,
            "replicates": self.replicates,
            "steps": self.steps,
            "master_seed": self.master_seed,
            "model_version": model_version(),
        } | ({"seed_block": self.seed_block} if self.seed_block else {})

    def fingerprint(self) -> str:
        return digest(self.identity())


# ---------------------------------------------------------------------------- constructors
def composition_changes(varied: list[str]) -> dict[str, dict[str, Any]]:
    """For each composition (shares adding up to 1) of which only some members vary: which are rescaled, and how."""
    changes = {}
    for name, members in COMPOSITIONS.items():
        held = [m for m in members if m in varied]
        if held and len(held) < len(members):
            changes[name] = {
                "varied": held,
                "rescaled": [m for m in members if m not in held],
                "rule": "the shares not varied are rescaled in proportion to their base values so that all add up to 1 "
                        "(sim.parameters.rescale_composition)",
            }
    return changes


def experiment_from_sweep(spec, kind: str = "sweep") -> Experiment:
    """Resolve a :class:`sim.experiments.spec.SweepSpec`: load its scenario and expand its design."""
    from sim.experiments.designs import design_points, design_seed
    from sim.scenarios import load_scenario

    scenario = load_scenario(spec.scenario, spec.overrides)
    points, sample = design_points(spec)
    document = {
        "command": kind,
        **spec.document(),
        "base_scenario": {
            "name": scenario.name,
            "title_en": scenario.meta.title_en,
            "title_zh": scenario.meta.title_zh,
            "file": str(scenario.path),
            "chain": [str(p) for p in scenario.chain],
        },
    }
    if changes := composition_changes(list(points.columns)):
        document["compositions"] = changes
    if spec.sampled:
        from importlib import metadata

        document["design_seed"] = design_seed(spec.seed)
        document["salib_version"] = metadata.version("SALib")
    experiment = Experiment(
        base=scenario.parameters.model_dump(),
        points=points,
        replicates=spec.replicates,
        steps=spec.steps,
        master_seed=spec.seed,
        kind=kind,
        document=document,
        sample=sample,
    )
    experiment.point_digests  # noqa: B018 - check every point now, before anything runs
    return experiment


def experiment_from_scenarios(scenarios, replicates: int, steps: int, seed: int, document: dict | None = None) -> Experiment:
    """One point per scenario (labelled ``scenario``), all on the same replicate seeds."""
    if not scenarios:
        raise UserInputError("compare: give at least one scenario.")
    dumps = [s.parameters.model_dump() for s in scenarios]
    base = dumps[0]
    varied = [name for name in base if any(d[name] != base[name] for d in dumps[1:])]
    points = pd.DataFrame({"scenario": [s.name for s in scenarios]})
    for name in varied:  # object columns keep each value's own type (no int-to-float promotion)
        points[name] = pd.Series([d[name] for d in dumps], dtype=object)
    return Experiment(
        base=base, points=points, replicates=replicates, steps=steps, master_seed=seed,
        labels=("scenario",), kind="compare", document=document or {},
    )
