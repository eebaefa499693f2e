"""Training the scope classifier at start: read the examples, embed them (cached), fit.

The examples are embedded once per model and example set: the vectors are kept in the data dir
(`scope/<digest>.npy`, keyed by the model and the texts; a cache: deleting it costs one re-embedding of
about eight seconds) and the trained classifier in the process, so the many apps a test run or the CLI
builds train once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from app.chat.scope import ScopeFileError
from app.chat.scope_model import ClassifierSettings, ScopeClassifier, ScopeExample
from indexer.embedding import Embedder

logger = logging.getLogger(__name__)

CACHE_DIR_NAME = "scope"

_lock = threading.Lock()
_trained: dict[str, ScopeClassifier] = {}


class _ExampleFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    examples: tuple[ScopeExample, ...]


def load_examples(directory: Path) -> list[ScopeExample]:
    """Every example of every `*.yaml` file in `directory`, in file order; a text two authors both
    wrote is kept once (the first label)."""
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise ScopeFileError(f"找不到范围分类的训练样例：{directory} 下没有 .yaml 文件")
    examples: list[ScopeExample] = []
    for path in paths:
        try:
            examples.extend(_ExampleFile.model_validate(yaml.safe_load(path.read_text("utf-8"))).examples)
        except (yaml.YAMLError, ValidationError, UnicodeDecodeError) as exc:
            raise ScopeFileError(f"范围分类训练样例 {path} 格式错误：{exc}") from exc
    unique: dict[str, ScopeExample] = {}
    for example in examples:
        unique.setdefault(example.text, example)
    return list(unique.values())


def train_classifier(
    corpus_dir: Path, settings: ClassifierSettings, embedder: Embedder, cache_dir: Path | None
) -> ScopeClassifier:
    examples = load_examples(corpus_dir / settings.examples)
    digest = _digest(examples, embedder)
    key = "\0".join([digest, *(e.label for e in examples), settings.model_dump_json()])
    with _lock:
        classifier = _trained.get(key)
        if classifier is None:
            vectors = _vectors(examples, embedder, _cache_file(cache_dir, digest), show_progress=False)
            classifier = ScopeClassifier(examples, vectors, settings)
            _trained[key] = classifier
            logger.info("scope classifier trained on %d examples", len(examples))
        return classifier


def embed_examples(
    corpus_dir: Path, settings: ClassifierSettings, embedder: Embedder, cache_dir: Path
) -> tuple[int, bool]:
    """Embed the examples into the cache ahead of the first start (`policy-assistant index`), with a
    progress bar: how many there are, and whether they had to be embedded."""
    examples = load_examples(corpus_dir / settings.examples)
    cache = _cache_file(cache_dir, _digest(examples, embedder))
    assert cache is not None
    cached = cache.is_file()
    _vectors(examples, embedder, cache, show_progress=True)
    return len(examples), not cached


def _digest(examples: list[ScopeExample], embedder: Embedder) -> str:
    """Names the vectors: the model and the texts (not the labels or the training settings)."""
    return hashlib.sha256("\0".join([embedder.identity, *(e.text for e in examples)]).encode()).hexdigest()[
        :24
    ]


def _cache_file(cache_dir: Path | None, digest: str) -> Path | None:
    return cache_dir / f"{digest}.npy" if cache_dir is not None else None


def _vectors(
    examples: list[ScopeExample], embedder: Embedder, cache: Path | None, show_progress: bool
) -> np.ndarray:
    texts = [example.text for example in examples]
    if cache is not None and cache.is_file():
        try:
            vectors: np.ndarray = np.load(cache, allow_pickle=False)
            if vectors.shape == (len(texts), embedder.dimension):
                return vectors
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt below
        logger.warning("scope example vectors in %s are unusable; embedding again", cache)
    vectors = np.asarray(embedder.embed_documents(texts, show_progress=show_progress), dtype=np.float32)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            # A file of its own, then renamed: `index` and a starting service may write at once.
            handle, partial = tempfile.mkstemp(dir=cache.parent, prefix=f".{cache.stem}-", suffix=".npy")
            with os.fdopen(handle, "wb") as file:
                np.save(file, vectors, allow_pickle=False)
            Path(partial).replace(cache)
        except OSError as exc:
            logger.warning("could not keep the scope example vectors in %s: %s", cache, exc)
    return vectors
