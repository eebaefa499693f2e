"""Sentence embeddings from a local sentence-transformers model folder (or a hub id where one is reachable).

A folder that `make install` exported to ONNX (`onnx/model.onnx`, see indexer.embedding_export) runs on
ONNX Runtime with the folder's own fast tokenizer and pooling settings: the same vectors as
sentence-transformers, without the seconds of importing torch. Anything else — a hub id, a folder
without the export, a pipeline with more than transformer + pooling — loads with sentence-transformers.
The model is loaded once per process; vectors are L2-normalised so cosine similarity is a dot product,
as m3e and bge recommend for retrieval.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from indexer.errors import IndexerError

logger = logging.getLogger(__name__)

DOCUMENT_BATCH_SIZE = 32
ONNX_FILE = Path("onnx") / "model.onnx"
_TRANSFORMER_MODULE = "sentence_transformers.models.Transformer"
_POOLING_MODULE = "sentence_transformers.models.Pooling"
_NORMALIZE_MODULE = "sentence_transformers.models.Normalize"


class EmbeddingModelError(IndexerError):
    """The embedding model cannot be loaded."""


class Embedder(Protocol):
    """What retrieval needs from an embedding model."""

    @property
    def identity(self) -> str:
        """A short ASCII name that changes when the model does: vectors of two models never mix."""
        ...

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: Sequence[str], show_progress: bool = False) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def model_identity(reference: str, dimension: int) -> str:
    """`<name>-<dim>-<hash>`: readable, valid as a Chroma collection name, unique per model reference."""
    name = re.sub(r"[^a-z0-9]+", "-", Path(reference.rstrip("/")).name.lower()).strip("-") or "model"
    digest = hashlib.sha256(reference.encode()).hexdigest()[:8]
    return f"{name[:40]}-{dimension}-{digest}"


class SentenceTransformerEmbedder:
    def __init__(self, model: Any, reference: str) -> None:
        self._model = model
        dimension = model.get_embedding_dimension() if hasattr(model, "get_embedding_dimension") else None
        self._dimension = int(dimension or model.get_sentence_embedding_dimension())
        self._identity = model_identity(reference, self._dimension)

    @classmethod
    def load(cls, reference: str, base_dir: Path | None = None) -> SentenceTransformerEmbedder:
        """Load `reference`: a folder (absolute, or relative to `base_dir`) or a hub id.

        With HF_HUB_OFFLINE=1 (the default everywhere but a deployment that opts in) a hub id that is not
        already cached fails with a message naming the setting, instead of trying the network.
        """
        path = Path(reference)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        local = path.is_dir()
        if not local and (reference.startswith((".", "/")) or path.suffix or reference.count("/") != 1):
            raise EmbeddingModelError(
                f"找不到嵌入模型目录 {path}；请先运行 make install 解压 m3e-small，"
                "或把嵌入模型设置改为已有的模型目录或模型库 ID"
            )
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # A per-tensor progress bar on every start says nothing an operator needs.
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # untyped upstream

        target = str(path) if local else reference
        try:
            model = SentenceTransformer(target, device="cpu", local_files_only=local or _offline())
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(f"无法加载嵌入模型 {target}：{exc}") from exc
        logger.info("embedding model %s loaded (%s)", target, "local folder" if local else "hub id")
        return cls(model, _folder_fingerprint(path) if local else reference)

    @property
    def identity(self) -> str:
        return self._identity

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_documents(self, texts: Sequence[str], show_progress: bool = False) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            list(texts),
            batch_size=DOCUMENT_BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return [list(map(float, vector)) for vector in vectors]

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(
            [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )[0]
        return list(map(float, vector))


Pooling = Literal["mean", "cls"]


class OnnxEmbedder:
    """A sentence-transformers folder (transformer + mean or CLS pooling) run by ONNX Runtime."""

    def __init__(self, session: Any, tokenizer: Any, pooling: Pooling, reference: str) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._pooling = pooling
        self._inputs = [i.name for i in session.get_inputs()]
        self._dimension = int(session.get_outputs()[0].shape[-1])
        self._identity = model_identity(reference, self._dimension)

    @staticmethod
    def pooling_of(folder: Path) -> Pooling | None:
        """The folder's pooling when its pipeline is one this class runs exactly, else None."""
        try:
            modules = json.loads((folder / "modules.json").read_text("utf-8"))
            kinds = [str(module["type"]) for module in modules]
            pooling_dir = next(m["path"] for m in modules if m["type"] == _POOLING_MODULE)
            config = json.loads((folder / pooling_dir / "config.json").read_text("utf-8"))
        except (OSError, ValueError, KeyError, TypeError, StopIteration):
            return None
        if kinds[:2] != [_TRANSFORMER_MODULE, _POOLING_MODULE] or any(
            kind != _NORMALIZE_MODULE for kind in kinds[2:]
        ):
            return None  # a Dense or other layer after pooling: leave it to sentence-transformers
        modes = {key for key, value in config.items() if key.startswith("pooling_mode_") and value}
        if modes == {"pooling_mode_mean_tokens"}:
            return "mean"
        if modes == {"pooling_mode_cls_token"}:
            return "cls"
        return None

    @classmethod
    def can_load(cls, folder: Path) -> bool:
        return (
            (folder / ONNX_FILE).is_file()
            and (folder / "tokenizer.json").is_file()
            and cls.pooling_of(folder) is not None
        )

    @classmethod
    def load(cls, folder: Path, model_file: Path | None = None) -> OnnxEmbedder:
        import onnxruntime
        from tokenizers import Tokenizer

        pooling = cls.pooling_of(folder)
        if pooling is None:
            raise EmbeddingModelError(f"{folder} 的池化方式不受支持（只支持 mean 或 CLS）")
        try:
            settings = json.loads((folder / "sentence_bert_config.json").read_text("utf-8"))
            max_length = int(settings.get("max_seq_length") or 512)
        except (OSError, ValueError):
            max_length = 512
        try:
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3  # warnings about unused initialisers say nothing to operators
            session = onnxruntime.InferenceSession(
                str(model_file or folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own untyped errors
            raise EmbeddingModelError(f"无法加载嵌入模型 {folder}：{exc}") from exc
        tokenizer.enable_truncation(max_length)
        if tokenizer.padding is None:
            # Pad with the model's own pad token; the attention mask keeps it out of the vector either way.
            pad_token = _pad_token(folder)
            tokenizer.enable_padding(pad_id=tokenizer.token_to_id(pad_token) or 0, pad_token=pad_token)
        logger.info("embedding model %s loaded (ONNX Runtime, %s pooling)", folder, pooling)
        return cls(session, tokenizer, pooling, _folder_fingerprint(folder))

    @property
    def identity(self) -> str:
        return self._identity

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_documents(self, texts: Sequence[str], show_progress: bool = False) -> list[list[float]]:
        from tqdm import tqdm

        # Batches of similar length pad less: a clause of 300 tokens beside a sentence of 20 costs 15x.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        batches = range(0, len(order), DOCUMENT_BATCH_SIZE)
        for start in tqdm(batches, desc="嵌入", unit="批", disable=not show_progress):
            indices = order[start : start + DOCUMENT_BATCH_SIZE]
            for index, vector in zip(indices, self._embed([texts[i] for i in indices]).tolist(), strict=True):
                vectors[index] = vector
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self._embed([text])[0]]

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (hidden,) = self._session.run(None, {name: feeds[name] for name in self._inputs})
        if self._pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = feeds["attention_mask"][..., None].astype(hidden.dtype)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


def _pad_token(folder: Path) -> str:
    try:
        config = json.loads((folder / "tokenizer_config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "[PAD]"
    token = config.get("pad_token")
    if isinstance(token, dict):  # the AddedToken form
        token = token.get("content")
    return token if isinstance(token, str) and token else "[PAD]"


def load_embedding_model(reference: str, base_dir: Path | None = None) -> Embedder:
    """ONNX Runtime for an exported folder, sentence-transformers for anything else (see module doc)."""
    path = Path(reference)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if path.is_dir() and OnnxEmbedder.can_load(path):
        return OnnxEmbedder.load(path)
    return SentenceTransformerEmbedder.load(reference, base_dir)


def _folder_fingerprint(path: Path) -> str:
    """The folder's name, its small config files and every file's size: stable when the folder moves.

    The ONNX export is left out: it is checked to give the same vectors as the weights it came from,
    so workers with and without it (or with exports of another size) share one collection.
    """
    digest = hashlib.sha256()
    export_dir = ONNX_FILE.parent.as_posix() + "/"
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        if file.relative_to(path).as_posix().startswith(export_dir):
            continue
        relative = file.relative_to(path).as_posix()
        digest.update(f"{relative}:{file.stat().st_size}\n".encode())
        if file.suffix == ".json" and file.stat().st_size < 1_000_000:
            digest.update(file.read_bytes())
    return f"{path.name}@{digest.hexdigest()}"


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}
