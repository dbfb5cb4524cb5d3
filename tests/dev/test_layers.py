"""The layers of src/jihadistds hold: no import climbs a layer, no cycles, laziness only for heavy imports.

The layers, lowest first (CONTRIBUTING.md draws the same picture):

0. ``errors``, ``_version``, ``_generated.tables``: what everything may use
1. ``read``: where the package is, its descriptor and keys, the one strict CSV reader
2. ``check``: problems, reports, the rule registry and the rules
3. ``validation``: the one validation path, down the layers below
4. ``loaders``: DataFrames and pydantic records
5. ``package``, ``version``, ``models``: the public API over one copy of the package
6. ``export``: the writers
7. ``cli`` and the package's ``__init__``: the front doors
"""

from __future__ import annotations

import ast
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src"
LAYERS: list[list[str]] = [
    [
        "jihadistds.errors",
        "jihadistds._version",
        "jihadistds._generated.tables",
        "jihadistds._generated",
    ],
    ["jihadistds.read"],
    ["jihadistds.check"],
    ["jihadistds.validation"],
    ["jihadistds.loaders", "jihadistds._generated.models"],
    [
        "jihadistds.package",
        "jihadistds.version",
        "jihadistds.models",
        "jihadistds.citation",
        "jihadistds.diff",
    ],
    ["jihadistds.export", "jihadistds.site"],
    ["jihadistds.cli", "jihadistds.__main__", "jihadistds"],
]
# Imported only inside the functions that need them, so that `import jihadistds` stays light.
HEAVY = (
    "numpy",
    "pyarrow",
    "pandas",
    "pydantic",
    "frictionless",
    "yaml",  # only for `jihadistds cite`
    "polars",  # an optional extra, only for load(backend="polars")
    "markdown_it",  # only for the site's changelog
    "importlib.resources",  # only for an install not on a plain file system
)
# Modules of ours that import a heavy package at their top, and so are themselves heavy.
HEAVY_OWN = {
    "jihadistds._generated.models",
    "jihadistds.loaders.record",
    "jihadistds.models",
}
OPTIONAL = {"jihadistds._version"}  # written at build time; a plain checkout may not have it
# The front doors import the layers below when first used, so that `import jihadistds` and
# `jihadistds --help` stay within bench/RESULTS.md's start-up target (importing every layer
# at once costs about 50 ms, most of the budget). Everything below them imports at the top.
FRONT_DOORS = {
    "jihadistds",
    "jihadistds.cli",
    "jihadistds.cli.commands",
    "jihadistds.cli.publishing",
    "jihadistds.cli.options",
}


@dataclass(frozen=True)
class Import:
    module: str  # who imports
    target: str  # what, as a full module name
    line: int
    top: bool  # at module level (not inside a function)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int:
    best, found = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    assert found >= 0, f"{module} is in no layer: add it to LAYERS and CONTRIBUTING.md"
    return found


def _own_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / "jihadistds").rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return  # never runs
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            top = False
        if isinstance(node, ast.Import):
            found.extend(Import(name, alias.name, node.lineno, top) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append(
                    Import(name, candidate if candidate in known else base, node.lineno, top)
                )
        for child in ast.iter_child_nodes(node):
            visit(child, top)

    visit(tree, True)
    return found


MODULES = _own_modules()
IMPORTS = [i for name, path in MODULES.items() for i in _imports(name, path, set(MODULES))]
OWN = [i for i in IMPORTS if i.target.split(".")[0] == "jihadistds"]


# A module does one job: past this many lines it is doing two (issue #20).
MAX_MODULE_LINES = 450


def test_no_hand_written_module_is_over_its_size() -> None:
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in MODULES.items()
        if not name.startswith("jihadistds._generated")
    }
    assert max(sizes.values()) > 100  # the modules were found and counted
    assert {n: s for n, s in sizes.items() if s > MAX_MODULE_LINES} == {}


def test_every_module_is_in_a_layer() -> None:
    for name in MODULES:
        layer(name)


def test_no_module_imports_a_higher_layer() -> None:
    climbing = [
        f"{i.module}:{i.line} imports {i.target}" for i in OWN if layer(i.target) > layer(i.module)
    ]
    assert climbing == []


def test_there_are_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for i in OWN:
        if i.target != i.module:
            graph.setdefault(i.module, set()).add(i.target)
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(
                    " -> ".join([*path[path.index(nxt) :], nxt])
                    if nxt in path
                    else f"{node} -> {nxt}"
                )
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    assert cycles == []


def _heavy(target: str) -> bool:
    return target.split(".")[0] in HEAVY or target in HEAVY or target in HEAVY_OWN


def test_laziness_is_only_for_heavy_imports() -> None:
    """Inside a function, import only what is heavy; everything cheap is imported at the top."""
    lazy = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in IMPORTS
        if not i.top
        and not _heavy(i.target)
        and i.target not in OPTIONAL
        and not (i.module in FRONT_DOORS and i.target.startswith("jihadistds."))
    ]
    assert lazy == []


def test_heavy_imports_are_never_at_the_top_of_a_light_module() -> None:
    eager = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in IMPORTS
        if i.top and _heavy(i.target) and i.module not in HEAVY_OWN
    ]
    assert eager == []


def test_the_checker_catches_a_climbing_import(tmp_path: Path) -> None:
    """The checks above are not vacuous: a read module importing check, lazily, is found."""
    fake = tmp_path / "jihadistds" / "read"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text(
        "def f():\n    from ..check.report import Report\n", encoding="utf-8"
    )
    path = fake / "bad.py"
    found = _imports("jihadistds.read.bad", path, {"jihadistds.check.report"})
    assert found == [Import("jihadistds.read.bad", "jihadistds.check.report", 2, False)]
    assert layer(found[0].target) > layer(found[0].module) and not _heavy(found[0].target)


def test_validation_calls_go_down_the_layers(tmp_path: Path) -> None:
    """A traced `validate` never calls into a higher layer, except into closures its caller handed down."""
    from jihadistds.validation import validate

    from conftest import copy_package

    pkg = copy_package(tmp_path)
    edges: set[tuple[str, str, str]] = set()

    def profile(frame: object, event: str, _arg: object) -> None:
        if event != "call":
            return
        callee = frame.f_globals.get("__name__", "")  # type: ignore[attr-defined]
        caller_frame = frame.f_back  # type: ignore[attr-defined]
        caller = caller_frame.f_globals.get("__name__", "") if caller_frame is not None else ""
        if callee.startswith("jihadistds") and caller.startswith("jihadistds") and callee != caller:
            edges.add((caller, callee, frame.f_code.co_qualname))  # type: ignore[attr-defined]

    threading.setprofile(profile)
    sys.setprofile(profile)
    try:
        assert validate(pkg).valid
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]
    assert len(edges) > 20, "the trace saw too little to mean anything"
    # A closure (a lambda, or a function defined inside another) is the caller's own code, run
    # by a lower module that was handed it (Table.cached computes what its caller asks).
    climbing = sorted(
        f"{a} -> {b}.{q}"
        for a, b, q in edges
        if layer(b) > layer(a) and "<locals>" not in q and "<lambda>" not in q
    )
    assert climbing == []


@pytest.mark.parametrize("prefixes", LAYERS, ids=[p[0] for p in LAYERS])
def test_every_layer_has_modules(prefixes: list[str]) -> None:
    assert any(any(m == p or m.startswith(p + ".") for p in prefixes) for m in MODULES), prefixes
