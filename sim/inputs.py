"""Reading the user's files and paths so that any bad input ends in a clear :class:`UserInputError`.

Scenario and sweep files are small UTF-8 TOML documents. What people actually hand in instead —
a file saved as GBK by a Chinese Windows editor, UTF-16 from another, a binary file, a number of
thousands of digits, arrays nested thousands deep, a path longer than the file system allows —
each gets a one-paragraph message saying what is wrong and how to fix it (exit status 2).
"""

from __future__ import annotations

import errno
import os
import tomllib
from pathlib import Path
from typing import Any

from sim.errors import UserInputError

#: Scenario and sweep files are a few kilobytes; anything this large is not one.
MAX_TOML_BYTES = 1_000_000
NAME_MAX_BYTES = 255  # one file or folder name (ext4, xfs, btrfs, tmpfs, NTFS)
PATH_MAX_BYTES = 4096


def check_path_length(path: str | Path, what: str) -> None:
    """Refuse a path whose names the file system could not store (``what`` names the option or role)."""
    text = os.fsencode(str(path))
    too_long = [part for part in text.split(b"/") if len(part) > NAME_MAX_BYTES]
    if too_long or len(text) > PATH_MAX_BYTES:
        detail = (
            f"one name in it is {len(too_long[0]):,} bytes long, more than the {NAME_MAX_BYTES} a file system allows"
            if too_long else f"it is {len(text):,} bytes long, more than the {PATH_MAX_BYTES:,} a path may have"
        )
        raise UserInputError(f"{what} {shorten(str(path))}: the path is too long ({detail}). Use a shorter name.")


def path_error(exc: OSError, path: str | Path, what: str) -> UserInputError:
    """A message for an OSError met while opening one of the user's paths."""
    reasons = {
        errno.ENOENT: "the file does not exist",
        errno.EISDIR: "is a folder, not a file",
        errno.EACCES: "permission denied",
        errno.ENAMETOOLONG: "the name is too long for the file system",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ELOOP: "too many levels of symbolic links",
    }
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return UserInputError(f"{what} {shorten(str(path))}: cannot be read ({reason}).")


def read_toml(path: str | Path, what: str = "") -> dict[str, Any]:
    """Read a small UTF-8 TOML file; ``what`` names it in messages (e.g. ``"--spec"``) before its path."""
    path = Path(path)
    label = f"{what} {path}" if what else str(path)
    check_path_length(path, what or "file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TOML_BYTES + 1)
    except OSError as exc:
        raise path_error(exc, path, what or "file") from None
    if len(data) > MAX_TOML_BYTES:
        raise UserInputError(f"{label}: the file is larger than {MAX_TOML_BYTES:,} bytes, so it is not a cogov TOML file.")
    return parse_toml(decode_utf8(data, label, path.name), label)


def decode_utf8(data: bytes, label: str, name: str = "FILE") -> str:
    """Decode a text file as UTF-8 (a byte-order mark is allowed), naming the encoding it seems to have."""
    if b"\0" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserInputError(f"{label}: a binary file, not a text file; give a TOML text file saved as UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = _guess_encoding(data)
        raise UserInputError(
            f"{label}: the file is not UTF-8 text (byte {exc.start:,}, line {line}){guess}. cogov reads TOML "
            "files as UTF-8: save it as UTF-8 (in most editors: Save as, Encoding UTF-8), or convert it with "
            f"`iconv -f {'UTF-16' if 'UTF-16' in guess else 'GB18030'} -t UTF-8 {name} > converted.toml`."
        ) from None


def _guess_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "; it is UTF-16"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "; it looks like GBK/GB18030, the encoding of Chinese text saved by many Windows editors"
    return ""


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """Parse TOML text, turning every way it can fail into a :class:`UserInputError`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserInputError(f"{where}: not valid TOML ({exc}). Check quoting, brackets and '=' signs.") from None
    except RecursionError:
        raise UserInputError(f"{where}: arrays or tables are nested too deeply to read; no cogov setting nests more than two levels.") from None
    except ValueError as exc:  # an integer beyond Python's limit on digits
        raise UserInputError(f"{where}: {huge_number_reason(exc)}") from None


def huge_number_reason(exc: ValueError) -> str:
    digits = str(exc).split("value has ")[-1].split(" digits")[0] if "digits" in str(exc) else "thousands of"
    return f"a number with {digits} digits is far beyond every allowed value; give a value in the parameter's range."


def shorten(text: str, limit: int = 120) -> str:
    """``text``, or its beginning and end with the length, when it is too long to echo."""
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]}...{text[-20:]} ({len(text):,} characters)"
