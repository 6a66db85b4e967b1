"""A lesson file: what a teacher prepares or keeps of a class, as a small JSON document.

It names the scenario (and the comparison scenario, side by side), the seed, the slider values
set before week 0 and the interventions made during the run, each with the week it was made::

    {"format": "cogov-lesson", "version": 1, "scenario": "baseline", "comparison": null,
     "seed": 0, "overrides": {}, "week": 120,
     "interventions": [{"week": 104, "changes": {"empowerment": 0.8}}]}

Loading it rebuilds the same runs (same seed, same interventions at the same weeks), so the
class sees the same community again. ``week`` is where the class had got to (a reload runs
back to it). Every problem in a file is reported as a :class:`~sim.errors.UserInputError`
naming the file, the key and the value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.errors import UserInputError
from sim.interfaces.dashboard.session import MAX_WEEKS, SEED_MAX, Classroom, Intervention, check_intervention, scenario_names, valid_seed
from sim.parameters import REGISTRY

FORMAT = "cogov-lesson"
VERSION = 1


def lesson_of(room: Classroom) -> dict[str, Any]:
    """The lesson document of a classroom as it stands (interventions made so far, then the plan)."""
    made = [{"week": i.week, "changes": i.changes} for i in room.interventions]
    planned = [{"week": i.week, "changes": i.changes} for i in room.plan]
    return {
        "format": FORMAT, "version": VERSION, "scenario": room.scenario_a, "comparison": room.scenario_b,
        "seed": room.seed, "overrides": dict(room.overrides), "week": room.week, "interventions": made + planned,
    }


def lesson_json(room: Classroom) -> str:
    return json.dumps(lesson_of(room), ensure_ascii=False, indent=2)


def _fail(origin: str, message: str) -> UserInputError:
    return UserInputError(f"lesson file {origin}: {message}")


def _check_parameters(values: Any, origin: str, key: str) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise _fail(origin, f"'{key}' must be a table of parameter names and values; got {values!r}.")
    checked = {}
    for name, value in values.items():
        spec = REGISTRY.get(name)
        if spec is None:
            raise _fail(origin, f"'{key}' names '{name}', which is not a parameter of the model.")
        value = spec.coerce(value)
        if not _within(spec, value):
            raise _fail(origin, f"'{key}.{name}' = {value!r} is not allowed; allowed: {spec.allowed()}.")
        checked[name] = value
    return checked


def _within(spec, value: Any) -> bool:
    """Whether ``value`` has the kind and lies in the range the registry allows."""
    if spec.kind == "bool":
        return isinstance(value, bool)
    if spec.kind == "choice":
        return value in spec.choices
    wanted = int if spec.kind == "int" else (int, float)
    if isinstance(value, bool) or not isinstance(value, wanted):
        return False
    return (spec.minimum is None or value >= spec.minimum) and (spec.maximum is None or value <= spec.maximum)


def classroom_from_lesson(document: Any, origin: str = "(text)") -> tuple[Classroom, int]:
    """The classroom a lesson document describes, at week 0, and the week the class had reached."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(origin, f"not a lesson file: expected a JSON object with \"format\": \"{FORMAT}\".")
    names = scenario_names()
    for key in ("scenario", "comparison"):
        value = document.get(key)
        if (key == "scenario" or value is not None) and value not in names:
            raise _fail(origin, f"'{key}' = {value!r} is not a shipped scenario; allowed: {', '.join(names)}.")
    seed = valid_seed(document.get("seed", 0))
    if seed is None:
        raise _fail(origin, f"'seed' = {document.get('seed')!r} must be a whole number from 0 to {SEED_MAX}.")
    week = document.get("week", 0)
    if not isinstance(week, int) or isinstance(week, bool) or not 0 <= week <= MAX_WEEKS:
        raise _fail(origin, f"'week' = {week!r} must be a whole number from 0 to {MAX_WEEKS}.")
    overrides = _check_parameters(document.get("overrides", {}), origin, "overrides")
    listed = document.get("interventions", [])
    if not isinstance(listed, list):
        raise _fail(origin, f"'interventions' must be a list of {{week, changes}} entries; got {listed!r}.")
    plan = []
    for index, entry in enumerate(listed):
        where = f"interventions[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"week", "changes"}:
            raise _fail(origin, f"'{where}' must be an object with the keys 'week' and 'changes'; got {entry!r}.")
        at = entry.get("week")
        if not isinstance(at, int) or isinstance(at, bool) or not 0 <= at < MAX_WEEKS:
            raise _fail(origin, f"'{where}.week' = {at!r} must be a whole number from 0 to {MAX_WEEKS - 1}.")
        changes = _check_parameters(entry.get("changes"), origin, f"{where}.changes")
        check_intervention(changes, origin=f"lesson file {origin}, '{where}.changes'")
        plan.append(Intervention(at, changes))
    try:
        room = Classroom(document["scenario"], seed, overrides, document.get("comparison"), plan=plan)
    except UserInputError as exc:
        raise _fail(origin, str(exc)) from None
    return room, week


def load_lesson(path: str | Path) -> tuple[Classroom, int]:
    """Read a lesson file (UTF-8 JSON) and build its classroom; see :func:`classroom_from_lesson`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserInputError(f"lesson file {path}: cannot be read ({exc.strerror}).") from None
    return classroom_from_bytes(raw, str(path))


def classroom_from_bytes(raw: bytes, origin: str) -> tuple[Classroom, int]:
    """A lesson from the bytes of an uploaded or read file."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _fail(origin, "is not UTF-8 text; save it as UTF-8 JSON.") from None
    except json.JSONDecodeError as exc:
        raise _fail(origin, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    return classroom_from_lesson(document, origin)


def save_lesson(room: Classroom, path: str | Path) -> Path:
    from sim.files import write_text

    return write_text(path, lesson_json(room))
