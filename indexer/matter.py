"""What surrounds the articles: the title lines and preamble before them, the back matter after them.

Front: the leading lines that read like headings (附件1, the title, （征求意见稿）) are the document title;
the paragraphs after them, up to the first 章 or 条, are the preamble. Back: an attachment list, the
issuing office and the date (西城区数据局 / 2025年3月1日 / （此件公开发布）) belong to no article.
"""

from __future__ import annotations

import re

from indexer.headings import markdown_prefix_length, match_heading, opens_division, strip_emphasis

Span = tuple[int, int]

_TITLE_MAX_CHARS = 80
# Headings carry no sentence punctuation; a preamble sentence always has some, even without a final 。.
_SENTENCE_PUNCTUATION = frozenset("，。；：！？,;:!?")
_ATTACHMENT_LABEL = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*$")
_DOCUMENT_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_ADOPTION_NOTE = re.compile(r"^[（(].*\d{4}\s*年.*[）)]$")
_TABLE_OF_CONTENTS = re.compile(r"^目\s*录$")

# Back matter starts at an attachment list ("附件：", "附件1") or a date line closing the document.
_ATTACHMENT_START = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*(?:[:：]|$)")
_DATE_LINE = re.compile(
    r"^[（(]?(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*(?:印发|发布)?[）)]?$"
)
# "（此件公开发布）", "（此件主动公开）" after a cover notice's date.
_NOTE_LINE = re.compile(r"^[（(]此件.*[）)]$")
_ISSUER_MAX_LINES = 3
_ISSUER_MAX_CHARS = 30


def is_title_like(line: str, max_chars: int = _TITLE_MAX_CHARS) -> bool:
    return 0 < len(line) <= max_chars and not (_SENTENCE_PUNCTUATION & set(line))


def split_front_matter(text: str, lines: list[Span]) -> tuple[list[Span], list[Span]]:
    """(title lines, preamble lines) of the lines before the first 章 or 条.

    A cover notice (关于印发…的通知, 主送, issuer, date) may precede the policy: it ends with a date line,
    and the policy's own title and preamble follow it.
    """
    dates = [i for i, span in enumerate(lines) if _DATE_LINE.match(_plain(text, span))]
    if dates:
        lines = lines[dates[-1] + 1 :]
        while lines and _NOTE_LINE.match(_plain(text, lines[0])):
            lines = lines[1:]
    count = 0
    while count < len(lines) and is_title_like(_plain(text, lines[count])):
        count += 1
    return lines[:count], lines[count:]


def document_title(text: str, title_lines: list[Span]) -> str:
    parts = []
    for span in title_lines:
        line = _plain(text, span)
        if (
            _ATTACHMENT_LABEL.match(line)
            or _DOCUMENT_NUMBER.search(line)
            or _ADOPTION_NOTE.match(line)
            or _TABLE_OF_CONTENTS.match(line)
        ):
            continue
        parts.append(line)
    return "".join(parts)


def strip_back_matter(text: str, lines: list[Span]) -> list[Span]:
    """The lines of the articles, without an attachment list or the issuer-and-date block after them."""
    end = len(lines)
    for index, span in enumerate(lines):
        if index > 0 and _ATTACHMENT_START.match(_plain(text, span)):
            end = index
            break
    dates = [i for i in range(1, end) if _DATE_LINE.match(_plain(text, lines[i]))]
    if dates and not any(opens_division(text[s:e]) for s, e in lines[dates[-1] : end]):
        start = dates[-1]
        # The issuing office stands on the lines just above the date.
        while (
            start - 1 > 0
            and dates[-1] - (start - 1) <= _ISSUER_MAX_LINES
            and is_title_like(_plain(text, lines[start - 1]), _ISSUER_MAX_CHARS)
            and match_heading(_plain(text, lines[start - 1])) is None
        ):
            start -= 1
        end = min(end, start)
    return lines[:end]


def _plain(text: str, span: Span) -> str:
    line = text[span[0] : span[1]]
    return strip_emphasis(line[markdown_prefix_length(line) :])
