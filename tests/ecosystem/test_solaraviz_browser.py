"""Mesa's own SolaraViz drives the model in a real browser: move a slider, Reset, Step, the lever took effect.

`solara run sim/examples/solaraviz_app.py` is served on this machine with Solara's front-end files
from the local cache; Debian's Chromium (Playwright) blocks every request to another host, so the
test also proves the page works offline. The status line under the controls shows the running
model's own lever values and its core's effective capacity, which empowerment raises at once.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_support import require_browser

from sim.interfaces.dashboard.probe import offline_browser_page, stop, wait_until_answering

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "sim" / "examples" / "solaraviz_app.py"
ARTIFACTS = ROOT / "artifacts" / "ecosystem"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    require_browser()
    port = free_port()
    address = f"http://127.0.0.1:{port}/"
    env = {
        **os.environ, "PYTHONUNBUFFERED": "1", "SOLARA_ASSETS_PROXY": "true",
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false", "PYTHONPATH": str(ROOT),
    }
    solara = Path(sys.executable).with_name("solara")
    process = subprocess.Popen(
        [str(solara), "run", str(APP), "--host", "127.0.0.1", "--port", str(port), "--production", "--no-open"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        wait_until_answering(address, time.monotonic() + 120, process)
        yield address
    finally:
        stop(process)


def status(page) -> str:
    return page.locator(".cogov-status").first.inner_text()


def read(text: str, label: str) -> float:
    match = re.search(re.escape(label) + r" = ([-0-9.e+]+)", text)
    assert match, f"'{label}' not in the status line: {text!r}"
    return float(match.group(1))


def app_sliders() -> tuple[str, ...]:
    from sim.examples.solaraviz_app import SLIDER_PARAMETERS

    return SLIDER_PARAMETERS


def test_mesa_solaraviz_slider_reset_step_changes_the_model(server):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with offline_browser_page(server, viewport={"width": 1500, "height": 1000}) as (page, outside, failed):
        expect(page.get_by_text("Week 0", exact=False).first).to_be_visible(timeout=90_000)
        step = page.get_by_role("button", name="Step")
        reset = page.get_by_role("button", name="Reset")

        step.click()
        expect(page.get_by_text("Week 1", exact=False).first).to_be_visible(timeout=30_000)
        before = status(page)
        assert read(before, "Empowerment") == 0.0
        capacity_before = read(before, "Core effective capacity")

        # Move the empowerment slider to its maximum with the keyboard, as a user could.
        slider = page.get_by_role("slider", name="授权赋能 Empowerment")
        slider.focus()
        page.keyboard.press("End")
        expect(slider).to_have_attribute("aria-valuenow", re.compile(r"^1(\.0*)?$"), timeout=15_000)

        # every slider shows its value, not only while dragged
        slider.blur()
        labels = page.locator(".v-slider__thumb-label")
        expect(labels.first).to_be_visible(timeout=15_000)
        shown = [t.strip() for t in labels.all_inner_texts()]
        assert "1" in shown and len(shown) >= len(app_sliders()), shown

        reset.click()
        expect(page.get_by_text("Week 0", exact=False).first).to_be_visible(timeout=30_000)
        at_zero = status(page)
        step.click()
        expect(page.get_by_text("Week 1", exact=False).first).to_be_visible(timeout=30_000)
        after = status(page)
        page.screenshot(path=str(ARTIFACTS / "solaraviz_empowerment.png"))

        # another seed, typed into the seed input, gives another community on the next Reset
        seed_input = page.get_by_label("随机种子 Seed")
        seed_input.fill("7")
        seed_input.press("Enter")
        reset.click()
        expect(page.locator(".cogov-status").first).to_contain_text("Seed = 7", timeout=30_000)

    assert read(before, "Seed") == read(after, "Seed") == 42, (before, after)  # Reset kept the seed
    assert "Core effective capacity = —" in at_zero, at_zero  # a single week's figure: no week has passed at week 0
    assert read(after, "Empowerment") == 1.0, after
    assert read(after, "Core effective capacity") > capacity_before, (before, after)
    assert not outside, f"the page tried to reach the internet: {outside}"
    assert not failed, f"requests failed: {failed}"
