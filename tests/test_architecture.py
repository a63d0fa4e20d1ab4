"""The package's layers, as a Sphinx maintainer reading the tree expects them.

* the core imports neither Sphinx nor docutils, and is importable without;
* no import cycle, counting imports made inside functions;
* no module over 500 lines;
* every event priority is a named constant of ``sphinxext/priorities.py``;
* each layer imports only the layers above it;
* no module-level mutable state: per-build state lives in the build's
  ``KeikakuState`` (``sphinxext/state.py``);
* no test module imports another: shared helpers live in ``tests/helpers``
  or ``conftest.py``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "sphinxcontrib_keikaku"
NAME = "sphinxcontrib_keikaku"

#: A layer may import from the layers before it in this list, and from itself.
LAYERS = ("core", "data", "sphinxext", "output")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of *tree* that runs: all but ``if TYPE_CHECKING:`` blocks,
    which only the type checker reads."""
    found: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        found.append(node)
        for child in ast.iter_child_nodes(node):
            if (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            ):
                todo.extend(child.orelse)
                continue
            todo.append(child)
    return found


def _imports(path: Path) -> set[str]:
    """Every keikaku module *path* imports when it runs, at any depth of its
    code (imports inside functions count)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found.update(n for n in names if n in MODULES)
    return found - {_module_name(path)}


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else None


def test_no_import_cycle() -> None:
    # the package itself only holds setup(), which imports lazily
    graph = {m: {t for t in ts if t != NAME} for m, ts in GRAPH.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_short(module: str) -> None:
    # issue 28, rule 8: modules are split by concept, with a soft cap of about
    # 600 lines; a concept is not split to stay under a number (a hard
    # 500-line cap made 39-line modules of half a concept)
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{module} has {lines} lines: split it by concept"


def test_layers_import_only_the_layers_above() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        mine = _layer(module)
        if mine is None:
            continue
        allowed = set(LAYERS[: LAYERS.index(mine) + 1])
        wrong += [
            (module, target)
            for target in sorted(targets)
            if (layer := _layer(target)) is not None and layer not in allowed
        ]
    assert wrong == []


def test_core_imports_no_sphinx() -> None:
    offenders = []
    for name, path in MODULES.items():
        if _layer(name) not in ("core", "data"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots = [node.module.split(".")[0]]
            else:
                continue
            offenders += [
                (name, r)
                for r in roots
                if r in ("sphinx", "docutils", "sphinx_needs", "myst_parser")
            ]
    assert offenders == []


def test_core_is_importable_without_sphinx() -> None:
    """Import every core and data module in a process where Sphinx cannot be
    imported at all."""
    modules = [m for m in MODULES if _layer(m) in ("core", "data")]
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('sphinx', 'docutils', 'sphinx_needs'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n" + "".join(f"import {m}\n" for m in modules)
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)


#: The one module that holds the event handlers' priorities.
PRIORITIES = f"{NAME}.sphinxext.priorities"


def _numeric_priorities(tree: ast.AST) -> list[int]:
    """The lines of *tree* that give an event handler's priority with a
    number: a ``priority=`` argument, or ``connect``'s third positional
    argument, holding a numeric literal anywhere in its expression."""

    def numeric(node: ast.AST) -> bool:
        return any(
            isinstance(n, ast.Constant)
            and isinstance(n.value, int | float)
            and not isinstance(n.value, bool)
            for n in ast.walk(node)
        )

    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        given = [k.value for k in node.keywords if k.arg == "priority"]
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "connect"
            and len(node.args) > 2
        ):
            given.append(node.args[2])
        lines += [node.lineno for value in given if numeric(value)]
    return sorted(lines)


def test_event_priorities_are_named_in_one_module() -> None:
    """Every priority is a constant of ``sphinxext/priorities.py``, where its
    reason is written; a number in a ``connect`` call hides the order."""
    assert PRIORITIES in MODULES
    offenders = [
        (name, line)
        for name, path in MODULES.items()
        if name != PRIORITIES
        for line in _numeric_priorities(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_priority_check_sees_numbers() -> None:
    """The check above finds what it looks for (it passes on no tree)."""
    code = (
        'app.connect("env-updated", f, priority=600)\n'
        'app.connect("env-updated", f, 400 + 1)\n'
        'app.connect("env-updated", f, priority=priorities.AFTER_PLAN_BUILT)\n'
        'app.connect("env-updated", f)\n'
    )
    assert _numeric_priorities(ast.parse(code)) == [1, 2]


# --- no module-level mutable state ----------------------------------------------

#: Calls that make a mutable container or a weak map.
MUTABLE_CALLS = frozenset(
    {
        "dict",
        "list",
        "set",
        "bytearray",
        "defaultdict",
        "OrderedDict",
        "Counter",
        "ChainMap",
        "deque",
        "WeakKeyDictionary",
        "WeakValueDictionary",
        "WeakSet",
    }
)

#: The module-level mutable values that stay, each with its reason. None is
#: per-build state: that lives in ``sphinxext/state.py``'s ``KeikakuState``.
MUTABLE_ALLOWED = {
    # the translator the Sphinx glue lends the Sphinx-free core: process-wide,
    # like sphinx.locale's own translators, and the core has no environment
    (f"{NAME}.core.i18n", "_translate"): "the core's translator",
    # one matplotlib Figure per chart kind and size, drawn again for every
    # chart: a per-process reuse in the chart workers, which have no
    # environment, not state of a build
    (f"{NAME}.output.charts.draw", "_FIGURES"): "figures reused per process",
}


def _mutable(value: ast.expr) -> bool:
    if isinstance(
        value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp
    ):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in MUTABLE_CALLS
    return False


def _module_state(tree: ast.Module) -> list[tuple[str, int]]:
    """The names *tree* binds at module level to a mutable container or a
    weak map (``__all__`` aside: a list by convention, read by tools), and
    every ``global`` statement (a function rebinding a module's name)."""
    found: list[tuple[str, int]] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        names = [ast.unparse(t) for t in targets]
        if _mutable(value) and names != ["__all__"]:
            found += [(name, node.lineno) for name in names]
    found += [
        (f"global {', '.join(node.names)}", node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Global)
    ]
    return found


def test_no_module_level_mutable_state() -> None:
    """Per-build state lives in the build's ``KeikakuState``
    (``sphinxext/state.py``), not in a module: constants are frozen (tuples,
    frozensets, ``MappingProxyType``)."""
    offenders = [
        (module, name, line)
        for module, path in MODULES.items()
        for name, line in _module_state(ast.parse(path.read_text(encoding="utf-8")))
        if (module, name) not in MUTABLE_ALLOWED
    ]
    assert offenders == []
    stale = [
        key
        for key in MUTABLE_ALLOWED
        if key[1]
        not in {
            name
            for name, _line in _module_state(
                ast.parse(MODULES[key[0]].read_text(encoding="utf-8"))
            )
        }
    ]
    assert stale == [], "allowed but no longer there: remove from MUTABLE_ALLOWED"


def test_the_state_check_sees_mutable_values() -> None:
    """The check above finds what it looks for (it passes on no tree)."""
    code = (
        "__all__ = ['a']\n"
        "A = {}\n"
        "B: dict[str, int] = {'x': 1}\n"
        "C = weakref.WeakKeyDictionary()\n"
        "D = [n for n in range(3)]\n"
        "E = MappingProxyType({'x': 1})\n"
        "F = frozenset({1})\n"
        "G = (1, 2)\n"
        "H = re.compile('x')\n"
        "def f():\n"
        "    global G\n"
    )
    assert _module_state(ast.parse(code)) == [
        ("A", 2),
        ("B", 3),
        ("C", 4),
        ("D", 5),
        ("global G", 11),
    ]


# --- tests import no other test module -------------------------------------------

TESTS = Path(__file__).parent


def _test_module_imports(path: Path) -> list[tuple[str, int]]:
    """The imports in *path* of another test module (``test_*``, by any
    name): shared helpers live in ``tests/helpers`` or ``conftest.py``."""
    modules = {p.stem for p in TESTS.glob("test_*.py")}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        else:
            continue
        found += [
            (name, node.lineno)
            for name in names
            if name.removeprefix("tests.").split(".")[0] in modules
        ]
    return found


def test_tests_import_no_other_test_module() -> None:
    offenders = [
        (path.name, name, line)
        for path in sorted(TESTS.rglob("*.py"))
        if "roots" not in path.relative_to(TESTS).parts
        for name, line in _test_module_imports(path)
    ]
    assert offenders == []
