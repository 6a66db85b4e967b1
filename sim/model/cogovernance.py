"""The co-governance model: a Chinese urban neighbourhood under Party-led co-governance (党领共治).

One step is one week. :meth:`CoGovernanceModel.step` is the schedule (DESIGN §5); each phase is
a mechanism in its own module of :mod:`sim.model.mechanisms`, whose docstring states the rule,
its source (S1-S5, see :mod:`sim.parameters`) and any deliberate deviation (also in docs/ODD.md).
This module holds the set-up of the community and the measurement of outcomes.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
import pandas as pd
from scipy.special import expit

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
from sim.model.households import RETIRED, WORKING, YOUNG, Households, create_households
from sim.model.mechanisms import arrivals, coordination, dispatch, embedding, feedback, money, outreach, participation, reporting, work
from sim.model.mechanisms.feedback import VISIT_MEMORY_WEEKS
from sim.model.outcomes import OUTCOMES, WEEKLY_OUTCOMES, gini, model_reporters
from sim.model.problems import RESOLVERS, ProblemBook
from sim.model.space import CommunityGrid
from sim.model.streams import Streams
from sim.parameters import CATEGORY_KEYS, Parameters

# Levers a reform switches on at reform_start_week; before it they keep their registry defaults.
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
        **overrides: individual parameters by name (validated against the registry; unknown
            names and out-of-range values raise :class:`sim.errors.UserInputError`).

    Role play: set ``model.decisions`` (a :class:`sim.model.decisions.WeekDecisions`) before
    :meth:`step` to let people decide for some actors that week; actors listed in
    ``model.watch`` have the decisions they took recorded in ``model.taken``.
    """

    #: Parameters fixed at set-up (the community itself); an intervention cannot change them.
    SET_UP_ONLY = frozenset({
        "width", "height", "occupancy", "building_size_cells", "compound_columns", "compound_rows", "zone_size_cells",
        "compound_condition_sigma", "share_young", "share_retired", "share_low_income", "party_member_share",
        "party_retired_relative_rate", "in_service_members", "social_organisations", "committee_formation_unaided",
        "committee_formation_pushed", "committee_formation_push", "initial_efficacy_mean", "initial_trust_mean",
        "initial_belief_concentration", "threshold_mean", "threshold_sd", "patience_weeks_mean", "reform_start_week",
        "participation_rule", "agent_data_interval_steps",
    })

    def __init__(self, *, rng: Any = None, parameters: Parameters | None = None, scenario: Any = None, **overrides: Any):
        if scenario is not None:
            overrides = {**mesa_api.scenario_values(scenario), **overrides}
        super().__init__(**mesa_api.model_arguments(rng, scenario))
        from sim.scenarios import build_parameters

        base = parameters.model_dump() if parameters is not None else {}
        self.p: Parameters = build_parameters({**base, **overrides}) if overrides or parameters is None else parameters
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
        scenario_parameters = self.p
        if scenario_parameters.reform_start_week > 0:  # the community runs under the status quo until the reform
            self.p = scenario_parameters.model_copy(update={k: Parameters.model_fields[k].default for k in REFORM_LEVERS})
        self.pending_reform = scenario_parameters if self.p is not scenario_parameters else None
        embedding.apply_embedding(self)
        self._choose_domains()
        self.actor_budget[:] = 4 * money.incomes(self)  # four weeks of income in hand
        self.outcomes: dict[str, float] = {}
        self._measure()
        self.datacollector = mesa_api.WeeklyDataCollector(model_reporters=model_reporters())
        self.datacollector.collect(self)

    # ================================================================== the schedule
    def step(self) -> None:
        t = mesa_api.week(self)
        if self.pending_reform is not None and t >= self.pending_reform.reform_start_week:
            self._apply_levers(self.pending_reform)
        p = self.p
        in_shock = p.shock_week > 0 and p.shock_week <= t < p.shock_week + p.shock_duration_weeks
        self.capacity_factor = 1 - p.shock_capacity_loss if in_shock else 1.0
        self.counts.update(arisen_step=0, reported_step=0, resolved_step=0)
        self.choices.start_week(self.decisions, self.watch)
        self._choose_domains()
        self.core_time = CoreTime(self.core.effective_capacity())
        self.core_capacity_week = self.core_time.left

        arrivals.problems_arise(self, t)  # 1. problems arise, shocks strike
        reporting.report_and_patrol(self, t)  # 2. residents report, grid patrols discover
        outreach.reach_out(self, t)  # 3. Party members visit, organisations run activities
        participation.participate(self, t)  # 4. residents decide whether to take part
        coordination.convene(self, t)  # 5a. a joint meeting, if due, takes the core's time
        dispatch.dispatch(self, t)  # 5b. the core dispatches known problems
        coordination.coordinate(self, t)  # 6. major works wait for every party's commitment
        money.fund(self)  # 7a. incomes, the common fund, funding
        work.work(self, t)  # 7b. volunteers, firms, organisations, core, contractors work
        feedback.learn(self, t)  # 8. residents learn; hotline; trust drift
        feedback.update_standing(self)  # 8b. fees, committee legitimacy, firms' pool commitment

        self.taken = self._taken_decisions()
        self.decisions = None
        self._measure()  # 9. data collection
        self.datacollector.collect(self)
        if p.agent_data_interval_steps and t % p.agent_data_interval_steps == 0:
            self._record_agents(t)

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
            self.pending_reform = None  # an intervention replaces a reform still waiting to start
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
        self.grid = CommunityGrid((p.width, p.height), torus=False, capacity=None, random=self.random)
        self.households: Households = create_households(p, self.streams.households)
        h = self.households
        self.n_buildings = int(h.building.max()) + 1
        self.building_count = np.bincount(h.building, minlength=self.n_buildings)
        self.building_start = np.r_[0, np.cumsum(self.building_count)[:-1]]
        self.n_compounds = p.compound_columns * p.compound_rows
        self.households_per_compound = np.bincount(h.compound, minlength=self.n_compounds)
        self.households_per_zone = np.bincount(h.zone)
        condition = self.streams.condition.lognormal(0.0, p.compound_condition_sigma, self.n_compounds)
        self.compound_condition = condition / np.average(condition, weights=np.maximum(self.households_per_compound, 1e-12))
        h.occupied_neighbours = participation.moore_sum(np.ones(h.count), h, p.width, p.height)
        h.propensity = expit(participation.logistic_utility(h, p, np.zeros(h.count), np.zeros(h.count, dtype=bool)))
        for index in range(h.count):
            agent_class = PartyMember if h.party[index] else Resident
            agent_class(self, index, self.grid[(int(h.x[index]), int(h.y[index]))])

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
        cells = np.array([g.integers(0, (p.width, p.height)) for g in own]).reshape(n_orgs, 2)
        organisation_order = self.organisation_actor_ids[np.argsort([g.random() for g in own], kind="stable")]
        self.actor_orders = (firm_order, committee_order, organisation_order)

        def cell_of_compound(c: int):
            col, row = divmod(c, p.compound_rows)
            x = min(p.width - 1, int((col + 0.5) * p.width / p.compound_columns))
            y = min(p.height - 1, int((row + 0.5) * p.height / p.compound_rows))
            return self.grid[(x, y)]

        self.core = CommunityCore(self, 0, self.grid[(p.width // 2, p.height // 2)])
        self.firm_of_compound = [PropertyFirm(self, int(a), cell_of_compound(c), c) for c, a in enumerate(firms)]
        self.committee_of_compound = {
            int(c): OwnersCommittee(self, int(a), cell_of_compound(int(c)), int(c)) for c, a in zip(committees, committee_ids, strict=True)
        }
        self.organisations = [
            SocialOrganisation(self, int(a), self.grid[(int(x), int(y))], DOMAINS[o % len(DOMAINS)])
            for o, (a, (x, y)) in enumerate(zip(self.organisation_actor_ids, cells, strict=True))
        ]
        self.organisation_agents = [*self.firm_of_compound, *self.committee_of_compound.values(), *self.organisations]
        self.firm_actor = firms
        self.committee_actor = np.full(self.n_compounds, -1)
        self.committee_actor[committees] = committee_ids
        n = len(self.actor_kind)
        self.actor_budget = np.zeros(n)
        self.actor_capacity = np.zeros(n)
        self.pool_contributed = np.zeros(n)
        self.pool_received = np.zeros(n)
        self.legitimacy = np.full(self.n_compounds, 0.5)
        self.fee_collection_rate = np.full(self.n_compounds, p.fee_collection_base)
        self.firm_pool_commitment = np.ones(self.n_compounds)
        # What the sub-district expects to spend on major works each week; with funding
        # following tasks (费随事转) empowerment moves this money to the core (S3 §3.3.1).
        self.expected_subdistrict_spending_week = (
            self.households.count * p.problem_rate_per_household_week * p.share_cross_actor * p.cross_actor_cost * p.subdistrict_funding_share
        )

    def _create_records(self) -> None:
        h, p = self.households, self.p
        self._party_households = np.flatnonzero(h.party)
        members = len(self._party_households)
        self._group_size = [*np.bincount(h.age_group, minlength=3), members, h.count - members]
        self.problems = ProblemBook(initial_capacity=int(h.count * p.problem_rate_per_household_week * 60) + 64)
        self.core_time = CoreTime()
        self.pool_balance = 0.0
        self.money_spent = 0.0
        self.meetings_held = 0
        self.meeting_held = False
        self.complaints = np.zeros(self.n_compounds)
        self.property_complaints = np.zeros(self.n_compounds)
        self.pending_paperwork = 0.0
        self.compound_participation = np.zeros(self.n_compounds)
        self.building_responsiveness = np.zeros(self.n_buildings)
        self.building_volunteer_effort = np.zeros(self.n_buildings)
        self.weeks_to_resolution_counts = np.zeros(64, dtype=np.int64)
        self.counts = dict.fromkeys(
            ("arisen", "reported", "discovered", "resolved", "withdrawn", "arisen_step", "reported_step", "resolved_step"), 0
        )
        self.arisen_by_category = np.zeros(len(CATEGORY_KEYS), dtype=np.int64)
        self.resolved_by_category = np.zeros(len(CATEGORY_KEYS), dtype=np.int64)
        self.resolved_by_whom = np.zeros(len(RESOLVERS), dtype=np.int64)
        self.money_of_resolved = 0.0
        self.volunteer_effort = 0.0
        self.core_capacity_week = 0.0
        self.unmet_history: list[int] = []  # unmet need at the end of each week, index = week
        self.peak_excess_backlog = 0.0
        self.recovery_weeks = float("nan")
        self._agent_records: list[pd.DataFrame] = []
        self.resolved_now = np.zeros(0, np.int64)

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
        self.week_domains = np.array(
            [self.choices.decide("organisations", o.actor_id, "domain", o.domain) for o in self.organisations], dtype=object
        )

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

    # ================================================================== measurement
    def _measure(self) -> None:
        """Compute every outcome of :mod:`sim.model.outcomes` for this step."""
        h, book, counts = self.households, self.problems, self.counts
        nan = float("nan")

        def share(values: np.ndarray, mask: np.ndarray | None = None) -> float:
            selected = values if mask is None else values[mask]
            return float(selected.mean()) if len(selected) else nan

        def ratio(numerator: float, denominator: float) -> float:
            return float(numerator / denominator) if denominator > 0 else nan

        participating = h.participating
        arisen = counts["arisen"]
        known = counts["reported"] + counts["discovered"]
        hist = self.weeks_to_resolution_counts
        resolved = counts["resolved"]
        if resolved:
            cumulative = np.cumsum(hist)
            mean_weeks = float((hist * np.arange(len(hist))).sum() / resolved)
            median_weeks = float(np.searchsorted(cumulative, (resolved + 1) / 2))
        else:
            mean_weeks = median_weeks = nan
        backlog = len(book.open_ids)
        t = mesa_api.week(self)
        unmet = backlog + self.p.recovery_counts_given_up * counts["withdrawn"]
        self.unmet_history.append(unmet)
        if self.p.shock_week > 0 and t >= self.p.shock_week and np.isnan(self.recovery_weeks):
            # Recovered once unmet need's excess over its pre-shock trend has fallen to
            # recovery_tolerance of its peak (time to recover most of the loss).
            excess = unmet - self.expected_unmet_without_shock(t)
            self.peak_excess_backlog = max(self.peak_excess_backlog, excess)
            if t > self.p.shock_week and excess <= self.p.recovery_tolerance * self.peak_excess_backlog:
                self.recovery_weeks = float(t - self.p.shock_week)
        per_household = self.property_complaints / np.maximum(self.households_per_compound, 1)
        committees = list(self.committee_of_compound.values())
        by_whom = {who: int(self.resolved_by_whom[i]) for i, who in enumerate(RESOLVERS) if who != "nobody"}
        rates = {
            f"resolution_rate_{key}": ratio(self.resolved_by_category[i], self.arisen_by_category[i])
            for i, key in enumerate(CATEGORY_KEYS)
        }
        # Participation by group: age groups, then Party members and others (sizes fixed at set-up).
        taking_part = float(participating.sum())
        members_taking_part = float(np.count_nonzero(participating[self._party_households]))
        by_group = [*np.bincount(h.age_group, weights=participating, minlength=3), members_taking_part, taking_part - members_taking_part]
        group_share = [ratio(count, size) for count, size in zip(by_group, self._group_size, strict=True)]
        self.outcomes = {
            "participation_rate": taking_part / h.count,
            "participation_rate_young": group_share[YOUNG],
            "participation_rate_working": group_share[WORKING],
            "participation_rate_retired": group_share[RETIRED],
            "participation_rate_party": group_share[3],
            "participation_rate_non_party": group_share[4],
            "report_rate": ratio(counts["reported"], arisen),
            "problems_arisen": arisen,
            "problems_reported": counts["reported"],
            "problems_discovered": counts["discovered"],
            "problems_resolved": resolved,
            "problems_withdrawn": counts["withdrawn"],
            "problems_arisen_step": counts["arisen_step"],
            "problems_reported_step": counts["reported_step"],
            "problems_resolved_step": counts["resolved_step"],
            "backlog": backlog,
            "resolution_rate": ratio(resolved, arisen),
            "cross_actor_resolution_rate": rates.pop("resolution_rate_cross_actor"),
            **rates,
            "mean_weeks_to_resolution": mean_weeks,
            "median_weeks_to_resolution": median_weeks,
            "unreported_share": ratio(arisen - known, arisen),
            "mean_efficacy": share(h.efficacy),
            "mean_trust": share(h.trust),
            "satisfaction": share(h.satisfaction),
            "party_reach": share(t - h.last_visit_step < VISIT_MEMORY_WEEKS),
            "pool_balance": self.pool_balance,
            "money_spent_per_resolved": ratio(self.money_of_resolved, resolved),
            "hotline_complaints": float(self.complaints.sum()),
            "complaint_concentration": gini(per_household[self.households_per_compound > 0])
            if self.n_compounds > 1
            else nan,
            "recovery_weeks": self.recovery_weeks,
            "owners_committees": len(committees),
            "committee_legitimacy": float(np.mean([c.legitimacy for c in committees])) if committees else nan,
            "core_effective_capacity": self.core_capacity_week,
            "volunteer_effort": self.volunteer_effort,
            "governance_resolution_rate": ratio(resolved - by_whom["volunteers"], arisen),
            "self_help_share": ratio(by_whom["volunteers"], resolved),
            **{f"problems_resolved_by_{who}": count for who, count in by_whom.items()},
            "meetings_held": self.meetings_held,
            "firm_effort_share": float(np.mean(self.actor_capacity[self.firm_actor]) / max(
                1e-12, float(np.mean(self.p.firm_capacity_per_1000 * self.households_per_compound / 1000 * self.capacity_factor))
            )) if t > 0 else nan,
        }
        if t == 0:  # week 0 is the community as set up: no week has been measured yet
            self.outcomes.update(dict.fromkeys(WEEKLY_OUTCOMES, nan))
        assert self.outcomes.keys() == OUTCOMES.keys(), "outcome table and sim.model.outcomes disagree"

    def expected_unmet_without_shock(self, t: int) -> float:
        """Unmet need week ``t`` would have had without the shock: its mean over the eight weeks
        before the shock (S5 §1: recovery is a return to normal operation). A level rather than
        an extrapolated trend, because eight noisy weeks make a poor trend. Unmet need is the
        backlog, plus problems given up when ``recovery_counts_given_up`` is on."""
        before = self.unmet_history[max(0, self.p.shock_week - 8) : self.p.shock_week]
        return float(np.mean(before)) if before else 0.0

    def _record_agents(self, t: int) -> None:
        h = self.households
        self._agent_records.append(
            pd.DataFrame(
                {
                    "step": t,
                    "household": np.arange(h.count),
                    "x": h.x,
                    "y": h.y,
                    "age_group": h.age_group,
                    "party_member": h.party,
                    "participating": h.participating,
                    "efficacy": h.efficacy,
                    "trust": h.trust,
                    "satisfaction": h.satisfaction,
                }
            )
        )

    # ================================================================== public helpers
    def agent_data(self) -> pd.DataFrame:
        """Residents' state every ``agent_data_interval_steps`` weeks (empty when off)."""
        return pd.concat(self._agent_records, ignore_index=True) if self._agent_records else pd.DataFrame()

    def problem_table(self) -> pd.DataFrame:
        """All problems so far, one row each (for analysis and validation)."""
        book = self.problems
        table = pd.DataFrame({name: book.column(name) for name in ProblemBook._COLUMNS})
        table["category"] = pd.Categorical.from_codes(table["category"], CATEGORY_KEYS)
        return table
