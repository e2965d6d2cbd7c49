"""The house rules import-linter cannot state: no import cycles at all, no re-export paths,
a test tree that mirrors the package tree, and a map (docs/ARCHITECTURE.md) that names
every room."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ldnclinic"
SOURCE_TREES = ("ldnclinic", "tests", "benchmarks", "tools")
# Folders of tests that are not about one package: shared fixtures and builders.
TEST_HELPER_FOLDERS = {"support"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("ldnclinic", cache_dir=None)


def strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over our own modules; groups of more than one module are cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if not imported.startswith("ldnclinic"):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph.modules):
        if module.startswith("ldnclinic") and module not in index:
            visit(module)
    return groups


def test_no_module_takes_part_in_an_import_cycle(graph: grimp.ImportGraph) -> None:
    """Also imports inside functions and under TYPE_CHECKING: a cycle hidden there is still one."""
    assert strongly_connected(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("ldnclinic", "ldnclinic.a", "ldnclinic.b", "ldnclinic.c"):
        graph.add_module(name)
    graph.add_import(importer="ldnclinic.a", imported="ldnclinic.b")
    graph.add_import(importer="ldnclinic.b", imported="ldnclinic.a")
    graph.add_import(importer="ldnclinic.c", imported="ldnclinic.a")
    assert strongly_connected(graph) == [{"ldnclinic.a", "ldnclinic.b"}]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files() -> Iterator[Path]:
    for tree in SOURCE_TREES:
        yield from sorted((ROOT / tree).rglob("*.py"))
    yield ROOT / "main.py"


def defined_names(tree: ast.Module) -> set[str]:
    """Names a module defines itself (functions, classes, assignments), not ones it imported."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names


def reexport_uses() -> list[str]:
    trees = {module_name(path): ast.parse(path.read_text(encoding="utf-8")) for path in python_files()}
    defined = {name: defined_names(tree) for name, tree in trees.items()}
    uses = []
    for importer, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in trees):
                continue
            for alias in node.names:
                is_module = f"{node.module}.{alias.name}" in trees
                if not is_module and alias.name not in defined[node.module]:
                    uses.append(f"{importer}:{node.lineno} takes {alias.name} through {node.module}")
    return uses


def test_every_name_is_imported_from_the_module_that_defines_it() -> None:
    """A re-export path keeps an old layout alive; import from where the name is made."""
    assert reexport_uses() == []


def test_no_module_is_an_empty_room() -> None:
    """A module that defines nothing (only a docstring and imports) is a shim or a leftover;
    packages (__init__.py) may hold only their docstring."""
    empty = [
        str(path.relative_to(ROOT))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py")
        and not defined_names(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert empty == []


def test_the_test_tree_mirrors_the_package_tree() -> None:
    """tests/services/patients holds the tests of ldnclinic/services/patients, and so on."""
    packages = {p.parent.relative_to(PACKAGE) for p in PACKAGE.rglob("__init__.py")}
    test_folders = {p.parent.relative_to(ROOT / "tests") for p in (ROOT / "tests").rglob("test_*.py")}
    strays = sorted(
        str(folder)
        for folder in test_folders
        if folder not in packages and folder.parts[0] not in TEST_HELPER_FOLDERS
    )
    assert strays == []
    floors = ("domain", "services", "ui", "interop")
    areas = {Path(*p.parts[:2]) for p in packages if p.parts and p.parts[0] in floors and p.name != "data"}
    untested = sorted(
        str(area) for area in areas if not any(area == f or area in f.parents for f in test_folders)
    )
    assert untested == []


def test_the_architecture_map_names_every_package_and_top_module() -> None:
    """docs/ARCHITECTURE.md is the map a newcomer reads: a room missing from it is a room
    nobody finds. Each package appears as `name/`, each top-level module as `name.py`."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.relative_to(PACKAGE) for p in PACKAGE.rglob("__init__.py"))
    missing = [str(p) for p in packages if p.parts and f"{p.name}/" not in text]
    missing += [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py" and p.name not in text]
    assert missing == []
