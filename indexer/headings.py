"""The ordered table of heading levels that drives the clause split (第X章 / 第X节 / 第X条 / （一） / 1. / （1）).

A line opens a heading when it starts with one of these markers. Depth orders them: a heading closes every
open heading of equal or greater depth. Markdown decoration (`## `, `**`) in front of a marker is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

_CN_NUM = r"[零〇一二三四五六七八九十百千两\d]+"
_CN_SMALL = r"[一二三四五六七八九十]+"

# Markdown heading/quote/emphasis a converter may put before a marker.
MARKDOWN_PREFIX = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]*)?(?:\*\*|__)?")


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

    def id_part(self, number: str) -> str:
        return self.id_format.format(number)


HEADING_LEVELS: tuple[HeadingLevel, ...] = (
    HeadingLevel(Depth.CHAPTER, re.compile(rf"第(?P<num>{_CN_NUM})章(?:\*\*|__)?[\s:：]*"), "第{}章"),
    HeadingLevel(Depth.SECTION, re.compile(rf"第(?P<num>{_CN_NUM})节(?:\*\*|__)?[\s:：]*"), "第{}节"),
    # 条 must be followed by a separator or the line end, so "第一条规定" inside prose is not a heading.
    HeadingLevel(Depth.ARTICLE, re.compile(rf"第(?P<num>{_CN_NUM})条(?:\*\*|__)?(?:[\s:：]+|$)"), "第{}条"),
    HeadingLevel(Depth.ITEM, re.compile(rf"[（(](?P<num>{_CN_SMALL})[）)](?:\*\*|__)?\s*"), "（{}）"),
    # "1." but not "1.5亿元".
    HeadingLevel(Depth.SUBITEM, re.compile(r"(?P<num>\d{1,3})[.．、](?!\d)(?:\*\*|__)?\s*"), "{}."),
    HeadingLevel(Depth.POINT, re.compile(r"[（(](?P<num>\d{1,3})[）)](?:\*\*|__)?\s*"), "（{}）"),
)


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    level: HeadingLevel
    id_part: str
    rest_offset: int  # offset of the text after the marker, relative to the line start


def match_heading(line: str) -> HeadingMatch | None:
    """The heading a line opens, if any. `line` has no leading whitespace."""
    prefix = MARKDOWN_PREFIX.match(line)
    skip = prefix.end() if prefix else 0
    for level in HEADING_LEVELS:
        found = level.pattern.match(line, skip)
        if found:
            return HeadingMatch(level, level.id_part(found.group("num")), found.end())
    return None
