"""The organiser mailbox as three verbs: read the waiting messages, file one, flag one for a person.

IMAP in production (imap-tools); a local Maildir in `make run`, read with the standard library's
`mailbox` module because imap-tools speaks only IMAP and the embedded mode has no IMAP server.
"""

from __future__ import annotations

import mailbox
import ssl
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol

from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.mailbox import BaseMailBox

from infra.settings import Settings

FLAGGED = "\\Flagged"


@dataclass(frozen=True)
class Waiting:
    """One message in the folder: its id in the mailbox and its raw bytes."""

    uid: str
    raw: bytes


class Inbox(AbstractContextManager["Inbox"], Protocol):
    """What the reader needs of a mailbox; messages are never deleted, only filed or flagged."""

    def waiting(self) -> Iterator[Waiting]:
        """Messages not yet filed and not flagged for a person."""
        ...

    def file(self, uid: str) -> None:
        """Move the message into the processed folder."""
        ...

    def flag(self, uid: str) -> None:
        """Leave the message where it is, flagged, for a person to read."""
        ...


@dataclass
class ImapInbox:
    """An IMAP folder read with imap-tools; processed messages move to another folder."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    tls: Literal["ssl", "starttls", "none"] = "ssl"
    folder: str = "INBOX"
    processed: str = "Processed"
    timeout: float = 30.0
    _box: BaseMailBox | None = None

    def __enter__(self) -> ImapInbox:
        box: BaseMailBox
        if self.tls == "ssl":
            context = ssl.create_default_context()
            box = MailBox(self.host, self.port, timeout=self.timeout, ssl_context=context)
        elif self.tls == "starttls":
            context = ssl.create_default_context()
            box = MailBoxStartTls(self.host, self.port, timeout=self.timeout, ssl_context=context)
        else:
            box = MailBoxUnencrypted(self.host, self.port, timeout=self.timeout)
        box.login(self.user, self.password, initial_folder=self.folder)
        if not box.folder.exists(self.processed):
            box.folder.create(self.processed)
        self._box = box
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._box is not None:
            self._box.logout()
            self._box = None

    @property
    def box(self) -> BaseMailBox:
        """The open connection (between enter and exit)."""
        if self._box is None:
            raise RuntimeError("the inbox is not open")
        return self._box

    def waiting(self) -> Iterator[Waiting]:
        for msg in self.box.fetch("UNFLAGGED", mark_seen=False, bulk=20):
            if msg.uid:
                yield Waiting(msg.uid, msg.obj.as_bytes())

    def file(self, uid: str) -> None:
        self.box.move(uid, self.processed)

    def flag(self, uid: str) -> None:
        self.box.flag(uid, FLAGGED, True)


@dataclass
class MaildirInbox:
    """A Maildir (embedded mode): drop replies into new/; filed ones go to a subfolder."""

    path: Path
    processed: str = "Processed"
    _box: mailbox.Maildir | None = None

    def __enter__(self) -> MaildirInbox:
        self._box = mailbox.Maildir(self.path, create=True)
        if self.processed not in self._box.list_folders():
            self._box.add_folder(self.processed)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._box = None

    @property
    def box(self) -> mailbox.Maildir:
        """The open Maildir (between enter and exit)."""
        if self._box is None:
            raise RuntimeError("the inbox is not open")
        return self._box

    def waiting(self) -> Iterator[Waiting]:
        for key in sorted(self.box.keys()):
            message = self.box.get_message(key)
            if "F" not in message.get_flags():
                yield Waiting(key, self.box.get_bytes(key))

    def file(self, uid: str) -> None:
        message = self.box.get_message(uid)
        self.box.get_folder(self.processed).add(message)
        self.box.discard(uid)

    def flag(self, uid: str) -> None:
        message = self.box.get_message(uid)
        message.add_flag("F")
        message.set_subdir("cur")
        self.box[uid] = message


def inbox_from_settings(settings: Settings) -> Inbox | None:
    """IMAP when a host is set, else the Maildir when one is set, else nothing to read."""
    if settings.inbound_imap_host and settings.inbound_imap_user:
        secret = settings.inbound_imap_password
        return ImapInbox(
            host=settings.inbound_imap_host,
            port=settings.inbound_imap_port,
            user=settings.inbound_imap_user,
            password=secret.get_secret_value() if secret else "",
            tls=settings.inbound_imap_tls,
            folder=settings.inbound_imap_folder,
            processed=settings.inbound_processed_folder,
        )
    if settings.inbound_maildir is not None:
        return MaildirInbox(settings.inbound_maildir, processed=settings.inbound_processed_folder)
    return None
