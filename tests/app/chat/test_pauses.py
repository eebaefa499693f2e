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
        ("国标2项　行标1项", "国标2项，行标1项"),
        ("具体咋申报  材料去哪看", "具体咋申报，材料去哪看"),
        # One phrase: an amount, a count, a Latin word beside Chinese.
        ("投入500 万", "投入500 万"),
        ("有3 项备案", "有3 项备案"),
        ("租了 GPU 算力", "租了 GPU 算力"),
    ],
)
def test_spaces_between_chinese_words_are_pauses(typed: str, read: str) -> None:
    assert spaces_as_pauses(typed) == read
