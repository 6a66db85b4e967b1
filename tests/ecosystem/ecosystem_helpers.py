"""Constants shared by the ecosystem tests (a module of its own: conftest modules of two folders clash on import)."""

#: A 10 x 10 community: about 95 households, fast enough for tests that run dozens of runs.
TINY = ["--set", "width=10", "--set", "height=10", "--set", "zone_size_cells=10"]
TINY_VALUES = {"width": 10, "height": 10, "zone_size_cells": 10}
