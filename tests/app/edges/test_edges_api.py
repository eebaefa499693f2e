"""The public API's edges through the real app: origins (CORS and the 403), rate limits, headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.support.database import stored_messages

QUESTION = "我们拿到了部委的数据授权运营，能拿多少？"
DISTRICT_SITE = "https://www.bjxch.gov.cn"
OTHER_SITE = "https://evil.example"


@pytest.fixture
def edge_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"allowed_origins": [DISTRICT_SITE]})


@pytest.fixture
def edge_client(edge_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(edge_settings)) as client:
        yield client


def preflight(client: TestClient, origin: str) -> object:
    return client.options(
        "/api/chat",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_an_allowed_origin_passes_preflight_and_reads_the_answer(edge_client: TestClient) -> None:
    checked = edge_client.options(
        "/api/chat",
        headers={"Origin": DISTRICT_SITE, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )  # fmt: skip
    assert checked.status_code == 200
    assert checked.headers["access-control-allow-origin"] == DISTRICT_SITE
    assert "POST" in checked.headers["access-control-allow-methods"]
    reply = edge_client.post("/api/chat", json={"message": QUESTION}, headers={"Origin": DISTRICT_SITE})
    assert reply.status_code == 200 and reply.json()["status"] == "answered"
    assert reply.headers["access-control-allow-origin"] == DISTRICT_SITE
    assert "retry-after" in reply.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize(
    "origin", [OTHER_SITE, "null", f"{DISTRICT_SITE}.evil.example", "http://www.bjxch.gov.cn"]
)
def test_other_origins_are_refused_in_chinese_and_nothing_is_stored(
    edge_client: TestClient, edge_settings: Settings, origin: str
) -> None:
    checked = edge_client.options(
        "/api/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
    )
    assert checked.status_code == 403 and "access-control-allow-origin" not in checked.headers
    for path in ("/api/chat", "/api/chat/stream"):
        reply = edge_client.post(path, json={"message": QUESTION}, headers={"Origin": origin})
        assert reply.status_code == 403
        assert "access-control-allow-origin" not in reply.headers
        assert "未获准" in reply.json()["detail"]
    assert stored_messages(edge_settings) == 0


def test_same_origin_and_no_origin_calls_still_work(edge_client: TestClient) -> None:
    # The service's own pages (the widget demo) send their own origin; the CLI and servers send none.
    same = edge_client.post("/api/chat", json={"message": QUESTION}, headers={"Origin": "http://testserver"})
    bare = edge_client.post("/api/chat", json={"message": QUESTION})
    assert same.status_code == 200 and bare.status_code == 200


def test_the_widget_and_the_demo_are_not_behind_the_origin_check(edge_client: TestClient) -> None:
    # A script tag on the district's pages fetches the widget cross-origin; the check guards the API.
    foreign = {"Origin": OTHER_SITE}
    assert edge_client.get("/api/health", headers=foreign).status_code == 403
    for path in ("/widget.js", "/widget-demo", "/widget-demo.css", "/openapi.json"):
        assert edge_client.get(path, headers=foreign).status_code == 200, path


@pytest.mark.parametrize("origin", ["http://[", "http://[::1", "https://a.b]:1", "http://%zz", ""])
def test_malformed_origin_headers_are_refused_not_crashed(edge_client: TestClient, origin: str) -> None:
    for method in ("POST", "OPTIONS"):
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        reply = edge_client.request(method, "/api/chat", json={"message": QUESTION}, headers=headers)
        assert reply.status_code == 403 and "未获准" in reply.json()["detail"]


def test_allowed_origins_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    monkeypatch.setenv("PA_ALLOWED_ORIGINS", "https://a.example, https://b.example:8443")
    with TestClient(create_app(Settings(env="test", data_dir=settings.data_dir))) as client:
        for origin, status in (("https://b.example:8443", 200), ("https://b.example", 403)):
            assert client.get("/api/health", headers={"Origin": origin}).status_code == status


def limited_client(settings: Settings, peer: str = "203.0.113.7", **overrides: object) -> TestClient:
    update = {"rate_limit": "3/minute", "allowed_origins": [DISTRICT_SITE], **overrides}
    validated = Settings(env="test", data_dir=settings.data_dir, **update)  # type: ignore[arg-type]
    return TestClient(create_app(validated), client=(peer, 50000))


def test_over_the_limit_a_client_gets_429_with_retry_after_and_nothing_is_stored(settings: Settings) -> None:
    with limited_client(settings) as client:
        for _ in range(3):
            assert client.post("/api/chat", json={"message": QUESTION}).status_code == 200
        before = stored_messages(settings)
        over = client.post("/api/chat", json={"message": QUESTION}, headers={"Origin": DISTRICT_SITE})
        assert over.status_code == 429
        assert 1 <= int(over.headers["retry-after"]) <= 60
        assert over.json()["detail"] == f"提问过于频繁，请 {over.headers['retry-after']} 秒后再试"
        # The widget on the district's page must be able to read why, and how long to wait.
        assert over.headers["access-control-allow-origin"] == DISTRICT_SITE
        assert client.post("/api/chat/stream", json={"message": QUESTION}).status_code == 429
        assert stored_messages(settings) == before
        # Health checks and preflights are not counted.
        assert client.get("/api/health").status_code == 200
        assert preflight(client, DISTRICT_SITE).status_code == 200  # type: ignore[attr-defined]


def test_limits_count_each_client_apart(settings: Settings) -> None:
    with limited_client(settings, peer="203.0.113.7") as first:
        app = first.app
        for _ in range(3):
            first.get("/api/clauses")
        assert first.get("/api/clauses").status_code == 429
        with TestClient(app, client=("203.0.113.8", 50000)) as second:
            assert second.get("/api/clauses").status_code == 200


def test_an_ipv6_client_is_counted_by_its_network(settings: Settings) -> None:
    with limited_client(settings, peer="2001:db8:1:2::1") as first:
        for _ in range(3):
            first.get("/api/clauses")
        with TestClient(first.app, client=("2001:db8:1:2::99", 50000)) as same_network:
            assert same_network.get("/api/clauses").status_code == 429
        with TestClient(first.app, client=("2001:db8:1:3::1", 50000)) as next_network:
            assert next_network.get("/api/clauses").status_code == 200


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(settings: Settings) -> None:
    with limited_client(settings, peer="10.0.0.2", trusted_proxies=["10.0.0.0/8"]) as proxy:
        for _ in range(3):
            proxy.get("/api/clauses", headers={"X-Forwarded-For": "198.51.100.1"})
        assert proxy.get("/api/clauses", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
        # Another user behind the same proxy has a count of their own.
        assert proxy.get("/api/clauses", headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200
    with limited_client(settings, peer="203.0.113.9", trusted_proxies=["10.0.0.0/8"]) as direct:
        for n in range(4):
            # A client that is not a proxy cannot dodge its limit by inventing addresses.
            reply = direct.get("/api/clauses", headers={"X-Forwarded-For": f"198.51.100.{n + 10}"})
        assert reply.status_code == 429


def test_a_client_cannot_hide_behind_an_extra_forwarded_line(settings: Settings) -> None:
    # Some proxies add their own X-Forwarded-For line instead of extending the client's.
    with limited_client(settings, peer="10.0.0.2", trusted_proxies=["10.0.0.0/8"]) as proxy:
        for n in range(4):
            forged = [("X-Forwarded-For", f"192.0.2.{n + 1}"), ("X-Forwarded-For", "198.51.100.1")]
            reply = proxy.get("/api/clauses", headers=forged)
        assert reply.status_code == 429


def test_every_response_carries_the_security_headers(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"rate_limit": "3/minute", "max_request_bytes": 2048}))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("disk on fire")

    with TestClient(app, raise_server_exceptions=False) as client:
        replies = {
            "200": client.get("/api/health"),
            "404": client.get("/api/clauses/nowhere/第一条"),
            "403": client.get("/api/health", headers={"Origin": OTHER_SITE}),
            "413": client.post(
                "/api/chat", content=b" " * 4096, headers={"Content-Type": "application/json"}
            ),
            "500": client.get("/api/boom", headers={"Origin": "http://127.0.0.1:8000"}),
            "429": client.get("/api/clauses"),
            "openapi": client.get("/openapi.json"),
        }
    assert replies["429"].status_code == 429 and replies["500"].status_code == 500
    for name, reply in replies.items():
        assert reply.headers["x-content-type-options"] == "nosniff", name
        assert reply.headers["referrer-policy"] == "no-referrer", name
        assert reply.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'", name
    # A 500 still reaches the widget on an allowed site as JSON it can read, not as a network failure.
    assert replies["500"].headers["access-control-allow-origin"] == "http://127.0.0.1:8000"
    assert "服务内部错误" in replies["500"].json()["detail"] and "disk" not in replies["500"].text


def test_the_docs_page_has_no_content_policy(client: TestClient) -> None:
    # Swagger UI loads from its CDN: a policy would leave the docs page blank.
    docs = client.get("/docs")
    assert docs.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in docs.headers
