"""The ordered table of heading levels that drives the clause split: 第X章 / 第X节 / 第X条 / （一） / 1. / （1）.

A line opens a heading when it starts with one of these markers. Depth orders them: a heading closes every
open heading of equal or greater depth. Markdown decoration (`## `, `- `, `**`) in front of a marker is
ignored. A marker that is really a cross-reference — 第二章规定的…, （一）至（三）项… — opens nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

import cn2an

_CN_NUM = r"[零〇一二三四五六七八九十百千两\d０-９]+"
_CN_SMALL = r"[一二三四五六七八九十]+"
# After a division marker: a separator or the line end, so prose such as "第二章规定的" is no heading.
_DIVISION_END = r"(?:\*\*|__)?(?:[\s:：]+|$)"
# After an item marker: not a reference such as "（一）至（三）项", "（一）、（二）", "（二）项所列规定" —
# while items that start with 项目 or 款项 are ordinary items.
_NOT_A_REFERENCE = r"(?!\s*(?:[至到和或及与、]\s*[（(]|[项款][所规中的之]))"

_EMPHASIS = re.compile(r"\*\*|__")

# Markdown heading, quote, list bullet or emphasis a converter may put before a marker.
MARKDOWN_PREFIX = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]*|[-*+][ \t]+)?(?:\*\*|__)?")


class Depth(IntEnum):
    CHAPTER = 0
    SECTION = 1
    ARTICLE = 2
    ITEM = 3
    SUBITEM = 4
    POINT = 5


@dataclass(frozen=True, slots=True)
class HeadingLevel:
    depth: Depth
    pattern: re.Pattern[str]
    id_format: str  # how the marker is written in a clause id, from the captured number
    # Also accept the marker run together with a short title ("第二章附则"): the whole rest of the line
    # must be a title of at most this many characters without punctuation. 0: a separator is required.
    unspaced_title_chars: int = 0

    def id_part(self, number: str) -> str:
        return self.id_format.format(number)


HEADING_LEVELS: tuple[HeadingLevel, ...] = (
    HeadingLevel(Depth.CHAPTER, re.compile(rf"第\s*(?P<num>{_CN_NUM})\s*章{_DIVISION_END}"), "第{}章", 20),
    HeadingLevel(Depth.SECTION, re.compile(rf"第\s*(?P<num>{_CN_NUM})\s*节{_DIVISION_END}"), "第{}节", 20),
    HeadingLevel(Depth.ARTICLE, re.compile(rf"第\s*(?P<num>{_CN_NUM})\s*条{_DIVISION_END}"), "第{}条"),
    HeadingLevel(
        Depth.ITEM,
        re.compile(rf"[（(](?P<num>{_CN_SMALL})[）)]{_NOT_A_REFERENCE}(?:\*\*|__)?\s*"),
        "（{}）",
    ),
    # "1." "1、" and pandoc's escaped "1\." — but not "1.5亿元".
    HeadingLevel(Depth.SUBITEM, re.compile(r"(?P<num>\d{1,3})\\?[.．、](?!\d)(?:\*\*|__)?\s*"), "{}."),
    HeadingLevel(
        Depth.POINT,
        re.compile(rf"[（(](?P<num>\d{{1,3}})[）)]{_NOT_A_REFERENCE}(?:\*\*|__)?\s*"),
        "（{}）",
    ),
)


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    level: HeadingLevel
    number: str
    id_part: str
    rest_offset: int  # offset of the text after the marker, relative to the line start


def markdown_prefix_length(line: str) -> int:
    prefix = MARKDOWN_PREFIX.match(line)
    return prefix.end() if prefix else 0


def strip_emphasis(line: str) -> str:
    """The words of a heading without markdown bold (`**`, `__`) and surrounding spaces."""
    return _EMPHASIS.sub("", line).strip()


def opens_division(line: str) -> bool:
    """Whether a line opens a chapter, section or article (not an item)."""
    found = match_heading(line)
    return found is not None and found.level.depth <= Depth.ARTICLE


def match_heading(line: str) -> HeadingMatch | None:
    """The heading a line opens, if any. `line` has no leading whitespace."""
    skip = markdown_prefix_length(line)
    for level in HEADING_LEVELS:
        found = level.pattern.match(line, skip) or _unspaced(level, line, skip)
        if found:
            number = found.group("num")
            return HeadingMatch(level, number, level.id_part(number), found.end())
    return None


def _unspaced(level: HeadingLevel, line: str, skip: int) -> re.Match[str] | None:
    if not level.unspaced_title_chars:
        return None
    found = _UNSPACED_MARKERS[level.depth].match(line, skip)
    if found is None:
        return None
    rest = strip_emphasis(line[found.end() :])
    if len(rest) <= level.unspaced_title_chars and not (_PUNCTUATION & set(rest)):
        return found
    return None


_PUNCTUATION = frozenset("，。；：！？、,;:!?")
_UNSPACED_MARKERS = {
    Depth.CHAPTER: re.compile(rf"第\s*(?P<num>{_CN_NUM})\s*章(?:\*\*|__)?"),
    Depth.SECTION: re.compile(rf"第\s*(?P<num>{_CN_NUM})\s*节(?:\*\*|__)?"),
}


def numeral_value(number: str) -> int:
    """十一 → 11, 一百零一 → 101, 12 → 12 (also full-width digits)."""
    if number.isdigit():
        return int(number)
    return int(cn2an.cn2an(number, "smart"))
