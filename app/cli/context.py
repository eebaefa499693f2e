"""What every sub-command needs: settings (with overrides), logging, and errors as one Chinese line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import click
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from app.errors import AppError
from app.logging_config import configure_logging
from app.settings import Settings, describe_settings_error
from indexer import IndexerError


class CliError(click.ClickException):
    """One line on stderr, exit code 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


class SettingsError(click.ClickException):
    """Unsafe or malformed settings: the one-line reason, exit code 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True)


def load_settings(**overrides: object) -> Settings:
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None
    configure_logging(settings.log_level)
    return settings


@contextmanager
def reported_as_one_line() -> Iterator[None]:
    """Turn what a user can cause — a bad file, a database out of reach, a data dir that is a file —
    into `错误：…` and exit code 1 instead of a traceback."""
    try:
        yield
    except (IndexerError, AppError) as error:
        raise CliError(str(error)) from None
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        raise CliError(f"数据库错误：{_first_line(cause)}") from None
    except OSError as error:
        raise CliError(f"无法访问文件或目录：{_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
