"""Sentences inside a clause, as verbatim spans: the candidates for a citation's quote."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at a full stop, question or exclamation mark, semicolon or line break; a closing
# quotation mark or bracket right after the stop stays with the sentence it closes.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;\n]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """`text` is `clause_text[start:end]`, stripped of surrounding white space."""

    start: int
    end: int
    text: str


def split_sentences(clause_text: str) -> tuple[Sentence, ...]:
    sentences = []
    for match in _SENTENCE.finditer(clause_text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        sentences.append(Sentence(start, start + len(stripped), stripped))
    return tuple(sentences)
