"""`GET /widget.js` (the embeddable chat widget) and `/widget-demo` (a host page with hostile CSS)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request, Response

router = APIRouter(tags=["widget"])

WIDGET_DIR = Path(__file__).resolve().parent.parent.parent / "widget"
# Host pages keep one stable URL in their tag, so browsers revalidate it (a 304 costs one round trip);
# a URL carrying the content hash (?v=…) never changes and may be kept for a year.
REVALIDATE = "public, max-age=300, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    gzipped: bytes
    digest: str
    media_type: str

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


@cache
def load_asset(name: str, media_type: str) -> Asset:
    body = (WIDGET_DIR / name).read_bytes()
    # mtime 0: the same file always compresses to the same bytes.
    return Asset(body, gzip.compress(body, 9, mtime=0), hashlib.sha256(body).hexdigest()[:16], media_type)


def serve_asset(request: Request, asset: Asset, cache_control: str) -> Response:
    headers = {"ETag": asset.etag, "Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


@router.get("/widget.js", summary="嵌入式问答组件脚本", response_class=Response)
def widget_script(request: Request, v: str | None = None) -> Response:
    asset = load_asset("widget.js", "text/javascript; charset=utf-8")
    response = serve_asset(request, asset, IMMUTABLE if v == asset.digest else REVALIDATE)
    # Other sites load it with a plain script tag; it reads nothing from them.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["X-Content-Hash"] = asset.digest
    return response


@router.head("/widget.js", response_class=Response, include_in_schema=False)
def widget_script_head(request: Request, v: str | None = None) -> Response:
    """What a GET would send, headers and all: checkers and CDNs ask with HEAD first."""
    return widget_script(request, v)


@router.get("/widget-demo", summary="问答组件演示页", response_class=Response, include_in_schema=False)
def widget_demo(request: Request) -> Response:
    return serve_asset(request, load_asset("demo.html", "text/html; charset=utf-8"), REVALIDATE)


@router.get("/widget-demo.css", response_class=Response, include_in_schema=False)
def widget_demo_styles(request: Request) -> Response:
    return serve_asset(request, load_asset("demo.css", "text/css; charset=utf-8"), REVALIDATE)
