"""The `samverkan` command: migrations, accounts, demo data, and the domain sub-commands."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import select

from infra.settings import get_settings
from services.actors import SYSTEM
from services.auth.models import UserRole
from services.demo.cli import demo_generate_app
from services.errors import DomainError
from services.minutes.cli import minutes_app
from services.people.models import Network
from services.series.cli import series_app
from workers.context import unit_of_work

app = typer.Typer(
    help="samverkan: follow-up for networks that meet in series.", no_args_is_help=True
)
user_app = typer.Typer(help="Coordinator and viewer accounts.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
network_app = typer.Typer(help="Networks (one per series of meetings).", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(network_app, name="network")
app.add_typer(demo_app, name="demo")
demo_app.add_typer(demo_generate_app)
app.add_typer(series_app, name="series")
app.add_typer(minutes_app, name="minutes")
console = Console()
err = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    """One line on stderr saying what is wrong and what to do; exit code 2."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)  # one line
    return typer.Exit(code=2)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """The API and pages (uvicorn); X-Forwarded-For is believed only from forwarded_allow_ips."""
    import uvicorn

    uvicorn.run(
        "services.api.asgi:app",
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=get_settings().forwarded_allow_ips,
    )


@app.command()
def migrate() -> None:
    """Bring the database to the latest schema (safe to run again)."""
    from infra.migrate import upgrade

    url = get_settings().database_url
    with console.status("Migrating the database…"):
        upgrade(url)
    console.print("[green]Database is up to date.[/green]")


def checked_email(email: str) -> str:
    """The normalized address, or exit 2 naming what is wrong with it."""
    from services.auth.service import normalize_email

    try:
        return normalize_email(email)
    except DomainError as exc:
        reason = f" ({exc.__cause__})" if exc.__cause__ else ""
        raise fail(escape(f"{email!r} is not a valid e-mail address{reason}")) from exc


@network_app.command("create")
def network_create(
    name: Annotated[str, typer.Option(help="The network's name, as members know it.")],
    slug: Annotated[str, typer.Option(help="Short name for --network (a-z, 0-9, -).")],
) -> None:
    """Create an empty network; then `samverkan user create --network SLUG` for its coordinator."""
    from services.people.service import create_network

    try:
        with unit_of_work() as session:
            created = create_network(session, name=name, slug=slug, actor=SYSTEM).slug
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"Created network [bold]{escape(created)}[/bold].")


@user_app.command("create")
def user_create(
    email: Annotated[str, typer.Option(help="Login e-mail of the account.")],
    role: Annotated[UserRole, typer.Option(help="coordinator or viewer.")] = UserRole.coordinator,
    network: Annotated[
        str | None, typer.Option(help="Network slug (default: the only one).")
    ] = None,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create an account and print its one-time password (shown once, never stored in clear);
    the new user chooses their own password at first login."""
    from services.auth.service import create_user

    email = checked_email(email)
    try:
        with unit_of_work() as session:
            networks = list(session.scalars(select(Network).order_by(Network.name)))
            chosen = [n for n in networks if network in (None, n.slug)]
            if len(chosen) != 1:
                slugs = ", ".join(n.slug for n in networks) or "none yet: run `samverkan demo load`"
                raise fail(f"choose a network with --network; known networks: {slugs}")
            user, password = create_user(
                session, email=email, role=role, network_id=chosen[0].id, actor=SYSTEM, name=name
            )
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"Created {role.value} [bold]{user.email}[/bold] in {chosen[0].name}.")
    print_one_time_password(password)


@user_app.command("reset-password")
def user_reset_password(
    email: Annotated[str, typer.Option(help="Login e-mail of the account.")],
) -> None:
    """Give an account a new one-time password (printed once); the old one stops working."""
    from services.auth.service import reset_password

    email = checked_email(email)
    try:
        with unit_of_work() as session:
            user, password = reset_password(session, email=email, actor=SYSTEM)
            address = user.email
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"New password for [bold]{address}[/bold].")
    print_one_time_password(password)


@user_app.command("deactivate")
def user_deactivate(
    email: Annotated[str, typer.Option(help="Login e-mail of the account.")],
) -> None:
    """End an account: no more logins, its sessions end and its API tokens are revoked."""
    from services.auth.service import deactivate_user

    email = checked_email(email)
    try:
        with unit_of_work() as session:
            address = deactivate_user(session, email=email, actor=SYSTEM).email
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"Deactivated [bold]{address}[/bold]; its sessions and API tokens are ended.")


@user_app.command("revoke-tokens")
def user_revoke_tokens(
    email: Annotated[str, typer.Option(help="Login e-mail of the account.")],
) -> None:
    """Revoke every API token of an account (they stop working at once)."""
    from services.auth.service import revoke_tokens_of

    email = checked_email(email)
    try:
        with unit_of_work() as session:
            count = revoke_tokens_of(session, email=email, actor=SYSTEM)
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"Revoked {count} API token(s).")


@user_app.command("grant")
def user_grant(
    email: Annotated[str, typer.Option(help="Login e-mail of an existing account.")],
    network: Annotated[str, typer.Option(help="Network slug.")],
    role: Annotated[UserRole, typer.Option(help="coordinator or viewer.")] = UserRole.coordinator,
) -> None:
    """Give an existing account a role in one more network (it then switches between them)."""
    from services.auth.memberships import grant_role

    email = checked_email(email)
    try:
        with unit_of_work() as session:
            found = session.scalar(select(Network).where(Network.slug == network))
            if found is None:
                raise fail(f"no network with slug {network}")
            grant_role(session, email=email, network_id=found.id, role=role, actor=SYSTEM)
            label = found.name
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"[bold]{email}[/bold] is now {role.value} in {escape(label)}.")


@user_app.command("make-admin")
def user_make_admin(
    email: Annotated[str, typer.Option(help="Login e-mail of an existing account.")],
) -> None:
    """Make an account an installation administrator (creates networks, gives roles)."""
    from services.auth.memberships import make_admin

    email = checked_email(email)
    try:
        with unit_of_work() as session:
            make_admin(session, email=email, actor=SYSTEM)
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"[bold]{email}[/bold] is now an administrator (page /admin/natverk).")


def print_one_time_password(password: str) -> None:
    console.print(
        f"One-time password: [bold]{password}[/bold]  (log in at {get_settings().base_url}/login;"
        " a new password must be chosen there)",
        highlight=False,
        soft_wrap=True,
    )


@demo_app.command("load")
def demo_load() -> None:
    """Load the reference network with fictional members, meetings, tasks and deadlines."""
    from services.demo.load import load_demo

    with console.status("Loading demo data…"), unit_of_work() as session:
        network = load_demo(session)
        name = network.name
    console.print(f"[green]Demo network ready:[/green] {name}")


def main() -> None:
    app()
