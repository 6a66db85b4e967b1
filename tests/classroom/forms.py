"""Test helper: answers to a role's weekly form."""

from __future__ import annotations


def fill_form(view: dict, pick: int = 0) -> dict:
    """Option ``pick`` (modulo the options) of every one-of field, and the first household to visit."""
    answers = {}
    for field in view["form"]:
        values = [o["value"] for o in field["options"]]
        answers[field["name"]] = values[:1] if field["kind"] == "many" else values[pick % len(values)]
    return answers
