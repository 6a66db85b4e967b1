"""Compiled kernels of the weekly schedule's hot passes (numba), and the switch to their numpy references.

Each mechanism of :mod:`sim.model.mechanisms` that has a kernel keeps its plain-numpy version
as the *reference*: the readable statement of the rule, and what the kernel must reproduce.
Kernels loop once over the arrays a mechanism reads (households, the open problems of the
problem book) instead of issuing one numpy operation per term, which is where a step's fixed
cost went (docs/ODD.md §6, performance). They draw no random numbers: every draw stays in the
mechanism, on its named stream, in the same order and of the same size as in the reference, so
common random numbers and reproducibility on any number of workers are untouched.

Agreement: a kernel performs the same IEEE operations in the same order as its reference
(no fast-math, no reassociated sums, float powers through ``pow``), so a run with kernels is
bit-identical to a run with the references (``tests/mechanisms/test_kernels.py``).

``COGOV_KERNELS=numpy`` in the environment, or :func:`numpy_reference`, runs the references.
Compiled kernels are cached on disk (numba ``cache=True``), so only a fresh installation pays
the compile time (``benchmarks/model_speed.py`` reports it).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import numba

#: Whether mechanisms call their compiled kernels (else their numpy references).
ENABLED = os.environ.get("COGOV_KERNELS", "numba") != "numpy"

#: Decorator of every kernel: compiled ahead of first use, cached on disk, no fast-math.
kernel = numba.njit(cache=True, nogil=True)


def enabled() -> bool:
    return ENABLED


@contextlib.contextmanager
def numpy_reference() -> Iterator[None]:
    """Within the block, mechanisms run their numpy references instead of their kernels."""
    global ENABLED
    before, ENABLED = ENABLED, False
    try:
        yield
    finally:
        ENABLED = before
