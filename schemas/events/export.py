"""Writes the JSON Schema of every event (envelope + payload) for consumers outside samverkan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemas.events import EVENT_TYPES, EventEnvelope

JSON_DIR = Path(__file__).resolve().parent / "json"


def event_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema: one per event type and version, plus the envelope."""
    schemas: dict[str, dict[str, Any]] = {"envelope.json": EventEnvelope.model_json_schema()}
    for name, (version, model) in EVENT_TYPES.items():
        schema = model.model_json_schema()
        schema["title"] = name
        schema["x-event-version"] = version
        schemas[f"{name}.v{version}.json"] = schema
    return schemas


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export(directory: Path = JSON_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, schema in event_schemas().items():
        path = directory / file_name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in export():
        print(path.name)
