"""Pattern-oriented validation: the stylised facts of DESIGN §9 as measurable checks.

Each :class:`Fact` names a pattern reported in public sources, the setting in which the model
should show it (the status quo, a community with many compounds, or a reform switched on in a
running community), the figure the model is judged by and the tolerance around the published
figure. :func:`check_facts` runs the replicates a scenario needs and returns one
:class:`FactResult` per fact; ``cogov check-facts`` prints them and ``tests/validation`` asserts
them for the shipped defaults. Calibration and results: docs/ODD.md §6.

Settings derived from a scenario (so that any scenario can be checked):

* *status quo*: the scenario with every reform lever (:data:`sim.model.REFORM_LEVERS`) at its
  registry default;
* *many compounds*: the status quo on a 60 x 60 grid (24 compounds of 2 x 3 buildings), so that
  shares of compounds mean something (3 of 24 compounds are the top 11%);
* *reform*: the scenario's own levers or, when it sets none, the levers of ``co_governance``,
  switched on at week :data:`REFORM_START_WEEK` of a running status-quo community
  (``reform_start_week``), compared with the same seeds held in the status quo;
* *reformed*: the same levers acting from week 0 after the burn-in (a setting held out from
  calibration, which only sees the status quo).

A knockout (:func:`check_knockouts`) applies a fact's ``knockout`` overrides, registry
parameters at stated values, on top of every setting (burn-in included): the mechanism is
switched off through the model's own parameters, never by a branch in the measure.

Every run starts after the burn-in (``burn_in_weeks``), from the settled status quo of its
seed, so week 1 is a week of the community as it is today; the behavioural age gradient (equal
free time) was dropped because no source gives an age mechanism beyond free time (ODD §5).

Every measure uses replicates with seeds from :func:`sim.experiments.runs.replicate_seeds`; ratios are
ratios of means pooled over replicates, with a 95% interval over replicates where one is shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.analysis.facts import (  # noqa: F401  (declared there, light, for `cogov check-facts --help`)
    FACT_BY_KEY,
    FACTS,
    FIRST_REPORT_BY_WEEK,
    FOLLOW_UP_WEEKS,
    MANY_COMPOUNDS,
    REFORM_FIRST_YEAR_END,
    REFORM_FOLLOW_WEEKS,
    REFORM_SCENARIO,
    REFORM_START_WEEK,
    RESPONSE_WINDOW,
    SECOND_YEAR,
    STALL_OPEN_WEEKS,
    STATUS_QUO_STEPS,
    TIMELY_WEEKS,
    TOP_COMPOUND_SHARE,
    Fact,
)

if TYPE_CHECKING:  # imported where used: `cogov --help` reads the facts without the registry
    from sim.parameters import Parameters


@dataclass
class FactResult:
    """The outcome of checking one fact: headline figure, its description and the verdict."""

    fact: Fact
    figure: float
    measured: str
    passed: bool
    interval: tuple[float, float] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def verdict(self) -> str:
        return "通过 pass" if self.passed else "未通过 FAIL"


# ====================================================================== settings
def status_quo_parameters(parameters: Parameters) -> Parameters:
    """The scenario with every reform lever at its registry default (and no reform week)."""
    from sim.model import REFORM_LEVERS
    from sim.parameters import Parameters

    update = {name: Parameters.model_fields[name].default for name in (*REFORM_LEVERS, "reform_start_week")}
    return parameters.model_copy(update=update)


def equal_time_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """Every age group given the same free time (the population mean), so that only behaviour can make gradients."""
    from sim.parameters import Parameters

    p = Parameters(**parameters)
    mean = (p.share_young * p.time_availability_young + p.share_working * p.time_availability_working
            + p.share_retired * p.time_availability_retired)
    return {**parameters, **{f"time_availability_{g}": float(mean) for g in ("young", "working", "retired")}}


def sets_reform_levers(parameters: Parameters) -> bool:
    from sim.model import REFORM_LEVERS
    from sim.parameters import Parameters

    return any(getattr(parameters, n) != Parameters.model_fields[n].default for n in REFORM_LEVERS)


def reform_parameters(parameters: Parameters) -> tuple[Parameters, str]:
    """The reform the scenario stands for, and a phrase saying where its levers came from."""
    from sim.model import REFORM_LEVERS
    from sim.scenarios import load_scenario

    if sets_reform_levers(parameters):
        source = "the scenario's own levers"
    else:
        levers = load_scenario(REFORM_SCENARIO).parameters
        parameters = parameters.model_copy(update={n: getattr(levers, n) for n in REFORM_LEVERS})
        source = f"the levers of '{REFORM_SCENARIO}' added to the scenario"
    return parameters.model_copy(update={"reform_start_week": REFORM_START_WEEK}), source


# ====================================================================== single runs (top level: they pickle)
def _run_model(parameters: dict[str, Any], seed: int, steps: int, on_step: Callable[[Any], None] | None = None):
    from sim.experiments.runs import start_model
    from sim.parameters import Parameters

    model = start_model(Parameters(**parameters), seed)  # after the burn-in (kept per seed: the same community)
    for _ in range(steps):
        model.step()
        if on_step is not None:
            on_step(model)
    return model


def status_quo_run(parameters: dict[str, Any], seed: int) -> dict[str, Any]:
    """Participation, Party reach, responsiveness and repeat reporting in one status-quo run."""
    from sim.model.households import RETIRED
    from sim.model.problems import GOVERNANCE

    weeks_participated = None

    def count_participation(model) -> None:
        nonlocal weeks_participated
        if SECOND_YEAR[0] <= model.steps <= SECOND_YEAR[1]:
            weeks = model.households.participating.astype(float)
            weeks_participated = weeks if weeks_participated is None else weeks_participated + weeks

    model = _run_model(parameters, seed, STATUS_QUO_STEPS, count_participation)
    frame = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    year = frame.iloc[SECOND_YEAR[0] : SECOND_YEAR[1] + 1]
    h = model.households
    book = model.problems
    result = {
        name: float(year[name].mean())
        for name in ("participation_rate", "participation_rate_young", "participation_rate_working",
                     "participation_rate_retired", "participation_rate_party", "participation_rate_non_party",
                     "party_reach")
    }
    result["party_share"] = float(h.party.mean())
    result["retired_share_members"] = float((h.age_group[h.party] == RETIRED).mean()) if h.party.any() else math.nan
    result["retired_share_residents"] = float((h.age_group == RETIRED).mean())

    arisen = book.column("arisen_step")
    reported = book.column("reported_by_resident") & (arisen >= RESPONSE_WINDOW[0]) & (arisen <= RESPONSE_WINDOW[1])
    timely = np.isin(book.column("resolved_by"), GOVERNANCE) & ~book.column("neglected")  # answered by governance, not self-help
    result["reports_judged"] = int(reported.sum())
    result["reports_timely"] = int((reported & timely).sum())

    counts = repeat_report_counts(model)
    result.update(counts)
    result.update(lock_in_counts(model, weeks_participated))
    result.update(stall_durations(model))
    return result


def lock_in_counts(model, weeks_participated: np.ndarray) -> dict[str, float]:
    """Year-two participation (household-weeks) of households whose first report was answered or neglected."""
    from sim.model.households import ANSWERED, NEGLECTED

    outcome = model.households.first_report_outcome
    weeks = SECOND_YEAR[1] - SECOND_YEAR[0] + 1
    return {
        f"{name}_participation": float(weeks_participated[outcome == code].sum() / max(1, (outcome == code).sum() * weeks))
        for name, code in (("answered", ANSWERED), ("neglected", NEGLECTED))
    }


def stall_durations(model) -> dict[str, Any]:
    """Weeks to resolution of problems arising in year one, censored (resolved = False) when they left
    the books unresolved or at the end of the run."""
    from sim.model.problems import CROSS_ACTOR, NOT_YET

    book = model.problems
    arisen, resolved_step, exit_step = book.column("arisen_step"), book.column("resolved_step"), book.column("exit_step")
    first_year = (arisen >= 1) & (arisen <= 52)
    resolved = resolved_step != NOT_YET
    ended = np.where(resolved, resolved_step, np.where(exit_step != NOT_YET, exit_step, model.steps))
    weeks = ended - arisen
    cross = first_year & (book.column("category") == CROSS_ACTOR)
    everyday = first_year & (book.column("category") != CROSS_ACTOR)
    return {
        "cross_weeks": weeks[cross].tolist(), "cross_resolved": resolved[cross].tolist(),
        "everyday_weeks": weeks[everyday].tolist(), "everyday_resolved": resolved[everyday].tolist(),
    }


def repeat_report_counts(model) -> dict[str, int]:
    """Households whose first report (weeks 1-52) was answered in time by the governance system or
    neglected, and how many of each reported again within the following 52 weeks (Sjoberg et al.
    2017). First reports are watched from week 0 (:meth:`CoGovernanceModel.start`); a first
    report resolved by the household's neighbours (self-help) is in neither group."""
    from sim.model.households import ANSWERED, NEGLECTED

    h, book = model.households, model.problems
    known = book.column("known_step")
    by_resident = book.column("reported_by_resident")
    households = np.flatnonzero(np.isin(h.first_report_outcome, (ANSWERED, NEGLECTED)) & (h.first_report_problem >= 0))
    first_week = known[h.first_report_problem[households]]
    households, first_week = households[first_week <= FIRST_REPORT_BY_WEEK], first_week[first_week <= FIRST_REPORT_BY_WEEK]
    start = np.full(h.count, -1)
    start[households] = first_week
    reporter = book.column("household")[by_resident]
    week = known[by_resident]
    later = (start[reporter] >= 0) & (week > start[reporter]) & (week <= start[reporter] + FOLLOW_UP_WEEKS)
    again = np.zeros(h.count, dtype=bool)
    again[reporter[later]] = True
    outcome = h.first_report_outcome[households]
    return {
        "answered_first": int((outcome == ANSWERED).sum()),
        "answered_again": int(again[households[outcome == ANSWERED]].sum()),
        "neglected_first": int((outcome == NEGLECTED).sum()),
        "neglected_again": int(again[households[outcome == NEGLECTED]].sum()),
    }


def committee_run(parameters: dict[str, Any], seed: int) -> dict[str, Any]:
    """Share of compounds with an owners' committee at set-up (formation is drawn then)."""
    from sim.model import CoGovernanceModel
    from sim.parameters import Parameters

    model = CoGovernanceModel(rng=seed, parameters=Parameters(**parameters))
    return {"committees": len(model.committee_of_compound), "compounds": model.n_compounds}


def complaint_run(parameters: dict[str, Any], seed: int) -> dict[str, Any]:
    """Property complaints and property problems per compound over two years after the burn-in."""
    from sim.model.mechanisms.escalation import PROPERTY_COMPLAINTS

    model = _run_model(parameters, seed, STATUS_QUO_STEPS)
    book = model.problems
    prop = np.isin(book.column("category"), PROPERTY_COMPLAINTS) & (book.column("arisen_step") >= 1)
    problems = np.bincount(book.column("compound")[prop], minlength=model.n_compounds)
    complaints = model.flows.totals["property_complaints"]  # since week 0
    return {"property_complaints": complaints.astype(int).tolist(), "property_problems": problems.tolist(),
            "committees": len(model.committee_of_compound)}


def timely_resolution_by_week(model) -> np.ndarray:
    """Share of each week's (0, 1, ...) new problems resolved by the governance system within
    :data:`TIMELY_WEEKS` weeks (self-help is not a response). Weeks whose problems have not yet
    had :data:`TIMELY_WEEKS` weeks are NaN (their count is not final)."""
    from sim.model.mesa_api import week
    from sim.model.problems import GOVERNANCE

    book = model.problems
    arisen_all = book.column("arisen_step")
    since_start = arisen_all >= 0  # the burn-in's problems are not the experiment's
    arisen = arisen_all[since_start]
    by_governance = np.isin(book.column("resolved_by")[since_start], GOVERNANCE)
    timely = by_governance & (book.column("resolved_step")[since_start] - arisen <= TIMELY_WEEKS)
    weeks = week(model) + 1
    new = np.bincount(arisen, minlength=weeks).astype(float)
    done = np.bincount(arisen, weights=timely, minlength=weeks)
    share = np.divide(done, new, out=np.full(weeks, np.nan), where=new > 0)
    share[max(0, weeks - TIMELY_WEEKS):] = np.nan
    return share


def reform_run(parameters: dict[str, Any], seed: int) -> dict[str, Any]:
    """Weekly timely resolution of one run (reform or its status quo)."""
    model = _run_model(parameters, seed, REFORM_START_WEEK + REFORM_FOLLOW_WEEKS)
    return {"timely": timely_resolution_by_week(model).tolist()}


# ====================================================================== running everything
def _call(task: tuple[Callable[..., dict[str, Any]], dict[str, Any], int]) -> dict[str, Any]:
    function, parameters, seed = task
    return function(parameters, seed)


def _execute(tasks: list, workers: int) -> list[dict[str, Any]]:
    """Run tasks in order on the experiment layer's local executors (results do not depend on ``workers``)."""
    from sim.experiments.executors import make_backend

    backend = make_backend(None, max(1, min(workers, len(tasks))))
    executor = backend.start()
    try:
        return list(executor.map(_call, tasks))
    finally:
        backend.close()


def check_facts(parameters: Parameters, replicates: int = 10, seed: int = 20240901, workers: int = 1,
                only: list[str] | None = None,
                knockout: dict[str, Any] | None = None) -> tuple[list[FactResult], dict[str, Any]]:
    """Check every fact (or those in ``only``) for a scenario's parameters.

    ``knockout`` (registry parameters and values) is applied last, on top of every setting, so
    that a lever it names holds in the reform too. Returns the results and a description of the
    settings used (for manifests and printing).
    """
    from sim.experiments.runs import replicate_seeds

    keys = [f.key for f in FACTS if only is None or f.key in only]
    seeds = replicate_seeds(seed, replicates)
    status_quo = status_quo_parameters(parameters)
    reform, reform_source = reform_parameters(parameters)
    off = _valid_knockout(knockout or {})
    base = {**status_quo.model_dump(), **off}
    many = {**base, **MANY_COMPOUNDS}
    reform_dict = {**reform.model_dump(), **off}
    tasks: dict[str, list] = {}
    if any(FACT_BY_KEY[k].setting == "status quo" for k in keys):
        tasks["status"] = [(status_quo_run, base, s) for s in seeds]
    if {"committees_unaided", "committees_pushed"} & set(keys):
        tasks["unaided"] = [(committee_run, {**many, "committee_formation_push": 0.0}, s) for s in seeds]
        tasks["pushed"] = [(committee_run, {**many, "committee_formation_push": 1.0}, s) for s in seeds]
    if {"complaint_concentration", "complaint_amplification"} & set(keys):
        tasks["complaints"] = [(complaint_run, many, s) for s in seeds]
    if any(FACT_BY_KEY[k].setting == "equal time" for k in keys):
        tasks["equal_time"] = [(status_quo_run, equal_time_parameters(base), s) for s in seeds]
    if {"reform_s_curve", "reform_gain"} & set(keys):
        tasks["reform"] = [(reform_run, reform_dict, s) for s in seeds]
        tasks["held"] = [(reform_run, base, s) for s in seeds]
    if any(FACT_BY_KEY[k].setting == "reformed" for k in keys):
        tasks["reformed"] = [(status_quo_run, {**reform_dict, "reform_start_week": 0}, s) for s in seeds]
    flat = [task for group in tasks.values() for task in group]
    outputs = iter(_execute(flat, workers))
    runs = {name: [next(outputs) for _ in group] for name, group in tasks.items()}
    results = [MEASURES[key](runs) for key in keys]
    settings = {
        "replicates": replicates,
        "master_seed": seed,
        "replicate_seeds": seeds,
        "status_quo": "the scenario with the reform levers at their defaults",
        "many_compounds": MANY_COMPOUNDS,
        "reform": f"{reform_source}, switched on at week {REFORM_START_WEEK}, followed for {REFORM_FOLLOW_WEEKS} weeks",
        "equal_time": "the status quo with every age group's free time set to the population mean",
        "reformed": f"{reform_source}, acting from week 0 after the burn-in",
        "knockout": off,
    }
    return results, settings


def _valid_knockout(knockout: dict[str, Any]) -> dict[str, Any]:
    """The overrides, checked against the registry (a UserInputError names a bad one)."""
    from sim.parameters import Parameters
    from sim.scenarios import build_parameters

    if knockout:
        build_parameters({**Parameters().model_dump(), **knockout}, origin="knockout")
    return dict(knockout)


# ====================================================================== measures
def _mean_ci(values) -> tuple[float, tuple[float, float] | None]:
    from scipy import stats

    values = np.asarray([v for v in values if np.isfinite(v)], dtype=float)
    if len(values) == 0:
        return math.nan, None
    mean = float(values.mean())
    if len(values) < 2:
        return mean, None
    half = float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))
    return mean, (mean - half, mean + half)


def _pooled_ratio(runs, numerator: str, denominator: str) -> tuple[float, tuple[float, float] | None]:
    top = np.array([r[numerator] for r in runs], dtype=float)
    bottom = np.array([r[denominator] for r in runs], dtype=float)
    ratio = float(np.nanmean(top) / np.nanmean(bottom)) if np.nanmean(bottom) > 0 else math.inf
    _, interval = _mean_ci(np.divide(top, bottom, out=np.full(len(top), np.nan), where=bottom > 0))
    return ratio, interval


def _age_participation(runs) -> FactResult:
    status = runs["status"]
    ratio, interval = _pooled_ratio(status, "participation_rate_retired", "participation_rate_young")
    retired = np.mean([r["participation_rate_retired"] for r in status])
    young = np.mean([r["participation_rate_young"] for r in status])
    working = np.mean([r["participation_rate_working"] for r in status])
    text = f"retired {retired:.1%}, working {working:.1%}, young {young:.1%}: ratio {ratio:.1f}x"
    return FactResult(FACT_BY_KEY["age_participation"], ratio, text, FACT_BY_KEY["age_participation"].within(ratio), interval,
                      {"retired": retired, "working": working, "young": young})


def _party_participation(runs) -> FactResult:
    status = runs["status"]
    ratio, interval = _pooled_ratio(status, "participation_rate_party", "participation_rate_non_party")
    party = np.mean([r["participation_rate_party"] for r in status])
    other = np.mean([r["participation_rate_non_party"] for r in status])
    text = f"members {party:.1%} vs others {other:.1%}: ratio {ratio:.2f}"
    return FactResult(FACT_BY_KEY["party_participation"], ratio, text, FACT_BY_KEY["party_participation"].within(ratio), interval,
                      {"members": party, "others": other})


def _thin_participation(runs) -> FactResult:
    status = runs["status"]
    rate, interval = _mean_ci([r["participation_rate"] for r in status])
    reach = float(np.mean([r["party_reach"] for r in status]))
    text = f"Party reach {reach:.1%}; weekly participation {rate:.1%}"
    return FactResult(FACT_BY_KEY["thin_participation"], rate, text, FACT_BY_KEY["thin_participation"].within(rate) and reach < 0.40, interval,
                      {"party_reach": reach})


def _committee_share(runs, name: str) -> tuple[float, tuple[float, float] | None]:
    shares = [r["committees"] / r["compounds"] for r in runs[name]]
    total = sum(r["committees"] for r in runs[name]) / sum(r["compounds"] for r in runs[name])
    return total, _mean_ci(shares)[1]


def _committees_unaided(runs) -> FactResult:
    share, interval = _committee_share(runs, "unaided")
    compounds = sum(r["compounds"] for r in runs["unaided"])
    return FactResult(FACT_BY_KEY["committees_unaided"], share, f"{share:.1%} of {compounds} compounds",
                      FACT_BY_KEY["committees_unaided"].within(share), interval)


def _committees_pushed(runs) -> FactResult:
    share, interval = _committee_share(runs, "pushed")
    compounds = sum(r["compounds"] for r in runs["pushed"])
    return FactResult(FACT_BY_KEY["committees_pushed"], share, f"{share:.1%} of {compounds} compounds",
                      FACT_BY_KEY["committees_pushed"].within(share), interval)


def top_share(counts, share: float = TOP_COMPOUND_SHARE) -> float:
    """Share of all complaints produced by the ``share`` of compounds with the most complaints."""
    counts = np.sort(np.asarray(counts, dtype=float))[::-1]
    if counts.sum() <= 0:
        return math.nan
    top = max(1, int(round(share * len(counts))))
    return float(counts[:top].sum() / counts.sum())


def _complaint_concentration(runs) -> FactResult:
    from sim.model.outcomes import gini

    shares = [top_share(r["property_complaints"]) for r in runs["complaints"]]
    mean, interval = _mean_ci(shares)
    gini_mean = float(np.nanmean([gini(r["property_complaints"]) for r in runs["complaints"]]))
    n = len(runs["complaints"][0]["property_complaints"])
    top = max(1, int(round(TOP_COMPOUND_SHARE * n)))
    text = f"worst {top} of {n} compounds: {mean:.0%} of property complaints (Gini {gini_mean:.2f})"
    return FactResult(FACT_BY_KEY["complaint_concentration"], mean, text, FACT_BY_KEY["complaint_concentration"].within(mean), interval,
                      {"gini": gini_mean})


def _low_responsiveness(runs) -> FactResult:
    status = runs["status"]
    timely = sum(r["reports_timely"] for r in status)
    judged = sum(r["reports_judged"] for r in status)
    share = timely / judged if judged else math.nan
    _, interval = _mean_ci([r["reports_timely"] / r["reports_judged"] for r in status if r["reports_judged"]])
    text = f"{share:.0%} of {judged} reports (weeks {RESPONSE_WINDOW[0]}-{RESPONSE_WINDOW[1]}) answered in time"
    return FactResult(FACT_BY_KEY["low_responsiveness"], share, text, FACT_BY_KEY["low_responsiveness"].within(share), interval)


def _response_breeds_reporting(runs, key: str = "response_breeds_reporting", setting: str = "status") -> FactResult:
    status = runs[setting]
    answered = sum(r["answered_again"] for r in status) / max(1, sum(r["answered_first"] for r in status))
    neglected = sum(r["neglected_again"] for r in status) / max(1, sum(r["neglected_first"] for r in status))
    increase = answered / neglected - 1 if neglected > 0 else math.inf
    per_run = [
        (r["answered_again"] / r["answered_first"]) / (r["neglected_again"] / r["neglected_first"]) - 1
        for r in status
        if r["answered_first"] and r["neglected_first"] and r["neglected_again"]
    ]
    _, interval = _mean_ci(per_run)
    households = sum(r["answered_first"] + r["neglected_first"] for r in status)
    text = f"report again within a year: {answered:.0%} if answered vs {neglected:.0%} if neglected ({increase:+.0%}; {households} households)"
    return FactResult(FACT_BY_KEY[key], increase, text, FACT_BY_KEY[key].within(increase), interval,
                      {"answered": answered, "neglected": neglected})


def _response_breeds_reporting_reform(runs) -> FactResult:
    return _response_breeds_reporting(runs, "response_breeds_reporting_reform", "reformed")


def _reform_gain(runs) -> FactResult:
    """The reform's paired effect at the end of its first year over the quarter before (Beijing 2019: +21 points)."""
    reform = np.array([r["timely"] for r in runs["reform"]], dtype=float)
    held = np.array([r["timely"] for r in runs["held"]], dtype=float)
    weeks = np.arange(reform.shape[1]) - REFORM_START_WEEK
    before, end = (weeks >= -13) & (weeks < 0), (weeks >= REFORM_FIRST_YEAR_END[0]) & (weeks <= REFORM_FIRST_YEAR_END[1])
    effect = reform - held
    gains = np.nanmean(effect[:, end], axis=1) - np.nanmean(effect[:, before], axis=1)
    gain, interval = _mean_ci(gains)
    text = (f"timely resolution {np.nanmean(reform[:, before]):.0%} -> {np.nanmean(reform[:, end]):.0%} under the reform; "
            f"paired gain at weeks {REFORM_FIRST_YEAR_END[0]}-{REFORM_FIRST_YEAR_END[1]} {gain:+.3f}")
    fact = FACT_BY_KEY["reform_gain"]
    return FactResult(fact, gain, text, fact.within(gain), interval)


def _logistic(t, low, rise, midpoint, scale):
    return low + rise / (1 + np.exp(-(t - midpoint) / scale))


def _immediate(t, low, rise, tau):
    """A jump that starts at once and saturates (no slow start)."""
    return low + rise * (1 - np.exp(-np.maximum(t - REFORM_START_WEEK, 0) / tau))


def s_curve_fit(weeks: np.ndarray, path: np.ndarray) -> dict[str, float]:
    """Fit a logistic curve and an immediate saturating curve to a reform's effect path.

    Returns the logistic's rise, its midpoint lag after the reform start (weeks), and the AIC
    advantage of the logistic over the immediate curve (positive: the S-shape fits better).
    """
    from scipy import optimize

    keep = np.isfinite(path)
    t, y = weeks[keep].astype(float), path[keep]
    before = float(np.mean(y[t < REFORM_START_WEEK])) if (t < REFORM_START_WEEK).any() else 0.0
    after = float(np.mean(y[-26:]))
    rise0 = after - before
    logistic, _ = optimize.curve_fit(
        _logistic, t, y, p0=[before, rise0, REFORM_START_WEEK + 13, 5.0],
        bounds=([-1, -1, t.min(), 0.5], [1, 1, t.max(), 60]), maxfev=20000,
    )
    immediate, _ = optimize.curve_fit(
        _immediate, t, y, p0=[before, rise0, 8.0], bounds=([-1, -1, 0.1], [1, 1, 500]), maxfev=20000,
    )
    n = len(t)

    def aic(residuals, k):
        return n * np.log(np.sum(residuals**2) / n) + 2 * k

    aic_logistic = aic(y - _logistic(t, *logistic), 4)
    aic_immediate = aic(y - _immediate(t, *immediate), 3)
    return {
        "rise": float(logistic[1]),
        "midpoint_lag_weeks": float(logistic[2] - REFORM_START_WEEK),
        "scale_weeks": float(logistic[3]),
        "aic_advantage": float(aic_immediate - aic_logistic),
        "before": before,
        "after": after,
    }


def reform_effect_path(runs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weeks, mean timely resolution under the reform, and its paired difference from the status quo."""
    reform = np.array([r["timely"] for r in runs["reform"]], dtype=float)
    held = np.array([r["timely"] for r in runs["held"]], dtype=float)
    weeks = np.arange(reform.shape[1])
    last = REFORM_START_WEEK + REFORM_FOLLOW_WEEKS - TIMELY_WEEKS  # later cohorts are censored
    keep = (weeks >= REFORM_START_WEEK - 13) & (weeks <= last)
    reform, held, weeks = reform[:, keep], held[:, keep], weeks[keep]
    return weeks, np.nanmean(reform, axis=0), np.nanmean(reform - held, axis=0)


def s_shape(weeks: np.ndarray, effect: np.ndarray) -> dict[str, float]:
    """Model-free description of a reform's effect path: total gain, slow start, levelling off.

    * gain: mean effect in the reform's second year minus the mean in the quarter before it;
    * early_share: the gain already reached in the first eight weeks, as a share of the gain
      (an immediate jump that saturates with a time constant of eight weeks gives about 0.37);
    * late_drift: change from the first to the second half of the second year, as a share of
      the gain (a path still climbing linearly gives about 0.25 or more).
    """
    start = REFORM_START_WEEK

    def mean(low, high):
        return float(np.nanmean(effect[(weeks >= low) & (weeks < high)]))

    before = mean(start - 13, start)
    end = weeks.max() + 1
    gain = mean(start + 52, end) - before
    early = mean(start, start + 8) - before
    middle = start + 52 + (end - start - 52) // 2
    drift = mean(middle, end) - mean(start + 52, middle)
    return {
        "gain": gain,
        "early_share": early / gain if gain > 0 else math.nan,
        "late_drift": drift / gain if gain > 0 else math.nan,
    }


def _reform_s_curve(runs) -> FactResult:
    weeks, level, effect = reform_effect_path(runs)
    shape = s_shape(weeks, effect)
    fit = s_curve_fit(weeks, effect)
    level_before = float(np.nanmean(level[(weeks >= REFORM_START_WEEK - 13) & (weeks < REFORM_START_WEEK)]))
    level_after = float(np.nanmean(level[weeks >= REFORM_START_WEEK + 52]))
    passed = (
        FACT_BY_KEY["reform_s_curve"].within(shape["gain"])
        and shape["gain"] > 0
        and shape["early_share"] <= 0.25
        and abs(shape["late_drift"]) <= 0.25
        and 4 <= fit["midpoint_lag_weeks"] <= 52
    )
    text = (
        f"timely resolution {level_before:.0%} -> {level_after:.0%} (effect {shape['gain']:+.2f}); "
        f"first 8 weeks {shape['early_share']:.0%} of it; half after {fit['midpoint_lag_weeks']:.0f} weeks; "
        f"year-2 drift {shape['late_drift']:+.0%}"
    )
    return FactResult(FACT_BY_KEY["reform_s_curve"], shape["gain"], text, passed, None,
                      {**fit, **shape, "level_before": level_before, "level_after": level_after})


def _party_membership(runs) -> FactResult:
    status = runs["status"]
    share, interval = _mean_ci([r["party_share"] for r in status])
    members = float(np.nanmean([r["retired_share_members"] for r in status]))
    residents = float(np.mean([r["retired_share_residents"] for r in status]))
    text = f"{share:.1%} members; retired: {members:.0%} of members vs {residents:.0%} of residents"
    return FactResult(FACT_BY_KEY["party_membership"], share, text, FACT_BY_KEY["party_membership"].within(share) and 0.20 <= members <= 0.36, interval,
                      {"retired_members": members, "retired_residents": residents})


def _lock_in(runs) -> FactResult:
    status = runs["status"]
    ratio, interval = _pooled_ratio(status, "neglected_participation", "answered_participation")
    answered = float(np.mean([r["answered_participation"] for r in status]))
    neglected = float(np.mean([r["neglected_participation"] for r in status]))
    text = f"year-two participation {neglected:.1%} after a neglected first report vs {answered:.1%} after an answered one: ratio {ratio:.2f}"
    return FactResult(FACT_BY_KEY["participation_lock_in"], ratio, text, FACT_BY_KEY["participation_lock_in"].within(ratio), interval,
                      {"answered": answered, "neglected": neglected})


def kaplan_meier_quantiles(weeks, resolved, quantiles=(0.25, 0.5, 0.75)) -> list[float]:
    """Quantiles of time to resolution with unresolved problems censored (scipy's Kaplan–Meier); inf if not reached."""
    from scipy import stats

    weeks, resolved = np.asarray(weeks, dtype=float), np.asarray(resolved, dtype=bool)
    if not resolved.any():
        return [math.inf] * len(quantiles)
    cdf = stats.ecdf(stats.CensoredData(uncensored=weeks[resolved], right=weeks[~resolved])).cdf
    top = float(cdf.probabilities.max())
    return [float(cdf.quantiles[np.searchsorted(cdf.probabilities, q)]) if q <= top else math.inf for q in quantiles]


def _cross_actor_stall(runs) -> FactResult:
    status = runs["status"]
    cross_weeks = np.concatenate([r["cross_weeks"] for r in status])
    cross_resolved = np.concatenate([r["cross_resolved"] for r in status]).astype(bool)
    open_26 = [float(np.mean(~(np.asarray(r["cross_resolved"], bool) & (np.asarray(r["cross_weeks"]) <= STALL_OPEN_WEEKS))))
               for r in status if len(r["cross_weeks"])]
    share, interval = _mean_ci(open_26)
    q25, median, q75 = kaplan_meier_quantiles(cross_weeks, cross_resolved)
    everyday = kaplan_meier_quantiles(np.concatenate([r["everyday_weeks"] for r in status]),
                                      np.concatenate([r["everyday_resolved"] for r in status]).astype(bool), (0.5,))[0]
    ratio = median / everyday if everyday > 0 else math.inf
    text = (f"{share:.0%} of {len(cross_weeks)} cross-actor works open after {STALL_OPEN_WEEKS} weeks; weeks to resolution (Kaplan–Meier) "
            f"25/50/75%: {q25:.0f}/{median:.0f}/{q75:.0f} vs median {everyday:.0f} for everyday problems ({ratio:.1f}x)")
    stalled_not_frozen = math.isfinite(q25)  # at least a quarter resolved within the run
    passed = FACT_BY_KEY["cross_actor_stall"].within(share) and ratio >= 3 and stalled_not_frozen
    return FactResult(FACT_BY_KEY["cross_actor_stall"], share, text, passed, interval,
                      {"quartiles_weeks": [q25, median, q75], "everyday_median_weeks": everyday, "ratio": ratio})


def _complaint_amplification(runs) -> FactResult:
    ratios = []
    for r in runs["complaints"]:
        complaints, problems = np.asarray(r["property_complaints"], float), np.asarray(r["property_problems"], float)
        if complaints.sum() <= 0 or problems.sum() <= 0:
            continue
        top = np.argsort(complaints)[::-1][: max(1, int(round(TOP_COMPOUND_SHARE * len(complaints))))]
        ratios.append((complaints[top].sum() / complaints.sum()) / (problems[top].sum() / problems.sum()))
    ratio, interval = _mean_ci(ratios)
    text = f"the worst compounds' share of property complaints is {ratio:.2f} x their share of property problems"
    return FactResult(FACT_BY_KEY["complaint_amplification"], ratio, text, FACT_BY_KEY["complaint_amplification"].within(ratio), interval)


def _behavioural_gradient(runs, key: str, numerator: str, denominator: str, names: tuple[str, str]) -> FactResult:
    equal = runs["equal_time"]
    ratio, interval = _pooled_ratio(equal, numerator, denominator)
    top = float(np.mean([r[numerator] for r in equal]))
    bottom = float(np.mean([r[denominator] for r in equal]))
    text = f"equal free time: {names[0]} {top:.1%} vs {names[1]} {bottom:.1%}: ratio {ratio:.2f}"
    return FactResult(FACT_BY_KEY[key], ratio, text, FACT_BY_KEY[key].within(ratio), interval)


def _behavioural_membership_gradient(runs) -> FactResult:
    return _behavioural_gradient(runs, "behavioural_membership_gradient", "participation_rate_party",
                                 "participation_rate_non_party", ("members", "others"))


MEASURES: dict[str, Callable[[dict[str, list[dict[str, Any]]]], FactResult]] = {
    "age_participation": _age_participation,
    "party_participation": _party_participation,
    "thin_participation": _thin_participation,
    "committees_unaided": _committees_unaided,
    "committees_pushed": _committees_pushed,
    "complaint_concentration": _complaint_concentration,
    "low_responsiveness": _low_responsiveness,
    "response_breeds_reporting": _response_breeds_reporting,
    "response_breeds_reporting_reform": _response_breeds_reporting_reform,
    "reform_gain": _reform_gain,
    "reform_s_curve": _reform_s_curve,
    "party_membership": _party_membership,
    "participation_lock_in": _lock_in,
    "cross_actor_stall": _cross_actor_stall,
    "complaint_amplification": _complaint_amplification,
    "behavioural_membership_gradient": _behavioural_membership_gradient,
}
assert list(MEASURES) == [f.key for f in FACTS], "every fact needs exactly one measure"


# ====================================================================== printing and the command line
def _interval_text(result: FactResult) -> str:
    if result.interval is None:
        return ""
    low, high = result.interval
    return f" [95% CI over replicates {low:.3g} to {high:.3g}]"


def results_frame(results: list[FactResult], scenario: str = ""):
    """The results as a table (one row per fact), for CSV, JSON and Markdown output."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "scenario": scenario,
                "fact": r.fact.key,
                "label_zh": r.fact.label_zh,
                "label_en": r.fact.label_en,
                "setting": r.fact.setting,
                "target_zh": r.fact.target_zh,
                "target_en": r.fact.target_en,
                "figure": r.figure,
                "ci_low": r.interval[0] if r.interval else math.nan,
                "ci_high": r.interval[1] if r.interval else math.nan,
                "measured": r.measured,
                "passed": r.passed,
                "kind": r.fact.kind,
                "role": r.fact.role,
                "counts_as_validation": r.fact.counts,
                "source": r.fact.source,
                "published": r.fact.published,
                "size": r.fact.size if r.fact.size is not None else math.nan,
                "tolerance": r.fact.tolerance_text(),
                "tolerance_why": r.fact.tolerance_why,
                "mechanism": r.fact.mechanism,
                "knockout": r.fact.knockout_text(),
                "provenance": r.fact.provenance,
            }
            for r in results
        ]
    )


#: Sections of the printed table, in order: (title, which facts).
SECTIONS: tuple[tuple[str, Callable[[Fact], bool]], ...] = (
    ("计入验证的留出模式 Counted patterns (held out from calibration, with a published size: validation)",
     lambda f: f.kind == "emergent" and f.role == "counted"),
    ("校准目标 Calibration targets (fitted, or an input was tuned toward them: shown, not validation)",
     lambda f: f.kind == "emergent" and f.role == "calibration"),
    ("定性核对 Qualitative checks (no published size: shown, not counted)",
     lambda f: f.kind == "emergent" and f.role == "qualitative"),
    ("输入核对 Input checks (figures the model is given; shown for completeness, not validation)",
     lambda f: f.kind == "input"),
)
ROLE_LABELS = {"calibration": "校准目标 calibration target", "counted": "计入验证 counted",
               "qualitative": "定性 qualitative", "": "输入 input"}


def split_by_kind(results: list) -> dict[str, list]:
    """Results (or knockout rows) by section: counted patterns, calibration targets, qualitative checks, input checks."""
    parts = {title: [r for r in results if belongs(r.fact)] for title, belongs in SECTIONS}
    return {title: part for title, part in parts.items() if part}


def markdown_table(results: list[FactResult], lang: str = "en") -> str:
    """The facts table in Markdown (used in docs/ODD.md §6.4), one part per section (:data:`SECTIONS`)."""
    lines = []
    for title, part in split_by_kind(results).items():
        lines += [f"\n**{title}**\n", "| fact 事实 | role 用途 | target pattern 目标 | measured 测得 | result 结果 |",
                  "|---|---|---|---|---|"]
        for r in part:
            target = r.fact.target_zh if lang == "zh" else r.fact.target_en
            lines.append(f"| {r.fact.label_zh} / {r.fact.label_en} | {ROLE_LABELS[r.fact.role]} | {target} | "
                         f"{r.measured}{_interval_text(r)} | {r.verdict()} |")
    return "\n".join(lines).strip()


def print_table(results: list[FactResult], lang: str = "en") -> None:
    """Print the facts as an aligned table: fact, target pattern, measured figure, verdict."""
    from sim.analysis.text_table import print_table as print_rows

    columns = [("fact 事实", 30), ("target pattern 目标", 40), ("measured 测得", 44), ("result 结果", 11)]
    for title, part in split_by_kind(results).items():
        print(f"\n{title}")
        rows = [
            [[r.fact.label_zh, r.fact.label_en, *([ROLE_LABELS[r.fact.role]] if r.fact.role else [])],
             r.fact.target_zh if lang == "zh" else r.fact.target_en, r.measured + _interval_text(r), r.verdict()]
            for r in part
        ]
        print_rows(columns, rows, stretch=2)


# ====================================================================== knockouts
@dataclass
class KnockoutRow:
    """A fact measured with its mechanism (``on``) and with its knockout applied (``off``)."""

    fact: Fact
    on: FactResult
    off: FactResult

    @property
    def discriminates(self) -> bool:
        """Passes with the mechanism and fails without it."""
        return self.on.passed and not self.off.passed


def knockout_keys(only: list[str] | None = None) -> list[str]:
    """The facts (of ``only``, default all) that declare a knockout, in table order."""
    return [f.key for f in FACTS if f.knockout and (only is None or f.key in only)]


def check_knockouts(parameters: Parameters, replicates: int = 10, seed: int = 20240901, workers: int = 1,
                    only: list[str] | None = None) -> tuple[list[KnockoutRow], dict[str, Any]]:
    """Measure each fact with a knockout twice on the same seeds: as the scenario is, and with the knockout.

    Facts sharing a knockout share its runs; the runs with the mechanism are one
    :func:`check_facts` of all of them.
    """
    keys = knockout_keys(only)
    on, settings = check_facts(parameters, replicates, seed, workers, keys)
    by_knockout: dict[tuple, list[str]] = {}
    for key in keys:
        by_knockout.setdefault(FACT_BY_KEY[key].knockout, []).append(key)
    off: dict[str, FactResult] = {}
    for knockout, group in by_knockout.items():
        results, _ = check_facts(parameters, replicates, seed, workers, group, dict(knockout))
        off.update({r.fact.key: r for r in results})
    rows = [KnockoutRow(r.fact, r, off[r.fact.key]) for r in on]
    return rows, settings


def _figure_text(result: FactResult) -> str:
    low, high = result.interval if result.interval else (math.nan, math.nan)
    interval = f" [{low:.3g}, {high:.3g}]" if result.interval else ""
    return f"{result.figure:.3g}{interval}"


def knockout_frame(rows: list[KnockoutRow], scenario: str = ""):
    """The knockout table (one row per fact), for CSV, JSON and Markdown output."""
    import pandas as pd

    return pd.DataFrame([
        {
            "scenario": scenario, "fact": k.fact.key, "label_zh": k.fact.label_zh, "label_en": k.fact.label_en,
            "role": k.fact.role, "counts_as_validation": k.fact.counts, "published": k.fact.published,
            "size": k.fact.size if k.fact.size is not None else math.nan, "tolerance": k.fact.tolerance_text(),
            "mechanism": k.fact.mechanism, "knockout": k.fact.knockout_text(),
            "with": k.on.figure, "with_ci_low": k.on.interval[0] if k.on.interval else math.nan,
            "with_ci_high": k.on.interval[1] if k.on.interval else math.nan, "with_measured": k.on.measured,
            "without": k.off.figure, "without_ci_low": k.off.interval[0] if k.off.interval else math.nan,
            "without_ci_high": k.off.interval[1] if k.off.interval else math.nan, "without_measured": k.off.measured,
            "passes_with": k.on.passed, "fails_without": not k.off.passed, "discriminates": k.discriminates,
        }
        for k in rows
    ])


def _yes(flag: bool) -> str:
    return "是 yes" if flag else "否 NO"


def markdown_knockouts(rows: list[KnockoutRow]) -> str:
    """The pattern x with / without table in Markdown (docs/ODD.md §6.4)."""
    lines = []
    for title, part in split_by_kind(rows).items():
        lines += [f"\n**{title}**\n",
                  "| fact 事实 | published 文献 | tolerance 容差 | knockout 关闭 | with 开启 | without 关闭后 | pass with 开启通过 | fail without 关闭失败 |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += [f"| {k.fact.label_zh} / {k.fact.label_en} | {k.fact.published or '—'} | {k.fact.tolerance_text()} | "
                  f"`{k.fact.knockout_text()}` | {_figure_text(k.on)} | {_figure_text(k.off)} | {_yes(k.on.passed)} | "
                  f"{_yes(not k.off.passed)} |" for k in part]
    return "\n".join(lines).strip()


def print_knockouts(rows: list[KnockoutRow]) -> None:
    """Print the pattern x with / without table, one part per section."""
    from sim.analysis.text_table import print_table as print_rows

    columns = [("fact 事实", 28), ("knockout 关闭", 30), ("tolerance 容差", 14), ("with 开启", 18),
               ("without 关闭后", 18), ("pass with", 10), ("fail without", 12)]
    for title, part in split_by_kind(rows).items():
        print(f"\n{title}")
        print_rows(columns, [
            [[k.fact.label_zh, k.fact.label_en], k.fact.knockout_text(), k.fact.tolerance_text(), _figure_text(k.on),
             _figure_text(k.off), _yes(k.on.passed), _yes(not k.off.passed)]
            for k in part
        ], stretch=1)
