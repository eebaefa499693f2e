"""`policy-assistant eval`: the golden set through each retrieval mode, side by side, with a report.

Registered as a plugin of the CLI (entry point group `policy_assistant.commands`) so that `app/`
never imports `evaluation/`.
"""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.context import load_settings, reported_as_one_line
from app.main import prepare_service
from evaluation.golden import GOLDEN_DIR, SPLITS, load_golden
from evaluation.report import MODE_NAMES, WHOLE_SET, whole_set, write_report
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
    settings = load_settings(**overrides)
    with reported_as_one_line():
        service = prepare_service(settings)
    try:
        results: dict[str, list[ModeRun]] = {}
        for name in SPLITS if split == "all" else (split,):
            golden = load_golden(name, golden_dir)
            click.echo(f"{name}：{len(golden.in_scope)} 个范围内问题", err=True)
            results[name] = run_retrieval(
                service.retriever, golden.in_scope, service.retriever.modes, golden.doc_id
            )
    finally:
        service.close()
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
    meta = {
        "embedding_model": settings.embedding_model,
        "vector_collection": service.vector_index.store.name,
        "fusion": service.retriever.config.fusion,
        "dense_weight": service.retriever.config.dense_weight,
        "kind_dense_weight": service.retriever.config.kind_dense_weight,
    }
    json_path, html_path = write_report(out or settings.data_dir / "eval", results, meta)
    click.echo(f"\n报告：{html_path}\n摘要：{json_path}")
