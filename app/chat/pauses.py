"""Spaces typed as pauses: "北京地标1项加行业标准2项 起草单位都前三 总共多少" is three parts of a sentence.

People typing into a chat box often leave out punctuation and put a space where a comma goes. A space is read
as "，" only between two phrases of their own — each at least `_PHRASE` characters up to the next space or
punctuation — and not where the words around it hold together: after a denial or a linking word ("我们不是
首次入表" — 不是 negates what follows), before a unit finishing the phrase before, nor beside a short word or a
count ("备案 三项 都推广了", "两 项"). A space beside a digit or a Latin letter is left alone too: "500 万",
"GPU 算力" are one phrase.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")
_BREAK = re.compile(r"[\s，。；！？、,.;!?：:]")
_PHRASE = 4
# Ends of a phrase that reach past the space: a denial, a link, a verb of being.
_REACHES_ON = re.compile(r"(?:和|与|及|跟|的|是|在|对|把|被|给|为|了)$")
# A denial anywhere in the phrase before may reach past the space: "还没拿到 国家级试点示范", "我们不是 首次入表".
_DENIAL = re.compile(r"没|不|未|非|无")
# Starts of a phrase that finishes the one before: a unit or 的 ("两 项", "500 万").
_SAID_OF_BEFORE = re.compile(r"^(?:的|项|个|款|年|万|亿|元)")


def spaces_as_pauses(text: str) -> str:
    out: list[str] = []
    last = 0
    for space in _SPACE.finditer(text):
        before = _BREAK.split(text[: space.start()])[-1]
        after = _BREAK.split(text[space.end() :])[0]
        pause = (
            len(before) >= _PHRASE
            and len(after) >= _PHRASE
            and not _REACHES_ON.search(before)
            and not _DENIAL.search(before)
            and not _SAID_OF_BEFORE.search(after)
        )
        out.append(text[last : space.start()] + ("，" if pause else space.group()))
        last = space.end()
    return "".join(out) + text[last:]
