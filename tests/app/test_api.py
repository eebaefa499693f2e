"""The public API of the foundation: health, clauses, documents, errors, and data kept across restarts."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app import __version__
from app.db.engine import make_engine
from app.indexing import PendingDocument, migrate_and_index
from app.main import create_app
from app.settings import Settings
from indexer import read_policy_bytes
from tests.conftest import BUNDLED_DOC_ID
from tests.indexer.test_clauses import BUNDLED_IDS


def clause_url(doc_id: str, clause_id: str) -> str:
    return f"/api/clauses/{doc_id}/{quote(clause_id)}"


def test_health_reports_version_and_counts(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body == {"status": "ok", "version": __version__, "documents": 1, "clauses": 31}
    assert __version__ != "0.0.0"


def test_clauses_come_back_in_policy_order_as_spans_of_the_source(client: TestClient) -> None:
    clauses = client.get("/api/clauses").json()
    assert [c["clause_id"] for c in clauses] == BUNDLED_IDS
    source = client.get(f"/api/documents/{BUNDLED_DOC_ID}").json()["source_text"]
    for clause in clauses:
        assert set(clause) >= {"doc_id", "clause_id", "title", "article", "text"}
        assert clause["doc_id"] == BUNDLED_DOC_ID
        assert source[clause["start"] : clause["end"]] == clause["text"]


def test_a_clause_by_id(client: TestClient) -> None:
    reply = client.get(clause_url(BUNDLED_DOC_ID, "第四条（一）"))
    assert reply.status_code == 200
    body = reply.json()
    assert body["title"] == "提升数据资源开发利用水平" and body["article"] == "第四条"
    assert "对获得部属、市属公共数据资源授权运营的单位，分别给予最高200万元、100万元奖励" in body["text"]


def test_half_width_brackets_find_the_same_clause(client: TestClient) -> None:
    body = client.get(clause_url(BUNDLED_DOC_ID, "第十条(二)")).json()
    assert body["clause_id"] == "第十条（二）"
    assert "从高从优不重复" in body["text"]


@pytest.mark.parametrize(
    ("doc_id", "clause_id", "field", "fragment"),
    [
        (BUNDLED_DOC_ID, "第十一条", "clause_id", "没有条款“第十一条”"),
        (BUNDLED_DOC_ID, "第十条", "clause_id", "没有条款“第十条”"),
        ("other-policy", "第一条", "doc_id", "未找到文档“other-policy”"),
    ],
)
def test_unknown_ids_get_a_chinese_404(
    client: TestClient, doc_id: str, clause_id: str, field: str, fragment: str
) -> None:
    reply = client.get(clause_url(doc_id, clause_id))
    assert reply.status_code == 404
    assert reply.json()["field"] == field
    assert fragment in reply.json()["detail"]


def test_clause_list_filtered_by_document(client: TestClient) -> None:
    assert len(client.get("/api/clauses", params={"doc_id": BUNDLED_DOC_ID}).json()) == 31
    reply = client.get("/api/clauses", params={"doc_id": "nope"})
    assert reply.status_code == 404 and reply.json()["field"] == "doc_id"


def test_invalid_query_gets_422_naming_the_field(client: TestClient) -> None:
    reply = client.get("/api/clauses", params={"doc_id": "x" * 65})
    assert reply.status_code == 422
    body = reply.json()
    assert body["field"] == "doc_id"
    assert body["detail"] == "请求参数不合法：doc_id：格式不正确"


def test_unknown_route_and_method_answer_in_chinese(client: TestClient) -> None:
    assert client.get("/api/nothing-here").json() == {"detail": "未找到请求的资源"}
    reply = client.post("/api/health")
    assert reply.status_code == 405 and reply.json()["detail"] == "不支持该请求方法"


def test_an_unexpected_error_is_json_not_a_bare_500(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("disk on fire")

    with TestClient(app, raise_server_exceptions=False) as client:
        reply = client.get("/api/boom")
    assert reply.status_code == 500
    assert reply.headers["content-type"].startswith("application/json")
    assert "服务内部错误" in reply.json()["detail"]
    assert "disk on fire" not in reply.text


def test_documents_list(client: TestClient) -> None:
    (document,) = client.get("/api/documents").json()
    assert document["doc_id"] == BUNDLED_DOC_ID
    assert document["version"] == "征求意见稿" and document["clauses"] == 31
    assert len(document["sha256"]) == 64


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/health", "/api/clauses", "/api/clauses/{doc_id}/{clause_id}"} <= set(paths)


def test_a_restart_keeps_every_stored_document(database_url: str, settings: Settings) -> None:
    settings = settings.model_copy(update={"database_url": database_url})
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/health").json()["documents"] == 1

    # A second policy arrives between two runs of the service.
    engine = make_engine(settings.resolved_database_url)
    extra = read_policy_bytes("extra.txt", "第一条 范围\n本办法适用于本区。".encode())
    migrate_and_index(engine, [PendingDocument(extra, "extra-policy", version="v1")])
    engine.dispose()

    for _ in range(2):
        with TestClient(create_app(settings)) as client:
            assert client.get("/api/health").json()["documents"] == 2
            assert client.get("/api/clauses/extra-policy/第一条").json()["text"] == "本办法适用于本区。"
            assert len(client.get("/api/clauses").json()) == 32


@pytest.fixture
def client_on_each_database(database_url: str, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"database_url": database_url}))) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/clauses/%00/x", "doc_id"),
        (f"/api/clauses/{BUNDLED_DOC_ID}/%E7%AC%AC%00%E6%9D%A1", "clause_id"),
        (f"/api/clauses/{BUNDLED_DOC_ID}/{'条' * 65}", "clause_id"),
        ("/api/clauses?doc_id=%00", "doc_id"),
        ("/api/documents/a%00b", "doc_id"),
    ],
)
def test_ids_no_database_could_hold_are_a_422_on_every_backend(
    client_on_each_database: TestClient, path: str, field: str
) -> None:
    reply = client_on_each_database.get(path)
    assert reply.status_code == 422, reply.text
    assert reply.json()["field"] == field


def test_a_path_that_climbs_out_matches_no_route(client: TestClient) -> None:
    reply = client.get("/api/documents/..%2F..%2Fetc%2Fpasswd")
    assert reply.status_code == 404 and reply.json() == {"detail": "未找到请求的资源"}
