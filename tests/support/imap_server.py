"""A private Dovecot IMAP server for tests: free port, throwaway mail directory, own config."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from imap_tools import MailBoxUnencrypted

USER = "samordnare@example.org"
PASSWORD = "imap-test-password"  # a throwaway server's static password

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={tmp}/home/%u
}}
mail_location = maildir:{tmp}/mail/%u
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def available() -> bool:
    return shutil.which("dovecot") is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    root: Path

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """A message arrives, as a mail server would deliver it (IMAP APPEND)."""
        with self.connect(folder) as box:
            box.append(raw, folder)

    def count(self, folder: str) -> int:
        with self.connect() as box:
            if not box.folder.exists(folder):
                return 0
            box.folder.set(folder)
            return len(box.uids("ALL"))

    def connect(self, folder: str = "INBOX") -> MailBoxUnencrypted:
        return MailBoxUnencrypted(self.host, self.port, timeout=10).login(
            self.user, self.password, initial_folder=folder
        )


def _wait(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited: {log.read_text() if log.exists() else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("dovecot did not start listening")


@contextmanager
def running_imap() -> Iterator[ImapServer]:
    """Start `dovecot -F` on a free port with its own config and mail directory; stop it."""
    tmp = Path(tempfile.mkdtemp(prefix="samverkan-imap-"))
    tmp.chmod(0o755)  # dovecot (its own uid) must reach the mail directory below
    port = _free_port()
    for sub in ("run", "state", "home", "mail"):
        (tmp / sub).mkdir()
    conf = tmp / "dovecot.conf"
    conf.write_text(CONFIG.format(tmp=tmp, port=port, password=PASSWORD))
    shutil.chown(tmp / "mail", "dovecot", "dovecot")
    shutil.chown(tmp / "home", "dovecot", "dovecot")
    process = subprocess.Popen(
        ["dovecot", "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait(port, process, tmp / "dovecot.log")
        yield ImapServer("127.0.0.1", port, USER, PASSWORD, tmp)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)
