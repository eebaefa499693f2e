"""A space typed between Chinese words is a pause, read as a comma; beside a digit or a Latin letter it is not."""

from __future__ import annotations

import pytest

from app.chat.pauses import spaces_as_pauses


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (
            "北京地标1项加行业标准2项 起草单位都前三 总共多少",
            "北京地标1项加行业标准2项，起草单位都前三，总共多少",
        ),
        ("国标2项　行标1项 都排第一", "国标2项，行标1项，都排第一"),
        ("具体咋申报  材料去哪看", "具体咋申报，材料去哪看"),
        # Words that hold together across a space: a denial and what it denies, a count and its thing, a word
        # said of what came before, short words.
        ("我们不是 首次入表 还能拿吗", "我们不是 首次入表，还能拿吗"),
        ("国家级科技创新平台 我们不是 牵头单位 能拿多少", "国家级科技创新平台，我们不是 牵头单位，能拿多少"),
        ("生成式人工智能备案3项 还没有 推广 能拿多少", "生成式人工智能备案3项 还没有 推广 能拿多少"),
        ("国家级备案 三项 都推广了", "国家级备案 三项 都推广了"),
        ("生成式人工智能备案 两 项 都推广了", "生成式人工智能备案 两 项 都推广了"),
        (
            "可信数据空间项目 还没拿到 国家级试点示范 投资五千万",
            "可信数据空间项目，还没拿到 国家级试点示范，投资五千万",
        ),
        # One phrase: an amount, a count, a Latin word beside Chinese.
        ("投入500 万", "投入500 万"),
        ("有3 项备案", "有3 项备案"),
        ("租了 GPU 算力", "租了 GPU 算力"),
    ],
)
def test_spaces_between_chinese_words_are_pauses(typed: str, read: str) -> None:
    assert spaces_as_pauses(typed) == read
