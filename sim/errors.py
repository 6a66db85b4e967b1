"""User-facing errors: one clear paragraph each, never a traceback (unless ``--debug``).

Every error caused by the user's input (a scenario file, a ``--set`` value, a sweep
specification, a missing or damaged results folder, a run too large for this machine's memory)
is a :class:`UserInputError`; the command line turns it into a message and exit status 2.
A disk that fills up is a :class:`DiskFullError` (exit status 3): finished results are kept and
rerunning the same command after freeing space resumes. Anything else is an internal error
(exit status 1).
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the registry (pydantic) is imported where it is used, so that `cogov --help` stays light
    from pydantic import ValidationError


#: Exit status of ``cogov check-facts --strict`` when a counted pattern or a calibration target fails (3 is a full disk, 2 bad input).
CHECK_FAILED_EXIT = 4


class UserInputError(Exception):
    """Bad input from the user; the message says what is wrong and how to fix it."""

    def __init__(self, message: str, problems: Iterable[str] = ()):
        self.problems = list(problems)
        super().__init__(message)

    def __str__(self) -> str:
        head = self.args[0]
        if not self.problems:
            return head
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class DiskFullError(Exception):
    """The disk filled up while results were being written; nothing finished was deleted."""

    exit_code = 3

    def __init__(self, directory: Any, kept_runs: int):
        self.directory = directory
        self.kept_runs = kept_runs
        super().__init__(
            f"no space left on device: {kept_runs} finished runs are kept in the journal; free space and rerun to "
            f"resume (the same command; runs already in {directory} are not run again)."
        )


#: errno values that mean "the disk (or the user's quota) is full".
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_no_space(exc: BaseException) -> bool:
    """Whether an exception says the disk is full (pyarrow's IO errors carry no errno, only text)."""
    if not isinstance(exc, OSError):
        return False
    return exc.errno in NO_SPACE_ERRNOS or "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)


def printable(text: str) -> str:
    """``text`` made safe to print: control characters escaped, enormous words shortened.

    Line breaks and tabs are kept; everything else below U+0020, DEL and the C1 controls is shown
    as ``\\x1b`` and the like, so user input echoed in a message cannot rewrite the terminal. A run
    of more than 200 non-blank characters (a number of 5,000 digits) is shown by its ends and length.
    """
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return _LONG_WORD.sub(lambda m: f"{m.group()[:60]}...{m.group()[-20:]} ({len(m.group()):,} characters)", text)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LONG_WORD = re.compile(r"\S{201,}")


def describe_parameter_error(key: str, value: Any, reason: str) -> str:
    """One sentence about a bad parameter value, naming the allowed values from the registry."""
    from sim.parameters import REGISTRY

    spec = REGISTRY.get(key)
    if spec is None:
        return unknown_parameter_message(key)
    return (
        f"parameter '{key}' ({spec.label_en}, {spec.label_zh}) = {value!r} is not allowed: "
        f"{reason}; allowed: {spec.allowed()}"
    )


def value_problem(key: str, value: Any, check_range: bool = True) -> str | None:
    """What is wrong with ``value`` for registry parameter ``key`` (type, and range unless told not to); None if allowed.

    Used wherever values arrive from files other than scenario files (posterior ensembles,
    manifests, the EMA adapter), so that they get the same rules as ``--set``.
    """
    import math

    from sim.parameters import REGISTRY

    spec = REGISTRY.get(key)
    if spec is None:
        return unknown_parameter_message(key)
    if spec.kind == "bool":
        return None if isinstance(value, bool) else f"wrong type ({type(value).__name__}); allowed: true or false"
    if spec.kind == "choice":
        if not isinstance(value, str):
            return f"wrong type ({type(value).__name__}); allowed: {spec.allowed()}"
        return None if value in spec.choices or not check_range else f"not one of the choices; allowed: {spec.allowed()}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"wrong type ({type(value).__name__}); allowed: {spec.allowed()}"
    if not math.isfinite(value):
        return f"not a finite number; allowed: {spec.allowed()}"
    if spec.kind == "int" and not float(value).is_integer():
        return f"not a whole number; allowed: {spec.allowed()}"
    if check_range and ((spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum)):
        return f"out of range; allowed: {spec.allowed()}"
    return None


def unknown_parameter_message(key: str) -> str:
    from difflib import get_close_matches

    from sim.parameters import REGISTRY

    close = get_close_matches(key, list(REGISTRY), n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown parameter '{key}'{hint} (`cogov params` lists them all)"


def validation_problems(error: ValidationError, values: dict[str, Any]) -> list[str]:
    """Turn a pydantic error on :class:`sim.parameters.Parameters` into one line per problem."""
    from sim.parameters import REGISTRY

    problems = []
    for item in error.errors():
        location = item.get("loc") or ()
        key = str(location[0]) if location else ""
        if item["type"] == "extra_forbidden":
            problems.append(unknown_parameter_message(key))
        elif key in REGISTRY:
            reason = _reason(item)
            problems.append(describe_parameter_error(key, values.get(key, item.get("input")), reason))
        else:  # cross-field check
            problems.append(item["msg"].removeprefix("Value error, "))
    return problems


def _reason(item: dict[str, Any]) -> str:
    kind = item["type"]
    if kind == "literal_error":
        return "not one of the choices"
    if kind.endswith("_type") or kind in {"int_from_float", "bool_parsing"}:
        return f"wrong type ({type(item.get('input')).__name__})"
    return item["msg"].lower()
