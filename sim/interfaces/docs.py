"""Generated documentation: the parameter and outcome tables of docs/ODD.md, the README's table of
what each shipped scenario sets.

``python -m sim.interfaces.docs`` rewrites the parts of docs/ODD.md and README.md between the
``<!-- BEGIN ... -->`` and ``<!-- END ... -->`` markers from the registry and the scenario files, so
the documents never drift from the code (a test checks that they are current).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sim.model.outcomes import OUTCOMES
from sim.parameters import GROUPS, ParameterSpec, registry

ROOT = Path(__file__).resolve().parents[2]
ODD_PATH = ROOT / "docs" / "ODD.md"
README_PATH = ROOT / "README.md"


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).lower() if isinstance(value, bool) else str(value)


def parameter_markdown(specs: list[ParameterSpec] | None = None) -> str:
    """The registry as Markdown tables, one per group."""
    blocks = []
    specs = specs or registry()
    for group, (title_zh, title_en) in GROUPS.items():
        rows = [s for s in specs if s.group == group]
        if not rows:
            continue
        lines = [
            f"#### {title_en} ({title_zh})",
            "",
            "| name | 中文 | English | type | default | allowed | unit | meaning | source | acts on |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for s in rows:
            if s.kind == "bool":
                allowed = "true / false"
            elif s.kind == "choice":
                allowed = " / ".join(s.choices)
            else:
                allowed = f"{_value(s.minimum)} – {_value(s.maximum)}"
            lines.append(
                f"| `{s.name}` | {s.label_zh} | {s.label_en} | {s.kind} | {_value(s.default)} | {allowed} "
                f"| {s.unit} | {s.meaning} | {s.source}{_prior(s)} | {s.acts_on.describe() if s.acts_on else 'not declared'} |"
            )
        blocks.append("\n".join(lines))
    blocks.append(
        "*Acts on*: the outcomes a parameter must move and the context where it must (a shipped scenario, "
        "run on a 20 × 20 community with the listed overrides; `test a vs b` replaces the bounds). "
        "`tests/test_liveness.py` checks every declaration with paired replicates at the parameter's "
        "bounds; `python -m sim.experiments.liveness NAME` measures one parameter."
    )
    return "\n\n".join(blocks)


def _prior(spec) -> str:
    """The calibration prior of a calibrated parameter, for the source column (ODD §6.3)."""
    if spec.prior is None:
        return ""
    return f"; prior {_value(spec.prior[0])} – {_value(spec.prior[1])} (calibrated by `cogov calibrate`, ODD §6.3): {spec.prior_basis}"


def outcome_markdown() -> str:
    lines = ["| column | 中文 | English | meaning |", "|---|---|---|---|"]
    for o in OUTCOMES.values():
        lines.append(f"| `{o.name}` | {o.label_zh} | {o.label_en} | {o.meaning} |")
    return "\n".join(lines)


def scenario_settings_markdown() -> str:
    """Every shipped scenario with the parameters it sets differently from the baseline."""
    from sim.scenarios import available_scenarios, load_scenario

    baseline = load_scenario("baseline").parameters.model_dump()
    lines = ["| scenario | 中文 | sets (relative to `baseline`) |", "|---|---|---|"]
    for name in available_scenarios():
        scenario = load_scenario(name)
        values = scenario.parameters.model_dump()
        changed = ", ".join(f"`{k} = {_value(v)}`" for k, v in values.items() if v != baseline[k]) or "the registry's defaults"
        lines.append(f"| `{name}` | {scenario.meta.title_zh} | {changed} |")
    return "\n".join(lines)


GENERATED = {"PARAMETERS": parameter_markdown, "OUTCOMES": outcome_markdown, "SCENARIO_SETTINGS": scenario_settings_markdown}
DOCUMENTS = (ODD_PATH, README_PATH)


def block_pattern(name: str) -> re.Pattern:
    """The generated block ``name`` of a document: ``<!-- BEGIN name -->`` ... ``<!-- END name -->``."""
    return re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)


def block(text: str, name: str) -> str:
    """The current content of the generated block ``name`` of ``text``."""
    match = block_pattern(name).search(text)
    if match is None:
        raise KeyError(f"no generated block {name}")
    return text[match.end(1):match.start(2)].removesuffix("\n")


def replace_block(text: str, name: str, content: str) -> str:
    """``text`` with the generated block ``name`` holding ``content``."""
    return block_pattern(name).sub(lambda m: f"{m.group(1)}{content}\n{m.group(2)}", text)


def render(text: str) -> str:
    """Replace every generated block of ``text`` with its current content."""
    for name, make in GENERATED.items():
        if block_pattern(name).search(text):
            text = replace_block(text, name, make())
    return text


def main() -> int:
    stale = []
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        updated = render(text)
        if updated != text:
            stale.append(path.name)
            if "--check" not in sys.argv:
                from sim.files import write_text

                write_text(path, updated)
    if stale and "--check" in sys.argv:
        print(f"{', '.join(stale)} out of date: run `python -m sim.interfaces.docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
