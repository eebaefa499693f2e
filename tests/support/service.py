"""The real service as a process (`policy-assistant serve`, as `make run` starts it) for tests that
talk to it over the network: the widget's browser tests, the start-up tests."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

EXECUTABLE = str(Path(sys.executable).with_name("policy-assistant"))


def seed_data_dir(data_dir: Path, seeded_vectors: Path) -> None:
    """A data dir for a service process: the session's Chroma folder and scope classifier cache
    (tests/conftest.py `seeded_vectors`), so that it starts in seconds, not after embedding again."""
    shutil.copytree(seeded_vectors, data_dir / "chroma", dirs_exist_ok=True)
    scope = seeded_vectors.parent / "scope"
    if scope.is_dir():
        shutil.copytree(scope, data_dir / "scope", dirs_exist_ok=True)


def start(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [EXECUTABLE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_healthy(process: subprocess.Popen[bytes], port: int, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"serve exited with {process.returncode}:\n{output}")
        try:
            reply = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
            if reply.status_code == 200:
                return dict(reply.json())
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("serve did not become healthy")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)


@contextmanager
def serving(port: int, **settings: str) -> Iterator[str]:
    """`policy-assistant serve` on 127.0.0.1:`port` with `PA_…` settings; yields its base URL."""
    # Only what the caller sets: a developer's PA_ variables must not reach the service under test.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PA_")}
    env.update({f"PA_{name.upper()}": value for name, value in settings.items()})
    process = start(port, env)
    try:
        wait_healthy(process, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
