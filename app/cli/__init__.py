"""`policy-assistant`: one command with sub-commands. Results go to stdout, diagnostics to stderr."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from typing import Any

import click

from app import __version__
from app.cli.ask import ask
from app.cli.calc import calc
from app.cli.index import index
from app.cli.serve import serve


class PolicyAssistantCli(click.Group):
    """Reports a usage mistake as one Chinese line, like every other error of the CLI."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            name = prog_name or "policy-assistant"
            click.echo(f"错误：{error.format_message()}（用法见 {name} --help）", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("已取消", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=PolicyAssistantCli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-assistant")
def cli() -> None:
    """西城数据政策助手：解析、索引政策文件并提供问答服务。"""


cli.add_command(ask)
cli.add_command(calc)
cli.add_command(index)
cli.add_command(serve)

# Commands from packages above `app` (e.g. `eval` from evaluation/) register themselves through this
# entry-point group, so the CLI offers them without `app` importing those packages.
PLUGIN_GROUP = "policy_assistant.commands"
for entry_point in entry_points(group=PLUGIN_GROUP):
    cli.add_command(entry_point.load(), entry_point.name)

main = cli
