"""How long the classroom dashboard takes to redraw one step of the default 40 x 40 community.

Measures, in one process and one run (so the figures compare with each other, not with another
machine):

* model step: ``CoGovernanceModel.step`` alone (the reference);
* drawings: the grid SVG, its legend, and the four charts with their keys;
* page redraw: clicking Step in the Solara page rendered headless (model step, drawings, and
  Solara's re-render and widget updates: everything but the websocket and the browser's paint).

Each is timed after a warm-up to week 52 (so the charts hold a year of data), as the median of
``--steps`` steps, in single and in side-by-side mode.

Then Play in a real browser (unless ``--no-browser``): ``cogov dashboard`` served locally, Debian's
Chromium at 1366 x 768 and offline, "run to week" ``--weeks`` weeks at the fastest speed,
redrawing every week, timed from the click until the page shows the last week. Printed as weeks
per second and as a share of the bare model's weeks per second measured in this same run (the
reference), alone and side by side.

Usage: python benchmarks/dashboard_step.py [--steps 30] [--warmup 52] [--weeks 104] [--no-browser]
"""

from __future__ import annotations

import argparse
import statistics
import time


def median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def time_model_and_drawings(comparison: str | None, steps: int, warmup: int) -> tuple[float, float]:
    from sim.interfaces.dashboard import charts, grid
    from sim.interfaces.dashboard.session import Classroom

    room = Classroom("baseline", seed=0, scenario_b=comparison)
    room.step(warmup)
    model_times, drawing_times = [], []
    for _ in range(steps):
        started = time.perf_counter()
        room.step()
        stepped = time.perf_counter()
        for run in room.runs:
            grid.grid_svg(run.model, "participating", "zh")
        grid.legend_html("participating", "zh")
        for panel in charts.PANELS:
            charts.line_chart(panel, room.runs, "zh")
            charts.chart_legend_html(panel, room.runs, "zh")
        drawn = time.perf_counter()
        model_times.append(stepped - started)
        drawing_times.append(drawn - stepped)
    return median_ms(model_times), median_ms(drawing_times)


def time_page(side_by_side: bool, steps: int, warmup: int) -> float:
    import ipyvuetify as v
    import solara

    from sim.interfaces.dashboard import actions, app, state
    from sim.interfaces.dashboard.i18n import text

    state.reset_session()
    _, rc = solara.render(app.Layout(children=[app.Page()]), handle_error=False)
    try:
        if side_by_side:
            actions.set_side_by_side(True)
        state.classroom.value.step(warmup)
        button = rc.find(v.Btn, children=[text("controls.step", "zh")]).widget
        samples = []
        for _ in range(steps):
            started = time.perf_counter()
            button.click()
            samples.append(time.perf_counter() - started)
        assert state.classroom.value.week == warmup + steps
        return median_ms(samples)
    finally:
        state.reset_session()
        rc.close()
        state.reset_session()


def bare_model_rate(weeks: int, comparison: str | None) -> float:
    """Weeks per second of the model(s) alone, from week 0, as Play steps them."""
    from sim.interfaces.dashboard.session import Classroom

    room = Classroom("baseline", seed=0, scenario_b=comparison)
    started = time.perf_counter()
    room.step(weeks)
    return weeks / (time.perf_counter() - started)


def browser_play_rates(weeks: int) -> dict[str, float]:
    from playwright.sync_api import expect

    from sim.interfaces.dashboard import probe

    reason = probe.missing_browser()
    if reason:
        raise SystemExit(f"cannot measure Play in the browser: {reason} (or pass --no-browser)")
    rates = {}
    with probe.served_dashboard("zh") as address, probe.offline_page(address) as (page, _outside, _failed):
        rates["single"] = probe.play_rate(page, weeks, "最快", 1)
        page.get_by_text("并排对比", exact=True).click()
        expect(page.locator("svg.cogov-grid")).to_have_count(2, timeout=30_000)
        rates["side by side"] = probe.play_rate(page, weeks, "最快", 1)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30, help="steps timed per measurement (default 30)")
    parser.add_argument("--warmup", type=int, default=52, help="weeks run before timing (default 52)")
    parser.add_argument("--weeks", type=int, default=104, help="weeks played in the browser (default 104)")
    parser.add_argument("--no-browser", action="store_true", help="skip the measurement in Chromium")
    args = parser.parse_args()

    from sim.parameters import REGISTRY

    width, height = REGISTRY["width"].default, REGISTRY["height"].default
    print(f"dashboard redraw, default {width} x {height} community, median of {args.steps} steps after week {args.warmup}")
    print(f"{'mode':<14}{'model step':>12}{'drawings':>12}{'page redraw':>14}{'redraw / model step':>22}")
    for label, comparison in (("single", None), ("side by side", "co_governance")):
        model_ms, drawing_ms = time_model_and_drawings(comparison, args.steps, args.warmup)
        page_ms = time_page(comparison is not None, args.steps, args.warmup)
        print(f"{label:<14}{model_ms:>10.1f} ms{drawing_ms:>10.1f} ms{page_ms:>12.1f} ms{page_ms / model_ms:>21.1f}x")
    if args.no_browser:
        return
    rates = browser_play_rates(args.weeks)
    print(f"\nPlay in Chromium at 1366 x 768, offline: {args.weeks} weeks, fastest speed, redrawn every week")
    print(f"{'mode':<14}{'with drawing':>16}{'bare model':>16}{'ratio':>8}{'target':>10}")
    for label, comparison, target in (("single", None, 10), ("side by side", "co_governance", 5)):
        bare = bare_model_rate(args.weeks, comparison)
        print(f"{label:<14}{rates[label]:>10.1f} wk/s{bare:>10.1f} wk/s{rates[label] / bare:>8.2f}{target:>6} wk/s")


if __name__ == "__main__":
    main()
