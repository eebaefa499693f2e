"""`policy-assistant`: one command with sub-commands. Results go to stdout, diagnostics to stderr."""

from __future__ import annotations

import click

from app import __version__
from app.cli.index import index
from app.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-assistant")
def cli() -> None:
    """西城数据政策助手：解析、索引政策文件并提供问答服务。"""


cli.add_command(index)
cli.add_command(serve)

main = cli
