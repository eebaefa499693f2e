"""The JSON error the edges answer with, in the shape every other error of the API has."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from app.api.errors import error_body


async def send_error(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    message: str,
    headers: dict[str, str] | None = None,
) -> None:
    await JSONResponse(status_code=status, content=error_body(message), headers=headers)(scope, receive, send)
