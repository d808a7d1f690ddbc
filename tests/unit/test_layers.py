"""The rooms point one way (docs/architecture.md): what each package may import, checked."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KERNEL = (
    "services.actors",
    "services.errors",
    "services.messages",
    "services.audit",
    "schemas",
    "infra",
)
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
        "inbound",
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


def test_the_contracts_import_nothing_of_ours() -> None:
    """schemas/ is the bottom room: its enums live in schemas/enums.py, not in the ORM models."""
    assert outside("schemas", ("schemas",)) == []


def test_meetings_do_not_reach_into_series_planning() -> None:
    """Series build on meetings: a meeting moves its adjacent meetings with its own rule."""
    everything = outside("services.meetings", ())
    assert [line for line in everything if "services.series.planning" in line] == []


def test_series_planning_is_pure() -> None:
    """Planning takes plain values: contracts, the clock's zone, itself; no models, no session."""
    allowed = ("services.series.planning", "schemas", "infra.clock")
    assert outside("services.series.planning", allowed) == []
    sources = (ROOT / "services/series/planning").rglob("*.py")
    orm = [p.name for p in sources if any(m.startswith("sqlalchemy") for m in imports_of(p))]
    assert orm == []


WEB = ROOT / "services" / "web"
RUNS_SQL = {"execute", "scalars", "scalar", "get"}  # Session methods that read or write rows


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """ids of every node inside a type annotation or an `Annotated[...]` alias."""
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            roots.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        elif isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "Annotated":
            roots.append(node.slice)
    return {id(inner) for root in roots for inner in ast.walk(root)}


def test_the_pages_run_no_queries_of_their_own() -> None:
    """services/web reads through the domains' queries.py (the API reads the same ones): no
    SQLAlchemy statement built here, no Session method that runs one (db.get included)."""
    found = []
    for path in sorted(WEB.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                if node.module != "sqlalchemy.orm" or [a.name for a in node.names] != ["Session"]:
                    found.append(f"{path.name}:{node.lineno} imports from {node.module}")
            elif isinstance(node, ast.Import) and any(
                a.name.startswith("sqlalchemy") for a in node.names
            ):
                found.append(f"{path.name}:{node.lineno} imports sqlalchemy")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = getattr(node.func.value, "id", "")
                if node.func.attr in RUNS_SQL and receiver in ("db", "session"):
                    found.append(f"{path.name}:{node.lineno} {receiver}.{node.func.attr}")
    assert found == []


def test_the_pages_use_domain_models_only_as_types_and_enums() -> None:
    """A page may name a row's class in a type hint and compare or offer an enum's values;
    anything else it needs from a table comes through the domain's queries or services."""
    found = []
    for path in sorted(WEB.rglob("*.py")):
        tree = ast.parse(path.read_text())
        in_types = _annotation_nodes(tree)
        imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".models"):
                for alias in node.names:
                    value = getattr(importlib.import_module(node.module or ""), alias.name)
                    if not (isinstance(value, type) and issubclass(value, Enum)):
                        imported[alias.asname or alias.name] = node.module or ""
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in imported and id(node) not in in_types:
                found.append(f"{path.name}:{node.lineno} uses {node.id} beyond a type hint")
    assert found == []
