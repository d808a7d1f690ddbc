"""The page catalogue, one module per area of the UI so none grows past reading size."""

from __future__ import annotations

from services.web.catalogue import (
    audit,
    common,
    follow_up,
    meeting_edit,
    meetings,
    member,
    person,
    registers,
    series,
    settings,
    tenancy,
)

AREAS: dict[str, dict[str, tuple[str, str]]] = {
    "common": common.TEXTS,
    "meetings": meetings.TEXTS,
    "meeting_edit": meeting_edit.TEXTS,
    "follow_up": follow_up.TEXTS,
    "registers": registers.TEXTS,
    "member": member.TEXTS,
    "series": series.TEXTS,
    "settings": settings.TEXTS,
    "audit": audit.TEXTS,
    "person": person.TEXTS,
    "tenancy": tenancy.TEXTS,
}


def merged() -> dict[str, tuple[str, str]]:
    """All areas in one dict; a key defined twice is a mistake that would hide one text."""
    result: dict[str, tuple[str, str]] = {}
    for area, texts in AREAS.items():
        twice = result.keys() & texts.keys()
        if twice:
            raise ValueError(f"catalogue keys defined twice ({area}): {sorted(twice)}")
        result.update(texts)
    return result
