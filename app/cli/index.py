"""`policy-assistant index [PATH…]`: parse policy files and store their clauses."""

from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm

from app.cli.context import load_settings, reported_as_one_line
from app.db.engine import make_engine
from app.indexing import PendingDocument, migrate_and_index, read_bundled_corpus, read_file_for_index
from app.store import DocumentReport


def describe_report(report: DocumentReport) -> str:
    if report.status == "unchanged":
        return f"{report.doc_id}：未变化，共 {report.clauses} 条，未重新解析"
    if report.status == "added":
        return f"{report.doc_id}：新增《{report.title}》，共 {report.clauses} 条"
    return (
        f"{report.doc_id}：已更新，共 {report.clauses} 条"
        f"（新增 {report.added}，修改 {report.changed}，删除 {report.removed}，未变 {report.unchanged}）"
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
        engine = make_engine(settings.resolved_database_url)
        try:
            with tqdm(pending, desc="解析入库", unit="个文件") as bar:
                reports = migrate_and_index(engine, bar)
        finally:
            engine.dispose()
    for report in reports:
        click.echo(describe_report(report))
