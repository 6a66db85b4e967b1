"""Drive the served dashboard in Debian's Chromium, offline: used by the browser tests and by
``benchmarks/dashboard_step.py``.

:func:`served_dashboard` runs ``cogov dashboard --port 0`` in a subprocess and yields its
address; :func:`offline_page` opens it in headless Chromium with every request to another host
blocked and recorded; :func:`play_rate` measures weeks per second of Play as the page shows them.
Playwright and Chromium are needed only when these functions are called.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PROJECTOR = {"width": 1366, "height": 768}
ROOT = Path(__file__).resolve().parents[3]


def missing_browser() -> str | None:
    """Why the browser cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (install it with: apt-get install -y chromium fonts-wqy-zenhei)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e .[test])"
    return None


@contextlib.contextmanager
def served_dashboard(lang: str = "zh", timeout_seconds: float = 90) -> Iterator[str]:
    """``cogov dashboard --port 0`` in a subprocess; yields its address once it answers."""
    with served_dashboard_process(lang, timeout_seconds) as (address, _):
        yield address


@contextlib.contextmanager
def served_dashboard_process(lang: str = "zh", timeout_seconds: float = 90) -> Iterator[tuple[str, subprocess.Popen]]:
    """:func:`served_dashboard`, also yielding the server's process (to stop it while a page is open)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.interfaces.cli", "dashboard", "--port", "0", "--lang", lang],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        address, seen = None, []
        deadline = time.monotonic() + timeout_seconds
        while address is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"dashboard exited with {process.wait()}:\n{''.join(seen)}")
            seen.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            address = match.group(0) if match else None
        if address is None:
            raise RuntimeError(f"dashboard printed no address:\n{''.join(seen)}")
        wait_until_answering(address, deadline, process)
        yield address, process
    finally:
        if process.poll() is None:
            stop(process)


def wait_until_answering(address: str, deadline: float, process: subprocess.Popen | None = None) -> None:
    """Poll ``address`` until it answers 200 or ``deadline`` (time.monotonic) passes; a server
    process that exits meanwhile is reported with its output."""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"the server exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(address, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{address} did not answer in time")


def stop(process: subprocess.Popen) -> None:
    """Terminate a server process, killing it if it does not stop within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def offline_browser_page(address: str, viewport: dict | None = None, downloads: bool = False):
    """A Chromium page on ``address`` where requests to other hosts are blocked; yields
    ``(page, outside, failed)``: the page, blocked outside URLs and failed requests."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    failed: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(viewport=viewport or PROJECTOR, accept_downloads=downloads)

            def only_this_machine(route):
                if urlparse(route.request.url).hostname in LOCAL_HOSTS:
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", only_this_machine)
            page = context.new_page()
            page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
            page.goto(address)
            yield page, outside, failed
        finally:
            browser.close()


@contextlib.contextmanager
def offline_page(address: str, viewport: dict | None = None, downloads: bool = False):
    """:func:`offline_browser_page` on the dashboard, once its community map is drawn."""
    with offline_browser_page(address, viewport, downloads) as (page, outside, failed):
        page.locator("svg.cogov-grid").first.wait_for(timeout=60_000)
        yield page, outside, failed


def shown_week(page) -> int:
    return int(page.locator(".cogov-week").first.get_attribute("data-week"))


def play_rate(page, weeks: int, speed_label: str, redraw_every: int = 1, timeout_seconds: float = 120) -> float:
    """Weeks per second shown by the page while "run to week" plays ``weeks`` weeks from now,
    at the speed button ``speed_label``, redrawing every ``redraw_every`` weeks."""
    start = shown_week(page)
    page.locator(".cogov-speed .v-btn", has_text=re.compile(f"^{re.escape(speed_label)}$")).first.click()
    page.locator(".cogov-redraw .v-btn", has_text=re.compile(f"^{redraw_every}$")).first.click()
    field = page.locator(".cogov-run-to-input input").first
    field.fill(str(start + weeks))
    field.press("Enter")
    began = time.perf_counter()
    page.locator(".cogov-run-to").first.click()
    page.locator(f'.cogov-week[data-week="{start + weeks}"]').first.wait_for(timeout=timeout_seconds * 1000)
    page.locator(f'svg.cogov-grid[data-week="{start + weeks}"]').first.wait_for(timeout=timeout_seconds * 1000)
    return weeks / (time.perf_counter() - began)


#: JavaScript: every rendered piece of text on the page (or under ``root``), with the size it is
#: drawn at (its font size times the scale of any CSS transform on the way up and of the SVG
#: drawing it is in) and whether it
#: lies in the window now. Text that is not rendered (display: none, hidden, transparent) is left out.
TEXT_PIECES_JS = """
(root) => {
  const out = [];
  const walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT);
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || parseFloat(style.opacity) === 0) return false;
    }
    return true;
  };
  const scale = (el) => {
    let s = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const t = getComputedStyle(e).transform;
      if (t && t !== 'none') { const m = new DOMMatrix(t); s *= Math.hypot(m.a, m.b); }
    }
    const svg = el.closest('svg');  // a drawing scaled to its box scales its text too
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      s *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    return s;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    const el = node.parentElement;
    if (!text || !el || ['SCRIPT', 'STYLE', 'TITLE', 'NOSCRIPT'].includes(el.tagName) || el.closest('svg title')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || !visible(el)) continue;
    out.push({
      text: text, size: parseFloat(getComputedStyle(el).fontSize) * scale(el),
      inWindow: rect.bottom > 0 && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth,
      where: (el.className && el.className.baseVal === undefined ? String(el.className) : el.tagName).slice(0, 80),
      top: rect.top,
    });
  }
  return out;
}
"""

#: Latin words a page in Chinese may show: the language switch, file formats, the tool's own name.
PROPER_NAMES = {"English", "CSV", "PNG", "HTML", "JSON", "ODD", "cogov", "Ctrl"}
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def text_pieces(page, root_selector: str | None = None) -> list[dict]:
    """Every rendered piece of text (see :data:`TEXT_PIECES_JS`)."""
    if root_selector:
        return page.locator(root_selector).first.evaluate(TEXT_PIECES_JS)
    return page.evaluate(TEXT_PIECES_JS)


def english_words(pieces: list[dict], allowed: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(word, text) of every Latin word in the pieces that is not a proper name or ``allowed``."""
    found = []
    for piece in pieces:
        for word in _LATIN_WORD.findall(piece["text"]):
            if word not in PROPER_NAMES and word not in allowed:
                found.append((word, piece["text"][:80]))
    return found
