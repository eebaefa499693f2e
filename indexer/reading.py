"""Read .txt, .md and .docx policy files into `SourceText`, refusing anything that is not one."""

from __future__ import annotations

import codecs
import hashlib
import io
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from indexer.errors import (
    EmptyFileError,
    FileEncodingError,
    NotTextError,
    PolicyFileError,
    UnsupportedFileTypeError,
)
from indexer.models import SourceText
from indexer.normalize import control_character_ratio, normalize_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
MAX_FILE_BYTES = 20 * 1024 * 1024
# A .docx is a zip: its unpacked size is bounded too, so a small zip bomb cannot exhaust memory.
MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024

# Magic numbers of formats people rename to .txt by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "这是一个 PDF 文件，请先转换为 .txt 或 .docx"),
    (b"PK\x03\x04", "这是一个压缩包或 Office 文件，不是纯文本；Word 文件请以 .docx 扩展名上传"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word（.doc）等二进制文件，请另存为 .docx"),
    (b"\x89PNG", "这是一个图片文件"),
    (b"\xff\xd8\xff", "这是一个图片文件"),
    (b"{\\rtf", "这是 RTF 文件，请另存为 .docx 或 .txt"),
)


def read_policy_file(path: Path) -> SourceText:
    """Read one policy file; raise a `PolicyFileError` naming the file and the reason when refused.

    The file is looked at before it is read: a directory, a device or a FIFO, or a file over the size
    limit is refused without reading a byte of it.
    """
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise PolicyFileError(name, "文件不存在") from exc
    except OSError as exc:
        raise PolicyFileError(name, f"无法读取文件（{exc.strerror}）") from exc
    if stat.S_ISDIR(info.st_mode):
        raise PolicyFileError(name, "这是一个目录，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise PolicyFileError(name, "不是普通文件")
    _check_suffix(name)
    _check_size(name, info.st_size)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyFileError(name, f"无法读取文件（{exc.strerror}）") from exc
    return _read(name, raw)


def read_policy_bytes(name: str, raw: bytes) -> SourceText:
    """Decode an uploaded file's bytes; the suffix of `name` selects the reader."""
    _check_suffix(name)
    return _read(name, raw)


def _check_suffix(name: str) -> None:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise UnsupportedFileTypeError(name, f"不支持的文件类型 {shown}，仅支持 .txt、.md、.docx")


def _check_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise PolicyFileError(name, f"文件过大（超过 {MAX_FILE_BYTES // (1024 * 1024)} MB）")


def _read(name: str, raw: bytes) -> SourceText:
    _check_size(name, len(raw))
    if not raw.strip():
        raise EmptyFileError(name, "文件为空")
    is_docx = Path(name).suffix.lower() == ".docx"
    text = normalize_text(_docx_text(name, raw) if is_docx else _decode_text(name, raw))
    if not text.strip():
        raise EmptyFileError(name, "文件中没有文字内容")
    return SourceText(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest())


def _decode_text(name: str, raw: bytes) -> str:
    for signature, reason in _BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise NotTextError(name, reason)
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(name, raw[len(codecs.BOM_UTF8) :], "utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(name, raw, "utf-16")
    if b"\x00" in raw:
        raise NotTextError(name, "文件包含二进制内容，不是文本文件")
    # Chinese offices still send GBK files; GB18030 is its superset, so it is the fallback after UTF-8.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = _strict(name, raw, "gb18030")
    if control_character_ratio(text) > 0.01:
        raise NotTextError(name, "文件包含大量控制字符，不是文本文件")
    return text


def _strict(name: str, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileEncodingError(name, "无法识别文件编码（支持 UTF-8、UTF-16、GBK/GB18030）") from exc


def _docx_text(name: str, raw: bytes) -> str:
    """Paragraphs in document order, one line each; a table row is one line, its cells joined by tabs."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    _check_docx_archive(name, raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise NotTextError(name, "不是有效的 .docx 文件（可能已损坏，或是改了扩展名的其他文件）") from exc
    lines: list[str] = []
    _walk_blocks(name, document.iter_inner_content(), lines)
    return "\n".join(lines)


def _check_docx_archive(name: str, raw: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise NotTextError(name, "不是有效的 .docx 文件（可能已损坏，或是改了扩展名的其他文件）") from exc
    if any(member.flag_bits & 0x1 for member in members):
        raise NotTextError(name, "文件已加密，请先取消密码保护再上传")
    if sum(member.file_size for member in members) > MAX_DOCX_UNPACKED_BYTES:
        raise PolicyFileError(name, "文件解压后过大，不像一份政策文件")


def _walk_blocks(name: str, blocks: Iterable[object], lines: list[str]) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip() and _is_auto_numbered(block):
                # Word keeps such numbers out of the text: the items would merge without a word of warning.
                raise PolicyFileError(
                    name,
                    f"段落“{block.text.strip()[:20]}”使用了 Word 自动编号，编号不在文字中；"
                    "请先把自动编号转为文字（或另存为 .txt）再上传",
                )
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                # A merged cell appears once per grid position it spans. Compare the lxml elements by
                # identity while the kept cells hold them alive (an id() of a freed proxy is reused).
                cells: list[Any] = []
                for cell in row.cells:
                    if not any(cell._tc is seen._tc for seen in cells):
                        cells.append(cell)
                if len(cells) == 1:
                    _walk_blocks(name, cells[0].iter_inner_content(), lines)
                else:
                    lines.append("\t".join(" ".join(cell.text.split()) for cell in cells))


def _is_auto_numbered(paragraph: object) -> bool:
    """Whether Word numbers this paragraph itself, directly or through its style (numId 0 means none)."""
    from docx.oxml.ns import qn

    candidates = [paragraph._p.pPr]  # type: ignore[attr-defined]
    style = paragraph.style  # type: ignore[attr-defined]
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for properties in candidates:
        if properties is None:
            continue
        numbering = properties.find(qn("w:numPr"))
        if numbering is not None:
            num_id = numbering.find(qn("w:numId"))
            return num_id is None or num_id.get(qn("w:val")) != "0"
    return False
