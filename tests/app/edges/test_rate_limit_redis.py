"""Rate-limit counts in a real Redis server, shared by several workers (SPEC §10)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.support.postgres import free_port
from tests.support.redis import RedisServer, find_redis_server


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    executable = find_redis_server()
    if executable is None:
        pytest.fail("Redis 未安装：请运行 make test（它会安装 Debian 的 redis-server）")
    server = RedisServer(executable)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def worker(settings: Settings, storage: str, peer: str = "203.0.113.7") -> TestClient:
    configured = Settings(
        env="test", data_dir=settings.data_dir, rate_limit="3/minute", rate_limit_storage=storage
    )
    return TestClient(create_app(configured), client=(peer, 50000))


def test_two_workers_share_one_clients_count(settings: Settings, redis_server: RedisServer) -> None:
    with worker(settings, redis_server.url) as first, worker(settings, redis_server.url) as second:
        assert first.get("/api/clauses").status_code == 200
        assert second.get("/api/clauses").status_code == 200
        assert first.get("/api/clauses").status_code == 200
        refused = second.get("/api/clauses")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


def test_memory_counts_are_per_worker(settings: Settings) -> None:
    # The contrast that makes Redis necessary: the same four requests over two workers all pass.
    with worker(settings, "memory://") as first, worker(settings, "memory://") as second:
        replies = [client.get("/api/clauses") for client in (first, second, first, second)]
    assert [reply.status_code for reply in replies] == [200, 200, 200, 200]


def test_a_redis_that_is_down_lets_answers_through_and_says_so(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with worker(settings, f"redis://127.0.0.1:{free_port()}/0") as client, caplog.at_level(logging.ERROR):
        assert client.get("/api/clauses").status_code == 200
    assert "rate-limit storage failed" in caplog.text


@pytest.fixture
def stalled_redis() -> Iterator[str]:
    """A port that accepts connections and never answers: a Redis that hangs."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()


def test_a_redis_that_hangs_does_not_hang_the_answers(
    settings: Settings, stalled_redis: str, caplog: pytest.LogCaptureFixture
) -> None:
    with worker(settings, stalled_redis) as client, caplog.at_level(logging.ERROR):
        started = time.monotonic()
        assert client.get("/api/clauses").status_code == 200
        waited = time.monotonic() - started
    # Bounded by the storage's socket timeout (0.5 s), not by the stalled server.
    assert waited < 3, waited
    assert "rate-limit storage failed" in caplog.text
