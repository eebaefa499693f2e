"""The project's YAML reader: plain data only, the same as PyYAML's safe loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer.yaml_files import read_yaml
from tests.conftest import REPO_ROOT


def test_every_data_file_reads_as_the_safe_loader_reads_it() -> None:
    paths = sorted((REPO_ROOT / "corpus").rglob("*.yaml")) + sorted((REPO_ROOT / "prompts").rglob("*.yaml"))
    assert len(paths) > 10
    for path in paths:
        assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path


def test_a_python_object_tag_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        read_yaml(path)
