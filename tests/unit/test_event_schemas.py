"""The exported JSON Schemas match the pydantic event catalog (fails when the export is stale)."""

from __future__ import annotations

from schemas.events.export import JSON_DIR, event_schemas, render


def test_exported_event_schemas_are_current() -> None:
    expected = event_schemas()
    on_disk = {p.name for p in JSON_DIR.glob("*.json")}
    assert on_disk == set(expected), "run `python -m schemas.events.export` to refresh"
    for name, schema in expected.items():
        current = (JSON_DIR / name).read_text(encoding="utf-8")
        assert current == render(schema), f"{name} is stale: run `python -m schemas.events.export`"


def test_catalog_has_every_event_of_the_pipeline() -> None:
    names = {n.split(".v")[0] for n in event_schemas() if n != "envelope.json"}
    assert {
        "meeting.scheduled",
        "meeting.rescheduled",
        "meeting.cancelled",
        "meeting.held",
        "attendance.recorded",
        "minutes.approved",
        "task.created",
        "task.completed",
        "task.overdue",
        "deadline.registered",
        "deadline.opened",
        "deadline.closing",
        "survey.opened",
        "survey.closed",
        "notification.failed",
    } <= names
