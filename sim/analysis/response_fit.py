"""H4's lag from a dynamic response: a delayed exponential approach fitted to paired effect paths.

After a reform switched on at week ``w``, the paired effect of the reform on an outcome (treated
minus the same seed held in the status quo) is fitted, for weeks ``s = t - w`` after it, by

    y(s) = y_inf * (1 - exp(-max(0, s - d) / tau))

(``scipy.optimize.curve_fit``): an onset delay ``d`` and a time constant ``tau`` towards the
asymptote ``y_inf``. The time to half of the fitted asymptote is ``d + tau ln 2``. It does not
move with the run length once the path has levelled off; it is *not identified* (NaN, so the
verdict is "cannot tell") when the fit fails, the asymptote has the wrong sign, or the fitted
curve has not reached :data:`LEVELLED_OFF` of its asymptote by the end of the observed weeks
(the path is still rising, so its asymptote and half-time are extrapolations).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

LEVELLED_OFF = 0.8  # the fitted curve must reach this share of its asymptote within the observed weeks
MIN_WEEKS = 12  # fewer observed weeks after the reform: no fit


def rise(s: np.ndarray, asymptote: float, delay: float, tau: float) -> np.ndarray:
    return asymptote * (1.0 - np.exp(-np.maximum(s - delay, 0.0) / tau))


def fit_rise(path: pd.Series, start: int) -> dict[str, float]:
    """Fit :func:`rise` to ``path`` (indexed by week) after week ``start``.

    Returns ``half_weeks`` (``delay + tau ln 2``, NaN when not identified), the fitted
    ``asymptote``, ``delay``, ``tau``, the share of the asymptote ``reached`` by the last week,
    and ``why`` (empty when identified).
    """
    from scipy.optimize import OptimizeWarning, curve_fit

    after = path[path.index > start].dropna()
    s, y = (after.index.to_numpy(float) - start), after.to_numpy(float)
    out = {"half_weeks": math.nan, "asymptote": math.nan, "delay": math.nan, "tau": math.nan, "reached": math.nan, "why": ""}
    if len(s) < MIN_WEEKS or not np.isfinite(y).all() or np.ptp(y) == 0:
        return out | {"why": "too few weeks or a flat path"}
    window = float(s[-1])
    guess = float(np.mean(y[-max(4, len(y) // 4):]))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OptimizeWarning)
            (asymptote, delay, tau), _ = curve_fit(rise, s, y, p0=(guess, 1.0, window / 8), maxfev=20000,
                                                   bounds=([-np.inf, 0.0, 0.5], [np.inf, window / 2, 20 * window]))
    except (RuntimeError, ValueError) as error:
        return out | {"why": f"the fit did not converge ({error})"}
    reached = float(1.0 - math.exp(-max(window - delay, 0.0) / tau))
    out.update(asymptote=float(asymptote), delay=float(delay), tau=float(tau), reached=reached)
    if asymptote <= 0:
        return out | {"why": "the fitted asymptote is not above zero"}
    if reached < LEVELLED_OFF:
        return out | {"why": f"not levelled off: the fit reaches {reached:.0%} of its asymptote by week {window:.0f}"}
    return out | {"half_weeks": float(delay + tau * math.log(2))}


def fitted_lag(responsiveness: pd.DataFrame, participation: pd.DataFrame, week: int, columns) -> tuple[float, dict]:
    """Participation's fitted half-time minus responsiveness's, on the mean paths of replicates ``columns``."""
    fits = {name: fit_rise(frame.iloc[:, list(columns)].mean(axis=1), week)
            for name, frame in (("responsiveness", responsiveness), ("participation", participation))}
    return fits["participation"]["half_weeks"] - fits["responsiveness"]["half_weeks"], fits


def nan_bootstrap(statistic, n: int, seed: int, resamples: int, min_finite: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap over replicates of a statistic that may be NaN on a resample.

    NaN (no interval) when fewer than ``min_finite`` of the resamples give a value: a fit that
    fails on many resamples is not a fit to report.
    """
    if n < 3:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    values = np.array([statistic(rng.integers(0, n, n)) for _ in range(resamples)], dtype=float)
    finite = values[np.isfinite(values)]
    if len(finite) < min_finite * resamples:
        return math.nan, math.nan
    low, high = np.percentile(finite, [2.5, 97.5])
    return float(low), float(high)
