"""Typed values the indexer produces: the source text of a policy and its clauses."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

# ASCII only: a doc_id travels in URLs, file names and Chroma metadata.
DOC_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_DOC_ID = re.compile(DOC_ID_PATTERN)


def is_valid_doc_id(doc_id: str) -> bool:
    return bool(_DOC_ID.match(doc_id))


def doc_id_from_filename(name: str) -> str:
    """A stable doc_id for a file indexed without one: its stem when that is a valid id.

    A Chinese file name gets `doc-` and a short hash of the stem, so the same file name keeps its id
    across versions of the policy.
    """
    stem = Path(name).stem
    if is_valid_doc_id(stem):
        return stem
    return "doc-" + hashlib.sha256(stem.encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class SourceText:
    """A policy file read into normalised text.

    `text` is the canonical source: every clause's offsets point into it. `sha256` is taken over the
    file's raw bytes, so an unchanged file is recognised before it is parsed again.
    """

    name: str
    text: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Clause:
    """One citable unit of a policy: the preamble, an article without items, a lead-in, or an item."""

    doc_id: str
    clause_id: str
    article: str
    title: str
    order: int
    text: str
    start: int
    end: int
    headings: tuple[str, ...] = ()
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(f"{self.clause_id}\n{self.title}\n{self.text}".encode()).hexdigest()
        object.__setattr__(self, "content_hash", digest)


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    doc_id: str
    title: str
    source_name: str
    source_text: str
    sha256: str
    clauses: tuple[Clause, ...]

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.clause_id == clause_id), None)
