"""`policy-assistant serve`: run the API with uvicorn."""

from __future__ import annotations

import click
import uvicorn

from app.cli.context import load_settings
from app.main import create_app


@click.command()
@click.option("--host", help="监听地址（默认 PA_HOST，127.0.0.1）")
@click.option("--port", type=click.IntRange(1, 65535), help="端口（默认 PA_PORT，8000）")
def serve(host: str | None, port: int | None) -> None:
    """启动问答服务。"""
    settings = load_settings(host=host, port=port)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=False,
    )
