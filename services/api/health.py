"""Liveness (/healthz) and readiness (/readyz: database and broker reachable)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from kombu import Connection
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    problems: list[str] = []
    try:
        with factory() as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:
        problems.append(f"database unreachable ({type(exc).__name__})")
    try:
        with Connection(settings.broker_url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        problems.append(f"broker unreachable ({type(exc).__name__})")
    if problems:
        return JSONResponse(
            status_code=503,
            headers={"Retry-After": "5"},
            content={"status": "unavailable", "reasons": problems},
        )
    return JSONResponse({"status": "ready"})
