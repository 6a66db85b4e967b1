"""The teacher's guide (docs/teachers_guide.md): both lesson plans, the worksheet, every preset, an
English summary after the Chinese, every control it names in 「」 shown by the dashboard or the
classroom, and the printable copy in docs/ current."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from sim.interfaces.classroom.forms import FIELD_LABELS
from sim.interfaces.classroom.roles import KIND_TITLES
from sim.interfaces.dashboard import guide
from sim.interfaces.dashboard.i18n import TEXT
from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY
from sim.interfaces.dashboard.session import scenario_names
from sim.scenarios import load_scenario

NAMED = re.compile(r"「([^」]+)」")


def ui_texts() -> list[str]:
    """Every Chinese text the dashboard and the classroom put on screen (labels, buttons, titles)."""
    texts = [zh for zh, _ in TEXT.values()]
    texts += [spec.label_zh for spec in REGISTRY.values()] + [outcome.label_zh for outcome in OUTCOMES.values()]
    texts += [load_scenario(name, {}).meta.title_zh for name in scenario_names()]
    texts += [zh for zh, _ in FIELD_LABELS.values()] + [zh for zh, _ in KIND_TITLES.values()]
    static = resources.files("sim.interfaces.classroom") / "static"
    texts += [(static / name).read_text(encoding="utf-8") for name in ("teacher.html", "student.html", "teacher.js", "student.js", "common.js")]
    return texts


def unknown_names(markdown_text: str, texts: list[str]) -> list[str]:
    """Names in 「」 that no screen shows."""
    return sorted({name for name in NAMED.findall(markdown_text) if not any(name in t for t in texts)})


@pytest.fixture(scope="module")
def markdown_text() -> str:
    text = guide.guide_markdown()
    assert text, f"the guide is missing: {guide.GUIDE_PATH}"
    return text


def test_every_control_the_guide_names_exists(markdown_text):
    texts = ui_texts()
    named = set(NAMED.findall(markdown_text))
    assert len(named) > 40
    assert unknown_names(markdown_text, texts) == []
    # The check fails for a control that does not exist.
    assert unknown_names("点「一键治理」", texts) == ["一键治理"]


def test_the_guide_holds_both_lesson_plans_every_preset_and_the_worksheet(markdown_text):
    headings = re.findall(r"^#{2,3} (.+)$", markdown_text, flags=re.M)
    assert any("45 分钟" in h for h in headings) and any("90 分钟" in h for h in headings)
    assert any("复盘学习单" in h for h in headings)
    plans = [part for section in re.split(r"^## ", markdown_text, flags=re.M) if section.startswith(("五、", "六、"))
             for part in re.split(r"^### ", section, flags=re.M) if "| 时间 |" in part]
    assert len(plans) == 3  # 45 minutes: dashboard and role play; 90 minutes
    for plan in plans:  # timed phases, one after another, filling the lesson
        phases = [(int(start), int(end)) for start, end in re.findall(r"^\| (\d+)–(\d+) 分 \|", plan, flags=re.M)]
        assert len(phases) >= 6, plan[:40]
        assert phases[0][0] == 0 and all(a[1] == b[0] for a, b in zip(phases, phases[1:])), phases
        assert phases[-1][1] in (45, 90)
    presets = markdown_text[markdown_text.index("## 七、"):markdown_text.index("## 八、")]
    for name in scenario_names():
        assert f"「{load_scenario(name, {}).meta.title_zh}」" in presets, name
    for source in ("S1", "S2", "S3", "S4", "S5"):
        assert source in presets
    # Chinese first, then the English summary.
    assert markdown_text.index("## 一、") < markdown_text.index("## English summary")


def test_the_printable_copy_is_current(markdown_text):
    printed = guide.PRINT_PATH.read_text(encoding="utf-8")
    assert printed == guide.guide_html(markdown_text), "run: python -m sim.interfaces.dashboard.guide"
    assert "<script" not in printed and "http" not in printed.replace("http-equiv", "")
