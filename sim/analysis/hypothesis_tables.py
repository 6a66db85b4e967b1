"""The verdict table of ``cogov hypotheses``: one column per participation rule (and the posterior), as text or Markdown.

Each cell holds estimate [95% CI], d_z and the verdict; a contrast of a resolution rate adds the
same contrast of governance-only resolution and of the self-help share (its companions, from
the row's details). The last column says whether the decided verdict depends on the
participation rule (structural robustness). Read by :mod:`sim.analysis.hypothesis_tests`,
:mod:`sim.analysis.study_report` and notebook 02.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from sim.analysis.verdict_rule import CONTEXT

#: Short bilingual names of the companions of a resolution outcome in a table cell.
COMPANION_NAMES = {"governance_resolution_rate": "治理体系 governance", "self_help_share": "自助占比 self-help share",
                   **{f"governance_resolution_rate_{d}": "治理体系 governance" for d in ("environment", "services", "disputes")}}
RULE_DEPENDENT = "取决于参与规则 depends on the rule"
RULE_ROBUST = "三种规则一致 same under all rules"


def _format(value: float, unit: str = "") -> str:
    if not np.isfinite(value):
        return "n/a"
    return f"{value:+.3g}" if unit not in ("weeks", "problems", "effort units/week") or abs(value) < 10 else f"{value:+.1f}"


def rope_text(row: pd.Series) -> str:
    """The ROPE of a verdict row ("ROPE ±0.02"), or that it is context."""
    if str(row.get("verdict", "")).startswith(CONTEXT):
        return "context 背景"
    rope = row.get("rope", math.nan)
    return f"ROPE ±{rope:.3g}" if isinstance(rope, float | int) and np.isfinite(rope) else ""


def cell_text(row: pd.Series) -> list[str]:
    """Estimate [95% CI], d_z and the verdict of one verdict row, as lines of a table cell."""
    from sim.analysis.hypotheses import verdict_label

    lines = [f"{_format(row['estimate'], row['unit'])} [{_format(row['ci_low'], row['unit'])}, {_format(row['ci_high'], row['unit'])}]"]
    if np.isfinite(row["effect_size"]):
        lines.append(f"d_z {row['effect_size']:.1f}")
    lines.append(verdict_label(row["verdict"]))
    details = json.loads(row["details"]) if isinstance(row.get("details"), str) else {}
    for name, (mean, low, high) in details.get("companions", {}).items():
        lines.append(f"{COMPANION_NAMES.get(name, name)} {_format(mean)} [{_format(low)}, {_format(high)}]")
    if not np.isfinite(row["estimate"]):
        lines += [f"{key.split('_')[0]}: {why}" for key, why in details.items() if key.endswith("_why") and why][:1]
    if row["draws"] > 1 and not str(row["verdict"]).startswith(CONTEXT):
        lines.append(f"{row['draws_supporting']}/{row['draws']} draws support")
        if row["depends_on_posterior"]:
            lines.append("depends on the posterior 取决于后验位置")
    return lines


def _in_table_order(verdicts: pd.DataFrame):
    """Groups of rows per (hypothesis, measure) in the order of the hypothesis table."""
    from sim.analysis.hypotheses import HYPOTHESES

    order = {(h.key, m.key): i for i, h in enumerate(HYPOTHESES) for m in h.measures}
    groups = verdicts.groupby(["hypothesis", "measure"], sort=False)
    return sorted(groups, key=lambda item: order.get(item[0], len(order)))


def robustness_text(part: pd.DataFrame) -> str:
    """Whether a measure's decided verdict depends on the participation rule ('' for context rows or a single rule)."""
    rules = [r for r in part["rule"] if not str(r).startswith("posterior")]
    if str(part.iloc[0]["verdict"]).startswith(CONTEXT) or len(rules) < 2:
        return ""
    return RULE_DEPENDENT if bool(part["depends_on_rule"].any()) else RULE_ROBUST


def print_verdicts(verdicts: pd.DataFrame) -> None:
    """One table: hypothesis, measure, per participation rule (and posterior) the estimate, CI, effect size and
    verdict, and whether the verdict depends on the rule."""
    from sim.analysis.text_table import print_table

    rules = list(dict.fromkeys(verdicts["rule"]))
    columns = [("hypothesis 假设", 10), ("measure 测量", 34), ("ROPE", 12), *[(f"{rule}: estimate [95% CI]", 30) for rule in rules],
               ("rule 规则", 14)]
    rows = []
    for (hypothesis, measure), part in _in_table_order(verdicts):
        first = part.iloc[0]
        unit = f" ({first['unit']})" if first["unit"] else ""
        by_rule = part.set_index("rule")
        rows.append([hypothesis, [first["label_zh"], first["label_en"] + unit], rope_text(first),
                     *[cell_text(by_rule.loc[rule]) for rule in rules], robustness_text(part).split(" ", 1)])
    print_table(columns, rows)


def markdown_verdicts(verdicts: pd.DataFrame) -> str:
    """The verdict table in Markdown (docs/ODD.md §6.5)."""
    rules = list(dict.fromkeys(verdicts["rule"]))
    lines = ["| hypothesis | measure | ROPE | " + " | ".join(rules) + " | rule |", "|---|---|---|" + "---|" * (len(rules) + 1)]
    for (hypothesis, _), part in _in_table_order(verdicts):
        first = part.iloc[0]
        cells = ["<br>".join(cell_text(part.set_index("rule").loc[rule])) for rule in rules]
        lines.append(f"| {hypothesis} | {first['label_zh']} / {first['label_en']} | {rope_text(first)} | " + " | ".join(cells)
                     + f" | {robustness_text(part)} |")
    return "\n".join(lines)
