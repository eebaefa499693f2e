"""Real-world files: encodings Chinese offices send, Word documents with tables, and what is refused."""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from indexer import parse_document, read_policy_bytes, read_policy_file
from indexer.errors import (
    EmptyFileError,
    FileEncodingError,
    NotTextError,
    PolicyFileError,
    PolicyStructureError,
    UnsupportedFileTypeError,
)
from tests.conftest import BUNDLED_POLICY
from tests.indexer.test_clauses import BUNDLED_IDS

POLICY_TEXT = BUNDLED_POLICY.read_text(encoding="utf-8")


def bundled_pairs(path: Path) -> list[tuple[str, str]]:
    doc = parse_document(read_policy_file(path), "d")
    return [(c.clause_id, c.text) for c in doc.clauses]


@pytest.fixture(scope="module")
def expected_pairs() -> list[tuple[str, str]]:
    return bundled_pairs(BUNDLED_POLICY)


def test_gb18030_file_reads_like_utf8(tmp_path: Path, expected_pairs) -> None:
    path = tmp_path / "policy-gbk.txt"
    path.write_bytes(POLICY_TEXT.encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert bundled_pairs(path) == expected_pairs


def test_gbk_file_with_crlf_line_endings(tmp_path: Path, expected_pairs) -> None:
    path = tmp_path / "policy-gbk-crlf.txt"
    path.write_bytes(POLICY_TEXT.replace("\n", "\r\n").encode("gbk"))
    assert bundled_pairs(path) == expected_pairs


def test_utf8_with_bom(tmp_path: Path, expected_pairs) -> None:
    path = tmp_path / "policy-bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + POLICY_TEXT.encode("utf-8"))
    source = read_policy_file(path)
    assert not source.text.startswith("\ufeff")
    assert bundled_pairs(path) == expected_pairs


def test_utf16_with_bom(tmp_path: Path, expected_pairs) -> None:
    path = tmp_path / "policy-utf16.txt"
    path.write_bytes(POLICY_TEXT.encode("utf-16"))
    assert bundled_pairs(path) == expected_pairs


def test_markdown_file_is_read_as_text(tmp_path: Path, expected_pairs) -> None:
    path = tmp_path / "policy.md"
    path.write_text(POLICY_TEXT, encoding="utf-8")
    assert bundled_pairs(path) == expected_pairs


def test_docx_with_paragraphs_and_a_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某区数据产业扶持办法")
    document.add_paragraph("为支持数据产业发展，制定本办法。")
    document.add_paragraph("第一条 适用范围")
    document.add_paragraph("本办法适用于本区数据企业。")
    document.add_paragraph("第二条 奖励标准")
    document.add_paragraph("按下表给予奖励：")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "（一）国际标准。"
    table.cell(0, 1).text = "给予最高200万元奖励。"
    table.cell(1, 0).text = "（二）国家标准。"
    table.cell(1, 1).text = "给予最高100万元奖励。"
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "（三）其他标准另行规定。"
    document.add_paragraph("第三条 附则")
    document.add_paragraph("本办法自发布之日起施行。")
    path = tmp_path / "办法.docx"
    document.save(str(path))

    doc = parse_document(read_policy_file(path), "docx")

    assert doc.title == "某某区数据产业扶持办法"
    assert [c.clause_id for c in doc.clauses] == [
        "序言", "第一条", "第二条", "第二条（一）", "第二条（二）", "第二条（三）", "第三条",
    ]  # fmt: skip
    # A table row is one line: the cells of a row belong together.
    assert doc.clause("第二条（一）").text == "国际标准。\t给予最高200万元奖励。"
    # The merged cell spans two grid positions but is one line of text.
    assert doc.clause("第二条（三）").text == "其他标准另行规定。"
    for clause in doc.clauses:
        assert doc.source_text[clause.start : clause.end] == clause.text


def test_docx_with_word_auto_numbering_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("第一条 支持措施")
    document.add_paragraph("对数据企业给予奖励。", style="List Number")
    document.add_paragraph("对数据平台给予奖励。", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    with pytest.raises(PolicyFileError) as caught:
        read_policy_file(path)
    assert "numbered.docx" in str(caught.value) and "自动编号" in str(caught.value)


def test_docx_of_the_bundled_policy(tmp_path: Path) -> None:
    document = docx.Document()
    for line in POLICY_TEXT.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "policy.docx"
    document.save(str(path))
    doc = parse_document(read_policy_file(path), "d")
    assert [c.clause_id for c in doc.clauses] == BUNDLED_IDS


@pytest.mark.parametrize(
    ("name", "content", "error", "reason"),
    [
        ("empty.txt", b"", EmptyFileError, "文件为空"),
        ("blank.txt", b" \n\r\n\t \n", EmptyFileError, "文件为空"),
        (
            "scan.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            NotTextError,
            "PDF",
        ),
        ("old.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), NotTextError, ".doc"),
        ("blob.txt", b"\x01\x02\x00\x03binary\x00\xff", NotTextError, "二进制"),
        ("bad.txt", "第一条 范围\n".encode() + b"\xff\xfe\xfd\xff" * 4, FileEncodingError, "编码"),
        ("broken.docx", b"this is not a word document", NotTextError, ".docx"),
        ("policy.pdf", b"%PDF-1.4", UnsupportedFileTypeError, ".pdf"),
        ("policy", "第一条 范围\n本办法适用于本区。".encode(), UnsupportedFileTypeError, "无扩展名"),
    ],
)
def test_bad_files_are_refused_naming_file_and_reason(
    name: str, content: bytes, error: type[PolicyFileError], reason: str
) -> None:
    with pytest.raises(error) as caught:
        read_policy_bytes(name, content)
    message = str(caught.value)
    assert name in message and reason in message


def test_a_policy_with_no_articles_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_text(
        "关于开展数据企业评选的通知\n各有关单位：\n现将有关事项通知如下。\n一、评选范围\n二、评选程序",
        "utf-8",
    )
    with pytest.raises(PolicyStructureError) as caught:
        parse_document(read_policy_file(path), "d")
    assert "通知.txt" in str(caught.value) and "第X条" in str(caught.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="不存在"):
        read_policy_file(tmp_path / "nowhere.txt")


def test_pandoc_bookmark_anchors_are_debris(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("第一条 范围\n[]{#_GoBack .anchor}本办法适用于本区。\u200b", "utf-8")
    doc = parse_document(read_policy_file(path), "d")
    assert doc.clauses[0].text == "本办法适用于本区。"


def test_what_is_not_a_regular_file_is_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="这是一个目录"):
        read_policy_file(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(PolicyFileError, match="不是普通文件"):
        read_policy_file(fifo)  # would block forever if it were opened


def test_an_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GB on paper, nothing on disk
    with pytest.raises(PolicyFileError, match="文件过大"):
        read_policy_file(huge)


def _zip(entries: dict[str, bytes], encrypted: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    if encrypted:
        # zipfile cannot encrypt; set the "encrypted" bit where an encrypting tool puts it, in every
        # local header (flags at +6) and central directory entry (flags at +8).
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            position = raw.find(signature)
            while position != -1:
                raw[position + offset] |= 0x1
                position = raw.find(signature, position + 4)
    return bytes(raw)


def test_hostile_docx_files_are_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("第一条 范围")
    real = io.BytesIO()
    document.save(real)
    with zipfile.ZipFile(real) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}

    bomb = _zip({**parts, "word/media/zeros.bin": bytes(300 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(PolicyFileError, match="解压后过大"):
        read_policy_bytes("bomb.docx", bomb)

    with pytest.raises(NotTextError, match="加密"):
        read_policy_bytes("locked.docx", _zip(parts, encrypted=True))

    broken = _zip({**parts, "word/document.xml": b"<w:document><w:body><w:p>"})
    with pytest.raises(NotTextError, match=r"不是有效的 \.docx"):
        read_policy_bytes("broken.docx", broken)
