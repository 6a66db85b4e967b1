"""Errors that a teacher or a student may read: Chinese first, English second.

A :class:`BilingualError` is a :class:`~sim.errors.UserInputError` (the command line prints it and
exits 2) that keeps its two languages apart, so a page in Chinese mode shows only the Chinese
sentence and a page in English mode only the English one (:func:`in_language`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.errors import UserInputError


class BilingualError(UserInputError):
    """A user error with a Chinese and an English sentence; ``str()`` gives both, Chinese first."""

    def __init__(self, zh: str, en: str, problems: Iterable[str] = ()):
        self.zh, self.en = zh, en
        super().__init__(f"{zh}\n{en}", problems)


def in_language(error: BaseException, lang: str) -> str:
    """The message of ``error`` in ``lang`` (an error without a Chinese text: its own message)."""
    if isinstance(error, BilingualError):
        return error.zh if lang == "zh" else error.en
    return str(error)
