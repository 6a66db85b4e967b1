"""How a measure's interval becomes a verdict: a region of practical equivalence (ROPE), and no verdict on formulas.

Each decided measure of :mod:`sim.analysis.hypotheses` declares the half-width ``rope`` of the
smallest effect that matters. With its 95% interval ``[low, high]`` and the predicted direction
``expected`` (+1 or -1):

* *supports*: the whole interval lies beyond ``+rope`` on the predicted side;
* *contradicts*: the whole interval lies beyond the ROPE on the other side;
* *practically nil*: the whole interval lies inside ``(-rope, +rope)``;
* *cannot tell*: otherwise (or when there is no interval).

So a verdict no longer follows from any significant difference, however small: more replicates
narrow the interval, but a tiny effect then becomes *practically nil*, not *supports*.

A quantity that is not a simulated result gets no verdict: a measure declared as context (a
formula of the parameters, a quantity the model sets by construction) is *context*, and a
measure whose paired values are identical in every replicate (or whose interval has no width)
is *context (deterministic)*, whatever it was declared to be.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

CONTEXT = "context"
DETERMINISTIC = "context (deterministic)"


def verdict_of(low: float, high: float, expected: int, rope: float = 0.0) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "cannot tell"
    low, high = expected * low, expected * high  # in the predicted direction
    low, high = min(low, high), max(low, high)
    if low > rope:
        return "supports"
    if high < -rope:
        return "contradicts"
    if -rope < low and high < rope:
        return "practically nil"
    return "cannot tell"


def is_deterministic(values: np.ndarray, low: float = math.nan, high: float = math.nan) -> bool:
    """True when every replicate gives the same paired value, or the interval has no width (a formula, not a result)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    scale = 1e-9 * max(1.0, float(np.max(np.abs(values)))) if len(values) else 1e-9
    if len(values) >= 2 and float(np.ptp(values)) <= scale:
        return True
    return bool(np.isfinite(low) and np.isfinite(high) and abs(high - low) <= scale)


def t_interval(values: np.ndarray) -> tuple[float, float, float, float]:
    """Mean, 95% t interval and Cohen's d_z of paired values (NaN pairs dropped)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    n = len(values)
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan
    mean = float(values.mean())
    if n < 2:
        return mean, math.nan, math.nan, math.nan
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n))
    effect = mean / sd if sd > 1e-12 * max(1.0, abs(mean)) else math.nan
    return mean, mean - half, mean + half, effect
