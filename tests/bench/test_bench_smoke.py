"""A quick run of `make bench` at tiny scale: every line in the exact format, the scan indexed.

No timing assertions: on a shared machine those are noise. The full run is `make bench`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.bench import run

LINE = re.compile(
    r"^bench (?P<name>[a-z_]+): (?P<pairs>[a-z0-9_]+=[^\s=]+(?: [a-z0-9_]+=[^\s=]+)*)$"
)
KEYS = {
    "pipeline": ["events_per_s", "celery_noop_per_s", "ratio", "p50_ms", "p99_ms"],
    "consumers": [
        "meetings",
        "events",
        "cpu_ms_per_offered_event",
        "statements_per_meeting",
        "wall_s",
    ],
    "reminder_scan": ["tasks", "due", "ms", "rows_examined"],
    "dashboard": ["tasks", "p50_ms", "p95_ms", "queries_per_request"],
    "invites": ["per_s"],
    "delivery": ["per_s", "smtp_baseline_per_s", "ratio"],
    "minutes": ["docs_per_s"],
    "worker_rss_mb": ["max_process_mb", "total_mb", "processes"],
}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, Any]]:
    output: Path = tmp_path_factory.mktemp("bench") / "bench-results.json"
    import contextlib
    import io

    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        assert run.main(["--quick", "--output", str(output)]) == 0
    return stdout.getvalue().splitlines(), json.loads(output.read_text(encoding="utf-8"))


def test_every_line_is_printed_in_the_exact_format(
    quick_run: tuple[list[str], dict[str, Any]],
) -> None:
    lines, _ = quick_run
    seen = {}
    for line in lines:
        match = LINE.match(line)
        assert match, f"not a bench line: {line!r}"
        pairs = dict(pair.split("=", 1) for pair in match["pairs"].split())
        seen[match["name"]] = pairs
    assert sorted(seen) == sorted(KEYS)
    for name, keys in KEYS.items():
        assert list(seen[name]) == keys, name
        for value in seen[name].values():
            float(value)  # every value is a number


def test_results_file_holds_the_same_lines(quick_run: tuple[list[str], dict[str, Any]]) -> None:
    lines, data = quick_run
    assert sorted(data["lines"]) == sorted(lines)


def test_reminder_scan_uses_the_due_index_and_examines_only_due_rows(
    quick_run: tuple[list[str], dict[str, Any]],
) -> None:
    _, data = quick_run
    scan = data["figures"]["reminder_scan"]
    assert scan["extra"]["index"] == "ix_timer_due"
    assert scan["due"] > 0
    assert scan["rows_examined"] <= scan["due"] * 1.1 + 5
    assert scan["rows_examined"] < scan["extra"]["timer_rows"]


def test_dashboard_query_count_does_not_depend_on_rows(
    quick_run: tuple[list[str], dict[str, Any]],
) -> None:
    _, data = quick_run
    pages = data["figures"]["dashboard"]["extra"]["pages"]
    for name, page in pages.items():
        assert len(page["queries"]) == 1, f"{name}: query count varies {page['queries']}"
