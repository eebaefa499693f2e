"""Homophone typos of the policy's terms put right: 数椐 → 数据, 标住 → 标注, 备按 → 备案, 授全 → 授权.

Chinese input methods type by sound, so a slip gives another character of the same reading. A run of the
question that jieba could not make a dictionary word of (single characters, or a word it guessed) and that
reads like a policy term differing from it in one character is that term. Runs made of dictionary words
are left alone: "我们是属于" holds 是属, which sounds like 市属, but 属于 is a word. A character that is a
word on its own (是, 不, 成 — the vocabulary's plain characters) is never the slip: "包装成区数据局" is not
城区. Readings come from pypinyin: each character's usual one, tones ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from pypinyin import Style, pinyin

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_LONGEST = 4


@lru_cache(maxsize=8192)
def _reading(char: str) -> str:
    """The usual reading, toneless: a rare one would make 的 sound like 提 and 和 like 获."""
    return pinyin(char, style=Style.NORMAL)[0][0]


class HomophoneSpeller:
    """Corrects runs of a text to the one term of `terms` they sound like, one character apart."""

    def __init__(
        self,
        terms: Iterable[str],
        words: Callable[[str], list[str]],
        is_dictionary_word: Callable[[str], bool],
        plain_characters: frozenset[str] = frozenset(),
    ) -> None:
        self._terms = {t for t in terms if 2 <= len(t) <= _LONGEST and _HAN.fullmatch(t)}
        self._words = words
        self._is_dictionary_word = is_dictionary_word
        self._plain = plain_characters
        # A term under each of its one-character-blanked forms: "数据" under "_据" and "数_".
        self._blanked: dict[str, list[str]] = {}
        for term in self._terms:
            for position in range(len(term)):
                self._blanked.setdefault(_blank(term, position), []).append(term)

    def correct(self, text: str) -> str:
        """`text` with each homophone typo of a term replaced; everything else as it was."""
        pieces = self._words(text)
        out: list[str] = []
        index = 0
        while index < len(pieces):
            fixed = self._fix_at(pieces, index)
            if fixed is None:
                out.append(pieces[index])
                index += 1
            else:
                term, used = fixed
                out.append(term)
                index += used
        return "".join(out)

    def _fix_at(self, pieces: list[str], index: int) -> tuple[str, int] | None:
        """The term that the run of pieces starting at `index` is a typo of, and how many pieces it spans."""
        run = ""
        for used, piece in enumerate(pieces[index:], start=1):
            if not _HAN.fullmatch(piece) or (len(piece) > 1 and self._is_dictionary_word(piece)):
                return None  # a dictionary word is what was meant
            run += piece
            if len(run) > _LONGEST:
                return None
            if len(run) >= 2 and run not in self._terms and not self._is_dictionary_word(run):
                term = self._sounding_term(run)
                if term is not None:
                    return term, used
        return None

    def _sounding_term(self, run: str) -> str | None:
        found = {
            term
            for position in range(len(run))
            for term in self._blanked.get(_blank(run, position), ())
            if run[position] not in self._plain and _reading(term[position]) == _reading(run[position])
        }
        return found.pop() if len(found) == 1 else None  # two terms alike: not guessed


def _blank(word: str, position: int) -> str:
    return f"{word[:position]}_{word[position + 1 :]}"
