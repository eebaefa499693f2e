"""Reading the chat's YAML rule files under `corpus/`: validated, with a one-line Chinese error."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from app.errors import AppError
from indexer.yaml_files import read_yaml

M = TypeVar("M", bound=BaseModel)


def load_rule_file(path: Path, model: type[M], error: type[AppError], what: str) -> M:
    """`path` parsed and validated as `model`; `error` naming `what` when it is missing or malformed."""
    try:
        return model.model_validate(read_yaml(path))
    except FileNotFoundError as exc:
        raise error(f"找不到{what}文件 {path}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise error(f"{what}文件 {path} 格式错误：{exc}") from exc
