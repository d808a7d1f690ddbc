"""All configuration in one place: environment variables prefixed SAMVERKAN_, or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "change-me-in-production-please-0123456789"  # noqa: S105 (refused)
MIN_SECRET_KEY_BYTES = 32
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


class InsecureSecretKey(RuntimeError):
    """The secret key is the default or too short: cookies and member links could be forged."""


class Settings(BaseSettings):
    """Every setting samverkan reads; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="SAMVERKAN_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'samverkan.db'}",
        description="SQLAlchemy URL; PostgreSQL in production (postgresql+psycopg://...).",
    )
    broker_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="Celery broker: redis://... or amqp://guest:guest@host:5672//",
    )
    result_backend: str | None = Field(default=None, description="Celery result backend.")
    queue_name: str = Field(default="samverkan", description="Celery queue the workers consume.")
    broker_visibility_timeout_s: int = Field(
        default=3600, description="Redis visibility timeout, broker and result backend alike."
    )
    secret_key: SecretStr = Field(
        default=SecretStr(DEFAULT_SECRET_KEY),
        description="Signs session cookies, CSRF tokens and member links; at least 32 bytes, "
        "the service refuses to start with the default (`make run` makes its own).",
    )
    base_url: str = Field(default="http://127.0.0.1:8000", description="Public URL in links.")
    timezone: str = Field(default="Europe/Stockholm", description="Local time of the network.")
    default_language: Literal["sv", "en"] = Field(default="sv", description="UI language.")
    member_link_max_age_s: int = Field(default=14 * 24 * 3600, description="Member link lifetime.")
    session_max_age_s: int = Field(default=8 * 3600, description="Coordinator session lifetime.")
    login_rate_limit: int = Field(
        default=10, description="Failed logins per 15 min per address and account."
    )
    login_account_limit: int = Field(
        default=20, description="Failed logins per 15 min per account, from any address."
    )
    login_address_limit: int = Field(
        default=30, description="Failed logins per 15 min per address, to any account."
    )
    login_global_limit: int = Field(
        default=500, description="Failed logins per 15 min in all (a ceiling for botnets)."
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="The reverse proxy's addresses, trusted for X-Forwarded-For (uvicorn's).",
    )
    api_token_max_age_days: int = Field(
        default=90, ge=1, description="API tokens end after at most this many days."
    )
    cookie_secure: bool | None = Field(
        default=None, description="Send cookies only over https (default: when base_url is https)."
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="/metrics answers only `Authorization: Bearer <token>`; unset, it is off.",
    )
    max_request_bytes: int = Field(
        default=12 * 1024 * 1024,
        ge=1024,
        description="Largest request body (uploads: 10 MB minutes files), else 413.",
    )
    docs_public: bool = Field(
        default=False, description="Serve /docs and /openapi.json without login (development)."
    )

    smtp_host: str = Field(default="127.0.0.1", description="SMTP server for outgoing mail.")
    smtp_port: int = Field(default=8025, description="SMTP port (the embedded catcher: 8025).")
    smtp_starttls: bool = Field(default=False, description="Use STARTTLS.")
    smtp_user: str | None = Field(default=None, description="SMTP login, if any.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    mail_from: str = Field(default="samverkan@example.org", description="Sender address.")

    inbound_imap_host: str | None = Field(
        default=None, description="IMAP server of the organiser mailbox (replies, bounces)."
    )
    inbound_imap_port: int = Field(default=993, description="IMAP port.")
    inbound_imap_tls: Literal["ssl", "starttls", "none"] = Field(
        default="ssl", description="IMAP over TLS (ssl), STARTTLS, or none (tests only)."
    )
    inbound_imap_user: str | None = Field(default=None, description="IMAP login.")
    inbound_imap_password: SecretStr | None = Field(default=None, description="IMAP password.")
    inbound_imap_folder: str = Field(default="INBOX", description="Folder the answers arrive in.")
    inbound_processed_folder: str = Field(
        default="Processed", description="Read messages are moved here, never deleted."
    )
    inbound_maildir: Path | None = Field(
        default=None, description="Embedded mode: a Maildir read instead of IMAP (var/inbound)."
    )
    bounce_local_part: str = Field(
        default="bounce", description="VERP envelope sender: <this>+<notification id>@domain."
    )
    bounce_domain: str | None = Field(
        default=None, description="Domain of the VERP address (default: mail_from's domain)."
    )
    bounce_raw_retention_days: int = Field(
        default=90, ge=1, description="Raw bounces are kept this long for audit, then erased."
    )

    graph_tenant_id: str | None = Field(default=None, description="Microsoft 365 tenant.")
    graph_client_id: str | None = Field(default=None, description="App registration id.")
    graph_client_secret: SecretStr | None = Field(default=None, description="App secret.")
    graph_base_url: str = Field(default="https://graph.microsoft.com", description="Graph API.")
    graph_messages_per_minute: int = Field(default=30, description="Per mailbox.")
    graph_recipients_per_day: int = Field(default=10_000, description="Per mailbox.")
    graph_max_concurrency: int = Field(default=4, description="Concurrent Graph calls.")
    graph_mailbox: str | None = Field(
        default=None, description="Organiser mailbox when the network names none (Microsoft 365)."
    )
    graph_authority_url: str | None = Field(
        default=None, description="OAuth authority for Graph tokens (national clouds, tests)."
    )
    redis_url: str | None = Field(
        default=None, description="Redis for the Graph limits; defaults to a redis broker_url."
    )
    graph_limits_prefix: str = Field(
        default="samverkan:graph", description="Redis key prefix of the Graph limits."
    )

    meeting_reminder_days: list[int] = Field(
        default=[7, 1], description="Meeting reminders this many days before (08:00 local)."
    )
    task_overdue_owner_days: int = Field(
        default=3, ge=0, description="Overdue tasks: daily reminders to the owner this many days."
    )
    task_overdue_contact_days: int = Field(
        default=3,
        ge=0,
        description="Then this many days to the organisation's contact; then the coordinator.",
    )
    deadline_reminder_working_days: list[int] = Field(
        default=[14, 3], description="Deadline reminders this many working days before closing."
    )
    survey_reminder_days: list[int] = Field(
        default=[3, 1], description="Survey reminders this many days before the survey closes."
    )
    delivery_batch_size: int = Field(
        default=20, ge=1, description="Notifications one sender claims at a time."
    )
    delivery_lease_s: int = Field(
        default=180,
        ge=1,
        description="A notification 'sending' longer than this is in doubt: sent again with the "
        "same ids (Microsoft 365: looked up first).",
    )
    delivery_senders: int = Field(
        default=4, ge=1, description="Delivery scans run side by side while a backlog waits."
    )
    smtp_messages_per_minute: int = Field(
        default=600,
        ge=0,
        description="SMTP relay rate limit, shared by all workers through Redis (0: none).",
    )
    delivery_backoff_base_s: float = Field(
        default=30.0, description="First retry delay of a failed delivery (doubles, jittered)."
    )
    delivery_backoff_max_s: float = Field(default=6 * 3600, description="Longest retry delay.")
    feed_link_max_age_s: int = Field(
        default=400 * 24 * 3600, description="Lifetime of ICS feed links (calendar apps poll)."
    )

    outbox_sweep_after_s: int = Field(
        default=5, description="Unpublished events older than this are published by the sweep."
    )
    outbox_redeliver_after_s: int = Field(
        default=120, description="Published but unconsumed events are republished after this."
    )
    task_max_retries: int = Field(default=8, description="Attempts before a dead letter.")
    followup_days_before_next_meeting: int = Field(
        default=7,
        description="Follow-ups without a date are due this long before the next meeting.",
    )
    followup_default_days: int = Field(
        default=14, description="Due date of follow-ups when there is no next meeting."
    )

    login_attempt_retention_days: int = Field(
        default=30, ge=1, description="Login attempts are deleted after this many days."
    )
    notification_retention_days: int = Field(
        default=180, ge=1, description="Sent, failed and withdrawn mails are deleted after this."
    )

    mail_capture_dir: Path | None = Field(
        default=None,
        description="Embedded mode: where the local SMTP catcher stores mail (default: var/mail).",
    )
    embedded_dir: Path = Field(
        default=PROJECT_ROOT / "var",
        description="Embedded mode: the database, Redis, logs and captured mail of `make run`.",
    )
    port: int = Field(
        default=8000, ge=1, le=65535, description="Embedded mode: the web server's port."
    )
    log_level: str = Field(default="INFO", description="Log level (JSON lines, no personal data).")

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry `Secure` whenever the public URL is https, unless set explicitly."""
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.base_url.lower().startswith("https://")

    def check_secret_key(self) -> None:
        """Raise InsecureSecretKey before serving with a key anyone can read in our source."""
        key = self.secret_key.get_secret_value()
        if key == DEFAULT_SECRET_KEY or len(key.encode()) < MIN_SECRET_KEY_BYTES:
            raise InsecureSecretKey(
                f"SAMVERKAN_SECRET_KEY is the default or shorter than {MIN_SECRET_KEY_BYTES} "
                f"bytes; set a random one, e.g. the output of: {MAKE_A_KEY}"
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process; tests build their own Settings instead."""
    return Settings()
