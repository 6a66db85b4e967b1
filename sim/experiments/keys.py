"""Run keys, model version and fingerprints: how a results folder knows what it holds.

A *run key* names one run by what determines its output and nothing else::

    run_key = sha256(point digest, seed, steps, model version)[:32 hex]
    point digest = sha256(canonical JSON of the run's full, validated parameters)

so the same run gets the same key in every process, on every machine and under every
executor, and resuming a sweep can skip exactly the runs already on disk.

The *model version* is ``sim.__version__`` plus a SHA-256 of the source files a run executes
(``sim/experiments/runs.py``, ``sim/model/cogovernance.py`` and every ``sim`` module they import, found by reading
their import statements, see :func:`run_modules`), plus the Mesa and numpy versions. A hash of
the sources is used rather than the git revision because it is exact (an uncommitted edit to
the model changes it; a commit that touches only the README, the dashboard or the command line
does not) and it exists in installed copies without a ``.git`` folder. The git revision is
still recorded in each manifest, for provenance.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

#: Modules a run starts from; the model version covers them and every ``sim`` module they import.
RUN_ROOTS = ("sim", "sim.experiments.runs", "sim.model")
#: The one experiment-layer module a run executes (every other one only decides which runs happen).
RUN_MODULE = "sim.experiments.runs"


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and exact float text, so equal values give equal bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=True, default=_plain)


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot put {type(value).__name__} in a run key")


def digest(value: Any) -> str:
    """SHA-256 (hex) of a value's canonical JSON."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def run_modules() -> dict[str, Path]:
    """Source files of the ``sim`` modules a run can execute: the roots and, transitively, every
    ``sim`` module they import anywhere (also inside functions), found by reading the code.

    The experiment layer itself is left out: it decides *which* runs happen, and everything it
    passes to a run (parameters, seed, steps) is in the run key already."""
    import ast

    root = Path(__file__).resolve().parents[1]

    def source_of(module: str) -> Path | None:
        parts = module.split(".")[1:]
        for candidate in (root.joinpath(*parts, "__init__.py"), root.joinpath(*parts).with_suffix(".py") if parts else None):
            if candidate is not None and candidate.is_file():
                return candidate
        return None

    found: dict[str, Path] = {}
    pending = list(RUN_ROOTS)
    while pending:
        module = pending.pop()
        path = source_of(module)
        if module in found or path is None or (module.startswith("sim.experiments") and module != RUN_MODULE):
            continue
        found[module] = path
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                pending.extend(alias.name for alias in node.names if alias.name.split(".")[0] == "sim")
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    target = f"{base}.{node.module}" if node.module else base
                else:
                    target = node.module or ""
                if target.split(".")[0] != "sim":
                    continue
                pending.append(target)
                pending.extend(f"{target}.{alias.name}" for alias in node.names)  # `from sim import model`
    return dict(sorted(found.items()))


@cache
def source_digest() -> str:
    """SHA-256 over the source files of :func:`run_modules` (names and contents, in a fixed order)."""
    hasher = hashlib.sha256()
    for module, path in run_modules().items():
        hasher.update(module.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


@cache
def model_version() -> dict[str, str]:
    """What, besides parameters, seed and steps, decides a run's output."""
    from importlib import metadata

    import sim

    versions = {"cogov": sim.__version__, "sources": source_digest()[:16]}
    for name in ("mesa", "numpy"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover - both are dependencies
            versions[name] = "unknown"
    return versions


def model_version_text(version: dict[str, str] | None = None) -> str:
    version = version or model_version()
    return f"cogov {version['cogov']}+src.{version['sources']} (mesa {version['mesa']}, numpy {version['numpy']})"


def point_digest(parameters: dict[str, Any]) -> str:
    """Digest of one parameter point (full, validated parameters)."""
    return digest(parameters)


def run_key(point: str, seed: int, steps: int, version: dict[str, str] | None = None) -> str:
    """The key of one run: parameters (by their digest), seed, steps and model version."""
    version = version or model_version()
    return digest({"parameters": point, "seed": int(seed), "steps": int(steps), "model": version})[:32]
