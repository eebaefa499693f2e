"""Split a policy's normalised text into clauses with stable ids (SPEC §3).

The split follows `HEADING_LEVELS`: headings open nested nodes, every other line is text of the deepest
open node. A node with text becomes a clause; a node whose text comes before its children (an article's
lead-in) becomes a clause with the node's own id, followed by its children. Items are single paragraphs,
as in Chinese legal drafting: a new paragraph after a finished item closes the enclosing node
(`第五条（续）`, or `第五条` when it has no lead-in). Every clause's text is the verbatim slice
`source[start:end]` of the normalised text, and clauses are numbered in the order they appear there.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import PolicyStructureError
from indexer.headings import Depth, match_heading, numeral_value, opens_division, strip_emphasis
from indexer.matter import Span, document_title, is_title_like, split_front_matter, strip_back_matter
from indexer.models import Clause, ParsedDocument, SourceText

PREAMBLE_ID = "序言"
CONTINUATION_SUFFIX = "（续）"
# Bump whenever the same file would split differently: stored documents are then parsed again.
PARSER_VERSION = 1

_ARTICLE_TITLE_MAX_CHARS = 40
_PARAGRAPH_END = frozenset("。！？")
_LABEL_MAX_CHARS = 30


@dataclass(eq=False)
class _Node:
    depth: int
    id_part: str
    number: str = ""
    title: str = ""
    title_span: Span | None = None
    awaiting_title: bool = False  # the heading line held only the marker
    spans: list[Span] = field(default_factory=list)  # text before any child: a lead-in, or a leaf's text
    trailing: list[Span] = field(default_factory=list)  # a closing paragraph after the children
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None


@dataclass(frozen=True, slots=True)
class _Draft:
    clause_id: str
    node: _Node
    span: Span
    headings: tuple[str, ...]


def parse_document(source: SourceText, doc_id: str, title: str | None = None) -> ParsedDocument:
    """Parse a source into a document; raise `PolicyStructureError` rather than return a partial one."""
    text = source.text
    lines = _content_lines(text)
    first = next((i for i, (s, e) in enumerate(lines) if opens_division(text[s:e])), None)
    if first is None:
        raise PolicyStructureError(source.name, "未找到任何“第X条”形式的条款，不像一份按条款编写的政策文件")
    title_lines, preamble_lines = split_front_matter(text, lines[:first])
    root = _build_tree(text, strip_back_matter(text, lines[first:]))
    _check_article_numbering(source.name, [n for n in _walk(root) if n.depth == Depth.ARTICLE])

    drafts: list[_Draft] = []
    for child in root.children:
        _collect(child, text, drafts)
    drafts.sort(key=lambda draft: draft.span[0])
    clauses: list[Clause] = []
    if preamble_lines:
        start, end = preamble_lines[0][0], preamble_lines[-1][1]
        clauses.append(Clause(doc_id, PREAMBLE_ID, PREAMBLE_ID, PREAMBLE_ID, 1, text[start:end], start, end))
    for draft in drafts:
        division = _division(draft.node)
        clauses.append(
            Clause(
                doc_id=doc_id,
                clause_id=draft.clause_id,
                article=_division_id(division),
                title=division.title,
                order=len(clauses) + 1,
                text=text[draft.span[0] : draft.span[1]],
                start=draft.span[0],
                end=draft.span[1],
                headings=draft.headings,
            )
        )

    seen: set[str] = set()
    for clause in clauses:
        if clause.clause_id in seen:
            raise PolicyStructureError(source.name, f"条款编号重复：{clause.clause_id}")
        seen.add(clause.clause_id)

    return ParsedDocument(
        doc_id=doc_id,
        title=title or document_title(text, title_lines) or Path(source.name).stem,
        source_name=source.name,
        source_text=text,
        sha256=source.sha256,
        clauses=tuple(clauses),
    )


def _content_lines(text: str) -> list[Span]:
    """Spans of non-blank lines, trimmed of surrounding (also full-width) spaces; markdown rules skipped."""
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip(" \t\u3000")
        if stripped and not set(stripped) <= set("-*_= \t"):
            start = offset + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def _build_tree(text: str, lines: list[Span]) -> _Node:
    root = _Node(depth=-1, id_part="")
    stack = [root]
    for s, e in lines:
        line = text[s:e]
        found = match_heading(line)
        top = stack[-1]
        if found is None:
            if top.awaiting_title and is_title_like(strip_emphasis(line), _ARTICLE_TITLE_MAX_CHARS):
                # 第一章 / 第一条 on a line of its own, its title on the next.
                top.title, top.title_span = strip_emphasis(line), (s, e)
            else:
                _add_text(stack, (s, e), text)
            top.awaiting_title = False
            continue

        top.awaiting_title = False
        depth = found.level.depth
        while stack[-1].depth >= depth:
            stack.pop()
        parent = stack[-1]
        if parent.trailing:
            _reattach_trailing(parent)
        node = _Node(depth=depth, id_part=found.id_part, number=found.number, parent=parent)
        parent.children.append(node)
        stack.append(node)

        rest_start = s + found.rest_offset
        rest = text[rest_start:e]
        if not rest:
            node.awaiting_title = depth <= Depth.ARTICLE
        elif depth <= Depth.SECTION:
            node.title = strip_emphasis(rest)
        elif depth == Depth.ARTICLE and is_title_like(strip_emphasis(rest), _ARTICLE_TITLE_MAX_CHARS):
            node.title, node.title_span = strip_emphasis(rest), (rest_start, e)
        else:
            node.spans.append((rest_start, e))

    for node in _walk(root):
        if node.depth == Depth.ARTICLE and node.title_span and not (node.spans or node.children):
            # "第十条 本措施自发布之日起施行" without a full stop reads like a title; it is the article's text.
            node.spans, node.title, node.title_span = [node.title_span], "", None
    return root


def _add_text(stack: list[_Node], span: Span, text: str) -> None:
    top = stack[-1]
    if top.children:
        top.trailing.append(span)
    elif top.depth > Depth.ARTICLE and top.spans and text[top.spans[-1][1] - 1] in _PARAGRAPH_END:
        stack.pop()
        _add_text(stack, span, text)
    else:
        top.spans.append(span)


def _reattach_trailing(node: _Node) -> None:
    """A paragraph between two items continues the item before it, not the enclosing node."""
    previous = node.children[-1]
    while previous.children:
        previous = previous.children[-1]
    target = previous.trailing if previous.trailing else previous.spans
    target.extend(node.trailing)
    node.trailing = []


def _walk(node: _Node) -> list[_Node]:
    nodes = [node]
    for child in node.children:
        nodes.extend(_walk(child))
    return nodes


def _check_article_numbering(source_name: str, articles: list[_Node]) -> None:
    if not articles:
        raise PolicyStructureError(source_name, "未找到任何“第X条”形式的条款，不像一份按条款编写的政策文件")
    try:
        numbers = [numeral_value(article.number) for article in articles]
    except ValueError as exc:
        raise PolicyStructureError(source_name, f"无法识别的条款编号（{exc}）") from exc
    if numbers[0] != 1:
        raise PolicyStructureError(
            source_name, f"第一个条款是{articles[0].id_part}而不是第一条，请上传完整的政策文件"
        )
    for (before, n_before), (after, n_after) in itertools.pairwise(zip(articles, numbers, strict=True)):
        if n_after != n_before + 1:
            raise PolicyStructureError(source_name, f"条款编号不连续：{before.id_part}之后是{after.id_part}")


def _collect(node: _Node, text: str, out: list[_Draft]) -> None:
    node_id = _clause_id(node)
    if node.spans:
        out.append(_Draft(node_id, node, (node.spans[0][0], node.spans[-1][1]), _headings(node, text)))
    for child in node.children:
        _collect(child, text, out)
    if node.trailing:
        closing_id = node_id + CONTINUATION_SUFFIX if node.spans else node_id
        headings = _headings(node, text)
        if node.depth > Depth.ARTICLE:
            headings += (_label(node, text),)
        out.append(_Draft(closing_id, node, (node.trailing[0][0], node.trailing[-1][1]), headings))


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
    """Chapter → section → article → parent items; an item's own label is not its heading."""
    return tuple(_label(n, text) for n in _chain(node) if n is not node or n.depth <= Depth.ARTICLE)


def _label(node: _Node, text: str) -> str:
    if node.depth <= Depth.ARTICLE:
        return f"{node.id_part} {node.title}".strip()
    if not node.spans:
        return node.id_part
    first = text[node.spans[0][0] : node.spans[0][1]]
    cut = next((i for i, ch in enumerate(first) if ch in "。；"), None)
    sentence = first[: cut + 1] if cut is not None else first
    return node.id_part + sentence[:_LABEL_MAX_CHARS]
