"""The production ASGI app, `uvicorn services.api.asgi:app`: publishes events through Celery."""

from __future__ import annotations

from infra.logging import configure_logging
from infra.settings import get_settings
from services.api.app import create_app
from workers.context import CeleryPublisher

configure_logging(get_settings().log_level)
app = create_app(publisher=CeleryPublisher())
