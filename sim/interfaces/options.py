"""Argument types and options shared by every sub-command of ``cogov``."""

from __future__ import annotations

import argparse

from sim.errors import UserInputError


def bounded_int(name: str, low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number from {low} to {high}; got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be from {low} to {high}; got {value}")
        return value

    return parse


STEPS = bounded_int("--steps", 1, 5200)
SEED = bounded_int("--seed", 0, 2**32 - 1)
REPLICATES = bounded_int("--replicates", 1, 100_000)
WORKERS = bounded_int("--workers", 1, 4096)


def output_path(text: str):
    """An --out or --csv path: never empty (``Path("")`` would silently mean the current folder)."""
    from pathlib import Path

    if not text.strip():
        raise argparse.ArgumentTypeError("the path is empty; give the name of the file or folder to write")
    return Path(text)


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are user-input errors (exit 2, no traceback).

    Its description may be a function without arguments, called the first time the help is shown,
    so that building the parser does not import what only the description reads (start-up time).
    """

    def error(self, message: str):  # noqa: D102
        raise UserInputError(f"{self.prog}: {message}. Run `{self.prog} --help` for the usage.")

    def format_help(self) -> str:  # noqa: D102
        if callable(self.description):
            self.description = self.description()
        return super().format_help()


def add_set_option(parser: argparse.ArgumentParser, note: str = "") -> None:
    parser.add_argument(
        "--set", dest="assignments", action="append", metavar="KEY=VALUE", default=[],
        help="override a parameter (TOML value syntax; repeatable)" + (f"; {note}" if note else ""),
    )


def add_executor_options(parser) -> None:
    """Where runs execute, as in ``cogov sweep``."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=WORKERS, metavar="N", help="local worker processes (default: all cores; 1 runs serially)")
    where.add_argument("--dask-scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (e.g. tcp://host:8786)")
    where.add_argument("--dask-local", type=WORKERS, metavar="N", help="start a Dask LocalCluster of N worker processes")
