"""Amounts, counts and ranks in every form people write them."""

from __future__ import annotations

from fractions import Fraction

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.chat.quantities import (
    find_amounts,
    find_bare_ordinals,
    find_counts,
    find_ranks,
    find_shares,
    fold_digits,
)

WAN = 10_000
YI = 100_000_000


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("800万", 800 * WAN),
        ("800万元", 800 * WAN),
        ("八百万", 800 * WAN),
        ("1.5亿元", 150_000_000),
        ("一亿二千万", 120_000_000),
        ("0.5亿", 50_000_000),
        ("3000000元", 3_000_000),
        ("2,500万", 2_500 * WAN),
        ("两个亿", 2 * YI),
        ("1千万", 1_000 * WAN),
        ("5百万", 500 * WAN),
        ("1亿5千万", 150_000_000),
        ("2亿3000万", 230_000_000),
        ("1千5百万", 1_500 * WAN),
        ("一点五亿", 150_000_000),
        ("零点五亿", 50_000_000),
        ("1.5千万", 1_500 * WAN),
        ("5千元", 5_000),
        ("1,500,000元", 1_500_000),
        ("50万块钱", 50 * WAN),
        ("１５００万", 1_500 * WAN),
        ("一千零五万", 1_005 * WAN),
        ("两亿五", 250_000_000),
        ("1亿6", 160_000_000),
        ("三万五", 35_000),
        ("一亿零五万", YI + 5 * WAN),
        # 万 typed as w, right after a word of money (投入 here) or before 元.
        ("1200w", 1_200 * WAN),
        ("五百W元", 500 * WAN),
    ],
)
def test_each_written_form_of_an_amount(text: str, yuan: int) -> None:
    (amount,) = find_amounts(f"我们今年投入{text}，能拿多少？")
    assert amount.yuan == yuan
    assert f"我们今年投入{text}，能拿多少？"[amount.start : amount.end] == text


@given(
    st.integers(min_value=1, max_value=99_999), st.sampled_from(["{n}万", "{n}万元", "{c}", "{g}万", "{w}万"])
)
def test_amounts_in_wan_read_back_exactly(n: int, form: str) -> None:
    text = form.format(n=n, c=cn2an.an2cn(n * WAN), g=f"{n:,}", w=_full_width(str(n)))
    amounts = find_amounts(f"项目总投资{text}，其中")
    assert [a.yuan for a in amounts] == [n * WAN]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9))
def test_decimal_yi_read_back_exactly(whole: int, tenth: int) -> None:
    assert [a.yuan for a in find_amounts(f"投资{whole}.{tenth}亿元")] == [whole * YI + tenth * YI // 10]


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=9))
def test_a_digit_after_yi_counts_ten_millions(yi: int, digit: int) -> None:
    """ "两亿五" is said for 2.5亿, as "三万五" is for 3.5万."""
    spoken = f"{cn2an.an2cn(yi)}亿{cn2an.an2cn(digit)}"
    assert [a.yuan for a in find_amounts(f"总投资{spoken}其中土建")] == [yi * YI + digit * YI // 10]


@pytest.mark.parametrize(
    ("text", "yuan"),
    [("actual spend RMB 2,500,000.", 2_500_000), ("¥300000", 300_000), ("1,200,000 RMB", 1_200_000)],
)
def test_a_currency_beside_a_bare_number_makes_it_money(text: str, yuan: int) -> None:
    assert [amount.yuan for amount in find_amounts(text)] == [yuan]


@pytest.mark.parametrize(
    "text",
    [
        "千万不要搞错",
        "万一不行呢",
        "我们有3个人",
        "第一次申请",
        "一等奖",
        "2024年",
        "买了800块显卡",
        "费用分两块：",
        "预算拆成三块。",
        "功耗700W",
        "1,5万",
        "300w",
        # Power, however near a word of money.
        "设备方面投了3台5kW的UPS",
        "投资了4台8kw的精密空调",
        "RMB结算的3个项目",
    ],
)
def test_words_that_only_look_like_money_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_the_low_end_of_a_range_takes_the_high_ends_unit() -> None:
    assert [a.yuan for a in find_amounts("预算是300到400万之间")] == [300 * WAN, 400 * WAN]
    assert [a.yuan for a in find_amounts("一千至一千二百万")] == [1000 * WAN, 1200 * WAN]
    # The high end's unit in full: 三到五百万 is 三百万 to 五百万, 3到5千万 three to five thousand 万.
    assert [a.yuan for a in find_amounts("三到五百万")] == [300 * WAN, 500 * WAN]
    assert [a.yuan for a in find_amounts("3到5千万")] == [3000 * WAN, 5000 * WAN]
    assert [a.yuan for a in find_amounts("三十到五十万")] == [30 * WAN, 50 * WAN]
    # A telephone number and a span of years are no range of money.
    assert find_amounts("客服电话400-810-2233") == []
    assert [a.yuan for a in find_amounts("2024-2025年花了500万")] == [500 * WAN]


def test_the_first_of_two_amounts_added_takes_the_second_s_unit() -> None:
    # "100+50万" is 100万 and 50万, never 50万 alone.
    assert [a.yuan for a in find_amounts("投入100+50万")] == [100 * WAN, 50 * WAN]
    assert [a.yuan for a in find_amounts("一百加五十万")] == [100 * WAN, 50 * WAN]
    assert [a.yuan for a in find_amounts("员工100人加50万投资")] == [50 * WAN]


def test_two_amounts_keep_their_order_and_places() -> None:
    text = "固定资产投资1.2亿元，其中土建五千万"
    amounts = find_amounts(text)
    assert [a.yuan for a in amounts] == [120_000_000, 5_000 * WAN]
    assert text[amounts[1].start : amounts[1].end] == "五千万"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("3项", 3, "项"),
        ("两项", 2, "项"),
        ("六个", 6, "个"),
        ("3款", 3, "款"),
        ("连续三年", 3, "年"),
        ("十二项", 12, "项"),
    ],
)
def test_counts(text: str, value: int, unit: str) -> None:
    assert [(c.value, c.unit) for c in find_counts(f"我们有{text}")] == [(value, unit)]


@pytest.mark.parametrize("text", ["第二十项", "前三年", "投了两个亿", "排第二", "备案3个月了", "团队5个人"])
def test_ordinals_spans_of_time_and_money_are_not_counts(text: str) -> None:
    assert find_counts(text) == []


@given(st.integers(min_value=1, max_value=99))
def test_counts_in_either_numeral(n: int) -> None:
    for text in (f"{n}项", f"{cn2an.an2cn(n)}项"):
        assert [c.value for c in find_counts(f"共{text}标准")] == [n]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("排名第二", [(2, False)]),
        ("排第2", [(2, False)]),
        ("第二名", [(2, False)]),
        ("排名第二名", [(2, False)]),
        ("列第3位", [(3, False)]),
        ("排在第四", [(4, False)]),
        ("位列第五", [(5, False)]),
        ("第一起草单位", [(1, False)]),
        ("前三", [(3, True)]),
        ("前3名", [(3, True)]),
        ("一个排第一一个排第三", [(1, False), (3, False)]),
        # Places listed before the word they share.
        ("分别是第二、第三起草单位", [(2, False), (3, False)]),
        ("第1、2、3名", [(1, False), (2, False), (3, False)]),
        ("第一和第三名", [(1, False), (3, False)]),
        # Said after the word for a place with 为/是: "排名为第二".
        ("排名为第二", [(2, False)]),
        # Listed after the word for ranking, with no word after them.
        ("起草单位排名分别是第2和第3", [(2, False), (3, False)]),
        ("分别排第二和第四", [(2, False), (4, False)]),
    ],
)
def test_ranks(text: str, places: list[tuple[int, bool]]) -> None:
    assert [(r.value, r.top) for r in find_ranks(text)] == places


@pytest.mark.parametrize("text", ["安排两个人", "前三年都亏损", "第一次申请", "第二条"])
def test_phrases_that_are_not_places(text: str) -> None:
    assert find_ranks(text) == []


def test_bare_ordinals_are_found_but_not_articles_times_or_counts() -> None:
    assert [(r.value, r.start) for r in find_bare_ordinals("国家标准第二，行标第十一")] == [(2, 4), (11, 9)]
    for text in [
        "第二条",
        "第一次",
        "第三年",
        "第二批",
        "第二部分",
        "第二名",
        "第2.5",
        "第一起草单位",
        "第三方",
        "第一稿",
    ]:
        assert find_bare_ordinals(text) == [], text


def test_folding_keeps_offsets_and_punctuation() -> None:
    text = "投资１２３万，排第２"
    assert fold_digits(text) == "投资123万，排第2"


def test_a_full_width_comma_separates_amounts() -> None:
    assert [a.yuan for a in find_amounts("投入500，600万")] == [600 * WAN]


@pytest.mark.parametrize(
    ("text", "shares"),
    [
        ("土建占40%", [Fraction(2, 5)]),
        ("占１２.５％", [Fraction(1, 8)]),
        ("百分之三十五", [Fraction(7, 20)]),
        ("土建占了两成", [Fraction(1, 5)]),
        ("4成是土建", [Fraction(2, 5)]),
        ("三分之一是土建", [Fraction(1, 3)]),
        ("一半是土建", [Fraction(1, 2)]),
        # Words that only contain the characters.
        ("成本一成不变", []),
        ("完成了验收", []),
        ("分成两期", []),
        ("120%", []),  # more than the whole is no part of it
    ],
)
def test_shares_of_a_whole(text: str, shares: list[Fraction]) -> None:
    assert [share.value for share in find_shares(text)] == shares


@given(st.integers(min_value=0, max_value=100))
def test_percentages_in_any_form_read_back_exactly(n: int) -> None:
    assert [s.value for s in find_shares(f"{n}%")] == [Fraction(n, 100)]
    assert [s.value for s in find_shares(f"百分之{cn2an.an2cn(n)}")] == [Fraction(n, 100)]
