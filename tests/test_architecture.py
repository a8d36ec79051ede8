"""The package's shape: the layers contract (pyproject.toml, lint-imports) orders the
subpackages; these tests cover what a layers contract cannot see — two modules of one layer
importing each other, and an import hidden inside a function to dodge a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

import tianyuan

PACKAGE = Path(tianyuan.__file__).parent


def test_no_module_of_the_package_takes_part_in_an_import_cycle():
    graph = grimp.build_graph("tianyuan")  # every import statement, inside functions too
    cycles = sorted(
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if graph.chain_exists(importer=b, imported=a)
    )
    assert not cycles, f"import cycles through: {cycles}"


def test_the_package_is_imported_at_module_level_only():
    """A `from tianyuan…` import inside a function is how cycles hide: none is left."""
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom):
                    ours = node.level or (node.module or "").split(".")[0] == "tianyuan"
                elif isinstance(node, ast.Import):
                    ours = any(a.name.split(".")[0] == "tianyuan" for a in node.names)
                else:
                    continue
                if ours:
                    hidden.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not hidden, f"imports of the package inside functions: {hidden}"


def test_the_core_knows_nothing_of_sphinx():
    graph = grimp.build_graph("tianyuan", include_external_packages=True)
    core = [m for m in graph.modules if m.split(".")[1:2] in (["text"], ["data"], ["charts"])]
    for module in core:
        for machinery in ("sphinx", "docutils", "myst_nb", "myst_parser", "nbformat"):
            if machinery not in graph.modules:
                continue  # imported by no module of the package at all
            assert not graph.chain_exists(importer=module, imported=machinery), (
                module,
                machinery,
            )
