"""spinecli's modules import one another one way: no circles, lazy imports included.

A circle (a imports b, b imports a, at the top or inside a function) means the order of imports
decides what works; dispatch tables of "module:function" strings (render/views.py, model.INDEXES)
are how a module reaches one that depends on it. Imports under `if TYPE_CHECKING:` never run and
do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import spinecli

PACKAGE = Path(spinecli.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node that runs (the bodies of `if TYPE_CHECKING:` left out)."""
    found: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, ast.If) and _type_checking_only(node):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def imports(name: str, source: str | None = None) -> set[str]:
    """The spinecli modules `name` imports (a package's submodule when `from pkg import sub`)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8") if source is None else source)
    found: set[str] = set()
    for node in _nodes(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m in MODULES and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_the_finder_sees_a_circle_through_a_lazy_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


SOURCE = """
from typing import TYPE_CHECKING
import spinecli.model
from spinecli.render import jsonout
from spinecli.render import FORMATS
if TYPE_CHECKING:
    from spinecli.quiz import Quiz
def later():
    from spinecli.match import match
"""


def test_the_reader_counts_lazy_imports_and_skips_type_checking_ones() -> None:
    assert imports("spinecli.queries", SOURCE) == {
        "spinecli.model",
        "spinecli.render.jsonout",  # a submodule
        "spinecli.render",  # a name in the package
        "spinecli.match",  # inside a function
    }


def test_no_import_circles() -> None:
    graph = {name: imports(name) for name in MODULES}
    assert cycles(graph) == [], "import circles among spinecli modules"
