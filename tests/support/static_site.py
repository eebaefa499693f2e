"""A host website on its own origin (127.0.0.1 and a port of its own), serving fixed pages, for the
widget's cross-origin browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.loopback_http import serving_handler


@contextmanager
def static_site(pages: dict[str, str]) -> Iterator[str]:
    """Serve `pages` (path → HTML) and yield the site's origin, e.g. http://127.0.0.1:PORT."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(self.path.split("?", 1)[0])
            body = (page or "not found").encode()
            self.send_response(200 if page is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serving_handler(Handler) as origin:
        yield origin
