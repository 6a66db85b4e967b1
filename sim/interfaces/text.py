"""Plain-text layout for terminal tables that mix Chinese and Latin text.

A Chinese character takes two columns in a terminal, so ``f"{text:<20}"`` misaligns Chinese
columns; :func:`pad` pads to a display width instead (East Asian Width, Unicode Standard Annex 11).
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns ``text`` occupies: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(text))


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns (unchanged when already wider)."""
    text = str(text)
    return text + " " * max(0, width - display_width(text))


def hypothesis_statement(code: str, lang: str = "en") -> str:
    """The one-line statement of hypothesis ``code`` (H1-H9) from the dashboard's translation table."""
    from sim.interfaces.dashboard.i18n import HYPOTHESES

    pair = HYPOTHESES.get(code)
    if pair is None:
        return ""
    return pair[0] if lang == "zh" else pair[1]
