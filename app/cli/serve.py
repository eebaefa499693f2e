"""`policy-assistant serve`: run the API with uvicorn."""

from __future__ import annotations

import click
import uvicorn

from app.cli.context import load_settings, reported_as_one_line
from app.main import create_app, prepare_service


@click.command()
@click.option("--host", help="监听地址（默认 PA_HOST，127.0.0.1）")
@click.option("--port", type=click.IntRange(1, 65535), help="端口（默认 PA_PORT，8000）")
def serve(host: str | None, port: int | None) -> None:
    """启动问答服务。"""
    settings = load_settings(host=host, port=port)
    # Checked before the server starts, so an unreachable database, a broken corpus or drifted award
    # rules are one line here rather than a traceback from inside the server; the lifespan's own run
    # then finds nothing to migrate or index.
    with reported_as_one_line():
        prepare_service(settings).engine.dispose()
    uvicorn.run(
        create_app(settings), host=settings.host, port=settings.port, log_config=None, proxy_headers=False
    )
