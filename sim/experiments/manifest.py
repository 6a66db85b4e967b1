"""Reading a results folder's ``manifest.json`` with every field's type checked.

A manifest is written by cogov, but it is a text file a user (or a disk) can change. Every
reader of a folder (``query``, ``verify``, ``export``, ``report``, resuming) reads it through
:func:`load_manifest`, which checks the type of each field any reader uses, for the folder's kind
(``run``, ``compare``, ``sweep``, ``sensitivity``, ``hypotheses``, ``calibration``), and refuses
with one paragraph naming the file, the field, the value and what is allowed, so that a
tampered ``width`` ("abc", 1e400), ``varied: 5`` or a label that is not a plain name ends in
exit 2 instead of a crash deep inside a reader. Fields are checked for type, not range, so that
a folder written by an older model version stays readable.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from sim.errors import UserInputError

KINDS = ("run", "compare", "sweep", "sensitivity", "hypotheses", "calibration")
STORE_KINDS = ("compare", "sweep", "sensitivity", "hypotheses")
#: The column types a store's manifest may name (``str`` of the Arrow type); the store maps them to Arrow types.
COLUMN_TYPE_NAMES = ("double", "int64", "bool", "string", "timestamp[ms, tz=UTC]")
Name = Annotated[StrictStr, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
Count = Annotated[StrictInt, Field(ge=0)]
Number = StrictInt | StrictFloat
Column = tuple[StrictStr, StrictStr]


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Provenance(_Lenient):
    created: StrictStr | None = None
    status: StrictStr | None = None
    versions: dict[StrictStr, StrictStr] = {}
    git_revision: StrictStr | None = None
    platform: StrictStr | None = None
    model_version_text: StrictStr | None = None


class Schema(_Lenient):
    runs: list[Column]
    timeseries: list[Column]


class ScenarioEntry(_Lenient):
    name: StrictStr
    file: StrictStr | None = None
    chain: list[StrictStr] = []
    overrides: dict[StrictStr, Any] = {}
    parameters: dict[StrictStr, Any] = {}


class StoreManifest(Provenance):
    format: StrictStr
    kind: Literal["compare", "sweep", "sensitivity", "hypotheses"]
    fingerprint: StrictStr | None = None
    identity: dict[StrictStr, Any] = {}
    varied: list[Name]
    labels: list[Name]
    points: Count
    replicates: Annotated[StrictInt, Field(ge=1)]
    runs: Count
    steps: Annotated[StrictInt, Field(ge=1)]
    master_seed: StrictInt
    replicate_seeds: list[StrictInt]
    base_parameters: dict[StrictStr, Any]
    schema_: Schema = Field(alias="schema")
    scenario: StrictStr | None = None
    design: StrictStr | None = None
    design_seed: StrictInt | None = None
    vary: dict[StrictStr, Any] | None = None
    seed_scheme: StrictStr | None = None
    scenarios: list[ScenarioEntry] = []
    hypotheses: list[StrictStr] = []
    posterior: StrictStr | None = None
    base_scenario: dict[StrictStr, Any] | None = None


class RunManifest(Provenance):
    command: Literal["run"]
    scenario: StrictStr
    scenario_file: StrictStr | None = None
    scenario_chain: list[StrictStr] = []
    overrides: dict[StrictStr, Any] = {}
    parameters: dict[StrictStr, Any]
    seed: Annotated[StrictInt, Field(ge=0)]
    steps: Annotated[StrictInt, Field(ge=1)]


class Calibrated(_Lenient):
    name: Name
    low: Number
    high: Number


class CalibrationManifest(Provenance):
    kind: Literal["calibration"]
    identity: dict[StrictStr, Any]
    command_line: StrictStr | None = None
    calibrated: list[Calibrated] = []
    seeds: dict[StrictStr, StrictStr] = {}
    setting: StrictStr | None = None
    calibration_facts: list[StrictStr] = []
    held_out_facts: list[StrictStr] = []
    runs: Count | None = None
    generations: Count | None = None
    epsilon: Number | None = None
    seconds: Number | None = None
    posterior_size: Count | None = None
    effective_sample_size: Number | None = None
    wall_seconds_to_last_population: Number | None = None


MODELS = {"run": RunManifest, "calibration": CalibrationManifest, **{kind: StoreManifest for kind in STORE_KINDS}}


def manifest_kind(manifest: dict[str, Any]) -> Any:
    return manifest.get("kind") or manifest.get("command")


def read_json_object(path: Path, what: str = "manifest") -> dict[str, Any]:
    """A JSON object from ``path`` (a session writing it at this moment is waited for briefly)."""
    for attempt in range(50):
        try:
            document = json.loads(path.read_bytes().decode("utf-8"))
            break
        except UnicodeDecodeError:
            raise UserInputError(f"{path}: not UTF-8 text, so not a cogov {what}; the folder is damaged.") from None
        except RecursionError:
            raise UserInputError(f"{path}: nested too deeply to be a cogov {what}; the folder is damaged.") from None
        except ValueError:  # JSONDecodeError, or an integer of thousands of digits
            if attempt == 49:
                raise UserInputError(f"{path}: not valid JSON, so not a cogov {what}; the folder is damaged. Restore it "
                                     "from a copy, or rerun the command into a new --out folder.") from None
            time.sleep(0.1)
        except OSError as exc:
            raise UserInputError(f"{path}: cannot be read ({exc.strerror}).") from None
    if not isinstance(document, dict):
        raise UserInputError(f"{path}: not a cogov {what} (a JSON object is expected); the folder is damaged.")
    return document


def load_manifest(directory: str | Path, kinds: tuple[str, ...] = KINDS) -> tuple[str, dict[str, Any]]:
    """The kind and the checked manifest of a results folder (exit 2 naming what is wrong)."""
    from sim.inputs import check_path_length

    check_path_length(directory, "results folder")
    directory = Path(directory)
    path = directory / "manifest.json"
    if not directory.exists():
        raise UserInputError(f"{directory}: the folder does not exist. Give the --out folder of a cogov command "
                             "(run, compare, sweep, sensitivity, hypotheses or calibrate).")
    if not directory.is_dir():
        raise UserInputError(f"{directory}: is a file, not a results folder; give the folder that holds its manifest.json.")
    if path.is_symlink():  # whatever it points to is outside what the folder's command wrote: never read it
        raise UserInputError(f"{path}: is a symbolic link: the folder's structure is damaged, so nothing was read from it (a results folder keeps "
                             "its manifest inside itself). Restore the folder from a copy, or rerun its command into a "
                             "new --out folder.")
    if path.exists() and not path.is_file():
        raise UserInputError(f"{path}: is not a regular file (a folder, a pipe or a device): the folder's structure is damaged. "
                             "Restore it from a copy, or rerun its command into a new --out folder.")
    if not path.is_file():
        raise UserInputError(f"{directory}: not a cogov results folder (it has no manifest.json). Give the --out folder "
                             "of a cogov command (run, compare, sweep, sensitivity, hypotheses or calibrate).")
    manifest = read_json_object(path)
    kind = manifest_kind(manifest)
    if kind not in kinds:
        raise UserInputError(f"{path}: a manifest of an unrecognised kind ({_short(kind)}); this command reads "
                             f"{', '.join(kinds)} folders.")
    try:
        MODELS[kind].model_validate(manifest)
    except ValidationError as exc:
        raise UserInputError(f"{path}: the manifest was edited or damaged, so the folder cannot be read safely. "
                             "Restore it from a copy, or rerun the command into a new --out folder:",
                             [_problem(item) for item in exc.errors()[:8]]) from None
    problems = [*_parameter_problems(manifest, kind), *_schema_problems(manifest, kind)]
    if problems:
        raise UserInputError(f"{path}: the manifest was edited or damaged, so the folder cannot be read safely. "
                             "Restore it from a copy, or rerun the command into a new --out folder:", problems[:8])
    return kind, manifest


def _problem(item: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in item.get("loc", ())).replace("schema_", "schema") or "(the whole file)"
    return f"field '{where}' = {_short(item.get('input'))}: {item.get('msg', 'not allowed').lower()}"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parameter_problems(manifest: dict[str, Any], kind: str) -> list[str]:
    """Parameter values of the registry's parameters must have the parameter's type (any range: older models)."""
    groups = {"run": [("parameters", manifest.get("parameters"))], "calibration": []}.get(
        kind, [("base_parameters", manifest.get("base_parameters"))]
        + [(f"scenarios.{i}.parameters", s.get("parameters")) for i, s in enumerate(manifest.get("scenarios") or [])])
    problems = []
    for where, values in groups:
        for name, value in (values or {}).items():
            expected = parameter_type_problem(name, value)
            if expected:
                problems.append(f"field '{where}.{name}' = {_short(value)}: {expected}")
    return problems


def parameter_type_problem(name: str, value: Any) -> str | None:
    """What is wrong with the type of a value of registry parameter ``name`` (None when it fits, or is not one)."""
    from sim.errors import value_problem
    from sim.parameters import REGISTRY

    return value_problem(name, value, check_range=False) if name in REGISTRY else None


def _schema_problems(manifest: dict[str, Any], kind: str) -> list[str]:
    """The stored tables' columns must include the labels and varied parameters the manifest names, with known types."""
    if kind not in STORE_KINDS:
        return []
    problems = []
    schema = manifest["schema"]
    for table in ("runs", "timeseries"):
        names = [name for name, _ in schema[table]]
        unknown = [f"{name} {kind_name}" for name, kind_name in schema[table] if kind_name not in COLUMN_TYPE_NAMES]
        if unknown:
            problems.append(f"field 'schema.{table}': unknown column type(s) {', '.join(unknown[:3])}")
        if len(set(names)) != len(names):
            problems.append(f"field 'schema.{table}': a column name appears twice")
        missing = [n for n in [*manifest["labels"], *(manifest["varied"] if table == "timeseries" else [])] if n not in names]
        if missing:
            problems.append(f"field 'labels' or 'varied' names {', '.join(missing[:3])}, which the {table} table does not have")
    return problems
