"""`make bench`: speed figures of SPEC §10 measured through the public interfaces, never in tests.

Today: start-up of `policy-assistant serve` to a healthy `/api/health` on an existing database, the
latency of the clause, calculator and search endpoints (retrieval per mode over the dev golden
questions), the index build (the `index` command cold, and the vector sync cold, unchanged and with
one clause edited), and the award calculator's time per call in-process.
Also: chat turns through `POST /api/chat`, and the widget's size and its time from script load to a
visible button in headless Chromium.
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
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click
import httpx

from app.cli.calc import load_calculator
from app.retrieval import load_embedder
from app.settings import Settings
from evaluation.browser import CHROMIUM, CHROMIUM_ARGS, WIDGET_TAG
from evaluation.golden import load_golden
from evaluation.metrics import median, percentile
from indexer import parse_document, read_policy_file
from indexer.manifest import load_manifest
from indexer.vectors import VectorStore, open_chroma

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
    return f"p50 {median(samples) * 1000:.1f} ms, p95 {percentile(samples, 0.95) * 1000:.1f} ms (n={len(samples)})"


@click.command()
@click.option("--starts", default=5, show_default=True, help="How many warm starts to time.")
@click.option("--requests", default=300, show_default=True, help="Requests per endpoint.")
def main(starts: int, requests: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pa-bench-") as data_dir:
        # The bench asks far more than one client may: a limit it never reaches keeps the limiter's own
        # cost (a moving window per request) in every figure without refusing anything.
        env = {**os.environ, "PA_DATA_DIR": data_dir, "PA_LOG_LEVEL": "WARNING",
               "PA_RATE_LIMIT": "1000000/minute"}  # fmt: skip
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
                samples = []
                for _ in range(requests):
                    started = time.perf_counter()
                    client.post("/api/calculate", json=_CALCULATIONS[-1]).raise_for_status()
                    samples.append(time.perf_counter() - started)
                click.echo(f"POST /api/calculate (rate rule): {_percentiles(samples)}")
                _bench_search(client)
                _bench_chat(client)
                _bench_widget(client)
        finally:
            _stop(process)
    _bench_index()
    _bench_calculator()


def _bench_index() -> None:
    """`policy-assistant index` into an empty data dir, then the vector sync alone, in-process."""
    with tempfile.TemporaryDirectory(prefix="pa-bench-index-") as data_dir:
        env = {**os.environ, "PA_DATA_DIR": data_dir, "PA_LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        subprocess.run([EXECUTABLE, "index"], env=env, check=True, capture_output=True)
        click.echo(f"policy-assistant index, empty data dir: {time.perf_counter() - started:.2f} s")

    settings = Settings()
    document = load_manifest(settings.corpus_dir)[0]
    clauses = parse_document(read_policy_file(settings.corpus_dir / document.source), document.doc_id).clauses
    embedder = load_embedder(settings.embedding_model)
    edited = [replace(c, text=c.text + "（修订）") if c is clauses[-1] else c for c in clauses]
    with tempfile.TemporaryDirectory(prefix="pa-bench-chroma-") as chroma_dir:
        client = open_chroma(path=Path(chroma_dir))
        try:
            store = VectorStore(client, embedder)
            for label, batch in (("cold", clauses), ("unchanged", clauses), ("one clause edited", edited)):
                started = time.perf_counter()
                report = store.sync(batch)
                click.echo(
                    f"vector sync {label}: {time.perf_counter() - started:.2f} s "
                    f"({report.embedded_passages} passages embedded, {len(batch)} clauses)"
                )
        finally:
            client.close()


def _bench_search(client: httpx.Client) -> None:
    """Retrieval per mode over the dev golden questions: time inside the service and over HTTP."""
    questions = [case.question for case in load_golden("dev").in_scope]
    for mode in ("bm25", "dense", "hybrid"):
        client.post("/api/search", json={"query": questions[0], "mode": mode}).raise_for_status()
        inside, round_trip = [], []
        for question in questions:
            started = time.perf_counter()
            reply = client.post("/api/search", json={"query": question, "mode": mode})
            round_trip.append(time.perf_counter() - started)
            reply.raise_for_status()
            inside.append(reply.json()["took_ms"] / 1000)
        click.echo(
            f"retrieval {mode}: in service {_percentiles(inside)}; over HTTP {_percentiles(round_trip)}"
        )


def _bench_widget(client: httpx.Client, loads: int = 20) -> None:
    """`/widget.js` on the wire, and from its last byte to the first frame showing the button, over
    fresh page loads of `/widget-demo` in Debian's headless Chromium."""
    plain = client.get("/widget.js", headers={"Accept-Encoding": "identity"})
    packed = client.get("/widget.js", headers={"Accept-Encoding": "gzip"})
    click.echo(
        f"widget.js: {len(plain.content)} bytes, {packed.headers['content-length']} bytes gzip "
        f"(hash {plain.headers['x-content-hash']})"
    )
    if not CHROMIUM.exists():
        click.echo("widget in the browser: skipped (no /usr/bin/chromium; `make system-deps` installs it)")
        return
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(loads):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                page.goto(str(client.base_url.join("/widget-demo")))
                page.wait_for_function(
                    f"() => performance.getEntriesByName('{WIDGET_TAG}:visible').length > 0"
                )
                loaded, visible = page.evaluate(
                    f"""() => [
                      performance.getEntriesByType('resource').find(e => e.name.includes('/widget.js')).responseEnd,
                      performance.getEntriesByName('{WIDGET_TAG}:visible')[0].startTime]"""
                )
                samples.append((visible - loaded) / 1000)
                context.close()
        finally:
            browser.close()
    click.echo(f"widget script loaded → button visible: {_percentiles(samples)}")


def _bench_chat(client: httpx.Client) -> None:
    """`POST /api/chat` with the offline composer over every dev golden turn: single questions in new
    sessions, conversations turn by turn (each turn reads the history and writes two messages)."""
    golden = load_golden("dev")
    client.post("/api/chat", json={"message": golden.cases[0].question}).raise_for_status()
    samples = []

    def turn(question: str, session_id: str | None) -> str:
        started = time.perf_counter()
        reply = client.post("/api/chat", json={"message": question, "session_id": session_id})
        samples.append(time.perf_counter() - started)
        reply.raise_for_status()
        return str(reply.json()["session_id"])

    for case in golden.cases:
        turn(case.question, None)
    for conversation in golden.multi_turn:
        session_id: str | None = None
        for step in conversation.turns:
            session_id = turn(step.question, session_id)
    click.echo(
        f"POST /api/chat, offline engine, {len(samples)} turns: {_percentiles(samples)} (target p50 ≤ 50, p95 ≤ 120)"
    )


# Representative calls: a cap, a level table, a per-item total, and a rate with a deduction.
_CALCULATIONS: list[dict[str, Any]] = [
    {"rule_id": "key-units", "inputs": {}},
    {"rule_id": "standards", "inputs": {"level": "国家标准", "rank": 2, "published": True}},
    {"rule_id": "national-filings", "inputs": {"filings": 6, "scenario_promotion": True}},
    {
        "rule_id": "infrastructure-pilots",
        "inputs": {"investment_yuan": 150_000_000, "civil_works_yuan": 50_000_000, "national_pilot": True},
    },
]


def _bench_calculator(rounds: int = 5_000) -> None:
    calculator = load_calculator()
    for call in _CALCULATIONS:
        calculator.calculate(call["rule_id"], call["inputs"])  # warm
        started = time.perf_counter()
        for _ in range(rounds):
            calculator.calculate(call["rule_id"], call["inputs"])
        per_call = (time.perf_counter() - started) / rounds
        click.echo(f"calculator {call['rule_id']}: {per_call * 1e6:.1f} µs per call (n={rounds}, in-process)")


if __name__ == "__main__":
    main()
