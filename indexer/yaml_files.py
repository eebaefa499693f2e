"""Reading the project's YAML data files with libyaml's parser when PyYAML was built with it.

The rules, word lists and classifier examples are read at every start; the pure-Python parser takes
about 0.7 s over them, libyaml's about 0.06 s. Both build the same plain data (safe types only).
"""

from __future__ import annotations

from pathlib import Path

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> object:
    """The file's data. Raises OSError, UnicodeDecodeError or yaml.YAMLError as reading it would."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
