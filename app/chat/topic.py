"""What a conversation is about, carried from one answer to the next.

An answer about a measure records its clause, the rule and the inputs the user has stated so far. The
next question continues that topic when retrieval finds the same clause, or when the question names no
measure of its own (its best BM25 score is weak: "那市属的呢？"); otherwise it starts fresh. Inputs the
new question states replace the earlier ones; an amount said to come on top ("另外两千万的土建") is
added, and, for a part of a larger figure, added to the whole too. Pure; the thresholds are data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.awards.rules import Rule
from app.chat.quantities import find_amounts, fold_digits
from app.chat.rule_files import load_rule_file
from app.chat.slots import InputValue
from app.errors import AppError

CONVERSATION_FILE_NAME = "conversation.yaml"


class ConversationFileError(AppError):
    pass


class _FollowUp(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    weak_bm25: float = Field(ge=0)
    additive_words: tuple[str, ...] = ()


class _SeveralMeasures(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    segment_bm25: float = Field(ge=0)
    same_clause_bm25: float | None = Field(default=None, ge=0)
    min_segment_chars: int = Field(ge=1)
    near_share: float = Field(default=1.0, gt=0, le=1)


class _ConversationFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    follow_up: _FollowUp
    several_measures: _SeveralMeasures
    about_measures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FollowUpRules:
    weak_bm25: float
    additive_words: tuple[str, ...] = ()
    # A part of a question that on its own finds another measure this strongly names that measure too.
    segment_bm25: float = float("inf")
    min_segment_chars: int = 4
    # General clauses about the measures themselves (stacking): they also answer with the measure before.
    about_measures: tuple[str, ...] = ()
    # Measures of one clause scoring at least this share of the best are near enough for what the question
    # states (its inputs, a figure of the measure) to choose between them.
    near_share: float = 1.0
    # A part finding the clause already answered needs only this much, when it names another measure of
    # that clause by a word the main measure lacks ("我们运营数据交易平台" beside a datasets question).
    same_clause_bm25: float = float("inf")

    @classmethod
    def load(cls, corpus_dir: Path) -> FollowUpRules:
        path = corpus_dir / CONVERSATION_FILE_NAME
        data = load_rule_file(path, _ConversationFile, ConversationFileError, "对话规则")
        return cls(
            data.follow_up.weak_bm25,
            data.follow_up.additive_words,
            data.several_measures.segment_bm25,
            data.several_measures.min_segment_chars,
            data.about_measures,
            data.several_measures.near_share,
            data.several_measures.same_clause_bm25
            if data.several_measures.same_clause_bm25 is not None
            else data.several_measures.segment_bm25,
        )


@dataclass(frozen=True, slots=True)
class Topic:
    doc_id: str
    clause_id: str
    rule_id: str | None = None
    inputs: dict[str, InputValue] = field(default_factory=dict)

    @property
    def clause_key(self) -> tuple[str, str]:
        return (self.doc_id, self.clause_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "clause_id": self.clause_id,
            "rule_id": self.rule_id,
            "inputs": dict(self.inputs),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Topic | None:
        """The stored topic, or None when there is none or it is not one this code wrote."""
        if not data:
            return None
        try:
            inputs = {str(k): v for k, v in dict(data.get("inputs") or {}).items()}
            if not all(isinstance(v, int | str) for v in inputs.values()):
                return None
            return cls(str(data["doc_id"]), str(data["clause_id"]), data.get("rule_id"), inputs)
        except (KeyError, TypeError, ValueError):
            return None


def continues(
    previous: Topic | None, top_clause: tuple[str, str] | None, top_bm25: float, rules: FollowUpRules
) -> bool:
    """Whether the question goes on about the previous answer's topic."""
    if previous is None:
        return False
    if top_clause == previous.clause_key:
        return True
    return top_bm25 < rules.weak_bm25


def merge_inputs(
    rule: Rule,
    earlier: Mapping[str, InputValue],
    now: Mapping[str, InputValue],
    question: str,
    rules: FollowUpRules,
) -> dict[str, InputValue]:
    """The earlier inputs with what this question states on top."""
    merged = dict(earlier)
    additive = _additive_amounts(question, rules.additive_words)
    for name, value in now.items():
        item = rule.input(name)
        previous = merged.get(name)
        if (
            item.type == "money"
            and isinstance(value, int)
            and not isinstance(value, bool)
            and value in additive
        ):
            if isinstance(previous, int) and not isinstance(previous, bool):
                value += previous
            # A part of a larger figure said to come on top ("另外的土建") grows the whole as well.
            whole = item.not_more_than
            if whole and whole not in now and isinstance(merged.get(whole), int):
                merged[whole] = int(merged[whole]) + (value - (previous if isinstance(previous, int) else 0))
        merged[name] = value
    return merged


def _additive_amounts(question: str, words: Sequence[str]) -> set[int]:
    """Amounts (in yuan) with an additive word right before them, in a part of the sentence that does not
    call itself a total."""
    if not words:
        return set()
    text = fold_digits(question)
    found = set()
    for amount in find_amounts(text):
        part = _PART.split(text[: amount.start])[-1] + _PART.split(text[amount.start :])[0]
        if _TOTAL.search(part):
            continue
        before = text[max(0, amount.start - len(max(words, key=len)) - _ADDITIVE_GAP) : amount.start]
        if any(word in before for word in words):
            found.add(amount.yuan)
    return found


_PART = re.compile(r"[，。；！？,;!?]")
_TOTAL = re.compile(r"一共|总共|合计|总计|共计|总额|加起来")
# "另外再算上1000万": the words that may stand between the additive word and the amount.
_ADDITIVE_GAP = 4
