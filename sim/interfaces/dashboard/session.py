"""What a classroom session runs: one scenario, or two side by side on the same seed.

Plain Python, no Solara: the dashboard's components hold a :class:`Classroom` and redraw after
:meth:`Classroom.step`; the tests and the benchmark drive it directly.

Side-by-side mode follows the common-random-numbers design of :mod:`sim.analysis.compare`: both models
are built with the same seed, so their differences come from the policy, not from chance.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sim.interfaces.bilingual import BilingualError
from sim.interfaces.dashboard.i18n import text
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


@dataclass(frozen=True)
class Intervention:
    """Lever changes made to scenario A's running community when it had run ``week`` weeks.

    ``changes`` holds the new values asked for; ``applied`` what actually changed,
    ``{name: (old, new)}`` (empty until the intervention has been applied).
    """

    week: int
    changes: dict[str, Any]
    applied: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def check_intervention(changes: dict[str, Any], origin: str = "intervention", file: str | None = None) -> dict[str, Any]:
    """Refuse unknown and set-up-only parameter names with a message naming them (in Chinese and
    English; ``origin`` is where the changes come from, ``file`` the lesson file holding them)."""
    unknown = sorted(set(changes) - set(REGISTRY))
    fixed = sorted(set(changes) & CoGovernanceModel.SET_UP_ONLY)
    if unknown or fixed:
        key = "intervention.unknown" if unknown else "intervention.set_up_only"

        def message(lang: str) -> str:
            names = ", ".join(unknown or fixed)
            labels = text("event.separator", lang).join(REGISTRY[name].label(lang) for name in fixed)
            said = text(key, lang, origin=origin, names=names, labels=labels)
            return text("lesson.file", lang, origin=file, message=said) if file else said

        raise BilingualError(message("zh"), message("en"))
    return {name: REGISTRY[name].coerce(value) for name, value in changes.items()}


def within_registry(spec: ParameterSpec, value: Any) -> bool:
    """Whether ``value`` has the kind and lies in the range the registry allows for ``spec``."""
    if spec.kind == "bool":
        return isinstance(value, bool)
    if spec.kind == "choice":
        return isinstance(value, str) and value in spec.choices
    wanted = int if spec.kind == "int" else (int, float)
    if isinstance(value, bool) or not isinstance(value, wanted):
        return False
    return (spec.minimum is None or value >= spec.minimum) and (spec.maximum is None or value <= spec.maximum)


@dataclass
class Classroom:
    """The runs on screen: scenario A with the slider values, and optionally scenario B.

    Lever ``overrides`` (values set before week 0) and interventions (lever changes during the
    run, see :meth:`intervene`) apply to A only; B keeps its preset values, so that side by side
    the class compares the changed community with a named policy on the same seed.

    ``plan`` lists interventions to make again at their weeks (a loaded lesson, or a replay);
    ``interventions`` lists those made so far, in order, at most one per week (changes made in the
    same week are one intervention). The same scenario, seed, overrides and plan give the same run.

    ``lock`` is held by every method that changes the runs, so that a page may step them in one
    thread while it reads them (under the same lock) in another.
    """

    scenario_a: str = DEFAULT_SCENARIO
    seed: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)
    scenario_b: str | None = None
    plan: list[Intervention] = field(default_factory=list)
    runs: list[Run] = field(init=False)
    interventions: list[Intervention] = field(init=False)
    lock: threading.RLock = field(init=False, repr=False, compare=False, default_factory=threading.RLock)

    def __post_init__(self) -> None:
        unknown = set(self.overrides) - set(REGISTRY)
        if unknown:
            raise KeyError(f"not parameters: {sorted(unknown)}")
        self.plan = sorted(self.plan, key=lambda planned: planned.week)
        self.reset(replay=True)

    def reset(self, replay: bool = False) -> None:
        """Start every run again from week 0 with the same settings.

        With ``replay`` the interventions of the plan (or, if there is none, those made so far)
        are made again at their weeks; without it the run starts over with none.
        """
        with self.lock:
            self._reset(replay)

    def _reset(self, replay: bool) -> None:
        if replay:
            made = [Intervention(i.week, i.changes) for i in getattr(self, "interventions", [])]
            self.plan = self.plan or made
        else:
            self.plan = []
        self.interventions = []
        self.runs = [Run.start(self.scenario_a, self.seed, self.overrides)]
        if self.scenario_b is not None:
            self.runs.append(Run.start(self.scenario_b, self.seed))
        self._apply_planned()

    @property
    def modified(self) -> bool:
        """Whether scenario A no longer runs as its preset (slider overrides or interventions)."""
        return bool(self.overrides) or any(i.applied for i in self.interventions)

    def intervene(self, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        """Change levers of scenario A's running community from the next week on (no restart).

        Returns ``{name: (old, new)}``; an intervention that changes nothing is not recorded. A
        second change in the same week joins that week's intervention (the model applies changes
        from the next week on, so only the last value of a lever in a week matters): one
        intervention per week, from the value before the week's first change to the last value.
        """
        changes = check_intervention(changes)
        with self.lock:
            applied = self.runs[0].model.intervene(**changes)
            if applied:
                self._record(Intervention(self.week, changes, applied))
            return applied

    def _record(self, made: Intervention) -> None:
        last = self.interventions[-1] if self.interventions else None
        if last is None or last.week != made.week:
            self.interventions.append(made)
            return
        applied = dict(last.applied)
        for name, (old, new) in made.applied.items():
            applied[name] = (applied[name][0] if name in applied else old, new)
        applied = {name: (old, new) for name, (old, new) in applied.items() if old != new}
        self.interventions.pop()
        if applied:
            self.interventions.append(Intervention(made.week, {name: new for name, (_, new) in applied.items()}, applied))

    def _apply_planned(self) -> None:
        while self.plan and self.plan[0].week <= self.week:
            planned = self.plan.pop(0)
            if planned.week == self.week:
                self.intervene(planned.changes)

    def value(self, name: str) -> Any:
        """The value of a parameter now in force in scenario A."""
        return getattr(self.runs[0].model.p, name)

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
            with self.lock:
                if self.finished:
                    return
                for run in self.runs:
                    run.model.step()
                self._apply_planned()
