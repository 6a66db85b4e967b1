"""End to end in real browsers: `cogov classroom` in a subprocess, Debian's Chromium via Playwright.

A projected teacher page and twelve student pages (each its own browser context, phone-sized)
join with the code typed from the teacher's page, get different roles, and play two rounds of
four weeks with a lever change between them. One student closes their page after week two and
falls back to simulation. The teacher ends the session; the debrief and the downloadable record
appear and the students see that the class has ended. Every request must stay on this machine
(anything else is blocked and fails the test). Screenshots go to artifacts/classroom/.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import require_browser

from sim.interfaces.dashboard import probe
from sim.interfaces.dashboard.probe import CHROMIUM, LAUNCH_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "classroom"
STUDENTS = 12
WEEKS_PER_ROUND = 4


@pytest.fixture(scope="module")
def classroom():
    """`cogov classroom --port 0 --student-port 0`; yields (teacher URL, student URL)."""
    require_browser()
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.interfaces.cli", "classroom", "co_governance", "--port", "0", "--student-port", "0",
         "--joins-per-address", str(STUDENTS)],  # every phone of the test comes from 127.0.0.1
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        seen, teacher, student = [], None, None
        deadline = time.monotonic() + 60
        while not (teacher and student) and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                pytest.fail(f"cogov classroom exited with {process.wait()}:\n{''.join(seen)}")
            seen.append(line)
            if "Teacher page" in line:
                teacher = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
            if "Students open" in line:
                student = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        assert teacher and student, "".join(seen)
        yield teacher, student
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def keep_local(context, outside: list[str]) -> None:
    def route(r):
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)


def answer_week(page, week: int, k: int) -> None:
    """Wait for week ``week``'s form, pick a student-specific option in every field, submit."""
    page.locator(f'body[data-week="{week}"]').wait_for(timeout=30_000)
    answered: set[str] = set()
    while True:  # a question may appear after another's answer (volunteering after taking part)
        waiting = [f for f in page.locator("#choices fieldset:visible").all() if f.get_attribute("data-field") not in answered]
        if not waiting:
            break
        fieldset = waiting[0]
        answered.add(fieldset.get_attribute("data-field"))
        inputs = fieldset.locator("input")
        if inputs.first.get_attribute("type") == "checkbox":
            inputs.nth(week % inputs.count()).check()
        else:
            inputs.nth((k + week) % inputs.count()).check()
    page.locator("#submit").click()
    try:
        # Answered, or (the last answer of the week) the week has closed and the next one is open.
        page.locator(f'body[data-answered="yes"][data-week="{week}"], body[data-week="{week + 1}"]').wait_for(timeout=10_000)
    except Exception:
        pytest.fail(f"week {week}, student {k}: not submitted; the page says {page.inner_text('#messages')!r}")


def test_a_class_of_twelve_plays_two_rounds_in_chromium_offline(classroom):
    from playwright.sync_api import sync_playwright

    teacher_url, student_url = classroom
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    outside, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            projector = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
            keep_local(projector, outside)
            teacher = projector.new_page()
            teacher.on("pageerror", lambda e: errors.append(str(e)))
            teacher.goto(teacher_url)
            teacher.locator("#join-code").filter(has_text=re.compile(r"\w{6}")).wait_for()
            code = teacher.locator("#join-code").inner_text().strip()
            # Latin words the teacher's page may show in Chinese only: the join code, the scenario file co_governance, the address.
            allowed = {*re.findall(r"[A-Za-z]+", code), "co", "governance", "http"}
            assert teacher.locator("#qr svg").count() == 1 and "加入码" in teacher.content()

            phones, roles = [], []
            for k in range(STUDENTS):
                context = browser.new_context(viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True)
                keep_local(context, outside)
                page = context.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(student_url)
                page.fill("#code", code.lower())  # typed in lower case from the projector
                page.fill("#name", f"学生{k + 1}")
                page.click("#join-button")
                page.locator("#choices fieldset").first.wait_for()
                roles.append(page.locator("body").get_attribute("data-role"))
                phones.append((context, page))
            kinds = {role.split(":")[0] for role in roles}
            assert kinds == {"residents", "member", "firm", "committee", "organisation", "core"}, roles
            assert len(set(roles)) < STUDENTS  # residents share buildings
            phones[1][1].screenshot(path=str(ARTIFACTS / "student-committee.png"), full_page=True)
            teacher.locator('body[data-students="12"]').wait_for()

            dropout = roles.index(next(r for r in roles if r.startswith("organisation")))
            for round_index in range(2):
                teacher.fill("#round-weeks", str(WEEKS_PER_ROUND))
                teacher.fill("#round-seconds", "40")
                teacher.click("#start-round")
                for offset in range(WEEKS_PER_ROUND):
                    week = round_index * WEEKS_PER_ROUND + offset
                    if week == 2:
                        phones[dropout][0].close()  # the student leaves: simulation takes over
                    for k, (context, page) in enumerate(phones):
                        if k == dropout and week >= 2:
                            continue
                        answer_week(page, week, k)
                    teacher.locator(f'body[data-week="{week + 1}"]').wait_for(timeout=60_000)
                if round_index == 0:
                    teacher.screenshot(path=str(ARTIFACTS / "teacher-round1.png"), full_page=True)
                    teacher.select_option("#lever-name", "pooling")
                    teacher.fill("#lever-value", "7")  # out of range: a one-paragraph error, Chinese first
                    teacher.click("#apply-lever")
                    message = teacher.locator("#messages .message").first
                    message.wait_for()
                    chinese = message.evaluate(
                        "m => { const c = m.cloneNode(true); c.querySelectorAll('.en').forEach(e => e.remove()); return c.textContent; }"
                    )
                    assert re.search(r"[\u4e00-\u9fff]", chinese) and "7" in chinese, chinese
                    assert not probe.english_words([{"text": chinese}], {"pooling"}), chinese
                    assert not teacher.locator("#interventions li").count()
                    teacher.click("#english")  # the same moment in Chinese only: the whole page, the refusal included
                    teacher.locator("body.zh-only").wait_for()
                    assert message.is_visible() and re.search(r"[\u4e00-\u9fff]", message.inner_text())
                    words = probe.english_words(probe.text_pieces(teacher), allowed)
                    assert not words, words[:20]
                    teacher.click("#english")
                    teacher.locator("body:not(.zh-only)").wait_for()
                    teacher.fill("#lever-value", "0.9")
                    teacher.click("#apply-lever")
                    teacher.locator("#interventions li").first.wait_for()
                    teacher.locator("line.event-line").first.wait_for(state="attached")

            # A student's page after a week: what the week brought their own actor.
            result = phones[1][1].locator("#last-week li")
            assert result.count() >= 2 and re.search(r"\d", result.first.inner_text())
            phones[1][1].screenshot(path=str(ARTIFACTS / "student-week-result.png"), full_page=True)

            # The projected page at 1366 x 768 in presentation mode, Chinese only: no text under 16 px,
            # no English outside the join code, the address and the scenario's name.
            teacher.set_viewport_size({"width": 1366, "height": 768})
            teacher.click("#presentation")
            teacher.locator("body.presentation").wait_for()
            teacher.click("#english")
            teacher.locator("body.zh-only").wait_for()
            teacher.wait_for_function("document.querySelector('#charts svg') !== null")
            teacher.wait_for_timeout(1500)  # the next poll redraws the charts at the presentation sizes
            for top in (0, 700, 1400):
                teacher.evaluate(f"window.scrollTo(0, {top})")
                shown = [p for p in probe.text_pieces(teacher) if p["inWindow"]]
                small = [p for p in shown if p["size"] < 16]
                assert len(shown) > 5 and not small, (top, small[:5])
            teacher.evaluate("window.scrollTo(0, 0)")
            teacher.screenshot(path=str(ARTIFACTS / "teacher-presentation-1366x768.png"))
            words = probe.english_words(probe.text_pieces(teacher), allowed)
            assert not words, words[:20]
            for k in (0, 4):  # the firm's and the secretary's phones, Chinese only
                phone = phones[k][1]
                phone.click("#english")
                words = probe.english_words(probe.text_pieces(phone))
                assert not words, (k, words[:20])

            firm_page = phones[0][1]
            firm_page.locator('body[data-week="8"] #last-week .decided').wait_for(timeout=10_000)
            assert "投入多少人力" in firm_page.inner_text("#last-week")  # what last week's decision was
            roster = teacher.locator("#roster").inner_text()
            assert "模拟代答" in roster  # the dropout's weeks, shown as simulated
            teacher.on("dialog", lambda dialog: dialog.accept())
            teacher.click("#end")
            teacher.locator('body[data-debrief="shown"]').wait_for(timeout=30_000)
            debrief = teacher.locator("#debrief").inner_text()
            assert "复盘" in teacher.content() and "同种子" in debrief
            assert "业委会" in debrief and "批准大修" in debrief and "模拟对照" in debrief
            cards = teacher.locator("#debrief .card")
            assert cards.count() == len(set(roles))
            organisation_card = teacher.locator(f'#debrief .card[data-role="{roles[dropout]}"]').inner_text()
            assert "6 周未作答，由模拟代为决定" in organisation_card
            teacher.screenshot(path=str(ARTIFACTS / "teacher-debrief.png"), full_page=True)
            # The debrief's role cards fit one screen of the projector.
            teacher.locator("#debrief-section").evaluate("e => e.scrollIntoView()")
            section_top = teacher.locator("#debrief-section").bounding_box()["y"]
            bottoms = [box["y"] + box["height"] for box in (c.bounding_box() for c in cards.all())]
            assert max(bottoms) - section_top <= 768, (section_top, max(bottoms))
            teacher.screenshot(path=str(ARTIFACTS / "teacher-debrief-1366x768.png"))

            with teacher.expect_download() as download:
                teacher.click("#record-link")
            record = Path(download.value.path()).read_text(encoding="utf-8")
            (ARTIFACTS / "class-record.html").write_text(record, encoding="utf-8")
            assert "课堂角色扮演记录" in record and "<script" not in record.lower()
            assert "共 8 周" in record and "学生12" in record

            survivor = phones[0][1]
            survivor.locator('body[data-ended="yes"]').wait_for(timeout=10_000)
            assert "课堂已结束" in survivor.inner_text("body")
        finally:
            browser.close()
    assert not outside, f"requests left this machine: {outside[:5]}"
    assert not errors, errors
