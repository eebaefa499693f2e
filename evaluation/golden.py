"""The golden set: questions in users' own words with the clauses, status and figures a right answer has.

Files live in `evaluation/golden/`, one per split: `dev.yaml` (looked at while building),
`holdout.yaml` (written separately and not read while building; its aggregate figures were seen during
the retrieval and chat work, and a summary of its failures by category guided the chat's last round),
`fresh.yaml` (written by a separate author after the chat's first cut; its questions were never read,
but summaries of its failures by category were used for the scope rules and the chat's last round) and
`final.yaml` (written by another separate author, never read, only its aggregates measured: the unseen
part the chat's scope and answers are finally judged on).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from indexer.yaml_files import read_yaml

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SPLITS = ("dev", "holdout", "fresh", "final")

Status = Literal["answered", "out_of_scope", "refused"]
Variant = Literal[
    "plain",
    "colloquial",
    "numbers",
    "typo_synonym",
    "eligibility",
    "condition",
    "out_of_scope",
    "injection",
    "multi_turn",
]


class Turn(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str = Field(min_length=1)
    expected_clauses: tuple[str, ...] = ()
    expected_status: Status
    figures: tuple[str, ...] = ()
    note: str | None = None

    @property
    def main_clause(self) -> str | None:
        """The clause that answers the question; retrieval is scored on finding this one."""
        return self.expected_clauses[0] if self.expected_clauses else None


class Case(Turn):
    id: str
    persona: str
    variant: Variant


class Conversation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    persona: str
    turns: tuple[Turn, ...] = Field(min_length=2)


class GoldenSet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_id: str
    cases: tuple[Case, ...]
    multi_turn: tuple[Conversation, ...] = ()

    @property
    def in_scope(self) -> tuple[Case, ...]:
        return tuple(case for case in self.cases if case.expected_status == "answered" and case.main_clause)


def available_splits(directory: Path = GOLDEN_DIR) -> tuple[str, ...]:
    """The splits with a file in `directory`, in the order of SPLITS."""
    return tuple(split for split in SPLITS if (directory / f"{split}.yaml").is_file())


def load_golden(split: str, directory: Path = GOLDEN_DIR) -> GoldenSet:
    path = directory / f"{split}.yaml"
    data = read_yaml(path)
    golden = GoldenSet.model_validate(data)
    ids = [case.id for case in golden.cases] + [conversation.id for conversation in golden.multi_turn]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{path}: duplicate ids {', '.join(duplicates)}")
    return golden
