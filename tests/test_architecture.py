"""The package's layers hold (issue 20): no import circles, and no layer imports one above it.

Every ``import`` in ``src/claimrules`` counts, at module level or inside a function, except
those under ``if TYPE_CHECKING:`` that name only types of the same or a lower layer (they
never run). The order, lowest first, is :data:`LAYERS`; a module may import its own layer's
modules and those of lower layers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "claimrules"

LAYERS = (
    ("claimrules.errors", "claimrules.__about__", "claimrules._moved"),
    ("claimrules.model",),
    ("claimrules.law",),
    ("claimrules.rules",),
    ("claimrules.engine",),
    ("claimrules.text",),
    ("claimrules.reports",),
    ("claimrules.io",),
    ("claimrules.tools",),
    ("claimrules.testing",),
    ("claimrules.cli",),
    ("claimrules", "claimrules.__main__"),
)
"""Lowest first. ``claimrules`` itself (the curated API) sits on top."""


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _rank(module: str) -> int:
    best = -1
    found = 0
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), rank
    assert best >= 0, f"{module} is in no layer"
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, int, bool]]:
    """(imported claimrules module, line, type-checking only) for each import in ``tree``."""

    def walk(node: ast.AST, typing_only: bool) -> Iterator[tuple[str, int, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for inner in child.body:
                    yield from walk_one(inner, True)
                for inner in child.orelse:
                    yield from walk_one(inner, typing_only)
                continue
            yield from walk_one(child, typing_only)

    def walk_one(node: ast.AST, typing_only: bool) -> Iterator[tuple[str, int, bool]]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("claimrules"):
                    yield alias.name, node.lineno, typing_only
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("claimrules"):
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    known = _path_of(candidate) is not None
                    yield (candidate if known else base), node.lineno, typing_only
        else:
            yield from walk(node, typing_only)

    yield from walk(tree, False)


def _path_of(module: str) -> Path | None:
    base = SRC.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _graph() -> dict[str, list[tuple[str, int, bool]]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = list(_imports(tree, module, path.name == "__init__.py"))
    return graph


GRAPH = _graph()


def test_every_module_is_in_a_layer() -> None:
    for module in GRAPH:
        _rank(module)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_a_layer_above_its_own(module: str) -> None:
    own = _rank(module)
    above = [
        f"line {line}: {target}" + (" (TYPE_CHECKING)" if typing_only else "")
        for target, line, typing_only in GRAPH[module]
        if _rank(target) > own
    ]
    assert not above, f"{module} imports upwards: {above}"


def test_there_are_no_import_circles() -> None:
    """Among the modules of the package (the curated ``claimrules`` API excepted: it imports
    everything and nothing imports it), counting imports inside functions too."""
    edges = {
        module: {t for t, _, typing_only in targets if not typing_only and t != "claimrules"}
        for module, targets in GRAPH.items()
        if module != "claimrules"
    }
    edges = {m: {t for t in ts if t in edges and t != m} for m, ts in edges.items()}
    # a package's __init__ importing its own modules is no circle with them
    for module in list(edges):
        edges[module] = {t for t in edges[module] if not module.startswith(t + ".")}
    circles = _cycles(edges)
    assert not circles, f"import circles: {circles}"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found
