"""The model as an EMA Workbench model (Kwakkel 2017; ``ema_workbench`` 3.x), for exploratory modelling.

``ema_model()`` returns an EMA ``Model`` (one run per experiment) or ``ReplicatorModel`` (several
replicates per experiment) whose

* **levers** are the policy levers of the registry (groups ``levers`` and ``secondary``);
* **uncertainties** are the behavioural parameters (group ``behaviour``) with their registry
  ranges, or the ranges you give (checked against the registry);
* **outcomes** are model outcomes at the final week (``ScalarOutcome``; with replications, the
  mean over the replicates);
* **constants** are the base scenario's name, the number of weeks and any fixed values.

Seeds are reproducible: replicate ``r`` runs on the seed ``cogov`` itself would use for replicate
``r`` of the master seed (:func:`sim.experiments.runs.replicate_seeds`), the same in every
experiment (common random numbers), and :func:`run_experiments` seeds EMA's samplers from the
same master seed. When only some of the problem-mix shares (``share_*``) are uncertain or levers,
the others are rescaled in proportion so that they still add up to 1
(:func:`sim.parameters.rescale_composition`).

EMA Workbench is an optional dependency: this module imports it inside its functions only, so
``import sim.ema`` works without it. Example (see docs/ema_prim.md for PRIM)::

    from sim.ema import ema_model, run_experiments
    model = ema_model(uncertainties={"weight_efficacy": (1, 3), "trust_decay_week": (0.01, 0.05)}, steps=52)
    experiments, outcomes = run_experiments(model, scenarios=50, policies=4, seed=1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from sim.errors import UserInputError, describe_parameter_error, value_problem
from sim.parameters import REGISTRY, rescale_composition

LEVER_GROUPS = ("levers", "secondary")
UNCERTAINTY_GROUPS = ("behaviour",)
DEFAULT_OUTCOMES = ("resolution_rate", "cross_actor_resolution_rate", "participation_rate", "mean_trust", "backlog")
#: Keyword arguments of :func:`run_cogov` that are not model parameters.
CONTROL_NAMES = ("base_scenario", "steps", "rng", "outcome_names")


def require_ema():
    """The ``ema_workbench`` module, or a clear message on how to install it."""
    try:
        import ema_workbench
    except ImportError:
        raise UserInputError(
            "sim.ema needs EMA Workbench, which is not installed. Install it into this environment with "
            "`pip install ema_workbench` (or `pip install -e .[test]`), then try again."
        ) from None
    return ema_workbench


@lru_cache(maxsize=16)
def _scenario_parameters(scenario: str) -> dict[str, Any]:
    from sim.scenarios import load_scenario

    return load_scenario(scenario).parameters.model_dump()


def run_cogov(base_scenario: str = "baseline", steps: int = 104, rng: int = 0,
              outcome_names: tuple[str, ...] = DEFAULT_OUTCOMES, **values: Any) -> dict[str, float]:
    """One run for EMA: the scenario's parameters with ``values`` on top; outcomes at the final week.

    A top-level function, so EMA's multiprocessing evaluators can pickle it.
    """
    from sim.experiments.runs import run_simulation
    from sim.scenarios import build_parameters

    given = {k: REGISTRY[k].coerce(_plain(v)) for k, v in values.items()}
    merged = rescale_composition({**_scenario_parameters(base_scenario), **given}, fixed=given)
    parameters = build_parameters(merged, origin="EMA experiment")
    frame = run_simulation(parameters, int(rng), int(steps))
    final = frame.iloc[-1]
    return {name: float(final[name]) for name in outcome_names}


def _plain(value: Any) -> Any:
    """numpy scalars and EMA's categories as plain Python values."""
    value = getattr(value, "value", value)  # ema_workbench Category
    return value.item() if hasattr(value, "item") else value


def ema_parameter(name: str, bounds: tuple[float, float] | Iterable[Any] | None = None):
    """The EMA parameter for a registry entry, on its registry range unless ``bounds`` narrows it."""
    ema = require_ema()
    spec = REGISTRY.get(name)
    if spec is None:
        from sim.errors import unknown_parameter_message

        raise UserInputError(f"sim.ema: {unknown_parameter_message(name)}.")
    if spec.kind == "bool":
        return ema.BooleanParameter(name)
    if spec.kind == "choice":
        choices = list(spec.choices) if bounds is None else (list(bounds) if isinstance(bounds, (list, tuple, set)) else [bounds])
        unknown = [c for c in choices if c not in spec.choices]
        if unknown or not choices:
            raise UserInputError(f"sim.ema: {describe_parameter_error(name, unknown[0] if unknown else choices, 'not one of the choices')}.")
        return ema.CategoricalParameter(name, choices)
    if bounds is not None and (not isinstance(bounds, (list, tuple)) or len(bounds) != 2):
        raise UserInputError(f"sim.ema: the range of '{name}' must be (low, high); got {bounds!r}. Allowed: {spec.allowed()}.")
    low, high = bounds if bounds is not None else (spec.minimum, spec.maximum)
    problem = next((value_problem(name, _plain(v)) for v in (low, high) if bounds is not None and value_problem(name, _plain(v))), None)
    if problem:
        raise UserInputError(f"sim.ema: range {low!r}..{high!r} for '{name}': {problem}.")
    if low is None or high is None or not (spec.minimum is None or spec.minimum <= low) or not (
            spec.maximum is None or high <= spec.maximum) or not low < high:
        raise UserInputError(
            f"sim.ema: range {low}..{high} for '{name}' ({spec.label_en}, {spec.label_zh}) is not allowed; give "
            f"low < high within {spec.allowed()}."
        )
    if spec.kind == "int":
        return ema.IntegerParameter(name, int(low), int(high))
    return ema.RealParameter(name, float(low), float(high))


def _parameters(selection, groups: tuple[str, ...]) -> list:
    if selection is None:
        names = {n: None for n, s in REGISTRY.items() if s.group in groups}
    elif isinstance(selection, Mapping):
        names = dict(selection)
    else:
        names = {n: None for n in selection}
    return [ema_parameter(n, b) for n, b in names.items()]


def ema_model(
    name: str = "cogov",
    scenario: str = "baseline",
    steps: int = 104,
    replications: int = 1,
    seed: int = 0,
    levers: Iterable[str] | Mapping[str, Any] | None = None,
    uncertainties: Iterable[str] | Mapping[str, Any] | None = None,
    outcomes: Iterable[str] = DEFAULT_OUTCOMES,
    fixed: Mapping[str, Any] | None = None,
):
    """An EMA ``Model`` (``replications == 1``) or ``ReplicatorModel`` of the co-governance model.

    Args:
        scenario: base scenario name or file; every parameter not sampled takes its value.
        steps: weeks per run.
        replications: runs per experiment, on replicate seeds spawned from ``seed``.
        levers, uncertainties: parameter names (registry range) or ``{name: (low, high)}``
            (``{name: [choices]}`` for a choice); default: the registry's policy levers and
            behavioural parameters.
        outcomes: outcome names (their value at the final week).
        fixed: parameters held at other values than the scenario's (EMA constants).
    """
    ema = require_ema()
    import numpy as np

    from sim.experiments.runs import replicate_seeds
    from sim.model.outcomes import OUTCOMES
    from sim.scenarios import build_parameters, load_scenario

    if not isinstance(name, str) or not name.isidentifier():
        raise UserInputError(f"sim.ema: name {name!r} must be a Python identifier (EMA Workbench names models so), e.g. 'cogov'.")
    replications = _whole("replications", replications, 1, 100_000)
    steps = _whole("steps", steps, 1, 5200)
    seed = _whole("seed", seed, 0, 2**32 - 1)
    base = load_scenario(scenario).parameters.model_dump()  # a bad name fails here, with its message
    if isinstance(outcomes, str):
        outcomes = [outcomes]
    outcomes = tuple(outcomes)
    if not outcomes:
        raise UserInputError("sim.ema: give at least one outcome (`cogov outcomes` lists them).")
    unknown = [o for o in outcomes if o not in OUTCOMES]
    if unknown:
        raise UserInputError(f"sim.ema: '{unknown[0]}' is not an outcome of the model; `cogov outcomes` lists them.")
    lever_list = _parameters(levers, LEVER_GROUPS)
    uncertainty_list = _parameters(uncertainties, UNCERTAINTY_GROUPS)
    overlap = {p.name for p in lever_list} & {p.name for p in uncertainty_list}
    if overlap:
        raise UserInputError(f"sim.ema: {', '.join(sorted(overlap))} cannot be both a lever and an uncertainty.")
    if fixed is not None and not isinstance(fixed, Mapping):
        raise UserInputError(f"sim.ema: fixed must be a mapping of parameter names to values; got {type(fixed).__name__}.")
    fixed = {key: _plain(value) for key, value in (fixed or {}).items()}
    problems = [f"fixed: {describe_parameter_error(key, value, problem.split(';')[0])}" if key in REGISTRY else f"fixed: {problem}"
                for key, value in fixed.items() if (problem := value_problem(key, value))]
    if problems:
        raise UserInputError(f"sim.ema: {len(problems)} problem(s) with the fixed values.", problems)
    build_parameters(rescale_composition({**base, **fixed}, fixed=fixed), origin="sim.ema: fixed")  # combinations too
    seeds = replicate_seeds(seed, replications)
    if replications > 1:
        model = ema.ReplicatorModel(name, function=run_cogov)
        model.replications = [{"rng": s} for s in seeds]
        constants = {}
    else:
        model = ema.Model(name, function=run_cogov)
        constants = {"rng": seeds[0]}
    model.levers = lever_list
    model.uncertainties = uncertainty_list
    # a ReplicatorModel returns one value per replicate: its outcome is their mean (np.mean pickles)
    reduce = {"function": np.mean} if replications > 1 else {}
    model.outcomes = [ema.ScalarOutcome(o, **reduce) for o in outcomes]
    constants.update(base_scenario=scenario, steps=steps, outcome_names=outcomes, **fixed)
    model.constants = [ema.Constant(k, v) for k, v in constants.items()]
    return model


def _whole(name: str, value: Any, low: int, high: int) -> int:
    """A whole number in [low, high], with the message the command line gives for the same option."""
    import argparse

    from sim.interfaces.options import bounded_int

    if isinstance(value, bool) or not isinstance(getattr(value, "item", lambda: value)(), int):
        raise UserInputError(f"sim.ema: {name} must be a whole number from {low} to {high}; got {value!r}")
    try:
        return bounded_int(name, low, high)(str(int(value)))
    except argparse.ArgumentTypeError as exc:
        raise UserInputError(f"sim.ema: {exc}") from None


def run_experiments(model, scenarios: int = 10, policies: int = 1, seed: int = 0, **kwargs):
    """``ema_workbench.perform_experiments`` on ``model`` with both samplers seeded from ``seed``.

    Runs sequentially by default (pass ``evaluator=`` for EMA's multiprocessing evaluator).
    Returns ``(experiments, outcomes)`` as EMA does.
    """
    ema = require_ema()
    import numpy as np

    seed = _whole("seed", seed, 0, 2**32 - 1)
    for label, count in (("scenarios", scenarios), ("policies", policies)):
        if isinstance(count, int) or hasattr(count, "item"):
            _whole(label, count, 1, 10_000_000)
    streams = np.random.SeedSequence(seed).spawn(2)
    kwargs.setdefault("uncertainty_sampling_kwargs", {"rng": np.random.default_rng(streams[0])})
    kwargs.setdefault("lever_sampling_kwargs", {"rng": np.random.default_rng(streams[1])})
    return ema.perform_experiments(model, scenarios=scenarios, policies=policies, **kwargs)
