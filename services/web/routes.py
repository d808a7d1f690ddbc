"""The dashboard (Jinja2 + htmx): coordinator pages and member pages, one module per page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from services.web import (
    admin_pages,
    audit_pages,
    auth_pages,
    deadline_pages,
    mail_links,
    meeting_changes,
    meeting_pages,
    member_feed,
    member_pages,
    minutes_pages,
    network_pages,
    overview,
    person_pages,
    privacy_pages,
    series_links,
    series_pages,
    settings_pages,
    statement,
    task_pages,
    token_pages,
)

STATIC_DIR = Path(__file__).parent / "static"
STATIC_FILES = {"app.css": "text/css", "htmx.min.js": "text/javascript"}

router = APIRouter(include_in_schema=False)


@router.get("/static/web/{name}")
def static_file(name: str) -> FileResponse:
    """Served from a fixed list, so the app factory needs no static mount."""
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise HTTPException(status_code=404)
    return FileResponse(
        STATIC_DIR / name, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"}
    )


for module in (
    auth_pages,
    overview,
    meeting_pages,
    meeting_changes,
    minutes_pages,
    task_pages,
    member_feed,
    member_pages,
    mail_links,
    admin_pages,
    deadline_pages,
    audit_pages,
    person_pages,
    series_links,
    series_pages,
    settings_pages,
    statement,
    network_pages,
    token_pages,
    privacy_pages,
):
    router.include_router(module.router)
