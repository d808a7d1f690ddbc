"""Token plumbing for python-o365: a DB-pluggable token backend and a configurable authority."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msal import ConfidentialClientApplication
from O365 import Account
from O365.connection import Connection
from O365.utils import BaseTokenBackend


class CallbackTokenBackend(BaseTokenBackend):  # type: ignore[misc]  # O365 is untyped
    """MSAL-shaped token cache loaded from and saved through plain callables (e.g. a DB row)."""

    def __init__(
        self,
        load: Callable[[], str | None],
        save: Callable[[str], None],
    ) -> None:
        super().__init__()
        self._load = load
        self._save = save

    def __repr__(self) -> str:
        return "CallbackTokenBackend"

    def load_token(self) -> bool:
        """Replace the in-memory cache by the stored one; False when nothing is stored yet."""
        serialized = self._load()
        if not serialized:
            return False
        self._cache = self.deserialize(serialized)
        return True

    def save_token(self, force: bool = False) -> bool:
        """Store the cache when MSAL changed it (a new or renewed token), or when forced."""
        if not self._cache:
            return False
        if not force and not self._has_state_changed:
            return True
        serialized = self.serialize()
        self._save(serialized if isinstance(serialized, str) else serialized.decode())
        return True

    def delete_token(self) -> bool:
        """Forget the token locally; the stored copy is the caller's to delete."""
        self._cache = {}
        return True

    def check_token(self) -> bool:
        """True when the store holds a token."""
        return bool(self._load())


class AuthorityConnection(Connection):  # type: ignore[misc]  # O365 is untyped
    """python-o365's Connection with a configurable OAuth authority (national clouds, tests)."""

    _msal_client: Any

    def __init__(self, *args: Any, authority_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._authority_url = authority_url

    @property
    def msal_client(self) -> Any:
        """MSAL client on our authority; Microsoft's instance discovery is skipped for it."""
        if self._msal_client is None and self._authority_url:
            self._msal_client = ConfidentialClientApplication(
                client_id=self.auth[0],
                client_credential=self.auth[1],
                authority=self._authority_url,
                token_cache=self.token_backend,
                proxies=self.proxy,
                verify=self.verify_ssl,
                timeout=self.timeout,
                instance_discovery=False,
            )
        return super().msal_client


class AuthorityAccount(Account):  # type: ignore[misc]  # O365 is untyped
    """python-o365's Account building an AuthorityConnection."""

    connection_constructor = AuthorityConnection
