"""Aligned plain-text tables whose cells mix Chinese and English (wide characters count double)."""

from __future__ import annotations

import re
import shutil
import unicodedata

_WIDE = r"\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, size: int) -> list[str]:
    """Greedy wrap by display width; Chinese characters may break anywhere, words may not."""
    lines, line = [], ""
    for token in re.findall(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+", text):
        if token.isspace():
            token = " "
        if display_width(line + token) > size and line.strip():
            lines.append(line.rstrip())
            line = "" if token == " " else token
        else:
            line += token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - display_width(text))


def print_table(columns: list[tuple[str, int]], rows: list[list[list[str] | str]], stretch: int | None = None) -> None:
    """Print rows of cells (a cell is a string or a list of paragraphs) wrapped into fixed-width columns.

    ``stretch``: index of the column that takes the terminal's spare width.
    """
    columns = list(columns)
    if stretch is not None:
        width = max(110, shutil.get_terminal_size((140, 20)).columns)
        spare = width - sum(w for _, w in columns) - 3 * (len(columns) - 1)
        columns[stretch] = (columns[stretch][0], columns[stretch][1] + max(0, spare))
    rule = "-+-".join("-" * size for _, size in columns)
    print(" | ".join(pad(name, size) for name, size in columns).rstrip())
    print(rule)
    for row in rows:
        wrapped = []
        for cell, (_, size) in zip(row, columns, strict=True):
            paragraphs = [cell] if isinstance(cell, str) else cell
            wrapped.append([line for paragraph in paragraphs for line in wrap(paragraph, size)])
        for index in range(max(len(w) for w in wrapped)):
            print(" | ".join(pad(w[index] if index < len(w) else "", size) for w, (_, size) in zip(wrapped, columns, strict=True)).rstrip())
        print(rule)
