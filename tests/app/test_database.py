"""Storage on both backends: migrations, the model/migration match, and incremental updates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import OperationalError

from app.db.engine import make_engine, make_sessionmaker
from app.db.locking import exclusive_transaction
from app.db.migrate import alembic_config, upgrade_database
from app.db.models import Base, ClauseRecord, Document
from app.errors import InvalidInputError
from app.indexing import PendingDocument, migrate_and_index, read_bundled_corpus
from app.settings import Settings
from app.store import count_documents_and_clauses, get_clause, list_clauses
from indexer import PARSER_VERSION, PolicyFileError, read_policy_bytes
from tests.conftest import BUNDLED_DOC_ID, REPO_ROOT

POLICY = """\
测试办法
第一条 范围
本办法适用于本区。
第二条 措施
（一）甲措施给予奖励。
（二）乙措施给予奖励。
（三）丙措施给予奖励。
"""


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate_and_index(engine, [])
    yield engine
    engine.dispose()


def pending(text: str, doc_id: str = "test-doc", version: str | None = None) -> PendingDocument:
    return PendingDocument(read_policy_bytes("policy.txt", text.encode()), doc_id, version=version)


def test_migrations_create_exactly_the_models(engine: Engine) -> None:
    assert {"documents", "clauses", "alembic_version"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_twice_is_harmless_and_downgrade_round_trips(engine: Engine) -> None:
    migrate_and_index(engine, [])
    config = alembic_config()
    with exclusive_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert "documents" not in inspect(engine).get_table_names()
    with exclusive_transaction(engine) as connection:
        upgrade_database(connection)
    assert "documents" in inspect(engine).get_table_names()


def test_a_refused_file_leaves_not_even_the_schema_behind(database_url: str) -> None:
    """Migrations and indexing share one transaction, DDL included, on both backends."""
    engine = make_engine(database_url)
    good = pending(POLICY, "good")
    bad = pending(POLICY.replace("（三）", "（二）"), "bad")  # 第二条（二） twice
    with pytest.raises(PolicyFileError, match="条款编号重复"):
        migrate_and_index(engine, [good, bad])
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_bundled_corpus_is_stored_in_order(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    (report,) = migrate_and_index(engine, read_bundled_corpus(REPO_ROOT / "corpus")).documents
    assert report.status == "added" and report.clauses == 31
    with sessions() as session:
        assert count_documents_and_clauses(session) == (1, 31)
        records = list_clauses(session, BUNDLED_DOC_ID)
        source = records[0].document.source_text
        assert [r.position for r in records] == list(range(1, 32))
        assert all(source[r.start_offset : r.end_offset] == r.text for r in records)
        assert get_clause(session, BUNDLED_DOC_ID, "第八条").title == "推动数据标准体系建设"


def test_the_same_file_twice_changes_nothing(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    migrate_and_index(engine, [pending(POLICY)])
    with sessions() as session:
        before = session.scalar(select(Document)).updated_at
    (report,) = migrate_and_index(engine, [pending(POLICY)]).documents
    assert (report.status, report.unchanged, report.added) == ("unchanged", 4, 0)
    with sessions() as session:
        document = session.scalar(select(Document))
        assert document.revision == 1 and document.updated_at == before
        assert document.updated_at.utcoffset() == timedelta(0)


def test_a_newer_parser_parses_an_unchanged_file_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate_and_index(engine, [pending(POLICY)])
    monkeypatch.setattr("app.indexing.PARSER_VERSION", PARSER_VERSION + 1)
    monkeypatch.setattr("app.store.PARSER_VERSION", PARSER_VERSION + 1)
    (report,) = migrate_and_index(engine, [pending(POLICY)]).documents
    assert (report.status, report.unchanged) == ("updated", 4)
    (again,) = migrate_and_index(engine, [pending(POLICY)]).documents
    assert again.status == "unchanged"


def test_two_files_under_one_doc_id_are_refused(engine: Engine) -> None:
    with pytest.raises(InvalidInputError, match="doc_id“same”"):
        migrate_and_index(engine, [pending(POLICY, "same"), pending(POLICY + "第三条 附则\n施行。", "same")])


def test_a_revised_file_updates_clause_by_clause(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    migrate_and_index(engine, [pending(POLICY, version="v1")])
    revised = (
        POLICY.replace("乙措施", "乙类措施").replace("（三）丙措施给予奖励。\n", "")
        + "第三条 附则\n本办法自发布之日起施行。\n"
    )
    (report,) = migrate_and_index(engine, [pending(revised, version="v2")]).documents
    assert report.status == "updated"
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 2)
    with sessions() as session:
        document = session.scalar(select(Document))
        assert (document.version, document.revision) == ("v2", 2)
        ids = [r.clause_id for r in list_clauses(session, "test-doc")]
        assert ids == ["第一条", "第二条（一）", "第二条（二）", "第三条"]
        assert all(document.source_text[r.start_offset : r.end_offset] == r.text for r in document.clauses)


def test_deleting_a_document_deletes_its_clauses(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    migrate_and_index(engine, [pending(POLICY)])
    with sessions.begin() as session:
        session.delete(session.scalar(select(Document)))
    with sessions() as session:
        assert session.scalar(select(ClauseRecord)) is None


@pytest.mark.parametrize("name", ["data", "odd?mode=ro", "odd%41dir"])
def test_sqlite_file_lives_under_the_data_dir(tmp_path: Path, name: str) -> None:
    settings = Settings(data_dir=tmp_path / name)
    engine = make_engine(settings.resolved_database_url)
    migrate_and_index(engine, [])
    engine.dispose()
    assert (tmp_path / name / "policy-assistant.sqlite3").is_file()


def test_processes_starting_together_index_once(
    database_url: str, tmp_path: Path, seeded_vectors: Path
) -> None:
    """Several workers start at once (SPEC §10): all succeed, one stores, the others find it stored."""
    # The scope classifier's examples embedded already: three processes embedding three thousand examples
    # each at once are minutes of CPU on a small machine, and not what this test is about.
    shutil.copytree(seeded_vectors.parent / "scope", tmp_path / "data" / "scope")
    env = {**os.environ, "PA_DATABASE_URL": database_url, "PA_DATA_DIR": str(tmp_path / "data")}
    command_line = [str(Path(sys.executable).with_name("policy-assistant")), "index"]
    processes = [
        subprocess.Popen(command_line, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    assert [code for code, _, _ in results] == [0, 0, 0], results
    outputs = sorted(out.strip() for _, out, _ in results)
    documents = [out.splitlines()[0] for out in outputs]
    assert sum("新增" in line for line in documents) == 1 and sum("未变化" in line for line in documents) == 2
    # The vectors are synced under the same lock: every process ends with the index in step.
    assert all(out.splitlines()[1].startswith("向量索引：") for out in outputs)
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        assert count_documents_and_clauses(session) == (1, 31)
    engine.dispose()


def test_the_lock_is_waited_for_longer_than_one_sqlite_statement_waits(tmp_path: Path) -> None:
    """Another worker indexing a long policy holds the lock for minutes; a process starting beside it
    waits for it rather than failing when SQLite's busy timeout for one statement runs out."""
    url = f"sqlite:///{tmp_path / 'lock.sqlite3'}"
    holder, waiter = make_engine(url), make_engine(url, sqlite_busy_seconds=0.2)
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive_transaction(holder) as connection:
            connection.execute(text("CREATE TABLE held (id INTEGER)"))
            taken.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert taken.wait(timeout=30)
        with pytest.raises(OperationalError, match="database is locked"), exclusive_transaction(waiter, 0.5):
            pass
        threading.Timer(1.5, release.set).start()
        started = time.monotonic()
        with exclusive_transaction(waiter, wait_seconds=30) as connection:
            # The holder's work is visible: this transaction began after it committed.
            assert connection.execute(text("SELECT count(*) FROM held")).scalar_one() == 0
        assert time.monotonic() - started >= 1.0
    finally:
        release.set()
        thread.join()
        holder.dispose()
        waiter.dispose()
