"""Test helpers: the community the tests play, students' devices, and answers to a role's weekly form."""

from __future__ import annotations

import secrets

#: The community every classroom test plays: the co-governance scenario at a seed whose
#: community has two owners' committees, so every kind of role exists.
SCENARIO = "co_governance"
SEED = 7


def new_device() -> str:
    """A device secret as a student's browser makes one (kept in its localStorage)."""
    return secrets.token_urlsafe(16)


def address(k: int) -> str:
    """The ``k``-th student's own loopback address (127.0.0.2, 127.0.0.3, ...): one phone each."""
    return f"127.0.{k // 250}.{k % 250 + 2}"


#: token -> (address, device secret) of the students the helpers joined: what their phones keep.
PHONES: dict[str, tuple[str, str]] = {}


def join(session, name: str, k: int = 0, device: str | None = None):
    """Student ``k`` joins ``session`` from their own address with a fresh device (or ``device``)."""
    device = device or new_device()
    student = session.join(session.join_code, name, address(k), device)
    PHONES[student.token] = (address(k), device)
    return student


def seen(session, student):
    """The student's page asking the server (what ``/api/state`` does)."""
    return session.student(student.token, *PHONES[student.token])


def answer(session, student, week: int, answers: dict) -> None:
    session.answer(student.token, *PHONES[student.token], week, student.role.key, answers)


def fill_form(view: dict, pick: int = 0) -> dict:
    """Option ``pick`` (modulo the options) of every one-of field that applies, and the first household to visit."""
    answers: dict = {}
    for field in view["form"]:
        if field.get("requires") and any(answers.get(n) != v for n, v in field["requires"].items()):
            continue
        values = [o["value"] for o in field["options"]]
        answers[field["name"]] = values[:1] if field["kind"] == "many" else values[pick % len(values)]
    return answers
