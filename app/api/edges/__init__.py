"""The public API's edges (SPEC §7, §11): who may call it, how often, with how much, and the headers
every response carries."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.edges.body_limit import BodyLimit
from app.api.edges.headers import SecurityHeaders
from app.api.edges.origin_guard import OriginGuard
from app.api.edges.rate_limit import ClientLimiter, RateLimit
from app.api.edges.unexpected import UnexpectedErrors
from app.settings import Settings


def install_edges(app: FastAPI, settings: Settings) -> None:
    """Middleware from the inside out; the last added runs first on a request.

    The body limit sits inside the rate limit, so a flood of huge bodies is still counted; CORS sits
    outside it, so a 429 reaches an allowed page with Access-Control headers and its Retry-After.
    """
    app.add_middleware(UnexpectedErrors)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    if settings.rate_limit is not None:
        limiter = ClientLimiter(settings.rate_limit, settings.rate_limit_storage)
        app.add_middleware(RateLimit, limiter=limiter, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        expose_headers=["Retry-After"],
        max_age=600,
    )
    app.add_middleware(OriginGuard, allowed=settings.allowed_origins)
    app.add_middleware(SecurityHeaders)
