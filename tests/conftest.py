"""Every test gets its own data dir and a clean `PA_` environment; database tests run on SQLite and
on a real PostgreSQL server started once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.chat.scope import ScopeRules
from app.chat.scope_training import CACHE_DIR_NAME, embed_examples
from app.main import create_app
from app.retrieval import load_embedder, open_vector_index
from app.settings import Settings, get_settings
from indexer import parse_document, read_policy_file
from tests.support.postgres import PostgresServer, find_bin_dir

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DOC_ID = "xicheng-data-industry-measures-draft"
BUNDLED_POLICY = REPO_ROOT / "corpus" / "xicheng-data-industry-measures-draft.txt"
DEFAULT_MODEL = Settings.model_fields["embedding_model"].default


@pytest.fixture(scope="session")
def seeded_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Chroma folder holding the bundled policy's vectors, embedded once per test session; beside it
    (`../scope`) the scope classifier's example vectors and fitted model.

    Each test starts from a copy of the Chroma folder, so a service start finds its vectors unchanged
    instead of spending seconds embedding the same clauses again; tests that exercise embedding start from
    an empty folder. The services the browser tests start as processes get the scope folder too
    (`tests.support.service.seed_data_dir`): else each would embed three thousand examples first.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    directory = tmp_path_factory.mktemp("seed") / "chroma"
    parsed = parse_document(read_policy_file(BUNDLED_POLICY), BUNDLED_DOC_ID)
    vector_index = open_vector_index(
        Settings(env="test", data_dir=directory.parent), load_embedder(DEFAULT_MODEL)
    )
    try:
        vector_index.store.sync(parsed.clauses)
    finally:
        vector_index.close()
    classifier = ScopeRules.load(REPO_ROOT / "corpus").classifier_settings
    assert classifier is not None
    embed_examples(
        REPO_ROOT / "corpus", classifier, load_embedder(DEFAULT_MODEL), directory.parent / CACHE_DIR_NAME
    )
    return directory


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_vectors: Path
) -> Iterator[None]:
    shutil.copytree(seeded_vectors, tmp_path / "data" / "chroma")
    for name in list(os.environ):
        if name.startswith("PA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PA_ENV", "test")
    # Tests ask far more than one client may; the rate-limit tests turn limits on themselves.
    monkeypatch.setenv("PA_RATE_LIMIT", "off")
    monkeypatch.setenv("PA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    # A developer's .env in the repo must not leak into tests.
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.fail("PostgreSQL 服务器未安装：请运行 make test（它会安装 Debian 的 postgresql）")
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'test.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(env="test", data_dir=tmp_path / "data")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
