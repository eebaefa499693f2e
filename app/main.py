"""Builds the FastAPI app. Heavy work (migrations, indexing the bundled corpus) runs in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app import __version__
from app.api.edges import install_edges
from app.api.errors import install_error_handlers
from app.api.routes import awards, chat, clauses, documents, health, search, widget
from app.awards.engine import AwardCalculator
from app.chat.composer import OfflineComposer
from app.chat.measures import MeasureIndex
from app.chat.scope import ScopeRules
from app.chat.scope_training import CACHE_DIR_NAME, train_classifier
from app.chat.service import ChatEngine, ChatService
from app.chat.topic import FollowUpRules
from app.db.engine import make_engine, make_sessionmaker
from app.indexing import migrate_and_index, read_bundled_corpus
from app.retrieval import VectorIndex, build_retriever, load_embedder, open_vector_index
from app.settings import Settings, get_settings
from app.store import clause_texts
from app.templates import load_templates
from indexer.retrieval import Retriever
from indexer.vectors import VectorStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Service:
    """What the app holds while it runs."""

    engine: Engine
    sessions: sessionmaker[Session]
    calculator: AwardCalculator
    vector_index: VectorIndex
    retriever: Retriever
    chat: ChatService

    def close(self) -> None:
        self.retriever.close()
        self.vector_index.close()
        self.engine.dispose()


def build_chat(
    settings: Settings, sessions: sessionmaker[Session], retriever: Retriever, calculator: AwardCalculator
) -> ChatService:
    templates = load_templates(settings.prompts_dir, "chat")
    measures = MeasureIndex(calculator.book.rules, retriever.tokenizer)
    scope = ScopeRules.load(settings.corpus_dir)
    if scope.classifier_settings is not None and retriever.vectors is not None:
        classifier = train_classifier(
            settings.corpus_dir,
            scope.classifier_settings,
            retriever.vectors.embedder,
            settings.data_dir / CACHE_DIR_NAME,
        )
        scope = scope.with_classifier(classifier)
    follow_up = FollowUpRules.load(settings.corpus_dir)
    composer = OfflineComposer(retriever, calculator, measures, scope, follow_up, templates)
    engine: ChatEngine = composer
    if settings.llm_enabled:
        # Imported only when configured: langchain costs about 3 s of start-up the offline engine never uses.
        from app.chat.llm import LlmComposer
        from app.chat.model import make_chat_model

        model = make_chat_model(settings)
        prompts = load_templates(settings.prompts_dir, "chat_llm")
        engine = LlmComposer(
            model,
            retriever,
            calculator,
            prompts,
            fallback=composer,
            time_budget=settings.llm_timeout_seconds,
        )
        logger.info(
            "chat engine: LLM %s at %s, offline composer as fallback",
            settings.llm_model,
            settings.llm_base_url,
        )
    clauses = {(c.doc_id, c.clause_id): c for c in retriever.clauses}
    return ChatService(sessions, engine, clauses, templates)


def prepare_service(settings: Settings) -> Service:
    """Migrate, index the bundled corpus and its vectors, build the retriever, and load the award rules
    checked against the stored text.

    Refuses (raises) when a rule's figure is not the policy's: no drifted figure is ever served.
    """
    embedder = load_embedder(settings.embedding_model)
    engine = make_engine(settings.resolved_database_url)
    vector_index: VectorIndex | None = None

    def open_vectors() -> VectorStore:
        nonlocal vector_index
        vector_index = open_vector_index(settings, embedder)
        return vector_index.store

    try:
        pending = read_bundled_corpus(settings.corpus_dir) if settings.index_on_start else []
        migrate_and_index(engine, pending, open_vectors)
        assert vector_index is not None
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            texts = clause_texts(session)
            retriever = build_retriever(session, settings, vector_index.store)
        calculator = AwardCalculator.load(settings.corpus_dir, settings.prompts_dir, texts)
        chat = build_chat(settings, sessions, retriever, calculator)
    except BaseException:
        if vector_index is not None:
            vector_index.close()
        engine.dispose()
        raise
    return Service(engine, sessions, calculator, vector_index, retriever, chat)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    service = await run_in_threadpool(prepare_service, settings)
    app.state.service = service
    app.state.engine, app.state.sessions, app.state.calculator = (
        service.engine,
        service.sessions,
        service.calculator,
    )
    app.state.retriever = service.retriever
    app.state.chat = service.chat
    logger.info(
        "service ready (env=%s, version=%s, rules=%d, clauses=%d, vectors=%s)",
        settings.env,
        __version__,
        len(service.calculator.book.rules),
        len(service.retriever.clauses),
        service.vector_index.store.name,
    )
    try:
        yield
    finally:
        service.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="西城数据政策助手",
        description="《北京市西城区促进数据产业高质量发展的若干措施（试行）（征求意见稿）》问答服务",
        version=__version__,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    install_edges(app, settings)
    install_error_handlers(app)
    for module in (health, clauses, documents, awards, search, chat, widget):
        app.include_router(module.router)
    return app
