"""The classroom's first five minutes in Chromium at a projector's 1366 x 768 (issue 19's checks).

Play at speed 10 and at 最快 (redrawing every week) for ten seconds with one CPU core kept busy by
another process, then Pause: the week advanced, it stops within two seconds, no Python error is
shown. In presentation mode the Info card is visible without scrolling and no text in the window
is drawn under 16 px (sizes measured from the rendered page). In Chinese mode no English shows:
not on the run or the Info tab, not in a lesson-file error, not in the overlay shown when the
server goes away. Screenshots and figures go to artifacts/dashboard/.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from browser_support import require_browser

from sim.interfaces.dashboard import probe
from sim.interfaces.dashboard.session import scenario_names

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = probe.ROOT / "artifacts" / "dashboard"
PLAY_SECONDS = 10
STOPS_WITHIN_S = 2.0
SMALLEST_PX = 16
#: Latin words a Chinese page may show besides the proper names: scenario file names (the Info
#: card names its file), the model's citation keys and a file name's extension.
ALLOWED = set(scenario_names()) | {"ODD", "json"}


@pytest.fixture(scope="module")
def server():
    require_browser()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with probe.served_dashboard("zh") as address:
        yield address


def python_error_shown(page) -> bool:
    body = page.locator("body").inner_text()
    return any(word in body for word in ("Traceback", "RuntimeError", "Error:", "Too many renders"))


def weeks_after_pause(page, clicked: float) -> tuple[int, float]:
    """Watch the week counter for twice the allowed time after Pause: (last week, seconds to its last change)."""
    week, changed = probe.shown_week(page), clicked
    while time.monotonic() - clicked < 2 * STOPS_WITHIN_S:
        page.wait_for_timeout(100)
        now = probe.shown_week(page)
        if now != week:
            week, changed = now, time.monotonic()
    return week, changed - clicked


def test_play_then_pause_at_speed_10_and_at_max_with_a_core_kept_busy(server, busy_core):
    from playwright.sync_api import expect

    figures = {}
    with probe.offline_page(server) as (page, outside, failed):
        for label in ("10", "最快"):
            page.locator(".cogov-speed .v-btn", has_text=re.compile(f"^{re.escape(label)}$")).first.click()
            page.locator(".cogov-redraw .v-btn", has_text=re.compile("^1$")).first.click()
            start = probe.shown_week(page)
            play = page.locator(".cogov-play").first
            play.click()
            expect(play).to_have_text(re.compile("暂停"), timeout=5_000)
            time.sleep(PLAY_SECONDS)  # the check itself: ten seconds of Play
            playing = probe.shown_week(page)
            play.click()
            clicked = time.monotonic()
            stopped, settle_s = weeks_after_pause(page, clicked)
            expect(play).to_have_text(re.compile("运行"), timeout=5_000)
            figures[label] = {"weeks_in_10_s": playing - start, "weeks_after_pause": stopped - playing, "stopped_after_s": round(settle_s, 2)}
            page.screenshot(path=str(ARTIFACTS / f"paused_after_play_{'max' if label == '最快' else label}.png"))
            assert playing > start, (label, figures)
            assert settle_s <= STOPS_WITHIN_S, (label, figures)
            assert not python_error_shown(page), label
    (ARTIFACTS / "play_pause_busy.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    assert not outside and not failed, (outside, failed)


def small_text(page) -> list[dict]:
    return [p for p in probe.text_pieces(page) if p["inWindow"] and p["size"] < SMALLEST_PX]


def test_presentation_mode_at_1366x768_shows_the_info_card_and_no_text_under_16_px(server):
    from playwright.sync_api import expect

    with probe.offline_page(server) as (page, outside, failed):
        page.locator(".cogov-presentation-toggle").click()
        expect(page.locator(".cogov-presentation")).to_have_count(1, timeout=15_000)
        page.wait_for_timeout(500)
        assert not small_text(page), small_text(page)[:10]
        page.locator('[data-tab="info"]').first.click()
        card = page.locator(".cogov-info-card").first
        expect(card).to_be_visible(timeout=15_000)
        box = card.bounding_box()
        assert 0 <= box["y"] and box["y"] + 80 <= probe.PROJECTOR["height"], box  # its title and first lines
        assert page.evaluate("window.scrollY") == 0
        page.screenshot(path=str(ARTIFACTS / "info_card_presentation_1366x768.png"))
        assert not small_text(page), small_text(page)[:10]
    assert not outside and not failed, (outside, failed)


def test_chinese_mode_shows_no_english_in_tabs_errors_or_the_disconnect_overlay():
    from playwright.sync_api import expect

    require_browser()
    with probe.served_dashboard_process("zh") as (address, process), probe.offline_page(address) as (page, outside, _):
        for tab in ("run", "info"):
            page.locator(f'[data-tab="{tab}"]').first.click()
            page.wait_for_timeout(500)
            words = probe.english_words(probe.text_pieces(page), ALLOWED)
            assert not words, (tab, words[:10])
        page.locator('[data-tab="run"]').first.click()
        page.locator(".cogov-lesson-upload input[type=file]").set_input_files(
            files=[{"name": "坏的课程.json", "mimeType": "application/json", "buffer": b"{not json"}]
        )
        notice = page.locator(".cogov-notice").first
        expect(notice).to_be_visible(timeout=15_000)
        assert not probe.english_words(probe.text_pieces(page, ".cogov-notice"), ALLOWED), notice.inner_text()
        probe.stop(process)  # the server goes away mid-lesson
        overlay = page.get_by_text("与服务器的连接中断", exact=False).first
        expect(overlay).to_be_visible(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "disconnected_zh.png"))
        words = probe.english_words(probe.text_pieces(page), ALLOWED)
        assert not words, words[:10]
    assert not outside, outside
