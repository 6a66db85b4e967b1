"""Lesson files from a teacher's disk or a browser: bounded, strict about keys, clear in both languages.

Every refusal names the file, the key and the value, and says what is allowed, in Chinese first and
then English; nothing a hostile file holds (deep nesting, enormous numbers, tens of thousands of
interventions) costs more than a moment or escapes as a traceback.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from sim.errors import UserInputError
from sim.interfaces.bilingual import BilingualError, in_language
from sim.interfaces.cli import main
from sim.interfaces.dashboard.lesson import (
    LESSON_MAX_BYTES,
    MAX_INTERVENTIONS,
    MAX_NESTING,
    classroom_from_bytes,
    load_lesson,
    nesting_depth,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def lesson(**fields) -> dict:
    return {"format": "cogov-lesson", "version": 1, "scenario": "baseline", **fields}


def refused(raw: bytes) -> BilingualError:
    with pytest.raises(BilingualError) as raised:
        classroom_from_bytes(raw, "lesson.json")
    error = raised.value
    assert isinstance(error, UserInputError)
    assert str(error) == f"{error.zh}\n{error.en}"  # Chinese first, then English
    assert error.zh.startswith("课程文件 lesson.json：") and error.en.startswith("lesson file lesson.json: ")
    assert CHINESE.search(error.zh) and not CHINESE.search(error.en)
    return error


def test_a_byte_order_mark_is_accepted():
    room, week = classroom_from_bytes(b"\xef\xbb\xbf" + json.dumps(lesson(seed=3, week=2)).encode(), "lesson.json")
    assert (room.seed, week) == (3, 2)


@pytest.mark.parametrize(
    ("key", "document", "zh", "en"),
    [
        ("sed", lesson(sed=1), "'sed' 不是课程文件的键（是不是 'seed'？）", "'sed' is not a key of a lesson file (did you mean 'seed'?)"),
        ("change", lesson(interventions=[{"week": 2, "change": {"pooling": 0.1}}]),
         "'interventions[0]' 里的 'change' 不是允许的键（是不是 'changes'？）", "did you mean 'changes'?"),
        ("empowermnt", lesson(overrides={"empowermnt": 0.5}), "'empowermnt' 不是模型参数（是不是 'empowerment'？）",
         "did you mean 'empowerment'?"),
        ("version", lesson(version=2), "'version' = 2 不受支持", "'version' = 2 is not supported"),
    ],
)
def test_unknown_and_misspelt_keys_are_refused_naming_the_likely_one(key, document, zh, en):
    error = refused(json.dumps(document).encode())
    assert zh in error.zh and en in error.en


@pytest.mark.parametrize(
    ("document", "zh", "en"),
    [
        (lesson(overrides={"empowerment": 2}), "'overrides.empowerment' = 2.0 不可用；允许：0 到 1 之间的数",
         "'overrides.empowerment' = 2.0 is not allowed; allowed: a number from 0 to 1"),
        (lesson(overrides={"meeting_interval_steps": 2.5}), "允许：0 到 52 周 之间的整数", "a whole number from 0 to 52 weeks"),
        (lesson(overrides={"digital_platform": 1}), "允许：开或关（true 或 false）", "allowed: true or false"),
        (lesson(seed=-1), "'seed' = -1 不可用：应为 0 到 4294967295 之间的整数", "from 0 to 4294967295"),
        (lesson(seed="7"), "'seed' = '7' 不可用", "'seed' = '7' is not allowed"),
        (lesson(week=600), "'week' = 600 不可用：应为 0 到 520 之间的整数", "from 0 to 520"),
        (lesson(scenario="nowhere"), "'scenario' = 'nowhere' 不是自带的情景；可选：现状基线（baseline）", "allowed: baseline (Baseline (status quo)), co_governance"),
        (lesson(interventions={"week": 3}), "'interventions' 应为", "must be a list"),
        (lesson(interventions=[{"week": "3", "changes": {}}]), "'interventions[0].week' = '3' 不可用", "0 to 519"),
        (lesson(interventions=[{"week": 3, "changes": {"width": 20}}]), "「网格宽度」（width）在建立社区时就已确定", "width"),
        ({"format": "other"}, "不是课程文件", "not a lesson file"),
    ],
)
def test_values_out_of_range_or_of_the_wrong_kind_name_key_value_and_what_is_allowed(document, zh, en):
    error = refused(json.dumps(document).encode())
    assert zh in error.zh, error.zh
    assert en in error.en, error.en


def test_not_json_and_not_utf8_are_explained_in_both_languages():
    error = refused(b'{"format": "cogov-lesson",\n "seed": 1 "week": 2}')
    assert "第 2 行第 12 列缺少逗号" in error.zh and "line 2, column 12: Expecting ',' delimiter" in error.en
    error = refused(b"\xff\xfe{")
    assert "UTF-8" in error.zh and "is not UTF-8 text" in error.en


def test_hostile_files_are_refused_at_once():
    started = time.perf_counter()
    deep = refused(b"[" * 100_000 + b"]" * 100_000)
    assert f"嵌套了 100,000 层，课程文件最多 {MAX_NESTING} 层" in deep.zh
    digits = refused(b'{"format": "cogov-lesson", "scenario": "baseline", "seed": ' + b"9" * 5000 + b"}")
    assert "'seed' = 9999" in digits.zh and "(5,000)" in digits.en
    for constant in (b"NaN", b"Infinity", b"1e400"):
        error = refused(b'{"format": "cogov-lesson", "scenario": "baseline", "overrides": {"pooling": ' + constant + b"}}")
        assert "'overrides.pooling'" in error.en
    many = json.dumps(lesson(interventions=[{"week": 1, "changes": {"pooling": 0.1}}] * 40_000)).encode()
    too_many = refused(many[:LESSON_MAX_BYTES] if len(many) <= LESSON_MAX_BYTES else many)
    assert "超过课程文件的上限" in too_many.zh or "超过上限" in too_many.zh
    listed = json.dumps(lesson(interventions=[{"week": 1, "changes": {}}] * (MAX_INTERVENTIONS + 1))).encode()
    assert len(listed) < LESSON_MAX_BYTES
    assert f"超过上限 {MAX_INTERVENTIONS} 项" in refused(listed).zh
    assert time.perf_counter() - started < 10


def test_nesting_is_measured_outside_strings():
    assert nesting_depth('{"a": [1, {"b": "[[[{{{"}]}') == 3
    assert nesting_depth('"\\"[[["') == 0


def test_a_large_file_on_disk_is_not_read(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (LESSON_MAX_BYTES + 1))
    with pytest.raises(BilingualError) as raised:
        load_lesson(path)
    assert str(path) in raised.value.zh and f"{LESSON_MAX_BYTES:,}" in raised.value.en


def test_the_command_prints_chinese_then_english_and_exits_2(tmp_path, capsys):
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(lesson(sed=4)), encoding="utf-8")
    assert main(["dashboard", "--port", "0", "--lesson", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.index("课程文件") < err.index("lesson file") and "did you mean 'seed'" in err and "Traceback" not in err


def test_in_language_picks_one_language():
    error = BilingualError("中文", "English")
    assert in_language(error, "zh") == "中文" and in_language(error, "en") == "English"
    assert in_language(ValueError("plain"), "zh") == "plain"
