"""Text templates under `prompts/`, loaded by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from app.errors import AppError
from indexer.yaml_files import read_yaml


class TemplateError(AppError):
    pass


def load_templates(prompts_dir: Path, name: str) -> dict[str, Any]:
    path = prompts_dir / f"{name}.yaml"
    try:
        data = read_yaml(path)
    except FileNotFoundError as exc:
        raise TemplateError(f"找不到模板文件 {path}") from exc
    except yaml.YAMLError as exc:
        raise TemplateError(f"模板文件 {path} 不是合法的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise TemplateError(f"模板文件 {path} 应为键值表")
    return data
