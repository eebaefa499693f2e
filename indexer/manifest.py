"""The corpus manifest: which policy files are bundled, under which stable doc_id and version."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indexer.errors import ManifestError
from indexer.models import DOC_ID_PATTERN
from indexer.yaml_files import read_yaml

MANIFEST_NAME = "manifest.yaml"


class ManifestEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_id: str = Field(pattern=DOC_ID_PATTERN)
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    version: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    documents: tuple[ManifestEntry, ...]


def load_manifest(corpus_dir: Path) -> tuple[ManifestEntry, ...]:
    """Entries of `corpus_dir/manifest.yaml`, each checked against the file it names."""
    path = corpus_dir / MANIFEST_NAME
    try:
        data = read_yaml(path)
        manifest = Manifest.model_validate(data)
    except FileNotFoundError as exc:
        raise ManifestError(f"找不到语料清单 {path}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise ManifestError(f"语料清单 {path} 格式错误：{exc}") from exc

    ids = [entry.doc_id for entry in manifest.documents]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ManifestError(f"语料清单中 doc_id 重复：{', '.join(duplicates)}")
    for entry in manifest.documents:
        source = corpus_dir / entry.source
        if not source.is_file():
            raise ManifestError(f"语料清单列出的文件不存在：{source}")
        actual = hashlib.sha256(source.read_bytes()).hexdigest()
        if actual != entry.sha256:
            raise ManifestError(
                f"文件 {entry.source} 的 sha256 与语料清单不符（清单 {entry.sha256[:12]}…，实际 {actual[:12]}…）；"
                "修改政策文本后请同时更新清单中的 sha256 和 version"
            )
    return manifest.documents
