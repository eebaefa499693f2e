"""Hostile input to the chat: always a 4xx with a Chinese message, never a 500, nothing stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.support.database import stored_messages

JSON = {"Content-Type": "application/json"}
CJK = re.compile(r"[\u4e00-\u9fff]")

HOSTILE: dict[str, dict[str, Any]] = {
    "malformed JSON": {"content": b'{"message": ', "headers": JSON},
    "a form, not JSON": {
        "content": b"message=hi",
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
    },
    "no body": {},
    "a list, not an object": {"json": ["数据授权运营"]},
    "a number for the message": {"json": {"message": 123}},
    "null message": {"json": {"message": None}},
    "empty message": {"json": {"message": ""}},
    "blank message": {"json": {"message": " \n\t "}},
    "a 200,000-character message": {"json": {"message": "数" * 200_000}},
    "control characters": {"json": {"message": "数据\x00授权\x1b运营"}},
    "a path for a session id": {"json": {"message": "你好", "session_id": "../../etc/passwd"}},
    "a number for a session id": {"json": {"message": "你好", "session_id": 12345678}},
    "an unknown field": {"json": {"message": "你好", "role": "system"}},
    "bytes that are not UTF-8": {"content": b'{"message": "\xff\xfe"}', "headers": JSON},
    "a lone surrogate": {"content": b'{"message": "\\ud800"}', "headers": JSON},
    "deep nesting": {"content": b"[" * 50_000 + b"]" * 50_000, "headers": JSON},
    "a 5 MB body": {"content": b'{"message": "' + b"a" * 5_000_000 + b'"}', "headers": JSON},
}


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
def test_each_hostile_input_gets_a_chinese_4xx_and_nothing_is_stored(settings: Settings, path: str) -> None:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for name, request in HOSTILE.items():
            reply = client.post(path, **request)
            assert 400 <= reply.status_code < 500, (name, reply.status_code, reply.text[:200])
            assert CJK.search(reply.json()["detail"]), name
        assert stored_messages(settings) == 0
        # Still serving after all of it.
        assert client.post(path, json={"message": "数据授权运营能拿多少？"}).status_code == 200


def test_the_message_that_is_too_long_is_named(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"message": "数" * 200_000})
    assert reply.status_code == 422 and reply.json()["field"] == "message"


def test_malformed_json_is_named_as_the_body(client: TestClient) -> None:
    reply = client.post("/api/chat", content=b'{"message": ', headers=JSON)
    assert reply.status_code == 422
    assert reply.json()["field"] == "body" and "不是合法的 JSON" in reply.json()["detail"]


def test_a_huge_body_is_refused_before_it_is_read(settings: Settings) -> None:
    small = settings.model_copy(update={"max_request_bytes": 4096})
    with TestClient(create_app(small)) as client:
        declared = client.post("/api/chat", content=b"{" + b" " * 5000 + b"}", headers=JSON)
        assert declared.status_code == 413 and declared.json()["detail"] == "请求体过大：不能超过 4 KB"

        def chunks() -> Any:
            # No Content-Length: the limit must hold for a chunked body too.
            for _ in range(10):
                yield b" " * 1000

        chunked = client.post("/api/chat", content=chunks(), headers=JSON)
        assert chunked.status_code == 413
