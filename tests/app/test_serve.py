"""The real entry point: `policy-assistant serve` as a process, as `make run` starts it."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import BUNDLED_DOC_ID
from tests.support.postgres import free_port
from tests.support.service import EXECUTABLE, start, stop, wait_healthy

pytestmark = pytest.mark.server


def test_serve_indexes_the_bundled_policy_and_keeps_it_across_restarts(tmp_path: Path) -> None:
    env = {**os.environ, "PA_DATA_DIR": str(tmp_path / "data")}
    port = free_port()

    first = start(port, env)
    try:
        health = wait_healthy(first, port)
        assert health["documents"] == 1 and health["clauses"] == 31
    finally:
        stop(first)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal.
    assert first.returncode in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in (first.stdout.read().decode() if first.stdout else "")

    second = start(port, env)
    try:
        wait_healthy(second, port)
        reply = httpx.get(f"http://127.0.0.1:{port}/api/clauses/{BUNDLED_DOC_ID}/第七条")
        assert reply.json()["title"] == "强化数据安全保障"
    finally:
        stop(second)
    log = second.stdout.read().decode() if second.stdout else ""
    assert "unchanged" in log and "not re-parsed" in log


def test_serve_refuses_unsafe_production_settings(tmp_path: Path) -> None:
    env = {**os.environ, "PA_ENV": "production", "PA_STAFF_PASSWORD": "a-long-and-random-passphrase",
           "PA_ALLOWED_ORIGINS": "*", "PA_DATA_DIR": str(tmp_path / "data")}  # fmt: skip
    result = subprocess.run([EXECUTABLE, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "PA_ALLOWED_ORIGINS" in result.stderr


def test_serve_reports_an_unreachable_database_in_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PA_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none",
        "PA_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run([EXECUTABLE, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert line.startswith("错误：数据库错误：")
