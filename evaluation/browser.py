"""Debian's headless Chromium as the bench and the browser tests launch it (Playwright drives it through
`executable_path`; `playwright install` is never run)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Without the resolver rule Chromium keeps looking up Google hosts; everything stays on loopback.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]  # fmt: skip
# The widget's custom element, and the performance marks it sets when mounted and first painted.
WIDGET_TAG = "xicheng-policy-assistant"
