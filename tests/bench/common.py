"""Shared pieces of the benchmark: result lines, percentiles, the bench database."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from infra.db import session_factory
from tests.support.database import create_test_database, drop_test_database, migrated_engine

PROJECT_ROOT = Path(__file__).resolve().parents[2]
Value = int | float | str


@dataclass
class Figure:
    """One `bench <name>: key=value …` line; `extra` goes to the JSON file only."""

    name: str
    values: dict[str, Value]
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        pairs = " ".join(f"{key}={_format(value)}" for key, value in self.values.items())
        return f"bench {self.name}: {pairs}"


def _format(value: Value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def write_results(path: Path, figures: Sequence[Figure], meta: dict[str, Any]) -> None:
    data = {
        "meta": meta,
        "lines": [f.line() for f in figures],
        "figures": {
            f.name: {**f.values, **({"extra": f.extra} if f.extra else {})} for f in figures
        },
    }
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")


@dataclass
class BenchDatabase:
    """A fresh, migrated PostgreSQL database for one bench run (dropped at the end)."""

    name: str
    url: str
    engine: Engine

    @property
    def factory(self) -> sessionmaker[Session]:
        return session_factory(self.engine)


@contextmanager
def bench_database() -> Iterator[BenchDatabase]:
    name, url = create_test_database()
    engine = None
    try:
        engine = migrated_engine(url)
        yield BenchDatabase(name, url, engine)
    finally:
        if engine is not None:
            engine.dispose()
        drop_test_database(name)


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
