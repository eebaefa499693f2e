"""`GET /widget.js` and the demo page: caching by content hash, compression, headers."""

from __future__ import annotations

import gzip
import hashlib
import re

from fastapi.testclient import TestClient

from app.api.edges.headers import PAGE_POLICY
from app.api.routes.widget import WIDGET_DIR


def test_the_script_is_served_with_its_content_hash_and_revalidated(client: TestClient) -> None:
    source = (WIDGET_DIR / "widget.js").read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    reply = client.get("/widget.js", headers={"Accept-Encoding": "identity"})
    assert reply.status_code == 200 and reply.content == source
    assert reply.headers["content-type"].startswith("text/javascript")
    assert reply.headers["etag"] == f'"{digest}"' and reply.headers["x-content-hash"] == digest
    assert reply.headers["cache-control"] == "public, max-age=300, must-revalidate"
    assert reply.headers["cross-origin-resource-policy"] == "cross-origin"
    again = client.get("/widget.js", headers={"If-None-Match": f'"{digest}"'})
    assert again.status_code == 304 and again.content == b""
    pinned = client.get(f"/widget.js?v={digest}")
    assert pinned.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = client.get("/widget.js?v=0000000000000000")
    assert stale.headers["cache-control"].startswith("public, max-age=300")
    assert client.head("/widget.js").status_code == 200


def test_the_script_goes_out_compressed_when_the_browser_accepts_it(client: TestClient) -> None:
    reply = client.get("/widget.js", headers={"Accept-Encoding": "gzip, br"})
    assert reply.headers["content-encoding"] == "gzip" and "accept-encoding" in reply.headers["vary"].lower()
    # httpx decompresses: what arrives is the script itself.
    assert reply.content == (WIDGET_DIR / "widget.js").read_bytes()
    assert int(reply.headers["content-length"]) == len(gzip.compress(reply.content, 9, mtime=0))


def test_any_site_may_load_the_script_but_not_call_the_api(client: TestClient) -> None:
    foreign = {"Origin": "https://evil.example"}
    assert client.get("/widget.js", headers=foreign).status_code == 200
    assert client.post("/api/chat", json={"message": "你好"}, headers=foreign).status_code == 403


def test_the_widget_never_parses_text_as_html() -> None:
    """Answers and questions go in as text; the browser tests show it, this keeps the means out."""
    source = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    # Block comments and whole-line comments only: "//" also occurs inside strings such as URLs.
    code = re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", source, flags=re.S | re.M)
    sinks = ("innerHTML", "outerHTML", "insertAdjacentHTML", "setHTMLUnsafe", "createContextualFragment",
             "DOMParser", "srcdoc", "document.write", "eval(", "new Function")  # fmt: skip
    for sink in sinks:
        assert sink not in code, sink


def test_the_demo_page_carries_the_tag_and_a_strict_policy(client: TestClient) -> None:
    page = client.get("/widget-demo")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/widget.js"' in page.text and "data-title=" in page.text
    assert page.headers["content-security-policy"] == PAGE_POLICY
    assert "'unsafe-inline'" not in PAGE_POLICY
    styles = client.get("/widget-demo.css")
    assert styles.status_code == 200 and "font-size: 30px !important" in styles.text
