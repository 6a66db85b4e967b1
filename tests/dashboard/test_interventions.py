"""Interventions in a running community, lesson files, exports and chart frames (no browser)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from sim.errors import UserInputError
from sim.interfaces.dashboard import charts, export, inspector
from sim.interfaces.dashboard.i18n import event_label
from sim.interfaces.dashboard.lesson import classroom_from_bytes, lesson_json, lesson_of, load_lesson, save_lesson
from sim.interfaces.dashboard.session import Classroom

WATCHED = ("backlog", "participation_rate", "resolution_rate", "mean_trust")


def same_runs(a: Classroom, b: Classroom) -> bool:
    return all(
        np.array_equal(x.series(o), y.series(o), equal_nan=True) for x, y in zip(a.runs, b.runs, strict=True) for o in WATCHED
    )


def test_intervention_keeps_the_run_and_changes_it_from_the_next_week():
    room = Classroom("baseline", seed=4)
    room.step(20)
    model, history = room.runs[0].model, list(room.runs[0].series("backlog"))
    assert room.intervene({"empowerment": 0.8}) == {"empowerment": (0.0, 0.8)}
    assert room.runs[0].model is model and room.week == 20
    assert room.runs[0].series("backlog") == history
    room.step(30)
    untouched = Classroom("baseline", seed=4)
    untouched.step(50)
    assert room.runs[0].series("backlog")[:21] == untouched.runs[0].series("backlog")[:21]
    assert not same_runs(room, untouched)
    assert room.modified and not untouched.modified


def test_same_seed_and_interventions_reproduce_the_run_through_a_lesson_file(tmp_path):
    room = Classroom("baseline", seed=9, scenario_b="co_governance")
    room.step(12)
    room.intervene({"empowerment": 0.8, "pooling": 0.1})
    room.step(8)
    room.intervene({"formalism": 0.1})
    room.step(5)
    path = save_lesson(room, tmp_path / "lesson.json")
    again, week = load_lesson(path)
    assert week == 25 and again.week == 0
    again.step(week)
    assert same_runs(room, again)
    assert [(i.week, i.applied) for i in again.interventions] == [(i.week, i.applied) for i in room.interventions]
    room.reset(replay=True)
    room.step(25)
    assert same_runs(room, again)
    room.reset()
    assert room.interventions == [] and room.plan == [] and room.week == 0


def test_set_up_only_and_unknown_parameters_are_refused_during_a_run():
    room = Classroom("baseline", seed=1)
    room.step(2)
    with pytest.raises(UserInputError, match="width"):
        room.intervene({"width": 30})
    with pytest.raises(UserInputError, match="not a parameter"):
        room.intervene({"empowermnt": 0.5})
    assert room.interventions == []


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"\xff\xfe{", "not UTF-8"),
        (b"{", "not valid JSON"),
        (json.dumps({"format": "other"}).encode(), "not a lesson file"),
        (json.dumps({"format": "cogov-lesson", "scenario": "nowhere"}).encode(), "'scenario' = 'nowhere'"),
        (json.dumps({"format": "cogov-lesson", "scenario": "baseline", "seed": -1}).encode(), "'seed' = -1"),
        (json.dumps({"format": "cogov-lesson", "scenario": "baseline", "interventions": [{"week": 3, "changes": {"empowerment": 2}}]}).encode(),
         "'interventions\\[0\\].changes.empowerment' = 2"),
        (json.dumps({"format": "cogov-lesson", "scenario": "baseline", "interventions": [{"week": 3, "changes": {"width": 20}}]}).encode(),
         "width"),
        (json.dumps({"format": "cogov-lesson", "scenario": "baseline", "interventions": [{"week": "3", "changes": {}}]}).encode(),
         "'interventions\\[0\\].week'"),
    ],
)
def test_bad_lesson_files_get_a_clear_message(document, message):
    with pytest.raises(UserInputError, match=message) as raised:
        classroom_from_bytes(document, "lesson.json")
    assert "lesson.json" in str(raised.value)


def test_csv_has_a_row_per_run_and_week_and_marks_interventions():
    room = Classroom("baseline", seed=2, scenario_b="co_governance")
    room.step(6)
    room.intervene({"empowerment": 0.5})
    room.step(2)
    rows = list(csv.DictReader(io.StringIO(export.run_csv(room.runs, room.interventions))))
    assert [(r["run"], int(r["week"])) for r in rows] == [(run, w) for run in "AB" for w in range(9)]
    assert rows[6]["intervention"] == "empowerment=0.0->0.5" and rows[9 + 6]["intervention"] == ""
    assert float(rows[8]["backlog"]) == room.runs[0].series("backlog")[8]
    assert rows[9]["scenario"] == "co_governance"


def test_class_record_is_one_self_contained_page_in_the_chosen_language():
    room = Classroom("baseline", seed=2, overrides={"formalism": 0.1})
    room.step(10)
    room.intervene({"empowerment": 0.8})
    room.step(2)
    zh = export.class_record_html(room.runs, room.seed, room.interventions, "zh", room.overrides)
    en = export.class_record_html(room.runs, room.seed, room.interventions, "en", room.overrides)
    assert '<html lang="zh-CN">' in zh and "第 10 周：授权赋能 0 → 0.8" in zh and "现状基线（已修改）" in zh
    assert '<html lang="en">' in en and "Week 10: Empowerment 0 → 0.8" in en and "授权赋能" not in en
    assert zh.count('class="cogov-chart"') == 4 and zh.count('class="event-line"') == 4
    for page in (zh, en):
        assert "http://" not in page and "https://" not in page and "<script" not in page


def test_event_label_names_the_week_lever_and_values():
    assert event_label(104, {"empowerment": (0.0, 0.8)}, "zh") == "第 104 周：授权赋能 0 → 0.8"
    assert event_label(3, {"funding_follows_tasks": (True, False)}, "zh") == "第 3 周：费随事转 开 → 关"


def test_rate_axes_fit_the_data_unless_fixed_to_full_range():
    room = Classroom("baseline", seed=0)
    room.step(30)
    fitted = charts.chart_frame("participation", room.runs)
    full = charts.chart_frame("participation", room.runs, autoscale=False)
    values = [v for line in fitted.lines for v in line.values if not np.isnan(v)]
    assert (full.y_min, full.y_max) == (0.0, 1.0)
    assert fitted.y_min <= min(values) and max(values) <= fitted.y_max < 1.0
    assert fitted.y_ticks[0] == fitted.y_min and fitted.y_ticks[-1] == pytest.approx(fitted.y_max)


def test_presentation_chart_text_is_at_least_18_px():
    room = Classroom("baseline", seed=0)
    room.step(3)
    markup = charts.line_chart("backlog", room.runs, "zh", style=charts.PRESENTATION)
    sizes = [int(s) for s in __import__("re").findall(r"font-size:(\d+)px", markup)]
    assert sizes and min(sizes) >= 18


def test_a_party_members_card_labels_each_row_once_in_either_language():
    room = Classroom("co_governance", seed=0)
    room.step(4)
    model = room.runs[0].model
    h = model.households
    cells = [(int(h.x[i]), int(h.y[i])) for i in np.flatnonzero(h.party)]
    x, y = next(cell for cell in cells if inspector.inspect_cell(model, *cell, "zh").kind == "party_member")
    for lang in ("zh", "en"):
        labels = [label for label, _ in inspector.inspect_cell(model, x, y, lang).rows if label != "·"]  # "·": an open problem
        assert len(labels) == len(set(labels)), (lang, labels)
    rows = dict(inspector.inspect_cell(model, x, y, "zh").rows)
    assert rows["党员"] == "是" and rows["所在楼栋党小组"] in ("已建立", "未建立")


def test_inspector_names_households_members_and_organisations():
    room = Classroom("baseline", seed=0)
    room.step(8)
    model = room.runs[0].model
    h = model.households
    member = int(np.flatnonzero(h.party)[0])
    seen = inspector.inspect_cell(model, int(h.x[member]), int(h.y[member]), "zh")
    assert seen.kind in ("party_member", "organisation")
    x, y = model.core.cell.coordinate
    core = inspector.inspect_cell(model, x, y, "zh")
    assert core.kind == "organisation" and core.title == "社区党组织与居委会"
    problem = int(model.problems.open_ids[0])
    owner = int(model.problems.household[problem])
    found = inspector.inspect_cell(model, int(h.x[owner]), int(h.y[owner]), "en")
    if found.kind != "organisation":
        assert any(label == "Open problems" and int(value) >= 1 for label, value in found.rows)


def test_lesson_document_lists_made_and_planned_interventions():
    room = Classroom("baseline", seed=5)
    room.step(3)
    room.intervene({"pooling": 0.2})
    document = json.loads(lesson_json(room))
    assert document == lesson_of(room)
    assert document["interventions"] == [{"week": 3, "changes": {"pooling": 0.2}}]
