"""Choices that override an actor's simulated decision for one week (pure data and validation).

A classroom (or any other caller) fills a :class:`WeekDecisions` and sets
``model.decisions`` before ``model.step()``; the mechanisms read the choice of an actor that has
one and simulate the others. ``None`` in any field means "let the simulation decide". Ids are
the model's own: household index, member index (order of ``model.member_household``), compound
index for firms and owners' committees, actor id for social organisations.

The same shape records what was actually decided: for the actors listed in ``model.watch`` the
step writes its decisions (simulated or chosen) into ``model.taken``. Feeding ``taken`` back as
``decisions`` on the same seed reproduces the run.

This module holds no mechanism code; :meth:`WeekDecisions.validate` checks ids and values
against a built model and raises :class:`ValueError` with a message naming the actor, the value
and what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from sim.model.agents import DOMAINS
from sim.parameters import CATEGORY_KEYS

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


@dataclass(frozen=True)
class ResidentChoice:
    """One household's week: report its open problems, take part in the week's activity, volunteer."""

    report: bool | None = None
    participate: bool | None = None
    volunteer: bool | None = None


@dataclass(frozen=True)
class MemberChoice:
    """A Party member's week: which households of their building to visit, whether to attend the joint meeting."""

    visit: tuple[int, ...] | None = None
    attend_meeting: bool | None = None


@dataclass(frozen=True)
class FirmChoice:
    """A property firm's week: share of its capacity put into residents' problems, joining the common fund."""

    effort: float | None = None
    join_pool: bool | None = None


@dataclass(frozen=True)
class CommitteeChoice:
    """An owners' committee's week: approve major works / release the maintenance fund, supervise the firm."""

    approve_works: bool | None = None
    supervise: bool | None = None


@dataclass(frozen=True)
class OrganisationChoice:
    """A social organisation's week: the domain it serves (one of :data:`DOMAINS`)."""

    domain: str | None = None


@dataclass(frozen=True)
class CoreChoice:
    """The community core's week: which category it dispatches first, the joint meeting, the pool's priority.

    ``dispatch_priority`` None means oldest first; ``pool_priority`` None means the simulated
    default (cross-actor works first).
    """

    dispatch_priority: str | None = None
    hold_meeting: bool | None = None
    pool_priority: str | None = None


CHOICE_TYPES = {
    "residents": ResidentChoice,
    "members": MemberChoice,
    "firms": FirmChoice,
    "committees": CommitteeChoice,
    "organisations": OrganisationChoice,
}


@dataclass
class WeekDecisions:
    """Every overridden choice for one week, by kind of actor and id."""

    residents: dict[int, ResidentChoice] = field(default_factory=dict)
    members: dict[int, MemberChoice] = field(default_factory=dict)
    firms: dict[int, FirmChoice] = field(default_factory=dict)
    committees: dict[int, CommitteeChoice] = field(default_factory=dict)
    organisations: dict[int, OrganisationChoice] = field(default_factory=dict)
    core: CoreChoice | None = None

    def is_empty(self) -> bool:
        """True when no actor has a choice that differs from "let the simulation decide"."""
        if self.core is not None and not _all_none(self.core):
            return False
        return all(_all_none(choice) for kind in CHOICE_TYPES for choice in getattr(self, kind).values())

    # ------------------------------------------------------------------ validation
    def validate(self, model: CoGovernanceModel) -> None:
        """Check ids and values against ``model``; raise ValueError naming the first few problems."""
        problems = self.problems(model)
        if problems:
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise ValueError("invalid week decisions: " + "; ".join(problems[:5]) + more)

    def problems(self, model: CoGovernanceModel) -> list[str]:
        """Every problem with these decisions for ``model`` (empty when valid)."""
        problems: list[str] = []
        for kind, choice_type in CHOICE_TYPES.items():
            table = getattr(self, kind)
            if not isinstance(table, dict):
                problems.append(f"{kind} must be a dict of id -> {choice_type.__name__}; got {type(table).__name__}")
                continue
            for key, choice in table.items():
                if not isinstance(choice, choice_type):
                    problems.append(f"{kind}[{key!r}] must be a {choice_type.__name__}; got {type(choice).__name__}")
                    continue
                problems += _CHECKS[kind](model, key, choice)
        if self.core is not None:
            if not isinstance(self.core, CoreChoice):
                problems.append(f"core must be a CoreChoice or None; got {type(self.core).__name__}")
            else:
                problems += _check_core(self.core)
        return problems

    # ------------------------------------------------------------------ plain-data form
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (ids as strings, tuples as lists); :meth:`from_dict` reads it back."""
        out: dict[str, Any] = {}
        for kind in CHOICE_TYPES:
            out[kind] = {str(k): _plain(asdict(v)) for k, v in getattr(self, kind).items()}
        out["core"] = None if self.core is None else asdict(self.core)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WeekDecisions:
        """Build from :meth:`to_dict`'s form; unknown fields raise ValueError."""
        unknown = set(data) - set(CHOICE_TYPES) - {"core"}
        if unknown:
            raise ValueError(f"week decisions: unknown kind(s) {sorted(unknown)}; allowed: {[*CHOICE_TYPES, 'core']}")
        kwargs: dict[str, Any] = {}
        for kind, choice_type in CHOICE_TYPES.items():
            kwargs[kind] = {int(k): _build(choice_type, v, f"{kind}[{k}]") for k, v in (data.get(kind) or {}).items()}
        core = data.get("core")
        kwargs["core"] = None if core is None else _build(CoreChoice, core, "core")
        return cls(**kwargs)


# ====================================================================== helpers
def _all_none(choice: Any) -> bool:
    return all(getattr(choice, f.name) is None for f in fields(choice))


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def _build(choice_type: type, values: dict[str, Any], where: str):
    names = {f.name for f in fields(choice_type)}
    unknown = set(values) - names
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(names)}")
    if "visit" in values and values["visit"] is not None:
        values = {**values, "visit": tuple(values["visit"])}
    return choice_type(**values)


def _is_bool_or_none(value: Any) -> bool:
    return value is None or isinstance(value, bool)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_flags(where: str, choice: Any, names: tuple[str, ...]) -> list[str]:
    return [
        f"{where}.{name} must be true, false or None; got {getattr(choice, name)!r}"
        for name in names
        if not _is_bool_or_none(getattr(choice, name))
    ]


def _check_resident(model: CoGovernanceModel, key: Any, choice: ResidentChoice) -> list[str]:
    count = model.households.count
    if not _is_id(key) or not 0 <= key < count:
        return [f"unknown household {key!r} (households are numbered 0 to {count - 1})"]
    return _check_flags(f"residents[{key}]", choice, ("report", "participate", "volunteer"))


def _check_member(model: CoGovernanceModel, key: Any, choice: MemberChoice) -> list[str]:
    n_members = len(model.member_household)
    if not _is_id(key) or not 0 <= key < n_members:
        return [f"unknown Party member {key!r} (members are numbered 0 to {n_members - 1})"]
    where = f"members[{key}]"
    problems = _check_flags(where, choice, ("attend_meeting",))
    if choice.visit is None:
        return problems
    if not isinstance(choice.visit, tuple):
        return [*problems, f"{where}.visit must be a tuple of household indices or None; got {type(choice.visit).__name__}"]
    building = int(model.member_building[key])
    count = model.households.count
    seen: set[int] = set()
    for household in choice.visit:
        if not _is_id(household) or not 0 <= household < count:
            problems.append(f"{where}.visit: unknown household {household!r} (households are numbered 0 to {count - 1})")
        elif int(model.households.building[household]) != building:
            problems.append(f"{where}.visit: household {household} is not in the member's building {building}")
        elif household in seen:
            problems.append(f"{where}.visit: household {household} is listed twice")
        else:
            seen.add(household)
    return problems


def _check_compound(model: CoGovernanceModel, kind: str, key: Any) -> list[str]:
    n = model.n_compounds
    if not _is_id(key) or not 0 <= key < n:
        return [f"{kind}: unknown compound {key!r} (compounds are numbered 0 to {n - 1})"]
    return []


def _check_firm(model: CoGovernanceModel, key: Any, choice: FirmChoice) -> list[str]:
    problems = _check_compound(model, "firms", key)
    if problems:
        return problems
    where = f"firms[{key}]"
    problems = _check_flags(where, choice, ("join_pool",))
    effort = choice.effort
    if effort is not None:
        if isinstance(effort, bool) or not isinstance(effort, int | float) or not math.isfinite(effort):
            problems.append(f"{where}.effort must be a number from 0 to 1 or None; got {effort!r}")
        elif not 0.0 <= effort <= 1.0:
            problems.append(f"{where}.effort = {effort!r} is outside the allowed range [0, 1]")
    return problems


def _check_committee(model: CoGovernanceModel, key: Any, choice: CommitteeChoice) -> list[str]:
    problems = _check_compound(model, "committees", key)
    if problems:
        return problems
    if key not in model.committee_of_compound:
        formed = sorted(model.committee_of_compound)
        return [f"committees: compound {key} has no owners' committee (compounds with one: {formed})"]
    return _check_flags(f"committees[{key}]", choice, ("approve_works", "supervise"))


def _check_organisation(model: CoGovernanceModel, key: Any, choice: OrganisationChoice) -> list[str]:
    ids = sorted(o.actor_id for o in model.organisations)
    if not _is_id(key) or key not in ids:
        return [f"unknown social organisation actor id {key!r} (organisations: {ids})"]
    if choice.domain is not None and choice.domain not in DOMAINS:
        return [f"organisations[{key}].domain = {choice.domain!r} is not a domain; allowed: {list(DOMAINS)}"]
    return []


def _check_core(choice: CoreChoice) -> list[str]:
    problems = _check_flags("core", choice, ("hold_meeting",))
    for name in ("dispatch_priority", "pool_priority"):
        value = getattr(choice, name)
        if value is not None and value not in CATEGORY_KEYS:
            problems.append(f"core.{name} = {value!r} is not a category; allowed: {list(CATEGORY_KEYS)} or None")
    return problems


_CHECKS = {
    "residents": _check_resident,
    "members": _check_member,
    "firms": _check_firm,
    "committees": _check_committee,
    "organisations": _check_organisation,
}
