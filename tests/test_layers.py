"""Data flows one way, core → trace → figures → page: each layer imports only what is below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "poolviz"
# poolviz/check is NumPy only too; its links.py alone imports the page's link format (poolviz/app/settings.py,
# no Streamlit), so that a link from `poolviz check` is the page's own.
CORE = [
    "pooling",
    "inputs",
    "trace",
    "lessons",
    "classroom",
    *(f"check/{p.name}" for p in sorted((PACKAGE / "check").glob("*.py")) if p.name != "links.py"),
]
# The stage's data and its offline page are pictures too; only stage/component.py mounts it in Streamlit.
FIGURES = [
    "figures",
    "export",
    "words",
    *(f"stage/{p.name}" for p in sorted((PACKAGE / "stage").glob("*.py")) if p.name != "component.py"),
]


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


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """poolviz's modules and the poolviz modules each imports (a name imported from a package counts as its module)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text())):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
            for target in targets:
                if target in modules and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def test_no_import_cycles() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for target in sorted(graph[name]):
            # a package's __init__ re-exporting its own modules is not a cycle through them
            if not target.startswith(name + "."):
                visit(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_no_view_imports_another_view() -> None:
    views = {_module(p) for p in (PACKAGE / "app" / "views").glob("*.py") if p.stem != "__init__"}
    graph = _graph()
    for view in views:
        assert not graph[view] & views, (view, graph[view] & views)


def test_one_module_writes_the_page_state() -> None:
    """Only poolviz/app/state.py touches st.session_state and st.query_params; nothing imports by string."""
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        if path != PACKAGE / "app" / "state.py":
            assert "session_state" not in source and "query_params" not in source, path
        assert "import_module" not in source, path
