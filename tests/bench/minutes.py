"""bench minutes: minutes extraction on the sample documents (fictional fixtures + shared)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from services.minutes.extraction import extract_minutes, read_minutes_file
from services.people.registry import GR_ORGANISATIONS
from tests.bench.common import PROJECT_ROOT, Figure, rate

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "minutes"
SHARED = PROJECT_ROOT.parent / "shared" / "samples" / "minutes"
SUFFIXES = (".txt", ".md", ".docx")


def documents() -> list[tuple[str, str]]:
    """(name, text) of every sample document; reading is not part of the figure."""
    paths = [p for p in sorted(FIXTURES.iterdir()) if p.suffix in SUFFIXES]
    if SHARED.is_dir():
        paths += [p for p in sorted(SHARED.iterdir()) if p.suffix in SUFFIXES]
    return [(p.name, read_minutes_file(p)) for p in paths]


def _meeting_date(name: str) -> date:
    parts = Path(name).stem.split("-")
    years = [i for i, part in enumerate(parts) if part.isdigit() and len(part) == 4]
    year = int(parts[years[0]]) if years else 2023
    month = int(parts[years[0] + 1]) if years and parts[years[0] + 1].isdigit() else 1
    return date(year, month, 15)


def run_minutes(*, seconds: float) -> Figure:
    docs = [(text, _meeting_date(name)) for name, text in documents()]
    for text, day in docs:  # warm-up: lexicon regexes compiled
        extract_minutes(text, meeting_date=day, organisations=GR_ORGANISATIONS)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        text, day = docs[count % len(docs)]
        extract_minutes(text, meeting_date=day, organisations=GR_ORGANISATIONS)
        count += 1
    elapsed = time.perf_counter() - started
    words = sum(len(text.split()) for text, _ in docs) / len(docs)
    return Figure(
        "minutes",
        {"docs_per_s": round(rate(count, elapsed), 1)},
        {"documents": len(docs), "mean_words": round(words), "extractions": count},
    )
