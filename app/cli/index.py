"""`policy-assistant index [PATH…]`: parse policy files and store their clauses."""

from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm

from app.chat.scope import ScopeRules
from app.chat.scope_training import CACHE_DIR_NAME, embed_examples
from app.cli.context import load_settings, reported_as_one_line
from app.db.engine import make_engine
from app.indexing import PendingDocument, migrate_and_index, read_bundled_corpus, read_file_for_index
from app.retrieval import VectorIndex, load_embedder, open_vector_index
from app.store import DocumentReport
from indexer.vectors import VectorStore, VectorSyncReport


def describe_report(report: DocumentReport) -> str:
    if report.status == "unchanged":
        return f"{report.doc_id}：未变化，共 {report.clauses} 条，未重新解析"
    if report.status == "added":
        return f"{report.doc_id}：新增《{report.title}》，共 {report.clauses} 条"
    return (
        f"{report.doc_id}：已更新，共 {report.clauses} 条"
        f"（新增 {report.added}，修改 {report.changed}，删除 {report.removed}，未变 {report.unchanged}）"
    )


def describe_vectors(report: VectorSyncReport) -> str:
    if report.embedded_passages == 0 and not report.removed:
        return f"向量索引：未变化，共 {report.unchanged} 条，未重新嵌入"
    return (
        f"向量索引：新增 {report.added}，修改 {report.changed}，删除 {report.removed}，未变 {report.unchanged}"
        f"（嵌入 {report.embedded_passages} 段）"
    )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--doc-id", help="文件的 doc_id（只能与一个文件一起使用；默认取文件名）")
@click.option("--version", "version_label", help="版本标签，例如“征求意见稿”（只能与文件一起使用）")
def index(paths: tuple[Path, ...], doc_id: str | None, version_label: str | None) -> None:
    """解析并入库政策文件；不给 PATH 时入库 corpus/ 中自带的政策。"""
    if doc_id and len(paths) != 1:
        raise click.UsageError("--doc-id 只能与一个文件一起使用")
    if version_label and not paths:
        raise click.UsageError("--version 只能与文件一起使用；自带政策的版本写在 corpus/manifest.yaml 中")
    settings = load_settings()
    with reported_as_one_line():
        pending: list[PendingDocument]
        if paths:
            # Every file is read before anything is stored: one bad file refuses the whole run.
            with tqdm(paths, desc="读取", unit="个文件", disable=len(paths) < 2) as bar:
                pending = [read_file_for_index(path, doc_id, version_label) for path in bar]
        else:
            pending = read_bundled_corpus(settings.corpus_dir)
        embedder = load_embedder(settings.embedding_model)
        opened: list[VectorIndex] = []

        def open_vectors() -> VectorStore:
            opened.append(open_vector_index(settings, embedder))
            return opened[0].store

        engine = make_engine(settings.resolved_database_url)
        try:
            with tqdm(pending, desc="解析入库", unit="个文件") as documents:
                result = migrate_and_index(engine, documents, open_vectors, show_progress=True)
        finally:
            engine.dispose()
            for vector_index in opened:
                vector_index.close()
        scope = ScopeRules.load(settings.corpus_dir).classifier_settings
        examples = None
        if scope is not None and not paths:
            # The bundled corpus is what `make run` indexes before it serves: embed the scope
            # classifier's examples now, so that the service starts warm.
            examples = embed_examples(
                settings.corpus_dir, scope, embedder, settings.data_dir / CACHE_DIR_NAME
            )
    for report in result.documents:
        click.echo(describe_report(report))
    if result.vectors is not None:
        click.echo(describe_vectors(result.vectors))
    if examples is not None:
        count, embedded = examples
        click.echo(f"范围分类样例：{count} 条（{'已嵌入' if embedded else '未变，无需嵌入'}）")
