"""What the model asks of Mesa, written once for Mesa 3.5 (the release) and Mesa 4.0 (its successor).

Mesa 4.0 (``docs/migration_guide.md`` of Mesa, and its 4.0.0a0 source) changes four things the
model touches:

* **Scenario.** A frozen ``mesa.experimental.scenarios.Scenario`` becomes the one place for the
  random number generator: ``Scenario(rng=42, empowerment=0.8)``; its ``rng`` is always a numpy
  ``Generator`` made from ``seed_sequence``, and ``spawn_replications(n)`` derives replicates with
  ``SeedSequence.spawn``. ``mesa.Model.__init__`` takes either ``rng`` or a Scenario instance, not
  both. In 3.5 a Scenario keeps ``rng`` as given (possibly None), and a different ``rng`` beside it
  is an error.
* **Time.** ``model.steps`` is removed; ``model.time`` (a float that Mesa advances by 1 per
  ``step()`` in both versions) is the clock. The model reads its week as ``int(model.time)``.
* **Seeds.** 3.5 keeps the integer seed in a private ``_seed``; 4.0 keeps the Scenario's
  ``SeedSequence`` (the 4.0.0a0 pre-release only the generator's initial state). :func:`run_seed`
  finds the integer the model's own streams start from: with 4.0 as on Mesa's main branch it is
  the seed itself, so ``rng=42`` gives the same community and run as under 3.5; with 4.0.0a0 it is
  derived from the initial state, the same for the same seed in every process but not 3.5's.
* **Sweeps.** ``mesa.batch_run`` is removed in favour of ``run_scenarios`` (see
  :mod:`sim.experiments.mesa_runs`).

The model's own mechanisms never draw from Mesa's generators (they use :mod:`sim.model.streams`),
so none of these changes alters a result.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

#: The major version of the installed Mesa.
MESA_MAJOR = int(mesa.__version__.split(".")[0])
#: Attributes of a Mesa Scenario that are not model parameters (3.5 and 4.0).
SCENARIO_FIELDS = frozenset({"rng", "model", "_scenario_id", "scenario_id", "replication_id"})


def scenario_values(scenario: Any) -> dict[str, Any]:
    """The parameters a Mesa Scenario carries (its rng and bookkeeping left out)."""
    return {name: value for name, value in scenario if name not in SCENARIO_FIELDS}


def model_arguments(rng: Any, scenario: Any) -> dict[str, Any]:
    """Keyword arguments for ``mesa.Model.__init__`` given the model's ``rng`` and ``scenario``.

    A seed given beside a Scenario is the one SolaraViz's seed input passes on every Reset,
    next to a fresh Scenario: the seed is used. In 3.5 that is allowed only when the Scenario
    has no rng of its own (two different seeds stay Mesa's error); a 4.0 Scenario always has
    one, so the Scenario is rebuilt on the given seed.
    """
    if scenario is None:
        return {"rng": rng}
    if MESA_MAJOR >= 4:
        if rng is not None:
            scenario = type(scenario)(
                rng=rng, scenario_id=scenario.scenario_id, replication_id=scenario.replication_id, **scenario_values(scenario)
            )
        return {"scenario": scenario}
    if scenario.rng is None and rng is not None:
        scenario.rng = rng
    return {"rng": rng, "scenario": scenario}


def run_seed(model: mesa.Model) -> int:
    """The integer seed of a model's run, from which :class:`sim.model.streams.Streams` spawns.

    An integer ``rng`` (given directly or through a Scenario) is the seed itself, under 3.5 and
    4.0 alike. A replicate spawned by ``Scenario.spawn_replications`` (4.0) gets an integer derived
    from its ``SeedSequence``, distinct for every replicate.
    """
    seed = getattr(model, "_seed", None)  # Mesa 3.5
    return int(seed) if seed is not None else run_seed_of_scenario(model.scenario)


def run_seed_of_scenario(scenario: Any) -> int:
    """The integer seed a model built from ``scenario`` runs on (see :func:`run_seed`)."""
    sequence = getattr(scenario, "seed_sequence", None)  # Mesa 4.0 after 4.0.0a0
    if sequence is not None:
        if not sequence.spawn_key and isinstance(sequence.entropy, int | np.integer):
            return int(sequence.entropy)
        return int(sequence.generate_state(1, dtype=np.uint64)[0])
    state = getattr(scenario, "initial_rng_state", None)  # Mesa 4.0.0a0
    if state is not None:
        # 4.0.0a0 keeps only the generator's initial state (its seed is lost when a Scenario is
        # pickled to a worker), so the seed is derived from that state: the same in every process.
        words = [int(v) for v in np.atleast_1d(state["state"]["state"]).tolist()]
        words += [int(v) for v in np.atleast_1d(state["state"].get("inc", 0)).tolist()]
        return int(np.random.SeedSequence(words).generate_state(1, dtype=np.uint64)[0])
    return int(scenario.rng)  # Mesa 3.5: the rng as given


def week(model: mesa.Model) -> int:
    """The model's week: Mesa's clock, ``model.time``, as a whole number."""
    return int(model.time)


class WeeklyDataCollector(mesa.DataCollector):
    """Mesa's DataCollector with each collection's step as a whole week.

    Mesa (3.5 and 4.0) records ``model.time``, a float, as the step of each collection, and
    ``mesa.batch_run`` reports it as its ``Step`` column (``5.0``); the model's clock counts weeks.

    Collecting the model's outcomes, which :func:`sim.model.measurement.measure` has computed for the
    week as plain numbers, appends them to the columns directly: Mesa's general path calls one
    reporter per column and deep-copies each value, a tenth of a step at the default community.
    The first collection takes Mesa's path, which validates the reporters.
    """

    def __init__(self, model_reporters: dict[str, Any] | None = None, **kwargs: Any):
        super().__init__(model_reporters=model_reporters, **kwargs)
        from sim.model.outcomes import read_outcome

        reporters = list((model_reporters or {}).values())
        self._outcomes_only = bool(reporters) and not kwargs and all(getattr(r, "func", None) is read_outcome for r in reporters)

    def collect(self, model: mesa.Model) -> None:
        if self._outcomes_only and getattr(self, "_validated", False):
            steps = getattr(self, "_collection_steps", None)
            if steps is not None:
                steps.append(int(model.time))
            outcomes = model.outcomes
            for name, column in self.model_vars.items():
                column.append(outcomes[name])
            return
        super().collect(model)
        steps = getattr(self, "_collection_steps", None)
        if steps:
            steps[-1] = int(steps[-1])
