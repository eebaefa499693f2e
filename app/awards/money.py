"""Money as the policy writes it — "N万元", "N万", "N.N亿元", "N%" — and back.

Exact throughout: figures become integer yuan or `Decimal` rates, never floats.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MONEY = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>亿|万)?\s*元?$")
_PERCENT = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*%$")
_UNITS = {"亿": 100_000_000, "万": 10_000, None: 1}
_YUAN_PER_WAN = 10_000
_YUAN_PER_YI = 100_000_000

# Every money figure and rate as it appears in policy text; used to find the figures a rule must claim.
POLICY_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:亿|万)元?|\d+(?:\.\d+)?%")


class MoneyFormatError(ValueError):
    pass


def parse_money(text: str) -> int:
    """ "N万元" → N × 10_000 yuan; the result must be a whole number of yuan."""
    found = _MONEY.match(text.strip())
    if found is None:
        raise MoneyFormatError(f"“{text}”不是金额")
    try:
        value = Decimal(found.group("number")) * _UNITS[found.group("unit")]
    except InvalidOperation as exc:
        raise MoneyFormatError(f"“{text}”不是金额") from exc
    if value != value.to_integral_value():
        raise MoneyFormatError(f"“{text}”不是整元金额")
    return int(value)


def parse_rate(text: str) -> Decimal:
    """ "N%" → Decimal(N) / 100."""
    found = _PERCENT.match(text.strip())
    if found is None:
        raise MoneyFormatError(f"“{text}”不是百分比")
    return Decimal(found.group("number")) / 100


def format_money(yuan: int) -> str:
    """Written the way the policy writes amounts: in 万元, in 亿元 from one 亿, in 元 below one 万."""
    if yuan < 0:
        return "-" + format_money(-yuan)
    if yuan >= _YUAN_PER_YI and (yuan * 10_000) % _YUAN_PER_YI == 0:
        return f"{_trim(Decimal(yuan) / _YUAN_PER_YI)}亿元"
    if yuan >= _YUAN_PER_WAN:
        return f"{_trim(Decimal(yuan) / _YUAN_PER_WAN)}万元"
    return f"{yuan}元"


def format_rate(rate: Decimal) -> str:
    return f"{_trim(rate * 100)}%"


def _trim(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
