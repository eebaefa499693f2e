"""Logging set-up, called only by entry points (CLI, server)."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    # Alembic and httpx are chatty at INFO; their lines add nothing an operator needs.
    for noisy in ("alembic.runtime.migration", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
