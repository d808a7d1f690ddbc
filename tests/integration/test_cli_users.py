"""`samverkan user create` and `user reset-password`: checked e-mail, one-time passwords that
must be changed, an audit entry without the password."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from services import cli
from services.audit.models import AuditEntry
from services.auth.models import UserAccount
from services.auth.service import verify_password
from services.people.models import Network

ONE_TIME = re.compile(r"One-time password: (\S+)")


@pytest.fixture
def cli_db(db: Session, network: Network, monkeypatch: pytest.MonkeyPatch) -> Session:
    """The CLI's unit of work runs in the test's rolled-back session."""

    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        yield db
        db.flush()

    monkeypatch.setattr(cli, "unit_of_work", unit_of_work)
    return db


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.app, ["user", *args])
    return result.exit_code, result.stdout, result.stderr


def printed_password(stdout: str) -> str:
    match = ONE_TIME.search(stdout)
    assert match, stdout
    return match.group(1)


@pytest.mark.parametrize("email", ["foo@", "@example.org", "foo", "a b@example.org", "foo@bar"])
def test_create_refuses_a_bad_email_in_one_line(cli_db: Session, email: str) -> None:
    code, _, stderr = run("create", "--email", email, "--network", "ignored")
    assert code == 2
    assert "is not a valid e-mail address" in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert cli_db.scalar(select(UserAccount).where(UserAccount.email == email)) is None


def test_created_account_must_change_its_password(cli_db: Session, network: Network) -> None:
    code, stdout, stderr = run(
        "create", "--email", " Ny.Samordnare@Example.ORG ", "--network", network.slug
    )
    assert code == 0, stderr
    password = printed_password(stdout)
    user = cli_db.scalar(
        select(UserAccount).where(UserAccount.email == "ny.samordnare@example.org")
    )
    assert user is not None
    assert user.must_change_password
    assert verify_password(user.password_hash, password)
    code, _, stderr = run("create", "--email", "ny.samordnare@example.org")
    assert code == 2
    assert "kontot finns redan" in stderr


def test_reset_password_prints_a_new_one_time_password(
    cli_db: Session, network: Network, caplog: pytest.LogCaptureFixture
) -> None:
    code, stdout, _ = run("create", "--email", "glomsk@example.org", "--network", network.slug)
    first = printed_password(stdout)
    user = cli_db.scalar(select(UserAccount).where(UserAccount.email == "glomsk@example.org"))
    assert user is not None
    user.must_change_password = False
    code, stdout, stderr = run("reset-password", "--email", "GLOMSK@example.org")
    assert code == 0, stderr
    second = printed_password(stdout)
    assert second != first
    assert user.must_change_password
    assert verify_password(user.password_hash, second)
    assert not verify_password(user.password_hash, first)
    entry = cli_db.scalar(
        select(AuditEntry).where(
            AuditEntry.entity_id == user.id, AuditEntry.action == "reset_password"
        )
    )
    assert entry is not None
    assert entry.actor == "system"
    assert second not in str(entry.details)
    assert second not in caplog.text
    assert first not in caplog.text


def test_reset_password_of_unknown_or_bad_email(cli_db: Session) -> None:
    code, _, stderr = run("reset-password", "--email", "ingen@example.org")
    assert code == 2
    assert "inget konto" in stderr
    code, _, stderr = run("reset-password", "--email", "foo@")
    assert code == 2
    assert "is not a valid e-mail address" in stderr


def test_deactivate_and_revoke_tokens(cli_db: Session, network: Network) -> None:
    from services.auth.service import create_api_token, user_for_token
    from tests.support.factories import make_user

    user = make_user(cli_db, network)
    token = create_api_token(cli_db, user=user, name="script")
    code, stdout, _ = run("revoke-tokens", "--email", user.email)
    assert code == 0
    assert "Revoked 1" in stdout
    assert user_for_token(cli_db, token) is None
    code, _, _ = run("deactivate", "--email", user.email)
    assert code == 0
    cli_db.refresh(user)
    assert not user.active
    code, _, stderr = run("deactivate", "--email", "nobody@example.org")
    assert code == 2
    assert "no account" in stderr


def test_network_create_then_its_coordinator(cli_db: Session) -> None:
    result = CliRunner().invoke(
        cli.app, ["network", "create", "--name", "Nätverk Väst", "--slug", "natverk-vast"]
    )
    assert result.exit_code == 0, result.stderr
    network = cli_db.scalar(select(Network).where(Network.slug == "natverk-vast"))
    assert network is not None
    assert network.name == "Nätverk Väst"
    code, stdout, _ = run("create", "--email", "ny@vast.example.org", "--network", "natverk-vast")
    assert code == 0, stdout
    again = CliRunner().invoke(
        cli.app, ["network", "create", "--name", "nätverk väst", "--slug", "annat"]
    )
    assert again.exit_code == 2
    assert "finns redan" in again.stderr
    bad = CliRunner().invoke(cli.app, ["network", "create", "--name", "X", "--slug", "Ö ö"])
    assert bad.exit_code == 2


def test_grant_gives_an_account_a_role_in_another_network(
    cli_db: Session, network: Network
) -> None:
    from services.auth.models import UserRole
    from tests.support.factories import make_network, make_user

    user = make_user(cli_db, network, UserRole.coordinator)
    other = make_network(cli_db, "Handläggarnätverket")
    code, stdout, _ = run(
        "grant", "--email", user.email, "--network", other.slug, "--role", "viewer"
    )
    assert code == 0, stdout
    assert user.role_in(other.id) == UserRole.viewer
    assert user.role_in(network.id) == UserRole.coordinator
    code, _, stderr = run("grant", "--email", user.email, "--network", other.slug)
    assert code != 0
    assert "already has a role" in stderr
    code, _, _ = run("make-admin", "--email", user.email)
    assert code == 0
    assert user.is_admin
