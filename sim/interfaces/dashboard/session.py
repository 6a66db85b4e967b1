"""What a classroom session runs: one scenario, or two side by side on the same seed.

Plain Python, no Solara: the dashboard's components hold a :class:`Classroom` and redraw after
:meth:`Classroom.step`; the tests and the benchmark drive it directly.

Side-by-side mode follows the common-random-numbers design of :mod:`sim.analysis.compare`: both models
are built with the same seed, so their differences come from the policy, not from chance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sim.model import CoGovernanceModel
from sim.parameters import REGISTRY, ParameterSpec, registry
from sim.scenarios import Scenario, available_scenarios, load_scenario

#: Registry groups whose parameters become sliders (DESIGN §6: main and secondary levers).
LEVER_GROUPS = ("levers", "secondary")
#: Play stops after ten years (DESIGN §3: long runs go to 520 weeks).
MAX_WEEKS = 520
SEED_MAX = 2**32 - 1
DEFAULT_SCENARIO = "baseline"
DEFAULT_COMPARISON = "co_governance"


def lever_specs() -> list[ParameterSpec]:
    """The registry entries shown as sliders, main levers first."""
    return [spec for spec in registry() if spec.group in LEVER_GROUPS]


def scenario_names() -> list[str]:
    """Scenario names found in the scenario folders, the baseline first."""
    names = list(available_scenarios())
    return sorted(names, key=lambda name: (name != DEFAULT_SCENARIO, name))


@cache
def _cached_scenario(name: str) -> Scenario:
    return load_scenario(name)


def scenario(name: str) -> Scenario:
    """A shipped scenario, read once per process (the files do not change while teaching)."""
    return _cached_scenario(name)


def valid_seed(value: Any) -> int | None:
    """The seed as an int when it is a whole number in range, else None.

    Text inputs deliver strings (Mesa issue #3516), so strings of digits are accepted too.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value <= SEED_MAX:
        return value
    return None


@dataclass
class Run:
    """One model of one scenario on one seed, with the lever values it was started with."""

    scenario: Scenario
    seed: int
    overrides: dict[str, Any]
    model: CoGovernanceModel

    @classmethod
    def start(cls, name: str, seed: int, overrides: dict[str, Any] | None = None) -> Run:
        preset = scenario(name).parameters.model_dump()
        overrides = {k: v for k, v in (overrides or {}).items() if v != preset[k]}
        resolved = load_scenario(name, overrides) if overrides else scenario(name)
        return cls(resolved, seed, overrides, CoGovernanceModel(rng=seed, parameters=resolved.parameters))

    @property
    def week(self) -> int:
        return self.model.steps

    def series(self, outcome: str) -> list[float]:
        """Every collected value of one outcome, week 0 first (the DataCollector's own list)."""
        return self.model.datacollector.model_vars[outcome]

    def value(self, name: str) -> Any:
        """The run's current value of a parameter."""
        return getattr(self.scenario.parameters, name)


@dataclass
class Classroom:
    """The runs on screen: scenario A with the slider values, and optionally scenario B.

    Lever ``overrides`` apply to A only; B keeps its preset values, so that side by side the
    class compares two named policies on the same seed.
    """

    scenario_a: str = DEFAULT_SCENARIO
    seed: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)
    scenario_b: str | None = None
    runs: list[Run] = field(init=False)

    def __post_init__(self) -> None:
        unknown = set(self.overrides) - set(REGISTRY)
        if unknown:
            raise KeyError(f"not parameters: {sorted(unknown)}")
        self.reset()

    def reset(self) -> None:
        """Start every run again from week 0 with the same settings."""
        self.runs = [Run.start(self.scenario_a, self.seed, self.overrides)]
        if self.scenario_b is not None:
            self.runs.append(Run.start(self.scenario_b, self.seed))

    @property
    def week(self) -> int:
        return self.runs[0].week

    @property
    def side_by_side(self) -> bool:
        return len(self.runs) == 2

    @property
    def finished(self) -> bool:
        return self.week >= MAX_WEEKS

    def step(self, weeks: int = 1) -> None:
        """Advance every run by ``weeks`` weeks, together (stops at :data:`MAX_WEEKS`)."""
        for _ in range(weeks):
            if self.finished:
                return
            for run in self.runs:
                run.model.step()
