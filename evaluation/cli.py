"""`policy-assistant eval`: the golden set through each retrieval mode, side by side, and through
`POST /api/chat` turn by turn, with a report.

The chat's conversations go to a throw-away SQLite file, not the service's database: staff review real
conversations, not the evaluation's.

Registered as a plugin of the CLI (entry point group `policy_assistant.commands`) so that `app/`
never imports `evaluation/`.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import click
from fastapi.testclient import TestClient

from app.cli.context import load_settings, reported_as_one_line
from app.main import Service, create_app
from evaluation.chat_eval import TurnRun, run_chat
from evaluation.golden import GOLDEN_DIR, SPLITS, available_splits, load_golden
from evaluation.report import MODE_NAMES, WHOLE_SET, chat_summaries, whole_set, write_report
from evaluation.retrieval_eval import ModeRun, run_retrieval


@click.command("eval")
@click.option("--split", type=click.Choice([*SPLITS, "all"]), default="all", show_default=True, help="评测集")
@click.option(
    "--golden-dir", type=click.Path(path_type=Path, file_okay=False), default=GOLDEN_DIR, hidden=True
)
@click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False), help="报告目录（默认 数据目录/eval）"
)
@click.option("--embedding-model", help="换用另一个嵌入模型目录或模型库 ID 做对比")
def evaluate(split: str, golden_dir: Path, out: Path | None, embedding_model: str | None) -> None:
    """在黄金评测集上比较 BM25、向量和混合检索，输出表格、HTML 报告和 JSON 摘要。"""
    overrides = {"embedding_model": embedding_model} if embedding_model else {}
    # One log line per in-process request would bury the progress bar.
    for name in ("httpx", "httpx2"):
        logging.getLogger(name).setLevel(logging.WARNING)
    results: dict[str, list[ModeRun]] = {}
    chat: dict[str, list[TurnRun]] = {}
    with tempfile.TemporaryDirectory(prefix="pa-eval-") as scratch:
        # Every golden turn comes from one in-process client; a per-client limit would cut the run short.
        settings = load_settings(
            **overrides, database_url=f"sqlite:///{Path(scratch) / 'eval.sqlite3'}", rate_limit="off"
        )
        with reported_as_one_line(), TestClient(create_app(settings)) as client:
            service: Service = client.app.state.service  # type: ignore[attr-defined]
            policy = {(c["doc_id"], c["clause_id"]): c["text"] for c in client.get("/api/clauses").json()}
            for name in available_splits(golden_dir) if split == "all" else (split,):
                golden = load_golden(name, golden_dir)
                click.echo(f"{name}：{len(golden.in_scope)} 个范围内问题", err=True)
                results[name] = run_retrieval(
                    service.retriever, golden.in_scope, service.retriever.modes, golden.doc_id
                )
                chat[name] = run_chat(client, golden, policy)
    whole = whole_set(results)
    for name, runs in [*results.items(), *([(WHOLE_SET, whole)] if whole else [])]:
        click.echo(
            f"\n[{name}]  {'方式':<8}{'recall@1':>10}{'recall@3':>10}{'MRR':>8}{'p50 ms':>9}{'p95 ms':>9}"
        )
        for run in runs:
            s = run.summary()
            click.echo(
                f"{'':<{len(name) + 4}}{MODE_NAMES.get(s.mode, s.mode):<8}{s.recall_at_1:>10.3f}"
                f"{s.recall_at_3:>10.3f}{s.mrr:>8.3f}{s.latency_p50_ms:>9.1f}{s.latency_p95_ms:>9.1f}"
            )
    for name, c in chat_summaries(chat).items():
        click.echo(
            f"\n[对话 {name}] {c.turns} 轮：引用期望条款 {c.clause_cited:.3f} · "
            f"金额准确 {c.figures_exact:.3f}（{c.figure_turns} 轮）· 范围与拒答 {c.scope_right:.3f}"
            f"（{c.scope_turns} 轮）· 应答未被误拒 {c.answered_kept:.3f} · 拒答含数字 {c.refusals_with_figure} 轮 · "
            f"引文逐字 {c.verbatim:.3f} · p50 {c.latency_p50_ms:.1f} ms · p95 {c.latency_p95_ms:.1f} ms"
        )
    meta = {
        "embedding_model": settings.embedding_model,
        "vector_collection": service.vector_index.store.name,
        "fusion": service.retriever.config.fusion,
        "dense_weight": service.retriever.config.dense_weight,
        "kind_dense_weight": service.retriever.config.kind_dense_weight,
    }
    json_path, html_path = write_report(out or settings.data_dir / "eval", results, meta, chat)
    click.echo(f"\n报告：{html_path}\n摘要：{json_path}")
