"""Play: the model advances at its own pace, the page redraws only as fast as it can.

Plain Python and threads, no Solara (the page gives two callbacks), so the tests drive it
directly. While a page plays, two threads of that page's session work together:

* the **stepper** advances the classroom one week at a time, paced to the chosen speed (weeks per
  second; 0 runs as fast as the machine goes, catching up no backlog), and every
  ``redraw_every`` weeks (and when it stops) builds a frame of what the page shows, but only when
  no frame is waiting or being drawn: a frame costs a few milliseconds, a redraw far more;
* the **drawer** shows the newest frame (the page's ``show`` callback: one Solara render, in this
  thread), then waits until the browser reports that frame drawn (:meth:`Player.drawn`, at most
  :data:`DRAWN_TIMEOUT_S`) before it shows another. Frames built meanwhile replace each other.

So updates are coalesced, never more than one redraw is in flight, and a page that cannot keep
up skips frames instead of queueing them: a click (Pause) is never stuck behind a backlog of
redraws, in the server or in the browser. :meth:`Player.pause` sets an event the stepper looks at
between weeks and while it waits for the next one, so Play stops within one model step; the last
frame (the week it stopped at) is always drawn.

Pages that never report drawing (a headless render in the tests) are not waited for.
:attr:`Player.achieved` measures the weeks per second actually played, over the last
:data:`SPEED_WINDOW_S` seconds, so the page can say when the machine cannot reach the chosen speed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Longest wait for the browser to report a frame drawn before the next one is shown anyway
#: (a hidden tab draws nothing; the page must not stall).
DRAWN_TIMEOUT_S = 2.0
#: Weeks per second are measured over this many seconds.
SPEED_WINDOW_S = 2.0
#: A stepper that falls further behind its schedule than this starts a new schedule from now
#: (a slow machine plays slower; it does not rush to catch up afterwards).
LAG_RESET_S = 0.25
#: How long :meth:`Player.stop` waits for the threads to end.
JOIN_TIMEOUT_S = 5.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlaySettings:
    """How one Play goes: ``speed`` weeks per second (0: as fast as possible), a frame every
    ``redraw_every`` weeks, up to week ``stop_at`` (None: the classroom's last week)."""

    speed: float
    redraw_every: int = 1
    stop_at: int | None = None


class SpeedMeter:
    """Weeks per second over a sliding window of wall-clock time."""

    def __init__(self, window_s: float = SPEED_WINDOW_S, clock: Callable[[], float] = time.monotonic):
        self.window_s = window_s
        self.clock = clock
        self._marks: deque[tuple[float, int]] = deque()

    def start(self, week: int) -> None:
        self._marks.clear()
        self._marks.append((self.clock(), week))

    def mark(self, week: int) -> None:
        now = self.clock()
        self._marks.append((now, week))
        while len(self._marks) > 2 and now - self._marks[1][0] >= self.window_s:
            self._marks.popleft()

    def rate(self) -> float | None:
        """Weeks per second over the window, or None before half a window has passed."""
        if len(self._marks) < 2:
            return None
        (first, week0), (last, week1) = self._marks[0], self._marks[-1]
        span = max(last, self.clock()) - first
        if span < self.window_s / 2:
            return None
        return (week1 - week0) / span


class Player:
    """Plays one page's classroom in the background; see the module docstring.

    ``build(room)`` returns a frame (any object) of ``room`` as the page shows it, and is called
    with ``room.lock`` held; ``show(frame, number)`` puts it on the page, where the browser reports
    ``number`` back once drawn. Every frame goes through :meth:`publish`, which numbers it, from
    the drawer or from the page itself (a click while paused). ``on_stopped(room)`` is called once
    the stepper has stopped (paused, at ``stop_at`` or at the last week) and its last frame is built.
    """

    def __init__(self, build: Callable[[Any], Any], show: Callable[[Any, int], None],
                 on_stopped: Callable[[Any], None] | None = None):
        self.build = build
        self.show = show
        self.on_stopped = on_stopped
        self.meter = SpeedMeter()
        self.browser_reports = False  # set by the page's bridge once it reports drawn frames
        self._stop = threading.Event()
        self._abandon = threading.Event()  # stop(): the drawer waits for no browser any more
        self._frame_ready = threading.Condition()
        self._pending: Any = None
        self._in_flight = False
        self._published = 0
        self._numbering = threading.Lock()
        self._drawn_number = 0
        self._drawn = threading.Condition()
        self._stepper: threading.Thread | None = None
        self._drawer: threading.Thread | None = None
        self._finishing = False

    # ------------------------------------------------------------------ control
    @property
    def playing(self) -> bool:
        return self._stepper is not None and self._stepper.is_alive() and not self._stop.is_set()

    @property
    def achieved(self) -> float | None:
        """Weeks per second played lately (None when not playing long enough to say)."""
        return self.meter.rate() if self.playing else None

    def play(self, room, settings: PlaySettings) -> None:
        """Start playing ``room`` (after the previous Play, if any, has stopped)."""
        self.stop()
        self._stop.clear()
        self._abandon.clear()
        self._finishing = False
        self.meter.start(room.week)
        self._drawer = threading.Thread(target=self._draw_loop, name="cogov-dashboard-drawer", daemon=True)
        self._stepper = threading.Thread(target=self._step_loop, args=(room, settings), name="cogov-dashboard-stepper", daemon=True)
        self._drawer.start()
        self._stepper.start()

    def pause(self) -> None:
        """Ask the stepper to stop before its next week; returns at once."""
        self._stop.set()

    def stop(self, timeout_s: float = JOIN_TIMEOUT_S) -> None:
        """Pause and wait until both threads have ended (the last frame shown, not waited for)."""
        self._stop.set()
        self._abandon.set()
        with self._drawn:
            self._drawn.notify_all()
        for thread in (self._stepper, self._drawer):
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout_s)
        self._stepper = self._drawer = None

    def drawn(self, number: int) -> None:
        """The browser has drawn frame ``number`` (called from the page's event handler)."""
        self.browser_reports = True
        with self._drawn:
            self._drawn_number = max(self._drawn_number, int(number))
            self._drawn.notify_all()

    def publish(self, frame: Any) -> int:
        """Number ``frame`` and show it; returns its number."""
        with self._numbering:
            self._published += 1
            number = self._published
        self.show(frame, number)
        return number

    # ------------------------------------------------------------------ the stepper
    def _step_loop(self, room, settings: PlaySettings) -> None:
        period = 1.0 / settings.speed if settings.speed else 0.0
        target = settings.stop_at
        every = max(1, int(settings.redraw_every))
        due = time.perf_counter()
        try:
            while not self._stop.is_set():
                with room.lock:
                    if room.finished or (target is not None and room.week >= target):
                        break
                    room.step(1)
                    week = room.week
                    if week % every == 0 and self._pending is None and not self._in_flight:
                        self._offer(self.build(room))
                self.meter.mark(week)
                if period:
                    due += period
                    wait = due - time.perf_counter()
                    if wait < -LAG_RESET_S:
                        due = time.perf_counter()
                    elif wait > 0 and self._stop.wait(wait):
                        break
                else:
                    time.sleep(0)  # let the page's threads in between weeks
        finally:
            last = None
            try:
                with room.lock:
                    last = self.build(room)
            finally:
                self._offer(last, last=True)
                if self.on_stopped is not None:
                    self.on_stopped(room)

    def _offer(self, frame: Any, last: bool = False) -> None:
        with self._frame_ready:
            if frame is not None:
                self._pending = frame
            self._finishing = self._finishing or last
            self._frame_ready.notify_all()

    # ------------------------------------------------------------------ the drawer
    def _draw_loop(self) -> None:
        while True:
            with self._frame_ready:
                while self._pending is None and not self._finishing:
                    self._frame_ready.wait(0.5)
                frame, self._pending = self._pending, None
                finishing = self._finishing
            if frame is not None:
                self._in_flight = True
                try:
                    self._wait_until_drawn(self.publish(frame))
                except Exception:  # a failed redraw must not stop Play; the next frame may succeed
                    logger.exception("showing a frame failed")
                finally:
                    self._in_flight = False
            if finishing and self._pending is None:
                return

    def _wait_until_drawn(self, number: int) -> None:
        """Until the browser has drawn frame ``number``, at most DRAWN_TIMEOUT_S."""
        if not self.browser_reports:
            return
        deadline = time.monotonic() + DRAWN_TIMEOUT_S
        with self._drawn:
            while self._drawn_number < number and not self._abandon.is_set() and (left := deadline - time.monotonic()) > 0:
                self._drawn.wait(left)
