"""Amounts, counts and ranks in the words people write them, found in a question with their positions.

Pure functions over text. Numerals in any mix of Arabic digits (half- or full-width, with thousands
separators and decimals) and Chinese numerals are read whole by cn2an, units included (万, 亿, 千万, 个亿);
a decimal before a unit is scaled exactly here. The "w" shorthand is not read: it is also a wattage.
Examples live in tests/app/chat/test_quantities.py: keeping literal policy-style figures out of app/
lets a check flag any figure that leaks into code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import cn2an

_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNIT = "十拾百佰千仟万亿"
# A numeral starts with a digit or a Chinese digit (or 十): "千万不要" and "万一" are not amounts. Inside a
# Chinese numeral a digit follows a unit or 零, so "一个排第一一个" reads 一, not 一一.
_NUMBER = (
    rf"(?:\d[\d,]*(?:\.\d+)?"
    rf"|[{_CN_DIGITS}十拾](?:[{_CN_UNIT}]|[零〇](?=[{_CN_DIGITS}])|(?<=[{_CN_UNIT}零〇])[{_CN_DIGITS}])*)"
)
# The same, for the readers elsewhere that take a number out of a phrase of their own ("前两年", "连续三年").
NUMERAL = _NUMBER
# Money: the whole run of numeral characters (digits, Chinese digits and units, a decimal point, thousands
# commas), so "1亿5千万", "1千5百万" and "一点五亿" are read whole, then 个亿 and 元/块钱. It starts with a digit,
# a Chinese digit or 十 and is not the tail of a longer number.
_NUMERAL_CHARS = rf"\d,.点{_CN_DIGITS}{_CN_UNIT}"
_AMOUNT = re.compile(
    rf"(?<![{_NUMERAL_CHARS}])(?P<number>[\d{_CN_DIGITS}十拾][{_NUMERAL_CHARS}]*?)"
    rf"\s*(?P<scale>个亿)?\s*(?P<yuan>元|块钱|块(?![\u4e00-\u9fffA-Za-z]))?"
    rf"(?![{_NUMERAL_CHARS}])"
)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+")
# A currency named beside a bare number, as people who write in English do: "RMB 2,500,000", "¥300000".
_CURRENCY_BEFORE = re.compile(r"(?:RMB|CNY|rmb|cny|¥|￥)\s*$")
_CURRENCY_AFTER = re.compile(r"\s*(?:RMB|CNY|rmb|cny|yuan)(?![A-Za-z])")
# Where a sentence ends, for the readers that take a question a sentence at a time.
SENTENCE_END = re.compile(r"[。；！？;!?\n]")
# Between the ends of a range: "300到400万", "30%-40%".
RANGE_MARK = r"(?:到|至|-|~|～|—|－)"
# The low end of a range that shares the high end's unit: the "300" of "300到400万" is 300万, the "三" of
# "三到五百万" 三百万, the "三十" of "三十到五十万" 三十万.
_RANGE_THEN_SCALED = re.compile(
    rf"\s*{RANGE_MARK}\s*[\d{_CN_DIGITS}十拾][{_NUMERAL_CHARS}]*?(?P<inner>[十百千拾佰仟]?)"
    rf"(?P<units>[万亿]+)(?![{_NUMERAL_CHARS}])"
)
# The first of two amounts added up that shares the second's unit: the "100" of "100+50万" is 100万.
_SUM_THEN_SCALED = re.compile(
    rf"\s*(?:\+|＋|加上|加)\s*[\d{_CN_DIGITS}十拾][{_NUMERAL_CHARS}]*?(?P<inner>)(?P<units>[万亿]+)(?![{_NUMERAL_CHARS}])"
)
_DECIMAL_SCALED = re.compile(
    rf"^(?P<whole>\d+|[{_CN_DIGITS}十拾]+)[.点](?P<fraction>\d+|[{_CN_DIGITS}]+)(?P<units>[十拾百佰千仟万亿]*)$"
)
_ELIDED_AFTER_YI = re.compile(rf"(?P<head>.+亿)(?P<digit>[{_CN_DIGITS}1-9])")
_UNIT_VALUES = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
    "万": 10_000,
    "亿": 100_000_000,
}
# What a count of things added up is counted in: "这两个加起来", "三项合起来", "两者都加上". Read from both
# sides: after the count when slots.py reads how many, before the total when topic.py asks which earlier
# measures a total adds.
ADDED_UP_COUNTERS = "个项款块者笔边样案"
# Not inside a longer numeral, and not an ordinal or a top-N ("第二十项", "前三项").
_COUNT = re.compile(
    rf"(?<![第前排\d.,{_CN_DIGITS}{_CN_UNIT}])(?P<number>{_NUMBER})\s*个?\s*(?P<unit>项|款|家|件|次|年|笔|套|个)(?![月人小时星期工作日天周])",
)
_RANK_AFTER = re.compile(
    # Not after 分别: "排名分别是第一和第三" are several places, read as a list or not at all.
    rf"(?:(?:排名|名列|位列)\s*(?:都|均|也)?\s*(?:是|为)?\s*(?:第\s*)?|(?:排在?|列)\s*第\s*)(?P<number>{_NUMBER})"
    r"(?:\s*(?:名|位))?"
)
_RANK_UNIT = r"(?:名|位|起草单位|完成单位|单位)"
# "排第二和第三", "排名分别是第2和第4": places listed after a word for ranking, each with its 第, no unit after.
_RANK_LIST_AFTER_WORD = re.compile(
    rf"(?:排名|名次|名列|位列|分别|排在?|列)[^，。；！？\d{_CN_DIGITS}]{{0,3}}?"
    rf"第\s*{_NUMBER}(?:\s*[、和及与跟]\s*第\s*{_NUMBER})+"
)
_RANK_BEFORE = re.compile(rf"第\s*(?P<number>{_NUMBER})\s*{_RANK_UNIT}")
# "分别是第二、第三起草单位": places listed before the word they share.
_RANK_LIST = re.compile(rf"第\s*{_NUMBER}(?:\s*[、和及与]\s*第?\s*{_NUMBER})+\s*{_RANK_UNIT}")
_LISTED_NUMBER = re.compile(_NUMBER)
# "第二" with nothing after it that makes it an article, a time, a count or a place already read ("第二条",
# "第二次", "第二年", "第二名"): a place only where what it ranks stands right before it ("国家标准第二").
_BARE_ORDINAL = re.compile(
    rf"第\s*(?P<number>{_NUMBER})"
    r"(?!\s*(?:[条款项次年个批届季期章节页天月号轮家笔名位部类种级档等版阶方稿步段线梯]|起草|完成|单位|[\d.]))"
)
# "前三", "前3名" — but "前三年" and "前两次" are spans of time and counts, not places.
_TOP = re.compile(rf"前\s*(?P<number>{_NUMBER})(?:\s*(?:名|位))?(?!\s*(?:年|个|月|天|次|季|批|项|周))")
_CALENDAR_YEARS = (1900, 2199)
# Shares of a whole: "X%", "百分之X", "N成", "N分之M", "一半".
_SHARE = re.compile(
    rf"(?P<percent>\d+(?:\.\d+)?)\s*[%％]"
    rf"|百分之(?P<hundredths>{_NUMBER})"
    rf"|(?<![{_CN_DIGITS}\d])(?P<tenths>[一二两三四五六七八九\d])\s*成(?![本员立功为果绩交熟])(?!不变)"
    rf"|(?P<denominator>{_NUMBER})分之(?P<numerator>{_NUMBER})"
    rf"|(?P<half>一半|半数)"
)


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
class Share:
    """A part of a whole, exactly: `value` the exact fraction (N成 is N tenths, X% X hundredths)."""

    value: Fraction
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
    """Full-width digits and Latin letters to half-width, one character for one, so offsets stay.

    Punctuation is left alone: a full-width comma separates items ("五百，六百万"), it is no thousands mark.
    """
    return text.translate(_FULL_WIDTH)


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)} | {
    code: code - 0xFEE0 for code in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}


def number_value(text: str) -> int | Decimal | None:
    """The exact value of a numeral ("12", "1,500", "1.5", "十二", "两千五百", "1千5百", "十五点五"), or None."""
    cleaned = fold_digits(text).strip()
    if not cleaned:
        return None
    if "," in cleaned:
        digits = re.match(r"[\d,]*", cleaned)
        if digits is None or not _GROUPED.fullmatch(digits.group()) or "," in cleaned[digits.end() :]:
            return None  # "1,5" is no number; thousands marks only in a leading run of digits
        cleaned = cleaned.replace(",", "")
    try:
        if re.fullmatch(r"\d+", cleaned):
            return int(cleaned)
        if re.fullmatch(r"\d+\.\d+", cleaned):
            return Decimal(cleaned)
        if elided := _ELIDED_AFTER_YI.fullmatch(cleaned):
            # "两亿五" is 2.5亿: the digit after the last unit counts the unit below it. cn2an reads this
            # after 万, 千 and 百 ("三万五", "一千二") but fails after 亿.
            head = number_value(elided.group("head"))
            digit = number_value(elided.group("digit"))
            if head is None or digit is None or isinstance(head, Decimal):
                return None
            return head + int(digit) * 10_000_000
        value = cn2an.cn2an(cleaned.replace("两", "二"), "smart")
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        return None
    exact = Decimal(str(value))
    return int(exact) if exact == exact.to_integral_value() else exact


# 万 as people type it in a Latin letter after a numeral: "投资1200w", "五百W元" — only right after a word of
# money (or before 元), since "投了3台5kW的UPS" is power. One letter stands for one character, so offsets into
# the text stay.
_LATIN_SCALE = re.compile(
    rf"(?P<number>[\d{_CN_DIGITS}{_CN_UNIT}][\d.{_CN_DIGITS}{_CN_UNIT}]*)[wW](?![A-Za-z])"
)
_MONEY_BEFORE_LATIN = re.compile(
    r"(投资|投入|投了|花了|花费|金额|预算|营收|收入|融资|贷款|合同|订单|费用|成本|奖励|补贴|资金|总额|额度|估值|土建|拿了|拿到|给了)"
    r"(?:了|的|是|为|约|近|达|共|额)?\s*$"
)


def _latin_scales(text: str) -> str:
    def scaled(match: re.Match[str]) -> str:
        money = _MONEY_BEFORE_LATIN.search(text, max(0, match.start() - 6), match.start()) or text.startswith(
            ("元", "块"), match.end()
        )
        return match.group("number") + "万" if money else match.group()

    return _LATIN_SCALE.sub(scaled, text)


# Before a number of 块 that counts pieces: "分两块", "分成三块", "拆成两块".
_PIECES_BEFORE = re.compile(r"(?:分|分成|拆成|切成|拆分成|分为)\s*$")


def find_amounts(text: str) -> list[Amount]:
    """Every sum of money in `text`: a numeral with 万 or 亿 in it (or w), or followed by 元 or 块钱."""
    folded = _latin_scales(fold_digits(text))
    amounts = []
    for match in _AMOUNT.finditer(folded):
        number = match.group("number").rstrip(",.点")
        scaled = bool(match.group("scale")) or re.search("[万亿]", number) is not None
        if (
            not scaled
            and not match.group("yuan")
            and (
                high := _RANGE_THEN_SCALED.match(folded, match.end())
                or _SUM_THEN_SCALED.match(folded, match.end())
            )
        ):
            inner = "" if re.search("[十百千拾佰仟]", number) else high.group("inner")
            number += inner + high.group("units")
            scaled = True
        currency = _CURRENCY_BEFORE.search(folded, 0, match.start()) or _CURRENCY_AFTER.match(
            folded, match.end()
        )
        if not scaled and not match.group("yuan") and not currency:
            continue  # a bare number is not money ("3个人", "2024年"); "RMB 2,500,000" is
        if not scaled and match.group("yuan") == "块" and _PIECES_BEFORE.search(folded, 0, match.start()):
            continue  # "费用分两块：": pieces, not two yuan
        yuan = _yuan(number + ("亿" if match.group("scale") else ""))
        if yuan is not None:
            amounts.append(Amount(yuan, match.start(), match.start() + len(match.group(0).rstrip())))
    return amounts


def _yuan(number: str) -> int | None:
    """Whole yuan, exactly; None when the numeral is malformed or not a whole number of yuan."""
    decimal = _DECIMAL_SCALED.match(number)
    if decimal and decimal.group("units"):
        # "1.5千万", "一点五亿": cn2an reads no decimal before a unit, so scale the decimal ourselves.
        base = number_value(
            f"{decimal.group('whole')}.{decimal.group('fraction')}"
            if decimal.group("whole").isdigit()
            else f"{decimal.group('whole')}点{decimal.group('fraction')}"
        )
        if base is None:
            return None
        scale = 1
        for unit in decimal.group("units"):
            scale *= _UNIT_VALUES[unit]
        value = Decimal(base) * scale
    else:
        found = number_value(number)
        if found is None:
            return None
        value = Decimal(found)
    return int(value) if value == value.to_integral_value() and value >= 0 else None


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


def find_shares(text: str) -> list[Share]:
    """Parts of a whole between none and all of it: "占X%", "百分之X", "N成", "N分之M", "一半"."""
    folded = fold_digits(text)
    shares = []
    for match in _SHARE.finditer(folded):
        value: Fraction | None
        if match.group("half"):
            value = Fraction(1, 2)
        elif match.group("percent"):
            value = Fraction(Decimal(match.group("percent"))) / 100
        else:
            parts = [
                number_value(match.group(name) or "")
                for name in ("hundredths", "tenths", "numerator", "denominator")
            ]
            hundredths, tenths, numerator, denominator = parts
            if hundredths is not None:
                value = Fraction(Decimal(hundredths)) / 100
            elif tenths is not None:
                value = Fraction(Decimal(tenths)) / 10
            elif numerator is not None and denominator:
                value = Fraction(Decimal(numerator)) / Fraction(Decimal(denominator))
            else:
                value = None
        if value is not None and 0 <= value <= 1:
            shares.append(Share(value, match.start(), match.end()))
    return shares


def find_bare_ordinals(text: str) -> list[Rank]:
    """ "第二", "第3" standing alone: a place only when what it ranks is named right before it, which the
    caller knows ("国家标准第二，行业标准第一"); never a top."""
    folded = fold_digits(text)
    ordinals = []
    for match in _BARE_ORDINAL.finditer(folded):
        value = number_value(match.group("number"))
        if isinstance(value, int) and value >= 1:
            ordinals.append(Rank(value, False, match.start(), match.end()))
    return ordinals


def find_ranks(text: str) -> list[Rank]:
    """Places in an order: "排名第二", "排第2", "第二名", "列第3位", "第一起草单位"; "前三" as a top."""
    folded = fold_digits(text)
    found: dict[tuple[int, int], Rank] = {}
    lists = [*_RANK_LIST.finditer(folded), *_RANK_LIST_AFTER_WORD.finditer(folded)]
    for listed in lists:
        for match in _LISTED_NUMBER.finditer(folded, listed.start(), listed.end()):
            value = number_value(match.group())
            if isinstance(value, int) and value >= 1:
                found[(match.start(), match.end())] = Rank(value, False, match.start(), match.end())
    listed_spans = [(m.start(), m.end()) for m in lists]
    for pattern, top in ((_RANK_AFTER, False), (_RANK_BEFORE, False), (_TOP, True)):
        for match in pattern.finditer(folded):
            value = number_value(match.group("number"))
            if not isinstance(value, int) or value < 1:
                continue
            if any(s <= match.start() < e or match.start() <= s < match.end() for s, e in found):
                continue  # one place, read once ("排名第二名")
            if any(s <= match.start() < e for s, e in listed_spans):
                continue  # read with its list
            found[(match.start(), match.end())] = Rank(value, top, match.start(), match.end())
    return sorted(found.values(), key=lambda rank: rank.start)
