"""`cogov dashboard --host 0.0.0.0` (in any spelling: 0, ::0, 0:0:0:0:0:0:0:0) warns that anyone on the network can open
the page, and prints addresses that work instead of http://:PORT/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from sim.interfaces.network import exposure_warning, normalise_host, reachable_urls


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "0", "::0", "0:0:0:0:0:0:0:0", "[::]", "0x0"])
def test_every_interface_is_named_as_a_risk_with_usable_addresses(host):
    host = normalise_host(host, "--host")
    warning = exposure_warning(host, 8765)
    assert "anyone on the network can open this page" in warning and "同一网络中的任何人都能打开" in warning
    urls = reachable_urls(host, 8765)
    assert urls[0] == "http://127.0.0.1:8765/" and all("//:" not in u and "0.0.0.0" not in u for u in urls)


def test_a_local_host_gets_no_warning():
    assert exposure_warning("127.0.0.1", 8765) is None
    assert reachable_urls("::1", 8765) == ["http://[::1]:8765/"]


@pytest.mark.slow
def test_the_dashboard_command_warns_before_serving_everyone():
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.interfaces.cli", "dashboard", "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline, lines = time.monotonic() + 60, []
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            if "reachable at" in line:
                lines.append(process.stderr.readline())
                break
        text = "".join(lines)
        assert "anyone on the network can open this page" in text, text
        assert "http://127.0.0.1:" in text and "http://:" not in text
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
