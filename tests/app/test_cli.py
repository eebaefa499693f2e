"""`policy-assistant index`: results on stdout, one clear line on stderr for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from app.chat.scope_training import load_examples
from app.cli import main
from app.db.engine import make_engine
from app.db.models import Document
from app.indexing import migrate_and_index
from app.settings import Settings
from tests.conftest import BUNDLED_DOC_ID, REPO_ROOT

EXAMPLES = len(load_examples(REPO_ROOT / "corpus" / "scope-examples"))


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="policy-assistant")


def stored_documents() -> list[str]:
    engine = make_engine(Settings().resolved_database_url)
    migrate_and_index(engine, [])
    with engine.connect() as connection:
        names = list(connection.scalars(select(Document.doc_id).order_by(Document.id)))
    engine.dispose()
    return names


def test_index_without_paths_loads_the_bundled_policy_once() -> None:
    first = run("index")
    assert first.exit_code == 0, first.output
    # The test's Chroma folder starts seeded with the bundled policy's vectors (tests/conftest.py).
    assert first.stdout.strip().splitlines() == [
        f"{BUNDLED_DOC_ID}：新增《北京市西城区促进数据产业高质量发展的若干措施（试行）（征求意见稿）》，共 31 条",
        "向量索引：未变化，共 31 条，未重新嵌入",
        f"范围分类样例：{EXAMPLES} 条（已嵌入）",
    ]
    # The classifier is fitted and kept too, so that the service's first start does not fit it.
    assert len(list((Settings().data_dir / "scope").glob("*.model.npz"))) == 1
    second = run("index")
    assert second.exit_code == 0
    assert second.stdout.strip().splitlines() == [
        f"{BUNDLED_DOC_ID}：未变化，共 31 条，未重新解析",
        "向量索引：未变化，共 31 条，未重新嵌入",
        f"范围分类样例：{EXAMPLES} 条（未变，无需嵌入）",
    ]
    assert stored_documents() == [BUNDLED_DOC_ID]


def test_index_a_file_with_a_doc_id_then_a_revision(tmp_path: Path) -> None:
    path = tmp_path / "办法.txt"
    path.write_text("第一条 范围\n本办法适用于本区。\n第二条 奖励\n给予奖励。", "utf-8")
    added = run("index", str(path), "--doc-id", "banfa", "--version", "v1")
    assert added.exit_code == 0 and "banfa：新增" in added.stdout and "共 2 条" in added.stdout
    path.write_text("第一条 范围\n本办法适用于本区企业。\n第二条 奖励\n给予奖励。", "utf-8")
    updated = run("index", str(path), "--doc-id", "banfa", "--version", "v2")
    assert "banfa：已更新，共 2 条（新增 0，修改 1，删除 0，未变 1）" in updated.stdout
    # Only the changed clause is embedded again: one clause, one passage (it has a single sentence).
    assert "向量索引：新增 0，修改 1，删除 0，未变 1（嵌入 1 段）" in updated.stdout


def test_a_chinese_file_name_gets_a_stable_ascii_doc_id(tmp_path: Path) -> None:
    path = tmp_path / "西城区办法.txt"
    path.write_text("第一条 范围\n本办法适用于本区。", "utf-8")
    run("index", str(path))
    run("index", str(path))
    (doc_id,) = stored_documents()
    assert doc_id.startswith("doc-") and doc_id.isascii()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "文件为空"),
        ("scan.txt", b"%PDF-1.5\n...", "PDF"),
        ("notice.txt", "关于评选的通知\n一、范围\n二、程序".encode(), "第X条"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_stores_nothing(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("第一条 范围\n本办法适用于本区。", "utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("index", str(good), str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert name in line and reason in line
    assert stored_documents() == []


def test_a_missing_path_and_misused_options(tmp_path: Path) -> None:
    missing = run("index", str(tmp_path / "nowhere.txt"))
    assert missing.exit_code == 1 and "不存在" in missing.stderr
    two = run("index", "a.txt", "b.txt", "--doc-id", "x")
    assert two.exit_code == 2 and "--doc-id" in two.stderr
    path = tmp_path / "p.txt"
    path.write_text("第一条 范围\n本办法适用于本区。", "utf-8")
    bad_id = run("index", str(path), "--doc-id", "西城/政策")
    assert bad_id.exit_code == 1 and "doc_id" in bad_id.stderr


def test_two_files_with_the_same_name_need_distinct_doc_ids(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "policy.txt").write_text("第一条 范围\n本办法适用于本区。", "utf-8")
    result = run("index", str(tmp_path / "a" / "policy.txt"), str(tmp_path / "b" / "policy.txt"))
    assert result.exit_code == 1 and "doc_id“policy”" in result.stderr
    assert stored_documents() == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["index", "--version", "v1"], "--version 只能与文件一起使用"),
        (["index", "--no-such-option"], "No such option"),
        (["no-such-command"], "no-such-command"),
    ],
)
def test_usage_mistakes_are_one_line_with_exit_code_2(args: list[str], fragment: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("错误：") and fragment in line and "--help" in line


def test_a_directory_is_named_as_one(tmp_path: Path) -> None:
    result = run("index", str(tmp_path))
    assert result.exit_code == 1 and "这是一个目录" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("PA_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none", "数据库错误"),
        ("PA_DATA_DIR", "FILE", "无法访问文件或目录"),
    ],
)
def test_an_unreachable_database_or_data_dir_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, fragment: str
) -> None:
    if value == "FILE":
        value = str(tmp_path / "a-file")
        Path(value).write_text("not a directory", "utf-8")
    monkeypatch.setenv(variable, value)
    result = run("index")
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert fragment in line
    assert "Traceback" not in result.stderr


def test_a_version_label_is_bounded_and_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("第一条 范围\n本办法适用于本区。", "utf-8")
    too_long = run("index", str(path), "--version", "v" * 101)
    assert too_long.exit_code == 1 and "版本标签" in too_long.stderr
    assert run("index", str(path), "--version", "  2025-03  ").exit_code == 0
    engine = make_engine(Settings().resolved_database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(Document.version)) == "2025-03"
    engine.dispose()


def test_ask_prints_the_answer_its_clauses_and_the_calculation_and_continues_a_session() -> None:
    first = run("ask", "拿到部属单位的公共数据授权运营，奖励多少？")
    assert first.exit_code == 0, first.output
    assert (
        "200万元" in first.stdout
        and "【第四条（一）】" in first.stdout
        and "部属：最高200万元" in first.stdout
    )
    session_id = first.stdout.rsplit("--session ", 1)[1].rstrip("）\n")
    second = run("ask", "那换成市级的呢？", "--session", session_id, "--json")
    assert second.exit_code == 0, second.output
    reply = json.loads(second.stdout)
    assert reply["session_id"] == session_id and reply["calculation"]["amount_yuan"] == 1_000_000


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["ask", "   "], "问题不能为空"), (["ask", "问" * 1001], "不能超过 1000 个字"), (["ask"], "QUESTION")],
)
def test_ask_refuses_a_bad_question_in_one_line(args: list[str], fragment: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and fragment in result.output and "Traceback" not in result.output


def test_ask_with_a_malformed_session_id_is_one_line() -> None:
    result = run("ask", "算力券是什么", "--session", "../../etc/passwd")
    assert result.exit_code == 2 and "会话编号格式不正确" in result.output and "--session" in result.output
    assert "Traceback" not in result.output
