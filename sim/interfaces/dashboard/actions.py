"""What the dashboard's controls do: every change to a page's runs and settings goes through here.

A change made while paused draws a new frame at once (:func:`refresh`); during Play the player
(:mod:`sim.interfaces.dashboard.player`) draws them. Anything that touches the runs holds the
classroom's lock, so it never meets a week half-stepped by the player.
"""

from __future__ import annotations

import base64
import json
import os

from sim.errors import UserInputError
from sim.interfaces.bilingual import in_language
from sim.interfaces.dashboard import i18n
from sim.interfaces.dashboard.frames import View, build_frame
from sim.interfaces.dashboard.i18n import format_setting, text
from sim.interfaces.dashboard.lesson import LESSON_MAX_BYTES, classroom_from_bytes, classroom_from_lesson, load_lesson, too_large
from sim.interfaces.dashboard.player import Player, PlaySettings
from sim.interfaces.dashboard.server import LESSON_ENVIRONMENT_VARIABLE
from sim.interfaces.dashboard.session import MAX_WEEKS, Classroom, scenario, valid_seed
from sim.interfaces.dashboard.state import (
    Live,
    applied,
    classroom,
    colour_by,
    enlarged,
    full_range,
    inspected,
    language,
    live,
    notice,
    overrides,
    playing,
    presentation,
    redraw_every,
    run_to,
    scenario_a,
    scenario_b,
    seed,
    seed_refused,
    side_by_side,
    speed,
    stop_at,
    version,
)
from sim.model import CoGovernanceModel


# ---------------------------------------------------------------------- frames
def current_live() -> Live:
    """This page's player and newest frame (made on first use)."""
    if live.value is None:
        made = Live()
        made.player = Player(build=_build, show=_show, on_stopped=_stopped)
        live.set(made)
    return live.value


def view() -> View:
    player = live.value.player if live.value is not None else None
    return View(
        lang=language.value, colour_by=colour_by.value, presentation=presentation.value, full_range=full_range.value,
        enlarged=enlarged.value, inspected=inspected.value, speed=speed.value,
        achieved=player.achieved if player is not None else None,
    )


def _build(room: Classroom):
    return build_frame(room, view())


def _show(frame, number: int) -> None:
    """Put a frame on the page: one render of the live views (and of the sliders when the levers
    in force changed: a lesson's planned intervention, made during Play)."""
    page = current_live()
    if page.keep(frame, number):
        applied.set(frame.applied)
        version.set(number)


def _stopped(room: Classroom) -> None:
    playing.set(False)
    stop_at.set(None)


def refresh() -> None:
    """Draw the current state at once (after a click, a setting changed, a step while paused)."""
    room = current_classroom()
    page = current_live()
    with room.lock:
        frame = _build(room)
    page.player.publish(frame)


redraw = refresh


def current_frame():
    """The newest frame of this page (drawn now if the page has none yet)."""
    if current_live().frame is None:
        refresh()
    return current_live().frame


def frame_drawn(number) -> None:
    """The browser reports frame ``number`` drawn (the page bridge's event)."""
    try:
        current_live().player.drawn(int(number))
    except (TypeError, ValueError):
        return


# ---------------------------------------------------------------------- Play
def play() -> None:
    room = current_classroom()
    settings = PlaySettings(speed=speed.value, redraw_every=redraw_every.value, stop_at=stop_at.value)
    playing.set(True)
    current_live().player.play(room, settings)


def pause() -> None:
    """Stop Play: the player stops before its next week and draws the week it stopped at."""
    current_live().player.pause()
    playing.set(False)


def toggle_play() -> None:
    if playing.value:
        pause()
    else:
        stop_at.set(None)
        play()


def stop_playing() -> None:
    """Pause and wait until the player has stopped (before the runs are replaced)."""
    if live.value is not None:
        live.value.player.stop()
    playing.set(False)
    stop_at.set(None)


def close_page() -> None:
    """The page is going away: stop its player (its state goes with the page)."""
    page = live.value
    if page is not None and page.player is not None:
        page.player.stop()


def start_run_to() -> None:
    room = current_classroom()
    if run_to.value > room.week:
        stop_playing()
        stop_at.set(run_to.value)
        play()


def set_run_to(value) -> None:
    run_to.set(max(0, min(int(value), MAX_WEEKS)))


def restart_if_playing() -> None:
    """A new speed or redraw interval takes effect at once: Play goes on with it."""
    if playing.value:
        target = stop_at.value
        stop_playing()
        stop_at.set(target)
        play()


def set_speed(value: float) -> None:
    speed.set(value)
    restart_if_playing()


def set_redraw_every(value: int) -> None:
    redraw_every.set(int(value))
    restart_if_playing()


# ---------------------------------------------------------------------- the runs
def current_classroom() -> Classroom:
    if classroom.value is None:
        start_page()
    return classroom.value


def rebuild() -> None:
    """Start the runs again from week 0 with the current settings and no interventions."""
    stop_playing()
    comparison = scenario_b.value if side_by_side.value else None
    classroom.set(Classroom(scenario_a.value, seed.value, dict(overrides.value), comparison))
    inspected.set(None)
    notice.set(None)
    refresh()


def replay() -> None:
    """Start again from week 0 and make the same interventions at the same weeks."""
    stop_playing()
    current_classroom().reset(replay=True)
    inspected.set(None)
    refresh()


def start_page() -> None:
    """A new page: the lesson given to ``cogov dashboard --lesson`` if any, else the default scenario."""
    path = os.environ.get(LESSON_ENVIRONMENT_VARIABLE)
    if path:
        try:
            room, _ = load_lesson(path)
        except UserInputError as exc:  # the file changed since the server checked it
            rebuild()
            notice.set(("error", in_language(exc, language.value)))
            return
        adopt(room, 0)
        return
    rebuild()


def step_once() -> None:
    if playing.value:
        return
    current_classroom().step()
    refresh()


def choose_scenario_a(name: str) -> None:
    scenario_a.set(name)
    overrides.set({})
    rebuild()


def choose_scenario_b(name: str) -> None:
    scenario_b.set(name)
    rebuild()


def set_side_by_side(value: bool) -> None:
    side_by_side.set(bool(value))
    rebuild()


def set_seed(value) -> None:
    checked = valid_seed(value)
    if checked is None:
        seed_refused.set(True)
        return
    seed_refused.set(False)
    seed.set(checked)
    rebuild()


def started(room: Classroom) -> bool:
    return room.week > 0 or bool(room.interventions)


def set_lever(name: str, value) -> None:
    """Before the run: the value it starts with. During the run (playing or not): an intervention
    from the next week on, or, for a parameter fixed at set-up, a value kept for the next Reset.
    A value equal to the one in force changes nothing, and the page says so."""
    room = current_classroom()
    lang = language.value
    label = i18n.parameter_label(name, lang)
    if started(room):
        if name in CoGovernanceModel.SET_UP_ONLY:
            overrides.set({**overrides.value, name: value})
            notice.set(("warning", text("controls.set_up_only", lang, label=label)))
        elif room.intervene({name: value}):
            notice.set(None)
        else:
            notice.set(("info", text("controls.unchanged", lang, label=label, value=format_setting(name, value, lang))))
        if not playing.value:
            refresh()
        else:
            applied.set(len(room.interventions))
        return
    preset = getattr(scenario(scenario_a.value).parameters, name)
    if value == lever_value(name):
        notice.set(("info", text("controls.unchanged", lang, label=label, value=format_setting(name, value, lang))))
        return
    changed = dict(overrides.value)
    if value == preset:
        changed.pop(name, None)
    else:
        changed[name] = value
    overrides.set(changed)
    rebuild()


def lever_value(name: str):
    room = current_classroom()
    if name in overrides.value and (not started(room) or name in CoGovernanceModel.SET_UP_ONLY):
        return overrides.value[name]
    if started(room):
        return room.value(name)
    return getattr(scenario(scenario_a.value).parameters, name)


def adopt(room: Classroom, week: int) -> None:
    """Show a classroom built elsewhere (a lesson file, a reload), run on to ``week``."""
    stop_playing()
    scenario_a.set(room.scenario_a)
    seed.set(room.seed)
    overrides.set(dict(room.overrides))
    side_by_side.set(room.scenario_b is not None)
    if room.scenario_b is not None:
        scenario_b.set(room.scenario_b)
    room.step(week)
    classroom.set(room)
    inspected.set(None)
    refresh()


def load_lesson_upload(upload: dict) -> None:
    name = str(upload.get("name", "lesson.json"))[:200]
    try:
        size = int(upload.get("size") or 0)
        data = str(upload.get("data", ""))
        if size > LESSON_MAX_BYTES or len(data) > LESSON_MAX_BYTES * 4 // 3 + 4:
            raise too_large(name, max(size, len(data) * 3 // 4))
        room, _ = classroom_from_bytes(base64.b64decode(data), name)
    except UserInputError as exc:
        notice.set(("error", in_language(exc, language.value)))
        return
    except ValueError:  # not base64: the page's own uploader never sends that
        return
    adopt(room, 0)
    notice.set(("info", text("controls.lesson_loaded", language.value, name=name, count=len(room.plan) + len(room.interventions))))


def restore_from_browser(stored: dict) -> None:
    """What the browser kept before a reload: presentation mode and the lesson (runs back to its week)."""
    if not isinstance(stored, dict):
        return
    if stored.get("presentation") is not None:
        presentation.set(stored["presentation"] == "1")
    kept = stored.get("lesson")
    if not kept or not isinstance(kept, str) or len(kept) > LESSON_MAX_BYTES:
        refresh()
        return
    try:
        room, week = classroom_from_lesson(json.loads(kept), "(browser storage)")
    except (UserInputError, ValueError, RecursionError):
        refresh()
        return  # a stale or foreign entry: start fresh
    if week == 0 and not room.plan:
        refresh()
        return
    adopt(room, week)
    notice.set(("info", text("controls.restored", language.value, week=week)))


def inspect_at(click: dict) -> None:
    try:
        inspected.set((int(click["run"]), int(click["x"]), int(click["y"])))
    except (KeyError, TypeError, ValueError):
        return
    refresh()


def close_inspector() -> None:
    inspected.set(None)
    refresh()


def set_view(variable, value) -> None:
    """Change a view setting (colours, presentation, axes, enlarged panel, language) and redraw."""
    variable.set(value)
    refresh()
