"""Which browser origins may call the API (pure)."""

from __future__ import annotations

from app.api.edges.origins import origin_allowed

ALLOWED = {"https://www.bjxch.gov.cn", "http://127.0.0.1:8000"}


def test_listed_origins_are_allowed_however_written() -> None:
    assert origin_allowed("https://www.bjxch.gov.cn", ALLOWED, "api.example")
    assert origin_allowed("HTTPS://WWW.BJXCH.GOV.CN/", ALLOWED, "api.example")


def test_other_origins_are_not() -> None:
    assert not origin_allowed("https://evil.example", ALLOWED, "api.example")
    assert not origin_allowed("https://www.bjxch.gov.cn.evil.example", ALLOWED, "api.example")
    assert not origin_allowed("http://www.bjxch.gov.cn", ALLOWED, "api.example")
    assert not origin_allowed("null", ALLOWED, "null")


def test_the_services_own_pages_are_same_origin() -> None:
    assert origin_allowed("http://api.example:9000", ALLOWED, "api.example:9000")
    assert not origin_allowed("http://api.example:9001", ALLOWED, "api.example:9000")
    assert not origin_allowed("http://api.example", ALLOWED, None)


def test_a_wildcard_allows_every_origin() -> None:
    assert origin_allowed("https://anywhere.example", {"*"}, None)


def test_malformed_origins_are_refused_not_raised() -> None:
    for origin in ("http://[", "http://[::1", "https://a.b]:1", "http://%zz", "", " ", "\u0000"):
        assert not origin_allowed(origin, ALLOWED, "api.example")
