"""Test helpers: the community the tests play, and answers to a role's weekly form."""

from __future__ import annotations

#: The community every classroom test plays: the co-governance scenario at a seed whose
#: community has two owners' committees, so every kind of role exists.
SCENARIO = "co_governance"
SEED = 7


def fill_form(view: dict, pick: int = 0) -> dict:
    """Option ``pick`` (modulo the options) of every one-of field, and the first household to visit."""
    answers = {}
    for field in view["form"]:
        values = [o["value"] for o in field["options"]]
        answers[field["name"]] = values[:1] if field["kind"] == "many" else values[pick % len(values)]
    return answers
