"""Shocks, run settings and output (DESIGN §3, §5.1, S5).

Each field is one registry entry (see :func:`sim.parameters.declare.parameter`); sources as in
:mod:`sim.parameters`.
"""

from __future__ import annotations

from sim.parameters.declare import OUTPUT, ParameterFields, acts, parameter


class RunParameters(ParameterFields):
    """Shocks, run settings and output (DESIGN §3, §5.1, S5)."""

    # ----------------------------------------------------------------- shock
    shock_week: int = parameter(
        0, ge=0, le=1040, group="shock", unit="week",
        zh="冲击发生周", en="Shock week",
        meaning="Week of a shock (flood, epidemic, fire) in the compound in worst condition; 0 means no shock.",
        source="S5 §1",
        acts_on=acts("backlog", "problems_arisen", context="resilience_shock", weeks=78, values=(0, 26)),
    )
    shock_duration_weeks: int = parameter(
        8, ge=1, le=104, group="shock", unit="weeks",
        zh="冲击持续周数", en="Shock duration",
        meaning="Weeks during which actors' capacity is cut by the shock.",
        source="S5 §1",
        acts_on=acts("backlog", "resolution_rate", context="resilience_shock", weeks=78),
    )
    shock_problems_per_household: float = parameter(
        0.3, ge=0, le=5, group="shock", unit="problems/household",
        zh="冲击新增问题", en="Problems per household in a shock",
        meaning="Burst of problems per household in the hit compound in the shock week.",
        source="S5 §1",
        acts_on=acts("backlog", "problems_arisen", context="resilience_shock", weeks=78),
    )
    shock_capacity_loss: float = parameter(
        0.4, ge=0, le=0.95, group="shock", unit="share",
        zh="冲击能力损失", en="Capacity loss in a shock",
        meaning="Share of every actor's capacity lost while the shock lasts.",
        source="S5 §1",
        acts_on=acts("backlog", "resolution_rate", context="resilience_shock", weeks=78),
    )
    recovery_counts_given_up: bool = parameter(
        False, group="shock",
        zh="恢复计入放弃的问题", en="Recovery counts given-up problems",
        meaning="When on, problems residents gave up count as unmet need in the recovery measure, so a backlog that shrinks only because residents gave up does not count as recovery.",
        source="assumption",
        acts_on=acts("recovery_weeks", context="resilience_shock_co_governance", weeks=156),
    )
    recovery_tolerance: float = parameter(
        0.2, ge=0, le=1, group="shock", unit="share",
        zh="恢复判定容差", en="Recovery tolerance",
        meaning="The community counts as recovered when unmet need's excess over its pre-shock level has fallen to this share of its peak.",
        source="assumption (time to recover most of the loss)",
        acts_on=acts("recovery_weeks", context="resilience_shock_co_governance"),
    )
    recovery_baseline_weeks: int = parameter(
        8, ge=1, le=104, group="shock", unit="weeks",
        zh="冲击前基准周数", en="Pre-shock baseline",
        meaning="Weeks before the shock over which unmet need is averaged as the level the community must return to (recovery_weeks).",
        source="S5 §1 (recovery is a return to normal operation); assumption (length). A measurement setting: it defines the level recovery_weeks returns to and changes nothing that happens; after the burn-in the pre-shock level is stationary, so the averaging length moves the measure by noise only (docs/ODD.md §6.0)",
        acts_on=OUTPUT,
    )

    # ----------------------------------------------------------------- run
    burn_in_weeks: int = parameter(
        520, ge=0, le=1040, group="run", unit="weeks",
        zh="预热周数", en="Burn-in",
        meaning="Weeks the community runs under the status quo before week 0, so that every run starts from a settled community; the scenario's levers, its reform and any shock act after it. Its weeks are not in the time series, but windowed outcomes at the start read them.",
        source="DESIGN §3, §11 (the status quo settles); default: docs/ODD.md §3.2",
        acts_on=acts("mean_efficacy", "participation_rate", "backlog", weeks=4, values=(0, 104)),
    )
    outcome_window_weeks: int = parameter(
        52, ge=1, le=520, group="run", unit="weeks",
        zh="统计窗口周数", en="Outcome window",
        meaning="Headline rates (resolution, participation, reporting, complaints, weeks to resolution) are measured over the last this many weeks, so that no result depends on how long a run happened to be.",
        source="DESIGN §11; assumption (one year)",
        acts_on=acts("resolution_rate", "participation_rate", context="co_governance", weeks=52, values=(4, 52)),
    )

    # ----------------------------------------------------------------- output
    agent_data_interval_steps: int = parameter(
        0, ge=0, le=1040, group="output", unit="weeks",
        zh="个体数据采样间隔", en="Agent data interval",
        meaning="Record residents' state every this many weeks (0: never), kept apart from model-level data.",
        source="—",
        acts_on=OUTPUT,
    )
