"""Data flows one way, core → trace → figures → page: each layer imports only what is below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "poolviz"
CORE = ["pooling", "inputs", "trace", "lessons"]
FIGURES = ["figures", "export", "words"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files(parts: list[str]) -> list[Path]:
    return [p for part in parts for p in ([PACKAGE / part] if part.endswith(".py") else (PACKAGE / part).rglob("*.py"))]


@pytest.mark.parametrize("path", _files(CORE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_knows_nothing_of_pages_or_pictures(path: Path) -> None:
    forbidden = {name for name in _imports(path) if name.split(".")[0] in {"streamlit", "plotly"}}
    forbidden |= {
        name for name in _imports(path) if name.startswith(("poolviz.app", "poolviz.figures", "poolviz.export"))
    }
    assert not forbidden, forbidden


@pytest.mark.parametrize("path", _files(FIGURES), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pictures_know_nothing_of_the_page(path: Path) -> None:
    forbidden = {name for name in _imports(path) if name.split(".")[0] == "streamlit" or name.startswith("poolviz.app")}
    assert not forbidden, forbidden


def test_app_py_is_a_thin_entry() -> None:
    source = (PACKAGE.parent / "app.py").read_text()
    assert len([line for line in source.splitlines() if line.strip() and not line.startswith(("#", '"""'))]) <= 3
