"""Chinese tokens for BM25: jieba with the policy's own terms, stop words dropped, user phrasing mapped.

Everything this module knows about the policy's vocabulary comes from data in `corpus/retrieval/`:
`user-dict.txt` (jieba's user-dictionary format), `stopwords.txt` and `synonyms.yaml` (how people say
things → how the policy says them). No term is written here.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indexer.errors import IndexerError
from indexer.yaml_files import read_yaml

USER_DICT_NAME = "user-dict.txt"
STOPWORDS_NAME = "stopwords.txt"
SYNONYMS_NAME = "synonyms.yaml"
PLAIN_CHARACTERS_NAME = "plain-characters.txt"

# Characters jieba's default pattern keeps inside one token; a term with any other character
# (数据要素× has "×") would be cut apart, so such terms are split out before jieba sees the text.
_JIEBA_WORD_CHARS = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
_CONTENT = re.compile(r"[\w\u00d7]")
_ASCII_WORD = re.compile(r"[a-z0-9]")

# jieba's global dictionary is shared; building a private Tokenizer is cheap after its cache exists.
_jieba_lock = threading.Lock()
jieba.setLogLevel(logging.WARNING)


class RetrievalVocabularyError(IndexerError):
    """The retrieval vocabulary files are missing or malformed."""


class _SynonymGroup(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    policy: tuple[str, ...] = Field(min_length=1)
    said: tuple[str, ...] = Field(min_length=1)
    # How many times the policy words count in the query. Words that say what KIND of question it is
    # (stacking, who interprets, how long) weigh more than the topic words the same question names.
    weight: int = Field(default=1, ge=1, le=5)
    # The group names the kind of answer wanted (who may apply, stacking, validity …), not a topic.
    kind: bool = False


class _SynonymFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    groups: tuple[_SynonymGroup, ...]


def fold(text: str) -> str:
    """The form both queries and vocabulary are compared in: NFKC (full-width → half-width), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True, slots=True)
class Synonym:
    """One way people say something (`said`, folded) and the policy's words for it."""

    said: str
    policy: tuple[str, ...]
    weight: int = 1
    kind: bool = False


@dataclass(frozen=True, slots=True)
class Vocabulary:
    user_words: tuple[tuple[str, int, str | None], ...]
    stopwords: frozenset[str]
    synonyms: tuple[Synonym, ...]
    # Characters that are words on their own, never a slip for another (the spelling check's): the one-
    # character stop words and `plain-characters.txt`.
    plain_characters: frozenset[str] = frozenset()


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RetrievalVocabularyError(f"找不到检索词表 {path}") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def load_vocabulary(directory: Path) -> Vocabulary:
    """Read the three vocabulary files of `directory` (normally `corpus/retrieval`)."""
    user_words: list[tuple[str, int, str | None]] = []
    for number, line in enumerate(_read_lines(directory / USER_DICT_NAME), start=1):
        parts = line.split()
        if len(parts) > 3 or (len(parts) >= 2 and not parts[1].isdigit()):
            raise RetrievalVocabularyError(
                f"{directory / USER_DICT_NAME} 第 {number} 行应为“词 [词频] [词性]”：{line}"
            )
        user_words.append(
            (parts[0], int(parts[1]) if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else None)
        )

    stopwords = frozenset(fold(word) for word in _read_lines(directory / STOPWORDS_NAME))

    path = directory / SYNONYMS_NAME
    try:
        raw = read_yaml(path)
        groups = _SynonymFile.model_validate(raw).groups
    except FileNotFoundError as exc:
        raise RetrievalVocabularyError(f"找不到同义词表 {path}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise RetrievalVocabularyError(f"同义词表 {path} 格式错误：{exc}") from exc
    synonyms: list[Synonym] = []
    for group in groups:
        for said in group.said:
            folded = fold(said).strip()
            if len(folded) < 2:
                raise RetrievalVocabularyError(f"同义词表 {path} 中的说法“{said}”太短，至少两个字符")
            synonyms.append(Synonym(folded, group.policy, group.weight, group.kind))
    plain = {word for word in stopwords if len(word) == 1}
    if (directory / PLAIN_CHARACTERS_NAME).exists():
        plain |= {fold(line) for line in _read_lines(directory / PLAIN_CHARACTERS_NAME) if len(line) == 1}
    return Vocabulary(tuple(user_words), stopwords, tuple(synonyms), frozenset(plain))


@dataclass(frozen=True, slots=True)
class QueryExpansion:
    """A query with the policy's words for what it says in other words."""

    text: str
    matched: tuple[Synonym, ...]

    @property
    def policy_terms(self) -> tuple[str, ...]:
        """Each policy word once per unit of its heaviest group's weight."""
        weights: dict[str, int] = {}
        for synonym in self.matched:
            for term in synonym.policy:
                weights[term] = max(weights.get(term, 0), synonym.weight)
        return tuple(term for term, weight in weights.items() for _ in range(weight))

    @property
    def asks_kind(self) -> bool:
        """The query says what kind of answer it wants, in words the vocabulary marks as such."""
        return any(synonym.kind for synonym in self.matched)

    @property
    def expanded_text(self) -> str:
        return " ".join((self.text, *self.policy_terms)) if self.matched else self.text


class PolicyTokenizer:
    """Tokens for BM25 over policy text and over questions, with the same rules for both."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        with _jieba_lock:
            self._jieba = jieba.Tokenizer()
            self._jieba.initialize()
            for word, frequency, tag in vocabulary.user_words:
                self._jieba.add_word(fold(word), frequency, tag)
        protected = sorted(
            {
                fold(word)
                for word, _, _ in vocabulary.user_words
                if any(not _JIEBA_WORD_CHARS.fullmatch(char) for char in fold(word))
            },
            key=len,
            reverse=True,
        )
        # A term jieba would cut apart is matched first and kept whole.
        self._protected = re.compile("|".join(map(re.escape, protected))) if protected else None
        self._synonyms = sorted(vocabulary.synonyms, key=lambda s: len(s.said), reverse=True)

    @classmethod
    def from_directory(cls, directory: Path) -> PolicyTokenizer:
        return cls(load_vocabulary(directory))

    def tokens(self, text: str) -> list[str]:
        """Search-mode jieba tokens of `text`, folded, without stop words or punctuation."""
        folded = fold(text)
        pieces: list[str] = []
        position = 0
        if self._protected is not None:
            for match in self._protected.finditer(folded):
                pieces.extend(self._cut(folded[position : match.start()]))
                pieces.append(match.group())
                position = match.end()
        pieces.extend(self._cut(folded[position:]))
        return pieces

    def words(self, text: str) -> list[str]:
        """jieba's words of `text` as written: every character kept, stop words and punctuation too."""
        return list(self._jieba.cut(text))

    def is_dictionary_word(self, word: str) -> bool:
        """Whether jieba's dictionary (with the policy's terms) has `word`, not just a guess of its model."""
        return int(self._jieba.FREQ.get(word, 0)) > 0

    def terms(self, texts: Iterable[str]) -> set[str]:
        """The words of `texts` and of the vocabulary: what the policy and its readers call things."""
        found = {token for text in texts for token in self.tokens(text)}
        found |= {fold(word) for word, _, _ in self.vocabulary.user_words}
        found |= {word for synonym in self.vocabulary.synonyms for word in (synonym.said, *synonym.policy)}
        return found

    def _cut(self, text: str) -> list[str]:
        if not text:
            return []
        return [
            token
            for token in (t.strip() for t in self._jieba.cut_for_search(text))
            if token and _CONTENT.search(token) and token not in self.vocabulary.stopwords
        ]

    def expand(self, query: str) -> QueryExpansion:
        """Find the ways of saying things in `query` that the policy says in its own words."""
        folded = fold(query)
        matched: list[Synonym] = []
        # Longest sayings first; a shorter one inside a longer match is part of that phrase, not a
        # saying of its own ("数据基建" is data infrastructure, not the "基建" of construction costs).
        taken: list[tuple[int, int]] = []
        for synonym in self._synonyms:
            found = False
            start = folded.find(synonym.said)
            while start >= 0:
                end = start + len(synonym.said)
                inside = any(a <= start and end <= b and b - a > end - start for a, b in taken)
                if not inside and self._is_whole(folded, start, end, synonym.said):
                    found = True
                    taken.append((start, end))  # every occurrence: each one shadows what lies inside it
                start = folded.find(synonym.said, start + 1)
            if found:
                matched.append(synonym)
        return QueryExpansion(query, tuple(matched))

    @staticmethod
    def _is_whole(text: str, start: int, end: int, said: str) -> bool:
        """An ASCII word such as "gpu" or "vc" counts only when it is not part of a longer ASCII word."""
        if _ASCII_WORD.match(said[0]) and start > 0 and _ASCII_WORD.match(text[start - 1]):
            return False
        return not (_ASCII_WORD.match(said[-1]) and end < len(text) and _ASCII_WORD.match(text[end]))
