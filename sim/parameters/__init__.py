"""The parameter registry: every model parameter is declared once, in one of this package's modules.

Each field of :class:`Parameters` (declared in :mod:`.levers`, :mod:`.community`,
:mod:`.institutions`, :mod:`.problems`, :mod:`.behaviour` and :mod:`.run`) carries its type, default, bounds, unit, Chinese and English
label, a one-line meaning and its source. The model, the command line, scenario validation, the
dashboard sliders and ``docs/ODD.md`` all read this one declaration (through :func:`registry`).

Sources are labelled as in ``docs/ODD.md``:

* S1 Meng Qinglian, "Building a Party-led co-governance community through authorization and
  empowerment" (以授权赋能打造党领共治型社区治理新格局).
* S2 Guo Feifei & Zhang Chunmei, "Challenges of Party-building-led community governance and
  strategies to resolve them" (党建引领社区治理的挑战及化解策略).
* S3 Huang Jian, "Operating dilemmas and innovation of the urban community governance system:
  a Party-integration perspective" (城市社区治理体制的运行困境与创新之道), 探索 2018(6).
* S4 Zhai Huijie, "Party-building leadership at the core of modernising community governance"
  (以党建引领为核心,推动社区治理体系现代化与效能提升).
* S5 Ji Junhui, "Urban grassroots Party organisations leading resilient community governance"
  (城市基层党组织引领社区韧性治理的路径探索), 2025.

``assumption`` marks a value chosen by the modellers (documented and open to sensitivity
analysis); ``calibrated`` marks one tuned so that the validation facts of ``docs/ODD.md`` hold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

from pydantic import model_validator

from sim.parameters.behaviour import BehaviourParameters
from sim.parameters.community import CommunityParameters
from sim.parameters.declare import (
    CATEGORY_KEYS,
    CATEGORY_LABELS,
    EVERYDAY_KEYS,
    GROUPS,
    LIVENESS_COMMUNITY,
    OUTPUT,
    PARTICIPATION_RULES,
    ActsOn,
    acts,
    parameter,
)
from sim.parameters.institutions import InstitutionParameters
from sim.parameters.levers import LeverParameters
from sim.parameters.problems import ProblemParameters
from sim.parameters.run import RunParameters

if TYPE_CHECKING:  # numpy is imported where used, so that reading the registry stays cheap
    import numpy as np

__all__ = [
    "CATEGORY_KEYS", "CATEGORY_LABELS", "COMPOSITIONS", "EVERYDAY_KEYS", "GROUPS", "LIVENESS_COMMUNITY", "OUTPUT", "PARTICIPATION_RULES",
    "REGISTRY", "ActsOn", "ParameterSpec", "Parameters", "acts", "defaults", "parameter", "registry", "rescale_composition",
]


# Bases in reverse display order: pydantic collects the fields of the last base first.
class Parameters(RunParameters, BehaviourParameters, ProblemParameters, InstitutionParameters, CommunityParameters, LeverParameters):
    """All parameters of :class:`sim.model.CoGovernanceModel`, typed, bounded and documented.

    Unknown keys are refused (``extra="forbid"``) and types are strict: a string is not a number.
    Effort is measured in *effort units* (one unit is roughly one person-day of work on a
    problem); money in *money units* (one unit is roughly the cost of a routine repair).
    Capacities and budgets are given per 1,000 households so that results do not depend on the
    size of the grid.
    """

    # ----------------------------------------------------------------- cross-field checks
    @model_validator(mode="before")
    @classmethod
    def _numpy_scalars_to_python(cls, data: Any) -> Any:
        """Accept numpy scalars (from sweeps and samplers) as the matching Python values."""
        if isinstance(data, dict):
            import numpy as np

            return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _check_consistency(self) -> Parameters:
        if self.share_young + self.share_retired > 1 + 1e-9:
            raise ValueError(
                f"share_young + share_retired must be at most 1 (the rest are of working age); "
                f"got {self.share_young} + {self.share_retired}"
            )
        total = sum(getattr(self, f"share_{c}") for c in EVERYDAY_KEYS)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            names = " + ".join(f"share_{c}" for c in EVERYDAY_KEYS)
            raise ValueError(
                f"{names} must add up to 1; they add up to {total:.6g}. To change one share, change the others by the "
                "opposite amount, or let them be rescaled in proportion: sweeps, sensitivity analyses and the EMA "
                "adapter do this by themselves when only some of these shares vary (the manifest records it), and "
                "in Python sim.parameters.rescale_composition(values, fixed=[...]) does it"
            )
        return self

    # ----------------------------------------------------------------- derived values
    @property
    def building_grid(self) -> tuple[int, int]:
        """Columns and rows of buildings on the grid (a building at the edge may be smaller)."""
        return -(-self.width // self.building_size_cells), -(-self.height // self.building_size_cells)

    @property
    def compound_grid(self) -> tuple[int, int]:
        """Columns and rows of compounds (blocks of whole buildings; one at the edge may be smaller)."""
        across, down = self.building_grid
        return -(-across // self.compound_width_buildings), -(-down // self.compound_height_buildings)

    @property
    def n_compounds(self) -> int:
        columns, rows = self.compound_grid
        return columns * rows

    @property
    def share_working(self) -> float:
        """Share of working-age household representatives (the remainder)."""
        return 1.0 - self.share_young - self.share_retired

    @property
    def everyday_shares(self) -> np.ndarray:
        """Shares of the everyday categories (:data:`EVERYDAY_KEYS` order); they add up to 1."""
        import numpy as np

        return np.array([getattr(self, f"share_{c}") for c in EVERYDAY_KEYS])

    @property
    def category_effort(self) -> np.ndarray:
        import numpy as np

        return np.array([getattr(self, f"{c}_effort") for c in CATEGORY_KEYS])

    @property
    def category_cost(self) -> np.ndarray:
        import numpy as np

        return np.array([getattr(self, f"{c}_cost") for c in CATEGORY_KEYS])


@dataclass(frozen=True)
class ParameterSpec:
    """One registry entry as plain data, for the CLI, the dashboard and the docs."""

    name: str
    kind: str  # "float", "int", "bool" or "choice"
    default: Any
    minimum: float | None
    maximum: float | None
    choices: tuple[str, ...]
    unit: str
    label_zh: str
    label_en: str
    meaning: str
    source: str
    group: str
    acts_on: ActsOn | None = None  # None: not declared yet (the liveness test's fast check fails)
    prior: tuple[float, float] | None = None  # uniform prior range of a calibrated parameter
    prior_basis: str = ""

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        unit = f" {self.unit}" if self.unit and self.unit not in {"share", "0-1"} else ""
        kind = "a whole number" if self.kind == "int" else "a number"
        return f"{kind} from {_fmt(self.minimum)} to {_fmt(self.maximum)}{unit}"

    def coerce(self, value: Any) -> Any:
        """Convert a value of the right kind that arrived as another Python type (a float 3.0 for an int)."""
        if self.kind == "int" and isinstance(value, float) and value.is_integer():
            return int(value)
        if self.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value


def _fmt(value: float | None) -> str:
    if value is None:
        return "unbounded"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _spec_for(name: str) -> ParameterSpec:
    field = Parameters.model_fields[name]
    extra = field.json_schema_extra or {}
    minimum = maximum = None
    for meta in field.metadata:
        minimum = getattr(meta, "ge", minimum)
        maximum = getattr(meta, "le", maximum)
    annotation = field.annotation
    choices: tuple[str, ...] = ()
    if annotation is bool:
        kind = "bool"
    elif annotation is int:
        kind = "int"
    elif annotation is float:
        kind = "float"
    else:
        kind, choices = "choice", tuple(get_args(annotation))
    return ParameterSpec(
        name=name,
        kind=kind,
        default=field.default,
        minimum=minimum,
        maximum=maximum,
        choices=choices,
        unit=extra.get("unit", ""),
        label_zh=extra["label_zh"],
        label_en=extra["label_en"],
        meaning=field.description or "",
        source=extra["source"],
        group=extra["group"],
        acts_on=ActsOn.from_dict(extra["acts_on"]) if extra.get("acts_on") is not None else None,
        prior=tuple(extra["prior"]) if extra.get("prior") is not None else None,
        prior_basis=extra.get("prior_basis", ""),
    )


#: The registry as plain data, in declaration order.
REGISTRY: dict[str, ParameterSpec] = {name: _spec_for(name) for name in Parameters.model_fields}


def registry() -> list[ParameterSpec]:
    """All parameters, in declaration order (grouped as in :data:`GROUPS`)."""
    order = list(GROUPS)
    return sorted(REGISTRY.values(), key=lambda spec: order.index(spec.group))


def defaults() -> dict[str, Any]:
    """Default value of every parameter."""
    return {name: spec.default for name, spec in REGISTRY.items()}


#: Parameters that are shares of one whole (a composition): they must add up to 1.
COMPOSITIONS: dict[str, tuple[str, ...]] = {"problem_mix": tuple(f"share_{c}" for c in EVERYDAY_KEYS)}


def rescale_composition(values: dict[str, Any], fixed: Any) -> dict[str, Any]:
    """Values in which the shares of each composition not in ``fixed`` are rescaled to fill what ``fixed`` leaves.

    The free shares keep their proportions to one another (taken from ``values``, else the
    defaults); when they are all zero they split the remainder equally. A composition none of
    whose members is in ``fixed``, or all of whose members are, is left alone. Raises
    ``ValueError`` when the fixed shares alone exceed 1.
    """
    fixed = set(fixed)
    result = dict(values)
    for name, members in COMPOSITIONS.items():
        held = [m for m in members if m in fixed]
        free = [m for m in members if m not in fixed]
        if not held or not free:
            continue
        value = {m: float(result.get(m, REGISTRY[m].default)) for m in members}
        held_total = sum(value[m] for m in held)
        if held_total > 1 + 1e-9:
            raise ValueError(f"{' + '.join(held)} = {held_total:.6g} leaves nothing for the other shares of {name}; keep them at most 1 together")
        remainder = max(0.0, 1.0 - held_total)
        free_total = sum(value[m] for m in free)
        for m in free:
            result[m] = remainder * value[m] / free_total if free_total > 0 else remainder / len(free)
    return result
