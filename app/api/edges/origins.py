"""Which browser origins may call the API (pure): the allow-list, or the service's own pages."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

ANY_ORIGIN = "*"


def origin_allowed(origin: str, allowed: Collection[str], host: str | None) -> bool:
    """True for an origin on the allow-list, and for the service's own host (same-origin pages such as
    /widget-demo). `origin` is what the browser sent; "null" (sandboxed frames, files) is never allowed.
    """
    normalised = origin.strip().rstrip("/").lower()
    if ANY_ORIGIN in allowed or normalised in allowed:
        return True
    if not host or normalised == "null":
        return False
    try:
        parts = urlsplit(normalised)
    except ValueError:  # "http://[" and the like: not an origin a browser sends
        return False
    # Browsers omit default ports in both the Origin and the Host header, so the two compare as written.
    return parts.scheme in {"http", "https"} and parts.netloc == host.strip().lower()
