"""A small OpenAI-compatible chat server on loopback for the LLM engine's HTTP test.

It answers `POST …/chat/completions` with scripted replies, in order, and records every request.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.loopback_http import serving_handler


def tool_call_reply(name: str, arguments: dict[str, Any], call_id: str) -> dict[str, Any]:
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)},
            }
        ],
    }


def text_reply(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text}


class FakeOpenAI:
    def __init__(self, replies: list[dict[str, Any]], status: int = 200, delay: float = 0.0) -> None:
        self.replies = list(replies)
        self.status = status
        self.delay = delay  # seconds before each answer: a slow model
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                fake.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                time.sleep(fake.delay)
                if not self.path.endswith("/chat/completions") or fake.status != 200 or not fake.replies:
                    self._send(fake.status if fake.status != 200 else 500, {"error": {"message": "boom"}})
                    return
                message = fake.replies.pop(0)
                finish = "tool_calls" if message.get("tool_calls") else "stop"
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-{len(fake.requests)}",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": "fake-model",
                        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@contextmanager
def serving(fake: FakeOpenAI) -> Iterator[str]:
    """Serve `fake` on 127.0.0.1 and yield its base URL (…/v1)."""
    with serving_handler(fake.handler()) as origin:
        yield f"{origin}/v1"
