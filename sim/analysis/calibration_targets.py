"""What ``cogov calibrate`` fits, to what, and with which seeds.

* **Parameters**: the uncertain behavioural parameters of the registry, those declared with a
  ``prior`` (:data:`CALIBRATED`). Each prior is uniform on the range the registry gives with its
  basis; the registry's bounds (-20 to 20 for logit weights) say what the model accepts, the
  prior says what is plausible. The registry default of each is the central estimate (weighted
  median) of the shipped posterior (ODD §6.3).
* **Targets**: the emergent patterns of :mod:`sim.analysis.validation` whose role is
  ``calibration``, each as a published figure with a scale (half its tolerance band). The
  other emergent patterns are held out: they are never seen by the calibration and are checked
  afterwards, on the posterior, with the validation seeds.
* **Seeds**: every model evaluation gets its own seed from :data:`CALIBRATION_SEED` and the
  evaluation's parameter values (:func:`evaluation_seed`), so no calibration run shares a seed
  with the validation replicates (``replicate_seeds(20240901, R)``) and a repeated evaluation of
  the same parameters is reproducible.
"""

from __future__ import annotations

import math
import zlib
from functools import cache
from dataclasses import dataclass
from typing import Any

CALIBRATION_SEED = 20250315  # master seed of calibration evaluations (validation uses 20240901)
VALIDATION_SEED = 20240901  # `cogov check-facts` default: the held-out seeds


def calibrated_parameters() -> tuple[str, ...]:
    """The registry parameters that carry a prior, in declaration order."""
    from sim.parameters import REGISTRY

    return tuple(name for name, spec in REGISTRY.items() if spec.prior is not None)


def prior_bounds() -> dict[str, tuple[float, float]]:
    """Each calibrated parameter's uniform prior range, as the registry declares it."""
    from sim.parameters import REGISTRY

    return {name: tuple(map(float, REGISTRY[name].prior)) for name in calibrated_parameters()}


#: The calibrated parameters (the registry entries with a ``prior``).
CALIBRATED: tuple[str, ...] = calibrated_parameters()


@dataclass(frozen=True)
class Target:
    """One summary statistic: the published figure and the scale of a unit of distance."""

    statistic: str
    fact: str  # the validation fact it comes from
    value: float
    scale: float
    why: str


TARGETS: tuple[Target, ...] = (
    Target("participation_rate", "thin_participation", 0.063, 0.05,
           "weekly participation: geometric middle of the 2-20% band; scale about half the band in the lower decade"),
    Target("party_ratio", "party_participation", 1.35, 0.4, "member / non-member participation (survey 1.35)"),
    Target("timely_share", "low_responsiveness", 1 / 3, 0.1, "reports resolved before patience runs out (about one third)"),
    Target("repeat_effect", "response_breeds_reporting", 0.57, 0.3, "relative rise in reporting again after a response (+57%)"),
)


def observed() -> dict[str, float]:
    return {t.statistic: t.value for t in TARGETS}


def distance(simulated: dict[str, float], observed_values: dict[str, float]) -> float:
    """Euclidean distance in units of each target's scale; a run without a statistic is infinitely far."""
    total = 0.0
    for target in TARGETS:
        value = float(simulated.get(target.statistic, math.nan))
        if not math.isfinite(value):
            return math.inf
        total += ((value - observed_values[target.statistic]) / target.scale) ** 2
    return math.sqrt(total)


def evaluation_seed(values: dict[str, float]) -> int:
    """A seed for one evaluation, from the calibration master seed and the parameter values."""
    import numpy as np

    text = ",".join(f"{k}={float(values[k])!r}" for k in sorted(values))
    return int(np.random.SeedSequence(CALIBRATION_SEED, spawn_key=(zlib.crc32(text.encode()),)).generate_state(1)[0])


@cache
def calibration_base() -> dict[str, Any]:
    """The status quo of the default community (the baseline scenario with reform levers at their defaults)."""
    from sim.analysis.validation import status_quo_parameters
    from sim.scenarios import load_scenario

    return status_quo_parameters(load_scenario("baseline").parameters).model_dump()


def summary_statistics(run: dict[str, Any]) -> dict[str, float]:
    """The calibration statistics of one status-quo run of :func:`sim.analysis.validation.status_quo_run`."""
    def ratio(top, bottom):
        return top / bottom if bottom > 0 else math.nan

    answered = ratio(run["answered_again"], run["answered_first"])
    neglected = ratio(run["neglected_again"], run["neglected_first"])
    return {
        "participation_rate": run["participation_rate"],
        "party_ratio": ratio(run["participation_rate_party"], run["participation_rate_non_party"]),
        "timely_share": ratio(run["reports_timely"], run["reports_judged"]),
        "repeat_effect": ratio(answered, neglected) - 1,
    }


def simulate(values: dict[str, float]) -> dict[str, float]:
    """One model evaluation for the calibration (a top-level function: it pickles to any executor)."""
    from sim.analysis.validation import status_quo_run

    values = {k: float(v) for k, v in dict(values).items()}
    parameters = {**calibration_base(), **values}
    return summary_statistics(status_quo_run(parameters, evaluation_seed(values)))
