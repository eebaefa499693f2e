"""What every sub-command needs: settings (with overrides), logging and the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import click
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.db.engine import make_engine, make_sessionmaker
from app.db.migrate import upgrade_database
from app.logging_config import configure_logging
from app.settings import Settings, describe_settings_error


def load_settings(**overrides: object) -> Settings:
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None
    configure_logging(settings.log_level)
    return settings


@contextmanager
def database_session(settings: Settings) -> Iterator[Session]:
    """A migrated database and one transaction: committed when the block succeeds, else rolled back."""
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_database(engine)
        with make_sessionmaker(engine).begin() as session:
            yield session
    finally:
        engine.dispose()


class CliError(click.ClickException):
    """One line on stderr, exit code 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


class SettingsError(click.ClickException):
    """Unsafe or malformed settings: the one-line reason, exit code 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True)
