"""Training the scope classifier at start: read the examples, embed them (cached), fit.

The examples are embedded once per model and example set: the vectors are kept in the data dir
(`scope/<digest>.npy`, keyed by the model and the texts; a cache: deleting it costs one re-embedding of
about eight seconds). The fitted classifier is kept beside them as plain arrays (`scope/<key>.model.npz`,
keyed by the vectors, labels, settings and scikit-learn version; fitting costs about 1.5 s of start-up)
and in the process, so the many apps a test run or the CLI builds train once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import sklearn
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from app.chat.scope import ScopeFileError
from app.chat.scope_model import ClassifierSettings, ScopeClassifier, ScopeExample
from indexer.embedding import Embedder
from indexer.yaml_files import read_yaml

logger = logging.getLogger(__name__)

CACHE_DIR_NAME = "scope"

# How many examples a stored model must answer as it did when fitted before it is trusted.
_CHECKED_EXAMPLES = 64


@dataclass(frozen=True, slots=True)
class _Trained:
    classifier: ScopeClassifier
    check: np.ndarray  # its answers for the check examples, kept with it to vouch for a stored copy


_lock = threading.Lock()
_trained: dict[str, _Trained] = {}


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
            examples.extend(_ExampleFile.model_validate(read_yaml(path)).examples)
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
        model_file = _model_file(cache_dir, key)
        trained = _trained.get(key)
        fitted = False
        if trained is None:
            vectors = _vectors(examples, embedder, _cache_file(cache_dir, digest), show_progress=False)
            rows = _check_rows(len(examples))
            check_texts, check_vectors = [examples[i].text for i in rows], vectors[rows]
            classifier = _restored(model_file, settings, check_texts, check_vectors)
            if classifier is None:
                classifier = ScopeClassifier(examples, vectors, settings)
                fitted = True
                logger.info("scope classifier trained on %d examples", len(examples))
            trained = _Trained(classifier, classifier.probabilities(check_texts, check_vectors))
            _trained[key] = trained
        if model_file is not None and (fitted or not model_file.is_file()):
            # Replacing a stored copy that failed its check; and when trained in this process for another
            # data dir, each dir keeps its own.
            _keep_model(model_file, trained)
        return trained.classifier


def embed_examples(
    corpus_dir: Path, settings: ClassifierSettings, embedder: Embedder, cache_dir: Path
) -> tuple[int, bool]:
    """Embed the examples and fit the classifier into the cache ahead of the first start
    (`policy-assistant index`), with a progress bar: how many there are, and whether they had to be
    embedded."""
    examples = load_examples(corpus_dir / settings.examples)
    cache = _cache_file(cache_dir, _digest(examples, embedder))
    assert cache is not None
    cached = cache.is_file()
    _vectors(examples, embedder, cache, show_progress=True)
    train_classifier(corpus_dir, settings, embedder, cache_dir)
    return len(examples), not cached


def _digest(examples: list[ScopeExample], embedder: Embedder) -> str:
    """Names the vectors: the model and the texts (not the labels or the training settings)."""
    return hashlib.sha256("\0".join([embedder.identity, *(e.text for e in examples)]).encode()).hexdigest()[
        :24
    ]


def _cache_file(cache_dir: Path | None, digest: str) -> Path | None:
    return cache_dir / f"{digest}.npy" if cache_dir is not None else None


def _model_file(cache_dir: Path | None, key: str) -> Path | None:
    """Names the trained model: the vectors, the labels, the settings and the scikit-learn that fitted it."""
    if cache_dir is None:
        return None
    name = hashlib.sha256("\0".join([key, sklearn.__version__]).encode()).hexdigest()[:24]
    return cache_dir / f"{name}.model.npz"


def _check_rows(count: int) -> np.ndarray:
    """The examples whose answers vouch for a stored model: a spread of them, the same on every load."""
    return np.unique(np.linspace(0, count - 1, num=min(count, _CHECKED_EXAMPLES), dtype=int))


def _restored(
    model_file: Path | None, settings: ClassifierSettings, check_texts: list[str], check_vectors: np.ndarray
) -> ScopeClassifier | None:
    """The stored model, when there is one and it still gives the answers it gave when it was fitted;
    else None (fit again). The check guards against a damaged file or a library that reads it otherwise."""
    if model_file is None or not model_file.is_file():
        return None
    try:
        with np.load(model_file, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        classifier = ScopeClassifier.restore(arrays, settings)
        answers = classifier.probabilities(check_texts, check_vectors)
        if answers.shape == arrays["check"].shape and np.allclose(
            answers, arrays["check"], rtol=0, atol=1e-9
        ):
            logger.info("scope classifier read from %s", model_file)
            return classifier
    except (OSError, EOFError, zipfile.BadZipFile, ValueError, KeyError, IndexError) as exc:
        logger.warning("scope classifier in %s is unusable (%s); training again", model_file, exc)
        return None
    logger.warning("scope classifier in %s answers differently; training again", model_file)
    return None


def _keep_model(model_file: Path, trained: _Trained) -> None:
    arrays = {"check": trained.check, **trained.classifier.export()}
    # numpy's stubs read any keyword as if it might be `allow_pickle`; these are all arrays.
    _write_atomically(model_file, lambda file: np.savez(file, **arrays), "model")  # type: ignore[arg-type]


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
        _write_atomically(cache, lambda file: np.save(file, vectors, allow_pickle=False), "example vectors")
    return vectors


def _write_atomically(target: Path, write: Callable[[BinaryIO], None], what: str) -> None:
    """A file of its own, then renamed: `index` and a starting service may write at once. Failing to
    keep a cache is logged, not raised: the service runs without it."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=target.suffix)
        with os.fdopen(handle, "wb") as file:
            write(file)
        Path(partial).replace(target)
    except OSError as exc:
        logger.warning("could not keep the scope %s in %s: %s", what, target, exc)
