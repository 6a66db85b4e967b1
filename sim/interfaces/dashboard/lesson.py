"""A lesson file: what a teacher prepares or keeps of a class, as a small JSON document.

It names the scenario (and the comparison scenario, side by side), the seed, the slider values
set before week 0 and the interventions made during the run, each with the week it was made::

    {"format": "cogov-lesson", "version": 1, "scenario": "baseline", "comparison": null,
     "seed": 0, "overrides": {}, "week": 120,
     "interventions": [{"week": 104, "changes": {"empowerment": 0.8}}]}

Loading it rebuilds the same runs (same seed, same interventions at the same weeks), so the
class sees the same community again. ``week`` is where the class had got to (a reload runs
back to it).

A lesson file comes from a teacher's disk or a browser upload, so it is read defensively: at
most :data:`LESSON_MAX_BYTES` bytes and :data:`MAX_INTERVENTIONS` interventions, nested at most
:data:`MAX_NESTING` deep, numbers of at most :data:`MAX_NUMBER_CHARS` characters and finite,
only the keys a lesson has (a misspelt one is refused, with the likely key named), UTF-8 with
or without a byte-order mark. Every problem is a
:class:`~sim.interfaces.bilingual.BilingualError` naming the file, the key, the value and what
is allowed, in Chinese and in English.
"""

from __future__ import annotations

import json
import math
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from sim.errors import UserInputError, printable
from sim.interfaces.bilingual import BilingualError
from sim.interfaces.dashboard.i18n import LANGUAGES, allowed, json_reason, text
from sim.interfaces.dashboard.session import (
    MAX_WEEKS,
    SEED_MAX,
    Classroom,
    Intervention,
    check_intervention,
    scenario,
    scenario_names,
    valid_seed,
    within_registry,
)
from sim.parameters import REGISTRY

FORMAT = "cogov-lesson"
VERSION = 1
#: Largest lesson file read (a lesson with an intervention every week of ten years is far smaller).
LESSON_MAX_BYTES = 512_000
#: Most interventions a lesson may list: one a week for the longest run.
MAX_INTERVENTIONS = MAX_WEEKS
#: Deepest nesting of objects and lists (a lesson needs four: document, list, entry, changes).
MAX_NESTING = 6
#: Longest number accepted, in characters (a seed has at most ten digits).
MAX_NUMBER_CHARS = 24
KEYS = ("format", "version", "scenario", "comparison", "seed", "overrides", "week", "interventions")
ENTRY_KEYS = ("week", "changes")


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


# ---------------------------------------------------------------------- messages
def _fail(origin: str, error: str, /, **values: Any) -> BilingualError:
    """The error ``lesson.<error>`` of the translation table, about the file ``origin``; a value
    given as a (Chinese, English) pair is written in each message's language."""

    def message(index: int, lang: str) -> str:
        filled = {name: value[index] if isinstance(value, tuple) else value for name, value in values.items()}
        return text("lesson.file", lang, origin=origin, message=text(f"lesson.{error}", lang, **filled))

    return BilingualError(*(message(index, lang) for index, lang in enumerate(LANGUAGES)))


def _did_you_mean(name: str, candidates) -> tuple[str, str]:
    close = get_close_matches(name, list(candidates), n=1)
    return (text("lesson.did_you_mean", "zh", name=close[0]), text("lesson.did_you_mean", "en", name=close[0])) if close else ("", "")


def shown(value: Any) -> str:
    """A value as a message quotes it: short, printable (a 5,000-digit number by its ends)."""
    if isinstance(value, BadNumber):
        return printable(value.text)
    quoted = printable(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value))
    return quoted if len(quoted) <= 80 else f"{quoted[:60]}… ({len(quoted):,})"


def too_large(origin: str, size: int) -> BilingualError:
    return _fail(origin, "too_large", size=f"{size:,}", most=f"{LESSON_MAX_BYTES:,}")


def _unknown_key(key: str, allowed_keys: tuple[str, ...], where: str, origin: str) -> BilingualError:
    return _fail(
        origin, "unknown_key_in" if where else "unknown_key", key=printable(key)[:60], where=where,
        allowed=", ".join(allowed_keys), hint=_did_you_mean(key, allowed_keys),
    )


# ---------------------------------------------------------------------- reading
class BadNumber:
    """A number the file spells in a way no lesson needs (too long, NaN, Infinity): kept as text,
    so that the key holding it can be named when it is checked."""

    def __init__(self, text: str):
        self.text = text if len(text) <= 80 else f"{text[:30]}…{text[-10:]} ({len(text):,})"


def _parse_int(text: str):
    return int(text) if len(text) <= MAX_NUMBER_CHARS else BadNumber(text)


def _parse_float(text: str):
    value = float(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    return value if math.isfinite(value) else BadNumber(text)


def nesting_depth(document: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (without parsing, so without recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for character in document:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def classroom_from_bytes(raw: bytes, origin: str) -> tuple[Classroom, int]:
    """A lesson from the bytes of an uploaded or read file."""
    if len(raw) > LESSON_MAX_BYTES:
        raise too_large(origin, len(raw))
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(origin, "not_utf8") from None
    depth = nesting_depth(decoded)
    if depth > MAX_NESTING:
        raise _fail(origin, "too_deep", depth=f"{depth:,}", most=MAX_NESTING)
    try:
        document = json.loads(decoded, parse_int=_parse_int, parse_float=_parse_float, parse_constant=BadNumber)
    except json.JSONDecodeError as exc:
        reason = tuple(json_reason(exc.msg, lang) for lang in LANGUAGES)
        raise _fail(origin, "not_json", line=exc.lineno, column=exc.colno, reason=reason) from None
    return classroom_from_lesson(document, origin)


def load_lesson(path: str | Path) -> tuple[Classroom, int]:
    """Read a lesson file (UTF-8 JSON) and build its classroom; see :func:`classroom_from_lesson`."""
    path = Path(path)
    try:
        if path.stat().st_size > LESSON_MAX_BYTES:
            raise too_large(str(path), path.stat().st_size)
        with path.open("rb") as handle:
            raw = handle.read(LESSON_MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(str(path), "unreadable", reason=exc.strerror or type(exc).__name__) from None
    return classroom_from_bytes(raw, str(path))


# ---------------------------------------------------------------------- checking
def _check_parameters(values: Any, origin: str, key: str) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise _fail(origin, "not_table", key=key, value=shown(values))
    checked = {}
    for name, value in values.items():
        spec = REGISTRY.get(name)
        if spec is None:
            raise _fail(origin, "unknown_parameter", key=key, name=printable(name)[:60], hint=_did_you_mean(name, REGISTRY))
        value = spec.coerce(value)
        if not within_registry(spec, value):
            raise _fail(origin, "not_allowed", key=f"{key}.{name}", value=shown(value), allowed=(allowed(name, "zh"), allowed(name, "en")))
        checked[name] = value
    return checked


def _is_week(value: Any, last: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= last


def _check_head(document: Any, origin: str) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(origin, "not_lesson", format=FORMAT)
    for key in document:
        if key not in KEYS:
            raise _unknown_key(key, KEYS, "", origin)
    version = document.get("version", VERSION)
    if version != VERSION or isinstance(version, bool):
        raise _fail(origin, "version", value=shown(version), version=VERSION)
    names = scenario_names()
    for key in ("scenario", "comparison"):
        value = document.get(key)
        if (key == "scenario" or value is not None) and value not in names:
            listed = tuple(text("list.separator", lang).join(text("lesson.scenario_item", lang, title=scenario(name).title(lang), name=name)
                                                           for name in names) for lang in LANGUAGES)
            raise _fail(origin, "scenario", key=key, value=shown(value), allowed=listed)


def _plan(listed: Any, origin: str) -> list[Intervention]:
    if not isinstance(listed, list):
        raise _fail(origin, "not_list", value=shown(listed))
    if len(listed) > MAX_INTERVENTIONS:
        raise _fail(origin, "too_many", count=f"{len(listed):,}", most=MAX_INTERVENTIONS)
    plan = []
    for index, entry in enumerate(listed):
        where = f"interventions[{index}]"
        if not isinstance(entry, dict):
            raise _fail(origin, "not_entry", key=where, value=shown(entry))
        for key in entry:
            if key not in ENTRY_KEYS:
                raise _unknown_key(key, ENTRY_KEYS, where, origin)
        at = entry.get("week")
        if not _is_week(at, MAX_WEEKS - 1):
            raise _fail(origin, "whole_number", key=f"{where}.week", value=shown(at), low=0, high=MAX_WEEKS - 1)
        changes = _check_parameters(entry.get("changes"), origin, f"{where}.changes")
        check_intervention(changes, origin=f"{where}.changes", file=origin)
        plan.append(Intervention(at, changes))
    return plan


def classroom_from_lesson(document: Any, origin: str = "(text)") -> tuple[Classroom, int]:
    """The classroom a lesson document describes, at week 0, and the week the class had reached."""
    _check_head(document, origin)
    raw_seed = document.get("seed", 0)
    seed = None if isinstance(raw_seed, BadNumber) else valid_seed(raw_seed)
    if seed is None or isinstance(raw_seed, str):
        raise _fail(origin, "whole_number", key="seed", value=shown(raw_seed), low=0, high=SEED_MAX)
    week = document.get("week", 0)
    if not _is_week(week, MAX_WEEKS):
        raise _fail(origin, "whole_number", key="week", value=shown(week), low=0, high=MAX_WEEKS)
    overrides = _check_parameters(document.get("overrides", {}), origin, "overrides")
    plan = _plan(document.get("interventions", []), origin)
    try:
        room = Classroom(document["scenario"], seed, overrides, document.get("comparison"), plan=plan)
    except BilingualError:
        raise
    except UserInputError as exc:
        raise _fail(origin, "cannot_build", reason=str(exc)) from None
    return room, week


def save_lesson(room: Classroom, path: str | Path) -> Path:
    from sim.files import write_text

    return write_text(path, lesson_json(room))
