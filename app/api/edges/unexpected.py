"""The Chinese 500 for an error no route handled, sent from inside the edges.

FastAPI's catch-all handler runs in Starlette's outermost middleware, past the security headers and
CORS; answered here instead, a 500 carries both, and the widget on an allowed site can read it. The
error is raised again after the answer: the server still logs it with its traceback, and the outermost
middleware, seeing the response already started, only passes it on.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.edges.responses import send_error
from app.api.errors import INTERNAL_ERROR_MESSAGE


class UnexpectedErrors:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if not started:  # half a response out: nothing sound can follow it
                await send_error(scope, receive, send, 500, INTERNAL_ERROR_MESSAGE)
            raise
