"""One translation table: complete, bilingual, and the only home of dashboard literals."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from sim.interfaces.dashboard import i18n
from sim.interfaces.dashboard.i18n import HYPOTHESES, MEANINGS_ZH, SOURCES, TEXT, parameter_tooltip, text
from sim.interfaces.dashboard.session import lever_specs, scenario, scenario_names
from sim.parameters import REGISTRY
from sim.scenarios import HYPOTHESES as HYPOTHESIS_LABELS
from sim.scenarios import SOURCES as SOURCE_LABELS

CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
DASHBOARD = Path(i18n.__file__).parent


def placeholders(phrase: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_phrase_has_chinese_and_english_with_the_same_placeholders(key):
    zh, en = TEXT[key]
    assert zh.strip() and en.strip()
    assert CHINESE.search(zh) or key == "app.switch_language", f"{key}: Chinese entry has no Chinese"
    assert not CHINESE.search(en) or key == "app.switch_language", f"{key}: English entry has Chinese"
    assert placeholders(zh) == placeholders(en)


def test_language_switch_names_the_other_language():
    assert text("app.switch_language", "zh") == "English" and text("app.switch_language", "en") == "中文"


def test_no_user_facing_chinese_outside_the_table():
    """Labels come from the table, the registry, outcomes or scenario files, never from code.

    Docstrings and comments may name Chinese terms; string literals may not.
    """
    offenders = []
    for path in DASHBOARD.glob("*.py"):
        if path.name == "i18n.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            if literal and CHINESE.search(node.value):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, f"Chinese literals outside sim/interfaces/dashboard/i18n.py: {offenders}"


def test_every_lever_has_a_chinese_tooltip():
    levers = {spec.name for spec in lever_specs()}
    assert set(MEANINGS_ZH) == levers, "MEANINGS_ZH must cover exactly the slider parameters"
    for name in levers:
        assert CHINESE.search(MEANINGS_ZH[name])


def test_tooltip_gives_meaning_range_default_and_source():
    zh = parameter_tooltip("meeting_interval_steps", "zh")
    assert MEANINGS_ZH["meeting_interval_steps"] in zh and "0 至 52 周" in zh and "默认 0" in zh
    en = parameter_tooltip("meeting_interval_steps", "en")
    assert REGISTRY["meeting_interval_steps"].meaning in en and "From 0 to 52 weeks" in en
    assert REGISTRY["meeting_interval_steps"].source in en


def test_sources_and_hypotheses_cover_the_scenario_labels():
    assert set(SOURCES) == set(SOURCE_LABELS)
    assert set(HYPOTHESES) == set(HYPOTHESIS_LABELS)


@pytest.mark.parametrize("name", scenario_names())
def test_info_cards_are_written_in_their_language(name):
    meta = scenario(name).meta
    for card, chinese in ((meta.info_zh, True), (meta.info_en, False)):
        assert card is not None and card.what and card.how and card.notice and card.try_
        for passage in (card.what, card.how, *card.notice, *card.try_):
            assert bool(CHINESE.search(passage)) == chinese, passage
            assert not re.search(r"\bS[6-9]\b|\bS\d\d", passage), passage


def test_default_language_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_ENVIRONMENT_VARIABLE, "en")
    assert i18n.default_language() == "en"
    monkeypatch.setenv(i18n.LANGUAGE_ENVIRONMENT_VARIABLE, "fr")
    assert i18n.default_language() == "zh"
    with pytest.raises(ValueError):
        text("controls.step", "fr")
