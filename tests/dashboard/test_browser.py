"""End to end in a real browser: `cogov dashboard` served locally, Debian's Chromium driven by Playwright.

The page must come up with Chinese labels and the community grid (a blank page fails: the
grid never appears), answer Step, switch to English, and run two scenarios side by side.
Every request the page makes must go to this machine: anything else is blocked and fails the
test, so the test proves the dashboard works without internet. Screenshots and step timings
are saved under artifacts/dashboard/.

Without /usr/bin/chromium the test is skipped locally and fails when $CI is set.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "dashboard"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def require_browser():
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found (install it with: apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the Python package playwright is not installed (pip install -e .[test])"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server():
    """`cogov dashboard --port 0` in a subprocess; yields its address once it answers."""
    require_browser()
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.interfaces.cli", "dashboard", "--port", "0", "--lang", "zh"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        address, seen = None, []
        deadline = time.monotonic() + 90
        while address is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                pytest.fail(f"dashboard exited with {process.wait()}:\n{''.join(seen)}")
            seen.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            address = match.group(0) if match else None
        assert address, f"dashboard printed no address:\n{''.join(seen)}"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(address, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail(f"dashboard at {address} did not answer within 90 s")
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def week(page) -> int:
    return int(page.locator(".cogov-week").get_attribute("data-week"))


def plotted(page) -> dict[str, str]:
    """Latest plotted value of every line, keyed by outcome and run."""
    return page.locator("path.series").evaluate_all(
        "paths => Object.fromEntries(paths.map(p => [p.dataset.outcome + '/' + p.dataset.run, p.dataset.last]))"
    )


def step(page, times: int, timings: list[float]) -> None:
    for _ in range(times):
        target = week(page) + 1
        started = time.perf_counter()
        page.locator(".cogov-step").click()
        page.locator(f'.cogov-week[data-week="{target}"]').wait_for(timeout=15_000)
        page.locator(f'svg.cogov-grid[data-week="{target}"]').first.wait_for(timeout=15_000)
        timings.append(time.perf_counter() - started)


def test_dashboard_in_chromium_offline(server):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    outside, failed, timings = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1000})

            def only_this_machine(route):
                if urlparse(route.request.url).hostname in LOCAL_HOSTS:
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", only_this_machine)
            page = context.new_page()
            page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
            page.on("requestfailed", lambda request: failed.append(f"{request.failure} {request.url}"))
            page.goto(server)

            # Chinese labels and the grid (a blank page fails here).
            grid = page.locator("svg.cogov-grid").first
            expect(grid).to_be_visible(timeout=60_000)
            box = grid.bounding_box()
            assert box["width"] > 200 and box["height"] > 200
            drawn = grid.evaluate(
                "svg => [...svg.querySelectorAll('path.households')].reduce((n, p) => n + p.getAttribute('d').split('z').length - 1, 0)"
            )
            assert drawn == int(grid.get_attribute("data-households")) > 1000
            for label in ("党领共治社区模拟课堂", "授权赋能", "组织嵌入", "社区网格", "分年龄组参与率", "第 0 周"):
                expect(page.get_by_text(label, exact=True).filter(visible=True).first).to_be_visible()
            expect(page.locator(".cogov-step")).to_contain_text("单步")

            before = plotted(page)
            step(page, 5, timings)
            expect(page.get_by_text("第 5 周", exact=True)).to_be_visible()
            after = plotted(page)
            assert after["backlog/0"] != before["backlog/0"], (before, after)
            assert float(after["backlog/0"]) > 0
            page.screenshot(path=str(ARTIFACTS / "zh_week5.png"))

            # English one click away.
            page.locator(".cogov-language").click()
            expect(page.get_by_text("Week 5", exact=True)).to_be_visible(timeout=15_000)
            for label in ("Empowerment", "Organisational embedding", "Participation by age group"):
                expect(page.get_by_text(label, exact=True).filter(visible=True).first).to_be_visible()
            expect(page.locator(".cogov-step")).to_contain_text("Step")
            assert page.get_by_text("授权赋能", exact=True).count() == 0

            # Side by side: two scenarios on one seed, stepping together, plots overlaid.
            page.get_by_text("Side by side", exact=True).click()
            expect(page.locator("svg.cogov-grid")).to_have_count(2, timeout=30_000)
            expect(page.get_by_text("Week 0", exact=True)).to_be_visible()
            step(page, 3, timings)
            assert [g.get_attribute("data-week") for g in page.locator("svg.cogov-grid").all()] == ["3", "3"]
            lines = plotted(page)
            assert "backlog/1" in lines and "participation_rate_retired/1" in lines
            expect(page.locator('path.series[data-run="1"][stroke-dasharray]').first).to_be_attached()
            page.screenshot(path=str(ARTIFACTS / "en_side_by_side.png"))
            page.locator(".cogov-info").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "en_info_cards.png"))
        finally:
            browser.close()

    (ARTIFACTS / "step_timings.json").write_text(
        json.dumps({"seconds_per_step_click_to_redraw": timings, "median": sorted(timings)[len(timings) // 2]}, indent=2)
    )
    assert not outside, f"the page tried to reach the internet: {outside}"
    assert not failed, f"requests failed: {failed}"
