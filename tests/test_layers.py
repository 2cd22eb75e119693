"""The layers hold: a lower layer never imports a higher one.

    domain/        pure logic                       imports nothing of ours but domain
    data_sources/  catalog, loaders, warehouse      no Streamlit, no queries, no UI, no HTTP
    queries/       named SQL, fences, serving       no Streamlit, no UI, no HTTP
    indicators/    indicator declarations           no Streamlit, no UI, no HTTP
    api/           HTTP routes                      no Streamlit, no UI
    dashboard/     the Streamlit layer              no DuckDB (it goes through queries)
    views/         one module per page              no DuckDB, no HTTP routes, no loaders' internals

Read from the source with `ast`, so a lazy import inside a function counts as much as one
at the top of a module: a layer breach is a breach wherever it hides.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package → top-level modules it must never import (directly or lazily)
FORBIDDEN: dict[str, set[str]] = {
    "domain": {"streamlit", "duckdb", "dashboard", "views", "api", "data_sources", "queries", "indicators"},
    "data_sources": {"streamlit", "dashboard", "views", "api", "queries", "indicators"},
    "queries": {"streamlit", "dashboard", "views", "api", "indicators"},
    "indicators": {"streamlit", "dashboard", "views", "api"},
    "api": {"streamlit", "dashboard", "views"},
    "dashboard": {"duckdb", "api"},
    "views": {"duckdb", "api", "data_sources.warehouse", "data_sources.console"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            # `from .. import x` inside a package climbs to the project root: resolve it
            package = path.relative_to(ROOT).parent.parts
            base = package[: len(package) - (node.level - 1)]
            module = ".".join([*base, node.module] if node.module else base)
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _breaches(package: str, forbidden: set[str]) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for lineno, name in _imports(path):
            if any(name == bad or name.startswith(bad + ".") for bad in forbidden):
                out.append(f"{path.relative_to(ROOT)}:{lineno} imports {name}")
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(package):
    if not (ROOT / package).is_dir():
        pytest.skip(f"{package}/ does not exist")
    assert _breaches(package, FORBIDDEN[package]) == []


def test_the_check_sees_a_breach(tmp_path, monkeypatch):
    """A planted breach (a lazy Streamlit import in a loader) is reported."""
    fake = tmp_path / "data_sources"
    fake.mkdir()
    (fake / "bad.py").write_text("def f():\n    import streamlit as st\n    from ..queries import run\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _breaches("data_sources", FORBIDDEN["data_sources"]) == [
        "data_sources/bad.py:2 imports streamlit",
        "data_sources/bad.py:3 imports queries",
        "data_sources/bad.py:3 imports queries.run",
    ]
