"""Route classes of the HTTP shells: a refused request (answer 400 or more) changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from services.api.deps import abandon_transaction

Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]


class TransactionalRoute(APIRoute):
    """An endpoint that answers an error itself, without raising, still rolls back."""

    def get_route_handler(self) -> Endpoint:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            response = await original(request)
            if response.status_code >= 400:
                abandon_transaction(request)
            return response

        return handler
