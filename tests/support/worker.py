"""Real Celery worker (and beat) processes for integration and chaos tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKER_SECRET_KEY = "test-worker-secret-key-0123456789abcdef"  # workers refuse the default


def worker_env(*, database_url: str, broker_url: str, queue: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SAMVERKAN_DATABASE_URL=database_url,
        SAMVERKAN_BROKER_URL=broker_url,
        SAMVERKAN_QUEUE_NAME=queue,
        SAMVERKAN_SECRET_KEY=WORKER_SECRET_KEY,
        SAMVERKAN_OUTBOX_SWEEP_AFTER_S="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class CeleryProcess:
    """A `celery worker` (or `beat`) subprocess whose log goes to a file we can wait on."""

    def __init__(
        self, env: dict[str, str], log_path: Path, *, beat: bool = False, concurrency: int = 2
    ) -> None:
        self.env, self.log_path, self.beat, self.concurrency = env, log_path, beat, concurrency
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        base = [sys.executable, "-m", "celery", "-A", "workers.celery_app"]
        if self.beat:
            schedule = str(self.log_path.with_suffix(".schedule"))
            return [*base, "beat", "--loglevel=INFO", "--schedule", schedule]
        queue = self.env["SAMVERKAN_QUEUE_NAME"]
        return [
            *base,
            "worker",
            "--loglevel=INFO",
            "-Q",
            queue,
            "-c",
            str(self.concurrency),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            # A fresh node name per start: RabbitMQ's exclusive pidbox queue is per node name, and
            # another worker on this machine (or one of ours just killed) may still hold it.
            "-n",
            f"test-{uuid.uuid4().hex[:8]}@%h",
        ]

    def start(self, *, wait_ready: bool = True) -> CeleryProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command(),
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait_ready and not self.beat:
            wait_for(
                lambda: b"ready." in self.log_path.read_bytes(),
                timeout=60,
                what=f"celery worker ready (log: {self.log_path})",
            )
        return self

    def kill9(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def tail(self, lines: int = 40) -> str:
        """The end of the worker's log, for a failing test's message."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def wait_for(
    condition: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    interval: float = 0.2,
    worker: CeleryProcess | None = None,
) -> None:
    """Poll until the condition holds; a time-out names what was awaited, with the worker log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    log = f"\n--- worker log\n{worker.tail()}" if worker is not None else ""
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}{log}")
