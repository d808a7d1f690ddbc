"""`samverkan demo generate`: bulk demo data at national scale (mounted under `demo`)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

demo_generate_app = typer.Typer(help="Bulk demo data.", no_args_is_help=True)
console = Console()


@demo_generate_app.command("generate")
def demo_generate(
    networks: Annotated[int, typer.Option(min=1, help="How many networks to create.")] = 10,
    years: Annotated[int, typer.Option(min=1, help="Years of meeting history per network.")] = 2,
    members: Annotated[int, typer.Option(min=2, help="Members per network.")] = 20,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same shape).")] = 1,
    workers: Annotated[int, typer.Option(min=1, help="Generator processes.")] = 2,
) -> None:
    """Networks with meetings, attendance, minutes, tasks (~15% overdue), deadlines, mail.

    About 1,000 tasks per network and 20 years; PostgreSQL is written with COPY.
    """
    from infra.db import get_engine
    from services.demo.generate import Plan, generate

    plan = Plan(networks=networks, years=years, members_per_network=members, seed=seed)
    with console.status("Generating…") as status:
        result = generate(get_engine(), plan, workers=workers, progress=status.update)
    rows, meetings = sum(result.counts.values()), result.counts.get("meeting", 0)
    console.print(
        f"[green]Generated[/green] {networks} networks, {meetings} meetings, "
        f"{result.tasks} tasks ({rows} rows) in {result.seconds:.1f} s."
    )
