"""Typed dependencies. The app factory stores settings and the session factory on `app.state`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.awards.engine import AwardCalculator
from app.settings import Settings


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


def get_calculator(request: Request) -> AwardCalculator:
    calculator: AwardCalculator = request.app.state.calculator
    return calculator


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
CalculatorDep = Annotated[AwardCalculator, Depends(get_calculator)]
SessionDep = Annotated[Session, Depends(get_db)]
