"""The co-governance model: a Chinese urban neighbourhood under Party-led co-governance (党领共治).

One step is one week. Each step runs DESIGN §5 in order; each phase is one method below, and
its docstring names the source of the mechanism (S1-S5, see :mod:`sim.parameters`) and any
deliberate deviation (also listed in docs/ODD.md).

1. :meth:`_problems_arise`        problems arise (and shocks strike), S5
2. :meth:`_report_and_patrol`     residents report; grid patrols discover, S3, S4, S5
3. :meth:`_reach_out`             Party members visit; social organisations run activities, S1, S3, S4
4. :meth:`_participate`           residents decide whether to participate, Granovetter 1978, Macy 1991, S2
5. :meth:`_dispatch`              the core dispatches known problems (派单), S1, S3, S4
6. :meth:`_coordinate`            cross-actor works wait for every party's commitment, S1, S4
7. :meth:`_fund` / :meth:`_work`  money (own budgets, then the common fund) and effort, S1, S4, S5
8. :meth:`_feedback`              responsiveness, neglect, hotline complaints, trust drift, S1, S2
9. data collection                every outcome of :mod:`sim.model.outcomes`
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import OrthogonalMooreGrid

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
from sim.model.households import (
    RETIRED,
    WORKING,
    YOUNG,
    Households,
    create_households,
    decide_participation,
    move_toward_one,
    move_toward_zero,
    report_probability,
)
from sim.model.outcomes import OUTCOMES, gini, model_reporters
from sim.parameters import CATEGORY_KEYS, Parameters
from sim.model.problems import (
    ALL_PARTIES,
    BY_CORE,
    BY_FIRM,
    BY_ORGANISATION,
    BY_VOLUNTEERS,
    CROSS_ACTOR,
    DISPUTES,
    ENVIRONMENT,
    NEEDS_APPROVAL,
    NEEDS_COMMITTEE,
    NEEDS_CORE,
    NEEDS_FIRM,
    NOT_YET,
    REPAIR,
    SERVICES,
    ProblemBook,
    serve_in_order,
)

VISIT_MEMORY_WEEKS = 4  # Party reach counts visits in the last four weeks (DESIGN §7)
BUDGET_CAP_WEEKS = 12  # an actor's unspent money beyond 12 weeks of income lapses (assumption)
POOL_FLOW_MEMORY = 0.9  # weekly decay of the remembered pool contributions and returns
PHYSICAL = (REPAIR, CROSS_ACTOR)  # categories scaled by the compound's physical condition
PROPERTY_COMPLAINTS = (REPAIR, ENVIRONMENT, CROSS_ACTOR)
VOLUNTEER_CATEGORIES = (ENVIRONMENT, SERVICES, DISPUTES)
# Levers a reform switches on at reform_start_week; before it they keep their registry defaults.
REFORM_LEVERS = ("empowerment", "pooling", "embedding", "meeting_interval_steps", "volunteer_incentive", "digital_platform")


class CoGovernanceModel(mesa.Model):
    """Agent-based model of Party-led community co-governance (DESIGN.md, docs/ODD.md).

    Args:
        rng: seed or numpy Generator; all randomness flows from ``self.rng``.
        parameters: a validated :class:`sim.parameters.Parameters` (e.g. from a scenario file).
        **overrides: individual parameters by name (validated against the registry; unknown
            names and out-of-range values raise :class:`sim.errors.UserInputError`).

    The model is a plain Mesa model: ``mesa.batch_run(CoGovernanceModel, parameters={...},
    rng=[...], max_steps=...)`` and SolaraViz both construct it with keyword arguments.
    """

    def __init__(self, *, rng: Any = None, parameters: Parameters | None = None, scenario: Any = None, **overrides: Any):
        # Mesa's SolaraViz rebuilds models with ``scenario=`` (a mesa.experimental.scenarios.Scenario):
        # its values are parameters, its rng the seed (Mesa 3.5.1, see ENVIRONMENT notes in ODD §7).
        if scenario is not None:
            overrides = {**{k: v for k, v in scenario.to_dict().items() if k not in ("rng", "model", "_scenario_id")}, **overrides}
        super().__init__(rng=rng, scenario=scenario)
        from sim.scenarios import build_parameters

        base = parameters.model_dump() if parameters is not None else {}
        self.p: Parameters = build_parameters({**base, **overrides}) if overrides or parameters is None else parameters
        p = self.p

        # ---------------------------------------------------------------- space and residents
        self.grid = OrthogonalMooreGrid((p.width, p.height), torus=False, capacity=None, random=self.random)
        self.households: Households = create_households(p, self.rng)
        h = self.households
        self.n_buildings = int(h.building.max()) + 1
        self.building_count = np.bincount(h.building, minlength=self.n_buildings)
        self.building_start = np.r_[0, np.cumsum(self.building_count)[:-1]]
        self.n_compounds = p.compound_columns * p.compound_rows
        self.households_per_compound = np.bincount(h.compound, minlength=self.n_compounds)
        self.households_per_zone = np.bincount(h.zone)
        condition = self.rng.lognormal(0.0, p.compound_condition_sigma, self.n_compounds)
        weights = np.maximum(self.households_per_compound, 1e-12)
        self.compound_condition = condition / np.average(condition, weights=weights)
        for index in range(h.count):
            agent_class = PartyMember if h.party[index] else Resident
            agent_class(self, index, self.grid[(int(h.x[index]), int(h.y[index]))])

        # ---------------------------------------------------------------- Party members
        n_covered = int(round(p.embedding * self.n_buildings))
        self.building_has_party_group = np.zeros(self.n_buildings, dtype=bool)
        # A permutation uses the same draws at every embedding level, so later draws (owners'
        # committees, ...) stay common across scenarios and covered sets are nested (CRN).
        self._building_order = self.rng.permutation(self.n_buildings)
        self.building_has_party_group[self._building_order[:n_covered]] = True
        resident_members = np.flatnonzero(h.party)
        occupied_buildings = np.flatnonzero(self.building_count > 0)
        in_service_buildings = self.rng.choice(occupied_buildings, p.in_service_members) if p.in_service_members else np.zeros(0, int)
        self.member_household = np.r_[resident_members, np.full(p.in_service_members, -1)]
        self.member_building = np.r_[h.building[resident_members], in_service_buildings].astype(np.int64)
        self.member_index_of_household = np.full(h.count, -1)
        self.member_index_of_household[resident_members] = np.arange(len(resident_members))
        covered = self.building_has_party_group[self.member_building]
        activeness = p.party_activeness + (1 - p.party_activeness) * p.embedding_activeness_gain * covered
        activeness[len(resident_members):] *= p.in_service_activeness_factor
        self.member_activeness = activeness
        for offset, building in enumerate(in_service_buildings):
            InServicePartyMember(self, len(resident_members) + offset, int(building))

        # ---------------------------------------------------------------- organisations
        self.capacity_factor = 1.0
        # What the sub-district expects to spend on major works each week; with funding
        # following tasks (费随事转) empowerment moves this money to the core.
        self.expected_subdistrict_spending_week = (
            h.count * p.problem_rate_per_household_week * p.share_cross_actor * p.cross_actor_cost * p.subdistrict_funding_share
        )
        self._create_organisations()
        self.reform_parameters = p  # the scenario's own values; see _hold_reform
        if p.reform_start_week > 0:
            self._hold_reform()

        # ---------------------------------------------------------------- problems and records
        self.problems = ProblemBook(initial_capacity=int(h.count * p.problem_rate_per_household_week * 60) + 64)
        self.pool_balance = 0.0
        self.money_spent = 0.0
        self.complaints = np.zeros(self.n_compounds)
        self.property_complaints = np.zeros(self.n_compounds)
        self.pending_paperwork = 0.0
        self.compound_participation = np.zeros(self.n_compounds)
        self.building_responsiveness = np.zeros(self.n_buildings)
        self.weeks_to_resolution_counts = np.zeros(64, dtype=np.int64)
        self.counts = dict.fromkeys(
            ("arisen", "reported", "discovered", "resolved", "withdrawn", "arisen_step", "reported_step", "resolved_step"), 0
        )
        self.arisen_by_category = np.zeros(len(CATEGORY_KEYS), dtype=np.int64)
        self.resolved_by_category = np.zeros(len(CATEGORY_KEYS), dtype=np.int64)
        self.money_of_resolved = 0.0
        self.volunteer_effort = 0.0
        self.core_capacity_week = 0.0
        # Unmet need (open problems plus problems given up) at the end of each week, index = week.
        self.unmet_history: list[int] = []
        self.peak_excess_backlog = 0.0
        self.recovery_weeks = float("nan")
        self._agent_records: list[pd.DataFrame] = []
        self.resolved_now = np.zeros(0, np.int64)

        self.outcomes: dict[str, float] = {}
        self._measure()
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())
        self.datacollector.collect(self)

    # ================================================================== set-up helpers
    def _create_organisations(self) -> None:
        """One core, one firm per compound, committees where formed, social organisations.

        Owners' committees form with probability unaided + push x (pushed - unaided) (Beijing
        housing commission 2021). Embedded Party members (交叉任职, S4 §1) go to
        round(embedding x n) randomly chosen firms, committees and organisations.
        """
        p, rng = self.p, self.rng
        centre = self.grid[(p.width // 2, p.height // 2)]
        kinds, compounds, domains = [CORE], [-1], [-1]
        forms = p.committee_formation_unaided + p.committee_formation_push * (
            p.committee_formation_pushed - p.committee_formation_unaided
        )
        has_committee = rng.random(self.n_compounds) < forms
        for c in range(self.n_compounds):
            kinds.append(FIRM)
            compounds.append(c)
            domains.append(-1)
        for c in np.flatnonzero(has_committee):
            kinds.append(COMMITTEE)
            compounds.append(int(c))
            domains.append(-1)
        for o in range(p.social_organisations):
            kinds.append(ORGANISATION)
            compounds.append(-1)
            domains.append(o % len(DOMAINS))
        self.actor_kind = np.array(kinds)
        self.actor_compound = np.array(compounds)
        self.actor_domain = np.array(domains)
        n = len(kinds)
        embedded = np.zeros(n, dtype=bool)
        self._actor_orders = []
        for kind in (FIRM, COMMITTEE, ORGANISATION):
            order = rng.permutation(np.flatnonzero(self.actor_kind == kind))  # nested, fixed draws (CRN)
            self._actor_orders.append(order)
            embedded[order[: int(round(p.embedding * len(order)))]] = True
        self.actor_embedded = embedded
        self._assign_embedded_posts()
        self.actor_budget = np.zeros(n)
        self.actor_capacity = np.zeros(n)
        self.pool_contributed = np.zeros(n)
        self.pool_received = np.zeros(n)

        def cell_of_compound(c: int):
            col, row = divmod(c, p.compound_rows)
            x = min(p.width - 1, int((col + 0.5) * p.width / p.compound_columns))
            y = min(p.height - 1, int((row + 0.5) * p.height / p.compound_rows))
            return self.grid[(x, y)]

        self.core = CommunityCore(self, 0, centre, embedded=True)
        self.firm_of_compound: list[PropertyFirm] = []
        self.committee_of_compound: dict[int, OwnersCommittee] = {}
        self.organisations: list[SocialOrganisation] = []
        for a in range(1, n):
            c = int(self.actor_compound[a])
            if self.actor_kind[a] == FIRM:
                self.firm_of_compound.append(PropertyFirm(self, a, cell_of_compound(c), bool(embedded[a]), c))
            elif self.actor_kind[a] == COMMITTEE:
                self.committee_of_compound[c] = OwnersCommittee(self, a, cell_of_compound(c), bool(embedded[a]), c)
            else:
                cell = self.grid[(int(rng.integers(p.width)), int(rng.integers(p.height)))]
                domain = DOMAINS[int(self.actor_domain[a])]
                self.organisations.append(SocialOrganisation(self, a, cell, bool(embedded[a]), domain))
        self.firm_actor = np.array([f.actor_id for f in self.firm_of_compound])
        self.committee_actor = np.full(self.n_compounds, -1)
        for c, committee in self.committee_of_compound.items():
            self.committee_actor[c] = committee.actor_id
        self.orgs_by_domain = {
            d: np.array([o.actor_id for o in self.organisations if o.domain == d], dtype=np.int64) for d in DOMAINS
        }
        # Start with four weeks of income in hand.
        self.actor_budget[:] = 4 * self._actor_incomes()

    def _hold_reform(self) -> None:
        """Run under the status quo until ``reform_start_week`` (then :meth:`_start_reform`).

        A reform is switched on in a running community: before the start week the levers of
        :data:`REFORM_LEVERS` keep their registry defaults (the status quo: no embedded posts, no
        building Party groups, members at their base activeness). The embedded posts and Party
        groups the reform will bring are drawn at set-up from the same draws as a run with the
        reform from week 0, and only switched on at the start week. Added for the S-shaped reform
        path of the validation facts (Beijing 接诉即办; docs/ODD.md §6).
        """
        p = self.reform_parameters
        self.p = p.model_copy(update={name: Parameters.model_fields[name].default for name in REFORM_LEVERS})
        self._reform_state = (self.building_has_party_group, self.actor_embedded, self.member_activeness)
        self.building_has_party_group = np.zeros_like(self.building_has_party_group)
        self.actor_embedded = np.zeros_like(self.actor_embedded)
        self.member_activeness = np.full_like(self.member_activeness, self.p.party_activeness)
        self.member_activeness[int(self.households.party.sum()):] *= self.p.in_service_activeness_factor
        self._set_embedded_flags()
        self.actor_budget[:] = 4 * self._actor_incomes()

    #: Parameters fixed at set-up (the community itself); an intervention cannot change them.
    SET_UP_ONLY = frozenset({
        "width", "height", "occupancy", "building_size_cells", "compound_columns", "compound_rows", "zone_size_cells",
        "compound_condition_sigma", "share_young", "share_retired", "share_low_income", "party_member_share",
        "party_retired_relative_rate", "in_service_members", "social_organisations", "committee_formation_unaided",
        "committee_formation_pushed", "committee_formation_push", "initial_efficacy_mean", "initial_trust_mean",
        "initial_belief_concentration", "threshold_mean", "threshold_sd", "patience_weeks_mean", "reform_start_week",
        "participation_rule", "agent_data_interval_steps",
    })

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
        if not changed:
            return {}
        if self.p is not self.reform_parameters:  # a pending reform: the intervention replaces it
            self.reform_parameters = new
        self._apply_levers(new)
        return changed

    def _apply_levers(self, p: Parameters) -> None:
        """Make ``p`` the rules in force; embedded posts and Party groups follow ``p.embedding``."""
        self.p = self.reform_parameters = p
        n_covered = int(round(p.embedding * self.n_buildings))
        self.building_has_party_group = np.zeros(self.n_buildings, dtype=bool)
        self.building_has_party_group[self._building_order[:n_covered]] = True
        self.actor_embedded = np.zeros(len(self.actor_kind), dtype=bool)
        for order in self._actor_orders:
            self.actor_embedded[order[: int(round(p.embedding * len(order)))]] = True
        covered = self.building_has_party_group[self.member_building]
        activeness = p.party_activeness + (1 - p.party_activeness) * p.embedding_activeness_gain * covered
        activeness[int(self.households.party.sum()):] *= p.in_service_activeness_factor
        self.member_activeness = activeness
        self._set_embedded_flags()

    def _start_reform(self) -> None:
        """Give the levers their scenario values from this week on (see :meth:`_hold_reform`)."""
        self.p = self.reform_parameters
        self.building_has_party_group, self.actor_embedded, self.member_activeness = self._reform_state
        self._set_embedded_flags()

    def _set_embedded_flags(self) -> None:
        for agent in (*self.firm_of_compound, *self.committee_of_compound.values(), *self.organisations):
            agent.embedded = bool(self.actor_embedded[agent.actor_id])

    def _assign_embedded_posts(self) -> None:
        """Name the Party member who holds each embedded post (交叉任职, S4 §1).

        A firm's or committee's post goes to a resident member of its compound when one is free,
        otherwise to any free member (resident or in-service); an organisation's to any free
        member. ``member_post[m]`` is the actor id of member m's post, or -1.
        """
        self.member_post = np.full(len(self.member_building), -1)
        member_compound = np.full(len(self.member_building), -1)
        resident = self.member_household >= 0
        member_compound[resident] = self.households.compound[self.member_household[resident]]
        for actor in np.flatnonzero(self.actor_embedded):
            free = self.member_post < 0
            local = free & (member_compound == self.actor_compound[actor])
            pool = np.flatnonzero(local if local.any() and self.actor_compound[actor] >= 0 else free)
            if len(pool):
                self.member_post[self.rng.choice(pool)] = actor

    def _actor_incomes(self) -> np.ndarray:
        p = self.p
        income = np.zeros(len(self.actor_kind))
        income[0] = self.core.weekly_income()
        for firm in self.firm_of_compound:
            income[firm.actor_id] = firm.weekly_income()
        for c, committee in self.committee_of_compound.items():
            income[committee.actor_id] = p.maintenance_fund_per_1000 * self.households_per_compound[c] / 1000
        for org in self.organisations:
            income[org.actor_id] = p.social_org_funding
        return income

    # ================================================================== the step
    def step(self) -> None:
        t = self.steps
        if self.p is not self.reform_parameters and t >= self.reform_parameters.reform_start_week:
            self._start_reform()
        p = self.p
        in_shock = p.shock_week > 0 and p.shock_week <= t < p.shock_week + p.shock_duration_weeks
        self.capacity_factor = 1 - p.shock_capacity_loss if in_shock else 1.0
        self.counts.update(arisen_step=0, reported_step=0, resolved_step=0)

        self._problems_arise(t)
        core_capacity = self._report_and_patrol(t)
        self._reach_out(t)
        self._participate(t)
        core_capacity = self._dispatch(t, core_capacity)
        self._coordinate(t)
        self._fund()
        self._work(t, core_capacity)
        self._feedback(t)
        self._update_organisations()
        self._measure()
        self.datacollector.collect(self)
        if p.agent_data_interval_steps and t % p.agent_data_interval_steps == 0:
            self._record_agents(t)

    # ------------------------------------------------------------------ 1. problems arise
    def _problems_arise(self, t: int) -> None:
        """Poisson arrivals per household and category (DESIGN §5.1).

        Repairs and major works are scaled by the compound's condition multiplier (older stock
        breaks more), so complaints concentrate. A shock (S5 §1) adds a burst of problems in the
        compound in worst condition in its first week (capacity cuts are in ``capacity_factor``).
        """
        p, h, rng = self.p, self.households, self.rng
        condition = self.compound_condition[h.compound]
        total_condition = condition.sum()
        household_parts, category_parts = [], []
        for category, share in enumerate(p.category_shares):
            if share == 0:
                continue
            physical = category in PHYSICAL
            mass = total_condition if physical else h.count
            n = rng.poisson(p.problem_rate_per_household_week * share * mass)
            if n == 0:
                continue
            who = rng.choice(h.count, n, p=condition / total_condition) if physical else rng.integers(0, h.count, n)
            household_parts.append(who)
            category_parts.append(np.full(n, category, dtype=np.int8))
        if p.shock_week > 0 and t == p.shock_week:
            target = int(np.argmax(self.compound_condition * (self.households_per_compound > 0)))
            residents = np.flatnonzero(h.compound == target)
            n = rng.poisson(p.shock_problems_per_household * len(residents))
            household_parts.append(rng.choice(residents, n))
            category_parts.append(rng.choice(len(CATEGORY_KEYS), n, p=p.category_shares).astype(np.int8))
        if not household_parts:
            return
        who = np.concatenate(household_parts)
        category = np.concatenate(category_parts)
        n = len(who)
        sigma = p.problem_size_sigma
        size = rng.lognormal(-sigma**2 / 2, sigma, (2, n))  # mean-one multipliers
        self.problems.add(
            category=category,
            household=who,
            building=h.building[who],
            compound=h.compound[who],
            effort_needed=p.category_effort[category] * size[0],
            money_needed=p.category_cost[category] * size[1],
            arisen_step=np.full(n, t),
            patience_weeks=h.patience_weeks[who],
        )
        self.counts["arisen"] += n
        self.counts["arisen_step"] = n
        self.arisen_by_category += np.bincount(category, minlength=len(CATEGORY_KEYS))

    # ------------------------------------------------------------------ 2. reporting and patrols
    def _report_and_patrol(self, t: int) -> float:
        """Residents report open problems; grid patrols discover unreported ones (DESIGN §5.2).

        Reporting probability: :func:`sim.model.households.report_probability`. Patrols discover each
        unreported problem with probability patrol_intensity x p_patrol_discovery, scaled down
        when the core lacks the capacity to patrol (S3 §3.2, S4 §1, S5 §1). Patrol effort and
        the paperwork of last week's hotline complaints come out of the core's capacity first.
        Returns the core's capacity left for dispatch and its own work.
        """
        p, h, book, rng = self.p, self.households, self.problems, self.rng
        capacity = self.core.effective_capacity()
        self.core_capacity_week = capacity
        paperwork = min(capacity, self.pending_paperwork)
        capacity -= paperwork
        self.pending_paperwork = 0.0
        patrol_cost = p.patrol_intensity * p.patrol_effort_per_1000 * h.count / 1000
        patrol_done = min(1.0, capacity / patrol_cost) if patrol_cost > 0 else 1.0
        capacity -= patrol_cost * patrol_done

        unknown = book.open_ids[book.known_step[book.open_ids] == NOT_YET]
        who = book.household[unknown]
        reported = rng.random(len(unknown)) < report_probability(h, p, who)
        ids = unknown[reported]
        book.known_step[ids] = t
        book.reported_by_resident[ids] = True
        reporters = who[reported]
        first = (h.reports_made[reporters] == 0) & (h.first_report_problem[reporters] < 0)
        h.first_report_problem[reporters[first]] = ids[first]
        h.reports_made += np.bincount(reporters, minlength=h.count).astype(np.int32)
        self.counts["reported"] += len(ids)
        self.counts["reported_step"] = len(ids)

        still_unknown = unknown[~reported]
        # Grid zones (网格) larger than one grid worker's beat are patrolled more thinly.
        coverage = np.minimum(1.0, p.grid_worker_households / self.households_per_zone[h.zone[book.household[still_unknown]]])
        p_discover = p.patrol_intensity * p.p_patrol_discovery * patrol_done * self.capacity_factor * coverage
        found = still_unknown[rng.random(len(still_unknown)) < p_discover]
        self._discover(found, t)
        return max(0.0, capacity)

    def _discover(self, ids: np.ndarray, t: int) -> None:
        self.problems.known_step[ids] = t
        self.counts["discovered"] += len(ids)

    # ------------------------------------------------------------------ 3. Party members and organisations act
    def _reach_out(self, t: int) -> None:
        """Party members visit households in their building; organisations run activities.

        A member visits Poisson(visits_per_member_week x activeness x (1 - formalism)) random
        households of their building (S4 §1: weekly building visits; S2 §1: formalism takes the
        time). A visit raises trust, mobilises the resident for a few weeks and discovers their
        unreported problems. Each social organisation's activities reach random households with
        the same trust and mobilisation effects (三社联动, S3 §3.2). Embedded members' brokerage
        inside organisations acts in :meth:`_coordinate` and in firms' supervision.
        """
        p, h, rng = self.p, self.households, self.rng
        rate = p.visits_per_member_week * self.member_activeness * (1 - p.formalism) * self.capacity_factor
        visits = rng.poisson(rate)
        building = np.repeat(self.member_building, visits)
        building = building[self.building_count[building] > 0]
        visited = self.building_start[building] + (rng.random(len(building)) * self.building_count[building]).astype(np.int64)
        reach = np.array([o.activity_reach() for o in self.organisations])
        touched = rng.integers(0, h.count, int(rng.poisson(reach.sum()))) if len(reach) else np.zeros(0, np.int64)

        visits_per_household = np.bincount(visited, minlength=h.count)
        visited_now = visits_per_household > 0
        h.last_visit_step[visited_now] = t
        h.trust = move_toward_one(h.trust, p.visit_trust_gain, visits_per_household)
        touches = np.bincount(touched, minlength=h.count)
        h.trust = move_toward_one(h.trust, p.social_org_activity_trust_gain, touches)
        mobilised = visited_now | (touches > 0)
        h.mobilised_until[mobilised] = t + p.mobilisation_duration_weeks - 1

        book = self.problems
        unknown = book.open_ids[book.known_step[book.open_ids] == NOT_YET]
        self._discover(unknown[visited_now[book.household[unknown]]], t)

    # ------------------------------------------------------------------ 4. participation
    def _participate(self, t: int) -> None:
        """Residents decide whether to participate (DESIGN §5.4; rule in :mod:`sim.model.households`).

        Participants give volunteer effort to their building (scaled by their free time) and
        earn volunteer points when an incentive scheme runs (积分制, S1 §2.4); volunteering
        organisations add their capacity as organised volunteer effort, spread over buildings in
        proportion to participants (S5 §2: mutual-aid volunteer groups). Compound participation
        feeds owners' committees' legitimacy.
        """
        p, h = self.p, self.households
        h.participating = decide_participation(h, p, self.rng, t, self.building_responsiveness)
        h.volunteer_points += h.participating * p.volunteer_incentive
        effort = h.participating * h.time_availability * p.volunteer_effort_per_participant
        per_building = np.bincount(h.building, weights=effort, minlength=self.n_buildings)
        organised = sum(o.weekly_capacity() for o in self.organisations if o.domain == "volunteering")
        if organised > 0:
            participants = np.bincount(h.building, weights=h.participating, minlength=self.n_buildings)
            weights = participants if participants.sum() > 0 else (self.building_count > 0).astype(float)
            per_building += organised * weights / weights.sum()
        self.building_volunteer_effort = per_building
        self.volunteer_effort = float(per_building.sum())
        self.compound_participation = np.bincount(h.compound, weights=h.participating, minlength=self.n_compounds) / np.maximum(
            self.households_per_compound, 1
        )

    # ------------------------------------------------------------------ 5. dispatch
    def _dispatch(self, t: int, capacity: float) -> float:
        """The core assigns known problems to the responsible actor (派单, DESIGN §5.5).

        Escalated (hotline) problems first, then by the week they became known. Each costs
        dispatch effort (halved by the digital platform, S4 §3); the core stops when its
        effective capacity is spent (S1 §1.1, S3 §2.1: pushed-down tasks leave little).
        Repairs and major works go to the compound's firm; environment problems to the firm or,
        half the time, to an environment organisation; services to a care organisation and
        disputes to a mediation organisation, or to the core where there is none. Major works
        need every party's commitment and, without full empowerment, sub-district approval
        after approval_wait_weeks x (1 - empowerment) weeks (吹哨报到, S1, S4).
        Returns the core's capacity left for its own work.
        """
        p, book, rng = self.p, self.problems, self.rng
        open_ids = book.open_ids
        waiting = open_ids[(book.known_step[open_ids] != NOT_YET) & (book.dispatched_step[open_ids] == NOT_YET)]
        if len(waiting) == 0:
            return capacity
        waiting = waiting[np.lexsort((waiting, book.known_step[waiting], ~book.escalated[waiting]))]
        cost = p.dispatch_effort_per_problem * (0.5 if p.digital_platform else 1.0)
        # All fit, or as many as the capacity pays for (never divides into an overflow for tiny costs).
        n = len(waiting) if cost * len(waiting) <= capacity else int(capacity / cost + 1e-9)
        take = waiting[:n]
        capacity -= n * cost
        category = book.category[take]
        actor = self.firm_actor[book.compound[take]]
        for cat, domain in ((SERVICES, "care"), (DISPUTES, "mediation"), (ENVIRONMENT, "environment")):
            rows = np.flatnonzero(category == cat)
            orgs = self.orgs_by_domain[domain]
            if cat == ENVIRONMENT:
                rows = rows[rng.random(len(rows)) < 0.5] if len(orgs) else rows[:0]
            if len(rows) == 0:
                continue
            actor[rows] = orgs[rng.integers(0, len(orgs), len(rows))] if len(orgs) else CORE
        book.actor[take] = actor
        book.dispatched_step[take] = t
        cross = take[category == CROSS_ACTOR]
        wait = int(round(p.approval_wait_weeks * (1 - p.empowerment)))
        book.needs[cross] = ALL_PARTIES | (NEEDS_APPROVAL if wait > 0 else 0)
        book.approval_step[cross] = t + wait
        return capacity

    # ------------------------------------------------------------------ 6. coordination
    def _coordinate(self, t: int) -> None:
        """Cross-actor works move only when every party has committed (DESIGN §5.6).

        Without coordination each party commits independently with a low weekly probability
        (fragmentation, 碎片化, S1 §1.2). At a joint meeting (every meeting_interval_steps weeks,
        S1 §2.3) each party commits with p_commit_meeting. An embedded Party member adds
        embedded_commit_bonus to a firm's or committee's probability (S4 §1, 交叉任职); the
        core's rises with embedding (Party integration, 统合, S3 §3.2). Owners commit through
        their committee, scaled by its legitimacy, or, without one, through consent gathered by
        the core at consent_without_committee_factor. Sub-district approval arrives after its
        wait. The sub-district pays its share of the cost when a work is fully coordinated.
        """
        p, book, rng = self.p, self.problems, self.rng
        open_ids = book.open_ids
        pending = open_ids[(book.needs[open_ids] > 0) & (book.committed[open_ids] != book.needs[open_ids])]
        if len(pending) == 0:
            return
        meeting = p.meeting_interval_steps > 0 and t % p.meeting_interval_steps == 0
        compound = book.compound[pending]
        committee = self.committee_actor[compound]
        has_committee = committee >= 0
        legitimacy = np.array([c.legitimacy for c in self.committee_of_compound.values()])
        owners_weight = np.full(len(pending), p.consent_without_committee_factor)
        if has_committee.any():
            legitimacy_of_compound = np.zeros(self.n_compounds)
            legitimacy_of_compound[list(self.committee_of_compound)] = legitimacy
            owners_weight[has_committee] = 0.5 + 0.5 * legitimacy_of_compound[compound[has_committee]]
        committee_embedded = np.where(has_committee, self.actor_embedded[np.maximum(committee, 0)], False)
        firm_embedded = self.actor_embedded[self.firm_actor[compound]]
        independent = p.p_commit_independent
        chance = {
            NEEDS_COMMITTEE: np.clip(independent * owners_weight + p.embedded_commit_bonus * committee_embedded, 0, 1),
            NEEDS_FIRM: np.clip(independent + p.embedded_commit_bonus * firm_embedded, 0, 1),
            NEEDS_CORE: np.full(len(pending), min(1.0, independent + p.embedded_commit_bonus * p.embedding)),
        }
        if meeting:
            chance[NEEDS_COMMITTEE] = np.maximum(chance[NEEDS_COMMITTEE], p.p_commit_meeting * owners_weight)
            chance[NEEDS_FIRM] = np.maximum(chance[NEEDS_FIRM], p.p_commit_meeting)
            chance[NEEDS_CORE] = np.maximum(chance[NEEDS_CORE], p.p_commit_meeting)
        committed = book.committed[pending]
        for bit, probability in chance.items():
            draw = rng.random(len(pending)) < probability * self.capacity_factor
            committed |= np.where((committed & bit == 0) & draw, bit, 0).astype(np.uint8)
        approved = (book.needs[pending] & NEEDS_APPROVAL > 0) & (t >= book.approval_step[pending])
        committed |= np.where(approved, NEEDS_APPROVAL, 0).astype(np.uint8)
        book.committed[pending] = committed
        done = pending[committed == book.needs[pending]]
        subsidy = book.money_needed[done] * p.subdistrict_funding_share * (1 - p.empowerment)
        book.money_funded[done] += subsidy
        self.money_spent += float(subsidy.sum())

    # ------------------------------------------------------------------ 7a. money
    def _fund(self) -> None:
        """Weekly incomes, contributions to the common fund, and funding of problems (DESIGN §5.7).

        Every actor puts pooling x its income into the common fund (a firm scaled by its fading
        commitment, S2 §1); unspent money beyond twelve weeks of income lapses. Problems are
        funded first from their own actor's budget (a major work: the committee's maintenance
        fund, then the core's budget), then from the common fund, which the core gives first to
        cross-actor works, oldest first (S1 §2.4, S5 §2).
        """
        p, book = self.p, self.problems
        income = self._actor_incomes()
        commitment = np.ones_like(income)
        for firm in self.firm_of_compound:
            commitment[firm.actor_id] = firm.pool_commitment
        contribution = p.pooling * income * commitment
        self.pool_balance += float(contribution.sum())
        self.pool_contributed = POOL_FLOW_MEMORY * self.pool_contributed + contribution
        self.pool_received *= POOL_FLOW_MEMORY
        self.actor_budget = np.minimum(self.actor_budget + income - contribution, BUDGET_CAP_WEEKS * income)

        open_ids = book.open_ids
        short = open_ids[
            (book.dispatched_step[open_ids] != NOT_YET)
            & (book.money_funded[open_ids] < book.money_needed[open_ids] - 1e-9)
            & (book.committed[open_ids] == book.needs[open_ids])
        ]
        if len(short) == 0:
            return
        short = short[np.lexsort((short, book.known_step[short], ~book.escalated[short]))]
        cross = book.category[short] == CROSS_ACTOR
        # Own actor's budget (non-cross problems).
        self._pay_from_budgets(short[~cross], book.actor[short[~cross]])
        # Major works: the committee's maintenance fund, then the core.
        major = short[cross]
        with_committee = major[self.committee_actor[book.compound[major]] >= 0]
        self._pay_from_budgets(with_committee, self.committee_actor[book.compound[with_committee]])
        self._pay_from_budgets(major, np.zeros(len(major), dtype=np.int64))
        # The common fund: cross-actor works first, then the rest, oldest first.
        still = short[book.money_funded[short] < book.money_needed[short] - 1e-9]
        if len(still) and self.pool_balance > 0:
            still = still[np.argsort(book.category[still] != CROSS_ACTOR, kind="stable")]
            need = book.money_needed[still] - book.money_funded[still]
            grant = serve_in_order(np.zeros(len(still), dtype=np.int64), need, np.array([self.pool_balance]))
            book.money_funded[still] += grant
            book.pool_money[still] += grant
            self.pool_balance = max(0.0, self.pool_balance - float(grant.sum()))
            self.pool_received += np.bincount(book.actor[still], weights=grant, minlength=len(self.actor_budget))
            self.money_spent += float(grant.sum())

    def _pay_from_budgets(self, ids: np.ndarray, payers: np.ndarray) -> None:
        """Fund problems (in the given priority order) from each payer's budget."""
        if len(ids) == 0:
            return
        book = self.problems
        order = np.argsort(payers, kind="stable")
        ids, payers = ids[order], payers[order]
        need = np.maximum(book.money_needed[ids] - book.money_funded[ids], 0)
        grant = serve_in_order(payers, need, np.maximum(self.actor_budget, 0))
        book.money_funded[ids] += grant
        self.actor_budget -= np.bincount(payers, weights=grant, minlength=len(self.actor_budget))
        self.money_spent += float(grant.sum())

    # ------------------------------------------------------------------ 7b. effort
    def _work(self, t: int, core_capacity: float) -> None:
        """Volunteers, then actors, spend their weekly effort on problems (DESIGN §5.7).

        Volunteers of a building resolve its small environment, service and dispute problems,
        known or not, oldest first (S1 §2.4, S5 §2). Each actor then spends its capacity on its
        funded, coordinated problems, hotline complaints first, then oldest known. Major
        cross-actor works are built by contractors at contractor_effort_per_week once funded and
        coordinated (deviation: DESIGN has the firm do them; see ODD §5). A firm's
        capacity falls with profit pressure and rises with supervision
        (:meth:`sim.model.agents.PropertyFirm.weekly_capacity`); unused capacity is not carried over.
        """
        p, book = self.p, self.problems
        open_ids = book.open_ids
        simple = open_ids[
            np.isin(book.category[open_ids], VOLUNTEER_CATEGORIES)
            & (book.effort_needed[open_ids] <= p.simple_problem_effort_max)
        ]
        resolved_parts = []
        if len(simple) and self.volunteer_effort > 0:
            simple = simple[np.lexsort((simple, book.building[simple]))]
            remaining = book.effort_needed[simple] - book.effort_done[simple]
            grant = serve_in_order(book.building[simple], remaining, self.building_volunteer_effort)
            book.effort_done[simple] += grant
            done = simple[book.effort_done[simple] >= book.effort_needed[simple] - 1e-9]
            resolved_parts.append(done)
            book.close(done, t, BY_VOLUNTEERS)
            open_ids = book.open_ids

        capacity = np.zeros(len(self.actor_budget))
        capacity[0] = core_capacity
        for firm in self.firm_of_compound:
            capacity[firm.actor_id] = firm.weekly_capacity()
        for org in self.organisations:
            capacity[org.actor_id] = 0.0 if org.domain == "volunteering" else org.weekly_capacity()
        self.actor_capacity = capacity
        ready = open_ids[
            (book.dispatched_step[open_ids] != NOT_YET)
            & (book.money_funded[open_ids] >= book.money_needed[open_ids] - 1e-9)
            & (book.committed[open_ids] == book.needs[open_ids])
        ]
        if len(ready):
            # Major works are built by contractors paid from the work's money, at a fixed pace;
            # the firm's commitment (site management) is required but its staff are not drawn.
            major = book.category[ready] == CROSS_ACTOR
            works = ready[major]
            book.effort_done[works] += np.minimum(
                book.effort_needed[works] - book.effort_done[works], p.contractor_effort_per_week * self.capacity_factor
            )
            ready = ready[~major]
            ready = ready[np.lexsort((ready, book.known_step[ready], ~book.escalated[ready], book.actor[ready]))]
            remaining = book.effort_needed[ready] - book.effort_done[ready]
            grant = serve_in_order(book.actor[ready], remaining, capacity)
            book.effort_done[ready] += grant
            ready = np.concatenate([works, ready])
            done = ready[book.effort_done[ready] >= book.effort_needed[ready] - 1e-9]
            kind = self.actor_kind[book.actor[done]]
            by = np.select([kind == CORE, kind == FIRM], [BY_CORE, BY_FIRM], BY_ORGANISATION)
            book.close(done, t, by)
            resolved_parts.append(done)
        self.resolved_now = np.concatenate(resolved_parts) if resolved_parts else np.zeros(0, np.int64)

    # ------------------------------------------------------------------ 8. feedback
    def _feedback(self, t: int) -> None:
        """Residents learn from what happens to their problems (DESIGN §5.8).

        A resolved problem raises its household's efficacy, trust and satisfaction (fully if the
        household reported it, half if it was found for them): responsiveness breeds reporting
        (Sjoberg, Mellon & Peixoto 2017). Neighbours in the building gain a little efficacy
        from visible responsiveness. A problem that outlasts its household's patience lowers
        efficacy, trust and satisfaction once and may be escalated to the hotline, which makes
        it known, gives it priority and costs the core paperwork next week (S2 §1: 痕迹化). A household
        gives up on a neglected problem on which no work has started with probability
        p_give_up_week a week; major cross-actor works are the compound's collective agenda and
        are never given up (it leaves the
        backlog unresolved; deviation from DESIGN, which has no exit, see ODD). Trust
        decays toward its floor in households no Party member visited in the last four weeks
        (悬浮化, 上热下冷, S1 §1.3).
        """
        p, h, book, rng = self.p, self.households, self.problems, self.rng
        resolved = self.resolved_now
        n = h.count
        if len(resolved):
            self._record_resolutions(resolved, t)
            who = book.household[resolved]
            # Full weight for a timely answer to one's own report; half if found for them;
            # half again if the answer came only after the resident's patience ran out.
            weight = np.where(book.reported_by_resident[resolved], 1.0, 0.5) * np.where(book.neglected[resolved], 0.5, 1.0)
            times = np.bincount(who, weights=weight, minlength=n)
            h.efficacy = move_toward_one(h.efficacy, p.efficacy_gain_on_response, times)
            h.trust = move_toward_one(h.trust, p.trust_gain_on_response, times)
            h.satisfaction = move_toward_one(h.satisfaction, p.satisfaction_weight, np.bincount(who, minlength=n))
            first = h.first_report_problem[who] == resolved
            h.first_report_outcome[who[first & (h.first_report_outcome[who] == 0)]] = 1
            per_building = np.bincount(book.building[resolved], minlength=self.n_buildings)
            share = per_building / np.maximum(self.building_count, 1)
            h.efficacy = move_toward_one(h.efficacy, np.minimum(1.0, p.responsiveness_spillover * share[h.building]))
        else:
            per_building = np.zeros(self.n_buildings)

        open_ids = book.open_ids
        late = open_ids[~book.neglected[open_ids] & (t - book.arisen_step[open_ids] >= book.patience_weeks[open_ids])]
        if len(late):
            book.neglected[late] = True
            who = book.household[late]
            times = np.bincount(who, minlength=n)
            h.efficacy = move_toward_zero(h.efficacy, p.efficacy_loss_on_neglect, times)
            h.trust = move_toward_zero(h.trust, p.trust_loss_on_neglect, times)
            h.satisfaction = move_toward_zero(h.satisfaction, p.satisfaction_weight, times)
            first = h.first_report_problem[who] == late
            h.first_report_outcome[who[first & (h.first_report_outcome[who] == 0)]] = 2
            escalated = late[rng.random(len(late)) < p.p_hotline_escalation]
            book.escalated[escalated] = True
            unknown = escalated[book.known_step[escalated] == NOT_YET]
            self._discover(unknown, t)
            self.complaints += np.bincount(book.compound[escalated], minlength=self.n_compounds)
            prop = escalated[np.isin(book.category[escalated], PROPERTY_COMPLAINTS)]
            self.property_complaints += np.bincount(book.compound[prop], minlength=self.n_compounds)
            self.pending_paperwork += p.hotline_handling_effort * len(escalated)

        open_ids = book.open_ids
        untouched = (book.effort_done[open_ids] == 0) & (book.category[open_ids] != CROSS_ACTOR)
        neglected = open_ids[book.neglected[open_ids] & untouched]
        given_up = neglected[rng.random(len(neglected)) < p.p_give_up_week]
        book.withdraw(given_up, t)
        self.counts["withdrawn"] += len(given_up)

        unvisited = t - h.last_visit_step >= VISIT_MEMORY_WEEKS
        h.trust = np.where(unvisited, h.trust - p.trust_decay_week * (h.trust - p.trust_floor), h.trust)

        open_per_building = np.bincount(book.building[book.open_ids], minlength=self.n_buildings)
        self.building_responsiveness = per_building / np.maximum(per_building + open_per_building, 1)

    def _record_resolutions(self, resolved: np.ndarray, t: int) -> None:
        book = self.problems
        weeks = t - book.arisen_step[resolved]
        if weeks.max() >= len(self.weeks_to_resolution_counts):
            grown = np.zeros(max(int(weeks.max()) + 1, 2 * len(self.weeks_to_resolution_counts)), dtype=np.int64)
            grown[: len(self.weeks_to_resolution_counts)] = self.weeks_to_resolution_counts
            self.weeks_to_resolution_counts = grown
        self.weeks_to_resolution_counts += np.bincount(weeks, minlength=len(self.weeks_to_resolution_counts))
        self.counts["resolved"] += len(resolved)
        self.counts["resolved_step"] = len(resolved)
        self.resolved_by_category += np.bincount(book.category[resolved], minlength=len(CATEGORY_KEYS))
        self.money_of_resolved += float(book.money_funded[resolved].sum())

    # ------------------------------------------------------------------ organisations' weekly update
    def _update_organisations(self) -> None:
        h = self.households
        weights = np.maximum(self.households_per_compound, 1)
        self._compound_satisfaction = np.bincount(h.compound, weights=h.satisfaction, minlength=self.n_compounds) / weights
        willingness = (0.4 + 0.6 * h.satisfaction) * np.where(h.low_income, 0.8, 1.0)
        self._compound_pay_rate = np.bincount(h.compound, weights=willingness, minlength=self.n_compounds) / weights
        self.agents_by_type[PropertyFirm].do("update_standing")
        if OwnersCommittee in self.agents_by_type:
            self.agents_by_type[OwnersCommittee].do("update_standing")

    def compound_satisfaction_and_payment(self, compound: int) -> tuple[float, float]:
        """Mean satisfaction of a compound and the share of fees its households pay."""
        return float(self._compound_satisfaction[compound]), float(self._compound_pay_rate[compound])

    def pool_flows(self, actor_id: int) -> tuple[float, float]:
        """Recent (decayed) contributions of an actor to the pool and pool money it received."""
        return float(self.pool_contributed[actor_id]), float(self.pool_received[actor_id])

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
        t = self.steps
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
        rates = {
            f"resolution_rate_{key}": ratio(self.resolved_by_category[i], self.arisen_by_category[i])
            for i, key in enumerate(CATEGORY_KEYS)
        }
        self.outcomes = {
            "participation_rate": share(participating),
            "participation_rate_young": share(participating, h.age_group == YOUNG),
            "participation_rate_working": share(participating, h.age_group == WORKING),
            "participation_rate_retired": share(participating, h.age_group == RETIRED),
            "participation_rate_party": share(participating, h.party),
            "participation_rate_non_party": share(participating, ~h.party),
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
        }
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

    def open_problems_per_household(self) -> np.ndarray:
        book = self.problems
        return np.bincount(book.household[book.open_ids], minlength=self.households.count)

    def problem_table(self) -> pd.DataFrame:
        """All problems so far, one row each (for analysis and validation)."""
        book = self.problems
        table = pd.DataFrame({name: book.column(name) for name in ProblemBook._COLUMNS})
        table["category"] = pd.Categorical.from_codes(table["category"], CATEGORY_KEYS)
        return table
