"""Training the scope classifier at start: read the examples, embed them (cached), fit.

The examples are embedded once per model and example set: the vectors are kept in the data dir
(`scope/<digest>.npy`, a cache: deleting it costs one re-embedding of about three seconds) and in the
process, so the many apps a test run or the CLI builds train from memory.
"""

from __future__ import annotations

import hashlib
import logging
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
    """Every example of every `*.yaml` file in `directory`, in file order."""
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise ScopeFileError(f"找不到范围分类的训练样例：{directory} 下没有 .yaml 文件")
    examples: list[ScopeExample] = []
    for path in paths:
        try:
            examples.extend(_ExampleFile.model_validate(yaml.safe_load(path.read_text("utf-8"))).examples)
        except (yaml.YAMLError, ValidationError, UnicodeDecodeError) as exc:
            raise ScopeFileError(f"范围分类训练样例 {path} 格式错误：{exc}") from exc
    return examples


def train_classifier(
    corpus_dir: Path, settings: ClassifierSettings, embedder: Embedder, cache_dir: Path | None
) -> ScopeClassifier:
    examples = load_examples(corpus_dir / settings.examples)
    digest = _digest(examples, settings, embedder)
    with _lock:
        classifier = _trained.get(digest)
        if classifier is None:
            vectors = _vectors(examples, embedder, _cache_file(cache_dir, digest), show_progress=False)
            classifier = ScopeClassifier(examples, vectors, settings)
            _trained[digest] = classifier
            logger.info("scope classifier trained on %d examples", len(examples))
        return classifier


def embed_examples(
    corpus_dir: Path, settings: ClassifierSettings, embedder: Embedder, cache_dir: Path
) -> tuple[int, bool]:
    """Embed the examples into the cache ahead of the first start (`policy-assistant index`), with a
    progress bar: how many there are, and whether they had to be embedded."""
    examples = load_examples(corpus_dir / settings.examples)
    cache = _cache_file(cache_dir, _digest(examples, settings, embedder))
    assert cache is not None
    cached = cache.is_file()
    _vectors(examples, embedder, cache, show_progress=True)
    return len(examples), not cached


def _digest(examples: list[ScopeExample], settings: ClassifierSettings, embedder: Embedder) -> str:
    texts = [f"{example.label}\t{example.text}" for example in examples]
    return hashlib.sha256(
        "\0".join([embedder.identity, *texts]).encode() + b"\0" + settings.model_dump_json().encode()
    ).hexdigest()[:24]


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
            partial = cache.with_suffix(".partial.npy")
            np.save(partial, vectors, allow_pickle=False)
            partial.replace(cache)
        except OSError as exc:
            logger.warning("could not keep the scope example vectors in %s: %s", cache, exc)
    return vectors
