"""Spaces typed as pauses: "北京地标1项加行业标准2项 起草单位都前三 总共多少" is three parts of a sentence.

People typing into a chat box often leave out punctuation and put a space where a comma goes. Between two
Chinese characters a space is such a pause, so it is read as "，" by every step that cuts a question into
parts. A space beside a digit or a Latin letter is left alone: "500 万", "3 项", "GPU 算力" are one phrase.
"""

from __future__ import annotations

import re

_PAUSE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


def spaces_as_pauses(text: str) -> str:
    return _PAUSE.sub("，", text)
