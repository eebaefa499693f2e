"""Builds the FastAPI app. Heavy work (migrations, indexing the bundled corpus) runs in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from app import __version__
from app.api.errors import install_error_handlers
from app.api.routes import clauses, documents, health
from app.db.engine import make_engine, make_sessionmaker
from app.indexing import migrate_and_index, read_bundled_corpus
from app.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def _start(app: FastAPI, settings: Settings) -> None:
    engine = make_engine(settings.resolved_database_url)
    pending = read_bundled_corpus(settings.corpus_dir) if settings.index_on_start else []
    migrate_and_index(engine, pending)
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    await run_in_threadpool(_start, app, settings)
    logger.info("service ready (env=%s, version=%s)", settings.env, __version__)
    try:
        yield
    finally:
        app.state.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="西城数据政策助手",
        description="《北京市西城区促进数据产业高质量发展的若干措施（试行）（征求意见稿）》问答服务",
        version=__version__,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    # Browsers on other origins get no Access-Control-Allow-Origin and so cannot read answers.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        max_age=600,
    )
    install_error_handlers(app)
    for module in (health, clauses, documents):
        app.include_router(module.router)
    return app
