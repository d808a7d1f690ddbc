"""Liveness (/healthz) and readiness (/readyz: database and broker reachable)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from kombu import Connection
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from schemas.common import Problem
from services import messages
from services.api.errors import request_language

router = APIRouter(tags=["health"])


class Status(BaseModel):
    status: str


class Unready(Problem):
    """A Problem that also lists what is unreachable."""

    status: str
    reasons: list[str]


@router.get("/healthz", response_model=Status)
def healthz() -> Status:
    return Status(status="ok")


@router.get(
    "/readyz",
    response_model=Status,
    responses={503: {"model": Unready, "description": "The database or the broker is down."}},
)
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
        body = Unready(
            detail=messages.render("api.not_ready", {}, request_language(request))
            + ": "
            + "; ".join(problems),
            code="unavailable",
            status="unavailable",
            reasons=problems,
        )
        return JSONResponse(
            status_code=503, headers={"Retry-After": "5"}, content=body.model_dump()
        )
    return JSONResponse({"status": "ready"})
