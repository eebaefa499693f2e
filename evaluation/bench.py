"""`make bench`: speed figures of SPEC §10 measured through the public interfaces, never in tests.

Today: start-up of `policy-assistant serve` to a healthy `/api/health` on an existing database, and the
latency of the clause endpoints. Later issues add chat latency, throughput and memory.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import click
import httpx

EXECUTABLE = str(Path(sys.executable).with_name("policy-assistant"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_and_wait(port: int, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [EXECUTABLE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        if process.poll() is not None:
            raise click.ClickException(f"serve exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process, time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.02)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (n={len(ordered)})"


@click.command()
@click.option("--starts", default=5, show_default=True, help="How many warm starts to time.")
@click.option("--requests", default=300, show_default=True, help="Requests per endpoint.")
def main(starts: int, requests: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pa-bench-") as data_dir:
        env = {**os.environ, "PA_DATA_DIR": data_dir, "PA_LOG_LEVEL": "WARNING"}
        port = _free_port()

        process, cold = _start_and_wait(port, env)
        _stop(process)
        click.echo(f"start-up to healthy, empty data dir (migrate + index): {cold:.2f} s")

        warm = []
        for _ in range(starts):
            process, seconds = _start_and_wait(port, env)
            warm.append(seconds)
            if len(warm) < starts:
                _stop(process)
        click.echo(
            f"start-up to healthy, existing database: median {statistics.median(warm):.2f} s, "
            f"max {max(warm):.2f} s (n={starts}; target ≤ 10 s)"
        )
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
                clauses = client.get("/api/clauses").json()
                doc_id = clauses[0]["doc_id"]
                for name, path in (
                    ("GET /api/health", "/api/health"),
                    ("GET /api/clauses", "/api/clauses"),
                    ("GET /api/clauses/{doc}/{id}", f"/api/clauses/{doc_id}/{quote('第六条（一）')}"),
                ):
                    samples = []
                    for _ in range(requests):
                        started = time.perf_counter()
                        client.get(path).raise_for_status()
                        samples.append(time.perf_counter() - started)
                    click.echo(f"{name}: {_percentiles(samples)}")
        finally:
            _stop(process)


if __name__ == "__main__":
    main()
