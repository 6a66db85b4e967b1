"""Scenario files: TOML documents that name a policy setting and the hypotheses it serves.

A scenario file has a ``[scenario]`` table (titles, description, hypotheses, sources, an optional
classroom info card and an optional ``extends``) and a ``[parameters]`` table whose keys come
from the parameter registry (:mod:`sim.parameters`)::

    [scenario]
    title_zh = "授权赋能"
    title_en = "Empowerment"
    extends = "baseline"            # or a list, merged left to right
    hypotheses = ["H1"]
    sources = ["S1", "S3"]

    [parameters]
    empowerment = 0.8

Parameters are merged from the furthest ancestor to the file itself, then command-line
overrides; the result is validated once, with every problem reported together.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.errors import UserInputError, unknown_parameter_message, validation_problems
from sim.parameters import REGISTRY, Parameters

HYPOTHESES = tuple(f"H{i}" for i in range(1, 10))
SOURCES = ("S1", "S2", "S3", "S4", "S5")


class InfoCard(BaseModel):
    """A classroom info card in one language, following NetLogo's Info tab."""

    model_config = ConfigDict(extra="forbid", strict=True)

    what: str = Field(description="What the scenario is.")
    how: str = Field(description="How it works in the model.")
    notice: list[str] = Field(default_factory=list, description="Things to notice.")
    try_: list[str] = Field(default_factory=list, alias="try", description="Things to try.")


class ScenarioMeta(BaseModel):
    """The ``[scenario]`` table of a scenario file."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title_zh: str
    title_en: str
    description_zh: str = ""
    description_en: str = ""
    extends: str | list[str] = Field(default_factory=list)
    hypotheses: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    info_zh: InfoCard | None = None
    info_en: InfoCard | None = None

    @property
    def parents(self) -> list[str]:
        return [self.extends] if isinstance(self.extends, str) else list(self.extends)


@dataclass(frozen=True)
class Scenario:
    """A resolved scenario: its file, metadata, and validated parameters."""

    name: str
    path: Path | None
    meta: ScenarioMeta
    parameters: Parameters
    chain: tuple[Path, ...] = field(default=())  # files read, furthest ancestor first
    overrides: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Path] = field(default_factory=dict)  # the file whose value of each parameter won the merge

    def title(self, lang: str = "zh") -> str:
        return self.meta.title_zh if lang == "zh" else self.meta.title_en

    def changed_parameters(self) -> dict[str, Any]:
        """Parameters that differ from the registry's defaults."""
        values = self.parameters.model_dump()
        return {k: v for k, v in values.items() if v != REGISTRY[k].default}


def scenario_dirs() -> list[Path]:
    """Folders searched for scenario names: $COGOV_SCENARIO_DIR, ./scenarios, the source tree's."""
    dirs = []
    if env := os.environ.get("COGOV_SCENARIO_DIR"):
        dirs.append(Path(env))
    dirs.append(Path.cwd() / "scenarios")
    dirs.append(Path(__file__).resolve().parents[1] / "scenarios")
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def find_scenario(name_or_path: str | Path, relative_to: Path | None = None) -> Path:
    """Locate a scenario by file path or by name (``baseline`` finds ``scenarios/baseline.toml``)."""
    from sim.inputs import check_path_length

    check_path_length(name_or_path, "scenario")
    candidate = Path(name_or_path)
    tries = []
    if candidate.suffix == ".toml" or candidate.parent != Path("."):
        tries.append(candidate if relative_to is None else relative_to / candidate)
        tries.append(candidate)
    search = ([relative_to] if relative_to else []) + scenario_dirs()
    tries.extend(d / f"{candidate.stem if candidate.suffix == '.toml' else name_or_path}.toml" for d in search)
    for path in tries:
        if path.is_file():
            return path
    available = ", ".join(sorted(available_scenarios())) or "none found"
    hint = did_you_mean(candidate.stem)
    raise UserInputError(
        f"Scenario '{name_or_path}' was not found.{hint} Give a path to a .toml file or one of the "
        f"shipped names ({available}); names are looked up in "
        f"{', '.join(str(d) for d in search) or 'no scenario folder'}."
    )


def did_you_mean(name: str) -> str:
    """`` Did you mean 'x'?`` for the shipped scenario names close to ``name``, or ``""``."""
    from difflib import get_close_matches

    close = get_close_matches(name, sorted(available_scenarios()), n=3)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def available_scenarios() -> dict[str, Path]:
    """Scenario names found in the scenario folders (first folder wins)."""
    found: dict[str, Path] = {}
    for d in scenario_dirs():
        for path in sorted(d.glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


def _read_toml(path: Path) -> dict[str, Any]:
    from sim.inputs import read_toml

    return read_toml(path)


def _raw_parents(raw_meta: Any) -> list[str]:
    """The names in an unvalidated ``extends`` (a name or a list of names)."""
    extends = raw_meta.get("extends", []) if isinstance(raw_meta, dict) else []
    names = [extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []
    return [name for name in names if isinstance(name, str)]


def _collect(
    path: Path, stack: tuple[Path, ...], problems: list[str], origins: dict[str, Path] | None = None
) -> tuple[dict[str, Any], list[Path], ScenarioMeta | None]:
    """Merge parameters from ``path`` and its ancestors; append problems rather than stop.

    ``origins`` (if given) receives, for each parameter, the file whose value wins the merge.
    """
    resolved = path.resolve()
    if resolved in stack:
        cycle = " -> ".join(p.stem for p in (*stack, resolved))
        raise UserInputError(f"{path}: 'extends' forms a cycle ({cycle}). Remove one of these links.")
    if len(stack) > 32:
        raise UserInputError(f"{path}: 'extends' chain is deeper than 32 files.")
    document = _read_toml(path)
    unknown_tables = sorted(set(document) - {"scenario", "parameters"})
    for key in unknown_tables:
        problems.append(f"{path}: unknown top-level key '{key}'; a scenario file has only [scenario] and [parameters]")
    meta = None
    raw_meta = document.get("scenario")
    if not isinstance(raw_meta, dict):
        problems.append(f"{path}: missing [scenario] table with at least title_zh and title_en")
    else:
        try:
            meta = ScenarioMeta.model_validate(raw_meta)
        except ValidationError as exc:
            for item in exc.errors():
                where = ".".join(str(p) for p in item["loc"])
                message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"].lower()
                problems.append(f"{path}: [scenario] key '{where}': {message}")
        # Checked even when other [scenario] keys are wrong, so every problem is reported at once.
        for key, allowed in (("hypotheses", HYPOTHESES), ("sources", SOURCES)):
            values = raw_meta.get(key, [])
            for value in values if isinstance(values, list) else []:
                if isinstance(value, str) and value not in allowed:
                    problems.append(f"{path}: [scenario] {key}: '{value}' is not one of {', '.join(allowed)}")
    params = document.get("parameters", {})
    if not isinstance(params, dict):
        problems.append(f"{path}: [parameters] must be a table of key = value lines")
        params = {}
    merged: dict[str, Any] = {}
    chain: list[Path] = []
    # Follow ``extends`` even when other [scenario] keys are wrong, so every problem is reported.
    for parent in meta.parents if meta else _raw_parents(raw_meta):
        try:
            parent_path = find_scenario(parent, relative_to=path.parent)
        except UserInputError as exc:
            problems.append(f"{path}: extends '{parent}', which was not found ({exc.args[0].split('.')[0]}).{did_you_mean(Path(parent).stem)}")
            continue
        parent_params, parent_chain, _ = _collect(parent_path, (*stack, resolved), problems, origins)
        merged.update(parent_params)
        chain.extend(p for p in parent_chain if p not in chain)
    for key, value in params.items():
        if key not in REGISTRY:
            problems.append(f"{path}: {unknown_parameter_message(key)}")
    merged.update({k: v for k, v in params.items() if k in REGISTRY})
    if origins is not None:
        origins.update({k: path for k in params if k in REGISTRY})
    chain.append(path)
    return merged, chain, meta


def build_parameters(values: dict[str, Any], origin: str = "parameters") -> Parameters:
    """Validate a dictionary of parameter values, reporting every problem at once."""
    coerced = {k: REGISTRY[k].coerce(v) if k in REGISTRY else v for k, v in values.items()}
    try:
        return Parameters(**coerced)
    except ValidationError as exc:
        problems = validation_problems(exc, coerced)
        raise UserInputError(f"{origin}: {len(problems)} problem(s) with the parameters.", problems) from None


def load_scenario(name_or_path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a scenario file (following ``extends``), apply ``overrides`` and validate."""
    path = find_scenario(name_or_path)
    problems: list[str] = []
    origins: dict[str, Path] = {}
    merged, chain, meta = _collect(path, (), problems, origins)
    overrides = dict(overrides or {})
    for key in overrides:
        if key not in REGISTRY:
            problems.append(f"--set: {unknown_parameter_message(key)}")
    merged.update({k: v for k, v in overrides.items() if k in REGISTRY})
    parameters = None
    try:
        parameters = build_parameters(merged, origin=str(path))
    except UserInputError as exc:
        # Name where each bad value came from: --set, the file itself or an ancestor.
        for problem in exc.problems:
            key = problem.split("'")[1] if problem.startswith("parameter '") else None
            origin = "--set" if key in overrides else origins.get(key, path)
            problems.append(f"{origin}: {problem}")
    if problems or meta is None or parameters is None:
        check = (f"`cogov show {name_or_path} --set KEY=VALUE` checks --set values without running anything"
                 if overrides else "run `cogov validate` to check")
        raise UserInputError(
            f"Scenario '{name_or_path}' is not valid ({len(problems)} problem(s)); fix these ({check}):",
            problems,
        )
    return Scenario(
        name=path.stem, path=path, meta=meta, parameters=parameters, chain=tuple(chain), overrides=overrides,
        origins=origins,
    )


def load_scenarios(names: list[str], overrides: dict[str, Any] | None = None) -> list[Scenario]:
    """Load several scenarios with the same overrides, reporting the problems of all at once."""
    scenarios, problems = [], []
    for name in names:
        try:
            scenarios.append(load_scenario(name, overrides))
        except UserInputError as exc:
            problems.extend(exc.problems or [str(exc)])
    if problems:
        raise UserInputError("Some scenarios are not valid; fix these and try again:", problems)
    return scenarios


def validate_files(names: list[str]) -> dict[str, list[str]]:
    """Check scenario files; return the problems of each (empty list when valid)."""
    report: dict[str, list[str]] = {}
    for name in names:
        try:
            load_scenario(name)
            report[name] = []
        except UserInputError as exc:
            report[name] = exc.problems or [exc.args[0]]
    return report


def parse_assignments(assignments: list[str] | None, option: str = "--set") -> dict[str, Any]:
    """Parse ``key=value`` strings; values use TOML syntax (``0.5``, ``true``, ``"logistic"``).

    A bare word that is not TOML (``logistic``) is taken as a string.
    """
    values: dict[str, Any] = {}
    for text in assignments or []:
        key, sep, raw = text.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key or not raw:
            raise UserInputError(f"{option} '{text}' is not of the form key=value (for example {option} empowerment=0.5).")
        values[key] = parse_value(raw, f"{option} {key}")
    return values


def parse_value(raw: str, where: str = "value") -> Any:
    """Parse one TOML value; fall back to the raw string for bare words (``where`` names it in errors)."""
    from sim.inputs import parse_toml

    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw
    except (RecursionError, ValueError):  # nested too deeply, or an integer of thousands of digits
        return parse_toml(f"v = {raw}", where)["v"]
