"""`policy-assistant serve`: run the API with uvicorn."""

from __future__ import annotations

import click
import uvicorn

from app.cli.context import load_settings, reported_as_one_line
from app.db.engine import make_engine
from app.indexing import migrate_and_index, read_bundled_corpus
from app.main import create_app


@click.command()
@click.option("--host", help="监听地址（默认 PA_HOST，127.0.0.1）")
@click.option("--port", type=click.IntRange(1, 65535), help="端口（默认 PA_PORT，8000）")
def serve(host: str | None, port: int | None) -> None:
    """启动问答服务。"""
    settings = load_settings(host=host, port=port)
    # Checked before the server starts, so an unreachable database or a broken corpus is one line here
    # rather than a traceback from inside the server; the lifespan's own run then finds nothing to do.
    with reported_as_one_line():
        engine = make_engine(settings.resolved_database_url)
        try:
            migrate_and_index(
                engine, read_bundled_corpus(settings.corpus_dir) if settings.index_on_start else []
            )
        finally:
            engine.dispose()
    uvicorn.run(
        create_app(settings), host=settings.host, port=settings.port, log_config=None, proxy_headers=False
    )
