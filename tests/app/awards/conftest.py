from __future__ import annotations

from pathlib import Path

import pytest

from app.awards.drift import ClauseKey
from app.awards.engine import AwardCalculator
from indexer import parse_document, read_policy_file
from tests.conftest import BUNDLED_DOC_ID, BUNDLED_POLICY, REPO_ROOT

CORPUS = REPO_ROOT / "corpus"
PROMPTS = REPO_ROOT / "prompts"


@pytest.fixture(scope="session")
def clause_texts() -> dict[ClauseKey, str]:
    doc = parse_document(read_policy_file(BUNDLED_POLICY), BUNDLED_DOC_ID)
    return {(c.doc_id, c.clause_id): c.text for c in doc.clauses}


@pytest.fixture(scope="session")
def calculator(clause_texts: dict[ClauseKey, str]) -> AwardCalculator:
    return AwardCalculator.load(CORPUS, PROMPTS, clause_texts)


def corpus_copy(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
