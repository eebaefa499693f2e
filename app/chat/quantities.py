"""Amounts, counts and ranks in the words people write them, found in a question with their positions.

Pure functions over text. Numerals in any mix of Arabic digits (half- or full-width, with thousands
separators and decimals) and Chinese numerals are read by cn2an; units 万 and 亿 (also 千万, 百万, 个亿
and a trailing w) scale them. Examples live in tests/app/chat/test_quantities.py: keeping literal
policy-style figures out of app/ lets a check flag any figure that leaks into code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import cn2an

_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNIT = "十拾百佰千仟万亿"
# A numeral starts with a digit or a Chinese digit (or 十): "千万不要" and "万一" are not amounts. Inside a
# Chinese numeral a digit follows a unit or 零, so "一个排第一一个" reads 一, not 一一.
_NUMBER = (
    rf"(?:\d[\d,]*(?:\.\d+)?"
    rf"|[{_CN_DIGITS}十拾](?:[{_CN_UNIT}]|[零〇](?=[{_CN_DIGITS}])|(?<=[{_CN_UNIT}零〇])[{_CN_DIGITS}])*)"
)
_AMOUNT = re.compile(
    rf"(?P<number>{_NUMBER})\s*(?P<scale>个?亿|千万|百万|十万|万|w(?![a-z]))?\s*(?P<yuan>元|块钱|块)?",
    re.IGNORECASE,
)
# Not inside a longer numeral, and not an ordinal or a top-N ("第二十项", "前三项").
_COUNT = re.compile(
    rf"(?<![第前排\d.,{_CN_DIGITS}{_CN_UNIT}])(?P<number>{_NUMBER})\s*个?\s*(?P<unit>项|款|家|件|次|年|笔|套|个)",
)
_RANK_AFTER = re.compile(
    rf"(?:(?:排名|名列|位列)\s*(?:第\s*)?|(?:排在?|列)\s*第\s*)(?P<number>{_NUMBER})(?:\s*(?:名|位))?"
)
_RANK_BEFORE = re.compile(rf"第\s*(?P<number>{_NUMBER})\s*(?:名|位|起草单位|完成单位|单位)")
# "前三", "前3名" — but "前三年" and "前两次" are spans of time and counts, not places.
_TOP = re.compile(rf"前\s*(?P<number>{_NUMBER})(?:\s*(?:名|位))?(?!\s*(?:年|个|月|天|次|季|批|项|周))")
_CALENDAR_YEARS = (1900, 2199)
_SCALES = {"万": 10_000, "十万": 100_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000}


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money: `yuan` whole yuan, at text[start:end]."""

    yuan: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    unit: str  # the classifier as written: 项, 款, 个, 年 …
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Rank:
    """A place in an order: `value` 2 for 第二名; `top` for 前三 (any place up to `value`)."""

    value: int
    top: bool
    start: int
    end: int


def fold_digits(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width, one character for one: offsets stay."""
    out = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char)
        out.append(folded if len(folded) == 1 else char)
    return "".join(out)


def number_value(text: str) -> int | float | None:
    """The value of a numeral ("12", "1,500", "1.5", "十二", "两千五百", "1千5百"), or None."""
    cleaned = fold_digits(text).replace(",", "").replace("，", "").strip()
    if not cleaned:
        return None
    try:
        if re.fullmatch(r"\d+", cleaned):
            return int(cleaned)
        if re.fullmatch(r"\d+\.\d+", cleaned):
            return float(cleaned)
        value = cn2an.cn2an(cleaned.replace("两", "二"), "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if float(value).is_integer() else float(value)


def find_amounts(text: str) -> list[Amount]:
    """Every sum of money in `text`: a number with 万/亿 (or 千万, 百万, 个亿, w) or with 元/块."""
    folded = fold_digits(text)
    amounts = []
    for match in _AMOUNT.finditer(folded):
        scale_word = (match.group("scale") or "").replace("个", "").lower()
        spelled_scale = re.search("[万亿]", match.group("number")) is not None  # 八百万, 一亿二千万
        if not scale_word and not match.group("yuan") and not spelled_scale:
            continue  # a bare number is not money
        yuan = _yuan(match.group("number"), scale_word)
        if yuan is not None:
            amounts.append(Amount(yuan, match.start(), match.end()))
    return amounts


def _yuan(number: str, scale_word: str) -> int | None:
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", number):
        digits = number.replace(",", "")
        whole, _, fraction = digits.partition(".")
        scale = _SCALES.get("万" if scale_word == "w" else scale_word, 1)
        # Exact: 1.5 × 亿 in integers, never through a float.
        numerator = int(whole + fraction) * scale
        denominator = 10 ** len(fraction)
        return numerator // denominator if numerator % denominator == 0 else None
    # A Chinese numeral carries its own 万/亿 ("一亿二千万"); a trailing unit scales what precedes it.
    value = number_value(number + ("万" if scale_word == "w" else scale_word))
    if value is None:
        return None
    return int(value) if float(value).is_integer() else None


def find_counts(text: str) -> list[Count]:
    """Numbers of things: "3项", "两项", "六个", "3款", "连续2年"; not ranks ("第二个") nor money."""
    folded = fold_digits(text)
    money = [(a.start, a.end) for a in find_amounts(text)]
    counts = []
    for match in _COUNT.finditer(folded):
        if any(start <= match.start() < end for start, end in money):
            continue
        value = number_value(match.group("number"))
        if not isinstance(value, int):
            continue
        if match.group("unit") == "年" and _CALENDAR_YEARS[0] <= value <= _CALENDAR_YEARS[1]:
            continue  # a calendar year ("2024年"), not a number of years
        counts.append(Count(value, match.group("unit"), match.start(), match.end()))
    return counts


def find_ranks(text: str) -> list[Rank]:
    """Places in an order: "排名第二", "排第2", "第二名", "列第3位", "第一起草单位"; "前三" as a top."""
    folded = fold_digits(text)
    found: dict[tuple[int, int], Rank] = {}
    for pattern, top in ((_RANK_AFTER, False), (_RANK_BEFORE, False), (_TOP, True)):
        for match in pattern.finditer(folded):
            value = number_value(match.group("number"))
            if not isinstance(value, int) or value < 1:
                continue
            if any(s <= match.start() < e or match.start() <= s < match.end() for s, e in found):
                continue  # one place, read once ("排名第二名")
            found[(match.start(), match.end())] = Rank(value, top, match.start(), match.end())
    return sorted(found.values(), key=lambda rank: rank.start)
