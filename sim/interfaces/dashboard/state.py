"""The dashboard's per-page state: ``solara.reactive`` variables, which Solara keeps per browser session.

Only the page's settings live here; what the live views show is drawn into frames
(:mod:`sim.interfaces.dashboard.frames`) kept by :class:`Live`, one per page.
"""

from __future__ import annotations

import threading

import solara

from sim.interfaces.dashboard import grid, i18n
from sim.interfaces.dashboard.session import DEFAULT_COMPARISON, DEFAULT_SCENARIO, Classroom

#: Speeds offered, in weeks per second; 0 runs as fast as the machine goes.
SPEEDS = (1, 2, 5, 10, 20, 0)
DEFAULT_SPEED = 10
REDRAW_CHOICES = (1, 2, 4, 13, 26)
#: The main area's tabs: the live run, the scenario's Info cards, the teacher's guide.
TABS = ("run", "info", "guide")

language = solara.reactive(i18n.default_language())
scenario_a = solara.reactive(DEFAULT_SCENARIO)
scenario_b = solara.reactive(DEFAULT_COMPARISON)
side_by_side = solara.reactive(False)
seed = solara.reactive(0)
overrides: solara.Reactive[dict] = solara.reactive({})
colour_by = solara.reactive(grid.COLOUR_STATES[0])
playing = solara.reactive(False)
classroom: solara.Reactive[Classroom | None] = solara.reactive(None)
version = solara.reactive(0)  # bumped when a new frame is shown: the live views redraw
seed_refused = solara.reactive(False)  # the last seed typed was not a whole number in range
presentation = solara.reactive(False)
full_range = solara.reactive(False)  # rate axes fixed at 0-100% instead of fitted to the data
speed = solara.reactive(DEFAULT_SPEED)
redraw_every = solara.reactive(1)
run_to = solara.reactive(104)
stop_at: solara.Reactive[int | None] = solara.reactive(None)
enlarged: solara.Reactive[str | None] = solara.reactive(None)  # "grid" or a chart panel
inspected: solara.Reactive[tuple | None] = solara.reactive(None)  # (run, x, y)
notice: solara.Reactive[tuple | None] = solara.reactive(None)  # (kind, message)
applied = solara.reactive(0)  # interventions made so far: the sliders show the values in force
tab = solara.reactive(TABS[0])
live: solara.Reactive[Live | None] = solara.reactive(None)

#: Every per-session variable with its start value (see :func:`reset_session`).
_STATE = (
    language, scenario_a, scenario_b, side_by_side, seed, overrides, colour_by, playing, classroom, version, seed_refused,
    presentation, full_range, speed, redraw_every, run_to, stop_at, enlarged, inspected, notice, applied,
    tab, live,
)
_START = {id(variable): variable.value for variable in _STATE}


class Live:
    """One page's player (:class:`~sim.interfaces.dashboard.player.Player`) and newest frame.

    Frames come from two threads (the player's drawer, and the page's own event handlers while
    paused); :meth:`keep` keeps the newest by number, so a late frame never replaces a newer one.
    """

    def __init__(self):
        self.frame = None
        self.number = 0
        self._lock = threading.Lock()
        self.player = None  # set by sim.interfaces.dashboard.actions.current_live

    def keep(self, frame, number: int) -> bool:
        with self._lock:
            if number <= self.number:
                return False
            self.frame, self.number = frame, number
            return True


def reset_session() -> None:
    """Put this session's state back to its start values (a fresh page), stopping its player."""
    if live.value is not None and live.value.player is not None:
        live.value.player.stop()
    for variable in _STATE:
        variable.set(_START[id(variable)])
    language.set(i18n.default_language())
