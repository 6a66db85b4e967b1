"""The co-governance model: a Chinese urban neighbourhood under Party-led co-governance (党领共治).

One step is one week. :meth:`CoGovernanceModel.step` is the schedule (DESIGN §5); each phase is
a mechanism in its own module of :mod:`sim.model.mechanisms`, whose docstring states the rule,
its source (S1-S5, see :mod:`sim.parameters`) and any deliberate deviation (also in docs/ODD.md).
This module holds the set-up of the community, the burn-in and the schedule; measurement is in
:mod:`sim.model.measurement`.

Time: a run first lives ``burn_in_weeks`` weeks under the status quo (weeks 1 - burn_in .. 0,
the scenario's reform levers at their registry defaults), so that week 0, the first row of the
time series, is a settled community as it is today (DESIGN §3, §11). The scenario's levers act
from week 1 (or from ``reform_start_week``), shocks strike at ``shock_week``, and interventions
take effect from the next week. The burn-in of a seed is the same under every lever setting.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
import pandas as pd
from scipy.special import expit

from sim.model import measurement
from sim.model.agents import (
    COMMITTEE,
    CORE,
    DOMAINS,
    FIRM,
    ORGANISATION,
    CommunityCore,
    InServicePartyMember,
    OwnersCommittee,
    PartyMember,
    PropertyFirm,
    Resident,
    SocialOrganisation,
)
from sim.model import mesa_api
from sim.model.choices import Choices
from sim.model.households import NO_REPORT_YET, Households, create_households
from sim.model.mechanisms import (
    arrivals,
    channels,
    coordination,
    dispatch,
    embedding,
    exits,
    feedback,
    money,
    outreach,
    participation,
    reporting,
    work,
)
from sim.model.outcomes import model_reporters
from sim.model.problems import ProblemBook
from sim.model.space import CommunityGrid
from sim.model.streams import Streams
from sim.parameters import Parameters

# Levers a reform switches on (after the burn-in, or at reform_start_week); before it they keep their registry defaults.
REFORM_LEVERS = ("empowerment", "pooling", "embedding", "meeting_interval_steps", "volunteer_incentive", "digital_platform")


class CoreTime:
    """The core's effort units left this week; every task the core does spends from it."""

    def __init__(self, capacity: float = 0.0):
        self.left = capacity

    def spend_up_to(self, amount: float) -> float:
        """Spend as much of ``amount`` as is left; return what was spent."""
        spent = min(self.left, max(0.0, float(amount)))
        self.left -= spent
        return spent


def status_quo(parameters: Parameters) -> Parameters:
    """``parameters`` with every reform lever at its registry default (the community as it is today)."""
    return parameters.model_copy(update={k: Parameters.model_fields[k].default for k in REFORM_LEVERS})


class CoGovernanceModel(mesa.Model):
    """Agent-based model of Party-led community co-governance (DESIGN.md, docs/ODD.md).

    Args:
        rng: seed or numpy Generator. The model's mechanisms draw from independent streams
            spawned from it (:mod:`sim.model.streams`), so the same seed gives the same community
            and the same problems under every lever setting.
        parameters: a validated :class:`sim.parameters.Parameters` (e.g. from a scenario file).
        scenario: a Mesa ``mesa.experimental.scenarios.Scenario`` (SolaraViz and Mesa 4's
            ``run_scenarios`` pass one): its values are parameters, its rng the seed; a seed given
            beside it as ``rng`` is used (:func:`sim.model.mesa_api.model_arguments`).
        begin: start the scenario at week 0 once the burn-in has run (the default). With
            ``begin=False`` the model stops at the end of the burn-in, its status quo settled, and
            the caller starts it once with :meth:`start` (the burn-in cache of
            :func:`sim.experiments.runs.start_model` keeps such models).
        **overrides: individual parameters by name (validated against the registry; unknown
            names and out-of-range values raise :class:`sim.errors.UserInputError`).

    Role play: set ``model.decisions`` (a :class:`sim.model.decisions.WeekDecisions`) before
    :meth:`step` to let people decide for some actors that week; actors listed in
    ``model.watch`` have the decisions they took recorded in ``model.taken``.
    """

    #: Parameters fixed at set-up (the community itself, its burn-in and its measurement); an intervention cannot change them.
    SET_UP_ONLY = frozenset({
        "width", "height", "occupancy", "building_size_cells", "compound_width_buildings", "compound_height_buildings", "zone_size_cells",
        "compound_condition_sigma", "share_young", "share_retired", "share_low_income", "party_member_share",
        "party_retired_relative_rate", "in_service_members", "social_organisations", "committee_formation_unaided",
        "committee_formation_pushed", "committee_formation_push", "initial_efficacy_mean", "initial_trust_mean",
        "initial_belief_concentration", "initial_satisfaction", "initial_legitimacy", "initial_budget_weeks",
        "threshold_mean", "threshold_sd", "patience_weeks_mean", "reform_start_week", "participation_rule",
        "agent_data_interval_steps", "burn_in_weeks", "outcome_window_weeks", "social_org_activity_radius_cells",
    })

    def __init__(
        self, *, rng: Any = None, parameters: Parameters | None = None, scenario: Any = None, begin: bool = True, **overrides: Any
    ):
        if scenario is not None:
            overrides = {**mesa_api.scenario_values(scenario), **overrides}
        super().__init__(**mesa_api.model_arguments(rng, scenario))
        from sim.scenarios import build_parameters

        base = parameters.model_dump() if parameters is not None else {}
        scenario_parameters = build_parameters({**base, **overrides}) if overrides or parameters is None else parameters
        self.p: Parameters = status_quo(scenario_parameters)
        self.streams = Streams(mesa_api.run_seed(self))
        self.choices = Choices()
        self.decisions: Any = None
        self.watch: Any = None
        self.taken: Any = None
        self.capacity_factor = 1.0
        self._create_community()
        self._create_members()
        self._create_organisations()
        self._create_records()
        embedding.apply_embedding(self)
        self._choose_domains()
        self.actor_budget[:] = self.p.initial_budget_weeks * money.incomes(self)
        for week in range(1 - self.p.burn_in_weeks, 1):  # the status quo settles (weeks 1 - burn_in .. 0)
            self._run_week(week)
        self.flows.start_counting()
        self.started = False
        if begin:
            self.start(scenario_parameters)

    def start(self, parameters: Parameters) -> None:
        """Week 0: the scenario's levers take over from the status quo (now, or at ``reform_start_week``).

        Called once, after the burn-in: by the constructor, or by the caller of a model built with
        ``begin=False``. An experiment that keeps such a burned-in status-quo model
        (:func:`sim.experiments.runs.start_model`) starts a copy of it for each lever setting of the
        same seed; the result is identical to constructing that setting afresh.
        """
        if self.started:
            raise RuntimeError("start(): this model has already started; start a copy of a model built with begin=False")
        if parameters.model_dump() | dict.fromkeys(REFORM_LEVERS) != self.p.model_dump() | dict.fromkeys(REFORM_LEVERS):
            raise ValueError("start(): only the reform levers may differ from the burned-in status quo")
        self.pending_reform: Parameters | None = None
        h = self.households  # households' first reports are watched from now (an observation, not a state)
        h.reports_made[:], h.first_report_problem[:], h.first_report_outcome[:] = 0, -1, NO_REPORT_YET
        if parameters.reform_start_week > 0:
            self.pending_reform = parameters
        else:
            self._apply_levers(parameters)
        self.outcomes = measurement.measure(self, 0)
        self.datacollector = mesa_api.WeeklyDataCollector(model_reporters=model_reporters())
        self.datacollector.collect(self)
        self.started = True

    # ================================================================== the schedule
    def step(self) -> None:
        t = mesa_api.week(self)
        if self.pending_reform is not None and t >= self.pending_reform.reform_start_week:
            self._apply_levers(self.pending_reform)
        self._run_week(t)
        self.outcomes = measurement.measure(self, t)  # 9. data collection
        self.datacollector.collect(self)
        if self.p.agent_data_interval_steps and t % self.p.agent_data_interval_steps == 0:
            self._record_agents(t)

    def _run_week(self, t: int) -> None:
        """One week of the schedule (DESIGN §5); ``t`` is the week (negative in the burn-in)."""
        p = self.p
        in_shock = p.shock_week > 0 and p.shock_week <= t < p.shock_week + p.shock_duration_weeks
        self.capacity_factor = 1 - p.shock_capacity_loss if in_shock else 1.0
        self.choices.start_week(self.decisions, self.watch)
        self._choose_domains()
        self.core_time = CoreTime(self.core.effective_capacity())
        self.core_capacity_week = self.core_time.left

        arrivals.problems_arise(self, t)  # 1. problems arise, shocks strike
        reporting.report_and_patrol(self, t)  # 2. residents report; grid patrols discover and whistle
        outreach.reach_out(self, t)  # 3. Party members visit, organisations run activities
        participation.participate(self, t)  # 4. residents decide whether to take part
        channels.take_in(self, t)  # 5a. known problems reach their first responders
        coordination.convene(self, t)  # 5b. a joint meeting, if due, takes the core's time
        dispatch.dispatch(self, t)  # 5c. the core dispatches major works and escalations
        coordination.coordinate(self, t)  # 6. major works wait for every party's commitment
        money.fund(self)  # 7a. incomes, firms' staff, the common fund, funding
        work.work(self, t)  # 7b. volunteers, firms, organisations, core, contractors work
        measurement.record_resolutions(self, self.resolved_now)
        feedback.learn(self, t)  # 8a. residents learn; complaints; trust drift
        exits.leave_the_books(self, t)  # 8b. households stop waiting, major works are shelved
        feedback.update_standing(self)  # 8c. fees, committee legitimacy, firms' pool commitment
        measurement.record_week(self)
        self._watch_recovery(t)
        self.taken = self._taken_decisions()
        self.decisions = None

    # ================================================================== interventions
    def intervene(self, **changes: Any) -> dict[str, tuple[Any, Any]]:
        """Change levers and behavioural parameters of a running community, from the next step on.

        The community (households, organisations, problems so far) is kept; only the rules change.
        Values are validated against the registry; parameters that define the community at set-up
        (:data:`SET_UP_ONLY`) are refused. Returns ``{name: (old, new)}`` for what changed.
        The same seed and the same interventions at the same steps give the same run.
        """
        from sim.errors import UserInputError
        from sim.scenarios import build_parameters

        fixed = sorted(set(changes) & self.SET_UP_ONLY)
        if fixed:
            raise UserInputError(
                f"intervene: {', '.join(fixed)} define(s) the community at set-up and cannot change in a running model; "
                "start a new run with the new value instead."
            )
        current = self.p
        new = build_parameters({**current.model_dump(), **changes}, origin="intervene")
        changed = {k: (getattr(current, k), getattr(new, k)) for k in changes if getattr(current, k) != getattr(new, k)}
        if changed:
            self._apply_levers(new)
        return changed

    def _apply_levers(self, p: Parameters) -> None:
        """Make ``p`` the rules in force; posts and Party groups follow its ``embedding``."""
        self.p = p
        self.pending_reform = None
        embedding.apply_embedding(self)

    # ================================================================== set-up
    def _create_community(self) -> None:
        """Households on the grid, buildings, compounds, grid zones, compound condition (DESIGN §3-4)."""
        p = self.p
        self.households: Households = create_households(p, self.streams.households)
        h = self.households
        self.n_buildings = int(h.building.max()) + 1
        self.building_count = np.bincount(h.building, minlength=self.n_buildings)
        self.building_start = np.r_[0, np.cumsum(self.building_count)[:-1]]
        self.n_compounds = p.n_compounds
        self.households_per_compound = np.bincount(h.compound, minlength=self.n_compounds)
        self.households_per_zone = np.bincount(h.zone)
        condition = self.streams.condition.lognormal(0.0, p.compound_condition_sigma, self.n_compounds)
        self.compound_condition = condition / np.average(condition, weights=np.maximum(self.households_per_compound, 1e-12))
        household_condition = self.compound_condition[h.compound]
        self.total_condition = float(household_condition.sum())
        self.condition_cdf = arrivals.condition_distribution(household_condition)
        h.occupied_neighbours = participation.moore_sum(np.ones(h.count), h, p.width, p.height)
        no_mobilisation = np.zeros(h.count)
        h.propensity = expit(participation.logistic_utility(h, p, no_mobilisation, no_mobilisation))

    def _create_members(self) -> None:
        """Resident members and in-service members (双报到, S4 §2), and the fixed orders embedding uses."""
        p, h, rng = self.p, self.households, self.streams.members
        resident_members = np.flatnonzero(h.party)
        occupied = np.flatnonzero(self.building_count > 0)
        in_service_buildings = rng.choice(occupied, p.in_service_members)
        self.member_household = np.r_[resident_members, np.full(p.in_service_members, -1)]
        self.member_building = np.r_[h.building[resident_members], in_service_buildings].astype(np.int64)
        self.member_compound = np.r_[h.compound[resident_members], np.full(p.in_service_members, -1)]
        self.member_index_of_household = np.full(h.count, -1)
        self.member_index_of_household[resident_members] = np.arange(len(resident_members))
        self.member_post_priority = rng.permutation(len(self.member_building))
        order = rng.permutation(self.n_buildings)
        self.member_buildings_order = order[np.isin(order, self.member_building)]
        for offset, building in enumerate(in_service_buildings):
            InServicePartyMember(self, len(resident_members) + offset, int(building))

    def _create_organisations(self) -> None:
        """One core, one firm per compound, owners' committees where formed, social organisations.

        Owners' committees form with probability unaided + push x (pushed - unaided) (Beijing
        housing commission 2021). Draws come from the ``organisations`` stream in an order that no
        lever changes; the orders in which organisations take embedded posts are drawn here too.
        """
        p, rng = self.p, self.streams.organisations
        forms = p.committee_formation_unaided + p.committee_formation_push * (p.committee_formation_pushed - p.committee_formation_unaided)
        has_committee = rng.random(self.n_compounds) < forms
        committees = np.flatnonzero(has_committee)
        n_orgs = p.social_organisations
        self.actor_kind = np.r_[CORE, np.full(self.n_compounds, FIRM), np.full(len(committees), COMMITTEE), np.full(n_orgs, ORGANISATION)]
        self.actor_compound = np.r_[-1, np.arange(self.n_compounds), committees, np.full(n_orgs, -1)]
        firms = np.arange(1, 1 + self.n_compounds)
        committee_ids = np.arange(len(committees)) + 1 + self.n_compounds
        self.organisation_actor_ids = np.arange(n_orgs) + 1 + self.n_compounds + len(committees)
        firm_order = firms[rng.permutation(len(firms))]
        committee_order = committee_ids[rng.permutation(len(committee_ids))]
        # Each social organisation draws its place and its rank in the embedding order from a
        # stream of its own, so more or fewer organisations move none of the others.
        own = [self.streams.for_item("organisations", o) for o in range(n_orgs)]
        self.organisation_domains = np.array([DOMAINS[o % len(DOMAINS)] for o in range(n_orgs)], dtype=object)
        self.organisation_cells = np.array([g.integers(0, (p.width, p.height)) for g in own]).reshape(n_orgs, 2)
        organisation_order = self.organisation_actor_ids[np.argsort([g.random() for g in own], kind="stable")]
        self.actor_orders = (firm_order, committee_order, organisation_order)

        self.core = CommunityCore(self, 0)
        self.firm_of_compound = [PropertyFirm(self, int(a), c) for c, a in enumerate(firms)]
        self.committee_of_compound = {int(c): OwnersCommittee(self, int(a), int(c)) for c, a in zip(committees, committee_ids, strict=True)}
        self.organisations = [SocialOrganisation(self, int(a), self.organisation_domains[o]) for o, a in enumerate(self.organisation_actor_ids)]
        self.catchment_households, self.catchment_start, self.catchment_size = outreach.catchments(self)
        self.organisation_agents = [*self.firm_of_compound, *self.committee_of_compound.values(), *self.organisations]
        self.firm_actor = firms
        self.committee_actor = np.full(self.n_compounds, -1)
        self.committee_actor[committees] = committee_ids
        n = len(self.actor_kind)
        self.actor_budget = np.zeros(n)
        self.actor_capacity = np.zeros(n)
        self.pool_contributed = np.zeros(n)
        self.pool_received = np.zeros(n)
        self.legitimacy = np.full(self.n_compounds, p.initial_legitimacy)
        self.firm_pool_commitment = np.ones(self.n_compounds)
        self.fee_collection_rate = feedback.fee_collection_rates(self)  # at the households' initial satisfaction
        self.firm_staff = money.staff_paid_by_fees(self)

    def _create_records(self) -> None:
        h, p = self.households, self.p
        self.party_households = np.flatnonzero(h.party)
        members = len(self.party_households)
        self.group_sizes = [*np.bincount(h.age_group, minlength=3), members, h.count - members]
        self.problems = ProblemBook(initial_capacity=int(h.count * p.problem_rate_per_household_week * 60) + 64)
        self.flows = measurement.WeeklyFlows(self.n_compounds, capacity_weeks=p.burn_in_weeks + 128)
        self.core_time = CoreTime()
        self.pool_balance = 0.0
        self.money_spent = 0.0
        self.subdistrict_spending = 0.0
        self.meetings_held = 0
        self.meeting_held = False
        self.pending_paperwork = 0.0
        self.compound_participation = np.zeros(self.n_compounds)
        self.building_responsiveness = np.zeros(self.n_buildings)
        self.building_volunteer_effort = np.zeros(self.n_buildings)
        self.volunteer_effort = 0.0
        self.core_capacity_week = 0.0
        self.peak_excess_backlog = 0.0
        self.recovery_weeks = float("nan")
        self._agent_records: list[pd.DataFrame] = []
        self.resolved_now = np.zeros(0, np.int64)

    # ================================================================== Mesa's views, built on demand
    # The model's state is its arrays; Mesa's grid and the residents' CellAgents are views of them,
    # built the first time something asks (SolaraViz, the dashboard's map, ``model.agents``), so a
    # run that never looks at them does not pay for them (set-up, copies, memory).
    @property
    def grid(self) -> CommunityGrid:
        self._build_views()
        return self._grid

    @property
    def agents(self):
        self._build_views()
        return super().agents

    @property
    def agents_by_type(self):
        self._build_views()
        return super().agents_by_type

    def _build_views(self) -> None:
        """The Mesa grid, one Resident (or PartyMember) CellAgent per household, and the organisations' cells."""
        if getattr(self, "_grid", None) is not None or "households" not in self.__dict__:
            return
        p, h = self.p, self.households
        self._grid = grid = CommunityGrid((p.width, p.height), torus=False, capacity=None, random=self.random)
        for index, (x, y, member) in enumerate(zip(h.x.tolist(), h.y.tolist(), h.party.tolist(), strict=True)):
            (PartyMember if member else Resident)(self, index, grid[(x, y)])

        def cell_of_compound(c: int):
            members = np.flatnonzero(h.compound == c)
            return grid[(int(np.median(h.x[members])), int(np.median(h.y[members])))] if len(members) else grid[(0, 0)]

        self.core.cell = grid[(p.width // 2, p.height // 2)]
        for agent in [*self.firm_of_compound, *self.committee_of_compound.values()]:
            agent.cell = cell_of_compound(agent.compound)
        for agent, (x, y) in zip(self.organisations, self.organisation_cells, strict=True):
            agent.cell = grid[(int(x), int(y))]

    # ================================================================== views the mechanisms read
    @property
    def member_post(self) -> np.ndarray:
        """Per member: the actor id of the organisation where they hold a post, or -1."""
        posts = np.full(len(self.member_building), -1)
        holders = np.flatnonzero(self.post_holder >= 0)
        posts[self.post_holder[holders]] = holders
        return posts

    def committee_legitimacy_by_compound(self) -> np.ndarray:
        """Legitimacy of each compound's owners' committee (0 where none formed)."""
        return np.where(self.committee_actor >= 0, self.legitimacy, 0.0)

    def _choose_domains(self) -> None:
        """Each social organisation's domain this week (chosen in the classroom, else its own)."""
        self.week_domains = self.choices.decide_each("organisations", self.organisation_actor_ids, "domain", self.organisation_domains)

    def organisations_by_domain(self) -> dict[str, np.ndarray]:
        return {d: self.organisation_actor_ids[self.week_domains == d] for d in DOMAINS}

    def organisation_is_volunteering(self) -> np.ndarray:
        return (self.week_domains == "volunteering").astype(bool)

    def organised_volunteer_capacity(self) -> float:
        """Effort volunteering organisations add to residents' volunteer effort this week (S5 §2)."""
        p = self.p
        n = int(self.organisation_is_volunteering().sum())
        return n * p.social_org_capacity * (1 + p.social_org_professional_share) * self.capacity_factor

    def open_problems_per_household(self) -> np.ndarray:
        book = self.problems
        return np.bincount(book.household[book.open_ids], minlength=self.households.count)

    def _taken_decisions(self) -> Any:
        """What watched actors decided this week, as a WeekDecisions (None when nothing is watched)."""
        if self.watch is None:
            return None
        from sim.model import decisions

        taken = self.choices.taken
        return decisions.WeekDecisions(
            residents={k: decisions.ResidentChoice(**v) for k, v in taken["residents"].items()},
            members={k: decisions.MemberChoice(**v) for k, v in taken["members"].items()},
            firms={k: decisions.FirmChoice(**v) for k, v in taken["firms"].items()},
            committees={k: decisions.CommitteeChoice(**v) for k, v in taken["committees"].items()},
            organisations={k: decisions.OrganisationChoice(**v) for k, v in taken["organisations"].items()},
            core=decisions.CoreChoice(**taken["core"]) if taken["core"] else None,
        )

    # ================================================================== shocks and records
    def _watch_recovery(self, t: int) -> None:
        """Recovered once unmet need's excess over its pre-shock level has fallen to
        recovery_tolerance of its peak (time to recover most of the loss, S5 §1)."""
        p = self.p
        if not (p.shock_week > 0 and t >= p.shock_week and np.isnan(self.recovery_weeks)):
            return
        excess = self.flows.last("unmet")[0] - self.expected_unmet_without_shock()
        self.peak_excess_backlog = max(self.peak_excess_backlog, excess)
        if t > p.shock_week and excess <= p.recovery_tolerance * self.peak_excess_backlog:
            self.recovery_weeks = float(t - p.shock_week)

    def expected_unmet_without_shock(self) -> float:
        """Unmet need the community would have had without the shock: its mean over the
        ``recovery_baseline_weeks`` weeks before it (a level rather than an extrapolated trend,
        because a few noisy weeks make a poor trend)."""
        p = self.p
        shock_row = p.shock_week + p.burn_in_weeks - 1  # row of the shock week in the weekly flows
        before = self.flows.series("unmet")[max(0, shock_row - p.recovery_baseline_weeks) : shock_row, 0]
        return float(np.mean(before)) if len(before) else 0.0

    def _record_agents(self, t: int) -> None:
        h = self.households
        self._agent_records.append(pd.DataFrame({
            "step": t, "household": np.arange(h.count), "x": h.x, "y": h.y, "age_group": h.age_group,
            "party_member": h.party, "participating": h.participating, "efficacy": h.efficacy, "trust": h.trust,
            "satisfaction": h.satisfaction,
        }))

    # ================================================================== public helpers
    def agent_data(self) -> pd.DataFrame:
        """Residents' state every ``agent_data_interval_steps`` weeks (empty when off)."""
        return pd.concat(self._agent_records, ignore_index=True) if self._agent_records else pd.DataFrame()

    def problem_table(self) -> pd.DataFrame:
        """All problems so far, one row each (for analysis and validation); weeks of the burn-in are negative."""
        from sim.model.problems import EXIT_REASONS, RESOLVERS
        from sim.parameters import CATEGORY_KEYS

        book = self.problems
        table = pd.DataFrame({name: book.column(name) for name in ProblemBook._COLUMNS})
        table["category"] = pd.Categorical.from_codes(table["category"], CATEGORY_KEYS)
        table["resolved_by"] = pd.Categorical.from_codes(table["resolved_by"], RESOLVERS)
        table["exit_reason"] = pd.Categorical.from_codes(table["exit_reason"], EXIT_REASONS)
        return table
