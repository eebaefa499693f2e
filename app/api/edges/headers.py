"""Security headers on every response; a Content-Security-Policy chosen by the kind of page."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The service's own HTML pages load only what it serves itself. The widget styles its Shadow DOM with
# constructed stylesheets, so no page needs inline styles or scripts.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# JSON and scripts are never documents: nothing may run or be framed in their name.
RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'"
PAGE_PREFIXES = ("/widget-demo", "/staff")
# FastAPI's interactive docs load Swagger UI and ReDoc from their CDN; a policy would blank them.
UNRESTRICTED_PREFIXES = ("/docs", "/redoc")

COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def content_security_policy(path: str) -> str | None:
    if path.startswith(UNRESTRICTED_PREFIXES):
        return None
    if path.startswith(PAGE_PREFIXES):
        return PAGE_POLICY
    return RESOURCE_POLICY


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = content_security_policy(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
                if policy is not None:
                    headers.setdefault("content-security-policy", policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)
