"""Dependencies point one way: evaluation/ → app/ → indexer/ (STYLE rule 2)."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO_ROOT


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((REPO_ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(REPO_ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("indexer", {"app", "evaluation", "fastapi", "starlette", "sqlalchemy", "alembic"}),
        ("app", {"evaluation", "tests"}),
    ],
)
def test_lower_layers_do_not_import_upper_ones(package: str, forbidden: set[str]) -> None:
    offenders = {
        path: names & forbidden for path, names in imported_modules(package).items() if names & forbidden
    }
    assert offenders == {}


def test_indexer_reads_no_settings() -> None:
    for path in (REPO_ROOT / "indexer").rglob("*.py"):
        assert "PA_" not in path.read_text("utf-8"), path
