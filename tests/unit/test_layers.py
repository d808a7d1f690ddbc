"""The rooms point one way (docs/architecture.md): what each package may import, checked."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KERNEL = ("services.actors", "services.errors", "services.audit", "schemas", "infra")
SHELLS = (
    "services.api",
    "services.web",
    "services.cli",
    "services.demo",
    "services.embedded",
    "workers",
)


def imports_of(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside functions."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def ours(module: str) -> bool:
    return module.split(".")[0] in ("services", "schemas", "infra", "workers")


def outside(package: str, allowed: tuple[str, ...], *, skip: tuple[str, ...] = ()) -> list[str]:
    """'file: module' for each import of ours from `package` that is not under `allowed`."""
    found = []
    for path in sorted((ROOT / package.replace(".", "/")).rglob("*.py")):
        if path.name in skip:
            continue
        for module in imports_of(path):
            if ours(module) and not module.startswith(allowed):
                found.append(f"{path.relative_to(ROOT)}: {module}")
    return found


def test_infra_imports_no_domain_and_no_shell() -> None:
    """Settings, database, adapters: below every domain. Alembic's env.py is the one script
    that loads every model (services/models.py), for autogenerate."""
    found = outside("infra", ("infra", "schemas"))
    assert [f for f in found if f != "infra/migrations/env.py: services.models"] == []


def test_the_channel_imports_no_domain_but_people_and_events() -> None:
    allowed = ("services.notifications", "services.people", "services.events", *KERNEL)
    assert outside("services.notifications", allowed) == []


def test_the_event_engine_imports_no_domain() -> None:
    # events/api.py is the dead letters' HTTP face, a shell like every domain's api.py
    allowed = ("services.events", "services.lookup", *KERNEL)
    assert outside("services.events", allowed, skip=("api.py",)) == []


@pytest.mark.parametrize(
    "domain",
    [
        "auth",
        "deadlines",
        "digest",
        "feeds",
        "meetings",
        "minutes",
        "people",
        "privacy",
        "series",
        "surveys",
        "tasks",
    ],
)
def test_domains_do_not_reach_up_into_the_shells(domain: str) -> None:
    """Pages, API shells and workers call domains, never the other way round (a domain's
    api.py and cli.py are its shells)."""
    everything = outside(f"services.{domain}", (), skip=("api.py", "cli.py"))
    assert [line for line in everything if line.split(": ")[1].startswith(SHELLS)] == []
