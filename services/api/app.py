"""The FastAPI application: JSON API under /api, the dashboard at /, health probes at the root."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from infra.db import make_engine, session_factory
from infra.settings import Settings, get_settings
from services.api import health, member_links, metrics
from services.api.contract import install_contract
from services.api.errors import install_error_handlers
from services.api.security import install_security
from services.auth import api as auth_api
from services.deadlines import api as deadlines_api
from services.events import api as events_api
from services.events.outbox import Publisher
from services.meetings import api as meetings_api
from services.minutes import api as minutes_api
from services.people import api as people_api
from services.privacy import api as privacy_api
from services.series import api as series_api
from services.tasks import api as tasks_api
from services.web import routes as web_routes
from services.web.pages import too_large_page


def create_app(settings: Settings | None = None, *, publisher: Publisher | None = None) -> FastAPI:
    """`publisher` sends committed events to the workers; None leaves them to the outbox sweep."""
    settings = settings or get_settings()
    settings.check_secret_key()
    app = FastAPI(
        title="samverkan",
        description="Follow-up service for networks that meet in series.",
        version="0.1.0",
        docs_url=None,  # behind a login: services/api/security.py
        redoc_url=None,
        openapi_url=None,
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = session_factory(engine)
    app.state.publisher = publisher
    install_security(
        app,
        hsts=settings.secure_cookies,
        max_request_bytes=settings.max_request_bytes,
        page_answer=too_large_page,
    )
    # Outermost, so the body limit's page knows the session's language.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie="samverkan_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    install_error_handlers(app)
    install_contract(app)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(web_routes.router)
    app.include_router(member_links.router)
    for router in (
        auth_api.router,
        people_api.router,
        privacy_api.router,
        meetings_api.router,
        minutes_api.router,
        series_api.router,
        tasks_api.router,
        deadlines_api.router,
        events_api.router,
    ):
        app.include_router(router, prefix="/api")
    return app
