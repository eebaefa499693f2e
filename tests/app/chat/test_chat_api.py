"""`POST /api/chat` and its stream through the real app: the contract, sessions, storage and edges."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.support.database import stored_messages

QUESTION = "我们拿到了部委的数据授权运营，能拿多少？"


def test_a_chat_turn_answers_with_verbatim_citations_and_the_calculation(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"message": QUESTION, "session_id": None})
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"session_id", "answer", "citations", "calculation", "status"}
    assert body["status"] == "answered" and body["calculation"]["amount_text"] == "200万元"
    (citation,) = body["citations"]
    assert citation["clause_id"] == "第四条（一）" and citation["quote"] in citation["text"]
    assert "200万元" in body["answer"]


def test_a_session_continues_and_survives_a_restart(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        first = client.post("/api/chat", json={"message": QUESTION}).json()
    with TestClient(create_app(settings)) as client:  # a new process on the same data dir
        second = client.post(
            "/api/chat", json={"message": "这个措施有效期多久？", "session_id": first["session_id"]}
        )
    assert second.status_code == 200 and second.json()["session_id"] == first["session_id"]
    assert stored_messages(settings) == 4


def test_an_unknown_session_starts_a_new_one(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"message": QUESTION, "session_id": "abcdefgh12345678"})
    assert reply.status_code == 200 and reply.json()["session_id"] != "abcdefgh12345678"


def test_bad_input_is_a_422_naming_the_field_and_stores_nothing(
    client: TestClient, settings: Settings
) -> None:
    for body, field in (
        ({"message": "   "}, "message"),
        ({"message": "问" * 1001}, "message"),
        ({"message": 42}, "message"),
        ({"message": QUESTION, "session_id": "../../etc/passwd"}, "session_id"),
        ({"message": "数据\u0000跨境"}, "message"),
        ({"message": "算力券\x1b[31m"}, "message"),
        ({}, "message"),
    ):
        for path in ("/api/chat", "/api/chat/stream"):
            reply = client.post(path, json=body)
            assert reply.status_code == 422, (path, body)
            assert reply.json()["field"] == field
    assert stored_messages(settings) == 0


def test_the_stream_sends_deltas_then_the_whole_reply(client: TestClient) -> None:
    with client.stream("POST", "/api/chat/stream", json={"message": QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = []
    for block in raw.replace("\r\n", "\n").split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in lines:
            events.append((lines["event"], json.loads(lines["data"])))
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "final" and set(kinds[:-1]) == {"delta"} and len(kinds) >= 3
    final = events[-1][1]
    assert "".join(data["text"] for kind, data in events[:-1]) == final["answer"]
    assert (
        final["calculation"]["amount_text"] == "200万元"
        and final["citations"][0]["clause_id"] == "第四条（一）"
    )


def test_concurrent_chats_in_different_sessions(client: TestClient, settings: Settings) -> None:
    questions = [QUESTION, "这个措施有效期多久？", "首次做数据出境有奖励吗", "算力券怎么领"] * 3
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda q: client.post("/api/chat", json={"message": q}), questions))
    assert all(r.status_code == 200 for r in replies)
    assert len({r.json()["session_id"] for r in replies}) == len(questions)
    assert stored_messages(settings) == 2 * len(questions)
