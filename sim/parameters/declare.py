"""How a registry entry is declared: groups, ``parameter()``, liveness declarations (``acts``).

Every field of :class:`sim.parameters.Parameters` is made with :func:`parameter`, which records
its type (from the annotation), default, bounds, unit, Chinese and English label, meaning,
source, what it acts on (:class:`ActsOn`, checked by the liveness test) and, for calibrated
parameters, its prior. The field classes of the submodules derive from :class:`ParameterFields`.
"""


from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sim.vocabulary import GROUPS, PARTICIPATION_RULES  # noqa: F401  (re-exported; kept there for the light `cogov --help`)


@dataclass(frozen=True)
class ActsOn:
    """What a parameter must move, and where: the declaration the liveness test checks.

    ``outcomes`` are columns of :data:`sim.model.outcomes.OUTCOMES`; moving any one of them
    beyond the noise of paired replicates counts. The context is a shipped scenario plus
    ``overrides`` (the liveness test runs it on a small community, see
    :data:`LIVENESS_COMMUNITY`, for ``weeks`` weeks). ``test_values`` replaces the parameter's
    bounds where a bound is degenerate, impossible or needlessly expensive; ``balance`` names a
    parameter that absorbs the change so that shares which must add up to 1 stay composable.
    ``output`` marks a pure output setting that moves no outcome by design.
    """

    outcomes: tuple[str, ...] = ()
    context: str = "baseline"
    overrides: tuple[tuple[str, Any], ...] = ()
    test_values: tuple[Any, Any] | None = None
    balance: str | None = None
    weeks: int = 104
    output: bool = False

    def settings(self) -> dict[str, Any]:
        """The context's overrides (on top of :data:`LIVENESS_COMMUNITY`) as a dictionary."""
        return {**LIVENESS_COMMUNITY, **dict(self.overrides)}

    def describe(self) -> str:
        """One line for tables: ``outcome, outcome @ scenario (key=value, ...)``."""
        if self.output:
            return "output setting"
        where = self.context
        extras = [f"{k}={v}" for k, v in self.overrides]
        if self.test_values is not None:
            extras.append(f"test {self.test_values[0]} vs {self.test_values[1]}")
        if self.balance:
            extras.append(f"balanced by {self.balance}")
        if self.weeks != ActsOn.weeks:
            extras.append(f"{self.weeks} weeks")
        if extras:
            where += " (" + ", ".join(extras) + ")"
        return f"{', '.join(self.outcomes)} @ {where}"

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (for ``cogov params --format json`` and pydantic's schema)."""
        return {
            "outcomes": list(self.outcomes),
            "context": self.context,
            "overrides": dict(self.overrides),
            "test_values": list(self.test_values) if self.test_values is not None else None,
            "balance": self.balance,
            "weeks": self.weeks,
            "output": self.output,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActsOn:
        values = data.get("test_values")
        return cls(
            outcomes=tuple(data.get("outcomes", ())),
            context=data.get("context", "baseline"),
            overrides=tuple(sorted(data.get("overrides", {}).items())),
            test_values=tuple(values) if values is not None else None,
            balance=data.get("balance"),
            weeks=data.get("weeks", 104),
            output=data.get("output", False),
        )


#: Overrides of a community short of money (core budget a sixth of the default, firms' fee income a
#: third), the context in which money must bind for the parameters of money to show that they act.
SHORT_OF_MONEY: dict[str, Any] = {"core_budget_per_1000": 0.5, "fee_income_per_1000": 10.0}
"""At the defaults the status quo funds every major work its actors agree on: works stall on
commitment, not on money (docs/ODD.md §6.0), so pooling, funding that follows tasks and the other
money parameters act only where budgets are tight. Their liveness declarations say so."""

#: The community every liveness check runs on, unless its context overrides it: small and fast.
LIVENESS_COMMUNITY: dict[str, Any] = {"width": 20, "height": 20, "burn_in_weeks": 52}
"""A year of burn-in is enough for a small community to leave its initial state; the default
community's institutions are checked after the full burn-in in tests/validation/test_status_quo.py."""


def acts(
    *outcomes: str,
    context: str = "baseline",
    set: dict[str, Any] | None = None,  # noqa: A002 - reads as the CLI's --set
    values: tuple[Any, Any] | None = None,
    balance: str | None = None,
    weeks: int = 104,
) -> ActsOn:
    """Declare that a parameter must move one of ``outcomes`` in ``context`` with overrides ``set``."""
    if not outcomes:
        raise ValueError("acts() needs at least one outcome")
    return ActsOn(
        outcomes=tuple(outcomes),
        context=context,
        overrides=tuple(sorted((set or {}).items())),
        test_values=tuple(values) if values is not None else None,
        balance=balance,
        weeks=weeks,
    )


#: A pure output setting: it changes what is recorded, never what happens.
OUTPUT = ActsOn(context="", output=True)


def parameter(
    default: Any,
    *,
    group: str,
    zh: str,
    en: str,
    meaning: str,
    source: str,
    unit: str = "",
    ge: float | None = None,
    le: float | None = None,
    acts_on: ActsOn | None = None,
    prior: tuple[float, float] | None = None,
    prior_basis: str = "",
) -> Any:
    """Declare one registry entry (a pydantic ``Field`` with the registry's metadata).

    ``prior`` marks an uncertain behavioural parameter that ``cogov calibrate`` estimates: the
    range (inside ``ge``..``le``) over which its uniform prior runs, with ``prior_basis`` saying
    why that range is plausible. The bounds ``ge``/``le`` say what the model accepts; the prior
    says what anyone believes.
    """
    if group not in GROUPS:
        raise ValueError(f"unknown parameter group {group!r}")
    if prior is not None and not (prior_basis and prior[0] < prior[1]
                                  and (ge is None or prior[0] >= ge) and (le is None or prior[1] <= le)):
        raise ValueError(f"prior {prior} must be an increasing pair inside the bounds, with a stated basis")
    return Field(
        default,
        ge=ge,
        le=le,
        description=meaning,
        json_schema_extra={
            "group": group,
            "label_zh": zh,
            "label_en": en,
            "unit": unit,
            "source": source,
            "acts_on": acts_on.as_dict() if acts_on is not None else None,
            "prior": list(prior) if prior is not None else None,
            "prior_basis": prior_basis,
        },
    )


class ParameterFields(BaseModel):
    """Base of the field classes: unknown keys refused, strict types, frozen, defaults validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, validate_default=True, defer_build=True)


#: Problem categories in their fixed order (index = category code).
CATEGORY_KEYS = ("repair", "environment", "services", "disputes", "cross_actor")
EVERYDAY_KEYS = CATEGORY_KEYS[:4]  # everyday problems; major cross-actor works arise at their own rate
CATEGORY_LABELS = {
    "repair": ("物业维修", "Property repairs"),
    "environment": ("环境卫生", "Environment and sanitation"),
    "services": ("养老托育服务", "Services for the old and young"),
    "disputes": ("邻里纠纷", "Neighbour disputes"),
    "cross_actor": ("跨主体事项", "Major cross-actor works"),
}
