"""Refuse API calls a browser makes from a page on an origin that is not allowed (SPEC §7, §11).

CORS alone only stops a foreign page from reading the answer; the question would still be asked,
answered and stored. Refusing with 403 before the route runs means nothing is computed or written.
"""

from __future__ import annotations

import logging

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.edges.origins import origin_allowed
from app.api.edges.responses import send_error

logger = logging.getLogger(__name__)

ORIGIN_REFUSED = "此网站未获准调用西城数据政策助手，请在西城区官方网站上使用问答服务"


class OriginGuard:
    def __init__(self, app: ASGIApp, allowed: list[str], prefix: str = "/api/") -> None:
        self.app = app
        self.allowed = frozenset(allowed)
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and not origin_allowed(origin, self.allowed, headers.get("host")):
                # Debug only: refusals are not rate-limited, so an info line each would let anyone fill the log.
                logger.debug("refused %s %s from origin %r", scope["method"], scope["path"], origin[:200])
                await send_error(scope, receive, send, 403, ORIGIN_REFUSED)
                return
        await self.app(scope, receive, send)
