"""Measurement: weekly flows, the outcome window, Kaplan–Meier weeks to resolution (DESIGN §7, §11).

The mechanisms add what happens each week (problems arisen, reported, resolved and by whom,
complaints by compound, exits by reason, ...) to :class:`WeeklyFlows`; at the end of the week
the row is committed and :func:`measure` computes every outcome of :mod:`sim.model.outcomes`:
windowed rates over the last ``outcome_window_weeks`` rows (the burn-in's rows included while
the run is younger than the window), levels from the state, and cumulative counts from week 0.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.households import RETIRED, WORKING, YOUNG
from sim.model.kernels import measuring
from sim.model.outcomes import OUTCOMES, WEEKLY_OUTCOMES, gini
from sim.model.problems import (
    BY_VOLUNTEERS,
    COPED_ALONE,
    CROSS_ACTOR,
    DISPUTES,
    ENVIRONMENT,
    EXIT_REASONS,
    GIVEN_UP,
    GOVERNANCE,
    NOT_YET,
    RESOLVERS,
    SERVICES,
    SHELVED,
)
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel

PARTY_REACH_WEEKS = 4  # Party reach counts households visited in the last four weeks (DESIGN §7's definition)
VOLUNTEER_DOMAINS = (ENVIRONMENT, SERVICES, DISPUTES)  # the domains volunteers also resolve: governance-only rates apart
GROUPS = ("young", "working", "retired", "party", "non_party")  # participation groups, in flow order

FLOW_WIDTHS: dict[str, int] = {
    "arisen": len(CATEGORY_KEYS), "resolved": len(CATEGORY_KEYS), "left": len(CATEGORY_KEYS), "resolved_by": len(RESOLVERS),
    "resolved_by_governance": len(CATEGORY_KEYS),
    "reported": 1, "discovered": 1, "exits": len(EXIT_REASONS), "taken_in": 1, "taken_in_late": 1,
    "dispatched": 1, "dispatched_late": 1, "whistles": 1, "money_of_resolved": 1, "participating": len(GROUPS),
    "unmet": 1,
}
PER_COMPOUND_FLOWS = ("complaints", "property_complaints")


class WeeklyFlows:
    """Per-week flows of a run, burn-in included: one committed row a week, and totals since week 0."""

    def __init__(self, n_compounds: int, capacity_weeks: int = 256):
        self.widths = {**FLOW_WIDTHS, **dict.fromkeys(PER_COMPOUND_FLOWS, n_compounds)}
        self.rows = 0
        self._history = {name: np.zeros((max(8, capacity_weeks), width)) for name, width in self.widths.items()}
        self.current = {name: np.zeros(width) for name, width in self.widths.items()}
        self.totals = {name: np.zeros(width) for name, width in self.widths.items()}

    def add(self, name: str, values) -> None:
        """Add to this week's flow ``name`` (a number, or an array of its width)."""
        self.current[name] += values

    def end_week(self) -> None:
        """Commit this week's row and start a new, empty week."""
        if self.rows == len(self._history["arisen"]):
            self._history = {name: np.concatenate([rows, np.zeros_like(rows)]) for name, rows in self._history.items()}
        for name, values in self.current.items():
            self._history[name][self.rows] = values
            self.totals[name] += values
            values[:] = 0
        self.rows += 1

    def start_counting(self) -> None:
        """Cumulative totals run from now (the end of the burn-in)."""
        for values in self.totals.values():
            values[:] = 0

    def window(self, name: str, weeks: int) -> np.ndarray:
        """The sum of flow ``name`` over the last ``weeks`` committed weeks (fewer if the run is younger)."""
        return self._history[name][max(0, self.rows - weeks) : self.rows].sum(axis=0)

    def last(self, name: str) -> np.ndarray:
        """Flow ``name`` in the last committed week (zeros before the first)."""
        return self._history[name][self.rows - 1] if self.rows else np.zeros(self.widths[name])

    def series(self, name: str) -> np.ndarray:
        """Every committed week of flow ``name`` (rows in time order)."""
        return self._history[name][: self.rows]


def kaplan_meier(durations: np.ndarray, resolved: np.ndarray) -> np.ndarray:
    """Survival S(k) = P(T > k) for k = 0, 1, ... of integer weeks to resolution, with censoring.

    ``durations`` are whole weeks from arising to resolution (``resolved``) or to censoring (still
    open, or gone unresolved). A problem censored at k is at risk at k (events before censoring).
    """
    if len(durations) == 0:
        return np.ones(1)
    durations = durations.astype(np.int64)
    length = int(durations.max()) + 1
    at_or_after = np.bincount(durations, minlength=length)[::-1].cumsum()[::-1]
    events = np.bincount(durations[resolved], minlength=length)
    hazard = np.divide(events, at_or_after, out=np.zeros(length), where=at_or_after > 0)
    return np.cumprod(1.0 - hazard)


def km_median(survival: np.ndarray) -> float:
    below = np.flatnonzero(survival <= 0.5)
    return float(below[0]) if len(below) else math.nan


def km_restricted_mean(survival: np.ndarray, horizon: int) -> float:
    """E[min(T, horizon)] = sum of S(k) for k < horizon (S held at its last value beyond the data)."""
    if horizon <= 0:
        return 0.0
    padded = np.r_[survival, np.full(max(0, horizon - len(survival)), survival[-1])]
    return float(padded[:horizon].sum())


def window_cohort(model: CoGovernanceModel, t: int, weeks: int) -> np.ndarray:
    """Ids of the problems that arose in the last ``weeks`` weeks up to week ``t``."""
    arisen = model.problems.column("arisen_step")
    return np.flatnonzero((arisen > t - weeks) & (arisen <= t))


def cohort_shares(model: CoGovernanceModel, cohort: np.ndarray) -> tuple[float, float]:
    """Of the problems in ``cohort``: the share a resident has reported, and the share nobody knows of yet."""
    if len(cohort) == 0:
        return math.nan, math.nan
    book = model.problems
    reported = float(np.count_nonzero(book.reported_by_resident[cohort])) / len(cohort)
    unknown = float(np.count_nonzero(book.known_step[cohort] == NOT_YET)) / len(cohort)
    return reported, unknown


def weeks_to_resolution(model: CoGovernanceModel, t: int, weeks: int, cohort: np.ndarray | None = None) -> tuple[float, float]:
    """Kaplan–Meier (restricted mean, median) weeks to resolution of problems arisen in the last ``weeks`` weeks."""
    book = model.problems
    arisen = book.column("arisen_step")
    cohort = window_cohort(model, t, weeks) if cohort is None else cohort
    if len(cohort) == 0:
        return math.nan, math.nan
    resolved_step, exit_step = book.resolved_step[cohort], book.exit_step[cohort]
    resolved = resolved_step != NOT_YET
    end = np.where(resolved, resolved_step, np.where(exit_step != NOT_YET, exit_step, t))
    survival = kaplan_meier(end - arisen[cohort], resolved)
    return km_restricted_mean(survival, weeks), km_median(survival)


def cohort_outcomes(model: CoGovernanceModel, t: int, weeks: int) -> tuple[float, float, float, float]:
    """Kaplan–Meier (restricted mean, median) weeks to resolution, report rate and unreported share of
    the problems arisen in the last ``weeks`` weeks (kernel :func:`sim.model.kernels.measuring.cohort_survival`;
    references :func:`weeks_to_resolution` and :func:`cohort_shares`)."""
    book = model.problems
    arisen = book.column("arisen_step")  # nondecreasing: problems are recorded in the week they arise
    first, last = np.searchsorted(arisen, [t - weeks, t], side="right")
    if last == first:
        return math.nan, math.nan, math.nan, math.nan
    survival, reported, unknown = measuring.cohort_survival(
        first, last, t, book.arisen_step, book.resolved_step, book.exit_step, book.reported_by_resident, book.known_step
    )
    size = last - first
    return km_restricted_mean(survival, weeks), km_median(survival), float(reported) / size, float(unknown) / size


def record_week(model: CoGovernanceModel) -> None:
    """Add the week's participation and unmet need to the flows and commit the week."""
    h, flows = model.households, model.flows
    participating = h.participating
    members = float(np.count_nonzero(participating[model.party_households]))
    by_age = np.bincount(h.age_group, weights=participating, minlength=3)
    flows.add("participating", [by_age[YOUNG], by_age[WORKING], by_age[RETIRED], members, float(participating.sum()) - members])
    given_up = flows.totals["exits"][GIVEN_UP] + flows.current["exits"][GIVEN_UP]
    flows.add("unmet", len(model.problems.open_ids) + model.p.recovery_counts_given_up * given_up)
    flows.end_week()


def record_resolutions(model: CoGovernanceModel, resolved: np.ndarray) -> None:
    """Count this week's resolutions by category and by who resolved them."""
    book, flows = model.problems, model.flows
    flows.add("resolved", np.bincount(book.category[resolved], minlength=len(CATEGORY_KEYS)))
    flows.add("resolved_by", np.bincount(book.resolved_by[resolved], minlength=len(RESOLVERS)))
    governed = resolved[np.isin(book.resolved_by[resolved], GOVERNANCE)]
    flows.add("resolved_by_governance", np.bincount(book.category[governed], minlength=len(CATEGORY_KEYS)))
    flows.add("money_of_resolved", float(book.money_funded[resolved].sum()))


def measure(model: CoGovernanceModel, t: int) -> dict[str, float]:
    """Every outcome of :data:`sim.model.outcomes.OUTCOMES` at the end of week ``t``."""
    p, h, flows, book = model.p, model.households, model.flows, model.problems
    weeks = p.outcome_window_weeks
    span = min(weeks, flows.rows)

    def ratio(numerator: float, denominator: float) -> float:
        return float(numerator / denominator) if denominator > 0 else math.nan

    arisen, resolved = flows.window("arisen", weeks), flows.window("resolved", weeks)
    closed = resolved + flows.window("left", weeks)  # by category: resolved, or gone unresolved
    by_whom = flows.window("resolved_by", weeks)
    governed = flows.window("resolved_by_governance", weeks)  # by category
    participating = flows.window("participating", weeks)
    total = dict(flows.totals)
    cumulative_by_whom = {who: int(total["resolved_by"][i]) for i, who in enumerate(RESOLVERS) if who != "nobody"}
    property_complaints = flows.window("property_complaints", weeks) / np.maximum(model.households_per_compound, 1)
    if kernels.ENABLED:
        mean_weeks, median_weeks, report_rate, unreported_share = cohort_outcomes(model, t, weeks)
    else:
        cohort = window_cohort(model, t, weeks)
        mean_weeks, median_weeks = weeks_to_resolution(model, t, weeks, cohort)
        report_rate, unreported_share = cohort_shares(model, cohort)
    open_ids = book.open_ids
    committees = model.committee_actor >= 0
    full_staff = p.firm_capacity_per_1000 * model.households_per_compound / 1000
    firm_capacity = model.firm_staff * model.capacity_factor
    outcomes = {
        **{f"participation_rate_{group}": ratio(participating[i], span * size)
           for i, (group, size) in enumerate(zip(GROUPS, model.group_sizes, strict=True))},
        "participation_rate": ratio(participating[3] + participating[4], span * h.count),
        "report_rate": report_rate,
        "problems_arisen": int(total["arisen"].sum()),
        "problems_reported": int(total["reported"][0]),
        "problems_discovered": int(total["discovered"][0]),
        "problems_resolved": int(total["resolved"].sum()),
        "problems_withdrawn": int(total["exits"].sum()),
        "problems_given_up": int(total["exits"][GIVEN_UP]),
        "problems_coped_alone": int(total["exits"][COPED_ALONE]),
        "problems_shelved": int(total["exits"][SHELVED]),
        "problems_arisen_step": int(flows.last("arisen").sum()),
        "problems_reported_step": int(flows.last("reported")[0]),
        "problems_resolved_step": int(flows.last("resolved").sum()),
        "backlog": len(open_ids),
        "open_cross_actor_works": int(np.count_nonzero(book.category[open_ids] == CROSS_ACTOR)),
        "core_queue": int(np.count_nonzero(book.in_core_queue[open_ids])),
        "resolution_rate": ratio(resolved.sum(), closed.sum()),
        "resolution_rate_cumulative": ratio(total["resolved"].sum(), total["resolved"].sum() + total["left"].sum()),
        "cross_actor_resolution_rate": ratio(resolved[CROSS_ACTOR], closed[CROSS_ACTOR]),
        **{f"resolution_rate_{key}": ratio(resolved[i], closed[i]) for i, key in enumerate(CATEGORY_KEYS) if i != CROSS_ACTOR},
        "mean_weeks_to_resolution": mean_weeks,
        "median_weeks_to_resolution": median_weeks,
        "unreported_share": unreported_share,
        "late_intake_share": ratio(flows.window("taken_in_late", weeks)[0], flows.window("taken_in", weeks)[0]),
        "mean_efficacy": float(h.efficacy.mean()),
        "mean_trust": float(h.trust.mean()),
        "satisfaction": float(h.satisfaction.mean()),
        "party_reach": float(np.mean(t - h.last_visit_step < PARTY_REACH_WEEKS)),
        "pool_balance": model.pool_balance,
        "money_spent_per_resolved": ratio(flows.window("money_of_resolved", weeks)[0], resolved.sum()),
        "hotline_complaints": ratio(flows.window("complaints", weeks).sum(), span),
        "complaint_concentration": gini(property_complaints[model.households_per_compound > 0]) if model.n_compounds > 1 else math.nan,
        "recovery_weeks": model.recovery_weeks,
        "owners_committees": int(committees.sum()),
        "committee_legitimacy": float(model.legitimacy[committees].mean()) if committees.any() else math.nan,
        "core_effective_capacity": model.core_capacity_week,
        "volunteer_effort": model.volunteer_effort,
        "governance_resolution_rate": ratio(by_whom[list(GOVERNANCE)].sum(), closed.sum()),
        "self_help_share": ratio(by_whom[BY_VOLUNTEERS], by_whom.sum()),
        **{f"governance_resolution_rate_{CATEGORY_KEYS[i]}": ratio(governed[i], closed[i]) for i in VOLUNTEER_DOMAINS},
        **{f"problems_resolved_by_{who}": count for who, count in cumulative_by_whom.items()},
        "meetings_held": model.meetings_held,
        "firm_effort_share": float(np.mean(model.actor_capacity[model.firm_actor] / np.maximum(firm_capacity, 1e-12))) if flows.rows else math.nan,
        "firm_staffing": float(np.mean(model.firm_staff / np.maximum(full_staff, 1e-12))),
    }
    if t == 0:  # the record starts: no week of the experiment has passed yet
        outcomes.update(dict.fromkeys(WEEKLY_OUTCOMES, math.nan))
    if not flows.rows:  # no week run at all (no burn-in): nobody can have been visited yet
        outcomes["party_reach"] = math.nan
    return {name: outcomes[name] for name in OUTCOMES}
