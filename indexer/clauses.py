"""Split a policy's normalised text into clauses with stable ids (SPEC §3).

The split follows `HEADING_LEVELS`: headings open nested nodes, every other line is body text of the
deepest open node. A node with body text becomes a clause; a node with children and body text before
them (an article's lead-in) becomes a clause with the node's own id, followed by its children.
Every clause's text is a verbatim slice `source[start:end]` of the normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import PolicyStructureError
from indexer.headings import MARKDOWN_PREFIX, Depth, match_heading
from indexer.models import Clause, ParsedDocument, SourceText

PREAMBLE_ID = "序言"

_SENTENCE_END = "。！？；：，"
_TITLE_MAX_CHARS = 40
_ARTICLE_TITLE_MAX_CHARS = 30
_ATTACHMENT_LABEL = re.compile(r"^附件\s*[\d一二三四五六七八九十]*[:：]?$")
_DOCUMENT_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_MARKDOWN_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")
_EMPHASIS = re.compile(r"\*\*|__")


@dataclass(eq=False)
class _Node:
    depth: int
    id_part: str
    title: str = ""
    title_span: tuple[int, int] | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None


def parse_document(source: SourceText, doc_id: str, title: str | None = None) -> ParsedDocument:
    """Parse a source into a document; raise `PolicyStructureError` rather than return a partial one."""
    text = source.text
    lines = _content_lines(text)
    first = next(
        (i for i, (s, e) in enumerate(lines) if _opens_division(text[s:e])),
        None,
    )
    if first is None or not _has_article(text, lines[first:]):
        raise PolicyStructureError(source.name, "未找到任何“第X条”形式的条款，不像一份按条款编写的政策文件")

    title_lines, preamble_lines = _split_front_matter(text, lines[:first])
    root = _build_tree(text, lines[first:])

    clauses: list[Clause] = []
    if preamble_lines:
        start, end = preamble_lines[0][0], preamble_lines[-1][1]
        clauses.append(Clause(doc_id, PREAMBLE_ID, PREAMBLE_ID, PREAMBLE_ID, 1, text[start:end], start, end))
    for child in root.children:
        _emit(child, doc_id, text, clauses)

    seen: set[str] = set()
    for clause in clauses:
        if clause.clause_id in seen:
            raise PolicyStructureError(source.name, f"条款编号重复：{clause.clause_id}")
        seen.add(clause.clause_id)

    doc_title = title or _document_title(text, title_lines) or Path(source.name).stem
    return ParsedDocument(
        doc_id=doc_id,
        title=doc_title,
        source_name=source.name,
        source_text=text,
        sha256=source.sha256,
        clauses=tuple(clauses),
    )


def _content_lines(text: str) -> list[tuple[int, int]]:
    """Spans of non-blank lines, trimmed of surrounding (also full-width) spaces."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip(" \t\u3000")
        if stripped and not _MARKDOWN_RULE.match(stripped):
            start = offset + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def _opens_division(line: str) -> bool:
    found = match_heading(line)
    return found is not None and found.level.depth <= Depth.ARTICLE


def _has_article(text: str, lines: list[tuple[int, int]]) -> bool:
    for s, e in lines:
        found = match_heading(text[s:e])
        if found is not None and found.level.depth == Depth.ARTICLE:
            return True
    return False


def _is_title_like(line: str) -> bool:
    return len(line) <= _TITLE_MAX_CHARS and "。" not in line and line[-1] not in _SENTENCE_END


def _split_front_matter(
    text: str, lines: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Heading lines (附件1, the title, 征求意见稿) first, then the preamble paragraphs."""
    count = 0
    while count < len(lines) and _is_title_like(text[lines[count][0] : lines[count][1]]):
        count += 1
    return lines[:count], lines[count:]


def _document_title(text: str, title_lines: list[tuple[int, int]]) -> str:
    parts = []
    for s, e in title_lines:
        line = _EMPHASIS.sub("", text[s:e][MARKDOWN_PREFIX.match(text[s:e]).end() :]).strip()  # type: ignore[union-attr]
        if line and not _ATTACHMENT_LABEL.match(line) and not _DOCUMENT_NUMBER.search(line):
            parts.append(line)
    return "".join(parts)


def _build_tree(text: str, lines: list[tuple[int, int]]) -> _Node:
    root = _Node(depth=-1, id_part="")
    stack = [root]
    for s, e in lines:
        found = match_heading(text[s:e])
        if found is None:
            stack[-1].spans.append((s, e))
            continue
        depth = found.level.depth
        while stack[-1].depth >= depth:
            stack.pop()
        node = _Node(depth=depth, id_part=found.id_part, parent=stack[-1])
        stack[-1].children.append(node)
        stack.append(node)

        rest_start = s + found.rest_offset
        rest = text[rest_start:e]
        if not rest:
            continue
        if depth <= Depth.SECTION:
            node.title = _EMPHASIS.sub("", rest).strip()
        elif depth == Depth.ARTICLE and _is_article_title(rest):
            node.title = _EMPHASIS.sub("", rest).strip()
            node.title_span = (rest_start, e)
        else:
            node.spans.append((rest_start, e))
    return root


def _is_article_title(rest: str) -> bool:
    return len(rest) <= _ARTICLE_TITLE_MAX_CHARS and not any(ch in rest for ch in "。；！？")


def _emit(node: _Node, doc_id: str, text: str, out: list[Clause]) -> None:
    span: tuple[int, int] | None = None
    if node.spans:
        span = (node.spans[0][0], node.spans[-1][1])
    elif not node.children and node.title_span is not None:
        # "第十条 本措施自发布之日起施行" without a full stop reads as a title; it is the article's text.
        span = node.title_span
    if span is not None:
        division = _division(node)
        is_own_title = span == node.title_span
        out.append(
            Clause(
                doc_id=doc_id,
                clause_id=_clause_id(node),
                article=_division_id(division),
                title="" if is_own_title else division.title,
                order=len(out) + 1,
                text=text[span[0] : span[1]],
                start=span[0],
                end=span[1],
                headings=_headings(node, text),
            )
        )
    for child in node.children:
        _emit(child, doc_id, text, out)


def _chain(node: _Node) -> list[_Node]:
    chain = []
    current: _Node | None = node
    while current is not None and current.depth >= 0:
        chain.append(current)
        current = current.parent
    return chain[::-1]


def _division(node: _Node) -> _Node:
    """The article a node belongs to, else its innermost section or chapter."""
    chain = _chain(node)
    articles = [n for n in chain if n.depth == Depth.ARTICLE]
    if articles:
        return articles[0]
    return [n for n in chain if n.depth <= Depth.SECTION][-1]


def _division_id(division: _Node) -> str:
    if division.depth == Depth.SECTION:
        # Sections restart their numbering in every chapter.
        chapters = [n for n in _chain(division) if n.depth == Depth.CHAPTER]
        return "".join(n.id_part for n in chapters) + division.id_part
    return division.id_part


def _clause_id(node: _Node) -> str:
    division = _division(node)
    below = [n for n in _chain(node) if n.depth > division.depth]
    return _division_id(division) + "".join(n.id_part for n in below)


def _headings(node: _Node, text: str) -> tuple[str, ...]:
    labels = []
    for n in _chain(node):
        if n is node and n.depth > Depth.ARTICLE:
            break
        if n.depth <= Depth.ARTICLE:
            labels.append(f"{n.id_part} {n.title}".strip())
        else:
            labels.append(n.id_part + _first_sentence(text, n))
    return tuple(labels)


def _first_sentence(text: str, node: _Node) -> str:
    if not node.spans:
        return ""
    body = text[node.spans[0][0] : node.spans[0][1]]
    cut = re.search(r"[。；]", body)
    sentence = body[: cut.end()] if cut else body
    return sentence[:_ARTICLE_TITLE_MAX_CHARS]
