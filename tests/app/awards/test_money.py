from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.awards.money import MoneyFormatError, format_money, format_rate, parse_money, parse_rate


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("5000万元", 50_000_000),
        ("200万", 2_000_000),
        ("1.2亿元", 120_000_000),
        ("0.5亿", 50_000_000),
        ("12.5万元", 125_000),
        ("3000000元", 3_000_000),
        ("3000", 3_000),
    ],
)
def test_parse_money(text: str, yuan: int) -> None:
    assert parse_money(text) == yuan


@pytest.mark.parametrize("text", ["", "万元", "五百万", "1.23456万元", "-5万元", "30%"])
def test_parse_money_refuses(text: str) -> None:
    with pytest.raises(MoneyFormatError):
        parse_money(text)


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (500_000, "50万元"),
        (15_000_000, "1500万元"),
        (120_000_000, "1.2亿元"),
        (100_000_000, "1亿元"),
        (123_456_789, "12345.6789万元"),
        (2_499_999, "249.9999万元"),
        (9_999, "9999元"),
        (0, "0元"),
    ],
)
def test_format_money_writes_like_the_policy(yuan: int, text: str) -> None:
    assert format_money(yuan) == text


def test_rates() -> None:
    assert parse_rate("30%") == Decimal("0.3") and format_rate(Decimal("0.1")) == "10%"


@given(st.integers(min_value=0, max_value=10**12))
def test_formatting_round_trips_exactly(yuan: int) -> None:
    assert parse_money(format_money(yuan)) == yuan
