"""Export the transformer of a sentence-transformers model folder to `onnx/model.onnx`, once, at install.

Why: importing torch and transformers takes about 7 s on this machine and a query embeds in about 25 ms
through them; ONNX Runtime loads in under a second and embeds the same query in about 11 ms, with
vectors equal to the sentence-transformers ones to 1e-6 (README, Retrieval). The export is checked
against the torch model before it is kept.

    python -m indexer.embedding_export models/m3e-small
"""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path
from typing import Any

from indexer.embedding import ONNX_FILE, EmbeddingModelError, OnnxEmbedder

logger = logging.getLogger(__name__)

# Texts the export is checked on: short, long enough to truncate, mixed scripts, and a batch with padding.
_CHECK_TEXTS = ["算力券", "首次开展数据跨境流动业务的单位，给予最高奖励。" * 40, "GPU 租赁 and LLM 训练"]
_TOLERANCE = 1e-4


def export_onnx(folder: Path) -> Path:
    """Write `folder/onnx/model.onnx` from the folder's transformer weights and return its path."""
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    target = folder / ONNX_FILE
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    transformer: Any = model[0].auto_model  # a transformers PreTrainedModel; untyped here
    transformer.eval()
    # Two rows of different length: the exporter must not take batch or length for constants.
    sample = model.tokenizer(["数据", "数据要素流通交易"], padding=True, return_tensors="pt")
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]

    class _Encoder(torch.nn.Module):
        """Positional inputs in `names` order → last hidden state (what pooling reads)."""

        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            hidden: torch.Tensor = self.transformer(**dict(zip(names, inputs, strict=True))).last_hidden_state
            return hidden

    partial = target.with_suffix(".partial")
    partial.parent.mkdir(parents=True, exist_ok=True)
    # Any batch size, any length up to what the tokenizer is set to truncate at.
    batch, tokens = torch.export.Dim("batch"), torch.export.Dim("tokens", max=model.max_seq_length or 512)
    # Checked before it takes the name the loader looks for: a failed or cut-short export is never used.
    try:
        with torch.inference_mode():
            torch.onnx.export(
                _Encoder().eval(),
                tuple(sample[name] for name in names),
                str(partial),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_shapes=(tuple({0: batch, 1: tokens} for _ in names),),
                dynamo=True,
                # One self-contained file (the weights are far under ONNX's 2 GB limit for inline data).
                external_data=False,
                verbose=False,
            )
        exported = OnnxEmbedder.load(folder, model_file=partial)
        expected = model.encode(
            _CHECK_TEXTS, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        difference = float(np.abs(np.asarray(exported.embed_documents(_CHECK_TEXTS)) - expected).max())
        if difference > _TOLERANCE:
            raise EmbeddingModelError(f"ONNX export of {folder} differs from the model by {difference:.2e}")
    except BaseException:
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink(missing_ok=True)
        raise
    partial.replace(target)
    logger.info("exported %s (largest difference from torch %.1e)", target, difference)
    return target


def main(argv: list[str]) -> int:
    # The exporter's own INFO lines (one per merged initialiser) say nothing to whoever runs make install.
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logger.setLevel(logging.INFO)
    logging.getLogger("indexer.embedding").setLevel(logging.INFO)
    # Notes about optional torchvision operators, which a text model never uses.
    logging.getLogger("torch.onnx._internal.exporter._registration").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message=".*axis name.*will not be used", category=UserWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)  # torch internals, checked by the diff
    if len(argv) != 1:
        print("usage: python -m indexer.embedding_export MODEL_FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    if (folder / ONNX_FILE).is_file():
        logger.info("%s already exported", folder / ONNX_FILE)
        return 0
    export_onnx(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
