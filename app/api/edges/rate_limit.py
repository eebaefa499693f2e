"""Per-client rate limits with `limits` (SPEC §7, §11): counts in memory, or in Redis so that several
workers share them. Over the limit: 429 with Retry-After and a Chinese message."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence

from limits import RateLimitItem, parse_many
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.edges.client import IpNetwork, client_address, client_key
from app.api.edges.responses import send_error

logger = logging.getLogger(__name__)

KEY_PREFIX = "policy-assistant"
# A Redis that stalls must not stall the answers: past this the request goes through (see below).
REDIS_TIMEOUT_SECONDS = 0.5
# Health checks come from load balancers and monitors, many times a minute.
UNLIMITED_PATHS = frozenset({"/api/health"})


def rate_limited_message(retry_after: int) -> str:
    return f"提问过于频繁，请 {retry_after} 秒后再试"


def async_storage_uri(uri: str) -> str:
    """Operators write memory:// or redis://…; the asyncio storages of `limits` carry an async+ prefix."""
    return uri if uri.startswith("async+") else f"async+{uri}"


class ClientLimiter:
    """The configured limits, checked and counted per client address."""

    def __init__(self, limits: str, storage_uri: str) -> None:
        self.items: list[RateLimitItem] = parse_many(limits)
        options: dict[str, float | str] = {}
        if "redis" in storage_uri.split("://", 1)[0]:
            options = {
                "implementation": "redispy",
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            }
        storage = storage_from_string(async_storage_uri(storage_uri), **options)
        assert isinstance(storage, Storage), "an async+ URI always gives an asyncio storage"
        self.storage = storage
        self.strategy = MovingWindowRateLimiter(self.storage)

    async def retry_after(self, client: str) -> int | None:
        """None when `client` may go on (the request is counted); else seconds until it may."""
        for item in self.items:
            if not await self.strategy.hit(item, KEY_PREFIX, client):
                stats = await self.strategy.get_window_stats(item, KEY_PREFIX, client)
                return max(1, math.ceil(stats.reset_time - time.time()))
        return None


class RateLimit:
    def __init__(
        self,
        app: ASGIApp,
        limiter: ClientLimiter,
        trusted_proxies: Sequence[IpNetwork],
        prefix: str = "/api/",
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.trusted_proxies = tuple(trusted_proxies)
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] == "OPTIONS"
            or not scope["path"].startswith(self.prefix)
            or scope["path"] in UNLIMITED_PATHS
        ):
            await self.app(scope, receive, send)
            return
        peer = scope["client"][0] if scope.get("client") else None
        # Every X-Forwarded-For line, in order: a proxy may add its own line rather than extend the
        # client's, and the first line alone would be the one the client wrote.
        forwarded = ",".join(Headers(scope=scope).getlist("x-forwarded-for")) or None
        client = client_key(client_address(peer, forwarded, self.trusted_proxies))
        try:
            retry_after = await self.limiter.retry_after(client)
        except Exception:
            # A counter store that is down must not take the answers down with it.
            logger.exception("rate-limit storage failed; request from %s let through", client)
            retry_after = None
        if retry_after is not None:
            logger.info("rate limit: %s %s from %s", scope["method"], scope["path"], client)
            await send_error(
                scope,
                receive,
                send,
                429,
                rate_limited_message(retry_after),
                {"Retry-After": str(retry_after)},
            )
            return
        await self.app(scope, receive, send)
