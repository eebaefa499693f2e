from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from indexer import ManifestError
from indexer.manifest import load_manifest
from tests.conftest import BUNDLED_DOC_ID, REPO_ROOT


def test_bundled_manifest_names_the_policy_with_its_checksum() -> None:
    (entry,) = load_manifest(REPO_ROOT / "corpus")
    assert entry.doc_id == BUNDLED_DOC_ID
    assert entry.source == "xicheng-data-industry-measures-draft.txt"
    assert entry.title == "北京市西城区促进数据产业高质量发展的若干措施（试行）（征求意见稿）"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", target)
    return target


def edit_manifest(corpus: Path, change) -> None:
    path = corpus / "manifest.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def test_an_edited_policy_without_a_new_checksum_is_refused(corpus: Path) -> None:
    policy = corpus / "xicheng-data-industry-measures-draft.txt"
    policy.write_text(policy.read_text("utf-8") + "\n", "utf-8")
    with pytest.raises(ManifestError, match="sha256"):
        load_manifest(corpus)


def test_a_listed_file_that_is_missing_is_refused(corpus: Path) -> None:
    (corpus / "xicheng-data-industry-measures-draft.txt").unlink()
    with pytest.raises(ManifestError, match="不存在"):
        load_manifest(corpus)


def test_duplicate_doc_ids_are_refused(corpus: Path) -> None:
    edit_manifest(corpus, lambda d: d["documents"].append(dict(d["documents"][0])))
    with pytest.raises(ManifestError, match="重复"):
        load_manifest(corpus)


def test_a_doc_id_that_cannot_travel_in_urls_is_refused(corpus: Path) -> None:
    edit_manifest(corpus, lambda d: d["documents"][0].update(doc_id="西城 政策"))
    with pytest.raises(ManifestError, match="格式错误"):
        load_manifest(corpus)
