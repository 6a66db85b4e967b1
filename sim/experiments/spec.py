"""Sweep specifications: what to vary, how to sample it, how often and for how long.

One description of a sweep serves the command line (``cogov sweep SCENARIO --vary ...``), TOML
files (``cogov sweep --spec sweep.toml``) and Python. Every value is checked against the
parameter registry (:mod:`sim.parameters`) before anything runs; all problems are reported
together as one :class:`sim.errors.UserInputError` (exit status 2).

Value syntax for ``--vary NAME=VALUES`` (and for strings in a TOML ``[vary]`` table):

* grid design: a list ``0,0.25,0.5`` (also ``true,false`` or ``logistic,threshold``), or a range
  ``start:stop:count`` with both ends included (``0:1:5`` is 0, 0.25, 0.5, 0.75, 1);
* sampled designs (``lhs``, ``sobol``, ``morris``): bounds ``low:high``.

A TOML specification file::

    scenario = "baseline"
    design = "grid"          # grid | lhs | sobol | morris
    replicates = 5
    steps = 52
    seed = 0
    out = "results/empowerment-sweep"   # optional; --out wins

    [set]                    # overrides applied to the scenario
    width = 20

    [vary]
    empowerment = "0:1:5"
    pooling = [0.0, 0.5, 1.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sim.errors import UserInputError, describe_parameter_error, unknown_parameter_message
from sim.parameters import REGISTRY

DESIGNS = ("grid", "lhs", "sobol", "morris")
SAMPLED_DESIGNS = ("lhs", "sobol", "morris")
#: Default ``samples`` of each sampled design (points for lhs, base samples for sobol,
#: trajectories for morris).
DEFAULT_SAMPLES = {"lhs": 100, "sobol": 64, "morris": 10}
DEFAULT_STEPS = 104
MAX_STEPS = 5200
MAX_SEED = 2**32 - 1
MAX_RUNS = 10_000_000
SPEC_FILE_KEYS = ("scenario", "design", "samples", "replicates", "steps", "seed", "out", "levels", "second_order", "set", "vary")


@dataclass(frozen=True)
class Variation:
    """One varied parameter: explicit values (grid design) or bounds (sampled designs)."""

    name: str
    values: tuple[Any, ...] | None = None
    bounds: tuple[float, float] | None = None

    @property
    def kind(self) -> str:
        return REGISTRY[self.name].kind

    def document(self) -> dict[str, Any]:
        return {"values": list(self.values)} if self.values is not None else {"bounds": list(self.bounds)}


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: base scenario, varied parameters, design, replicates, steps and seed."""

    scenario: str
    variations: tuple[Variation, ...] = ()
    design: str = "grid"
    samples: int | None = None
    replicates: int = 1
    steps: int = DEFAULT_STEPS
    seed: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)
    levels: int = 4
    second_order: bool = True
    out: str | None = None

    @property
    def names(self) -> list[str]:
        return [v.name for v in self.variations]

    @property
    def sampled(self) -> bool:
        return self.design in SAMPLED_DESIGNS

    def point_count(self) -> int:
        """Design points, computed without expanding the design."""
        if self.design == "grid":
            return math.prod(len(v.values) for v in self.variations)
        dimensions = len(self.variations)
        if self.design == "lhs":
            return self.samples
        if self.design == "sobol":
            return self.samples * (2 * dimensions + 2 if self.uses_second_order else dimensions + 2)
        return self.samples * (dimensions + 1)  # morris trajectories

    @property
    def uses_second_order(self) -> bool:
        """Second-order Sobol indices need two or more parameters."""
        return self.design == "sobol" and self.second_order and len(self.variations) >= 2

    def document(self) -> dict[str, Any]:
        """The specification as plain data (recorded in the manifest)."""
        document = {
            "scenario": self.scenario,
            "overrides": self.overrides,
            "design": self.design,
            "vary": {v.name: v.document() for v in self.variations},
            "replicates": self.replicates,
            "steps": self.steps,
            "seed": self.seed,
        }
        if self.sampled:
            document["samples"] = self.samples
        if self.design == "morris":
            document["levels"] = self.levels
        if self.design == "sobol":
            document["second_order"] = self.uses_second_order
        return document


# ---------------------------------------------------------------------------- building specs
def sweep_from_arguments(
    scenario: str,
    vary: list[str] | None = None,
    *,
    overrides: dict[str, Any] | None = None,
    design: str = "grid",
    samples: int | None = None,
    replicates: int = 1,
    steps: int = DEFAULT_STEPS,
    seed: int = 0,
    levels: int = 4,
    second_order: bool = True,
) -> SweepSpec:
    """Build and check a sweep from command-line style ``name=VALUES`` strings."""
    problems: list[str] = []
    raw: dict[str, Any] = {}
    for text in vary or []:
        name, sep, values = text.partition("=")
        name, values = name.strip(), values.strip()
        if not sep or not name:
            problems.append(f"--vary '{text}' is not of the form name=VALUES (for example --vary empowerment=0:1:5)")
            continue
        if name in raw:
            problems.append(f"--vary {name}: this parameter is given twice; give each parameter once")
            continue
        raw[name] = values
    document = {
        "scenario": scenario, "design": design, "samples": samples, "replicates": replicates, "steps": steps,
        "seed": seed, "levels": levels, "second_order": second_order, "set": overrides or {}, "vary": raw,
    }
    return sweep_from_document(document, origin="--vary", problems=problems)


def sweep_from_toml(path: str | Path) -> SweepSpec:
    """Read a sweep specification file (see the module docstring for its layout)."""
    from sim.inputs import read_toml

    path = Path(path)
    document = read_toml(path, "--spec")
    problems = [
        f"{path}: unknown key '{key}'; a sweep file has {', '.join(SPEC_FILE_KEYS)}"
        for key in document
        if key not in SPEC_FILE_KEYS
    ]
    if "scenario" not in document:
        problems.append(f"{path}: missing key 'scenario' (a scenario name or .toml path)")
    defaults = {"design": "grid", "replicates": 1, "steps": DEFAULT_STEPS, "seed": 0, "levels": 4, "second_order": True}
    merged = {**defaults, **{k: v for k, v in document.items() if k in SPEC_FILE_KEYS}}
    return sweep_from_document(merged, origin=str(path), problems=problems)


def sweep_from_document(document: dict[str, Any], origin: str = "sweep", problems: list[str] | None = None) -> SweepSpec:
    """Check a sweep given as plain data; every problem is reported at once."""
    problems = list(problems or [])
    at = _flag_namer(origin)
    design = document.get("design", "grid")
    if design not in DESIGNS:
        problems.append(f"{at('design')}: design '{design}' is not known; choose one of {', '.join(DESIGNS)}")
        design = "grid"
    scenario = document.get("scenario")
    if not isinstance(scenario, str) or not scenario:
        problems.append(f"{at('scenario')}: 'scenario' must be a scenario name or a path to a .toml file; got {scenario!r}")
    replicates = _whole(document.get("replicates", 1), "replicates", 1, 1_000_000, at("replicates"), problems, "zero replicates would run nothing")
    steps = _whole(document.get("steps", DEFAULT_STEPS), "steps", 1, MAX_STEPS, at("steps"), problems)
    seed = _whole(document.get("seed", 0), "seed", 0, MAX_SEED, at("seed"), problems)
    levels = _whole(document.get("levels", 4), "levels", 2, 100, at("levels"), problems)
    if isinstance(levels, int) and levels % 2:
        problems.append(f"{at('levels')}: levels = {levels}: Morris levels must be even (4 is usual)")
    second_order = document.get("second_order", True)
    if not isinstance(second_order, bool):
        problems.append(f"{at('second_order')}: second_order must be true or false; got {second_order!r}")
        second_order = True
    samples = document.get("samples")
    if design == "grid":
        if samples is not None:
            problems.append(f"{at('samples')}: samples = {samples!r} applies only to sampled designs (lhs, sobol, morris); a grid runs every combination of the listed values")
    else:
        if samples is None:
            samples = DEFAULT_SAMPLES[design]
        samples = _whole(samples, "samples", 1, MAX_RUNS, at("samples"), problems)
        if design == "sobol" and isinstance(samples, int) and samples & (samples - 1):
            lower = 1 << (samples.bit_length() - 1)
            problems.append(
                f"{at('samples')}: samples = {samples}: Sobol' sampling needs a power of two (Saltelli's scheme keeps its "
                f"balance only then); try {lower} or {lower * 2}"
            )
        if design == "lhs" and isinstance(samples, int) and samples < 2:
            problems.append(f"{at('samples')}: samples = {samples}: a Latin hypercube needs at least 2 points")
    out = document.get("out")
    if out is not None and not isinstance(out, str):
        problems.append(f"{origin}: out must be a folder path in quotes; got {out!r}")
        out = None
    overrides = document.get("set") or {}
    if not isinstance(overrides, dict):
        problems.append(f"{at('set')}: 'set' must be a table of parameter = value lines")
        overrides = {}
    raw_vary = document.get("vary") or {}
    if not isinstance(raw_vary, dict):
        problems.append(f"{origin}: 'vary' must be a table of parameter = values lines")
        raw_vary = {}
    if design == "grid" and not problems:  # refuse an enormous grid before making any of its values
        _check_run_count(math.prod(_declared_count(raw) for raw in raw_vary.values()), replicates, origin)
    variations = []
    for name, raw in raw_vary.items():
        variation = parse_variation(name, raw, design, origin, problems)
        if variation is not None:
            variations.append(variation)
    for name in sorted(set(overrides) & set(raw_vary)):
        problems.append(
            f"{name} is both varied ({at('vary')}) and fixed ({at('set')}); a varied parameter takes the values of its "
            "variation, so the fixed value would be ignored. Give it in one place only"
        )
    if design in SAMPLED_DESIGNS and not raw_vary:
        problems.append(f"{origin}: the {design} design needs at least one varied parameter (--vary name=low:high)")
    if problems:
        raise UserInputError(f"The sweep specification has {len(problems)} problem(s); nothing was run:", problems)
    spec = SweepSpec(
        scenario=scenario, variations=tuple(variations), design=design, samples=samples if design != "grid" else None,
        replicates=replicates, steps=steps, seed=seed, overrides=dict(overrides), levels=levels,
        second_order=second_order, out=out,
    )
    _check_run_count(spec.point_count(), spec.replicates, origin)
    return spec


def _check_run_count(points: int, replicates: int, origin: str) -> None:
    runs = points * replicates
    if runs > MAX_RUNS:
        raise UserInputError(
            f"{origin}: this sweep has {points:,} design points x {replicates:,} replicates = {runs:,} runs, "
            f"more than the limit of {MAX_RUNS:,}. Use fewer values, samples or replicates, or split it into several sweeps."
        )


def _declared_count(raw: Any) -> int:
    """How many values a grid entry lists, read without making them (1 when it cannot be told)."""
    if isinstance(raw, (list, tuple)):
        return max(1, len(raw))
    count = raw.get("count") if isinstance(raw, dict) else raw.split(":")[-1] if isinstance(raw, str) and raw.count(":") == 2 else 1
    try:
        return max(1, int(str(count).strip()))
    except ValueError:
        return 1


def _flag_namer(origin: str):
    """Where a sweep setting came from: its own flag on the command line, else the file it is in."""
    flags = {"scenario": "SCENARIO", "second_order": "--no-second-order", "set": "--set", "vary": "--vary"}
    if origin != "--vary":
        return lambda key: f"{origin} [{key}]" if key in ("set", "vary") else origin
    return lambda key: flags.get(key, f"--{key.replace('_', '-')}")


def with_output(spec: SweepSpec, out: str | Path | None) -> SweepSpec:
    return replace(spec, out=str(out)) if out is not None else spec


# ---------------------------------------------------------------------------- values
def parse_variation(name: str, raw: Any, design: str, origin: str, problems: list[str]) -> Variation | None:
    """Parse one ``name = VALUES`` entry; append problems instead of raising."""
    where = f"{origin}: {name}={_show(raw)}"
    spec = REGISTRY.get(name)
    if spec is None:
        problems.append(f"{origin}: {unknown_parameter_message(name)}")
        return None
    if design in SAMPLED_DESIGNS:
        if spec.kind in ("bool", "choice"):
            problems.append(
                f"{where}: '{name}' is a {'true/false' if spec.kind == 'bool' else 'choice'} parameter "
                f"({spec.allowed()}); only the grid design can vary it (--design grid with a list of values)"
            )
            return None
        bounds = _bounds(raw)
        if bounds is None:
            problems.append(f"{where}: the {design} design takes bounds low:high (for example {name}={_fmt(spec.minimum)}:{_fmt(spec.maximum)})")
            return None
        low, high = bounds
        if spec.kind == "int" and not all(float(b).is_integer() for b in bounds):
            problems.append(f"{where}: '{name}' is a whole-number parameter; its bounds must be whole numbers")
            return None
        if not low < high:
            problems.append(f"{where}: the range is empty; the lower bound must be below the upper bound")
            return None
        bad = [b for b in bounds if not spec.minimum <= b <= spec.maximum]
        if bad:
            problems.append(describe_parameter_error(name, bad[0], f"bound outside the registry's range in {where}"))
            return None
        if spec.kind == "int":
            return Variation(name, bounds=(int(low), int(high)))
        return Variation(name, bounds=(float(low), float(high)))
    values = _grid_values(raw, spec, where, problems)
    if values is None:
        return None
    if isinstance(values, tuple):  # a range, whose ends were checked: every value lies between them
        return Variation(name, values=values)
    checked = []
    for value in values:
        value = spec.coerce(value)
        reason = _kind_problem(spec, value)
        if reason:
            problems.append(describe_parameter_error(name, value, f"{reason} (in {where})"))
            return None
        checked.append(value)
    seen = set()
    duplicates = [v for v in checked if v in seen or seen.add(v)]
    if duplicates:
        problems.append(f"{where}: the value {duplicates[0]!r} is listed twice; list each value once")
        return None
    return Variation(name, values=tuple(checked))


def _grid_values(raw: Any, spec, where: str, problems: list[str]) -> list[Any] | None:
    from sim.scenarios import parse_value

    if isinstance(raw, dict):
        unknown = set(raw) - {"start", "stop", "count"}
        if unknown or set(raw) != {"start", "stop", "count"}:
            problems.append(f"{where}: a range table has exactly the keys start, stop and count")
            return None
        raw = f"{raw['start']}:{raw['stop']}:{raw['count']}"
    if isinstance(raw, (list, tuple)):
        if not raw:
            problems.append(f"{where}: the list of values is empty; give at least one value")
            return None
        return list(raw)
    if isinstance(raw, bool) or isinstance(raw, (int, float)):
        return [raw]
    if not isinstance(raw, str):
        problems.append(f"{where}: values must be a list, a range start:stop:count or a single value")
        return None
    text = raw.strip()
    if not text:
        problems.append(f"{where}: no values given; write a list (0,0.5,1) or a range start:stop:count (0:1:5)")
        return None
    if ":" in text:
        parts = [p.strip() for p in text.split(":")]
        if len(parts) != 3:
            problems.append(f"{where}: a grid range is start:stop:count with both ends included (0:1:5 is 0, 0.25, ..., 1)")
            return None
        if spec.kind in ("bool", "choice"):
            problems.append(f"{where}: '{spec.name}' takes {spec.allowed()}; list the values instead of a range")
            return None
        start, stop, count = (parse_value(p, where) for p in parts)
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (start, stop)):
            problems.append(f"{where}: start and stop of a range must be numbers")
            return None
        if not isinstance(count, int) or isinstance(count, bool):
            problems.append(f"{where}: the count of a range must be a whole number; got {parts[2]!r}")
            return None
        if count < 1:
            problems.append(f"{where}: the range is empty (count {count}); give a count of at least 2")
            return None
        if count > MAX_RUNS:  # checked before a single value is made
            problems.append(f"{where}: a range of {count:,} values is more than a sweep may run ({MAX_RUNS:,} runs in all)")
            return None
        if count > 1 and start == stop:
            problems.append(f"{where}: the range is empty (start equals stop); give a single value instead")
            return None
        if count == 1 and start != stop:
            problems.append(f"{where}: a range of 1 point cannot reach from {start} to {stop}; give a count of at least 2, or a single value")
            return None
        values = [start + (stop - start) * i / (count - 1) for i in range(count)] if count > 1 else [start]
        values = [round(v, 12) + 0.0 for v in values]
        if spec.kind == "int":
            if not all(float(v).is_integer() for v in values):
                problems.append(
                    f"{where}: '{spec.name}' takes whole numbers, but this range gives "
                    f"{', '.join(_fmt(v) for v in values[:4])}{', ...' if count > 4 else ''}; choose a count so that the "
                    f"step (stop - start)/(count - 1) is whole, or list the values"
                )
                return None
            values = [int(v) for v in values]
        if any(_kind_problem(spec, spec.coerce(end)) for end in (values[0], values[-1])):
            return values  # checked one by one, to name the first value out of range
        # Both ends are allowed, so every value between them is: no check per value.
        if len(set(values)) != len(values):
            problems.append(f"{where}: the range's step is too small to tell its values apart; use a smaller count")
            return None
        return tuple(spec.coerce(v) for v in values)
    return [parse_value(part.strip(), where) for part in text.split(",") if part.strip() != ""] or _empty(where, problems)


def _empty(where: str, problems: list[str]) -> None:
    problems.append(f"{where}: no values given")
    return None


def _kind_problem(spec, value: Any) -> str | None:
    """Why a value does not fit a registry entry, or None when it does."""
    if spec.kind == "bool":
        return None if isinstance(value, bool) else f"wrong type ({type(value).__name__})"
    if spec.kind == "choice":
        return None if value in spec.choices else "not one of the choices"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"wrong type ({type(value).__name__})"
    if spec.kind == "int" and not isinstance(value, int):
        return "not a whole number"
    if isinstance(value, float) and not math.isfinite(value):
        return "not a finite number"
    if not spec.minimum <= value <= spec.maximum:
        return "outside the allowed range"
    return None


def _bounds(raw: Any) -> tuple[float, float] | None:
    from sim.scenarios import parse_value

    if isinstance(raw, dict) and set(raw) == {"low", "high"}:
        parts = [raw["low"], raw["high"]]
    elif isinstance(raw, (list, tuple)) and len(raw) == 2:
        parts = list(raw)
    elif isinstance(raw, str) and raw.count(":") == 1:
        parts = [parse_value(p.strip(), f"--vary {raw[:40]}") for p in raw.split(":")]
    else:
        return None
    if not all(isinstance(p, (int, float)) and not isinstance(p, bool) and math.isfinite(p) for p in parts):
        return None
    return float(parts[0]), float(parts[1])


def _whole(value: Any, key: str, low: int, high: int, origin: str, problems: list[str], note: str = "") -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        hint = f" ({note})" if note and isinstance(value, int) and value < low else ""
        problems.append(f"{origin}: {key} = {value!r} is not allowed{hint}; allowed: a whole number from {low:,} to {high:,}")
        return low
    return value


def _show(raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, (list, tuple)):
        return ",".join(str(v) for v in raw)
    return str(raw)


def _fmt(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"
